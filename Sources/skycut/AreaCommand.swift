import ArgumentParser
import Foundation
import SkyCut

/// `skycut area`: how much sky a mask takes, and its MOC.
struct AreaCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "area",
    abstract: "The area of the sky a mask takes (with guaranteed bounds), and its MOC.",
    discussion: """
      Reads the contaminant catalogues (or a --mask file) with the same options as the cut and \
      prints the area of the union of their discs and ellipses, in square degrees and as a \
      fraction of the sky, with a lower and an upper bound: caps are exact (to rounding), \
      ellipses bounded by polygons inside and around them until the bounds are within \
      --area-tolerance. With several layers (catalogues, zones), the area each adds to the \
      ones before it. --moc writes the mask as an IVOA MOC; --fraction-map a HEALPix map of \
      each pixel's unmasked fraction.

      Examples:
        skycut area bright_stars.fits --maxsep 30arcsec
        skycut area --mask bright_mask.yaml --summary json
        skycut area stars.fits --radius-expression '1630 * 1.396^(-G)' --maxsep 5arcmin \\
          --moc stars.moc.fits

      Exit status: 0 success; 64 usage error; 65 bad input data; 66 missing or unreadable \
      input; 73 output cannot be created (or exists without --overwrite); 74 other I/O error.
      """
  )

  @Argument(
    help: ArgumentHelp(
      "The contaminant catalogues (none with --mask).", valueName: "contaminants"))
  var contaminants: [String] = []

  @OptionGroup var radius: RadiusOptions
  @OptionGroup var table: TableOptions
  @OptionGroup var mask: MaskOption
  @OptionGroup var epochs: EpochArguments
  @OptionGroup var area: AreaOptions

  @Option(
    help: ArgumentHelp(
      "The contaminants' radius (or, with radius columns and expressions, its cap): degrees, "
        + "or a number with a unit deg, arcmin, arcsec, mas or rad.",
      valueName: "angle"))
  var maxsep: AngleArgument?

  @Option(help: "Threads to use. Default: all cores.")
  var jobs: Int?

  @Flag(help: "Replace the MOC and map files if they exist.")
  var overwrite = false

  @Flag(name: [.short, .long], help: "Print nothing on success.")
  var quiet = false

  @Option(
    help: ArgumentHelp(
      "Write a summary to standard output at the end, success or failure: 'json' gives one "
        + "JSON object with \"area\": {\"deg2\", \"lower_deg2\", \"upper_deg2\", "
        + "\"sky_fraction\", …}.",
      valueName: "format"))
  var summary: SummaryFormat?

  func validate() throws {
    try mask.validate(
      contaminants: contaminants, maxsep: maxsep, radius: radius, epochs: epochs, table: table)
    if contaminants.isEmpty && mask.mask == nil {
      throw ValidationError("Give at least one contaminant catalogue, or a --mask file.")
    }
    if epochs.objectEpochColumn != nil {
      throw ValidationError(
        "The area is of the mask at one epoch: give --epoch, not --object-epoch-column.")
    }
    if mask.mask == nil, maxsep == nil, radius.given == nil {
      throw ValidationError(
        "Give --maxsep, or --radius-column, --radius-expression or --ellipse-columns.")
    }
    if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1.") }
    if area.footprintBit != nil {
      throw ValidationError("--footprint-bit flags objects: it goes with the cut, not area.")
    }
    try radius.validate()
    try table.validate()
  }

  func run() throws {
    TemporaryFiles.removeOnTerminationSignals()
    do {
      let mask = try mask.load() ?? commandLineMask()
      let measurement = try MaskMeasurement.measure(
        mask, tolerance: area.areaTolerance, moc: area.mocRequest,
        fractionMap: area.fractionMapRequest, footprint: area.footprint, overwrite: overwrite,
        runner: jobs.map(ParallelRunner.init(jobs:)) ?? .allCores)
      if !quiet { FileHandle.standardError.write(Data((measurement.line + "\n").utf8)) }
      if summary == .json {
        FileHandle.standardOutput.write(
          Data(
            (MaskMeasurementReport(measurement, tolerance: area.areaTolerance).json + "\n").utf8))
      }
    } catch let error as CatalogueError {
      FileHandle.standardError.write(Data("skycut: error: \(error)\n".utf8))
      if summary == .json {
        FileHandle.standardOutput.write(
          Data((MaskMeasurementReport(error: error).json + "\n").utf8))
      }
      throw ExitCode(error.category.rawValue)
    }
  }

  /// The mask the command-line options describe: each catalogue removing, with its bit.
  private func commandLineMask() throws -> Mask {
    let options = try radius.apply(to: table.contaminantReadOptions())
    let epochOptions = try epochs.options()
    return Mask(
      catalogues: contaminants.enumerated().map { number, path in
        MaskCatalogue(
          path: path, options: options, radius: maxsep?.angle, epochs: epochOptions,
          action: .remove, bit: number)
      })
  }
}
