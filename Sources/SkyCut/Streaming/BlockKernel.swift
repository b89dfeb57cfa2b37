/// The parallel part of the streaming cut: decode, convert and test the rows of one block.
struct BlockKernel: Sendable {
  let first: ColumnDecoder
  let second: ColumnDecoder
  let converter: CoordinateConverter
  /// One index per contaminant catalogue.
  let indexes: [ContaminantIndex]
  let width: Int
  /// What to do with rows whose coordinates are unusable.
  let invalidRows: InvalidRowPolicy
  /// Chunks per block: two per thread, enough to balance the threads while keeping chunks
  /// large, so that visiting a chunk's positions in zone order reuses the cache.
  let chunksPerBlock: Int
  private let scratch: ScratchPool

  init(
    first: ColumnDecoder, second: ColumnDecoder, converter: CoordinateConverter,
    indexes: [ContaminantIndex], width: Int, invalidRows: InvalidRowPolicy,
    runner: ParallelRunner
  ) {
    self.invalidRows = invalidRows
    self.first = first
    self.second = second
    self.converter = converter
    self.indexes = indexes
    self.width = width
    chunksPerBlock = max(1, runner.jobs * 2)
    scratch = ScratchPool(count: chunksPerBlock)
  }

  /// What one block (or chunk) gave.
  struct Outcome: Sendable {
    /// Block-relative rows to leave out, increasing: those with a contaminant closer than the
    /// radius, and under ``InvalidRowPolicy/drop`` those with unusable coordinates.
    var matched: [Int]
    /// Under ``InvalidRowPolicy/error``, the first row with an unusable coordinate
    /// (block-relative); the run stops there.
    var invalid: InvalidCoordinates?
    /// How many rows had unusable coordinates (dropped or kept by the policy).
    var invalidCount = 0
    /// Per catalogue, how many rows it matched first (see ``SeparationCut/Result``).
    var removedBy: [Int] = []
  }

  /// Splits the block's rows into chunks (the divmod splitter), runs them on the runner's
  /// threads and joins the chunks' results in row order, each chunk's local rows shifted by
  /// its first row.
  func run(rows: Int, bytes: UnsafeRawBufferPointer, runner: ParallelRunner) -> Outcome {
    let none = Outcome(matched: [], removedBy: Array(repeating: 0, count: indexes.count))
    guard rows > 0, let base = bytes.baseAddress else { return none }
    let shared = SharedRows(base: base)
    let splitter = ChunkSplitter(count: rows, chunks: min(rows, chunksPerBlock))
    let parts = runner.mapChunks(splitter) { number, range in
      var outcome = self.chunk(range, shared.base, scratch: self.scratch.scratches[number])
      outcome.matched = outcome.matched.map { $0 + range.lowerBound }
      if let invalid = outcome.invalid {
        outcome.invalid?.row = invalid.row + range.lowerBound
      }
      return outcome
    }
    var result = none
    result.matched.reserveCapacity(parts.reduce(0) { $0 + $1.matched.count })
    for part in parts {
      result.matched += part.matched
      result.invalidCount += part.invalidCount
      for catalogue in indexes.indices {
        result.removedBy[catalogue] += part.removedBy.isEmpty ? 0 : part.removedBy[catalogue]
      }
      if let invalid = part.invalid { result.invalid.record(invalid) }
    }
    return result
  }

  /// The kernel proper: decode and convert the chunk's rows, then test them; local
  /// (chunk-relative) rows. A chunk with an invalid coordinate reports it and tests nothing,
  /// since the run stops there.
  private func chunk(_ range: Range<Int>, _ base: UnsafeRawPointer, scratch: CutScratch)
    -> Outcome
  {
    var outcome = Outcome(matched: [], removedBy: Array(repeating: 0, count: indexes.count))
    scratch.reserve(range.count)
    let points = scratch.points
    var count = 0
    var unusable: [Int] = []  // chunk rows with unusable coordinates
    var row = base + range.lowerBound * width
    for local in 0..<range.count {
      let a = first.value(in: row)
      let b = second.value(in: row)
      if let point = converter.queryPoint(a, b) {
        (points + count).initialize(to: point)
        count += 1
      } else if invalidRows == .error {
        outcome.invalid.record(converter.invalid(row: local, a, b))
      } else {
        unusable.append(local)
      }
      row += width
    }
    if outcome.invalid != nil { return outcome }
    var matched = CutKernel.matchedRows(
      UnsafeMutableBufferPointer(start: points, count: count), indexes: indexes, scratch: scratch,
      removedBy: &outcome.removedBy)
    outcome.invalidCount = unusable.count
    if !unusable.isEmpty {
      // Point i is the i-th usable row: map back, then add the unusable rows when dropped.
      let usable = RowSelection.complement(of: unusable, total: range.count).rows
      matched = matched.map { usable[$0] }
      if invalidRows == .drop { matched = (matched + unusable).sorted() }
    }
    outcome.matched = matched
    return outcome
  }
}

/// A block's bytes, read by several threads at once.
///
/// `@unchecked Sendable`: the block is filled before the parallel phase starts and not touched
/// until every thread has finished (`ParallelRunner.map` returns only then), so the threads
/// only ever read it.
struct SharedRows: @unchecked Sendable {
  let base: UnsafeRawPointer
}
