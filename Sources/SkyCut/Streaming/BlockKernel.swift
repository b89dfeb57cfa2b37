/// The parallel part of the streaming cut: decode, convert and test the rows of one block.
struct BlockKernel: Sendable {
  let first: ColumnDecoder
  let second: ColumnDecoder
  let converter: CoordinateConverter
  let index: ContaminantIndex
  let width: Int
  /// Chunks per block: two per thread, enough to balance the threads while keeping chunks
  /// large, so that visiting a chunk's positions in zone order reuses the cache.
  let chunksPerBlock: Int
  private let scratch: ScratchPool

  init(
    first: ColumnDecoder, second: ColumnDecoder, converter: CoordinateConverter,
    index: ContaminantIndex, width: Int, runner: ParallelRunner
  ) {
    self.first = first
    self.second = second
    self.converter = converter
    self.index = index
    self.width = width
    chunksPerBlock = max(1, runner.jobs * 2)
    scratch = ScratchPool(count: chunksPerBlock)
  }

  /// What one block (or chunk) gave.
  struct Outcome: Sendable {
    /// Block-relative rows with a contaminant closer than the radius, increasing.
    var matched: [Int]
    /// The first row with an invalid coordinate, if any (block-relative).
    var invalid: InvalidCoordinates?
  }

  /// Splits the block's rows into chunks (the divmod splitter), runs them on the runner's
  /// threads and joins the chunks' results in row order, each chunk's local rows shifted by
  /// its first row.
  func run(rows: Int, bytes: UnsafeRawBufferPointer, runner: ParallelRunner) -> Outcome {
    guard rows > 0, let base = bytes.baseAddress else { return Outcome(matched: []) }
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
    var result = Outcome(matched: [])
    result.matched.reserveCapacity(parts.reduce(0) { $0 + $1.matched.count })
    for part in parts {
      result.matched += part.matched
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
    var outcome = Outcome(matched: [])
    scratch.reserve(range.count)
    let points = scratch.points
    var count = 0
    var row = base + range.lowerBound * width
    for local in 0..<range.count {
      let a = first.value(in: row)
      let b = second.value(in: row)
      if let point = converter.queryPoint(a, b) {
        (points + count).initialize(to: point)
        count += 1
      } else {
        outcome.invalid.record(converter.invalid(row: local, a, b))
      }
      row += width
    }
    if outcome.invalid != nil { return outcome }
    outcome.matched = CutKernel.matchedRows(
      UnsafeMutableBufferPointer(start: points, count: count), index: index, scratch: scratch)
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
