import Foundation

/// A read-only spatial index of contaminant positions that answers one question fast and
/// exactly: is there a contaminant closer than the radius to this position?
///
/// ## Design
/// The sphere is cut into equal-area *zones* of constant height in z (= sin latitude), and
/// within each zone the contaminants are sorted by longitude — the zones algorithm of Gray,
/// Nieto-Santisteban & Szalay (2006, arXiv:cs/0701171), on z rather than declination so that
/// zones hold equal numbers of uniformly spread points. A query visits the zones that the
/// search circle's z-range crosses and, in each, binary-searches the circle's longitude window,
/// so it touches only the contaminants in a box barely larger than the circle. Compared with a
/// k-d tree this needs no pointer chasing and no recursion, and its arrays are contiguous.
///
/// The zone and longitude bounds are conservative: they are computed for a radius widened by a
/// relative 1e-9 and an absolute 1e-12 rad (and the longitude window by 1e-9 rad), far more
/// than the float64 rounding of any position, and every candidate is then decided by the exact
/// predicate `|a − b|² < 4 sin²(r/2)`. The answer is therefore the brute-force answer, bit for
/// bit, whatever the radius (1 mas to 180°) or position (poles, longitude 0/360).
///
/// The index is a value type of immutable arrays, safe to share between threads.
public struct ContaminantIndex: Sendable {
  /// The search radius.
  public let radius: Angle
  /// `4 sin²(radius/2)`: a contaminant matches when `|a − b|² < chordSquared`.
  public let chordSquared: Double
  /// The number of contaminants indexed.
  public var count: Int { positions.count }

  /// Number of zones, and their height in z.
  let zoneCount: Int
  let zoneHeight: Double
  /// `zoneStart[k] ..< zoneStart[k + 1]` are the entries of zone `k`.
  let zoneStart: [Int]
  /// Longitudes in `[0, 2π)`, sorted within each zone.
  let longitudes: [Double]
  /// Positions, in the same order as `longitudes`.
  let positions: [UnitVector]
  /// For each entry, the contaminant's row in the input (0-based).
  let rows: [Int]

  /// Prefilter constants for the widened radius.
  let sinPadded: Double
  let cosPadded: Double
  /// `|z|` above which a search circle comes within 1e-6 rad of a pole: the longitude window
  /// is then the whole circle, since longitudes are ill-conditioned there.
  let polarZ: Double
  /// Whether every query must scan all longitudes (radius ≥ 90°).
  let wholeSky: Bool

  /// Relative and absolute widening of the radius for the prefilter.
  static let relativePad = 1e-9
  static let absolutePad = 1e-12
  /// Widening of the longitude window, in radians; covers the longitude rounding error of a
  /// point no closer than 1e-6 rad to a pole (≈ 1e-16 / 1e-6).
  static let longitudePad = 1e-9

  /// Builds the index.
  ///
  /// - Parameters:
  ///   - contaminants: the contaminant positions, in the same frame as the positions that
  ///     will be queried.
  ///   - radius: the search radius, in `(0, 180°]`.
  /// - Complexity: O(*m* log *m*) for *m* contaminants.
  /// - Precondition: `radius` is positive and at most 180°.
  public init(contaminants: [UnitVector], radius: Angle) {
    precondition(radius.radians > 0 && radius.radians <= .pi, "radius must be in (0, 180°]")
    self.radius = radius
    self.chordSquared = radius.chordSquared
    let padded = min(
      radius.radians * (1 + Self.relativePad) + Self.absolutePad, Double.pi)
    sinPadded = sin(padded)
    cosPadded = cos(padded)
    wholeSky = padded >= .pi / 2
    polarZ = wholeSky ? 0 : cos(min(padded + 1e-6, .pi / 2))

    // Zone height: about the radius (a circle then spans two or three zones), but no more
    // zones than a quarter of the contaminants, so zones are never mostly empty.
    let m = contaminants.count
    let byRadius = Int(min(2 / max(sin(min(radius.radians, .pi / 2)), 1e-300), 4_194_304))
    let zones = max(1, min(byRadius, max(m / 4, 1)))
    let height = 2 / Double(zones)
    zoneCount = zones
    zoneHeight = height

    // Counting sort by zone, then sort each zone by longitude.
    let zoneOfEntry = contaminants.map { Self.zone(of: $0.z, height: height, count: zones) }
    var start = [Int](repeating: 0, count: zones + 1)
    for zone in zoneOfEntry { start[zone + 1] += 1 }
    for k in 0..<zones { start[k + 1] += start[k] }
    var next = start
    var order = [Int](repeating: 0, count: m)
    for (row, zone) in zoneOfEntry.enumerated() {
      order[next[zone]] = row
      next[zone] += 1
    }
    let longitudeOfRow = contaminants.map(\.longitude)
    for k in 0..<zones where start[k + 1] - start[k] > 1 {
      order[start[k]..<start[k + 1]].sort { longitudeOfRow[$0] < longitudeOfRow[$1] }
    }
    zoneStart = start
    rows = order
    longitudes = order.map { longitudeOfRow[$0] }
    positions = order.map { contaminants[$0] }
  }

  @inline(__always)
  static func zone(of z: Double, height: Double, count: Int) -> Int {
    let k = Int(((z + 1) / height).rounded(.down))
    return min(max(k, 0), count - 1)
  }

  /// Whether some contaminant lies strictly closer than ``radius`` to `position`.
  ///
  /// - Complexity: O(log *m* + *k*) for *k* contaminants in the circle's bounding box.
  public func containsMatch(for position: UnitVector) -> Bool {
    firstMatch(for: position) != nil
  }

  /// The input row (0-based) of a contaminant strictly closer than ``radius`` to `position`,
  /// or `nil` when there is none.
  public func firstMatch(for position: UnitVector) -> Int? {
    if positions.isEmpty { return nil }
    let z = position.z
    let rho = (position.x * position.x + position.y * position.y).squareRoot()
    // The circle's z-range; a pole inside the circle caps it at ±1.
    let zHigh = z > cosPadded ? 1 : z * cosPadded + rho * sinPadded
    let zLow = z < -cosPadded ? -1 : z * cosPadded - rho * sinPadded
    let firstZone = Self.zone(of: zLow - Self.absolutePad, height: zoneHeight, count: zoneCount)
    let lastZone = Self.zone(of: zHigh + Self.absolutePad, height: zoneHeight, count: zoneCount)

    // The longitude window [lon − w, lon + w], or everything.
    var halfWidth = Double.pi
    if !wholeSky && abs(z) < polarZ && sinPadded < rho {
      halfWidth = asin(sinPadded / rho) * (1 + Self.relativePad) + Self.longitudePad
    }
    if halfWidth >= .pi {
      for zone in firstZone...lastZone {
        if let row = scan(zone: zone, from: 0, to: 2 * .pi, position) { return row }
      }
      return nil
    }
    let lon = position.longitude
    let low = lon - halfWidth
    let high = lon + halfWidth
    for zone in firstZone...lastZone {
      if low < 0 {
        if let row = scan(zone: zone, from: low + 2 * .pi, to: 2 * .pi, position) { return row }
        if let row = scan(zone: zone, from: 0, to: high, position) { return row }
      } else if high >= 2 * .pi {
        if let row = scan(zone: zone, from: low, to: 2 * .pi, position) { return row }
        if let row = scan(zone: zone, from: 0, to: high - 2 * .pi, position) { return row }
      } else {
        if let row = scan(zone: zone, from: low, to: high, position) { return row }
      }
    }
    return nil
  }

  /// Tests the entries of `zone` with longitude in `[low, high]` against the exact predicate.
  @inline(__always)
  private func scan(zone: Int, from low: Double, to high: Double, _ position: UnitVector) -> Int? {
    var lower = zoneStart[zone]
    var upper = zoneStart[zone + 1]
    // First entry with longitude >= low.
    while lower < upper {
      let middle = (lower + upper) >> 1
      if longitudes[middle] < low { lower = middle + 1 } else { upper = middle }
    }
    let end = zoneStart[zone + 1]
    var entry = lower
    while entry < end && longitudes[entry] <= high {
      if position.chordSquared(to: positions[entry]) < chordSquared { return rows[entry] }
      entry += 1
    }
    return nil
  }
}
