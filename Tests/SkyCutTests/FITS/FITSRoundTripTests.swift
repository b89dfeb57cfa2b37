import CCFITSIO
import Foundation
import Testing

@testable import SkyCut

@Suite struct FITSRoundTripTests {
  let removed = [0, 3, 4, 9]
  var kept: [Int] { (0..<12).filter { !removed.contains($0) } }

  @Test func everyRowKeywordAndHDUSurvives() throws {
    let directory = try TemporaryDirectory()
    let input = directory.file("in.fits")
    #expect(SampleTables.writeRich(to: input) == 0)
    let catalogue = try Catalogue.read(path: input)
    #expect(catalogue.rowCount == 12)
    #expect(catalogue.extensionNumber == 1)
    #expect(catalogue.coordinates.first == "RA" && catalogue.coordinates.second == "DEC")
    let output = directory.file("out.fits")
    let provenance = CutProvenance(
      radius: .arcseconds(30), contaminantPaths: ["stars.fits"], contaminantCount: 7,
      rowsRead: 12, rowsRemoved: removed.count)
    try catalogue.write(removingRows: removed, to: output, options: .init(provenance: provenance))

    // Rows: byte for byte.
    let inputRows = FITSInspector.rowBytes(input, hdu: 1)
    let outputRows = FITSInspector.rowBytes(output, hdu: 1)
    #expect(inputRows.count == 12)
    #expect(outputRows == kept.map { inputRows[$0] })

    // Headers: the primary and image HDUs unchanged; the table's cards all kept in order,
    // NAXIS2 updated, the provenance after them.
    let before = FITSInspector.headers(input)
    let after = FITSInspector.headers(output)
    #expect(after.count == 3)
    #expect(after[0] == before[0])
    #expect(after[2] == before[2])
    let isNAXIS2 = { (card: String) in card.hasPrefix("NAXIS2  =") }
    let expectedTable = before[1]
    #expect(
      after[1].prefix(expectedTable.count).filter { !isNAXIS2($0) }
        == expectedTable.filter { !isNAXIS2($0) })
    #expect(after[1].first(where: isNAXIS2)?.hasPrefix("NAXIS2  =                    8") == true)
    let added = after[1].dropFirst(expectedTable.count).map { String($0.prefix(8)) }
    #expect(
      added.starts(with: ["SKYCUT  ", "SCMAXSEP", "SCNREAD ", "SCNREMOV", "SCNCONT ", "SCCONT  "]))
    #expect(added.contains("HISTORY "))
    #expect(FITSInspector.pixels(output, hdu: 2) == [1, 2, 3, 4, 5, 6])
  }

  @Test func provenanceValues() throws {
    let directory = try TemporaryDirectory()
    let input = directory.file("in.fits")
    #expect(SampleTables.writeRich(to: input) == 0)
    let output = directory.file("out.fits")
    let provenance = CutProvenance(
      radius: .arcseconds(36), contaminantPaths: ["dir/stars.fits"], contaminantCount: 7,
      rowsRead: 12, rowsRemoved: 4)
    try Catalogue.read(path: input).write(
      removingRows: removed, to: output, options: .init(provenance: provenance))
    let cards = FITSInspector.headers(output)[1]
    #expect(cards.contains { $0.hasPrefix("SCMAXSEP=                 0.01 /") })
    #expect(cards.contains { $0.hasPrefix("SCNREMOV=                    4 /") })
    #expect(cards.contains { $0.hasPrefix("SCCONT  = 'dir/stars.fits'") })
    let history = cards.filter { $0.hasPrefix("HISTORY ") }.map { $0.dropFirst(8) }.joined()
    #expect(
      history.contains(
        "removed the rows lying closer than 36 arcsec to any of 7 contaminants in stars.fits"))
    #expect(cards.contains { $0.hasPrefix("SCNREAD =                   12 /") })
  }

  @Test func noRowsKeptGivesAnEmptyValidTable() throws {
    let directory = try TemporaryDirectory()
    let input = directory.file("in.fits")
    #expect(SampleTables.writeRich(to: input) == 0)
    let output = directory.file("out.fits")
    try Catalogue.read(path: input).write(removingRows: Array(0..<12), to: output)
    #expect(FITSInspector.rowBytes(output, hdu: 1).isEmpty)
    let reread = try Catalogue.read(path: output)
    #expect(reread.rowCount == 0)
    #expect(reread.columnNames.count == 10)
  }

  @Test func gzipInAndOut() throws {
    let directory = try TemporaryDirectory()
    let plain = directory.file("in.fits")
    #expect(SampleTables.writeRich(to: plain) == 0)
    let output = directory.file("out.fits.gz")
    try Catalogue.read(path: plain).write(removingRows: removed, to: output)
    let bytes = try Data(contentsOf: URL(fileURLWithPath: output))
    #expect(bytes.prefix(2) == Data([0x1F, 0x8B]))  // gzip magic
    let reread = try Catalogue.read(path: output)
    #expect(reread.rowCount == 8)
    #expect(
      FITSInspector.rowBytes(output, hdu: 1)
        == FITSInspector.rowBytes(plain, hdu: 1).enumerated()
        .filter { !removed.contains($0.offset) }.map(\.element))
    #expect(directory.contents() == ["in.fits", "out.fits.gz"])
  }

  @Test func namesAreTakenLiterally() throws {
    let directory = try TemporaryDirectory()
    let input = directory.file("odd[1]!name.fits")
    #expect(SampleTables.writeRich(to: input) == 0)
    let output = directory.file("!out[2].fits")
    try Catalogue.read(path: input).write(removingRows: removed, to: output)
    #expect(FileManager.default.fileExists(atPath: output))
    #expect(FITSInspector.rowBytes(output, hdu: 1).count == 8)
    // A name that looks like a URL is a path too ("http:" is a directory here).
    try FileManager.default.createDirectory(
      atPath: directory.file("http:"), withIntermediateDirectories: true)
    let url = directory.file("http://example.org.fits")
    try Catalogue.read(path: input).write(removingRows: removed, to: url)
    #expect(try Catalogue.read(path: url).rowCount == 8)
    #expect(FileManager.default.fileExists(atPath: directory.file("http:/example.org.fits")))
  }

  @Test func checksumIsRecomputedWhenTheInputHadOne() throws {
    let directory = try TemporaryDirectory()
    let input = directory.file("in.fits")
    #expect(SampleTables.writeRich(to: input) == 0)
    // Add CHECKSUM/DATASUM to the table HDU.
    var handle: UnsafeMutablePointer<fitsfile>?
    var status: Int32 = 0
    ffdkopn(&handle, input, READWRITE, &status)
    var type: Int32 = 0
    ffmahd(handle, 2, &type, &status)
    ffpcks(handle, &status)
    ffclos(handle, &status)
    #expect(status == 0)
    let output = directory.file("out.fits")
    try Catalogue.read(path: input).write(removingRows: removed, to: output)
    ffdkopn(&handle, output, READONLY, &status)
    ffmahd(handle, 2, &type, &status)
    var dataOK: Int32 = 0
    var hduOK: Int32 = 0
    ffvcks(handle, &dataOK, &hduOK, &status)
    ffclos(handle, &status)
    #expect(status == 0)
    #expect(dataOK == 1 && hduOK == 1)
  }

  @Test func selectsHDUByNumberOrName() throws {
    let directory = try TemporaryDirectory()
    let input = directory.file("in.fits")
    #expect(SampleTables.writeRich(to: input) == 0)
    #expect(try Catalogue.read(path: input, options: .init(hdu: .number(1))).rowCount == 12)
    #expect(try Catalogue.read(path: input, options: .init(hdu: .name("objects"))).rowCount == 12)
    #expect {
      try Catalogue.read(path: input, options: .init(hdu: .number(2)))
    } throws: { error in
      (error as? CatalogueError)?.description == "\(input)[2]: HDU is an image, not a table"
    }
    #expect {
      try Catalogue.read(path: input, options: .init(hdu: .number(5)))
    } throws: { error in
      (error as? CatalogueError)?.description == "\(input): no HDU 5; the file has HDUs 0 to 2"
    }
    #expect {
      try Catalogue.read(path: input, options: .init(hdu: .name("STARS")))
    } throws: { error in
      (error as? CatalogueError)?.description == "\(input): no HDU with EXTNAME 'STARS'"
    }
  }
}
