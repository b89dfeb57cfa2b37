/// The parallel part of the engine: decode the positions of one block's rows, test them
/// against the contaminant indexes, and gather the facts the outputs need.
///
/// The block's rows are split into chunks (the divmod splitter) that run on the runner's
/// threads; each chunk's rows are shifted back by its first row, so the outcome is the same
/// for any number of threads or chunks.
struct BlockCut: Sendable {
  /// Turns the rows' coordinates into positions.
  let positions: PositionDecoder
  /// One index per contaminant catalogue.
  let indexes: [ContaminantIndex]
  /// Whether to find, for each row within reach, how many contaminants are near it and the
  /// nearest one's separation.
  let neighbours: Bool
  /// Whether to find, for each row within reach, which catalogues it is within reach of.
  var masks = false
  let runner: ParallelRunner
  /// Chunks per block: two per thread, enough to balance the threads while keeping chunks
  /// large, so that visiting a chunk's positions in zone order reuses the cache.
  private let chunksPerBlock: Int
  private let scratch: ScratchPool

  init(
    first: NumericField, second: NumericField, converter: CoordinateConverter,
    indexes: [ContaminantIndex], invalidRows: InvalidRowPolicy, neighbours: Bool,
    runner: ParallelRunner
  ) {
    positions = PositionDecoder(
      first: first, second: second, converter: converter, invalidRows: invalidRows)
    self.indexes = indexes
    self.neighbours = neighbours
    self.runner = runner
    chunksPerBlock = max(1, runner.jobs * 2)
    scratch = ScratchPool(count: chunksPerBlock)
  }

  /// What the cut found in a block (or a chunk), rows block-relative.
  struct Outcome: Sendable {
    /// Rows with a contaminant closer than its radius, increasing.
    var matched: [Int] = []
    /// For each of `matched`, with ``BlockCut/neighbours``: the contaminants closer than
    /// their radius, of all catalogues.
    var counts: [Int] = []
    /// For each of `matched`, with ``BlockCut/neighbours``: the separation in arcseconds to
    /// the nearest of them (`atan2(|a × b|, a · b)`).
    var separations: [Double] = []
    /// For each of `matched`, with ``BlockCut/masks``: bit *k* set when a contaminant of
    /// catalogue *k* is within reach.
    var bits: [Int] = []
    /// Rows with unusable coordinates, increasing (under policies other than `.error`).
    var unusable: [Int] = []
    /// The first row that stops the run, if any.
    var problem: RowProblem?
    /// Per catalogue, how many of `matched` it matched first.
    var removedBy: [Int]
  }

  /// Cuts one block.
  func run(_ block: RowBlock) -> Outcome {
    var result = Outcome(removedBy: Array(repeating: 0, count: indexes.count))
    guard block.count > 0 else { return result }
    let splitter = ChunkSplitter(count: block.count, chunks: min(block.count, chunksPerBlock))
    let parts = runner.mapChunks(splitter) { number, range in
      self.chunk(range, of: block, scratch: self.scratch.scratches[number])
    }
    for part in parts {
      result.matched += part.matched
      result.counts += part.counts
      result.separations += part.separations
      result.bits += part.bits
      result.unusable += part.unusable
      for catalogue in indexes.indices { result.removedBy[catalogue] += part.removedBy[catalogue] }
      if let problem = part.problem { result.problem = result.problem.merged(with: problem) }
    }
    return result
  }

  /// Decodes and tests the rows `range` of the block; rows in the outcome are block-relative.
  private func chunk(_ range: Range<Int>, of block: RowBlock, scratch: CutScratch) -> Outcome {
    var outcome = Outcome(removedBy: Array(repeating: 0, count: indexes.count))
    scratch.reserve(range.count)
    let points = scratch.points
    let count = positions.decode(
      range, of: block, into: points, unusable: &outcome.unusable, problem: &outcome.problem)
    // Once a row stops the run, only the count of invalid rows matters.
    if outcome.problem != nil { return outcome }
    let buffer = UnsafeMutableBufferPointer(start: points, count: count)
    let matched = CutKernel.matchedRows(
      buffer, indexes: indexes, scratch: scratch, removedBy: &outcome.removedBy)
    if masks {
      for point in matched {
        var bits = 0
        for (catalogue, index) in indexes.enumerated()
        where index.containsMatch(for: &buffer[point]) {
          bits |= 1 << catalogue
        }
        outcome.bits.append(bits)
      }
    }
    if neighbours {
      for point in matched {
        let (number, separation) = neighbourhood(of: &buffer[point])
        outcome.counts.append(number)
        outcome.separations.append(separation)
      }
    }
    // Point i is the i-th usable row.
    if outcome.unusable.isEmpty {
      outcome.matched = matched.map { $0 + range.lowerBound }
    } else {
      let usable = RowSelection.complement(
        of: outcome.unusable.map { $0 - range.lowerBound }, total: range.count
      ).rows
      outcome.matched = matched.map { usable[$0] + range.lowerBound }
    }
    return outcome
  }

  /// How many contaminants of all catalogues lie closer than their radius to `point`, and the
  /// separation in arcseconds to the nearest (the first catalogue's, among equally near ones).
  private func neighbourhood(of point: inout QueryPoint) -> (Int, Double) {
    var count = 0
    var best: (chord: Double, position: UnitVector)?
    for index in indexes {
      let found = index.neighbourhood(of: &point)
      count += found.count
      if let position = found.nearestPosition,
        best.map({ found.nearestChordSquared < $0.chord }) ?? true
      {
        best = (found.nearestChordSquared, position)
      }
    }
    let separation = best.map { point.vector.separation(from: $0.position).arcseconds } ?? .nan
    return (count, separation)
  }
}

/// A row that stops the run: a coordinate that is not a number, or (under
/// ``InvalidRowPolicy/error``) one that is unusable.
enum RowProblem: Sendable {
  /// Text that is not a number, in coordinate `column` (0 the first, 1 the second).
  case notANumber(row: Int, column: Int)
  /// An unusable coordinate; its `count` counts every such row seen.
  case invalid(InvalidCoordinates)

  var row: Int {
    switch self {
    case .notANumber(let row, _): row
    case .invalid(let invalid): invalid.row
    }
  }
}

extension Optional where Wrapped == RowProblem {
  /// The earlier of two problems; invalid-coordinate counts add up.
  func merged(with other: RowProblem) -> RowProblem {
    guard let current = self else { return other }
    switch (current, other) {
    case (.invalid(let a), .invalid(let b)):
      var first: InvalidCoordinates? = a
      first.record(b)
      return .invalid(first ?? a)
    default:
      return other.row < current.row ? other : current
    }
  }
}
