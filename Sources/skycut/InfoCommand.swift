import ArgumentParser
import Foundation
import SkyCut

/// `skycut info FILE`: the HDUs, rows, columns and the coordinates SkyCut would use.
struct InfoCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "info",
    abstract: "Describe a catalogue: its HDUs, rows, columns with types and units, and the "
      + "columns SkyCut would take as coordinates.")

  @Argument(help: "A FITS (.fits, .fit, .fts, optionally .gz) or CSV/TSV catalogue.")
  var file: String

  func run() throws {
    do {
      print(try CatalogueDescription.describe(path: file))
    } catch let error as CatalogueError {
      FileHandle.standardError.write(Data("skycut: error: \(error)\n".utf8))
      throw ExitCode(error.category.rawValue)
    }
  }
}
