import Foundation
import Testing

@testable import SkyCut

/// Contaminants with radii of their own, and several contaminant catalogues at once, against
/// astropy's answers (data/make_samples.py: SkyCoord.separation, Vincenty's formula), on both
/// the streaming FITS path and the general one.
@Suite struct RadiusAndCataloguesOracleTests {
  struct Case: Sendable, CustomTestStringConvertible {
    let oracle: String
    let objects: String
    let contaminants: [String]
    let radius: Angle?
    let radiusUnit: Angle.Unit?
    var testDescription: String { oracle }
  }

  static let cases: [Case] = [
    // The FITS RADIUS column's TUNIT (arcsec) wins over --radius-unit.
    Case(
      oracle: "objects__contaminants.radius_arcsec", objects: "objects.fits",
      contaminants: ["contaminants.fits"], radius: nil, radiusUnit: .degrees),
    // The CSV file has no units: --radius-unit says arcmin.
    Case(
      oracle: "objects__contaminants.radius_arcmin", objects: "objects.csv",
      contaminants: ["contaminants.csv"], radius: nil, radiusUnit: .arcminutes),
    Case(
      oracle: "objects__contaminants.radius_arcmin", objects: "objects.fits",
      contaminants: ["contaminants.csv"], radius: nil, radiusUnit: .arcminutes),
    // --maxsep caps the radii.
    Case(
      oracle: "objects__contaminants.radius_arcmin_cap30arcmin", objects: "objects.fits",
      contaminants: ["contaminants.csv"], radius: .arcminutes(30), radiusUnit: .arcminutes),
    Case(
      oracle: "objects__contaminants+point_sources", objects: "objects.fits",
      contaminants: ["contaminants.fits", "point_sources.csv"], radius: .degrees(1),
      radiusUnit: nil),
    Case(
      oracle: "objects__contaminants+point_sources", objects: "objects.csv",
      contaminants: ["contaminants.fits", "point_sources.csv"], radius: .degrees(1),
      radiusUnit: nil),
  ]

  struct Expected: Decodable {
    let removed: Int
    let removed_by: [Int]
  }

  @Test(arguments: cases)
  func cleaningEqualsAstropy(_ test: Case) throws {
    let data = repositoryRoot + "/data/"
    let rows = try SampleOracleTests.oracle(test.oracle)
    let expected = try JSONDecoder().decode(
      Expected.self,
      from: Data(contentsOf: URL(fileURLWithPath: fixturePath("Oracle/\(test.oracle).json"))))
    #expect(rows.count == expected.removed)
    let directory = try TemporaryDirectory()
    var options = CatalogueReadOptions()
    if let unit = test.radiusUnit {
      options.radiusColumn = "RADIUS"
      options.radiusUnit = unit
    }
    let suffix = test.objects.hasSuffix(".csv") ? ".csv" : ".fits"
    for jobs in [1, 2] {
      let output = directory.file("clean-\(jobs)" + suffix)
      let summary = try CatalogueCleaner.clean(
        CleaningRequest(
          objectsPath: data + test.objects, contaminantPaths: test.contaminants.map { data + $0 },
          radius: test.radius, outputPath: output, contaminantOptions: options,
          runner: ParallelRunner(jobs: jobs)))
      #expect(summary.removed == expected.removed)
      #expect(summary.contaminants.map(\.removed) == expected.removed_by)
      // The rows written are exactly the others.
      let written = try Catalogue.read(path: output)
      let kept = RowSelection.complement(of: rows, total: 5000).rows
      let input = try Catalogue.read(path: data + test.objects)
      #expect(written.positions == kept.map { input.positions[$0] })
    }
    // The library call gives the same rows.
    let contaminants = try test.contaminants.map {
      try Catalogue.read(path: data + $0, options: options)
    }
    let result = try Catalogue.read(path: data + test.objects).cut(
      against: contaminants, radius: test.radius)
    #expect(result.rows == rows)
    #expect(result.removedBy == expected.removed_by)
  }

  @Test func invalidRadiiFollowTheContaminantPolicy() throws {
    let directory = try TemporaryDirectory()
    let stars = try directory.write(
      "RA,DEC,R\n10,10,30\n20,20,-1\n30,30,nan\n40,40,5\n", to: "stars.csv")
    let objects = try directory.write("RA,DEC\n10,10\n20,20\n40,40.001\n", to: "objects.csv")
    var options = CatalogueReadOptions(radiusColumn: "R")
    #expect {
      try Catalogue.read(path: stars, options: options)
    } throws: { error in
      (error as? CatalogueError)?.description
        == "\(stars), line 3, column 'R': value '-1.0' is not a radius, a finite number ≥ 0 "
        + "(and 1 more rows)"
    }
    options.invalidRows = .drop
    let catalogue = try Catalogue.read(path: stars, options: options)
    #expect(catalogue.invalidRows == [1, 2])
    // Row 3 (40, 40.001) is 3.6″ from a star of radius 5″; row 2 (20, 20) sits on a star
    // whose radius is unusable and is dropped.
    let result = try Catalogue.read(path: objects).cut(against: [catalogue], radius: nil)
    #expect(result.rows == [0, 2])
  }

  @Test func aMissingOrNonNumericRadiusColumnIsAnError() throws {
    let directory = try TemporaryDirectory()
    let stars = try directory.write("RA,DEC,R\n10,10,big\n", to: "stars.csv")
    #expect(throws: CatalogueError.self) {
      try Catalogue.read(path: stars, options: .init(radiusColumn: "RADIUS"))
    }
    #expect(throws: CatalogueError.self) {
      try Catalogue.read(path: stars, options: .init(radiusColumn: "R"))
    }
    // No radius and no radius column: nothing to cut with.
    let plain = try directory.write("RA,DEC\n10,10\n", to: "plain.csv")
    #expect(throws: CatalogueError.self) {
      try Catalogue.read(path: plain).cut(against: [Catalogue.read(path: plain)], radius: nil)
    }
  }
}
