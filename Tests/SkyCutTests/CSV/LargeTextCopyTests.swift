import Foundation
import Testing

@testable import SkyCut

/// A CSV copy of megabytes: kept records that follow one another go out as runs, those of
/// 64 KiB or more straight from the block (past the sink's buffer), and the output's
/// writeback is started every 8 MiB. The output must be the input's records less the removed
/// ones, byte for byte, blank lines dropped, for any block size and number of threads.
@Suite struct LargeTextCopyTests {
  /// About 11 MB of objects; every 3,001st row has a contaminant on it, and a blank line
  /// follows every 20,000th (a blank line is not a record, so it breaks a run): most runs
  /// are over 64 KiB.
  private static func table() -> (text: String, expected: String, stars: String, removed: Int) {
    var text = "ID,RA,DEC,NAME\n"
    var expected = text
    var stars = "RA,DEC\n"
    var removed = 0
    for row in 0..<230_000 {
      let ra = (Double(row) * 0.013_7).truncatingRemainder(dividingBy: 360)
      let dec = -80 + (Double(row) * 0.001_23).truncatingRemainder(dividingBy: 160)
      // A quoted name with the delimiter in it now and then: still copied byte for byte.
      let name = row % 7 == 0 ? "\"OBJ \(row), deep field\"" : "OBJ\(row)"
      let line = "\(row),\(ra),\(dec),\(name)\n"
      text += line
      if row % 3_001 == 0 {
        stars += "\(ra),\(dec)\n"
        removed += 1
      } else {
        expected += line
      }
      if row % 20_000 == 19_999 { text += "\n" }
    }
    return (text, expected, stars, removed)
  }

  @Test(arguments: [1 << 20, TextRowSource.blockBytes])
  func theCopyIsTheInputLessTheRemovedRows(blockBytes: Int) throws {
    let directory = try TemporaryDirectory()
    let (text, expected, stars, removed) = Self.table()
    #expect(text.utf8.count > 10_000_000)
    let objects = try directory.write(text, to: "objects.csv")
    let contaminants = try directory.write(stars, to: "stars.csv")
    for jobs in [1, 2] {
      let output = directory.file("clean-\(blockBytes)-\(jobs).csv")
      var request = CleaningRequest(
        objectsPath: objects, contaminantsPath: contaminants, radius: .arcseconds(0.1),
        outputPath: output, runner: ParallelRunner(jobs: jobs))
      request.blockBytes = blockBytes
      let summary = try CatalogueCleaner.clean(request)
      #expect(summary.removed == removed)
      // Compared as a whole (`Data`'s `==`, a `memcmp`), the first difference found only on
      // a failure: a failed `==` on two 10 MB collections in `#expect` would have the test
      // library diff them element by element.
      let written = try Data(contentsOf: URL(fileURLWithPath: output))
      let wanted = Data(expected.utf8)
      let same = written == wanted
      let first =
        same ? nil : zip(written.indices, wanted.indices).first { written[$0.0] != wanted[$0.1] }?.0
      #expect(
        same,
        "\(written.count) bytes written, \(wanted.count) expected, first difference at \(String(describing: first))"
      )
    }
  }
}
