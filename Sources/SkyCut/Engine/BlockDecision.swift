/// What happens to each row of a block: which rows each output writes, with the values of the
/// added columns for those rows, and the counts for the summary.
struct BlockDecision: Sendable {
  /// Rows (block-relative, increasing) the cleaned output writes.
  var kept = RowList([])
  /// Per added column, its values for `kept`.
  var keptValues: [AddedColumn.Values] = []
  /// Rows the rejected output writes.
  var rejected = RowList([])
  /// Per added column, its values for `rejected`.
  var rejectedValues: [AddedColumn.Values] = []
  /// Rows left out of the cleaned output.
  var removed = 0
  /// Rows within reach of a contaminant that were kept and flagged.
  var flagged = 0
  /// Rows with unusable coordinates (dropped or kept by the policy).
  var invalid = 0
  /// Rows outside the footprint (removed, counted in ``removed``; or flagged with its bit).
  var outsideFootprint = 0
  /// Per contaminant catalogue, the rows it removed, and flagged (first).
  var removedBy: [Int] = []
  var flaggedBy: [Int] = []
  /// Per mask bit, the rows removed, and flagged, with it set (empty when not counted).
  var removedWithBit: [Int] = []
  var flaggedWithBit: [Int] = []
  /// A row that stops the run.
  var problem: RowProblem?
}

/// Decides the fate of a block's rows, on a worker thread.
protocol BlockDecider: Sendable {
  func decide(_ block: RowBlock) -> BlockDecision
}

/// The columns a cut can add to the rows it writes.
enum CutColumn: Sendable {
  /// `--flag-column`: true for rows within reach of a contaminant.
  case flag
  /// `--separation-column`: the separation in arcseconds to the nearest contaminant within
  /// reach, NaN when there is none.
  case separation
  /// `--count-column`: how many contaminants are within reach.
  case count
  /// `--mask-column`: the bits of the mask's layers the row is within (bit *k* for the
  /// *k*-th catalogue, without a mask file), in an integer of `bytes` bytes.
  case mask(bytes: Int)
}

/// The cut: rows within reach of a contaminant are removed or flagged, as the mask says; rows
/// with unusable coordinates follow the policy.
struct CutDecider: BlockDecider {
  let cut: BlockCut
  /// Whether the mask only flags: the rejected output then holds the flagged rows (else the
  /// rows left out of the cleaned output).
  let onlyFlags: Bool
  /// Whether a rejected output is written.
  let rejects: Bool
  /// The added columns, in order.
  let columns: [CutColumn]

  func decide(_ block: RowBlock) -> BlockDecision {
    let outcome = cut.run(block)
    var decision = BlockDecision(
      invalid: outcome.unusable.count, removedBy: outcome.removedBy,
      flaggedBy: outcome.flaggedBy, problem: outcome.problem)
    if cut.perLayer {
      decision.removedWithBit = outcome.removedWithBit
      decision.flaggedWithBit = outcome.flaggedWithBit
    }
    if outcome.problem != nil { return decision }
    let dropped = cut.positions.invalidRows == .drop ? outcome.unusable : []
    let outside = outcome.outside
    var left = RowSelection.merged(outcome.removed, dropped)
    if !outside.isEmpty {
      decision.outsideFootprint = outside.count
      if let bit = cut.footprintBit {
        // Kept with the bit: those outside that nothing else removes.
        let kept = outside.count - Set(outside).intersection(left).count
        if bit < decision.flaggedWithBit.count { decision.flaggedWithBit[bit] += kept }
      } else {
        left = RowSelection.merged(left, outside)
      }
    }
    decision.kept = RowList(allBut: left, of: block.count)
    decision.removed = left.count
    decision.flagged = outcome.matched.count - outcome.removed.count
    decision.keptValues = values(for: decision.kept, outcome)
    if rejects {
      decision.rejected = RowList(onlyFlags ? RowSelection.merged(outcome.matched, outside) : left)
      decision.rejectedValues = values(for: decision.rejected, outcome)
    }
    return decision
  }

  /// The added columns' values for `rows` (increasing): a row not within reach has no
  /// neighbours.
  private func values(for rows: RowList, _ outcome: BlockCut.Outcome) -> [AddedColumn.Values] {
    guard !columns.isEmpty else { return [] }
    // Each row's place in `matched` (−1 for none), by walking both lists together: four bytes
    // a row (an array of `Int?`, sixteen, was most of the memory a block's values took).
    let matched = outcome.matched
    var next = 0
    let places = Self.column(rows.count, rows) { row -> Int32 in
      while next < matched.count && matched[next] < row { next += 1 }
      return next < matched.count && matched[next] == row ? Int32(next) : -1
    }
    // With a footprint bit, rows outside the footprint (kept) are flagged with it.
    var outside: [Bool] = []
    if cut.footprintBit != nil && !outcome.outside.isEmpty {
      var next = 0
      outside = Self.column(rows.count, rows) { row in
        while next < outcome.outside.count && outcome.outside[next] < row { next += 1 }
        return next < outcome.outside.count && outcome.outside[next] == row
      }
    }
    let footprintMask = cut.footprintBit.map { 1 << $0 } ?? 0
    let indices = 0..<rows.count
    return columns.map { column in
      switch column {
      case .flag:
        .logical(
          Self.column(rows.count, indices) { places[$0] >= 0 || (!outside.isEmpty && outside[$0]) })
      case .separation:
        .double(
          Self.column(rows.count, indices) {
            places[$0] >= 0 ? outcome.separations[Int(places[$0])] : .nan
          })
      case .count:
        .integer(
          Self.column(rows.count, indices) { places[$0] >= 0 ? outcome.counts[Int(places[$0])] : 0 }
        )
      case .mask(let bytes):
        .bits(
          Self.column(rows.count, indices) { place in
            (places[place] >= 0 ? outcome.bits[Int(places[place])] : 0)
              | (!outside.isEmpty && outside[place] ? footprintMask : 0)
          }, bytes: bytes)
      }
    }
  }

  /// `[value(e) for e in elements]`, `count` of them, written straight into the array's
  /// storage.
  private static func column<Element, Elements: Sequence>(
    _ count: Int, _ elements: Elements, _ value: (Elements.Element) -> Element
  ) -> [Element] {
    [Element](uninitializedCount: count) { buffer, initialized in
      var slot = 0
      for element in elements where slot < count {
        (buffer.baseAddress! + slot).initialize(to: value(element))
        slot += 1
      }
      initialized = slot
    }
  }
}

/// Given rows, written with given values: ``Catalogue``'s writers.
struct SelectionDecider: BlockDecider {
  /// Table rows to write, increasing.
  let rows: [Int]
  /// Added columns with a value for every table row.
  let columns: [AddedColumn]

  func decide(_ block: RowBlock) -> BlockDecision {
    let lower = rows.partitioningIndex { $0 >= block.firstRow }
    let upper = rows.partitioningIndex { $0 >= block.firstRow + block.count }
    let selected = rows[lower..<upper]
    var decision = BlockDecision()
    decision.kept = RowList(selected.map { $0 - block.firstRow })
    decision.keptValues = columns.map { $0.values.selecting(selected) }
    return decision
  }
}

extension Array where Element == Int {
  /// The first index whose element satisfies `predicate`, which must be false for a prefix
  /// of the array and true for the rest.
  func partitioningIndex(where predicate: (Int) -> Bool) -> Int {
    var low = 0
    var high = count
    while low < high {
      let middle = (low + high) / 2
      if predicate(self[middle]) { high = middle } else { low = middle + 1 }
    }
    return low
  }
}
