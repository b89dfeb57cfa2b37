import Foundation
import Testing

@testable import SkyCut

/// The sample catalogues in data/ against the answers of an independent oracle
/// (data/make_samples.py: brute-force float64 chord test, astropy for Galactic and θ/φ).
@Suite struct SampleOracleTests {
  static func oracle(_ name: String) throws -> [Int] {
    try String(contentsOfFile: fixturePath("Oracle/\(name).removed.txt"), encoding: .utf8)
      .split(separator: "\n").map { try #require(Int($0)) }
  }

  @Test(arguments: [
    ("objects.fits", "contaminants.fits", "objects__contaminants"),
    ("objects.csv", "contaminants.csv", "objects__contaminants"),
    ("objects.csv", "contaminants.fits", "objects__contaminants"),
    ("objects_thetaphi.fits", "contaminants.fits", "objects_thetaphi__contaminants"),
    ("objects.fits", "contaminants_galactic.fits", "objects__contaminants_galactic"),
    (
      "objects_thetaphi.fits", "contaminants_galactic.fits",
      "objects_thetaphi__contaminants_galactic"
    ),
  ])
  func removedRowsEqualTheOracle(objects: String, contaminants: String, oracle: String) throws {
    let data = repositoryRoot + "/data/"
    let objectCatalogue = try Catalogue.read(path: data + objects)
    let contaminantCatalogue = try Catalogue.read(path: data + contaminants)
    #expect(objectCatalogue.rowCount == 5000)
    #expect(contaminantCatalogue.rowCount == 500)
    let expected = try Self.oracle(oracle)
    #expect(expected.count > 100)
    for jobs in [1, 2] {
      let removed = try objectCatalogue.cut(
        against: [contaminantCatalogue], radius: .degrees(1), runner: ParallelRunner(jobs: jobs)
      ).rows
      #expect(removed == expected)
    }
  }

  @Test func cleanedFileHoldsExactlyTheKeptRows() throws {
    let directory = try TemporaryDirectory()
    let output = directory.file("clean.fits")
    let summary = try CatalogueCleaner.clean(
      CleaningRequest(
        objectsPath: repositoryRoot + "/data/objects.fits",
        contaminantsPath: repositoryRoot + "/data/contaminants.fits", radius: .degrees(1),
        outputPath: output))
    let expected = try Self.oracle("objects__contaminants")
    #expect(summary.removed == expected.count)
    #expect(summary.kept == 5000 - expected.count)
    let input = FITSInspector.rowBytes(repositoryRoot + "/data/objects.fits", hdu: 1)
    let kept = (0..<5000).filter { !Set(expected).contains($0) }
    #expect(FITSInspector.rowBytes(output, hdu: 1) == kept.map { input[$0] })
  }
}
