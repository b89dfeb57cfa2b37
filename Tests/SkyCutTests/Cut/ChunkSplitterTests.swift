import Testing

@testable import SkyCut

@Suite struct ChunkSplitterTests {
  @Test(arguments: [(0, 1), (0, 4), (1, 1), (1, 3), (10, 3), (10, 10), (10, 15), (1000, 7)])
  func chunksCoverTheRowsInOrderAndDifferByAtMostOne(count: Int, chunks: Int) {
    let ranges = ChunkSplitter(count: count, chunks: chunks).ranges
    #expect(ranges.count == chunks)
    #expect(ranges.first?.lowerBound == 0)
    #expect(ranges.last?.upperBound == count)
    for (a, b) in zip(ranges, ranges.dropFirst()) { #expect(a.upperBound == b.lowerBound) }
    let sizes = ranges.map(\.count)
    #expect((sizes.max() ?? 0) - (sizes.min() ?? 0) <= 1)
    // The larger chunks come first, as divmod's splitter makes them.
    #expect(sizes == sizes.sorted(by: >))
  }

  @Test func matchesTheDivmodFormula() {
    // k, m = divmod(10, 4) = (2, 2): chunks of 3, 3, 2, 2.
    #expect(ChunkSplitter(count: 10, chunks: 4).ranges == [0..<3, 3..<6, 6..<8, 8..<10])
  }
}

/// The rows a block's outputs write: listed, or all but those listed.
@Suite struct RowListTests {
  @Test(arguments: [0, 1, 2, 7, 40])
  func everyFormAgreesWithItsArray(total: Int) {
    var random = TestRandom(seed: UInt64(total) + 3)
    for _ in 0..<50 {
      let excluded = (0..<total).filter { _ in random.next() % 3 == 0 }
      let kept = (0..<total).filter { !excluded.contains($0) }
      for (list, rows) in [
        (RowList(allBut: excluded, of: total), kept), (RowList(excluded), excluded),
      ] {
        #expect(Array(list) == rows)
        #expect(list.count == rows.count && list.isEmpty == rows.isEmpty)
        #expect(list.first == rows.first && list.last == rows.last)
        #expect(list.runs == RowSelection(rows: rows, total: total).runs)
      }
    }
  }
}

/// The union of two increasing row lists against a set's.
@Suite struct RowSelectionTests {
  @Test func mergedIsTheSortedUnion() {
    var random = TestRandom(seed: 21)
    for round in 0..<300 {
      let total = round % 50
      let a = (0..<total).filter { _ in random.next() % 3 == 0 }
      let b = (0..<total).filter { _ in random.next() % (1 + UInt64(round % 5)) == 0 }
      #expect(RowSelection.merged(a, b) == Set(a + b).sorted())
      #expect(RowSelection.merged(b, a) == Set(a + b).sorted())
    }
  }

  /// The in-place merge (a chunk's queried rows into those it decided inside circles), for
  /// disjoint lists of every proportion, either one empty, and rows past the end of the
  /// room left as they were.
  @Test func mergeInPlaceIsTheSortedUnion() {
    var random = TestRandom(seed: 22)
    for round in 0..<300 {
      let total = round % 60
      var existing: [Int] = []
      var others: [Int] = []
      for row in 0..<total {
        switch random.next() % UInt64(2 + round % 4) {
        case 0: existing.append(row)
        case 1: others.append(row)
        default: break
        }
      }
      var room = existing + Array(repeating: -1, count: others.count) + [-7]
      let count = room.withUnsafeMutableBufferPointer { buffer in
        RowSelection.merge(
          into: buffer.baseAddress!, existing: existing.count, count: others.count
        ) { others[$0] }
      }
      #expect(count == existing.count + others.count)
      #expect(Array(room[..<count]) == (existing + others).sorted())
      #expect(room[count] == -7)
    }
  }
}
