import CCFITSIO
import Foundation
import Testing

@testable import SkyCut

/// Every file of the FITS corpus (every column type; files from CFITSIO, astropy and STILTS)
/// goes through a cut on each write path, and the output keeps every kept row, keyword and
/// HDU of the input.
@Suite struct FITSCorpusTests {
  /// Cards the cut adds to the table's header.
  static let provenanceKeywords: Set<String> = [
    "SKYCUT", "SCMAXSEP", "SCNREAD", "SCNREMOV", "SCNCONT", "SCCONT", "HISTORY", "CONTINUE",
    "LONGSTRN", "COMMENT",
  ]
  /// Cards whose values the cut changes.
  static let changedKeywords: Set<String> = ["NAXIS2", "PCOUNT", "CHECKSUM", "DATASUM"]

  static func keyword(_ card: String) -> String {
    String(card.prefix(8)).trimmingCharacters(in: .whitespaces)
  }

  /// The rows of `ras`/`decs` lying strictly within `radius` of a contaminant, by the
  /// haversine formula (independent of SkyCut's chord test).
  static func rowsNear(
    ras: [Double], decs: [Double], contaminants: [(Double, Double)], radius: Double
  ) -> [Int] {
    let radians = Double.pi / 180
    return ras.indices.filter { row in
      contaminants.contains { ra, dec in
        let dDec = (decs[row] - dec) * radians
        let dRA = (ras[row] - ra) * radians
        let h =
          sin(dDec / 2) * sin(dDec / 2)
          + cos(decs[row] * radians) * cos(dec * radians) * sin(dRA / 2) * sin(dRA / 2)
        return 2 * asin(min(1, h.squareRoot())) < radius * radians
      }
    }
  }

  @Test(arguments: FITSCorpus.entries)
  func cutKeepsEveryKeptRowKeywordAndHDU(entry: FITSCorpus.Entry) throws {
    let directory = try TemporaryDirectory()
    let input = try #require(entry.make(directory.path), "CFITSIO could not write the file")
    try Fitsverify.expectValid(input)
    let ras = FITSInspector.doubles(input, hdu: entry.tableHDU, column: "RA")
    let decs = FITSInspector.doubles(input, hdu: entry.tableHDU, column: "DEC")
    try #require(ras.count == FITSCorpus.rows && decs.count == FITSCorpus.rows)
    // A contaminant on every third row, at the position CFITSIO reads (Swift prints a
    // Double so that it reads back exactly).
    let stars = Array(stride(from: 0, to: FITSCorpus.rows, by: 3)).map { (ras[$0], decs[$0]) }
    let csv = "RA,DEC\n" + stars.map { "\($0.0),\($0.1)\n" }.joined()
    let starsPath = try directory.write(csv, to: "stars.csv")
    let removed = Self.rowsNear(ras: ras, decs: decs, contaminants: stars, radius: 1.0 / 3600)
    #expect(removed == Array(stride(from: 0, to: FITSCorpus.rows, by: 3)))

    let options = CatalogueReadOptions(hdu: .number(entry.tableHDU))
    // The path the command takes (streaming where the table allows it), plain and gzip.
    for name in ["cut.fits", "cut.fits.gz"] {
      let summary = try CatalogueCleaner.clean(
        CleaningRequest(
          objectsPath: input, contaminantsPath: starsPath, radius: .arcseconds(1),
          outputPath: directory.file(name), objectOptions: options))
      #expect(summary.removed == removed.count)
    }
    // The general, in-memory path.
    let catalogue = try Catalogue.read(path: input, options: options)
    try catalogue.write(removingRows: removed, to: directory.file("general.fits"))

    try gunzip(directory.file("cut.fits.gz"), to: directory.file("unzipped.fits"))
    for name in ["cut.fits", "unzipped.fits", "general.fits"] {
      try expectFaithfulCut(
        of: input, table: entry.tableHDU, removing: removed, output: directory.file(name))
    }
  }

  /// Added columns on every binary table of the corpus (variable-length arrays included): all
  /// rows kept and flagged, every input cell unchanged, the added cells right, the rejected
  /// rows' file too, fitsverify content.
  @Test(arguments: FITSCorpus.entries.filter { $0.name != "cfitsio_ascii" })
  func addedColumnsKeepEveryCell(entry: FITSCorpus.Entry) throws {
    let directory = try TemporaryDirectory()
    let input = try #require(entry.make(directory.path), "CFITSIO could not write the file")
    // A contaminant on every third row, at the position CFITSIO reads.
    let ras = FITSInspector.doubles(input, hdu: entry.tableHDU, column: "RA")
    let decs = FITSInspector.doubles(input, hdu: entry.tableHDU, column: "DEC")
    let stars = stride(from: 0, to: FITSCorpus.rows, by: 3).map { "\(ras[$0]),\(decs[$0])\n" }
    let starsPath = try directory.write("RA,DEC\n" + stars.joined(), to: "stars.csv")
    var request = CleaningRequest(
      objectsPath: input, contaminantsPath: starsPath, radius: .arcseconds(1),
      outputPath: directory.file("flagged.fits"),
      objectOptions: CatalogueReadOptions(hdu: .number(entry.tableHDU)))
    request.flagColumn = "NEAR"
    request.countColumn = "NCONT"
    request.rejectedPath = directory.file("rejected.fits")
    request.blockBytes = 700  // several blocks
    let summary = try CatalogueCleaner.clean(request)
    #expect(summary.flagged == FITSCorpus.rows / 3 && summary.kept == FITSCorpus.rows)
    let near = (0..<FITSCorpus.rows).map { $0 % 3 == 0 }
    let inputCells = FITSInspector.cells(input, hdu: entry.tableHDU)
    for (name, rows) in [
      ("flagged.fits", Array(0..<FITSCorpus.rows)),
      ("rejected.fits", Array(stride(from: 0, to: FITSCorpus.rows, by: 3))),
    ] {
      let output = directory.file(name)
      try Fitsverify.expectValid(output)
      let cells = FITSInspector.cells(output, hdu: entry.tableHDU)
      #expect(cells.map { Array($0.dropLast(2)) } == rows.map { inputCells[$0] }, "\(name)")
      #expect(
        cells.map { Array($0.suffix(2)) }
          == rows.map { ["[\(near[$0] ? 1 : 0)]", "[\(near[$0] ? 1 : 0)]"] }, "\(name)")
    }
  }

  /// Checks that `output` is `input` with `removing` rows cut from HDU `table`.
  func expectFaithfulCut(
    of input: String, table: Int, removing removed: [Int], output: String,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) throws {
    try Fitsverify.expectValid(output, sourceLocation: sourceLocation)
    let count = FITSInspector.hduCount(input)
    #expect(FITSInspector.hduCount(output) == count, sourceLocation: sourceLocation)
    let inputHeaders = FITSInspector.headers(input)
    let outputHeaders = FITSInspector.headers(output)
    for hdu in 0..<count where hdu != table {
      #expect(outputHeaders[safe: hdu] == inputHeaders[hdu], sourceLocation: sourceLocation)
      #expect(
        FITSInspector.dataBytes(output, hdu: hdu) == FITSInspector.dataBytes(input, hdu: hdu),
        "HDU \(hdu) data", sourceLocation: sourceLocation)
    }
    // The table's header: every input card is kept (but the counts and checksums), and the
    // only cards added are the provenance.
    let kept = { (cards: [String]) in
      cards.filter { !Self.changedKeywords.contains(Self.keyword($0)) }
    }
    let inputCards = kept(inputHeaders[table])
    let outputCards = kept(outputHeaders[safe: table] ?? [])
    let added = outputCards.filter { !inputCards.contains($0) }
    #expect(
      outputCards.filter { inputCards.contains($0) } == inputCards,
      sourceLocation: sourceLocation)
    #expect(
      added.allSatisfy { Self.provenanceKeywords.contains(Self.keyword($0)) }, "\(added)",
      sourceLocation: sourceLocation)
    // The rows: every cell's value, and the bytes when the table has no heap.
    let keep = { (rows: [[String]]) in
      rows.enumerated().filter { !removed.contains($0.offset) }.map(\.element)
    }
    let cells = FITSInspector.cells(input, hdu: table)
    #expect(cells.count == FITSCorpus.rows, sourceLocation: sourceLocation)
    #expect(
      FITSInspector.cells(output, hdu: table) == keep(cells), sourceLocation: sourceLocation)
    let pcount = inputHeaders[table].first { Self.keyword($0) == "PCOUNT" }
    if let pcount, pcount.dropFirst(10).prefix(20).trimmingCharacters(in: .whitespaces) == "0" {
      let rows = FITSInspector.rowBytes(input, hdu: table)
      #expect(
        FITSInspector.rowBytes(output, hdu: table)
          == rows.enumerated().filter { !removed.contains($0.offset) }.map(\.element),
        sourceLocation: sourceLocation)
    }
    if inputHeaders[table].contains(where: { Self.keyword($0) == "CHECKSUM" }) {
      #expect(FITSInspector.checksumsAreValid(output, hdu: table), sourceLocation: sourceLocation)
    }
  }

  func gunzip(_ path: String, to target: String) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", "gzip -dc \"$0\" > \"$1\"", path, target]
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
  }
}
