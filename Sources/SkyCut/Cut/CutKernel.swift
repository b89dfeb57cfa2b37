/// The inner loop of the cut, for one chunk of positions.
enum CutKernel {
  /// Below this many contaminants the index fits in a core's cache and positions are tested in
  /// row order; above it they are tested zone by zone (see ``matchedRows(_:index:zoneOrderAbove:)``).
  static let cacheResidentContaminants = 65_536

  /// The chunk-local indices, increasing, of the positions with a contaminant closer than the
  /// index's radius. (One catalogue: see ``matchedRows(_:indexes:scratch:zoneOrderAbove:removedBy:)``.)
  static func matchedRows(
    _ points: UnsafeMutableBufferPointer<QueryPoint>, index: ContaminantIndex,
    scratch: CutScratch? = nil, zoneOrderAbove: Int = cacheResidentContaminants
  ) -> [Int] {
    var removedBy = [0]
    return matchedRows(
      points, indexes: [index], scratch: scratch, zoneOrderAbove: zoneOrderAbove,
      removedBy: &removedBy)
  }

  /// The chunk-local indices, increasing, of the positions with a contaminant of one of the
  /// catalogues' `indexes` closer than its radius. Each position is tested against the
  /// catalogues in order and counted in `removedBy` for the first that matches it.
  ///
  /// A large index does not fit in cache, and positions in row order are scattered over the
  /// sky, so each query would miss the cache two or three times. The positions are therefore
  /// visited in order of their zone (a counting sort on a coarse zone key): consecutive queries
  /// then touch the same few zones of the index, which stay in cache. The answer does not
  /// depend on the order of visits.
  ///
  /// - Parameters:
  ///   - points: the chunk's positions.
  ///   - indexes: the contaminants, one index per catalogue.
  ///   - scratch: working memory to reuse; `points` may be its ``CutScratch/points``.
  ///   - zoneOrderAbove: the index size from which positions are visited in zone order
  ///     (tests lower it to exercise that path on small inputs).
  ///   - removedBy: one count per catalogue, added to.
  ///   - coverage: the coverage map and each position's cell in it: an index whose own map
  ///     misses the cell is not queried for that position.
  ///   - hits: when given, each position's bit *k* is set when index *k* holds it, every
  ///     index being queried (not only until the first match); at most 64 indexes.
  static func matchedRows(
    _ points: UnsafeMutableBufferPointer<QueryPoint>, indexes: [ContaminantIndex],
    scratch: CutScratch? = nil, zoneOrderAbove: Int = cacheResidentContaminants,
    removedBy: inout [Int], coverage: (map: CoverageMap, cells: UnsafePointer<Int32>)? = nil,
    hits: UnsafeMutablePointer<UInt64>? = nil
  ) -> [Int] {
    let count = points.count
    var matched: [Int] = []
    guard let largest = indexes.max(by: { $0.count < $1.count }) else { return [] }
    let work = scratch ?? CutScratch()
    let zoneOrder = count >= 2 && indexes.reduce(0, { $0 + $1.count }) >= zoneOrderAbove
    if zoneOrder {
      sortByZone(points, of: largest.storage, into: work)
    } else {
      work.reserve(count)
    }
    let queried = zoneOrder ? UnsafeMutableBufferPointer(start: work.sorted, count: count) : points
    // `matchedBy[row]`: 1 + the number of the first catalogue matching the row, or 0.
    let matchedBy = work.matchedBy
    matchedBy.update(repeating: 0, count: count)
    let row = { (slot: Int) in zoneOrder ? Int(work.order[slot]) : slot }
    hits?.update(repeating: 0, count: count)
    let todo = work.todo
    if indexes.count == 1 {
      for slot in 0..<count { todo[slot] = Int32(slot) }
      query(indexes[0], queried, todo, count, prefetching: zoneOrder) { slot in
        matchedBy[row(slot)] = 1
        hits?[row(slot)] = 1
      }
    } else {
      // Index by index, each testing the points no earlier one matched (every point, when
      // all hits are wanted): the first catalogue in order that matches a point is its, as if
      // each point tried them in turn, while the loop holds one index (an index read from an
      // array per query is copied, retained and released: 8 % of a two-catalogue cut in
      // `perf`) and its zones stay in cache.
      precondition(hits == nil || indexes.count <= 64, "at most 64 indexes' hits")
      let taken = work.keys  // free once sorted: here, whether a slot is matched
      taken.update(repeating: 0, count: count)
      let layered = coverage.flatMap { $0.map.hasLayers ? $0 : nil }
      for (number, index) in indexes.enumerated() {
        let bit = UInt64(1) << UInt64(number)
        var queries = 0
        for slot in 0..<count where hits != nil || taken[slot] == 0 {
          if let layered, !layered.map.covers(cell: Int(layered.cells[row(slot)]), layer: number) {
            continue
          }
          todo[queries] = Int32(slot)
          queries += 1
        }
        query(index, queried, todo, queries, prefetching: zoneOrder) { slot in
          let point = row(slot)
          if taken[slot] == 0 {
            taken[slot] = 1
            matchedBy[point] = UInt8(number + 1)
          }
          hits?[point] |= bit
        }
      }
    }
    for row in 0..<count where matchedBy[row] > 0 {
      matched.append(row)
      removedBy[Int(matchedBy[row]) - 1] += 1
    }
    return matched
  }

  /// Queries `index` at `points[slots[0]]`, `points[slots[1]]`, … in turn, and calls `matched`
  /// with each slot that has a contaminant within reach. With `prefetching` (an index too
  /// large for the cache), each query's lines are prefetched a few queries ahead (see
  /// ``ContaminantIndex/prefetchDirectory(for:)``).
  @inline(__always)
  private static func query(
    _ index: ContaminantIndex, _ points: UnsafeMutableBufferPointer<QueryPoint>,
    _ slots: UnsafeMutablePointer<Int32>, _ count: Int, prefetching: Bool,
    _ matched: (Int) -> Void
  ) {
    let (directoryLead, entryLead) = (ContaminantIndex.directoryLead, ContaminantIndex.entryLead)
    for next in 0..<count {
      if prefetching && next + directoryLead < count {
        index.prefetchDirectory(for: points[Int(slots[next + directoryLead])])
      }
      if prefetching && next + entryLead < count {
        index.prefetchEntries(for: points[Int(slots[next + entryLead])])
      }
      let slot = Int(slots[next])
      if index.containsMatch(for: &points[slot]) { matched(slot) }
    }
  }

  /// Copies `points` into `work.sorted` in the order of their zone of `storage` and, within a
  /// zone, of their longitude (a counting sort on a coarse key), with `work.order[slot]` the
  /// point's index in `points`.
  ///
  /// Within a zone the queries then read its entries forwards. A chunk holds only a few dozen
  /// points per zone of a 10⁶-contaminant index, though, too few for one query's lines to be
  /// in cache for the next: the longitude order alone measured no gain, and the waiting on
  /// memory was cut by the prefetching in ``query(_:_:_:_:prefetching:_:)``.
  static func sortByZone(
    _ points: UnsafeMutableBufferPointer<QueryPoint>, of storage: ZoneStorage, into work: CutScratch
  ) {
    let count = points.count
    // A no-op when `points` is the scratch's own buffer, which then already holds `count`.
    work.reserve(count)
    let zoneKeys = min(storage.zoneCount, maximumKeys)
    // No more keys than points: the counts are cleared and summed once per chunk.
    let longitudeKeys = max(1, min(maximumKeys, max(count, zoneKeys)) / zoneKeys)
    let keyCount = zoneKeys * longitudeKeys
    let longitudeScale = Double(longitudeKeys) / (2 * .pi)
    let starts = work.starts
    let keys = work.keys
    starts.update(repeating: 0, count: keyCount + 1)
    for row in 0..<count {
      let point = points[row]
      let zoneKey = storage.zone(of: point.z) * zoneKeys / storage.zoneCount
      let key =
        zoneKey * longitudeKeys + longitudeKey(point.longitude, longitudeScale, longitudeKeys)
      keys[row] = Int32(key)
      starts[key + 1] += 1
    }
    for key in 0..<keyCount { starts[key + 1] += starts[key] }
    // Scatter the positions into zone order (sequential reads, scattered writes), so that
    // they can be queried sequentially.
    let order = work.order
    let sorted = work.sorted
    for row in 0..<count {
      let key = Int(keys[row])
      let slot = Int(starts[key])
      order[slot] = Int32(row)
      sorted[slot] = points[row]
      starts[key] += 1
    }
  }

  /// The longitude bucket of a query's longitude (any value: the order only helps the cache,
  /// so a longitude outside `[0, 2π)` or not finite just goes to some bucket).
  @inline(__always)
  private static func longitudeKey(_ longitude: Double, _ scale: Double, _ keys: Int) -> Int {
    let scaled = longitude * scale
    guard scaled > -1e15 && scaled < 1e15 else { return 0 }
    let key = Int(scaled) % keys
    return key < 0 ? key + keys : key
  }

  /// The most zone keys a chunk is sorted on (zones are grouped beyond that).
  static let maximumKeys = 65_536
}
