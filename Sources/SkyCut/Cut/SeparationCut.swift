/// The cut itself: which objects lie strictly closer than a radius to some contaminant.
///
/// The objects are split into chunks by `ChunkSplitter`; the chunks run in parallel against
/// shared, read-only ``ContaminantIndex``es (one per contaminant catalogue); each chunk returns
/// the *local* indices of its matched rows, which are shifted back by the chunk's first row.
/// Concatenated in chunk order they are the sorted original row numbers, identical for any
/// number of threads or chunks.
public struct SeparationCut: Sendable {
  /// The contaminant indexes the objects are tested against, one per catalogue, in order.
  public let indexes: [ContaminantIndex]
  /// The threads to use.
  public var runner: ParallelRunner
  /// How many chunks to split the objects into; `nil` picks eight per thread.
  public var chunkCount: Int?

  /// Creates a cut against one catalogue's `index`.
  public init(index: ContaminantIndex, runner: ParallelRunner = .allCores, chunkCount: Int? = nil) {
    self.init(indexes: [index], runner: runner, chunkCount: chunkCount)
  }

  /// The most contaminant catalogues one cut takes (the kernel records each match's
  /// catalogue in a byte, which keeps its scattered writes in cache).
  public static let maximumCatalogues = 255

  /// Creates a cut against several catalogues' indexes: an object goes if it matches any.
  /// - Precondition: at most ``maximumCatalogues`` indexes.
  public init(
    indexes: [ContaminantIndex], runner: ParallelRunner = .allCores, chunkCount: Int? = nil
  ) {
    precondition(indexes.count <= Self.maximumCatalogues, "too many contaminant catalogues")
    self.indexes = indexes
    self.runner = runner
    self.chunkCount = chunkCount
  }

  /// The index of the first (or only) catalogue.
  public var index: ContaminantIndex { indexes[0] }

  /// What a cut found.
  public struct Result: Sendable, Hashable {
    /// The matched rows, 0-based and increasing.
    public var rows: [Int]
    /// For each catalogue, how many of `rows` it matched first: an object near contaminants
    /// of several catalogues counts for the first of them, so the counts add up to
    /// `rows.count`.
    public var removedBy: [Int]
  }

  /// The 0-based rows of `objects` that lie strictly closer than the index's radius to some
  /// contaminant, in increasing order.
  ///
  /// - Complexity: O(*n* (log *m* + *k*)) for *n* objects, *m* contaminants and *k*
  ///   candidates per object, divided among the threads.
  public func matchedRows(of objects: [UnitVector]) -> [Int] {
    cut(objects).rows
  }

  /// The matched rows of `objects` and how many each catalogue matched.
  public func cut(_ objects: [UnitVector]) -> Result {
    let chunks = max(1, chunkCount ?? max(1, min(objects.count / 1024, runner.jobs * 8)))
    let splitter = ChunkSplitter(count: objects.count, chunks: chunks)
    let indexes = self.indexes
    let perChunk = runner.map(splitter) { rows -> Result in
      objects.withUnsafeBufferPointer { all in
        let chunk = UnsafeBufferPointer(rebasing: all[rows])
        var local = Self.matchedLocalRows(chunk, indexes: indexes)
        local.rows = local.rows.map { $0 + rows.lowerBound }
        return local
      }
    }
    var result = Result(rows: [], removedBy: Array(repeating: 0, count: indexes.count))
    result.rows.reserveCapacity(perChunk.reduce(0) { $0 + $1.rows.count })
    for part in perChunk {
      result.rows.append(contentsOf: part.rows)
      for catalogue in indexes.indices { result.removedBy[catalogue] += part.removedBy[catalogue] }
    }
    return result
  }

  /// The kernel: local indices (0-based within `chunk`) of the positions with a match.
  static func matchedLocalRows(
    _ chunk: UnsafeBufferPointer<UnitVector>, indexes: [ContaminantIndex]
  ) -> Result {
    var points = chunk.map { QueryPoint($0, longitude: $0.longitude) }
    var removedBy = Array(repeating: 0, count: indexes.count)
    let rows = points.withUnsafeMutableBufferPointer {
      CutKernel.matchedRows($0, indexes: indexes, removedBy: &removedBy)
    }
    return Result(rows: rows, removedBy: removedBy)
  }
}
