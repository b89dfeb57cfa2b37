import ArgumentParser
import Foundation
import SkyCut

/// `skycut batch`: many object files against the same contaminants.
struct BatchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "batch",
    abstract: "Clean many object files against the same contaminants, read and indexed once.",
    discussion: """
      Cleans each OBJECTS file into --output-dir as <stem>_clean.<ext> (the input's format, or \
      --output-format), with every option of the cut. A rerun of the same command skips every \
      output that is complete and was made from the same inputs and options (recorded beside \
      it in OUTPUT.skycut.json) and redoes the others; --overwrite redoes all. An interrupted \
      run leaves only complete outputs. A file that fails stops the run, or with --keep-going \
      is reported and the others go on; the run then exits with the first failure's status. \
      --part I/N|auto takes the I-th divmod share of the files, for a job array.

      Examples:
        skycut batch sweep-*.fits --contaminants gaia_bright.fits --maxsep 30arcsec \\
            --output-dir clean/
        skycut batch GaiaSource_*.csv --contaminants tycho2.fits \\
            --radius-expression '1630 * 1.396^(-VMAG)' --output-dir clean/ \\
            --keep-going --part auto
      """)

  @Argument(help: ArgumentHelp("The object files.", valueName: "objects"))
  var objects: [String]

  @Option(
    name: .customLong("contaminants"),
    help: ArgumentHelp(
      "A contaminant catalogue; repeat for several.", valueName: "file"))
  var contaminants: [String] = []

  @Option(help: ArgumentHelp("Where the cleaned files go.", valueName: "dir"))
  var outputDir: String

  @Option(
    help: ArgumentHelp(
      "Also write each file's removed (or flagged) rows here, as <stem>_rejected.<ext>.",
      valueName: "dir"))
  var rejectedDir: String?

  @Option(
    help: ArgumentHelp(
      "The outputs' format: fits or csv. Default: each input's own.", valueName: "format"))
  var outputFormat: BatchRequest.OutputFormat?

  @Flag(help: "Go on with the other files when one fails; exit non-zero at the end.")
  var keepGoing = false

  @OptionGroup var radius: RadiusOptions
  @OptionGroup var mask: MaskOption
  @OptionGroup var epochs: EpochArguments
  @OptionGroup var table: TableOptions
  @OptionGroup var cut: CutOptions
  @OptionGroup var columns: AddedColumnOptions

  @Flag(
    help: ArgumentHelp(
      "Also measure the area of the sky the mask takes (once, for every file): a line before "
        + "the files, and \"area\" in --summary json."))
  var area = false

  @OptionGroup var areaOptions: AreaOptions

  @Flag(
    help:
      "Redo every output, even those complete and current (and replace --moc and --fraction-map).")
  var overwrite = false

  @Flag(name: [.short, .long], help: "Print nothing but errors.")
  var quiet = false

  @Option(
    help: ArgumentHelp(
      "'json': print one JSON object at the end, per file and in total.", valueName: "format"))
  var summary: SummaryFormat?

  func validate() throws {
    if objects.isEmpty { throw ValidationError("Give at least one objects file.") }
    if contaminants.isEmpty && mask.mask == nil {
      throw ValidationError("Give the contaminants with --contaminants FILE, or a --mask file.")
    }
    try mask.validate(
      contaminants: contaminants, maxsep: cut.maxsep, radius: radius, epochs: epochs, table: table)
    try cut.validate(radiusColumn: radius.given ?? mask.mask)
    try radius.validate()
    try table.validate()
    try areaOptions.check(
      area: area, maskColumn: columns.maskColumn, objectEpochColumn: epochs.objectEpochColumn)
  }

  func run() throws {
    TemporaryFiles.removeOnTerminationSignals()
    var template = CleaningRequest(
      objectsPath: objects[0], contaminantPaths: contaminants, radius: cut.maxsep?.angle,
      overwrite: overwrite, objectOptions: try table.objectReadOptions(),
      contaminantOptions: try radius.apply(to: table.contaminantReadOptions()),
      runner: cut.jobs.map(ParallelRunner.init(jobs:)) ?? .allCores)
    columns.apply(to: &template)
    template.epochs = try epochs.options()
    areaOptions.apply(area: area, to: &template)
    do {
      if let mask = try mask.load() { template.mask = mask }
    } catch let error as CatalogueError {
      FileHandle.standardError.write(Data("skycut: error: \(error)\n".utf8))
      throw ExitCode(error.category.rawValue)
    }
    var request = BatchRequest(objectsPaths: objects, outputDirectory: outputDir, cut: template)
    request.rejectedDirectory = rejectedDir
    request.outputFormat = outputFormat
    request.keepGoing = keepGoing
    request.part = try cut.cataloguePart(environment: ProcessInfo.processInfo.environment)
    let results: [BatchCleaner.FileResult]
    var measurement: MaskMeasurement?
    do {
      results = try BatchCleaner.clean(
        request,
        measured: { measured in
          measurement = measured
          if !quiet { FileHandle.standardError.write(Data((measured.line + "\n").utf8)) }
        },
        report: { result in
          if let line = BatchReport.line(result), !quiet || result.status == .failed {
            FileHandle.standardError.write(Data((line + "\n").utf8))
          }
        })
    } catch let error as CatalogueError {
      FileHandle.standardError.write(Data("skycut: error: \(error)\n".utf8))
      if summary == .json { print(BatchReport(request: request, results: [], error: error).json) }
      throw ExitCode(error.category.rawValue)
    }
    let report = BatchReport(request: request, results: results, mask: measurement, error: nil)
    if !quiet { FileHandle.standardError.write(Data((report.totalLine + "\n").utf8)) }
    if summary == .json { print(report.json) }
    if let failure = results.first(where: { $0.status == .failed })?.error {
      throw ExitCode(failure.category.rawValue)
    }
  }
}

extension BatchRequest.OutputFormat: ExpressibleByArgument {}
