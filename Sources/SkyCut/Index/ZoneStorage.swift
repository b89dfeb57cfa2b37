import Foundation

/// The arrays behind a ``ContaminantIndex``: contaminants sorted by zone and longitude, with
/// a longitude-bucket directory per zone.
///
/// A final class owning raw buffers, so that the query loop runs without bounds checks or
/// reference counting per access. `@unchecked Sendable`: every buffer is written once, in
/// `init`, and only read afterwards.
final class ZoneStorage: @unchecked Sendable {
  /// One contaminant: its longitude in `[0, 2π)` and its unit vector, together in one 32-byte
  /// record so that a scan reads one cache line for two candidates.
  struct Entry {
    var longitude: Double
    var x: Double
    var y: Double
    var z: Double
  }

  let count: Int
  let zoneCount: Int
  let zoneHeight: Double
  /// `zoneStart[k] ..< zoneStart[k + 1]` are the entries of zone `k`.
  let zoneStart: UnsafeMutablePointer<Int>
  /// Entries sorted by zone, then longitude.
  let entries: UnsafeMutablePointer<Entry>
  /// For each entry, the contaminant's row in the input (0-based).
  let rows: UnsafeMutablePointer<Int>
  /// For each entry, its own squared-chord limit, when contaminants have radii of their own.
  let limits: UnsafeMutablePointer<Double>?
  /// For each entry, its ellipse, when contaminants are ellipses (`limits` then bounds them).
  let shapes: UnsafeMutablePointer<EllipseShape>?
  /// Zone `k` has `bucketCount[k]` equal longitude buckets; `bucketFirst[bucketOffset[k] + b]`
  /// is its first entry whose bucket is at least `b`.
  let bucketOffset: UnsafeMutablePointer<Int>
  let bucketScale: UnsafeMutablePointer<Double>
  let bucketCount: UnsafeMutablePointer<Int>
  let bucketFirst: UnsafeMutablePointer<Int>
  private let bucketTotal: Int

  /// Builds the arrays; the per-row and per-zone work runs on `runner`'s threads.
  /// `rowLimits`, if given, is each contaminant's squared-chord limit, in row order.
  init(
    contaminants: [UnitVector], rowLimits: [Double]? = nil, rowShapes: [EllipseShape]? = nil,
    zoneCount zones: Int, runner: ParallelRunner
  ) {
    let m = contaminants.count
    count = m
    zoneCount = zones
    zoneHeight = 2 / Double(zones)
    let (sorted, starts) = Self.sortedByZone(
      contaminants, zones: zones, height: zoneHeight, runner: runner)
    defer { sorted.deallocate() }
    zoneStart = starts
    // The bucket directory's layout: one bucket per entry of each zone.
    bucketOffset = .allocate(capacity: zones)
    bucketScale = .allocate(capacity: zones)
    bucketCount = .allocate(capacity: zones)
    var total = 0
    for k in 0..<zones {
      let buckets = max(1, starts[k + 1] - starts[k])
      (bucketOffset + k).initialize(to: total)
      (bucketCount + k).initialize(to: buckets)
      (bucketScale + k).initialize(to: Double(buckets) / (2 * .pi))
      total += buckets
    }
    bucketTotal = total
    entries = .allocate(capacity: max(m, 1))
    rows = .allocate(capacity: max(m, 1))
    limits = rowLimits == nil ? nil : .allocate(capacity: max(m, 1))
    shapes = rowShapes == nil ? nil : .allocate(capacity: max(m, 1))
    bucketFirst = .allocate(capacity: max(total, 1))
    fillZones(from: sorted, rowLimits: rowLimits, rowShapes: rowShapes, runner: runner)
  }

  /// Each contaminant's entry (its longitude costs an atan2) and zone, worked out in parallel
  /// (chunk *i* writes rows of its range only), then counting-sorted by zone: the items in
  /// zone order (to deallocate), and where each zone starts (one more for the end).
  private static func sortedByZone(
    _ contaminants: [UnitVector], zones: Int, height: Double, runner: ParallelRunner
  ) -> (UnsafeMutablePointer<Item>, UnsafeMutablePointer<Int>) {
    let m = contaminants.count
    let byRow = UnsafeMutablePointer<Item>.allocate(capacity: max(m, 1))
    defer { byRow.deallocate() }
    let rowWrites = DisjointWrites(base: byRow)
    let chunks = max(1, min(m / 4096, runner.jobs * 4))
    _ = runner.map(ChunkSplitter(count: m, chunks: chunks)) { range in
      for row in range {
        let v = contaminants[row]
        let zone = min(max(Int((v.z + 1) / height), 0), zones - 1)
        (rowWrites.base + row).initialize(
          to: Item(
            entry: Entry(longitude: v.longitude, x: v.x, y: v.y, z: v.z), row: row, zone: zone))
      }
    }
    // Counting sort: read in row order, write each item to its zone's next slot.
    let starts = UnsafeMutablePointer<Int>.allocate(capacity: zones + 1)
    starts.initialize(repeating: 0, count: zones + 1)
    for row in 0..<m { starts[byRow[row].zone + 1] += 1 }
    for k in 0..<zones { starts[k + 1] += starts[k] }
    let sorted = UnsafeMutablePointer<Item>.allocate(capacity: max(m, 1))
    var next = Array(UnsafeBufferPointer(start: starts, count: zones))
    for row in 0..<m {
      let zone = byRow[row].zone
      (sorted + next[zone]).initialize(to: byRow[row])
      next[zone] += 1
    }
    return (sorted, starts)
  }

  /// Per zone, in parallel over ranges of zones (each writes only its zones' entries, rows
  /// and buckets): sorts the zone's items by longitude, equal longitudes in row order, and
  /// fills the entries and the bucket directory. Buckets are computed by the same function
  /// the query uses, so the directory agrees with it whatever the rounding.
  private func fillZones(
    from sorted: UnsafeMutablePointer<Item>, rowLimits: [Double]?, rowShapes: [EllipseShape]?,
    runner: ParallelRunner
  ) {
    let sortedWrites = DisjointWrites(base: sorted)
    let entryWrites = DisjointWrites(base: entries)
    let rowOut = DisjointWrites(base: rows)
    let limitWrites = limits.map { DisjointWrites(base: $0) }
    let shapeWrites = shapes.map { DisjointWrites(base: $0) }
    let bucketWrites = DisjointWrites(base: bucketFirst)
    // Read only inside the parallel phase.
    let zoneStart = DisjointWrites(base: self.zoneStart)
    let bucketOffset = DisjointWrites(base: self.bucketOffset)
    let bucketScale = DisjointWrites(base: self.bucketScale)
    let bucketCount = DisjointWrites(base: self.bucketCount)
    let zones = zoneCount
    _ = runner.map(ChunkSplitter(count: zones, chunks: min(zones, runner.jobs * 8))) { zoneRange in
      for k in zoneRange {
        let start = zoneStart.base[k]
        let end = zoneStart.base[k + 1]
        let zone = UnsafeMutableBufferPointer(
          start: sortedWrites.base + start, count: end - start)
        Self.sortByLongitude(
          zone, scale: bucketScale.base[k], buckets: bucketCount.base[k])
        for (offset, item) in zone.enumerated() {
          (entryWrites.base + start + offset).initialize(to: item.entry)
          (rowOut.base + start + offset).initialize(to: item.row)
          if let limitWrites, let rowLimits {
            (limitWrites.base + start + offset).initialize(to: rowLimits[item.row])
          }
          if let shapeWrites, let rowShapes {
            (shapeWrites.base + start + offset).initialize(to: rowShapes[item.row])
          }
        }
        var entry = start
        let scale = bucketScale.base[k]
        let buckets = bucketCount.base[k]
        for bucket in 0..<buckets {
          while entry < end
            && Self.bucket(entryWrites.base[entry].longitude, scale: scale, count: buckets) < bucket
          {
            entry += 1
          }
          (bucketWrites.base + bucketOffset.base[k] + bucket).initialize(to: entry)
        }
      }
    }
  }

  /// Sorts a zone's items (in row order) by longitude, equal longitudes in row order: a
  /// counting sort on the directory's bucket (one bucket per item, monotonic in longitude, and
  /// stable), then an insertion sort within each bucket, which holds one item on average.
  /// Linear on average where a comparison sort of the zone cost a third of the index build.
  private static func sortByLongitude(
    _ zone: UnsafeMutableBufferPointer<Item>, scale: Double, buckets: Int
  ) {
    let n = zone.count
    guard n > 1 else { return }
    var starts = [Int](repeating: 0, count: buckets + 1)
    for item in zone { starts[bucket(item.entry.longitude, scale: scale, count: buckets) + 1] += 1 }
    for b in 0..<buckets { starts[b + 1] += starts[b] }
    let copy = UnsafeMutableBufferPointer<Item>.allocate(capacity: n)
    defer { copy.deallocate() }
    _ = copy.initialize(from: zone)
    var next = starts
    for item in copy {
      let b = bucket(item.entry.longitude, scale: scale, count: buckets)
      zone[next[b]] = item
      next[b] += 1
    }
    for b in 0..<buckets where starts[b + 1] - starts[b] > 1 {
      // A crowded bucket (contaminants clustered in longitude) is sorted as a whole; a small
      // one by insertion. Both keep ties in row order (the comparison breaks them by row).
      if starts[b + 1] - starts[b] > 32 {
        var crowd = UnsafeMutableBufferPointer(rebasing: zone[starts[b]..<starts[b + 1]])
        crowd.sort(by: Item.precedes)
        continue
      }
      for i in (starts[b] + 1)..<starts[b + 1] {
        let item = zone[i]
        var j = i
        while j > starts[b] && Item.precedes(item, zone[j - 1]) {
          zone[j] = zone[j - 1]
          j -= 1
        }
        zone[j] = item
      }
    }
  }

  /// A contaminant on its way into the index.
  private struct Item {
    var entry: Entry
    var row: Int
    var zone: Int

    /// By longitude; equal longitudes in row order.
    static func precedes(_ a: Item, _ b: Item) -> Bool {
      if a.entry.longitude != b.entry.longitude { return a.entry.longitude < b.entry.longitude }
      return a.row < b.row
    }
  }

  deinit {
    zoneStart.deallocate()
    entries.deallocate()
    rows.deallocate()
    limits?.deallocate()
    shapes?.deallocate()
    bucketOffset.deallocate()
    bucketScale.deallocate()
    bucketCount.deallocate()
    bucketFirst.deallocate()
  }

  /// Whether a candidate `entry` already within its limit matches `position`: always for a
  /// circle, by its ellipse for an ellipse.
  @inline(__always)
  func shapeContains(_ entry: Int, _ position: QueryPoint) -> Bool {
    guard let shapes else { return true }
    let centre = entries[entry]
    return shapes[entry].contains(
      position.x, position.y, position.z, centre: centre.x, centre.y, centre.z)
  }

  /// The zone of height coordinate `z`. `Int(_:)` truncates towards zero, which is the floor
  /// for the non-negative `z + 1`; a slightly negative one (a padded bound below the south
  /// pole) truncates to zone 0, as the floor would after clamping.
  @inline(__always)
  func zone(of z: Double) -> Int {
    min(max(Int((z + 1) / zoneHeight), 0), zoneCount - 1)
  }

  @inline(__always)
  static func bucket(_ longitude: Double, scale: Double, count: Int) -> Int {
    min(max(Int(longitude * scale), 0), count - 1)
  }

  /// The first entry of `zone` with longitude `>= low`, or the zone's end.
  ///
  /// Every entry at or after `low` lies in `low`'s bucket or a later one, so the answer is in
  /// `low`'s bucket or is the next bucket's first entry: a binary search within one bucket,
  /// which holds one entry on average and stays short when contaminants cluster.
  @inline(__always)
  func firstEntry(inZone zone: Int, atOrAfter low: Double) -> Int {
    let count = bucketCount[zone]
    let bucket = Self.bucket(low, scale: bucketScale[zone], count: count)
    let slot = bucketOffset[zone] + bucket
    var lower = bucketFirst[slot]
    var upper = bucket + 1 < count ? bucketFirst[slot + 1] : zoneStart[zone + 1]
    while lower < upper {
      let middle = (lower + upper) >> 1
      if entries[middle].longitude < low { lower = middle + 1 } else { upper = middle }
    }
    return lower
  }
}
