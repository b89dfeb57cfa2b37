/// Rows of a block (block-relative, increasing): the rows listed, or every row but those
/// listed. A cut removes few rows, so the rows it keeps are held as the few it does not: no
/// array of every row is built for each block (which, allocated on one thread and freed on
/// another, also left the allocator's memory growing with the number of blocks).
struct RowList: Sequence, Sendable {
  private let listed: [Int]
  private let excluding: Bool
  /// The rows of the block, for a list of exclusions.
  private let total: Int

  /// The rows `rows`, increasing.
  init(_ rows: [Int]) {
    listed = rows
    excluding = false
    total = 0
  }

  /// Every row of `0 ..< total` but `rows` (increasing).
  init(allBut rows: [Int], of total: Int) {
    listed = rows
    excluding = true
    self.total = total
  }

  var count: Int { excluding ? total - listed.count : listed.count }
  var isEmpty: Bool { count == 0 }
  var underestimatedCount: Int { count }

  /// The first row, if any.
  var first: Int? {
    var rows = makeIterator()
    return rows.next()
  }

  /// The last row, if any.
  var last: Int? {
    guard excluding else { return listed.last }
    var row = total - 1
    for excluded in listed.reversed() where excluded == row { row -= 1 }
    return row >= 0 ? row : nil
  }

  /// The rows as runs of consecutive rows.
  var runs: [Range<Int>] {
    guard excluding else { return RowSelection(rows: listed, total: 0).runs }
    var runs: [Range<Int>] = []
    var start = 0
    for row in listed {
      if row > start { runs.append(start..<row) }
      start = row + 1
    }
    if total > start { runs.append(start..<total) }
    return runs
  }

  func makeIterator() -> Iterator { Iterator(list: self) }

  struct Iterator: IteratorProtocol {
    let list: RowList
    private var row = 0
    private var index = 0

    init(list: RowList) { self.list = list }

    mutating func next() -> Int? {
      guard list.excluding else {
        defer { index += 1 }
        return index < list.listed.count ? list.listed[index] : nil
      }
      while index < list.listed.count && list.listed[index] == row {
        row += 1
        index += 1
      }
      guard row < list.total else { return nil }
      defer { row += 1 }
      return row
    }
  }
}
