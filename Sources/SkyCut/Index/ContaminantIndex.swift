import Foundation

/// A read-only spatial index of contaminant positions that answers one question fast and
/// exactly: is there a contaminant closer than the radius to this position?
///
/// ## Design
/// The sphere is cut into equal-area *zones* of constant height in z (= sin latitude), and
/// within each zone the contaminants are sorted by longitude — the zones algorithm of Gray,
/// Nieto-Santisteban & Szalay (2006, arXiv:cs/0701171), on z rather than declination so that
/// zones hold equal numbers of uniformly spread points. A query visits the zones that the
/// search circle's z-range crosses and, in each, scans the contaminants in the circle's
/// longitude window. A directory of equal-width longitude buckets per zone (one bucket per
/// contaminant) finds the window's first entry without a binary search. Compared with a k-d
/// tree this needs no pointer chasing and no recursion, and the entries are contiguous.
///
/// The zone and longitude bounds are conservative: they are computed for a radius widened by a
/// relative 1e-9 and an absolute 1e-12 rad (and the longitude window by 1e-9 rad), far more
/// than the float64 rounding of any position, and every candidate is then decided by the exact
/// predicate `|a − b|² < 4 sin²(r/2)`. The answer is therefore the brute-force answer, bit for
/// bit, whatever the radius (1 mas to 180°) or position (poles, longitude 0/360).
///
/// The index is immutable once built and safe to share between threads.
public struct ContaminantIndex: Sendable {
  /// The search radius: the largest radius when contaminants have their own.
  public let radius: Angle
  /// `4 sin²(radius/2)`: a contaminant matches when `|a − b|² < chordSquared`.
  public let chordSquared: Double
  /// The number of contaminants indexed.
  public var count: Int { storage.count }

  let storage: ZoneStorage

  /// Prefilter constants for the widened radius.
  let sinPadded: Double
  let cosPadded: Double
  /// `|z|` above which a search circle comes within 1e-6 rad of a pole: the longitude window
  /// is then the whole zone, since longitudes are ill-conditioned there.
  let polarZ: Double
  /// Whether every query must scan all longitudes (radius ≥ 90°).
  let wholeSky: Bool
  /// Whether its contaminants move: indexed where their catalogue puts them, decided where
  /// they are at the objects' epoch (so its entries are not where the contaminants are).
  var isMoving: Bool { storage.moved != nil }

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
  ///   - runner: the threads that build it.
  /// - Complexity: O(*m* log *m*) for *m* contaminants.
  /// - Precondition: `radius` is positive and at most 180°.
  public init(contaminants: [UnitVector], radius: Angle, runner: ParallelRunner = .allCores) {
    self.init(contaminants: contaminants, radius: radius, rowLimit: nil, runner: runner)
  }

  /// Builds the index for contaminants that each have a radius of their own (bright-star
  /// masks grow with brightness): a position matches a contaminant strictly closer than that
  /// contaminant's radius. The index is searched with the largest radius and every candidate
  /// is decided with its own, so the answer is again exactly the brute-force one.
  ///
  /// - Parameters:
  ///   - contaminants: the contaminant positions.
  ///   - radii: each contaminant's radius, in `[0, 180°]` (a radius of 0 matches nothing).
  ///   - runner: the threads that build it.
  /// - Precondition: `radii` has one radius per contaminant, each in `[0, 180°]`.
  public init(contaminants: [UnitVector], radii: [Angle], runner: ParallelRunner = .allCores) {
    precondition(radii.count == contaminants.count, "one radius per contaminant")
    precondition(
      radii.allSatisfy { $0.radians >= 0 && $0.radians <= .pi }, "radii must be in [0, 180°]")
    // A radius of 0 matches nothing: the index then needs some positive radius to build.
    let largest = radii.max() ?? .radians(0)
    self.init(
      contaminants: contaminants, radius: largest.radians > 0 ? largest : .radians(1e-12),
      rowLimit: { radii[$0].chordSquared }, runner: runner)
  }

  /// Builds the index of moving contaminants (``MovingLayer``): each searched out to its
  /// `reach` (radians, in `[0, π]`), how far it can be from where the catalogue puts it and
  /// still hold a point, every candidate then decided by `moved` (or the layer's own test).
  /// A candidate's squared chord need only be bounded from above
  /// (``Angle/chordSquaredAbove``): no sine per contaminant. `reach` is asked as the index
  /// needs it, not kept per contaminant.
  init(
    contaminants: [UnitVector], reach: @escaping @Sendable (Int) -> Double, moved: MovedAtEpoch?,
    runner: ParallelRunner
  ) {
    let splitter = ChunkSplitter(count: contaminants.count, jobs: runner.jobs, minimumRows: 8192)
    let largest =
      runner.map(splitter) { rows in
        rows.reduce(0.0) { largest, row in
          let reach = reach(row)
          precondition(reach >= 0 && reach <= .pi, "reach must be in [0, π]")
          return max(largest, reach)
        }
      }.max() ?? 0
    self.init(
      contaminants: contaminants, radius: .radians(largest > 0 ? largest : 1e-12),
      rowLimit: { Angle.radians(reach($0)).chordSquaredAbove }, moved: moved, runner: runner)
  }

  /// Builds the index for elliptical contaminants (``EllipseShape``): searched with the
  /// largest semi-axis, each candidate within its own bounding radius decided by its ellipse.
  /// Rows without a shape (`nil`) match nothing.
  init(contaminants: [UnitVector], ellipses: [EllipseShape?], runner: ParallelRunner = .allCores) {
    precondition(ellipses.count == contaminants.count, "one ellipse per contaminant")
    // The bound widened by a relative 1e-9: every inside point is closer than it, rounding
    // included, and the ellipse decides.
    let limits = ellipses.map { shape -> Double in
      guard let shape else { return 0 }
      return Angle.radians(min(shape.bound.radians * (1 + 1e-9), .pi)).chordSquared
    }
    let largest = ellipses.compactMap { $0?.bound }.max() ?? .radians(0)
    self.init(
      contaminants: contaminants,
      radius: .radians(min(max(largest.radians * (1 + 1e-9), 1e-12), .pi)),
      rowLimit: { limits[$0] }, rowShapes: ellipses, runner: runner)
  }

  private init(
    contaminants: [UnitVector], radius: Angle, rowLimit: (@Sendable (Int) -> Double)?,
    rowShapes: [EllipseShape?]? = nil, moved: MovedAtEpoch? = nil, runner: ParallelRunner
  ) {
    precondition(radius.radians > 0 && radius.radians <= .pi, "radius must be in (0, 180°]")
    self.radius = radius
    self.chordSquared = radius.chordSquared
    let padded = min(radius.radians * (1 + Self.relativePad) + Self.absolutePad, Double.pi)
    sinPadded = sin(padded)
    cosPadded = cos(padded)
    wholeSky = padded >= .pi / 2
    polarZ = wholeSky ? 0 : cos(min(padded + 1e-6, .pi / 2))
    // Zone count: √m (zones of about √m contaminants each), or fewer when the radius is large
    // (zones about one radius tall). A query pays a directory lookup per zone it visits and a
    // chord test per candidate; more zones mean more visits, fewer mean more candidates per
    // longitude window, and √m balanced the two best on the benchmarks (Benchmarks/, `cut`):
    // 1.4× faster than zones one radius tall at 3′ and 30″ with 2·10⁵–10⁶ contaminants.
    let byRadius = Int(min(2 / max(sin(min(radius.radians, .pi / 2)), 1e-300), 4_194_304))
    let zones = max(1, min(byRadius, Int(Double(contaminants.count).squareRoot())))
    storage = ZoneStorage(
      contaminants: contaminants, rowLimit: rowLimit, rowShapes: rowShapes, moved: moved,
      zoneCount: zones, runner: runner)
  }

  /// Whether some contaminant lies strictly closer than ``radius`` to `position`.
  ///
  /// - Complexity: O(1 + *k*) for *k* contaminants in the circle's bounding box.
  @inline(__always)
  public func containsMatch(for position: UnitVector) -> Bool {
    var point = QueryPoint(position, longitude: position.longitude)
    return firstEntry(for: &point) != nil
  }

  /// Whether some contaminant lies strictly closer than ``radius`` to `position`, whose
  /// longitude in radians the caller already knows (any value; it is reduced to `[0, 2π)`).
  /// The longitude only narrows the search: it must be the position's own to within 1e-10 rad.
  @inline(__always)
  public func containsMatch(for position: UnitVector, longitude: Double) -> Bool {
    var point = QueryPoint(position, longitude: longitude)
    return firstEntry(for: &point) != nil
  }

  /// Whether some contaminant lies strictly closer than ``radius`` to `point`.
  @inline(__always)
  func containsMatch(for point: inout QueryPoint) -> Bool {
    firstEntry(for: &point) != nil
  }

  /// The input row (0-based) of a contaminant strictly closer than ``radius`` to `position`,
  /// or `nil` when there is none.
  public func firstMatch(for position: UnitVector) -> Int? {
    var point = QueryPoint(position, longitude: position.longitude)
    return firstEntry(for: &point).map { storage.rows[$0] }
  }

  /// The entry of the first matching contaminant found.
  @inline(__always)
  func firstEntry(for position: inout QueryPoint) -> Int? {
    var search = FirstMatchSearch()
    visitWindows(&position, &search)
    return search.found
  }

  /// What lies around a position: how many contaminants are closer than their radius, and
  /// the nearest of them.
  public struct Neighbourhood: Sendable, Hashable {
    /// The number of contaminants strictly closer than their radius.
    public var count = 0
    /// The nearest one's index (0-based) in the positions the index was built from (which,
    /// when a catalogue's unusable rows are left out, is not its row in the file).
    public var nearestRow: Int?
    /// `|a − b|²` to the nearest of them, or +∞.
    public var nearestChordSquared = Double.infinity
    /// The nearest one's position, as indexed.
    public var nearestPosition: UnitVector?
  }

  /// Every contaminant strictly closer to `position` than its radius: how many, and the
  /// nearest (the first in row order among equally near ones).
  public func neighbourhood(of position: UnitVector) -> Neighbourhood {
    var point = QueryPoint(position, longitude: position.longitude)
    return neighbourhood(of: &point)
  }

  func neighbourhood(of position: inout QueryPoint) -> Neighbourhood {
    var result = Neighbourhood()
    guard storage.count > 0 else { return result }
    if let moved = storage.moved {
      // The contaminants where they are at the objects' epoch, not where they are indexed.
      var search = EpochSearch(
        moved.contaminants, epoch: moved.epoch, moved: moved, stopAtFirst: false)
      visitWindows(&position, &search)
      result.count = search.count
      result.nearestRow = search.nearest == nil ? nil : search.nearestRow
      result.nearestChordSquared = search.nearestChordSquared
      result.nearestPosition = search.nearest
      return result
    }
    var search = NeighbourhoodSearch()
    visitWindows(&position, &search)
    if search.nearestEntry >= 0 {
      result.count = search.count
      result.nearestRow = storage.rows[search.nearestEntry]
      result.nearestChordSquared = search.nearestChordSquared
      let entry = storage.entries[search.nearestEntry]
      result.nearestPosition = UnitVector(x: entry.x, y: entry.y, z: entry.z)
    }
    return result
  }

  /// Hands `search` each zone the search circle around `position` crosses and each
  /// longitude window `[low, high]` of that zone it covers, until the search says it is done.
  /// No entry lies in two windows, so each is seen at most once. (Generic rather than a
  /// closure, so that it is specialized and inlined into the query loop.)
  @inline(__always)
  func visitWindows<Search: WindowSearch>(
    _ position: inout QueryPoint, _ search: inout Search
  ) {
    @inline(__always)
    func visit(_ zone: Int, _ low: Double, _ high: Double, _ position: inout QueryPoint) -> Bool {
      search.visit(self, zone: zone, from: low, to: high, &position)
    }
    if storage.count == 0 { return }
    let z = position.z
    let rho = position.rho
    let rawLongitude = position.longitude
    let (firstZone, lastZone) = zones(searchedAround: position)

    // The longitude window [lon − w, lon + w], or everything.
    var halfWidth = Double.pi
    if !wholeSky && abs(z) < polarZ && sinPadded < rho {
      halfWidth =
        Self.arcsineUpperBound(sinPadded / rho) * (1 + Self.relativePad)
        + Self.longitudePad
    }
    if halfWidth >= .pi {
      for zone in firstZone...lastZone where visit(zone, 0, 2 * .pi, &position) { return }
      return
    }
    var lon = rawLongitude
    if lon < 0 || lon >= 2 * .pi {
      lon = lon.truncatingRemainder(dividingBy: 2 * .pi)
      if lon < 0 { lon += 2 * .pi }
    }
    let low = lon - halfWidth
    let high = lon + halfWidth
    for zone in firstZone...lastZone {
      if low < 0 {
        if visit(zone, 0, high, &position) { return }
        if visit(zone, low + 2 * .pi, 2 * .pi, &position) { return }
      } else if high >= 2 * .pi {
        if visit(zone, low, 2 * .pi, &position) { return }
        if visit(zone, 0, high - 2 * .pi, &position) { return }
      } else {
        if visit(zone, low, high, &position) { return }
      }
    }
  }

  /// The first and last zone a search around `position` visits: those of the circle's
  /// z-range (a pole inside the circle caps it at ±1), padded.
  @inline(__always)
  func zones(searchedAround position: QueryPoint) -> (first: Int, last: Int) {
    let (z, rho) = (position.z, position.rho)
    let zHigh = z > cosPadded ? 1 : z * cosPadded + rho * sinPadded
    let zLow = z < -cosPadded ? -1 : z * cosPadded - rho * sinPadded
    return (storage.zone(of: zLow - Self.absolutePad), storage.zone(of: zHigh + Self.absolutePad))
  }

  /// An upper bound of `asin(x)` for `x` in `[0, 1)`: the series `x + x³/6 + 3x⁵/40 + …`
  /// bounded by `x + x³/6 + x⁵/10` below 0.5 (the rest of the series is under 0.015 x⁵ there),
  /// `asin` itself above.
  @inline(__always)
  static func arcsineUpperBound(_ x: Double) -> Double {
    if x < 0.5 {
      let x2 = x * x
      return x * (1 + x2 * (1.0 / 6 + x2 * 0.1))
    }
    return asin(x)
  }

  /// Tests the entries of `zone` with longitude in `[low, high]` against the exact predicate.
  @inline(__always)
  fileprivate func scan(zone: Int, from low: Double, to high: Double, _ position: inout QueryPoint)
    -> Int?
  {
    let end = storage.zoneStart[zone + 1]
    var entry = storage.firstEntry(inZone: zone, atOrAfter: low)
    let entries = storage.entries
    // Two loops on purpose: one loop reading `limits?[entry] ?? limit` per candidate measured
    // about 10 % slower single-threaded (`skycut-bench cut`), not unswitched by the optimizer.
    if let limits = storage.limits, storage.moved != nil || storage.shapes != nil {
      // Within the candidate's bounding radius, then decided by its own test: an ellipse, or
      // a moving contaminant where it is at the objects' epoch.
      var found: Int?
      _ = forEachCandidate(inZone: zone, from: low, to: high, &position) {
        candidate, distance, position in
        guard distance < limits[candidate] else { return false }
        let holds =
          if let moved = storage.moved {
            if let inner = storage.innerLimits, distance < inner[candidate] {
              true
            } else {
              moved.contains(storage.rows[candidate], position)
            }
          } else {
            storage.shapeContains(candidate, position)
          }
        if holds { found = candidate }
        return holds
      }
      return found
    }
    if let limits = storage.limits {
      // Each contaminant with its own radius.
      while entry < end {
        let candidate = entries[entry]
        if candidate.longitude > high { break }
        position.resolveXY()
        let dx = position.x - candidate.x
        let dy = position.y - candidate.y
        let dz = position.z - candidate.z
        if dx * dx + dy * dy + dz * dz < limits[entry] { return entry }
        entry += 1
      }
      return nil
    }
    let limit = chordSquared
    while entry < end {
      let candidate = entries[entry]
      if candidate.longitude > high { break }
      position.resolveXY()
      let dx = position.x - candidate.x
      let dy = position.y - candidate.y
      let dz = position.z - candidate.z
      if dx * dx + dy * dy + dz * dz < limit { return entry }
      entry += 1
    }
    return nil
  }
}

extension ContaminantIndex {
  /// Calls `body` with each entry of zone `zone` whose longitude is in `[low, high]`, its
  /// squared chord to `position` and the position (x and y resolved), until `body` returns
  /// true; returns whether it did. The loop of the searches that look at every candidate
  /// (``scan(zone:from:to:_:)`` keeps loops of its own for the cut).
  @inline(__always)
  func forEachCandidate(
    inZone zone: Int, from low: Double, to high: Double, _ position: inout QueryPoint,
    _ body: (_ entry: Int, _ chordSquared: Double, _ position: QueryPoint) -> Bool
  ) -> Bool {
    let end = storage.zoneStart[zone + 1]
    let entries = storage.entries
    var entry = storage.firstEntry(inZone: zone, atOrAfter: low)
    while entry < end {
      let candidate = entries[entry]
      if candidate.longitude > high { break }
      position.resolveXY()
      let dx = position.x - candidate.x
      let dy = position.y - candidate.y
      let dz = position.z - candidate.z
      if body(entry, dx * dx + dy * dy + dz * dz, position) { return true }
      entry += 1
    }
    return false
  }
}

/// What a query does with each longitude window of the index it visits.
protocol WindowSearch {
  /// Scans the entries of `zone` with longitude in `[low, high]`; returns whether the search
  /// is done.
  mutating func visit(
    _ index: ContaminantIndex, zone: Int, from low: Double, to high: Double,
    _ position: inout QueryPoint
  ) -> Bool
}

/// Stops at the first contaminant closer than its radius.
struct FirstMatchSearch: WindowSearch {
  var found: Int?

  @inline(__always)
  mutating func visit(
    _ index: ContaminantIndex, zone: Int, from low: Double, to high: Double,
    _ position: inout QueryPoint
  ) -> Bool {
    found = index.scan(zone: zone, from: low, to: high, &position)
    return found != nil
  }
}

/// Counts every contaminant closer than its radius and keeps the nearest (the first in row
/// order among equally near ones).
struct NeighbourhoodSearch: WindowSearch {
  var count = 0
  var nearestEntry = -1
  var nearestChordSquared = Double.infinity

  mutating func visit(
    _ index: ContaminantIndex, zone: Int, from low: Double, to high: Double,
    _ position: inout QueryPoint
  ) -> Bool {
    let storage = index.storage
    return index.forEachCandidate(inZone: zone, from: low, to: high, &position) {
      entry, distance, position in
      if distance < index.chordLimit(entry) && storage.shapeContains(entry, position) {
        count += 1
        if distance < nearestChordSquared
          || (distance == nearestChordSquared && storage.rows[entry] < storage.rows[nearestEntry])
        {
          nearestChordSquared = distance
          nearestEntry = entry
        }
      }
      return false
    }
  }
}

/// Collects every contaminant closer than its own radius (shapes not consulted): the regions
/// of a mask whose bounding circles may overlap one's, for its area.
struct EveryMatchSearch: WindowSearch {
  var rows: [Int] = []

  mutating func visit(
    _ index: ContaminantIndex, zone: Int, from low: Double, to high: Double,
    _ position: inout QueryPoint
  ) -> Bool {
    let storage = index.storage
    return index.forEachCandidate(inZone: zone, from: low, to: high, &position) {
      entry, distance, _ in
      if distance < index.chordLimit(entry) { rows.append(storage.rows[entry]) }
      return false
    }
  }
}

extension ContaminantIndex {
  /// Entry `entry`'s squared-chord limit: its own, or the index's.
  @inline(__always)
  func chordLimit(_ entry: Int) -> Double { storage.limits?[entry] ?? chordSquared }

  /// Calls `body` with each indexed contaminant that can match something, in entry order:
  /// its cap (centre, squared-chord limit above 0) or its ellipse (both axes above 0).
  func forEachRegion(
    cap: (_ centre: UnitVector, _ chordSquared: Double) -> Void,
    ellipse: (_ centre: UnitVector, _ shape: EllipseShape) -> Void
  ) {
    for entry in 0..<storage.count {
      let e = storage.entries[entry]
      let centre = UnitVector(x: e.x, y: e.y, z: e.z)
      if let shapes = storage.shapes {
        let shape = shapes[entry]
        if shape.a.radians > 0 && shape.b.radians > 0 { ellipse(centre, shape) }
      } else {
        let limit = chordLimit(entry)
        if limit > 0 { cap(centre, limit) }
      }
    }
  }

  /// The input rows (0-based, in no order) of every contaminant strictly closer than its own
  /// radius to `position`, ellipses taken as their bounding circles.
  func everyMatch(for position: UnitVector) -> [Int] {
    var point = QueryPoint(position, longitude: position.longitude)
    var search = EveryMatchSearch()
    visitWindows(&point, &search)
    return search.rows
  }
}
