import Foundation

/// The area of the union of a mask's regions, from the arcs of its boundary.
///
/// ## Method
/// The boundary of a union of caps and polygons is made of arcs of their circles: each arc of
/// a region's boundary, cut where other regions' boundaries cross it, is kept when its middle
/// lies inside no other region. The area on the left of the closed boundary is, by Green's
/// theorem on the sphere, the sum over its arcs of the signed triangle (reference point, arc
/// start, arc end) and the arc's segment (the sector of its circle, `Δθ (1 − cos r)`, minus
/// the triangle from the circle's axis), modulo 4π. The triangles come from
/// `tan(E/2) = X·(A×B) / (1 + X·A + A·B + B·X)` (Van Oosterom & Strackee 1983), written with
/// `A − X` and `B − X` so that an arcsecond's triangle keeps its relative precision; each
/// connected group of regions has its own reference point (one of its centres) for the same
/// reason. Nothing is sampled: the answer is exact but for rounding, which ``Result/rounding``
/// bounds.
///
/// Regions whose bounding circles overlap are found with a ``ContaminantIndex`` of the
/// centres; identical regions (a contaminant listed twice) count once.
struct UnionArea {
  struct Result: Sendable {
    /// Steradians.
    var area: Double
    /// A bound on the rounding error of ``area``: 64 ε times the sum of the magnitudes of
    /// the terms summed.
    var rounding: Double
  }

  /// The area of the union of `regions`.
  static func area(of regions: [AreaRegion], runner: ParallelRunner) -> Result {
    let groups = groupAreas(of: regions, runner: runner)
    let total = groups.root.indices.reduce(0.0) { sum, i in
      groups.root[i] == i ? sum + groups.area[i] : sum
    }
    return Result(
      area: min(total, 4 * .pi), rounding: groups.rounding.reduce(0, +))
  }

  /// The connected groups of regions and the area of each one's union.
  struct Groups: Sendable {
    /// For each region, the first region of its group.
    var root: [Int]
    /// For each group's first region, the group's area (steradians; 0 for other regions), and
    /// the bound of its rounding error.
    var area: [Double]
    var rounding: [Double]
    /// Each region's overlapping regions; `nil` when one region is the whole sky.
    var neighbours: Neighbours?
  }

  /// The regions' groups (regions whose bounding circles overlap, transitively) and the area
  /// of each group's union.
  static func groupAreas(of regions: [AreaRegion], runner: ParallelRunner) -> Groups {
    if regions.isEmpty { return Groups(root: [], area: [], rounding: [], neighbours: nil) }
    if regions.contains(where: { $0.bound >= .pi }) {
      // The whole sky: one group.
      var area = [Double](repeating: 0, count: regions.count)
      area[0] = 4 * .pi
      return Groups(
        root: [Int](repeating: 0, count: regions.count), area: area,
        rounding: [Double](repeating: 0, count: regions.count), neighbours: nil)
    }
    let neighbours = Neighbours(regions, runner: runner)
    let groups = neighbours.groups()
    let splitter = ChunkSplitter(
      count: regions.count, chunks: max(1, min(regions.count / 256, runner.jobs * 16)))
    let parts = runner.map(splitter) { rows -> [(Double, Double)] in
      rows.map { i in
        contribution(
          of: i, regions: regions, neighbours: neighbours.of(i),
          reference: regions[groups[i]].centre)
      }
    }
    // Sum each group's arcs, then reduce it modulo 4π to the value its regions allow.
    var sums = [Double](repeating: 0, count: regions.count)
    var bounds = [Double](repeating: 0, count: regions.count)
    var rounding = [Double](repeating: 0, count: regions.count)
    var i = 0
    for part in parts {
      for (value, error) in part {
        sums[groups[i]] += value
        bounds[groups[i]] += regions[i].areaBound
        rounding[groups[i]] += error
        i += 1
      }
    }
    for group in 0..<regions.count where groups[group] == group {
      var area = remainder(sums[group], 4 * .pi)
      if area < 0 { area = area + 4 * .pi <= bounds[group] * (1 + 1e-9) ? area + 4 * .pi : 0 }
      sums[group] = area
    }
    return Groups(root: groups, area: sums, rounding: rounding, neighbours: neighbours)
  }

  /// The kept arcs of region `i`'s boundary, summed with `reference` as the triangles' apex;
  /// and the rounding bound of the sum.
  static func contribution(
    of i: Int, regions: [AreaRegion], neighbours: ArraySlice<Int>, reference: UnitVector
  ) -> (Double, Double) {
    var sum = 0.0
    var magnitude = 0.0
    forEachExposedArc(of: i, regions: regions, neighbours: neighbours) { circle, from, to, _ in
      let (value, size) = arcTerm(circle, from: from, to: to, reference: reference)
      sum += value
      magnitude += size
    }
    return (sum, 64 * Double.ulpOfOne * magnitude)
  }

  /// Calls `body` with each arc of region `i`'s boundary that bounds the union: its circle,
  /// the angles (on it) where the arc starts and ends, and the number of the region's arc it
  /// is part of (``AreaRegion/forEachArc(_:)``'s order). Region `i`'s arcs are cut where the
  /// boundaries of `neighbours` cross them, and a piece is kept when its middle lies inside no
  /// other region. Of identical regions only the first has arcs.
  static func forEachExposedArc(
    of i: Int, regions: [AreaRegion], neighbours: ArraySlice<Int>,
    _ body: (_ circle: SkyCircle, _ from: Double, _ to: Double, _ arc: Int) -> Void
  ) {
    let region = regions[i]
    var others: [Int] = []
    for j in neighbours where j != i {
      if regions[j].isSame(as: region) {
        if j < i { return }  // the first of identical regions counts
        continue
      }
      others.append(j)
    }
    var cuts: [Double] = []
    var arc = 0
    region.forEachArc { circle, start, span, around, aroundRadius in
      defer { arc += 1 }
      cuts.removeAll(keepingCapacity: true)
      for j in others {
        let other = regions[j]
        guard
          around.separation(from: other.centre).radians < aroundRadius + other.bound + 1e-12
        else { continue }
        for (otherCircle, otherStart, otherSpan) in other.arcs(near: around, radius: aroundRadius) {
          guard let (t1, t2) = circle.crossings(with: otherCircle) else { continue }
          for t in [t1, t2] {
            let along = positiveAngle(t - start)
            guard along > 0, along < span else { continue }
            if otherSpan < 2 * .pi {
              let point = Vector3(circle.axis) + circle.offset(at: t)
              let onOther = positiveAngle(otherCircle.angle(of: point) - otherStart)
              guard onOther <= otherSpan else { continue }
            }
            cuts.append(along)
          }
        }
      }
      cuts.sort()
      var from = 0.0
      for to in cuts + [span] where to > from {
        let middle = Vector3(circle.axis) + circle.offset(at: start + (from + to) / 2)
        if !others.contains(where: { regions[$0].contains(middle) }) {
          body(circle, start + from, start + to, arc)
        }
        from = to
      }
    }
  }

  /// The arc of `circle` from angle `from` to `to`: the signed triangle (reference, start,
  /// end) plus its segment; and the sum of the terms' magnitudes.
  static func arcTerm(_ circle: SkyCircle, from: Double, to: Double, reference: UnitVector)
    -> (Double, Double)
  {
    let (a, b) = (circle.offset(at: from), circle.offset(at: to))
    let apart = Vector3(circle.axis) - Vector3(reference)
    let fromReference = signedTriangle(reference, apart + a, apart + b)
    guard !circle.isGreat else { return (fromReference, abs(fromReference)) }
    let sector = (to - from) * circle.versine
    let fromAxis = signedTriangle(circle.axis, a, b)
    return (fromReference + sector - fromAxis, abs(fromReference) + sector + abs(fromAxis))
  }

  /// The signed area of the geodesic triangle (x, x + a, x + b), positive when anticlockwise
  /// seen from outside, from the offsets `a` and `b` of its other corners.
  @inline(__always)
  static func signedTriangle(_ x: UnitVector, _ a: Vector3, _ b: Vector3) -> Double {
    let numerator = Vector3(x).dot(a.cross(b))
    let denominator = 4 - (a.lengthSquared + b.lengthSquared + (a - b).lengthSquared) / 2
    return 2 * atan2(numerator, denominator)
  }

  @inline(__always)
  static func positiveAngle(_ angle: Double) -> Double {
    let reduced = angle.truncatingRemainder(dividingBy: 2 * .pi)
    return reduced < 0 ? reduced + 2 * .pi : reduced
  }
}

/// For each region, the regions whose bounding circles overlap its own (itself included).
struct Neighbours: Sendable {
  private let starts: [Int]
  private let rows: [Int]

  init(_ regions: [AreaRegion], runner: ParallelRunner) {
    let largest = regions.map(\.bound).max() ?? 0
    // A region's neighbours lie within its bound plus theirs; searched from each centre with
    // every region's bound widened by the largest, then narrowed to the pair's own sum.
    let index = ContaminantIndex(
      contaminants: regions.map(\.centre),
      radii: regions.map { .radians(min(($0.bound + largest) * (1 + 1e-9) + 1e-12, .pi)) },
      runner: runner)
    let splitter = ChunkSplitter(
      count: regions.count, chunks: max(1, min(regions.count / 1024, runner.jobs * 16)))
    let lists = runner.map(splitter) { range -> [[Int]] in
      range.map { i in
        index.everyMatch(for: regions[i].centre).filter { j in
          let reach = regions[i].bound + regions[j].bound
          return reach >= .pi
            || regions[i].centre.separation(from: regions[j].centre).radians
              < reach * (1 + 1e-9) + 1e-12
        }
      }
    }
    var starts = [0]
    var rows: [Int] = []
    for list in lists.joined() {
      rows.append(contentsOf: list)
      starts.append(rows.count)
    }
    self.starts = starts
    self.rows = rows
  }

  func of(_ i: Int) -> ArraySlice<Int> { rows[starts[i]..<starts[i + 1]] }

  /// The connected groups: for each region, the smallest region of its group.
  func groups() -> [Int] {
    var parent = Array(0..<(starts.count - 1))
    func root(_ i: Int) -> Int {
      var i = i
      while parent[i] != i {
        parent[i] = parent[parent[i]]
        i = parent[i]
      }
      return i
    }
    for i in parent.indices {
      for j in of(i) {
        let (a, b) = (root(i), root(j))
        if a != b { parent[max(a, b)] = min(a, b) }
      }
    }
    return parent.indices.map(root)
  }
}
