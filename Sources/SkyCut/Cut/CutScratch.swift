/// Working memory for the cut of one chunk, kept from block to block.
///
/// The streaming cut runs the same number of chunks of about the same size for every block;
/// allocating their arrays afresh each time costs a page fault per 4 KiB touched (a quarter of
/// the run time on 10⁷ rows). A scratch is used by one chunk at a time.
final class CutScratch {
  private(set) var capacity = 0
  /// The chunk's positions, filled by the caller.
  private(set) var points = UnsafeMutablePointer<QueryPoint>.allocate(capacity: 1)
  private(set) var keys = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
  /// For each position, its row in the chunk.
  private(set) var rows = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
  private(set) var order = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
  private(set) var sorted = UnsafeMutablePointer<QueryPoint>.allocate(capacity: 1)
  /// For each position, 1 + the catalogue that matched it, or 0. One byte, so that the
  /// scattered writes stay in cache.
  private(set) var matchedBy = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
  /// For each position, its cell of the coverage map.
  private(set) var cells = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
  /// For each position, with the layers' hits asked for: bit *k* set when index *k* holds it.
  private(set) var hits = UnsafeMutablePointer<UInt64>.allocate(capacity: 1)
  /// The slots one index is to be queried at, in order.
  private(set) var todo = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
  /// Counting-sort offsets, one per zone key and one more.
  let starts = UnsafeMutablePointer<Int32>.allocate(capacity: CutKernel.maximumKeys + 1)

  init() {}

  /// Makes room for `count` positions (the contents are not kept).
  func reserve(_ count: Int) {
    guard count > capacity else { return }
    release()
    capacity = max(count, capacity * 2)
    points = .allocate(capacity: capacity)
    keys = .allocate(capacity: capacity)
    rows = .allocate(capacity: capacity)
    order = .allocate(capacity: capacity)
    sorted = .allocate(capacity: capacity)
    matchedBy = .allocate(capacity: capacity)
    cells = .allocate(capacity: capacity)
    hits = .allocate(capacity: capacity)
    todo = .allocate(capacity: capacity)
  }

  private func release() {
    points.deallocate()
    keys.deallocate()
    rows.deallocate()
    order.deallocate()
    sorted.deallocate()
    matchedBy.deallocate()
    cells.deallocate()
    hits.deallocate()
    todo.deallocate()
  }

  deinit {
    release()
    starts.deallocate()
  }
}

/// One ``CutScratch`` per chunk of a block.
///
/// `@unchecked Sendable`: chunk *i* of a block uses only scratch *i*, and the blocks are cut one
/// after another, so no scratch is ever used by two threads at once.
final class ScratchPool: @unchecked Sendable {
  let scratches: [CutScratch]

  init(count: Int) { scratches = (0..<count).map { _ in CutScratch() } }
}
