import CCFITSIO
import Foundation
import Testing

@testable import SkyCut

/// Damaged and unusable FITS files: a clear error naming the file, never a crash.
@Suite struct BadFITSInputTests {
  func expectError(
    _ path: String, category: CatalogueError.Category, containing text: String,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) {
    do {
      _ = try Catalogue.read(path: path)
      Issue.record("no error for \(path)", sourceLocation: sourceLocation)
    } catch let error as CatalogueError {
      #expect(error.category == category, sourceLocation: sourceLocation)
      #expect(error.description.hasPrefix(path), sourceLocation: sourceLocation)
      #expect(error.description.contains(text), "\(error)", sourceLocation: sourceLocation)
      #expect(!error.description.contains("\n"), sourceLocation: sourceLocation)
      #expect(
        error.description.unicodeScalars.allSatisfy { $0.isASCII && $0.value >= 0x20 },
        "\(error)", sourceLocation: sourceLocation)
    } catch {
      Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
    }
  }

  @Test func notAFITSFile() throws {
    let directory = try TemporaryDirectory()
    let short = try directory.write("RA,DEC\n1,2\n", to: "short.fits")
    expectError(short, category: .dataError, containing: "it is truncated or not a FITS file")
    let long = try directory.write(
      "RA,DEC\n" + String(repeating: "1,2\n", count: 1000), to: "long.fits")
    expectError(long, category: .dataError, containing: "1st key not SIMPLE or XTENSION")
  }

  @Test func emptyFile() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.write("", to: "empty.fits")
    expectError(path, category: .dataError, containing: "not a FITS file")
  }

  @Test func truncatedData() throws {
    let directory = try TemporaryDirectory()
    let full = directory.file("full.fits")
    #expect(SampleTables.writeRich(to: full, vector: false) == 0)
    // Keep the headers and a few bytes of the table's data: NAXIS2 promises more rows.
    let data = try Data(contentsOf: URL(fileURLWithPath: full))
    let truncated = directory.file("truncated.fits")
    try data.prefix(2880 * 3 + 100).write(to: URL(fileURLWithPath: truncated))
    expectError(
      truncated, category: .dataError, containing: "the file is truncated: NAXIS2 = 12 rows")
  }

  /// A gzip file cut short: zlib's error, not a FITS one about the part that came through;
  /// no temporary file is left behind.
  @Test func truncatedGzip() throws {
    let directory = try TemporaryDirectory()
    let plain = repositoryRoot + "/data/objects.fits"
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    let truncated = directory.file("truncated.fits.gz")
    process.arguments = ["-c", "gzip -c \"$0\" | head -c 20000 > \"$1\"", plain, truncated]
    try process.run()
    process.waitUntilExit()
    let temporaries = {
      (try? FileManager.default.contentsOfDirectory(
        atPath: FileManager.default.temporaryDirectory.path))?.filter {
          $0.hasPrefix("skycut-\(getpid())-")
        } ?? []
    }
    let before = Set(temporaries())
    expectError(truncated, category: .dataError, containing: "gzip: unexpected end of file")
    // Tests running beside this one decompress `.gz` inputs into temporaries of this process
    // too, for as long as their reads last: a new one must go away, and a leaked one never
    // does. (Comparing the lists as they were failed when another test's temporary went away
    // in between.)
    var left = Set(temporaries()).subtracting(before)
    let deadline = Date().addingTimeInterval(10)
    while !left.isEmpty && Date() < deadline {
      Thread.sleep(forTimeInterval: 0.05)
      left = left.intersection(temporaries())
    }
    #expect(left.isEmpty, "left behind: \(left.sorted())")
  }

  @Test func onlyAnImage() throws {
    let directory = try TemporaryDirectory()
    let path = directory.file("image.fits")
    #expect(FITSFixture(path: path).primary().image(name: "SCI").close() == 0)
    expectError(path, category: .dataError, containing: "no table HDU in the file")
  }

  @Test func vectorCoordinateColumn() throws {
    let directory = try TemporaryDirectory()
    let path = directory.file("vector.fits")
    #expect(
      FITSFixture(path: path).primary()
        .table(name: "T", columns: [("RA", "2D", "deg"), ("DEC", "D", "deg")], rows: 1).close() == 0
    )
    expectError(
      path, category: .dataError, containing: "column 'RA': value '2D' is not a scalar column")
  }

  @Test func directoryInsteadOfFile() throws {
    let directory = try TemporaryDirectory()
    let path = directory.file("dir.fits")
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    expectError(path, category: .noInput, containing: "it is a directory")
  }

  /// data/objects.fits with one card of the table's header replaced by `card` (80 bytes).
  static func damaged(_ keyword: String, with card: [UInt8], in directory: TemporaryDirectory)
    throws -> String
  {
    var data = try Data(contentsOf: URL(fileURLWithPath: repositoryRoot + "/data/objects.fits"))
    let name = Array(keyword.utf8) + Array(repeating: UInt8(ascii: " "), count: 8 - keyword.count)
    let offset = try #require(
      stride(from: 2880, to: 5760, by: 80).first { Array(data[$0..<($0 + 8)]) == name })
    let padded = card + Array(repeating: UInt8(ascii: " "), count: 80 - card.count)
    data.replaceSubrange(offset..<(offset + 80), with: padded)
    let path = directory.file("damaged-\(keyword).fits")
    try data.write(to: URL(fileURLWithPath: path))
    return path
  }

  static let damagedCards: [(keyword: String, card: String, message: String)] = [
    ("XTENSION", "\u{0}\u{1}garbage\u{7F}", "bytes after HDU 0 do not start with a FITS extension"),
    ("TFORM1", "TFORM1  = 'Z       '", "unknown TFORM datatype code"),
    (
      "NAXIS1", "NAXIS1  =                    3",
      "NAXIS1 = 3 is not equal to the sum of column widths"
    ),
    ("NAXIS2", "NAXIS2  =                   -5", "NAXIS2 = -5 is not a non-negative integer"),
    // Sizes a damaged header may claim: refused before any arithmetic on them can overflow,
    // and a size CFITSIO would accept but SkyCut cannot check past (1.0) is refused too.
    ("PCOUNT", "PCOUNT  =  9223372036854775807", "is not a size that fits in 64 bits"),
    ("BITPIX", "BITPIX  = -9223372036854775808", "BITPIX = -9223372036854775808 is not 8, 16"),
    ("NAXIS1", "NAXIS1  =                  1.0", "NAXIS1 = 1.0 is not a non-negative integer"),
    ("TFIELDS", "TFIELDS =                 9999", "missing TFORMn keyword"),
    // Found by the fuzzer: CFITSIO 4.2 overflows a buffer on a TTYPE value that fills the
    // card without quotes, and ends the process. SkyCut checks headers first.
    ("TTYPE2", "TTYPE2  = " + String(repeating: "X", count: 70), "TTYPE2 is not a quoted string"),
    ("TTYPE3", "TTYPE3  = 'DEC' \u{7F}", "holds the byte 0x7F, which is not printable ASCII"),
    ("END", "\u{1}\u{2}\u{3}", "header card 30 holds the byte 0x1, which is not printable"),
  ]

  @Test(arguments: 0..<damagedCards.count)
  func damagedExtensionHeader(index: Int) throws {
    let directory = try TemporaryDirectory()
    let (keyword, card, message) = Self.damagedCards[index]
    let path = try Self.damaged(keyword, with: Array(card.utf8), in: directory)
    expectError(path, category: .dataError, containing: "\(path)[1]")
    expectError(path, category: .dataError, containing: message)
    // The same through gzip (but for the bytes after the last HDU, which SkyCut measures in
    // plain files only).
    if keyword == "XTENSION" { return }
    let gzip = path + ".gz"
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", "gzip -c \"$0\" > \"$1\"", path, gzip]
    try process.run()
    process.waitUntilExit()
    expectError(gzip, category: .dataError, containing: message)
  }

  @Test func fpackCompressedTableIsRefusedClearly() throws {
    let directory = try TemporaryDirectory()
    let path = directory.file("objects.fits.fz")
    // Compress the sample table as fpack does, with CFITSIO's fits_compress_table.
    var input: UnsafeMutablePointer<fitsfile>?
    var output: UnsafeMutablePointer<fitsfile>?
    var status: Int32 = 0
    ffdkopn(&input, repositoryRoot + "/data/objects.fits", READONLY, &status)
    ffdkinit(&output, path, &status)
    ffcopy(input, output, 0, &status)
    var type: Int32 = 0
    ffmahd(input, 2, &type, &status)
    fits_compress_table(input, output, &status)
    ffclos(output, &status)
    ffclos(input, &status)
    try #require(status == 0)
    expectError(path, category: .dataError, containing: "the table is fpack-compressed (ZTABLE)")
    #expect(CleaningRequest.defaultOutputPath(for: path) == "objects_clean.fits")
    #expect(throws: CatalogueError.self) {
      try CatalogueFormat.inferred(forWritingTo: directory.file("out.fits.fz"))
    }
  }

  /// A damaged variable-length array descriptor (found by the fuzzer: CFITSIO's ffcprw
  /// allocated the length it claimed, gigabytes) is refused before any row is copied.
  @Test func heapDescriptorPastTheHeap() throws {
    let directory = try TemporaryDirectory()
    let path = try #require(FITSCorpus.writeVariable(to: directory.file("variable.fits")))
    // Row 2's HITS descriptor (after RA and DEC, 16 bytes in): claim 2^31 - 1 elements.
    var data = try Data(contentsOf: URL(fileURLWithPath: path))
    let dataStart = try #require(FITSInspector.dataStart(path, hdu: 2))
    let rowWidth = 8 + 8 + 8 + 16 + 8 + 8
    data.replaceSubrange(
      (dataStart + rowWidth + 16)..<(dataStart + rowWidth + 20), with: [0x7F, 0xFF, 0xFF, 0xFF])
    try data.write(to: URL(fileURLWithPath: path))
    let catalogue = try Catalogue.read(path: path, options: .init(hdu: .number(2)))
    #expect {
      try catalogue.write(removingRows: [0], to: directory.file("out.fits"))
    } throws: { error in
      let text = (error as? CatalogueError)?.description ?? ""
      return text.hasPrefix("\(path)[2], row 2, column 'HITS': the variable-length array")
        && text.contains("runs past the end of the heap")
    }
    #expect(!FileManager.default.fileExists(atPath: directory.file("out.fits")))
  }

  @Test func damagedCompressOrZipDataIsAnErrorCFITSIOReports() throws {
    // CFITSIO decompresses compress and zip files itself (and SkyCut checks the headers it
    // reads); data that is not what its magic bytes promise is CFITSIO's error.
    let directory = try TemporaryDirectory()
    var data = try Data(contentsOf: URL(fileURLWithPath: repositoryRoot + "/data/objects.fits"))
    for magic: [UInt8] in [[0x1F, 0x9D], [0x50, 0x4B, 0x03, 0x04]] {
      data.replaceSubrange(0..<magic.count, with: magic)
      let path = directory.file("packed-\(magic[1]).fits")
      try data.write(to: URL(fileURLWithPath: path))
      expectError(path, category: .dataError, containing: "error uncompressing")
    }
  }

  /// A catalogue reached through a symbolic link is the file it links to (the truncation
  /// check once measured the link itself).
  @Test func aSymbolicLinkIsTheFileItLinksTo() throws {
    let directory = try TemporaryDirectory()
    let link = directory.file("linked.fits")
    try FileManager.default.createSymbolicLink(
      atPath: link, withDestinationPath: repositoryRoot + "/data/objects.fits")
    let direct = try Catalogue.read(path: repositoryRoot + "/data/objects.fits")
    let linked = try Catalogue.read(path: link)
    #expect(linked.rowCount == direct.rowCount && linked.positions == direct.positions)
  }

}
