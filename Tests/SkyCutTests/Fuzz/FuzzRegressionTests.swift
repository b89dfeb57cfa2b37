import Foundation
import Testing

@testable import SkyCut

/// Every input the fuzzers ever failed on (`Fuzz/Regressions`, see `make fuzz`) now gives a
/// catalogue or a one-line error, on the same steps the fuzzers take.
@Suite struct FuzzRegressionTests {
  static let directory = repositoryRoot + "/Fuzz/Regressions"

  static var inputs: [String] {
    ["csv", "fits"].flatMap { kind in
      ((try? FileManager.default.contentsOfDirectory(atPath: directory + "/" + kind)) ?? [])
        .filter { !$0.hasPrefix(".") }.sorted().map { kind + "/" + $0 }
    }
  }

  @Test func thereAreRegressionInputs() {
    #expect(!Self.inputs.isEmpty)
  }

  @Test(arguments: inputs)
  func inputGivesACatalogueOrOneLineError(name: String) throws {
    let workspace = try TemporaryDirectory()
    let suffix = name.hasPrefix("csv/") ? ".csv" : ".fits"
    let input = workspace.file("input" + suffix)
    try FileManager.default.copyItem(atPath: Self.directory + "/" + name, toPath: input)
    let stars = try workspace.write("RA,DEC\n0,0\n180,-45\n359.9999,89.9\n", to: "stars.csv")
    for policy in [InvalidRowPolicy.error, .drop, .keep] {
      let options = CatalogueReadOptions(invalidRows: policy)
      expectCatalogueError {
        let catalogue = try Catalogue.read(path: input, options: options)
        let removed = try catalogue.cut(
          against: [try Catalogue.read(path: stars)], radius: .degrees(1)
        ).rows
        #expect(removed == removed.sorted())
        for output in ["out.fits", "out.csv"] {
          try catalogue.write(
            removingRows: removed, to: workspace.file(output), options: .init(overwrite: true))
        }
      }
      expectCatalogueError {
        _ = try CatalogueCleaner.clean(
          CleaningRequest(
            objectsPath: input, contaminantsPath: stars, radius: .arcminutes(30),
            outputPath: workspace.file("cleaned" + suffix), overwrite: true,
            objectOptions: options))
      }
    }
  }

  /// Runs `body`; success is fine, and so is a ``CatalogueError`` with a one-line message.
  func expectCatalogueError(
    sourceLocation: Testing.SourceLocation = #_sourceLocation, _ body: () throws -> Void
  ) {
    do {
      try body()
    } catch let error as CatalogueError {
      #expect(!error.description.contains("\n"), sourceLocation: sourceLocation)
    } catch {
      Issue.record("not a CatalogueError: \(error)", sourceLocation: sourceLocation)
    }
  }
}
