import ArgumentParser
import Foundation
import SkyCut

/// `skycut`: the cut (the default) and `info`.
@main
struct SkyCutCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "skycut",
    abstract: "Remove every object that lies within a maximum separation of any contaminant.",
    discussion: """
      `skycut OBJECTS CONTAMINANTS… --maxsep ANGLE` runs the cut (`skycut cut --help` lists \
      its options); `skycut profile OBJECTS CONTAMINANTS… --max-radius ANGLE` measures the \
      density of objects around the contaminants, to choose the radius; `skycut area \
      CONTAMINANTS… --maxsep ANGLE` measures the sky the mask takes and writes its MOC; \
      `skycut merge -o OUT \
      PART…` joins the parts of a job array (`--part I/N`); `skycut batch OBJECTS… \
      --contaminants FILE --output-dir DIR` cleans many files; `skycut info FILE` \
      describes a catalogue.
      """,
    version: SkyCutVersion.current,
    subcommands: [
      CutCommand.self, BatchCommand.self, ProfileCommand.self, AreaCommand.self,
      MergeCommand.self, InfoCommand.self,
    ]
  )

  /// Anything but a subcommand's name or `--version` is the cut's: `skycut OBJECTS
  /// CONTAMINANTS…`, `skycut` alone (the cut's usage error) and `skycut --help` (the cut's
  /// options are what people look for), parsed as ``DirectCut``. The cut is not
  /// ArgumentParser's default subcommand: the root then builds the cut's hundred options by
  /// reflection on every run (a third of `skycut --version` in `perf`), and once more to
  /// match the subcommand's name (a seventh of a small cut).
  static func main() {
    let arguments = Array(CommandLine.arguments.dropFirst())
    let subcommands =
      configuration.subcommands.compactMap { $0.configuration.commandName } + ["help"]
    let rootFlags = ["--version", "--generate-completion-script"]
    if arguments.first.map({ subcommands.contains($0) || rootFlags.contains($0) }) ?? false {
      main(arguments)
    } else {
      DirectCut.main(arguments)
    }
  }
}

/// The cut without its name, `skycut OBJECTS CONTAMINANTS… --maxsep ANGLE`: the cut's options
/// as a command of their own, named `skycut`.
struct DirectCut: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "skycut", abstract: CutCommand.configuration.abstract,
    discussion: CutCommand.configuration.discussion, version: SkyCutVersion.current)

  /// Its `validate()` runs as the group is decoded.
  @OptionGroup var cut: CutCommand

  func run() throws { try cut.run() }
}

/// The cut: read, cut, write.
struct CutCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "cut",
    abstract: "Remove every object that lies within a maximum separation of any contaminant.",
    discussion: """
      Reads OBJECTS and one or more CONTAMINANTS catalogues (FITS tables, plain or .gz, or \
      CSV/TSV with a header row), removes every object whose angular separation from some \
      contaminant is strictly less than --maxsep (or than that contaminant's own radius, with \
      --radius-column), and writes the remaining objects with every column, unit and header \
      keyword of the input. The output format follows the output file's extension.

      Examples:
        skycut objects.fits bright_stars.fits --maxsep 30arcsec -o objects_clean.fits
        skycut objects.fits stars.fits point_sources.csv --maxsep 1arcmin
        skycut objects.fits stars.fits --radius-column MASK_R --radius-unit arcsec
        skycut objects.fits --mask bright_mask.yaml --mask-column MASKBITS

      Coordinates: RA/DEC (and RAJ2000/DEJ2000, RA_ICRS/DE_ICRS, ALPHA_J2000/DELTA_J2000) and \
      GLON/GLAT in degrees, THETA/PHI (colatitude, longitude) in radians, unless a FITS TUNIT \
      says deg or rad. A Galactic catalogue and an equatorial one are cut correctly.

      `skycut info FILE` describes a catalogue: its HDUs, columns, and the coordinates SkyCut \
      would use.

      Exit status: 0 success; 64 usage error; 65 bad input data; 66 missing or unreadable \
      input; 73 output cannot be created (or exists without --overwrite); 74 other I/O error.
      """
  )

  @OptionGroup var inputs: InputOptions
  @OptionGroup var epochs: EpochArguments
  @OptionGroup var cut: CutOptions
  @OptionGroup var output: OutputOptions

  @Flag(
    help: ArgumentHelp(
      "Also measure the area of the sky the mask takes (deg², fraction of the sky, guaranteed "
        + "bounds), in the summary line and --summary json (\"area\")."))
  var area = false

  @OptionGroup var areaOptions: AreaOptions

  func validate() throws {
    try areaOptions.check(
      area: area, maskColumn: output.columns.maskColumn,
      objectEpochColumn: epochs.objectEpochColumn)
    try inputs.mask.validate(
      contaminants: inputs.contaminants, maxsep: cut.maxsep, radius: inputs.radius,
      epochs: epochs, table: inputs.table)
    try cut.validate(radiusColumn: inputs.radius.given ?? inputs.mask.mask)
    try inputs.validate()
    let toStandardOutput =
      output.output == Catalogue.standardStream
      || (output.output == nil && inputs.objects == Catalogue.standardStream)
    if output.summary == .json && toStandardOutput {
      throw ValidationError(
        "--summary json writes to standard output, where the cleaned catalogue goes: give -o.")
    }
  }

  func run() throws {
    TemporaryFiles.removeOnTerminationSignals()
    var request = CleaningRequest(
      objectsPath: inputs.objects, contaminantPaths: inputs.contaminants,
      radius: cut.maxsep?.angle, outputPath: output.output, overwrite: output.overwrite,
      objectOptions: try inputs.objectReadOptions(),
      contaminantOptions: try inputs.contaminantReadOptions(),
      runner: cut.jobs.map(ParallelRunner.init(jobs:)) ?? .allCores)
    request.rejectedPath = output.rejected
    output.columns.apply(to: &request)
    request.epochs = try epochs.options()
    request.part = try cut.cataloguePart(environment: ProcessInfo.processInfo.environment)
    areaOptions.apply(area: area, to: &request)
    let printer = output.quiet && !output.progress ? nil : ProgressPrinter(forced: output.progress)
    if let printer { request.progress = { printer.report($0) } }
    do {
      if let mask = try inputs.mask.load() { request.mask = mask }
      let summary = try CatalogueCleaner.clean(request)
      printer?.finish()
      if !output.quiet { FileHandle.standardError.write(Data((summary.line + "\n").utf8)) }
      if output.timings { FileHandle.standardError.write(Data((summary.timingLine + "\n").utf8)) }
      if output.summary == .json {
        FileHandle.standardOutput.write(
          Data((CleaningReport(request: request, summary: summary).json + "\n").utf8))
      }
    } catch let error as CatalogueError {
      printer?.finish()
      FileHandle.standardError.write(Data("skycut: error: \(error)\n".utf8))
      if output.summary == .json {
        FileHandle.standardOutput.write(
          Data((CleaningReport(request: request, error: error).json + "\n").utf8))
      }
      throw ExitCode(error.category.rawValue)
    }
  }
}
