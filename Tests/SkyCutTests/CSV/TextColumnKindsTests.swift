import Foundation
import Testing

@testable import SkyCut

/// Column types inferred from a text table: in parallel chunks of small blocks, the same as
/// one pass over every value in order.
@Suite struct TextColumnKindsTests {
  @Test(arguments: [1, 2, 8])
  func chunksAgreeWithOnePassInOrder(jobs: Int) throws {
    var random = TestRandom(seed: 42)
    let pool = [
      "", " ", "1", "-7", "+3", "2.5", "1e3", "nan", "true", "F", "abc", "\"x,y\"",
      "9223372036854775808",
    ]
    // Columns drawn from narrowing pools, so that each ends as a different kind.
    let pools = [
      Array(pool[0...4]), Array(pool[0...6]), ["", "T", "false", "true"], pool, ["1", "2"], [""],
    ]
    let rows = (0..<500).map { _ in pools.map { $0[Int(random.next() % UInt64($0.count))] } }
    let text = "a,b,c,d,e,f\n" + rows.map { $0.joined(separator: ",") + "\n" }.joined()
    let directory = try TemporaryDirectory()
    let path = try directory.write(text, to: "t.csv")
    var expected = Array(repeating: TextColumnKinds.Inference(), count: 6)
    for row in rows {
      for (column, field) in row.enumerated() {
        expected[column].add(field.hasPrefix("\"") ? String(field.dropFirst().dropLast()) : field)
      }
    }
    for blockBytes in [7, 300, 1 << 20] {
      let kinds = try TextColumnKinds.infer(
        TextRowSource(path: path, format: .csv, blockBytes: blockBytes),
        runner: ParallelRunner(jobs: jobs))
      #expect(kinds.kinds == expected.map(\.kind))
      #expect(kinds.hasNulls == expected.map(\.hasNulls))
      #expect(kinds.rows == 500)
    }
    #expect(
      expected.map(\.kind) == [
        .integer, .double, .logical, .string(width: 19), .integer, .string(width: 1),
      ])
  }
}
