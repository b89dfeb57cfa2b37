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
  /// Zone `k` has `bucketCount[k]` equal longitude buckets; `bucketFirst[bucketOffset[k] + b]`
  /// is its first entry whose bucket is at least `b`.
  let bucketOffset: UnsafeMutablePointer<Int>
  let bucketScale: UnsafeMutablePointer<Double>
  let bucketCount: UnsafeMutablePointer<Int>
  let bucketFirst: UnsafeMutablePointer<Int>
  private let bucketTotal: Int

  init(contaminants: [UnitVector], zoneCount zones: Int) {
    let m = contaminants.count
    count = m
    zoneCount = zones
    zoneHeight = 2 / Double(zones)

    // Counting sort by zone, then sort each zone by longitude.
    let height = zoneHeight
    func zoneOf(_ z: Double) -> Int { min(max(Int((z + 1) / height), 0), zones - 1) }
    let zoneOfRow = contaminants.map { zoneOf($0.z) }
    zoneStart = .allocate(capacity: zones + 1)
    zoneStart.initialize(repeating: 0, count: zones + 1)
    for zone in zoneOfRow { zoneStart[zone + 1] += 1 }
    for k in 0..<zones { zoneStart[k + 1] += zoneStart[k] }
    var next = Array(UnsafeBufferPointer(start: zoneStart, count: zones))
    var order = [Int](repeating: 0, count: m)
    for (row, zone) in zoneOfRow.enumerated() {
      order[next[zone]] = row
      next[zone] += 1
    }
    // Sort each zone by longitude; equal longitudes keep row order.
    struct Item {
      var longitude: Double
      var row: Int
    }
    var items = order.map { Item(longitude: contaminants[$0].longitude, row: $0) }
    for k in 0..<zones where zoneStart[k + 1] - zoneStart[k] > 1 {
      items[zoneStart[k]..<zoneStart[k + 1]].sort {
        $0.longitude < $1.longitude || ($0.longitude == $1.longitude && $0.row < $1.row)
      }
    }
    entries = .allocate(capacity: max(m, 1))
    rows = .allocate(capacity: max(m, 1))
    for (entry, item) in items.enumerated() {
      let v = contaminants[item.row]
      (entries + entry).initialize(to: Entry(longitude: item.longitude, x: v.x, y: v.y, z: v.z))
      (rows + entry).initialize(to: item.row)
    }

    // The bucket directory: one bucket per entry in each zone.
    bucketOffset = .allocate(capacity: zones)
    bucketScale = .allocate(capacity: zones)
    bucketCount = .allocate(capacity: zones)
    var total = 0
    for k in 0..<zones {
      let buckets = max(1, zoneStart[k + 1] - zoneStart[k])
      (bucketOffset + k).initialize(to: total)
      (bucketCount + k).initialize(to: buckets)
      (bucketScale + k).initialize(to: Double(buckets) / (2 * .pi))
      total += buckets
    }
    bucketTotal = total
    bucketFirst = .allocate(capacity: max(total, 1))
    for k in 0..<zones {
      let offset = bucketOffset[k]
      var entry = zoneStart[k]
      let end = zoneStart[k + 1]
      for bucket in 0..<bucketCount[k] {
        // Buckets are computed by the same function the query uses, so the directory agrees
        // with it whatever the rounding.
        while entry < end
          && Self.bucket(entries[entry].longitude, scale: bucketScale[k], count: bucketCount[k])
            < bucket
        {
          entry += 1
        }
        (bucketFirst + offset + bucket).initialize(to: entry)
      }
    }
  }

  deinit {
    zoneStart.deallocate()
    entries.deallocate()
    rows.deallocate()
    bucketOffset.deallocate()
    bucketScale.deallocate()
    bucketCount.deallocate()
    bucketFirst.deallocate()
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
  @inline(__always)
  func firstEntry(inZone zone: Int, atOrAfter low: Double) -> Int {
    let bucket = Self.bucket(low, scale: bucketScale[zone], count: bucketCount[zone])
    var entry = bucketFirst[bucketOffset[zone] + bucket]
    let end = zoneStart[zone + 1]
    while entry < end && entries[entry].longitude < low { entry += 1 }
    return entry
  }
}
