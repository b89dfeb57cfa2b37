/// The cut itself: which objects lie strictly closer than a radius to some contaminant.
///
/// The objects are split into chunks by ``ChunkSplitter``; the chunks run in parallel against
/// one shared, read-only ``ContaminantIndex``; each chunk returns the *local* indices of its
/// matched rows, which are shifted back by the chunk's first row. Concatenated in chunk order
/// they are the sorted original row numbers, identical for any number of threads or chunks.
public struct SeparationCut: Sendable {
  /// The contaminant index the objects are tested against.
  public let index: ContaminantIndex
  /// The threads to use.
  public var runner: ParallelRunner
  /// How many chunks to split the objects into; `nil` picks eight per thread.
  public var chunkCount: Int?

  /// Creates a cut against `index`.
  public init(index: ContaminantIndex, runner: ParallelRunner = .allCores, chunkCount: Int? = nil) {
    self.index = index
    self.runner = runner
    self.chunkCount = chunkCount
  }

  /// The 0-based rows of `objects` that lie strictly closer than the index's radius to some
  /// contaminant, in increasing order.
  ///
  /// - Complexity: O(*n* (log *m* + *k*)) for *n* objects, *m* contaminants and *k*
  ///   candidates per object, divided among the threads.
  public func matchedRows(of objects: [UnitVector]) -> [Int] {
    let chunks = max(1, chunkCount ?? max(1, min(objects.count / 1024, runner.jobs * 8)))
    let splitter = ChunkSplitter(count: objects.count, chunks: chunks)
    let index = self.index
    let perChunk = runner.map(splitter) { rows -> [Int] in
      objects.withUnsafeBufferPointer { all in
        let chunk = UnsafeBufferPointer(rebasing: all[rows])
        let local = Self.matchedLocalRows(chunk, index: index)
        return local.map { $0 + rows.lowerBound }
      }
    }
    var result: [Int] = []
    result.reserveCapacity(perChunk.reduce(0) { $0 + $1.count })
    for rows in perChunk { result.append(contentsOf: rows) }
    return result
  }

  /// The kernel: local indices (0-based within `chunk`) of the positions with a match.
  static func matchedLocalRows(_ chunk: UnsafeBufferPointer<UnitVector>, index: ContaminantIndex)
    -> [Int]
  {
    var points = chunk.map { QueryPoint($0, longitude: $0.longitude) }
    return points.withUnsafeMutableBufferPointer { CutKernel.matchedRows($0, index: index) }
  }
}
