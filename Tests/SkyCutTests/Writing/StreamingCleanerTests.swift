import CCFITSIO
import Foundation
import Testing

@testable import SkyCut

/// The engine writes the same file for any block size and number of threads, and the same
/// file as ``Catalogue``'s writer given the rows the cut removes.
@Suite struct StreamingCleanerTests {
  /// Cleans `objects` both ways and returns the two output paths.
  func bothWays(
    objects: String, contaminants: String, radius: Angle, blockBytes: Int, jobs: Int,
    in directory: TemporaryDirectory
  ) throws -> (streamed: String, general: String, summary: CleaningSummary) {
    let streamed = directory.file("streamed-\(blockBytes)-\(jobs).fits")
    let general = directory.file("general-\(blockBytes)-\(jobs).fits")
    var request = CleaningRequest(
      objectsPath: objects, contaminantsPath: contaminants, radius: radius, outputPath: streamed,
      runner: ParallelRunner(jobs: jobs))
    request.blockBytes = blockBytes
    let contaminantCatalogue = try Catalogue.read(path: contaminants)
    let summary = try CatalogueCleaner.clean(request)
    let catalogue = try Catalogue.read(path: objects)
    let removed = try catalogue.cut(against: [contaminantCatalogue], radius: radius).rows
    try catalogue.write(
      removingRows: removed, to: general,
      options: .init(
        provenance: CutProvenance(
          radius: radius, contaminantPaths: [contaminants],
          contaminantCount: contaminantCatalogue.rowCount, rowsRead: catalogue.rowCount,
          rowsRemoved: removed.count)))
    #expect(summary.removed == removed.count)
    return (streamed, general, summary)
  }

  @Test(arguments: [50, 500, 4096, 1 << 20])
  func sampleFilesAreIdenticalForAnyBlockSize(blockBytes: Int) throws {
    let directory = try TemporaryDirectory()
    for jobs in [1, 2] {
      let (streamed, general, summary) = try bothWays(
        objects: repositoryRoot + "/data/objects.fits",
        contaminants: repositoryRoot + "/data/contaminants.fits", radius: .degrees(1),
        blockBytes: blockBytes, jobs: jobs, in: directory)
      #expect(summary.removed == 159)
      #expect(
        try Data(contentsOf: URL(fileURLWithPath: streamed))
          == Data(contentsOf: URL(fileURLWithPath: general)))
    }
  }

  @Test(arguments: [500, 1 << 20])
  func gzipInputIsReadThroughCFITSIO(blockBytes: Int) throws {
    let directory = try TemporaryDirectory()
    let plain = try Data(contentsOf: URL(fileURLWithPath: repositoryRoot + "/data/objects.fits"))
    let gzip = directory.file("objects.fits.gz")
    try plain.write(to: URL(fileURLWithPath: directory.file("objects.fits")))
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", "gzip -c '\(directory.file("objects.fits"))' > '\(gzip)'"]
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    for jobs in [1, 2] {
      let (streamed, general, summary) = try bothWays(
        objects: gzip, contaminants: repositoryRoot + "/data/contaminants.fits",
        radius: .degrees(1), blockBytes: blockBytes, jobs: jobs, in: directory)
      #expect(summary.removed == 159)
      #expect(
        try Data(contentsOf: URL(fileURLWithPath: streamed))
          == Data(contentsOf: URL(fileURLWithPath: general)))
    }
  }

  @Test func richTableWithScaledCoordinatesAndTrailingImage() throws {
    let directory = try TemporaryDirectory()
    let objects = directory.file("rich.fits")
    #expect(SampleTables.writeRich(to: objects) == 0)
    // Contaminants on every third object: removes objects 0, 3, 6, 9 and nothing else.
    let stars = try directory.write(
      "RA,DEC\n"
        + [0, 3, 6, 9].map { "\(SampleTables.ra[$0]),\(SampleTables.dec[$0])" }
        .joined(separator: "\n"), to: "stars.csv")
    for blockBytes in [1, 200, 1 << 20] {
      let (streamed, general, summary) = try bothWays(
        objects: objects, contaminants: stars, radius: .arcseconds(1), blockBytes: blockBytes,
        jobs: 2, in: directory)
      #expect(summary.removed == 4)
      #expect(
        try Data(contentsOf: URL(fileURLWithPath: streamed))
          == Data(contentsOf: URL(fileURLWithPath: general)))
      #expect(FITSInspector.pixels(streamed, hdu: 2) == [1, 2, 3, 4, 5, 6])
    }
  }

  @Test func invalidCoordinateNamesTheRowInAnyBlock() throws {
    let directory = try TemporaryDirectory()
    let objects = directory.file("bad.fits")
    var dec = [Double](repeating: 10, count: 40)
    dec[25] = 95
    dec[33] = .nan
    #expect(
      FITSFixture(path: objects).primary()
        .table(name: "T", columns: [("RA", "D", "deg"), ("DEC", "D", "deg")], rows: 40)
        .doubles(1, (0..<40).map(Double.init)).doubles(2, dec).close() == 0)
    let stars = try directory.write("RA,DEC\n0,0\n", to: "stars.csv")
    for blockBytes in [16, 160, 1 << 20] {
      var request = CleaningRequest(
        objectsPath: objects, contaminantsPath: stars, radius: .degrees(1),
        outputPath: directory.file("out.fits"), runner: ParallelRunner(jobs: 2))
      request.blockBytes = blockBytes
      #expect {
        try CatalogueCleaner.clean(request)
      } throws: { error in
        // Whatever the blocks, the first bad row is named and every bad row counted.
        (error as? CatalogueError)?.description
          == "\(objects)[1], row 26, column 'DEC': value 95.0 is outside [-90, 90] degrees (2 rows have invalid coordinates; this is the first)"
      }
      #expect(directory.contents() == ["bad.fits", "stars.csv"])
    }
  }

  @Test func decoderAgreesWithCFITSIO() throws {
    let directory = try TemporaryDirectory()
    let path = directory.file("rich.fits")
    #expect(SampleTables.writeRich(to: path) == 0)
    let file = try FITSFile.open(readingAtPath: path)
    defer { try? file.close() }
    try file.moveToExtension(1)
    let columns = try file.columns()
    let layout = try #require(BinaryRowLayout(columns: columns, rowWidth: try file.rowWidth()))
    let rows = FITSInspector.rowBytes(path, hdu: 1)
    for column in columns
    where ![.string, .logical].contains(column.type) && column.repeatCount == 1 {
      let decoder = try #require(
        ColumnDecoder(column: column, offset: layout.offsets[column.number - 1], file: file))
      var expected = [Double](repeating: 0, count: 12)
      try expected.withUnsafeMutableBufferPointer {
        try file.readDoubles(column: column, firstRow: 1, into: $0)
      }
      let decoded = rows.map { bytes in bytes.withUnsafeBytes { decoder.value(in: $0.baseAddress!) }
      }
      #expect(
        zip(decoded, expected).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) },
        "column \(column.name)")
    }
  }
}
