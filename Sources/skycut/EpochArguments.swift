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
    if epoch == nil && (contaminantEpoch != nil || epochColumn != nil || pmColumns != nil) {
      throw ValidationError(
        "--contaminant-epoch, --epoch-column and --pm-columns go with --epoch.")
    }
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

  /// The options, if an epoch was given.
  func options() throws -> EpochOptions? {
    guard let epoch else { return nil }
    return EpochOptions(
      objectEpoch: epoch.year, contaminantEpoch: contaminantEpoch?.year, epochColumn: epochColumn,
      properMotionColumns: try columns())
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
