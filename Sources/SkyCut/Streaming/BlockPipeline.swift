import Dispatch

/// Moves an objects table through the cut block by block, overlapping file I/O with the cut:
/// while worker threads cut block *k*, the calling thread writes the kept rows of block
/// *k − 1* and reads block *k + 1*. The files are touched only by the calling thread, so no
/// `fitsfile` is ever shared between threads.
struct BlockPipeline {
  /// Where the blocks' bytes come from.
  enum Source {
    /// The table's data mapped into memory at this offset: a block is a slice of it.
    case mapped(MappedFile, dataOffset: Int)
    /// Read through CFITSIO (`ffgtbb`) into two alternating buffers: compressed files.
    case read
  }

  let input: FITSFile
  let source: Source
  let writer: FITSFile
  let rows: Int
  let width: Int
  let blockRows: Int
  let kernel: BlockKernel
  let runner: ParallelRunner
  let coordinates: CoordinateColumns
  /// Called with the rows done after each block is written.
  var progress: (Int) -> Void = { _ in }

  /// The counts of rows written and removed.
  struct Totals {
    var written = 0
    var removed = 0
    /// Rows with unusable coordinates, dropped or kept by the policy.
    var invalid = 0
    /// Per contaminant catalogue, the rows it removed (see ``SeparationCut/Result``).
    var removedBy: [Int] = []
  }

  func run(clock: inout PhaseClock) throws -> Totals {
    var totals = Totals(removedBy: Array(repeating: 0, count: kernel.indexes.count))
    guard rows > 0, width > 0 else { return totals }
    let blockBytes = blockRows * width
    // With `.read`, two input buffers (one being cut, one being read); in both cases one for
    // packing kept rows.
    let bufferCount: Int
    if case .read = source { bufferCount = 2 } else { bufferCount = 0 }
    let buffers = (0..<bufferCount).map { _ in
      UnsafeMutableRawBufferPointer.allocate(byteCount: blockBytes, alignment: 16)
    }
    let packed = UnsafeMutableRawBufferPointer.allocate(byteCount: blockBytes, alignment: 16)
    defer {
      for buffer in buffers { buffer.deallocate() }
      packed.deallocate()
    }
    let blockCount = (rows + blockRows - 1) / blockRows
    func rowsOf(_ block: Int) -> Range<Int> {
      (block * blockRows)..<min((block + 1) * blockRows, rows)
    }
    /// The bytes of a block (read already, for `.read`).
    func bytes(of block: Int) -> UnsafeRawBufferPointer {
      let range = rowsOf(block)
      switch source {
      case .mapped(let file, let dataOffset):
        return UnsafeRawBufferPointer(
          rebasing: file.bytes[
            (dataOffset + range.lowerBound * width)..<(dataOffset + range.upperBound * width)])
      case .read:
        return UnsafeRawBufferPointer(rebasing: buffers[block % 2][..<(range.count * width)])
      }
    }
    /// Drops a written block's pages from the mapping, keeping memory bounded.
    func release(_ block: Int) {
      guard case .mapped(let file, let dataOffset) = source else { return }
      let range = rowsOf(block)
      file.release(
        (dataOffset + range.lowerBound * width)..<(dataOffset + range.upperBound * width))
    }
    /// Makes a block's bytes available: reads it for `.read`.
    func load(_ block: Int) throws {
      guard case .read = source else { return }
      try read(rowsOf(block), into: buffers[block % 2])
    }
    try load(0)
    clock.lap(\.read)

    var previous: (block: Int, outcome: BlockKernel.Outcome)?
    for block in 0..<blockCount {
      let range = rowsOf(block)
      // Cut this block on the worker threads…
      let result = OutcomeBox()
      let group = DispatchGroup()
      guard let base = bytes(of: block).baseAddress else { break }
      let shared = SharedRows(base: base)
      let kernel = self.kernel
      let runner = self.runner
      let count = range.count
      DispatchQueue.global().async(group: group) {
        let started = DispatchTime.now()
        result.outcome = kernel.run(
          rows: count,
          bytes: UnsafeRawBufferPointer(start: shared.base, count: count * kernel.width),
          runner: runner)
        result.seconds =
          Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
      }
      // …while this thread writes the previous block and loads the next one (into the other
      // buffer, which the cut does not touch, when reading through CFITSIO).
      var ioError: (any Error)?
      do {
        if let previous {
          try write(
            bytes(of: previous.block), outcome: previous.outcome, packed: packed, totals: &totals)
          release(previous.block)
        }
        if block + 1 < blockCount { try load(block + 1) }
      } catch {
        ioError = error
      }
      clock.lap(\.write)
      group.wait()
      clock.lap(\.waiting)
      clock.cut += result.seconds
      if let ioError { throw ioError }
      let outcome = result.outcome ?? BlockKernel.Outcome(matched: [])
      if let invalid = outcome.invalid {
        throw invalid.error(
          at: input.location(row: range.lowerBound + invalid.row + 1), columns: coordinates)
      }
      totals.invalid += outcome.invalidCount
      previous = (block, outcome)
    }
    if let previous {
      try write(
        bytes(of: previous.block), outcome: previous.outcome, packed: packed, totals: &totals)
    }
    clock.lap(\.write)
    return totals
  }

  private func read(_ range: Range<Int>, into buffer: UnsafeMutableRawBufferPointer) throws {
    try input.readRowBytes(
      firstRow: range.lowerBound + 1, rowWidth: width,
      into: UnsafeMutableRawBufferPointer(rebasing: buffer[..<(range.count * width)]))
  }

  /// Writes the rows of a block that are not in `outcome.matched` (sorted, block-relative).
  private func write(
    _ block: UnsafeRawBufferPointer, outcome: BlockKernel.Outcome,
    packed: UnsafeMutableRawBufferPointer, totals: inout Totals
  ) throws {
    let count = block.count / width
    let kept = count - outcome.matched.count
    totals.removed += outcome.matched.count
    defer { progress(totals.removed + totals.written) }
    for (catalogue, count) in outcome.removedBy.enumerated() {
      totals.removedBy[catalogue] += count
    }
    guard kept > 0 else { return }
    let source =
      outcome.matched.isEmpty
      ? block
      : RowPacking.pack(
        RowSelection.complement(of: outcome.matched, total: count).rows, of: block, width: width,
        into: packed)
    try writer.writeRowBytes(firstRow: totals.written + 1, from: source)
    totals.written += kept
  }
}

/// Carries a block's outcome from the thread that cut it to the one that waits for it.
///
/// `@unchecked Sendable`: written once by the cutting task before it leaves the dispatch
/// group, read only after `DispatchGroup.wait()` has returned, which orders the two.
private final class OutcomeBox: @unchecked Sendable {
  var outcome: BlockKernel.Outcome?
  var seconds = 0.0
}
