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
  /// For each entry, its own squared-chord limit, when contaminants have radii of their own
  /// (for a moving index, a bound from above of the chord of its reach, each candidate then
  /// decided where the star is: ``ContaminantIndex/init(contaminants:reach:moved:runner:)``).
  let limits: UnsafeMutablePointer<Double>?
  /// For each entry of a moving circle (``MovedAtEpoch``), the squared chord from where the
  /// catalogue puts it within which a point is inside wherever the star moves: beside the
  /// limits, so that a point well inside is decided without the star's row, motion or place.
  let innerLimits: UnsafeMutablePointer<Double>?
  /// For each entry, its ellipse, when contaminants are ellipses (`limits` then bounds them).
  let shapes: UnsafeMutablePointer<EllipseShape>?
  /// For moving contaminants indexed where their catalogue puts them (`limits` then bounds
  /// how far they reach), what decides a candidate at the objects' epoch.
  let moved: MovedAtEpoch?
  /// Zone `k` has `bucketCount[k]` equal longitude buckets; `bucketFirst[bucketOffset[k] + b]`
  /// is its first entry whose bucket is at least `b`.
  let bucketOffset: UnsafeMutablePointer<Int>
  let bucketScale: UnsafeMutablePointer<Double>
  let bucketCount: UnsafeMutablePointer<Int>
  let bucketFirst: UnsafeMutablePointer<Int>
  private let bucketTotal: Int

  /// Builds the arrays; the per-row and per-zone work runs on `runner`'s threads.
  /// `rowLimit`, if given, is each contaminant's squared-chord limit by row, asked once a row
  /// as its entry is written (so that no array of them in row order is made first).
  init(
    contaminants: [UnitVector], rowLimit: (@Sendable (Int) -> Double)? = nil,
    rowShapes: [EllipseShape?]? = nil, moved: MovedAtEpoch? = nil, zoneCount zones: Int,
    runner: ParallelRunner
  ) {
    precondition(moved == nil || (rowLimit != nil && rowShapes == nil), "moved: limits only")
    self.moved = moved
    var rowInner: (@Sendable (Int) -> Double)?
    if let circles = moved?.contaminants.circles { rowInner = { circles.innerLimit($0) } }
    let m = contaminants.count
    count = m
    zoneCount = zones
    zoneHeight = 2 / Double(zones)
    entries = HugePages.allocate(Entry.self, capacity: max(m, 1))
    rows = HugePages.allocate(Int.self, capacity: max(m, 1))
    let starts = Self.placeByZone(
      contaminants, zones: zones, height: zoneHeight, entries: entries, rows: rows,
      runner: runner)
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
    limits = rowLimit == nil ? nil : HugePages.allocate(Double.self, capacity: max(m, 1))
    innerLimits = rowInner == nil ? nil : HugePages.allocate(Double.self, capacity: max(m, 1))
    shapes = rowShapes == nil ? nil : HugePages.allocate(EllipseShape.self, capacity: max(m, 1))
    bucketFirst = .allocate(capacity: max(total, 1))
    sortZones(rowLimit: rowLimit, rowInner: rowInner, rowShapes: rowShapes, runner: runner)
  }

  /// Writes the contaminants' entries (a longitude costs an atan2) and rows to `entries` and
  /// `rows` counting-sorted by zone, rows in order within a zone, in two parallel passes over
  /// chunks of rows: each chunk counts its rows per zone, then writes each row to its zone's
  /// next slot, its slots following the earlier chunks' (so the sort is stable without a copy
  /// in row order). Returns where each zone starts (one more for the end).
  private static func placeByZone(
    _ contaminants: [UnitVector], zones: Int, height: Double,
    entries: UnsafeMutablePointer<Entry>, rows: UnsafeMutablePointer<Int>, runner: ParallelRunner
  ) -> UnsafeMutablePointer<Int> {
    let m = contaminants.count
    // Chunks of 8,192 rows or more: 50,000 contaminants in one chunk kept their atan2s on one
    // thread, a tenth of the `seed` run's wall time.
    let splitter = ChunkSplitter(count: m, jobs: runner.jobs, minimumRows: 8192)
    @Sendable @inline(__always) func zone(_ v: UnitVector) -> Int {
      Self.zone(of: v.z, height: height, zones: zones)
    }
    let counts = runner.map(splitter) { range in
      var counts = [Int](repeating: 0, count: zones)
      contaminants.withUnsafeBufferPointer { rows in
        for row in range { counts[zone(rows[row])] += 1 }
      }
      return counts
    }
    // Zone starts, and each chunk's first slot in each zone.
    let starts = UnsafeMutablePointer<Int>.allocate(capacity: zones + 1)
    var firstSlots = [[Int]](repeating: [], count: splitter.chunks)
    var slot = 0
    for k in 0..<zones {
      starts[k] = slot
      for chunk in 0..<splitter.chunks {
        if k == 0 { firstSlots[chunk] = [Int](repeating: 0, count: zones) }
        firstSlots[chunk][k] = slot
        slot += counts[chunk][k]
      }
    }
    starts[zones] = slot
    let chunkSlots = firstSlots
    let entryWrites = DisjointWrites(base: entries)
    let rowWrites = DisjointWrites(base: rows)
    _ = runner.mapChunks(splitter) { chunk, range in
      var slots = chunkSlots[chunk]
      slots.withUnsafeMutableBufferPointer { next in
        contaminants.withUnsafeBufferPointer { vectors in
          for row in range {
            let v = vectors[row]
            let k = zone(v)
            (entryWrites.base + next[k]).initialize(
              to: Entry(longitude: v.longitude, x: v.x, y: v.y, z: v.z))
            (rowWrites.base + next[k]).initialize(to: row)
            next[k] += 1
          }
        }
      }
    }
    return starts
  }

  /// Per zone, in parallel over ranges of zones (each writes only its zones' entries, rows
  /// and buckets): sorts the zone's items by longitude, equal longitudes in row order, into
  /// the entries, and fills the bucket directory. The sort is a counting sort on the
  /// directory's bucket (one bucket per item, monotonic in longitude, stable), then an
  /// insertion sort within each bucket, which holds one item on average: linear on average
  /// where a comparison sort of the zone cost a third of the index build. The buckets are
  /// computed by the function the query uses, so the directory agrees with it whatever the
  /// rounding.
  private func sortZones(
    rowLimit: (@Sendable (Int) -> Double)?, rowInner: (@Sendable (Int) -> Double)?,
    rowShapes: [EllipseShape?]?, runner: ParallelRunner
  ) {
    let entryWrites = DisjointWrites(base: entries)
    let rowOut = DisjointWrites(base: rows)
    let limitWrites = limits.map { DisjointWrites(base: $0) }
    let innerWrites = innerLimits.map { DisjointWrites(base: $0) }
    let shapeWrites = shapes.map { DisjointWrites(base: $0) }
    let bucketWrites = DisjointWrites(base: bucketFirst)
    // Read only inside the parallel phase.
    let zoneStart = DisjointWrites(base: self.zoneStart)
    let bucketOffset = DisjointWrites(base: self.bucketOffset)
    let bucketScale = DisjointWrites(base: self.bucketScale)
    let bucketCount = DisjointWrites(base: self.bucketCount)
    let zones = zoneCount
    let largest = (0..<zones).reduce(0) { max($0, bucketCount.base[$1]) }
    _ = runner.map(ChunkSplitter(count: zones, chunks: min(zones, runner.jobs * 8))) { zoneRange in
      // The zone in row order, copied out of the entries it is sorted back into.
      let items = UnsafeMutablePointer<Item>.allocate(capacity: largest)
      let next = UnsafeMutablePointer<Int>.allocate(capacity: largest + 1)
      next.initialize(repeating: 0, count: largest + 1)
      defer {
        items.deallocate()
        next.deallocate()
      }
      for k in zoneRange {
        let start = zoneStart.base[k]
        let end = zoneStart.base[k + 1]
        let (scale, buckets) = (bucketScale.base[k], bucketCount.base[k])
        let zoneEntries = entryWrites.base + start
        let zoneRows = rowOut.base + start
        for offset in 0..<(end - start) {
          (items + offset).initialize(to: Item(entry: zoneEntries[offset], row: zoneRows[offset]))
        }
        let zone = UnsafeBufferPointer(start: items, count: end - start)
        // Counting sort on the bucket: next[b] is bucket b's next slot.
        next.update(repeating: 0, count: buckets + 1)
        for item in zone {
          next[Self.bucket(item.entry.longitude, scale: scale, count: buckets) + 1] += 1
        }
        for b in 0..<buckets { next[b + 1] += next[b] }
        // Bucket b's first entry is the zone's start plus the items in earlier buckets.
        for b in 0..<buckets {
          (bucketWrites.base + bucketOffset.base[k] + b).initialize(to: start + next[b])
        }
        for item in zone {
          let b = Self.bucket(item.entry.longitude, scale: scale, count: buckets)
          zoneEntries[next[b]] = item.entry
          zoneRows[next[b]] = item.row
          next[b] += 1
        }
        // next[b] is now bucket b's end, the next bucket's start.
        var first = 0
        for b in 0..<buckets {
          Self.sortBucket(entries: zoneEntries, rows: zoneRows, first..<next[b])
          first = next[b]
        }
        // One loop per array, each unwrapped outside it: unwrapping an optional closure per
        // row retained and released its context each time.
        if let limitWrites, let rowLimit {
          for offset in 0..<(end - start) {
            (limitWrites.base + start + offset).initialize(to: rowLimit(zoneRows[offset]))
          }
        }
        if let innerWrites, let rowInner {
          for offset in 0..<(end - start) {
            (innerWrites.base + start + offset).initialize(to: rowInner(zoneRows[offset]))
          }
        }
        if let shapeWrites, let rowShapes {
          for offset in 0..<(end - start) {
            (shapeWrites.base + start + offset).initialize(
              to: rowShapes[zoneRows[offset]] ?? .empty)
          }
        }
      }
    }
  }

  /// Sorts the entries (and their rows) of one bucket by longitude, equal longitudes in row
  /// order: by insertion (a bucket holds one entry on average), a crowded bucket (contaminants
  /// clustered in longitude) as a whole.
  private static func sortBucket(
    entries: UnsafeMutablePointer<Entry>, rows: UnsafeMutablePointer<Int>, _ bucket: Range<Int>
  ) {
    guard bucket.count > 1 else { return }
    if bucket.count > 32 {
      var items = bucket.map { Item(entry: entries[$0], row: rows[$0]) }
      items.sort(by: Item.precedes)
      for (offset, item) in items.enumerated() {
        entries[bucket.lowerBound + offset] = item.entry
        rows[bucket.lowerBound + offset] = item.row
      }
      return
    }
    for i in (bucket.lowerBound + 1)..<bucket.upperBound {
      let item = Item(entry: entries[i], row: rows[i])
      var j = i
      while j > bucket.lowerBound
        && Item.precedes(item, Item(entry: entries[j - 1], row: rows[j - 1]))
      {
        entries[j] = entries[j - 1]
        rows[j] = rows[j - 1]
        j -= 1
      }
      entries[j] = item.entry
      rows[j] = item.row
    }
  }

  /// A contaminant on its way into the index.
  private struct Item {
    var entry: Entry
    var row: Int

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
    innerLimits?.deallocate()
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
  func zone(of z: Double) -> Int { Self.zone(of: z, height: zoneHeight, zones: zoneCount) }

  /// The zone of `z` among `zones` zones of height `height` (``zone(of:)``, before the
  /// storage exists).
  @inline(__always)
  static func zone(of z: Double, height: Double, zones: Int) -> Int {
    min(max(Int((z + 1) / height), 0), zones - 1)
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
