import Dispatch
import Foundation
import Synchronization

/// Runs a chunk-shaped job over the chunks of a `ChunkSplitter` on several threads.
///
/// Each chunk's result lands in its own slot, so the results come back in chunk order
/// whatever the number of threads or the order in which chunks finish. Threads take the next
/// unstarted chunk from a shared counter, which balances uneven chunks (a dense cluster of
/// contaminants makes some chunks slower than others).
public struct ParallelRunner: Sendable {
  /// The number of threads to use; 1 runs everything on the calling thread.
  public let jobs: Int

  /// - Precondition: `jobs >= 1`.
  public init(jobs: Int) {
    precondition(jobs >= 1, "jobs must be at least 1")
    self.jobs = jobs
  }

  /// One thread per active processor.
  public static var allCores: ParallelRunner {
    ParallelRunner(jobs: max(1, ProcessInfo.processInfo.activeProcessorCount))
  }

  /// Calls `body` once for each chunk and returns the results in chunk order.
  func map<Result: Sendable>(
    _ splitter: ChunkSplitter, _ body: @Sendable (Range<Int>) -> Result
  ) -> [Result] {
    mapChunks(splitter) { _, range in body(range) }
  }

  /// `[body(0), body(1), …, body(count − 1)]`, computed in parallel chunks that write their
  /// elements in place (no per-chunk arrays joined after, and the pages are first touched by
  /// the threads that fill them). For cheap elements: chunks hold at least 4,096 of them, so
  /// a few hundred costly ones (groups of a mask, say) would run on one thread; `map` with a
  /// splitter of their own suits those.
  func mapElements<Element: Sendable>(count: Int, _ body: @Sendable (Int) -> Element) -> [Element] {
    guard count > 0 else { return [] }
    return [Element](uninitializedCount: count) { buffer, initialized in
      HugePages.advise(
        UnsafeMutableRawPointer(buffer.baseAddress!), count: count * MemoryLayout<Element>.stride)
      // Each chunk initializes elements `range` only.
      let target = DisjointWrites(base: buffer.baseAddress!)
      _ = map(ChunkSplitter(count: count, chunks: max(1, min(count / 4096, jobs * 8)))) {
        range in
        for i in range { (target.base + i).initialize(to: body(i)) }
      }
      initialized = count
    }
  }

  /// Calls `body` once for each chunk with the chunk's number and rows, and returns the
  /// results in chunk order.
  func mapChunks<Result: Sendable>(
    _ splitter: ChunkSplitter, _ body: @Sendable (Int, Range<Int>) -> Result
  ) -> [Result] {
    let chunks = splitter.chunks
    if jobs == 1 || chunks == 1 {
      return (0..<chunks).map { body($0, splitter.range(ofChunk: $0)) }
    }
    let slots = ResultSlots<Result>(count: chunks)
    let nextChunk = Atomic<Int>(0)
    DispatchQueue.concurrentPerform(iterations: min(jobs, chunks)) { _ in
      while true {
        let chunk = nextChunk.wrappingAdd(1, ordering: .relaxed).oldValue
        if chunk >= chunks { break }
        slots.store(body(chunk, splitter.range(ofChunk: chunk)), at: chunk)
      }
    }
    return slots.results()
  }
}

/// One result slot per chunk, written by the worker threads.
///
/// `@unchecked Sendable` because each slot is written by exactly one thread (the one that
/// took that chunk from the counter), and read only after `concurrentPerform` has returned,
/// which orders every write before the read.
private final class ResultSlots<Result>: @unchecked Sendable {
  private let slots: UnsafeMutablePointer<Result?>
  private let count: Int

  init(count: Int) {
    self.count = count
    slots = .allocate(capacity: count)
    slots.initialize(repeating: nil, count: count)
  }

  deinit {
    slots.deinitialize(count: count)
    slots.deallocate()
  }

  func store(_ result: Result, at index: Int) { slots[index] = result }

  func results() -> [Result] {
    (0..<count).map { index in
      guard let result = slots[index] else { preconditionFailure("chunk \(index) did not run") }
      return result
    }
  }
}
