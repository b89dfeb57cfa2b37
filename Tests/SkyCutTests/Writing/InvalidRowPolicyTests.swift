import Foundation
import Testing

@testable import SkyCut

/// `--invalid-objects` / `--invalid-contaminants`: the same answer on the streaming FITS path
/// and the general path.
@Suite struct InvalidRowPolicyTests {
  /// Objects: rows 1 and 3 near the contaminant at (10, 10), row 2 NaN, row 4 Dec = 95.
  static let objectsCSV =
    "ID,RA,DEC\n0,100,-20\n1,10,10.001\n2,nan,5\n3,10.001,10\n4,50,95\n5,200,30\n"
  static let contaminantsCSV = "RA,DEC\n10,10\nnan,0\n"

  func run(
    objects: String, contaminants: String, objectPolicy: InvalidRowPolicy,
    contaminantPolicy: InvalidRowPolicy, output: String
  ) throws -> CleaningSummary {
    try CatalogueCleaner.clean(
      CleaningRequest(
        objectsPath: objects, contaminantsPath: contaminants, radius: .arcminutes(1),
        outputPath: output, objectOptions: .init(invalidRows: objectPolicy),
        contaminantOptions: .init(invalidRows: contaminantPolicy), runner: ParallelRunner(jobs: 2)))
  }

  func ids(_ path: String) throws -> [Int] {
    let catalogue = try Catalogue.read(path: path, options: .init(invalidRows: .keep))
    let csv = path.hasSuffix(".csv") ? path : path + ".csv"
    if !path.hasSuffix(".csv") {
      try catalogue.write(removingRows: [], to: csv, options: .init(overwrite: true))
    }
    return try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n").dropFirst()
      .map { Int($0.split(separator: ",")[0]) ?? -1 }
  }

  @Test(arguments: [(InvalidRowPolicy.drop, [0, 5]), (.keep, [0, 2, 4, 5])])
  func objectsDroppedOrKeptOnBothPaths(policy: InvalidRowPolicy, expected: [Int]) throws {
    let directory = try TemporaryDirectory()
    let objects = try directory.write(Self.objectsCSV, to: "objects.csv")
    let contaminants = try directory.write(Self.contaminantsCSV, to: "stars.csv")
    // General path: CSV in, CSV out.
    let general = try run(
      objects: objects, contaminants: contaminants, objectPolicy: policy, contaminantPolicy: .drop,
      output: directory.file("general.csv"))
    #expect(try ids(directory.file("general.csv")) == expected)
    #expect(general.invalidObjects == 2 && general.invalidContaminants == 1)
    // Streaming path: FITS in, FITS out.
    let fits = directory.file("objects.fits")
    try Catalogue.read(path: objects, options: .init(invalidRows: .keep)).write(
      removingRows: [], to: fits)
    let streamed = try run(
      objects: fits, contaminants: contaminants, objectPolicy: policy, contaminantPolicy: .drop,
      output: directory.file("streamed.fits"))
    #expect(try ids(directory.file("streamed.fits")) == expected)
    #expect(streamed.removed == general.removed && streamed.invalidObjects == 2)
    #expect(streamed.line.contains("2 objects had invalid coordinates; 1 contaminants had invalid"))
  }

  @Test func invalidContaminantIsAnErrorByDefault() throws {
    let directory = try TemporaryDirectory()
    let objects = try directory.write("RA,DEC\n1,2\n", to: "objects.csv")
    let contaminants = try directory.write(Self.contaminantsCSV, to: "stars.csv")
    #expect {
      try run(
        objects: objects, contaminants: contaminants, objectPolicy: .error,
        contaminantPolicy: .error, output: directory.file("out.csv"))
    } throws: { error in
      (error as? CatalogueError)?.description
        == "\(contaminants), line 3, column 'RA': value 'nan' is not a finite coordinate"
    }
    #expect {
      try run(
        objects: objects, contaminants: contaminants, objectPolicy: .error,
        contaminantPolicy: .keep, output: directory.file("out.csv"))
    } throws: { error in
      (error as? CatalogueError)?.category == .usage
    }
    #expect(directory.contents() == ["objects.csv", "stars.csv"])
  }
}
