/// The parallel part of the streaming cut: decode, convert and test the rows of one block.
struct BlockKernel: Sendable {
  let first: ColumnDecoder
  let second: ColumnDecoder
  let converter: CoordinateConverter
  let index: ContaminantIndex
  let width: Int

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
    let chunks = min(rows, max(1, runner.jobs * 2))
    let splitter = ChunkSplitter(count: rows, chunks: chunks)
    let parts = runner.map(splitter) { range in
      var outcome = self.chunk(range, shared.base)
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
  private func chunk(_ range: Range<Int>, _ base: UnsafeRawPointer) -> Outcome {
    var outcome = Outcome(matched: [])
    var positions: [UnitVector] = []
    var longitudes: [Double] = []
    positions.reserveCapacity(range.count)
    longitudes.reserveCapacity(range.count)
    var row = base + range.lowerBound * width
    for local in 0..<range.count {
      let a = first.value(in: row)
      let b = second.value(in: row)
      if let vector = converter.vector(a, b) {
        positions.append(vector)
        longitudes.append(converter.longitude(a, b))
      } else {
        outcome.invalid.record(converter.invalid(row: local, a, b))
      }
      row += width
    }
    if outcome.invalid != nil { return outcome }
    outcome.matched = positions.withUnsafeBufferPointer { positions in
      longitudes.withUnsafeBufferPointer { longitudes in
        CutKernel.matchedRows(positions, longitudes: longitudes, index: index)
      }
    }
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
