import ArgumentParser
import Foundation
import SkyCut

/// `skycut profile`: the stacked density of objects around contaminants, to choose a radius.
struct ProfileCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "profile",
    abstract: "Measure the density of objects around contaminants, to choose the mask radius.",
    discussion: """
      Stacks OBJECTS around every contaminant in --bins annuli out to --max-radius, per bin of \
      a contaminant column (--by MAG --edges 6,8,10,12), and divides the density in each \
      annulus by a reference density: by default that of the annuli beyond 0.8 of the \
      maximum radius. Prints, per bin, the radius beyond which the relative density stays \
      within --tolerance of 1, and a fit r = A·B^(−m) of those radii as a \
      --radius-expression for the cut.

      Examples:
        skycut profile objects.fits stars.fits --max-radius 10arcmin --by G --edges 4,6,8,10,12
        skycut profile objects.fits stars.fits --max-radius 5arcmin --log-bins \\
            --min-radius 5arcsec --plot profile.svg -o profile.csv

      Exit status as for the cut: 0 success; 64 usage error; 65 bad input data; 66 missing or \
      unreadable input; 73 output cannot be created; 74 other I/O error.
      """)

  @Argument(help: "The objects (FITS, plain or .gz, or CSV/TSV).")
  var objects: String

  @Argument(
    help: ArgumentHelp(
      "One or more contaminant catalogues, stacked together.", valueName: "contaminants"))
  var contaminants: [String]

  @Option(help: ArgumentHelp("The outer radius of the profile.", valueName: "angle"))
  var maxRadius: AngleArgument

  @Option(
    help: ArgumentHelp(
      "The inner radius. Default: 0, or --max-radius / 100 with --log-bins.",
      valueName: "angle"))
  var minRadius: AngleArgument?

  @Option(help: "The number of annuli.")
  var bins = 20

  @Flag(help: "Annuli of equal ratio of radii rather than equal width.")
  var logBins = false

  @Option(
    help: ArgumentHelp(
      "A numeric contaminant column (a magnitude) to bin the contaminants by, with --edges.",
      valueName: "column"))
  var by: String?

  @Option(
    help: ArgumentHelp(
      "The bin edges of --by, increasing: bin k is edge k ≤ value < edge k+1.",
      valueName: "e0,e1,…"))
  var edges: String?

  @Option(
    help: ArgumentHelp(
      "The reference density: 'outer' (each bin's own, beyond --reference-from) or 'mean' "
        + "(the objects over --catalogue-area).",
      valueName: "outer|mean"))
  var reference: ReferenceKind = .outer

  @Option(
    help: ArgumentHelp(
      "With --reference outer: the annuli from this fraction of --max-radius outwards.",
      valueName: "fraction"))
  var referenceFrom = 0.8

  @Option(
    help: ArgumentHelp(
      "With --reference mean: the area the objects cover, in deg². Default: the whole sky.",
      valueName: "deg2"))
  var catalogueArea: Double?

  @Option(
    help: ArgumentHelp(
      "How close to 1 the relative density must come for the suggested radius.",
      valueName: "fraction"))
  var tolerance = 0.05

  @OptionGroup var table: TableOptions
  @OptionGroup var epochs: EpochArguments

  @Option(
    name: [.short, .long],
    help: ArgumentHelp(
      "Write the profile table (a row per bin and annulus) to this file: .fits, .csv or .tsv.",
      valueName: "path"))
  var output: String?

  @Option(help: ArgumentHelp("Draw the profile as an SVG image.", valueName: "file.svg"))
  var plot: String?

  @Flag(help: "Replace the output files if they exist.")
  var overwrite = false

  @Option(
    help: ArgumentHelp(
      "'json': print the profile as one JSON object instead of the report.",
      valueName: "format"))
  var summary: SummaryFormat?

  @Option(help: "Threads to use. Default: all cores.")
  var jobs: Int?

  enum ReferenceKind: String, ExpressibleByArgument, CaseIterable {
    case outer, mean
  }

  func validate() throws {
    if contaminants.isEmpty {
      throw ValidationError("Give at least one contaminant catalogue after the objects.")
    }
    if bins < 1 { throw ValidationError("--bins must be at least 1.") }
    if epochs.objectEpochColumn != nil {
      throw ValidationError(
        "A profile stacks the contaminants at one epoch: give --epoch, not --object-epoch-column.")
    }
    let outer = maxRadius.angle.radians
    guard outer > 0 && outer <= .pi else {
      throw ValidationError("--max-radius must be in (0, 180°].")
    }
    if let inner = minRadius?.angle.radians, !(inner >= 0 && inner < outer) {
      throw ValidationError("--min-radius must be at least 0 and less than --max-radius.")
    }
    if logBins && minRadius?.angle.radians == 0 {
      throw ValidationError("--log-bins needs a --min-radius above 0.")
    }
    if (by == nil) != (edges == nil) { throw ValidationError("--by and --edges go together.") }
    if let edges, parsedEdges(edges) == nil {
      throw ValidationError("--edges takes two or more increasing numbers: 6,8,10,12.")
    }
    if !(referenceFrom >= 0 && referenceFrom < 1) {
      throw ValidationError("--reference-from must be at least 0 and less than 1.")
    }
    if let area = catalogueArea, !(area > 0 && area <= 41_252.97) {
      throw ValidationError("--catalogue-area must be in (0, 41253] deg².")
    }
    if !(tolerance >= 0) { throw ValidationError("--tolerance must be 0 or more.") }
    if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1.") }
    if let plot, !plot.lowercased().hasSuffix(".svg") {
      throw ValidationError("--plot writes SVG: give a file name ending in .svg.")
    }
  }

  private func parsedEdges(_ text: String) -> [Double]? {
    let values = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
    guard values.count >= 2, values.allSatisfy({ $0?.isFinite ?? false }) else { return nil }
    let numbers = values.compactMap { $0 }
    return zip(numbers, numbers.dropFirst()).allSatisfy(<) ? numbers : nil
  }

  func run() throws {
    TemporaryFiles.removeOnTerminationSignals()
    let outer = maxRadius.angle
    let inner = minRadius?.angle ?? (logBins ? .radians(outer.radians / 100) : .radians(0))
    var request = ProfileRequest(
      objectsPath: objects, contaminantPaths: contaminants,
      annuli: Annuli(inner: inner, outer: outer, count: bins, logarithmic: logBins),
      objectOptions: try table.objectReadOptions(),
      contaminantOptions: try table.contaminantReadOptions(),
      runner: jobs.map(ParallelRunner.init(jobs:)) ?? .allCores)
    if let by, let edges, let numbers = parsedEdges(edges) {
      request.binning = ContaminantBinning(column: by, edges: numbers)
    }
    request.reference =
      switch reference {
      case .outer: .outer(fraction: referenceFrom)
      case .mean: .mean(solidAngle: (catalogueArea.map { $0 * pow(.pi / 180, 2) }) ?? 4 * .pi)
      }
    request.tolerance = tolerance
    request.epochs = try epochs.options()
    do {
      let profile = try DensityProfiler.profile(request)
      if let output { try profile.write(to: output, overwrite: overwrite) }
      if let plot {
        try ProfilePlot(profile, logarithmic: logBins).write(to: plot, overwrite: overwrite)
      }
      print(summary == .json ? profile.json : profile.report)
    } catch let error as CatalogueError {
      FileHandle.standardError.write(Data("skycut: error: \(error)\n".utf8))
      throw ExitCode(error.category.rawValue)
    }
  }
}
