import ArgumentParser
import Foundation
import SkyCut

/// `skycut merge`: the parts of a job array into one file.
struct MergeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "merge",
    abstract: "Join the outputs of 'skycut --part I/N' into the file one run would have written.",
    discussion: """
      Takes the parts in any order and writes them in part order, byte for byte what a single \
      run with the same options writes (FITS: header, provenance keywords and CHECKSUM; text: \
      one header line). Each part's record (PART.skycut.json, written beside it) must show the \
      same inputs and options; every part 0..N-1 must be there once, and each file must be \
      the one its record describes. Otherwise nothing is written. --rejected parts merge the \
      same way.

      Example:
        skycut objects.fits stars.fits --maxsep 30arcsec --part 0/4 -o parts/clean_0.fits
        ... (parts 1/4, 2/4, 3/4)
        skycut merge -o clean.fits parts/clean_*.fits

      Exit status: 0 success; 64 the parts do not belong together or one is missing or \
      repeated; 65 a damaged part; 66 a missing part or record; 73 the output cannot be \
      created.
      """)

  @Option(name: [.short, .long], help: ArgumentHelp("The merged file.", valueName: "path"))
  var output: String

  @Argument(help: ArgumentHelp("The parts' outputs.", valueName: "part"))
  var parts: [String]

  @Flag(help: "Replace the output file if it exists.")
  var overwrite = false

  @Flag(name: [.short, .long], help: "Print nothing on success.")
  var quiet = false

  func run() throws {
    TemporaryFiles.removeOnTerminationSignals()
    do {
      let summary = try PartMerger.merge(parts: parts, to: output, overwrite: overwrite)
      if !quiet {
        FileHandle.standardError.write(
          Data(
            ("skycut: merged \(summary.parts) parts, \(summary.rows) rows, into "
              + "\(summary.outputPath)\n").utf8))
      }
    } catch let error as CatalogueError {
      FileHandle.standardError.write(Data("skycut: error: \(error)\n".utf8))
      throw ExitCode(error.category.rawValue)
    }
  }
}
