/// The inner loop of the cut, for one chunk of positions.
enum CutKernel {
  /// Below this many contaminants the index fits in a core's cache and positions are tested in
  /// row order; above it they are tested zone by zone (see ``matchedRows(_:longitudes:index:)``).
  static let cacheResidentContaminants = 32_768

  /// The chunk-local indices, increasing, of the positions with a contaminant closer than the
  /// index's radius.
  ///
  /// A large index does not fit in cache, and positions in row order are scattered over the
  /// sky, so each query would miss the cache two or three times. The positions are therefore
  /// visited in order of their zone (a counting sort on a coarse zone key): consecutive queries
  /// then touch the same few zones of the index, which stay in cache. The answer does not
  /// depend on the order of visits.
  ///
  /// - Parameters:
  ///   - positions: the chunk's positions.
  ///   - longitudes: their longitudes in radians (any range).
  ///   - index: the contaminants.
  ///   - zoneOrderAbove: the index size from which positions are visited in zone order
  ///     (tests lower it to exercise that path on small inputs).
  static func matchedRows(
    _ positions: UnsafeBufferPointer<UnitVector>, longitudes: UnsafeBufferPointer<Double>,
    index: ContaminantIndex, zoneOrderAbove: Int = cacheResidentContaminants
  ) -> [Int] {
    let count = positions.count
    var matched: [Int] = []
    if count < 2 || index.count < zoneOrderAbove {
      for row in 0..<count
      where index.containsMatch(for: positions[row], longitude: longitudes[row]) {
        matched.append(row)
      }
      return matched
    }
    let storage = index.storage
    let keyCount = min(storage.zoneCount, 65_536)
    var start = [Int32](repeating: 0, count: keyCount + 1)
    var keys = [Int32](repeating: 0, count: count)
    for row in 0..<count {
      let key = storage.zone(of: positions[row].z) * keyCount / storage.zoneCount
      keys[row] = Int32(key)
      start[key + 1] += 1
    }
    for key in 0..<keyCount { start[key + 1] += start[key] }
    // Scatter the positions into zone order (sequential reads, scattered writes), then query
    // them sequentially.
    var order = [Int32](repeating: 0, count: count)
    var sortedPositions = [UnitVector](repeating: UnitVector(x: 0, y: 0, z: 0), count: count)
    var sortedLongitudes = [Double](repeating: 0, count: count)
    for row in 0..<count {
      let key = Int(keys[row])
      let slot = Int(start[key])
      order[slot] = Int32(row)
      sortedPositions[slot] = positions[row]
      sortedLongitudes[slot] = longitudes[row]
      start[key] += 1
    }
    var isMatched = [Bool](repeating: false, count: count)
    for slot in 0..<count
    where index.containsMatch(for: sortedPositions[slot], longitude: sortedLongitudes[slot]) {
      isMatched[Int(order[slot])] = true
    }
    for row in 0..<count where isMatched[row] { matched.append(row) }
    return matched
  }
}
