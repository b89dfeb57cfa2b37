import ArgumentParser
import SkyCut

/// Moving the contaminants to the objects' epoch.
struct EpochArguments: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "The objects' epoch (a Julian year: 2024.9 or J2024.9): contaminants with proper motions "
        + "(PMRA, PMDEC in mas/yr; PARALLAX and RADIAL_VELOCITY when present) are moved to it "
        + "from their own epoch (REF_EPOCH or EPOCH) before the cut, with ERFA.",
      valueName: "year"))
  var epoch: JulianYear?

  @Option(
    help: ArgumentHelp(
      "A column of the objects with each one's own epoch (a Julian year): each object is "
        + "tested against the contaminants where they were then. --epoch, if given, is the "
        + "epoch of rows where it is null.",
      valueName: "column"))
  var objectEpochColumn: String?

  @Option(
    help: ArgumentHelp(
      "The range of --object-epoch-column's epochs (a row outside it is an error). Default: "
        + "found by a first pass over the objects.",
      valueName: "from,to"))
  var epochRange: String?

  @Option(
    help: ArgumentHelp(
      "The contaminants' epoch, when they have no epoch column (Tycho-2: 1991.25).",
      valueName: "year"))
  var contaminantEpoch: JulianYear?

  @Option(help: ArgumentHelp("The contaminants' epoch column.", valueName: "column"))
  var epochColumn: String?

  @Option(
    help: ArgumentHelp(
      "The proper-motion columns (µα cos δ, µδ; mas/yr). Default: PMRA,PMDEC.",
      valueName: "ra,dec"))
  var pmColumns: String?

  func validate() throws {
    if epoch == nil && objectEpochColumn == nil
      && (contaminantEpoch != nil || epochColumn != nil || pmColumns != nil)
    {
      throw ValidationError(
        "--contaminant-epoch, --epoch-column and --pm-columns go with --epoch or "
          + "--object-epoch-column.")
    }
    if epochRange != nil && objectEpochColumn == nil {
      throw ValidationError("--epoch-range goes with --object-epoch-column.")
    }
    _ = try range()
    if contaminantEpoch != nil && epochColumn != nil {
      throw ValidationError("Give --contaminant-epoch or --epoch-column, not both.")
    }
    _ = try columns()
  }

  private func columns() throws -> (ra: String, dec: String)? {
    guard let pmColumns else { return nil }
    let parts = pmColumns.split(separator: ",", omittingEmptySubsequences: false)
      .map { $0.trimmingCharacters(in: .whitespaces) }
    guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
      throw ValidationError("--pm-columns takes two column names: PMRA,PMDEC.")
    }
    return (parts[0], parts[1])
  }

  /// `--epoch-range`, parsed.
  private func range() throws -> ClosedRange<Double>? {
    guard let epochRange else { return nil }
    let parts = epochRange.split(separator: ",").compactMap { JulianYear(argument: String($0)) }
    guard parts.count == 2, parts[0].year <= parts[1].year else {
      throw ValidationError("--epoch-range takes two Julian years, the earlier first: 2014,2020.")
    }
    return parts[0].year...parts[1].year
  }

  /// The options, if an epoch (or an epoch column) was given.
  func options() throws -> EpochOptions? {
    guard epoch != nil || objectEpochColumn != nil else { return nil }
    var options = EpochOptions(
      objectEpoch: epoch?.year ?? .nan, contaminantEpoch: contaminantEpoch?.year,
      epochColumn: epochColumn, properMotionColumns: try columns())
    options.objectEpochColumn = objectEpochColumn
    options.objectEpochRange = try range()
    return options
  }
}

/// A Julian year on the command line: `2024.9` or `J2024.9`.
struct JulianYear: ExpressibleByArgument, Sendable {
  var year: Double

  init?(argument: String) {
    let text =
      argument.hasPrefix("J") || argument.hasPrefix("j") ? String(argument.dropFirst()) : argument
    guard let year = Double(text), year.isFinite, year > -10_000, year < 10_000 else { return nil }
    self.year = year
  }
}
