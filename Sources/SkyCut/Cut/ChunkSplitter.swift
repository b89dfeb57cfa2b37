/// Splits `0 ..< count` rows into contiguous chunks whose sizes differ by at most one.
///
/// With `k, m = divmod(count, chunks)`, chunk `i` covers rows
/// `i·k + min(i, m) ..< (i + 1)·k + min(i + 1, m)`: the first `m` chunks get one row more.
/// More chunks than rows is allowed; the surplus chunks are empty.
struct ChunkSplitter: Sendable, Hashable {
  /// The number of rows split.
  let count: Int
  /// The number of chunks.
  let chunks: Int

  /// - Precondition: `count >= 0` and `chunks >= 1`.
  init(count: Int, chunks: Int) {
    precondition(count >= 0, "row count must not be negative")
    precondition(chunks >= 1, "there must be at least one chunk")
    self.count = count
    self.chunks = chunks
  }

  /// At most two chunks a job, each of `minimumRows` rows or more (one chunk for fewer rows):
  /// the work spread over the threads without chunks too small to pay for their dispatch.
  init(count: Int, jobs: Int, minimumRows: Int) {
    self.init(count: count, chunks: max(1, min(count / minimumRows, jobs * 2)))
  }

  /// The rows of chunk `i`.
  /// - Precondition: `0 <= i < chunks`.
  func range(ofChunk i: Int) -> Range<Int> {
    precondition(i >= 0 && i < chunks, "chunk index out of range")
    let (k, m) = count.quotientAndRemainder(dividingBy: chunks)
    return (i * k + min(i, m))..<((i + 1) * k + min(i + 1, m))
  }

  /// All the chunks, in row order.
  var ranges: [Range<Int>] { (0..<chunks).map(range(ofChunk:)) }
}
