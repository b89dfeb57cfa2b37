/// The parallel part of the engine: decode the positions of one block's rows, test them
/// against the contaminant indexes, and gather the facts the outputs need.
///
/// The block's rows are split into chunks (the divmod splitter) that run on the runner's
/// threads; each chunk's rows are shifted back by its first row, so the outcome is the same
/// for any number of threads or chunks.
struct BlockCut: Sendable {
  /// Turns the rows' coordinates into positions.
  let positions: PositionDecoder
  /// One index per layer of the mask.
  let indexes: [ContaminantIndex]
  /// What each index is: its catalogue, zone, action and bit.
  let layers: [MaskLayer]
  /// Whether to find, for each row within reach, how many contaminants are near it and the
  /// nearest one's separation.
  let neighbours: Bool
  /// Whether to find, for each row within reach, the bits of the layers it is within (for a
  /// mask column, or a mask with zones, mixed actions or bits to count).
  var perLayer = false
  /// With objects at epochs of their own: per layer, its moving contaminants (``indexes`` are
  /// then their widened indexes), the column of the epochs, and the epoch of a row whose
  /// column is null (NaN: such a row is an error).
  var moving: [MovingLayer]?
  var epochs: (field: NumericField, fallback: Double)?
  /// Which cells the indexes reach: objects elsewhere are decided before any query.
  var coverage: CoverageMap?
  /// With a footprint: it, and the rotation from the objects' frame to ICRS. Rows outside it
  /// are removed, or with ``footprintBit`` kept with that bit of the mask column set.
  var footprint: (footprint: Footprint, rotation: Rotation)?
  var footprintBit: Int?
  /// The number of catalogues (layers belong to them).
  private let catalogues: Int
  /// Per catalogue, the index of its widest zone: neighbours are counted there, once each.
  private let widest: [Int]
  let runner: ParallelRunner
  /// Chunks per block: two per thread, enough to balance the threads while keeping chunks
  /// large, so that visiting a chunk's positions in zone order reuses the cache.
  private let chunksPerBlock: Int
  private let scratch: ScratchPool

  init(
    first: NumericField, second: NumericField, converter: CoordinateConverter,
    indexes: [ContaminantIndex], layers: [MaskLayer], invalidRows: InvalidRowPolicy,
    neighbours: Bool, runner: ParallelRunner
  ) {
    positions = PositionDecoder(
      first: first, second: second, converter: converter, invalidRows: invalidRows)
    self.indexes = indexes
    self.layers = layers
    catalogues = (layers.map(\.catalogue).max() ?? -1) + 1
    widest = (0..<catalogues).map { catalogue in
      layers.indices.filter { layers[$0].catalogue == catalogue }
        .max { layers[$0].zone.radiusFactor < layers[$1].zone.radiusFactor } ?? 0
    }
    self.neighbours = neighbours
    self.runner = runner
    chunksPerBlock = max(1, runner.jobs * 2)
    scratch = ScratchPool(count: chunksPerBlock)
  }

  /// What the cut found in a block (or a chunk), rows block-relative. A chunk writes its
  /// matched rows to the block's list, not to `matched`, and counts them in `matchedCount`;
  /// its per-row lists below follow those rows.
  struct Outcome: Sendable {
    /// Rows within reach of a contaminant (inside one of the mask's layers), increasing.
    var matched: [Int] = []
    /// The rows of `matched` inside a layer that removes them, increasing (a chunk's: left
    /// empty when `removesMatched`).
    var removed: [Int] = []
    /// A chunk's: how many rows it matched, and whether it removes them all.
    var matchedCount = 0
    var removesMatched = false
    /// For each of `matched`, with ``BlockCut/neighbours``: the contaminants closer than
    /// their radius, of all catalogues.
    var counts: [Int] = []
    /// For each of `matched`, with ``BlockCut/neighbours``: the separation in arcseconds to
    /// the nearest of them (`atan2(|a × b|, a · b)`).
    var separations: [Double] = []
    /// For each of `matched`, with ``BlockCut/perLayer``: the bits of the layers it is in.
    var bits: [Int] = []
    /// Rows with unusable coordinates, increasing (under policies other than `.error`).
    var unusable: [Int] = []
    /// Rows outside the footprint, increasing.
    var outside: [Int] = []
    /// The first row that stops the run, if any.
    var problem: RowProblem?
    /// Per catalogue, the rows it removed (the first removing layer matching them is its).
    var removedBy: [Int]
    /// Per catalogue, the rows kept and flagged by it first.
    var flaggedBy: [Int]
    /// With ``BlockCut/perLayer``, per bit: the rows removed, and kept, with it set.
    var removedWithBit = [Int](repeating: 0, count: Mask.maximumBit + 1)
    var flaggedWithBit = [Int](repeating: 0, count: Mask.maximumBit + 1)

    init(catalogues: Int) {
      removedBy = Array(repeating: 0, count: catalogues)
      flaggedBy = removedBy
    }

    /// The chunks' outcomes, in order, as one, given the block's matched rows (the chunks'
    /// one after another): each list written once at its full length, and the removed rows
    /// the matched rows themselves when every chunk's are.
    static func joined(_ parts: [Outcome], matched: [Int], catalogues: Int) -> Outcome {
      var result = Outcome(catalogues: catalogues)
      result.matched = matched
      func join<Element>(_ list: KeyPath<Outcome, [Element]>) -> [Element] {
        if parts.count == 1 { return parts[0][keyPath: list] }
        var joined: [Element] = []
        joined.reserveCapacity(parts.reduce(0) { $0 + $1[keyPath: list].count })
        for part in parts { joined += part[keyPath: list] }
        return joined
      }
      if parts.allSatisfy(\.removesMatched) {
        result.removed = matched
      } else {
        result.removed.reserveCapacity(
          parts.reduce(0) { $0 + ($1.removesMatched ? $1.matchedCount : $1.removed.count) })
        var offset = 0
        for part in parts {
          let rows = offset..<offset + part.matchedCount
          result.removed += part.removesMatched ? matched[rows] : part.removed[...]
          offset = rows.upperBound
        }
      }
      (result.counts, result.separations, result.bits) = (
        join(\.counts), join(\.separations), join(\.bits)
      )
      (result.unusable, result.outside) = (join(\.unusable), join(\.outside))
      for part in parts { result.addTotals(part) }
      return result
    }

    /// Adds a later chunk's counts and problem.
    private mutating func addTotals(_ part: Outcome) {
      for catalogue in removedBy.indices {
        removedBy[catalogue] += part.removedBy[catalogue]
        flaggedBy[catalogue] += part.flaggedBy[catalogue]
      }
      for bit in removedWithBit.indices {
        removedWithBit[bit] += part.removedWithBit[bit]
        flaggedWithBit[bit] += part.flaggedWithBit[bit]
      }
      if let problem = part.problem { self.problem = self.problem.merged(with: problem) }
    }
  }

  /// Cuts one block.
  func run(_ block: RowBlock) -> Outcome {
    guard block.count > 0 else { return Outcome(catalogues: catalogues) }
    let splitter = ChunkSplitter(count: block.count, chunks: min(block.count, chunksPerBlock))
    var parts: [Outcome] = []
    // The block's matched rows, one list written once: each chunk writes its own from its
    // first row on (it has no more rows than that leaves room for), and they are then moved
    // together. Lists of the chunks' own, joined, wrote a cut that removes most rows two
    // times more, in fresh pages (a third of the page faults of a run).
    let matched = [Int](uninitializedCount: block.count) { list, initialized in
      let target = DisjointWrites(base: list.baseAddress!)
      parts = runner.mapChunks(splitter) { number, range in
        self.chunk(
          range, of: block, scratch: self.scratch.scratches[number],
          matched: target.base + range.lowerBound)
      }
      var end = 0
      for (part, range) in zip(parts, splitter.ranges) {
        if end != range.lowerBound {
          // `moveInitialize` copies as `memmove` does: the ranges may overlap.
          (target.base + end).moveInitialize(
            from: target.base + range.lowerBound, count: part.matchedCount)
        }
        end += part.matchedCount
      }
      initialized = end
    }
    return Outcome.joined(parts, matched: matched, catalogues: catalogues)
  }

  /// Decodes and tests the rows `range` of the block; the matched rows (block-relative,
  /// increasing) are written to `list`, which has room for a row of `range` each, and counted
  /// in the outcome's ``Outcome/matchedCount``; its other rows are block-relative too.
  private func chunk(
    _ range: Range<Int>, of block: RowBlock, scratch: CutScratch,
    matched list: UnsafeMutablePointer<Int>
  ) -> Outcome {
    var outcome = Outcome(catalogues: catalogues)
    scratch.reserve(range.count)
    let points = scratch.points
    let rows = scratch.rows
    let cells = scratch.cells
    // Rows decided inside circles go to the list first; the queried ones are merged in.
    var insideCount = 0
    let count = positions.decode(
      range, of: block, into: points, rows: rows, coverage: coverage, cells: cells,
      inside: list, insideCount: &insideCount, unusable: &outcome.unusable,
      problem: &outcome.problem)
    precondition(
      insideCount == 0 || decidesInside, "a map with cells inside for a cut that cannot use them")
    // Once a row stops the run, only the count of invalid rows matters.
    if outcome.problem != nil { return outcome }
    if let moving, let epochs {
      // Every usable row's epoch must be one the widened indexes were built for, near a
      // contaminant or not (one outside the range could be within reach unseen).
      var next = 0
      for row in range {
        if next < outcome.unusable.count && outcome.unusable[next] == row {
          next += 1
          continue
        }
        if epoch(of: row, in: block, epochs, moving[0].range, &outcome) == nil { return outcome }
      }
    }
    let buffer = UnsafeMutableBufferPointer(start: points, count: count)
    var firstLayer = Array(repeating: 0, count: indexes.count)
    // Each layer's hits found in the same pass, rather than each matched row queried again.
    let hits = perLayer && moving == nil && indexes.count <= 64 ? scratch.hits : nil
    var matched = CutKernel.matchedRows(
      buffer, indexes: indexes, scratch: scratch, removedBy: &firstLayer,
      coverage: coverage.map { ($0, UnsafePointer(cells)) }, hits: hits)
    let blockRow = { (point: Int) in Int(rows[point]) + range.lowerBound }
    var removed: [Int] = []
    var pointEpochs: [Double] = []
    if let moving, let epochs {
      // Candidates of the widened indexes, decided at each object's epoch.
      var held: [Int] = []
      for point in matched {
        guard let epoch = epoch(of: blockRow(point), in: block, epochs, moving[0].range, &outcome)
        else { continue }
        let fate = classify(&buffer[point], into: &outcome) { layer, point in
          moving[layer].holds(&point, at: epoch)
        }
        guard let removes = fate else { continue }
        held.append(point)
        pointEpochs.append(epoch)
        if removes { removed.append(point) }
      }
      if outcome.problem != nil { return outcome }
      matched = held
    } else if let hits {
      for point in matched
      where classify(&buffer[point], into: &outcome, { layer, _ in hits[point] >> layer & 1 != 0 })
        == true
      {
        removed.append(point)
      }
    } else if perLayer {
      for point in matched
      where classify(&buffer[point], into: &outcome, { indexes[$0].containsMatch(for: &$1) })
        == true
      {
        removed.append(point)
      }
    } else {
      // One layer per catalogue, all with the same action: the kernel's counts say it all.
      // (With rows decided inside the one index's circles, ``decidesInside``, they count too.)
      firstLayer[0] += insideCount
      let removes = layers.first?.zone.action != .flag
      removed = removes ? matched : []
      for (layer, count) in firstLayer.enumerated() {
        if removes {
          outcome.removedBy[layers[layer].catalogue] += count
        } else {
          outcome.flaggedBy[layers[layer].catalogue] += count
        }
      }
    }
    if neighbours {
      for (place, point) in matched.enumerated() {
        let (number, separation) = neighbourhood(
          of: &buffer[point], at: pointEpochs.isEmpty ? nil : pointEpochs[place])
        outcome.counts.append(number)
        outcome.separations.append(separation)
      }
    }
    let flags = layers.first?.zone.action == .flag
    // Removed rows are matched rows: as many means the same (most cuts), listed once.
    outcome.removesMatched = !flags && removed.count == matched.count
    if !outcome.removesMatched {
      let inside = flags ? [] : Array(UnsafeBufferPointer(start: list, count: insideCount))
      outcome.removed = RowSelection.merged(removed.map(blockRow), inside)
    }
    outcome.matchedCount = RowSelection.merge(
      into: list, existing: insideCount, count: matched.count
    ) { blockRow(matched[$0]) }
    if let footprint { outcome.outside = outside(range, of: block, footprint, scratch) }
    return outcome
  }

  /// Whether the cut may take the coverage map's cells inside a circle as matched without a
  /// query: one index, of contaminants that do not move (a moving one's circles are only how
  /// far they reach), and nothing asked of a matched row but that it matched (not which
  /// layers, neighbours or epochs).
  var decidesInside: Bool {
    indexes.count == 1 && !indexes[0].isMoving && !perLayer && !neighbours && moving == nil
  }

  /// The usable rows of `range` outside the footprint (the points decoded again, whatever
  /// the coverage map spared).
  private func outside(
    _ range: Range<Int>, of block: RowBlock,
    _ footprint: (footprint: Footprint, rotation: Rotation),
    _ scratch: CutScratch
  ) -> [Int] {
    var unusable: [Int] = []
    var inside = 0
    var problem: RowProblem?
    let count = positions.decode(
      range, of: block, into: scratch.points, rows: scratch.rows, insideCount: &inside,
      unusable: &unusable, problem: &problem)
    var outside: [Int] = []
    for point in 0..<count {
      scratch.points[point].resolveXY()
      let p = scratch.points[point]
      var direction = UnitVector(x: p.x, y: p.y, z: p.z)
      if !footprint.rotation.isIdentity { direction = footprint.rotation.apply(direction) }
      if !footprint.footprint.contains(direction) {
        outside.append(Int(scratch.rows[point]) + range.lowerBound)
      }
    }
    return outside
  }

  /// The epoch of block row `row`: its column's, or the fallback for a null; `nil`, with a
  /// problem recorded, for text that is not a number, a null without a fallback, or an epoch
  /// outside the range the index was built for.
  private func epoch(
    of row: Int, in block: RowBlock, _ epochs: (field: NumericField, fallback: Double),
    _ range: ClosedRange<Double>, _ outcome: inout Outcome
  ) -> Double? {
    guard
      let value = epochs.field.value(row, in: block)
        ?? (epochs.field.isEmpty(row, in: block) ? .nan : nil)
    else {
      outcome.problem = outcome.problem.merged(with: .epoch(row: row, expected: "a Julian year"))
      return nil
    }
    let epoch = value.isNaN ? epochs.fallback : value
    guard epoch.isFinite else {
      outcome.problem = outcome.problem.merged(
        with: .epoch(row: row, expected: "an epoch (or --epoch for rows without one)"))
      return nil
    }
    guard range.contains(epoch) else {
      outcome.problem = outcome.problem.merged(
        with: .epoch(
          row: row,
          expected: "an epoch within --epoch-range \(range.lowerBound),\(range.upperBound)"))
      return nil
    }
    return epoch
  }

  /// Finds the layers that hold a candidate `point` (as `holds` says), records its bits and
  /// the counts, and says whether it is removed (a layer that removes holds it); `nil` when
  /// none holds it.
  private func classify(
    _ point: inout QueryPoint, into outcome: inout Outcome,
    _ holds: (Int, inout QueryPoint) -> Bool
  ) -> Bool? {
    var bits = 0
    var remover: Int?
    var flagger: Int?
    for layer in indexes.indices where holds(layer, &point) {
      let zone = layers[layer].zone
      // Bits beyond a mask column's are not recorded (a run without one may have more
      // catalogues than bits).
      if zone.bit <= Mask.maximumBit { bits |= 1 << zone.bit }
      if zone.action == .remove {
        if remover == nil { remover = layer }
      } else if flagger == nil {
        flagger = layer
      }
    }
    if remover == nil && flagger == nil { return nil }
    outcome.bits.append(bits)
    let removes = remover != nil
    if let layer = remover ?? flagger {
      if removes {
        outcome.removedBy[layers[layer].catalogue] += 1
      } else {
        outcome.flaggedBy[layers[layer].catalogue] += 1
      }
    }
    var rest = bits
    while rest != 0 {
      let bit = rest.trailingZeroBitCount
      if removes { outcome.removedWithBit[bit] += 1 } else { outcome.flaggedWithBit[bit] += 1 }
      rest &= rest - 1
    }
    return removes
  }

  /// How many contaminants of all catalogues lie within reach of `point` (inside their
  /// catalogue's widest zone), and the separation in arcseconds to the nearest (the first
  /// catalogue's, among equally near ones).
  private func neighbourhood(of point: inout QueryPoint, at epoch: Double?) -> (Int, Double) {
    var count = 0
    var best: (chord: Double, position: UnitVector)?
    for layer in widest {
      var found = ContaminantIndex.Neighbourhood()
      if let moving, let epoch {
        let near = moving[layer].neighbourhood(of: &point, at: epoch)
        (found.count, found.nearestChordSquared, found.nearestPosition) = (
          near.count, near.chordSquared, near.nearest
        )
      } else {
        found = indexes[layer].neighbourhood(of: &point)
      }
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
  /// An object's epoch that cannot be used (`expected` says what it should be).
  case epoch(row: Int, expected: String)
  /// An unusable coordinate; its `count` counts every such row seen.
  case invalid(InvalidCoordinates)

  var row: Int {
    switch self {
    case .notANumber(let row, _), .epoch(let row, _): row
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
