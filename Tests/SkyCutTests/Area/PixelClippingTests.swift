import Foundation
import Testing

@testable import SkyCut

/// The exact clipping of a mask's regions to HEALPix pixels, against HEALPix's own pixel
/// lookup (chealpix), the analytic cap area, the union's area by its boundary arcs, and an
/// independent integration over slices of constant z.
@Suite struct PixelClippingTests {
  let runner = ParallelRunner(jobs: 2)

  /// The pixel's edges in the plane are where chealpix's pixel ends, and they enclose its area.
  @Test func theBoundaryIsHEALPixsOwn() {
    var random = TestRandom(seed: 3)
    var cells: [HEALPixCell] = []
    for order in 0...2 {
      for pixel in 0..<(12 << (2 * order)) {
        cells.append(HEALPixCell(order: order, pixel: Int64(pixel)))
      }
    }
    for order in [5, 10, 16, 22] {
      for _ in 0..<40 {
        cells.append(
          HEALPixCell(
            order: order, pixel: Int64.random(in: 0..<(12 << (2 * Int64(order))), using: &random)))
      }
    }
    for cell in cells {
      let boundary = PixelBoundary(cell)
      let area = (0..<4).reduce(0.0) {
        $0 + boundary.integral(edge: $1, from: 0, to: 1)
      }
      let expected = HEALPixCell.area(order: cell.order)
      #expect(abs(area - expected) <= 1e-12 * expected, "\(cell)")
      // Just inside and just outside the middle of each edge, and near each corner.
      for k in 0..<4 {
        for t in [0.02, 0.5, 0.98] {
          let p = boundary.point(edge: k, at: t)
          let (dx, dy) = (boundary.x0 - p.x, boundary.y0 - p.y)
          let step = 1e-6
          let inside = boundary.direction(x: p.x + step * dx, y: p.y + step * dy)
          let outside = boundary.direction(x: p.x - step * dx, y: p.y - step * dy)
          #expect(boundary.contains(inside), "\(cell) edge \(k) at \(t)")
          #expect(!boundary.contains(outside), "\(cell) edge \(k) at \(t)")
        }
      }
    }
  }

  /// A cap around the north pole is cut into four equal parts by the four polar pixels.
  @Test func aCapAtThePoleIsSharedEqually() throws {
    for (order, radius) in [(0, 20.0), (1, 10.0), (6, 0.3), (12, 0.001)] {
      let cap = ContaminantIndex(
        contaminants: [UnitVector(x: 0, y: 0, z: 1)], radii: [.degrees(radius)], runner: runner)
      let groups = MaskGroups([cap], sides: 64, order: order, runner: runner)
      let exact = 4 * Double.pi * pow(sin(Angle.degrees(radius).radians / 2), 2)
      let polar = (0..<4).map { face in
        // The pixel of each face holding the pole's corner: its last in NESTED order.
        HEALPixCell(order: order, pixel: Int64(face + 1) << (2 * Int64(order)) - 1)
      }
      for cell in polar {
        let part = groups.clippedAreas(of: 0, in: [cell.pixel])[0]
        #expect(part.lower <= exact / 4 && exact / 4 <= part.upper, "order \(order)")
        #expect(abs((part.lower + part.upper) / 2 - exact / 4) <= 1e-11 * exact, "order \(order)")
      }
    }
  }

  /// A cap around the pole ends on a ring of constant z, a horizontal line in HEALPix's
  /// equal-area plane, so each polar pixel's masked fraction is that of its diamond above the
  /// line: a corner triangle, `d² / 2h²` for a corner of height `d` (h the half-diagonal).
  @Test func aCapAtThePoleCutsEachDiamondAlongALine() throws {
    for (order, degrees) in [(3, 9.0), (6, 1.3), (10, 0.07)] {
      let radius = degrees * .pi / 180
      let cap = ContaminantIndex(
        contaminants: [UnitVector(x: 0, y: 0, z: 1)], radii: [.radians(radius)], runner: runner)
      let groups = MaskGroups([cap], sides: 64, order: order, runner: runner)
      let n = Double(1 << order)
      // In units of π/4: the line at 2 − σ, pixel centres of ring j at 2 − j/N, h = 1/(2N)...
      // the diagonal from centre to corner being 1/N in these units.
      let line = 2 - (3 * 2 * pow(sin(radius / 2), 2)).squareRoot()
      var checked = 0
      for pixel in groups.touched[0] {
        let cell = HEALPixCell(order: order, pixel: pixel)
        let ring = ((2 - PixelBoundary(cell).y0 / (.pi / 4)) * n).rounded()
        let centre = 2 - ring / n
        let (top, bottom) = (centre + 1 / n, centre - 1 / n)
        let masked: Double
        if line >= top {
          masked = 0
        } else if line <= bottom {
          masked = 1
        } else if line >= centre {
          masked = pow(top - line, 2) * n * n / 2
        } else {
          masked = 1 - pow(line - bottom, 2) * n * n / 2
        }
        let part = groups.clippedAreas(of: 0, in: [cell.pixel])[0]
        let area = HEALPixCell.area(order: order)
        #expect(abs(part.lower / area - masked) <= 1e-9, "order \(order) pixel \(pixel)")
        #expect(abs(part.upper / area - masked) <= 1e-9, "order \(order) pixel \(pixel)")
        checked += 1
      }
      #expect(checked >= 8)
    }
  }

  /// Random caps at the poles, across RA 0 and across |z| = 2/3, at orders from
  /// 1 to 14: the parts add up to the union's area, each part between 0 and the pixel.
  @Test func thePartsAddUpToTheUnion() throws {
    var random = TestRandom(seed: 21)
    for (order, smallest, largest) in [
      (1, 2.0, 40.0), (4, 0.5, 6.0), (9, 0.01, 0.3), (14, 1e-4, 0.01),
    ] {
      var centres: [UnitVector] = []
      var radii: [Angle] = []
      let places = [
        UnitVector(x: 0, y: 0, z: 1), UnitVector(x: 0, y: 0, z: -1), UnitVector(x: 1, y: 0, z: 0),
        UnitVector(theta: acos(2.0 / 3), phi: 0.3), UnitVector(theta: acos(-2.0 / 3), phi: 2),
      ]
      for place in places {
        for _ in 0..<6 {
          let r = Double.random(in: smallest...largest, using: &random)
          centres.append(
            random.point(
              at: Double.random(in: 0...(2 * r), using: &random) * .pi / 180, from: place))
          radii.append(.degrees(r))
        }
      }
      let caps = ContaminantIndex(contaminants: centres, radii: radii, runner: runner)
      let groups = MaskGroups([caps], sides: 64, order: order, runner: runner)
      let union = UnionArea.area(of: caps.areaRegions(sides: 64, side: .outer), runner: runner)
      var sum = 0.0
      for slot in groups.roots.indices {
        for pixel in groups.touched[slot] {
          let cell = HEALPixCell(order: order, pixel: pixel)
          let part = groups.clippedAreas(of: slot, in: [cell.pixel])[0]
          #expect(part.lower >= 0 && part.upper <= HEALPixCell.area(order: order))
          #expect(part.upper - part.lower <= 1e-9 * HEALPixCell.area(order: order))
          sum += (part.lower + part.upper) / 2
        }
      }
      #expect(abs(sum - union.area) <= 1e-9 * union.area, "order \(order): \(sum) \(union.area)")
    }
  }

  /// A small cap poking across an edge between two of its sample points (its circle dips
  /// across and back): the part across is the circular segment beyond a chord at the cap's
  /// distance from the edge, and the two parts add up to the cap.
  @Test func aCapPokingAcrossAnEdgeBetweenSamplesIsFound() throws {
    let cell = HEALPixCell(order: 6, pixel: 20_000)
    let boundary = PixelBoundary(cell)
    for k in 0..<4 {
      // A point on edge k between samples, and the way out of the pixel.
      let t = 0.53
      let onEdge = boundary.direction(edge: k, at: t)
      let along =
        Vector3(boundary.direction(edge: k, at: t + 1e-6))
        - Vector3(boundary.direction(edge: k, at: t - 1e-6))
      var out = Vector3(onEdge).cross(along).normalized
      let inward = Vector3(cell.centre) - Vector3(onEdge)
      if Vector3(out).dot(inward) > 0 { out = UnitVector(x: -out.x, y: -out.y, z: -out.z) }
      // The edge is about 0.9° long: a cap of 0.3 of a sample step, its centre 0.6 of its
      // radius outside.
      let radius = 0.9 * .pi / 180 / 16 * 0.3
      let distance = 0.6 * radius
      let centre = (Vector3(onEdge) + tan(distance) * Vector3(out)).normalized
      let cap = ContaminantIndex(contaminants: [centre], radii: [.radians(radius)], runner: runner)
      let groups = MaskGroups([cap], sides: 64, order: 6, runner: runner)
      let part = groups.clippedAreas(of: 0, in: [cell.pixel])[0]
      let r = radius
      let segment =
        r * r * acos(distance / r) - distance * (r * r - distance * distance).squareRoot()
      #expect(
        abs(part.lower - segment) <= 1e-3 * segment, "edge \(k): \(part.lower) for \(segment)")
      let total = groups.touched[0].reduce(0.0) {
        let part = groups.clippedAreas(of: 0, in: [$1])[0]
        return $0 + (part.lower + part.upper) / 2
      }
      let exact = 4 * Double.pi * pow(sin(radius / 2), 2)
      #expect(abs(total - exact) <= 1e-9 * exact, "edge \(k)")
    }
  }

  /// A large group across many pixels (a chain of 60 overlapping caps) gives each pixel only
  /// the members near it: the same parts as with every member, adding up to the union.
  @Test func aLargeGroupIsClippedWithItsNearMembers() throws {
    let order = 5
    let centres = (0..<60).map { k in
      UnitVector(theta: 1.2 + 0.004 * Double(k), phi: 0.03 * Double(k))
    }
    let caps = ContaminantIndex(
      contaminants: centres, radii: Array(repeating: .degrees(1.2), count: 60), runner: runner)
    let groups = MaskGroups([caps], sides: 64, order: order, runner: runner)
    #expect(groups.roots.count == 1)
    let pixels = groups.touched[0]
    #expect(pixels.count > 20)
    let parts = groups.clippedAreas(of: 0, in: pixels)
    var sum = 0.0
    for (pixel, part) in zip(pixels, parts) {
      let whole = groups.clippedAreas(of: 0, in: [pixel])[0]
      #expect(abs(part.lower - whole.lower) <= 1e-12 * HEALPixCell.area(order: order))
      #expect(abs(part.upper - whole.upper) <= 1e-12 * HEALPixCell.area(order: order))
      sum += (part.lower + part.upper) / 2
    }
    let union = UnionArea.area(of: caps.areaRegions(sides: 64, side: .outer), runner: runner)
    #expect(abs(sum - union.area) <= 1e-9 * union.area)
  }

  /// Ellipses are bounded by the polygons inside and around them: each part's bounds hold
  /// the inner union's share and the outer's, which add up to those unions' areas.
  @Test func ellipsesAreBoundedByTheirPolygons() throws {
    var random = TestRandom(seed: 5)
    let order = 4
    let ellipses = randomEllipses(12, major: 1...6, ratio: 0.2...1, &random) { k, random in
      k < 4 ? random.point(at: 0.05, from: UnitVector(x: 0, y: 0, z: 1)) : random.pointOnSphere()
    }
    let groups = MaskGroups([ellipses], sides: 64, order: order, runner: runner)
    var (lower, upper) = (0.0, 0.0)
    for slot in groups.roots.indices {
      for pixel in groups.touched[slot] {
        let part = groups.clippedAreas(of: slot, in: [pixel])[0]
        #expect(part.lower <= part.upper)
        lower += part.lower
        upper += part.upper
      }
    }
    let inner = UnionArea.area(of: ellipses.areaRegions(sides: 64, side: .inner), runner: runner)
    let outer = UnionArea.area(of: ellipses.areaRegions(sides: 64, side: .outer), runner: runner)
    #expect(abs(lower - inner.area) <= 1e-9 * inner.area)
    #expect(abs(upper - outer.area) <= 1e-9 * outer.area)
    // 64-sided polygons in and around an ellipse differ by about π²/64² of its area.
    #expect(upper - lower <= 3e-3 * upper)
  }

  /// Polygons (around ellipses) pixel by pixel: each pixel's part of the polygons' union
  /// against a count of 16,384 cells of the pixel whose centres the polygons hold (the
  /// count's own noise is about 10⁻³ of the pixel on these edges).
  @Test func eachPartOfPolygonsMatchesACountOfFineCells() throws {
    var random = TestRandom(seed: 17)
    let order = 3
    let ellipses = randomEllipses(10, major: 3...9, ratio: 0.3...1, &random) { k, random in
      k < 3
        ? random.point(at: 0.06, from: UnitVector(x: 0, y: 0, z: k == 1 ? -1 : 1))
        : k < 5 ? UnitVector(theta: acos(2.0 / 3), phi: 0.01 * Double(k)) : random.pointOnSphere()
    }
    let groups = MaskGroups([ellipses], sides: 16, order: order, runner: runner)
    let outer = ellipses.areaRegions(sides: 16, side: .outer)
    let fine = order + 7
    let count = 1 << (2 * (fine - order))
    var compared = 0
    for slot in groups.roots.indices {
      for pixel in groups.touched[slot] {
        let part = groups.outerClipping.area(
          of: groups.members[slot], in: HEALPixCell(order: order, pixel: pixel))
        var inside = 0
        let first = pixel << (2 * Int64(fine - order))
        for sub in first..<(first + Int64(count)) {
          let p = Vector3(HEALPixCell(order: fine, pixel: sub).centre)
          if groups.members[slot].contains(where: { outer[Int($0)].contains(p) }) { inside += 1 }
        }
        let counted = Double(inside) / Double(count)
        #expect(
          abs(part.area / HEALPixCell.area(order: order) - counted) <= 3e-3,
          "pixel \(pixel): \(part.area / HEALPixCell.area(order: order)) against \(counted)")
        compared += 1
      }
    }
    #expect(compared > 30)
  }

  /// `count` ellipses, the k-th centred at `centre(k, &random)`, with a major semi-axis in
  /// `major` degrees, the minor `ratio` times it, and any position angle.
  func randomEllipses(
    _ count: Int, major: ClosedRange<Double>, ratio: ClosedRange<Double>,
    _ random: inout TestRandom, centre: (Int, inout TestRandom) -> UnitVector
  ) -> ContaminantIndex {
    var centres: [UnitVector] = []
    var shapes: [EllipseShape?] = []
    for k in 0..<count {
      centres.append(centre(k, &random))
      let a = Double.random(in: major, using: &random)
      shapes.append(
        EllipseShape(
          centre: centres[k], a: .degrees(a),
          b: .degrees(a * Double.random(in: ratio, using: &random)),
          positionAngle: .degrees(Double.random(in: 0...180, using: &random))))
    }
    return ContaminantIndex(contaminants: centres, ellipses: shapes, runner: runner)
  }

  /// Each part against an integration over slices of constant z, where the pixel's longitudes
  /// come from chealpix and the cap's from its formula.
  @Test func eachPartMatchesAnIntegrationBySlices() throws {
    var random = TestRandom(seed: 8)
    let cases: [(order: Int, centre: UnitVector, degrees: Double)] = [
      (3, UnitVector(theta: acos(2.0 / 3), phi: 0.05), 4),
      (5, random.pointOnSphere(), 1.5),
      (4, UnitVector(theta: acos(-0.8), phi: 3.1), 3),
      (8, UnitVector(x: 1, y: 0, z: 0), 0.2),
      (2, UnitVector(theta: 2.5, phi: 6.2), 25),
    ]
    for (order, centre, degrees) in cases {
      let radius = degrees * .pi / 180
      let cap = ContaminantIndex(contaminants: [centre], radii: [.radians(radius)], runner: runner)
      let groups = MaskGroups([cap], sides: 64, order: order, runner: runner)
      let cellArea = HEALPixCell.area(order: order)
      #expect(groups.touched[0].count > 1)
      for pixel in groups.touched[0] {
        let cell = HEALPixCell(order: order, pixel: pixel)
        let part = groups.clippedAreas(of: 0, in: [cell.pixel])[0]
        let sliced = Self.slicedArea(of: cell, capCentre: centre, radius: radius)
        #expect(
          abs((part.lower + part.upper) / 2 - sliced) <= 1e-4 * cellArea,
          "order \(order) pixel \(pixel): \(part) against \(sliced)")
      }
    }
  }

  /// The area of a cap inside a cell, by the midpoint rule over slices of z, 4,000 across
  /// the cell (its error falls as 1 / slices, to about 3·10⁻⁵ of the cell here): in each, the cell's longitudes (an interval, its ends found with chealpix from
  /// the middle of the one before, starting at the cell's centre) meet the cap's,
  /// `|φ − φ_c| < w(z)`.
  static func slicedArea(
    of cell: HEALPixCell, capCentre c: UnitVector, radius: Double, slices: Double = 4000
  ) -> Double {
    let rho = HEALPixCell.radiusBound(order: cell.order)
    let centre = cell.centre
    let dz = 2 * rho / slices
    let capPhi = atan2(c.y, c.x)
    let capS = (c.x * c.x + c.y * c.y).squareRoot()
    let centrePhi = atan2(centre.y, centre.x)
    var area = 0.0
    for direction in [1.0, -1.0] {
      var seed = centrePhi
      var z = centre.z + direction * dz / 2
      while abs(z) < 1 {
        let s = ((1 - z) * (1 + z)).squareRoot()
        func inCell(_ phi: Double) -> Bool {
          HEALPixCell(
            holding: UnitVector(x: s * cos(phi), y: s * sin(phi), z: z), order: cell.order)
            == cell
        }
        guard inCell(seed) else { break }
        // Each end: steps out from the seed, doubling, to a point outside, then bisection.
        func end(_ sign: Double) -> Double {
          var step = dz / max(s, 1e-9)
          while inCell(seed + sign * step) && step < .pi { step *= 2 }
          var (inPhi, outPhi) = (seed, seed + sign * step)
          for _ in 0..<50 {
            let middle = (inPhi + outPhi) / 2
            if inCell(middle) { inPhi = middle } else { outPhi = middle }
          }
          return inPhi
        }
        let (low, high) = (end(-1), end(1))
        seed = (low + high) / 2
        // The cap's half-width in longitude at this z, and its longitudes as an interval
        // (with its copies a turn either side).
        let cosine = (cos(radius) - z * c.z) / (s * capS)
        if cosine < 1 {
          let w = cosine <= -1 ? Double.pi : acos(cosine)
          let middle = seed + remainder(capPhi - seed, 2 * .pi)
          area +=
            dz
            * (w >= .pi
              ? high - low
              : [-2 * Double.pi, 0, 2 * .pi].reduce(0.0) { sum, shift in
                sum + max(min(high, middle + shift + w) - max(low, middle + shift - w), 0)
              })
        }
        z += direction * dz
      }
    }
    return area
  }
}
