import CCFITSIO
import Foundation
import Testing

@testable import SkyCut

/// `--rejected`, `--flag-column`, `--separation-column` and `--count-column` against astropy
/// (data/make_samples.py: the count of contaminants within 1° and the separation to the
/// nearest, by SkyCoord.separation).
@Suite struct AddedColumnsTests {
  static let data = repositoryRoot + "/data/"

  /// row → (count, nearest separation in arcsec), for the objects with a contaminant in reach.
  static func oracle() throws -> [Int: (count: Int, arcsec: Double)] {
    let text = try String(
      contentsOfFile: fixturePath("Oracle/objects__contaminants+point_sources.neighbours.csv"),
      encoding: .utf8)
    var result: [Int: (Int, Double)] = [:]
    for line in text.split(separator: "\n").dropFirst() {
      let fields = line.split(separator: ",")
      result[try #require(Int(fields[0]))] = (
        try #require(Int(fields[1])), try #require(Double(fields[2]))
      )
    }
    return result
  }

  func request(objects: String, output: String, in directory: TemporaryDirectory)
    -> CleaningRequest
  {
    CleaningRequest(
      objectsPath: Self.data + objects,
      contaminantPaths: [Self.data + "contaminants.fits", Self.data + "point_sources.csv"],
      radius: .degrees(1), outputPath: directory.file(output))
  }

  @Test func fitsRejectedRowsCarryTheSeparationAndCount() throws {
    let directory = try TemporaryDirectory()
    var request = request(objects: "objects.fits", output: "clean.fits", in: directory)
    request.rejectedPath = directory.file("rejected.fits")
    request.separationColumn = "SEP"
    request.countColumn = "NCONT"
    let summary = try CatalogueCleaner.clean(request)
    let oracle = try Self.oracle()
    let rejectedRows = oracle.keys.sorted()
    #expect(summary.removed == rejectedRows.count)
    #expect(summary.rejectedPath == directory.file("rejected.fits"))
    let input = FITSInspector.rowBytes(Self.data + "objects.fits", hdu: 1)
    let rejected = directory.file("rejected.fits")
    let clean = directory.file("clean.fits")
    for path in [rejected, clean] { try Fitsverify.expectValid(path) }
    // The input's columns are intact (each output row starts with the input row's bytes)...
    let rejectedBytes = FITSInspector.rowBytes(rejected, hdu: 1)
    #expect(
      rejectedBytes.map { Array($0.prefix(input[0].count)) } == rejectedRows.map { input[$0] })
    let kept = RowSelection.complement(of: rejectedRows, total: 5000).rows
    #expect(
      FITSInspector.rowBytes(clean, hdu: 1).map { Array($0.prefix(input[0].count)) }
        == kept.map { input[$0] })
    // ...and the added columns hold astropy's values.
    let separations = FITSInspector.doubles(rejected, hdu: 1, column: "SEP")
    let counts = FITSInspector.doubles(rejected, hdu: 1, column: "NCONT")
    for (index, row) in rejectedRows.enumerated() {
      guard let expected = oracle[row] else { continue }
      #expect(abs(separations[index] - expected.arcsec) < 1e-6, "row \(row)")
      #expect(counts[index] == Double(expected.count))
    }
    #expect(FITSInspector.keyword(rejected, hdu: 1, "TUNIT8")?.contains("'arcsec") == true)
    // Kept rows have no contaminant in reach: NaN and 0.
    #expect(FITSInspector.doubles(clean, hdu: 1, column: "SEP").allSatisfy { $0.isNaN })
    #expect(FITSInspector.doubles(clean, hdu: 1, column: "NCONT").allSatisfy { $0 == 0 })
  }

  @Test func csvFlagColumnKeepsEveryRow() throws {
    let directory = try TemporaryDirectory()
    var request = request(objects: "objects.csv", output: "flagged.csv", in: directory)
    request.flagColumn = "NEAR"
    request.separationColumn = "SEP"
    request.rejectedPath = directory.file("flagged_only.tsv")
    let summary = try CatalogueCleaner.clean(request)
    let oracle = try Self.oracle()
    #expect(summary.flagged == oracle.count)
    #expect(summary.kept == 5000 && summary.removed == 0)
    let input = try String(contentsOfFile: Self.data + "objects.csv", encoding: .utf8)
      .split(separator: "\n")
    let output = try String(contentsOfFile: directory.file("flagged.csv"), encoding: .utf8)
      .split(separator: "\n")
    #expect(output.count == 5001)
    #expect(output[0] == input[0] + ",NEAR,SEP")
    for row in 0..<5000 {
      let line = output[row + 1]
      #expect(line.hasPrefix(input[row + 1] + ","))
      let fields = line.split(separator: ",", omittingEmptySubsequences: false)
      if let expected = oracle[row] {
        #expect(fields[fields.count - 2] == "true")
        #expect(abs((Double(fields[fields.count - 1]) ?? 0) - expected.arcsec) < 1e-6)
      } else {
        #expect(fields[fields.count - 2] == "false" && fields[fields.count - 1] == "")
      }
    }
    // The rejected file (here TSV) holds the flagged rows.
    let rejected = try String(contentsOfFile: directory.file("flagged_only.tsv"), encoding: .utf8)
      .split(separator: "\n")
    #expect(rejected.count == 1 + oracle.count)
    #expect(rejected.dropFirst().allSatisfy { $0.contains("\ttrue\t") })
  }

  @Test func addedColumnsAcrossFormats() throws {
    let directory = try TemporaryDirectory()
    // CSV → FITS and FITS → CSV, with a count column.
    for (objects, output) in [("objects.csv", "out.fits"), ("objects.fits", "out.csv")] {
      var request = request(objects: objects, output: output, in: directory)
      request.countColumn = "N"
      request.flagColumn = "FLAG"
      _ = try CatalogueCleaner.clean(request)
      let written = try Catalogue.read(path: directory.file(output))
      #expect(written.rowCount == 5000)
      #expect(written.columnNames.suffix(2) == ["FLAG", "N"])
    }
    try Fitsverify.expectValid(directory.file("out.fits"))
  }

  @Test func aTakenColumnNameIsRefusedAndNothingIsWritten() throws {
    let directory = try TemporaryDirectory()
    var request = request(objects: "objects.fits", output: "out.fits", in: directory)
    request.flagColumn = "ra"
    request.rejectedPath = directory.file("rejected.fits")
    #expect {
      try CatalogueCleaner.clean(request)
    } throws: { error in
      (error as? CatalogueError)?.description
        == "\(Self.data)objects.fits already has a column named 'ra'; choose another name"
    }
    #expect(directory.contents() == [])
  }

  @Test func rejectedAndOutputMayNotBeOneFile() throws {
    let directory = try TemporaryDirectory()
    var request = request(objects: "objects.fits", output: "out.fits", in: directory)
    request.rejectedPath = directory.path + "/./sub/../out.fits"
    try FileManager.default.createDirectory(
      atPath: directory.file("sub"), withIntermediateDirectories: true)
    request.overwrite = true
    #expect {
      try CatalogueCleaner.clean(request)
    } throws: { error in
      (error as? CatalogueError)?.description == "the rejected rows need a file of their own"
    }
    #expect(directory.contents() == ["sub"])
  }

  @Test func asciiTablesGetNoAddedColumnsAndSaySo() throws {
    let directory = try TemporaryDirectory()
    let ascii = try #require(FITSCorpus.writeASCII(to: directory.file("ascii.fits")))
    var request = CleaningRequest(
      objectsPath: ascii, contaminantsPath: Self.data + "contaminants.fits", radius: .degrees(1),
      outputPath: directory.file("out.fits"))
    request.flagColumn = "NEAR"
    #expect {
      try CatalogueCleaner.clean(request)
    } throws: { error in
      (error as? CatalogueError)?.description.contains("is an ASCII table, to which SkyCut") == true
    }
    #expect(directory.contents() == ["ascii.fits"])
    // To CSV it works.
    request.outputPath = directory.file("out.csv")
    #expect(try CatalogueCleaner.clean(request).kept == FITSCorpus.rows)
  }

  @Test func emptyRadiusIsAnUnusableContaminantAndMessagesStayOneLine() throws {
    let directory = try TemporaryDirectory()
    let stars = try directory.write("RA,DEC,R\n10,10,\n20,20,5\n", to: "stars.csv")
    #expect(throws: CatalogueError.self) {
      try Catalogue.read(path: stars, options: .init(radiusColumn: "R"))
    }
    let dropped = try Catalogue.read(
      path: stars, options: .init(invalidRows: .drop, radiusColumn: "R"))
    #expect(dropped.invalidRows == [0])
    let broken = try directory.write("RA,DEC\n\"1\n2\",3\n", to: "broken.csv")
    #expect {
      try Catalogue.read(path: broken)
    } throws: { error in
      (error as? CatalogueError)?.description
        == "\(broken), line 2, column 'RA': value '1\\n2' is not a number"
    }
  }
}
