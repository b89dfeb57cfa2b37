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
}
