import Foundation
import Testing

@testable import SkyCut

@Suite struct CatalogueReadingTests {
  @Test(arguments: [
    ("RA,DEC", "RA", "DEC"), ("ra,dec", "ra", "dec"), ("RAJ2000,DEJ2000", "RAJ2000", "DEJ2000"),
    ("ra_icrs,de_icrs", "ra_icrs", "de_icrs"),
    ("ALPHA_J2000,DELTA_J2000", "ALPHA_J2000", "DELTA_J2000"),
  ])
  func findsEquatorialColumnsByName(header: String, first: String, second: String) throws {
    let directory = try TemporaryDirectory()
    let path = try directory.write("id,\(header),mag\n1,10.5,-20.25,19\n", to: "c.csv")
    let catalogue = try Catalogue.read(path: path)
    #expect(catalogue.coordinates.first == first && catalogue.coordinates.second == second)
    #expect(catalogue.frame == .icrs)
    let expected = UnitVector(raDegrees: 10.5, decDegrees: -20.25)
    #expect(catalogue.positions[0].chordSquared(to: expected) < 1e-30)
  }

  /// A CSV's rows are estimated from its first block, and the estimate is only room: rows
  /// longer at first (more rows than estimated, appended) or shorter at first (fewer, the rest
  /// let go) read as every row, each in its place, with its radius and values.
  @Test(arguments: [true, false])
  func rowsOfChangingLengthReadWhateverTheEstimate(longFirst: Bool) throws {
    let directory = try TemporaryDirectory()
    let pad = String(repeating: "x", count: 200)
    var text = "ID,RA,DEC,MAG,NAME\n"
    var row = 0
    // About 9 MB of one length, then 9 MB of the other: the first block is 8 MiB.
    for long in longFirst ? [true, false] : [false, true] {
      let start = text.utf8.count
      while text.utf8.count - start < 9_000_000 {
        text += "\(row),\(Double(row % 36_000) / 100),\(Double(row % 18_000) / 100 - 90),"
        text += "\(row % 7),\(long ? pad : "n")\n"
        row += 1
      }
    }
    let path = try directory.write(text, to: "rows.csv")
    var options = CatalogueReadOptions()
    options.radiusColumn = "MAG"
    options.valueColumns = ["ID"]
    let catalogue = try Catalogue.read(path: path, options: options)
    #expect(catalogue.rowCount == row)
    #expect(catalogue.positions.count == row && catalogue.radii?.count == row)
    // An estimate far over (short rows first) is not kept as room.
    if !longFirst { #expect(catalogue.positions.capacity <= row + row / 8) }
    var wrong = 0
    for i in 0..<row {
      let expected = UnitVector(
        raDegrees: Double(i % 36_000) / 100, decDegrees: Double(i % 18_000) / 100 - 90)
      if catalogue.positions[i] != expected || catalogue.values["ID"]?[i] != Double(i)
        || abs((catalogue.radii?[i].arcseconds ?? .nan) - Double(i % 7)) > 1e-9
      {
        wrong += 1
      }
    }
    #expect(wrong == 0)
  }

  /// A table of no rows (a header only) reads as no positions, with its radius and value
  /// columns empty too.
  @Test func aHeaderOnlyReadsAsNoRows() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.write("RA,DEC,MAG\n", to: "empty.csv")
    var options = CatalogueReadOptions()
    options.radiusColumn = "MAG"
    options.valueColumns = ["MAG"]
    let catalogue = try Catalogue.read(path: path, options: options)
    #expect(catalogue.positions.isEmpty)
    #expect(catalogue.radii?.isEmpty == true)
    #expect(catalogue.values["MAG"]?.isEmpty == true)
  }

  @Test func galacticColumnsAreGalactic() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.write("GLON,GLAT\n0,0\n", to: "g.csv")
    let catalogue = try Catalogue.read(path: path)
    #expect(catalogue.frame == .galactic)
    let icrs = catalogue.positions(in: .icrs)[0]
    #expect(
      icrs.separation(from: UnitVector(raDegrees: 266.40498829, decDegrees: -28.93617776))
        .arcseconds < 0.1)
  }

  @Test func equatorialIsPreferredOverGalactic() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.write("GLON,GLAT,RA,DEC\n1,2,3,4\n", to: "p.csv")
    #expect(try Catalogue.read(path: path).coordinates.first == "RA")
  }

  @Test func thetaPhiAreRadiansColatitudeFirst() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.write("theta,phi\n1.5707963267948966,0.5\n0,2\n", to: "t.csv")
    let catalogue = try Catalogue.read(path: path)
    #expect(catalogue.coordinates.convention == .colatitudeLongitude)
    #expect(
      catalogue.positions[0].chordSquared(to: UnitVector(longitude: 0.5, latitude: 0)) < 1e-30)
    #expect(abs(catalogue.positions[1].z - 1) < 1e-15)
  }

  @Test func explicitColumnsAndFrame() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.write("x,y,RA,DEC\n10,20,0,0\n", to: "e.csv")
    let catalogue = try Catalogue.read(
      path: path, options: .init(columns: ("x", "y"), frame: .galactic))
    #expect(catalogue.coordinates.first == "x")
    #expect(catalogue.frame == .galactic)
    #expect(
      catalogue.positions[0].chordSquared(to: UnitVector(raDegrees: 10, decDegrees: 20)) < 1e-30)
  }

  @Test func missingColumnsListWhatTheFileHas() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.write("id,x,y\n1,2,3\n", to: "m.csv")
    #expect {
      try Catalogue.read(path: path)
    } throws: { error in
      (error as? CatalogueError)?.description
        == "\(path): no column 'RA/DEC, GLON/GLAT or THETA/PHI (name them with --columns)'; "
        + "the columns are 'id', 'x', 'y'"
    }
    #expect {
      try Catalogue.read(path: path, options: .init(columns: ("x", "dec")))
    } throws: { error in
      (error as? CatalogueError)?.description
        == "\(path): no column 'dec'; the columns are 'id', 'x', 'y'"
    }
  }

  @Test func ambiguousColumns() throws {
    let directory = try TemporaryDirectory()
    let twoPairs = try directory.write("RA,DEC,RAJ2000,DEJ2000\n1,2,3,4\n", to: "a.csv")
    #expect {
      try Catalogue.read(path: twoPairs)
    } throws: { error in
      (error as? CatalogueError)?.description
        == "\(twoPairs): column name 'coordinates' is ambiguous: 'RA/DEC', 'RAJ2000/DEJ2000' all match; "
        + "name one exactly with --columns"
    }
    let twoCases = try directory.write("ra,Ra,dec\n1,2,3\n", to: "b.csv")
    #expect {
      try Catalogue.read(path: twoCases)
    } throws: { error in
      guard case .ambiguousColumn("RA", let candidates, _) = error as? CatalogueError else {
        return false
      }
      return candidates == ["ra", "Ra"]
    }
  }

  @Test func declinationOutOfRangeNamesTheFirstRowAndCounts() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.write("RA,DEC\n1,2\n3,91.5\n5,-90.5\n", to: "d.csv")
    #expect {
      try Catalogue.read(path: path)
    } throws: { error in
      (error as? CatalogueError)?.description
        == "\(path), line 3, column 'DEC': value 91.5 is outside [-90, 90] degrees "
        + "(2 rows have invalid coordinates; this is the first)"
    }
  }

  @Test func nonNumericAndEmptyCoordinates() throws {
    let directory = try TemporaryDirectory()
    let text = try directory.write("RA,DEC\n1,2\n\"1\n2\",abc\n", to: "n.csv")
    #expect {
      try Catalogue.read(path: text)
    } throws: { error in
      (error as? CatalogueError)?.description
        == "\(text), line 3, column 'RA': value '1\\n2' is not a number"  // one line
    }
    let empty = try directory.write("RA,DEC\n1,\n", to: "e.csv")
    #expect {
      try Catalogue.read(path: empty)
    } throws: { error in
      (error as? CatalogueError)?.description
        == "\(empty), line 2, column 'DEC': value '' is not a number"
    }
  }

  @Test func numbersInEveryNotation() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.write(
      "RA,DEC\n1e1,-2.5E-1\n\"20\",  +3 \n0.1,.5\n359.99999999999994,-89.999999999999986\n",
      to: "n.csv")
    let catalogue = try Catalogue.read(path: path)
    let expected: [(Double, Double)] = [
      (10, -0.25), (20, 3), (0.1, 0.5), (359.99999999999994, -89.999999999999986),
    ]
    for (row, (ra, dec)) in expected.enumerated() {
      #expect(catalogue.positions[row] == UnitVector(raDegrees: ra, decDegrees: dec))
    }
  }

  @Test func nanCoordinatesAreRejected() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.write("RA,DEC\nnan,2\n", to: "nan.csv")
    #expect {
      try Catalogue.read(path: path)
    } throws: { error in
      (error as? CatalogueError)?.description
        == "\(path), line 2, column 'RA': value 'nan' is not a finite coordinate"
    }
  }

  @Test func thetaOutsideZeroToPi() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.write("THETA,PHI\n3.5,0\n", to: "t.csv")
    #expect {
      try Catalogue.read(path: path)
    } throws: { error in
      (error as? CatalogueError)?.description
        == "\(path), line 2, column 'THETA': value 3.5 is outside [0, π] radians"
    }
  }

  @Test func missingFileAndUnknownExtension() throws {
    #expect {
      try Catalogue.read(path: "/nonexistent/objects.fits")
    } throws: { error in
      (error as? CatalogueError)?.description == "/nonexistent/objects.fits: no such file"
        && (error as? CatalogueError)?.category == .noInput
    }
    #expect {
      try Catalogue.read(path: "objects.txt")
    } throws: { error in
      (error as? CatalogueError)?.category == .usage
    }
  }

  @Test func fitsUnitsOverrideTheConvention() throws {
    let directory = try TemporaryDirectory()
    let path = directory.file("rad.fits")
    let status = FITSFixture(path: path).primary()
      .table(name: "T", columns: [("RA", "D", "rad"), ("DEC", "E", "radians")], rows: 1)
      .doubles(1, [1.0]).floats(2, [0.5]).close()
    #expect(status == 0)
    let catalogue = try Catalogue.read(path: path)
    #expect(catalogue.coordinates.units == (.radians, .radians))
    let expected = UnitVector(longitude: 1.0, latitude: Double(Float(0.5)))
    #expect(catalogue.positions[0].chordSquared(to: expected) < 1e-30)
  }

  @Test func fitsUnknownUnitAndStringCoordinateAreErrors() throws {
    let directory = try TemporaryDirectory()
    let hours = directory.file("h.fits")
    #expect(
      FITSFixture(path: hours).primary()
        .table(name: "T", columns: [("RA", "D", "h"), ("DEC", "D", "deg")], rows: 1).close() == 0)
    #expect {
      try Catalogue.read(path: hours)
    } throws: { error in
      (error as? CatalogueError)?.description
        == "\(hours)[1], column 'RA': value 'h' is not a coordinate unit SkyCut knows ('deg' or 'rad') in TUNIT"
    }
    let strings = directory.file("s.fits")
    #expect(
      FITSFixture(path: strings).primary()
        .table(name: "T", columns: [("RA", "8A", ""), ("DEC", "D", "")], rows: 1).close() == 0)
    #expect {
      try Catalogue.read(path: strings)
    } throws: { error in
      (error as? CatalogueError)?.description
        == "\(strings)[1], column 'RA': value '8A' is not a numeric column format for a coordinate"
    }
  }

  @Test func scaledIntegerCoordinates() throws {
    let directory = try TemporaryDirectory()
    let path = directory.file("scaled.fits")
    let status = FITSFixture(path: path).primary()
      .table(name: "T", columns: [("RA", "J", "deg"), ("DEC", "J", "deg")], rows: 2)
      .keyword("TSCAL1", 1e-6).keyword("TSCAL2", 1e-6).redefine()
      .doubles(1, [359.999999, 0.5]).doubles(2, [-89.5, 45.25]).close()
    #expect(status == 0)
    let catalogue = try Catalogue.read(path: path)
    #expect(
      catalogue.positions[0].separation(from: UnitVector(raDegrees: 359.999999, decDegrees: -89.5))
        .arcseconds < 1e-6)
    #expect(
      catalogue.positions[1].separation(from: UnitVector(raDegrees: 0.5, decDegrees: 45.25))
        .arcseconds < 1e-6)
  }
}
