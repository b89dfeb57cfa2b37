import Foundation

/// The area of a group of a mask's regions inside one HEALPix pixel, exactly but for rounding
/// and quadrature: about 10⁻¹⁰ of the pixel to order 14 or so, more on smaller pixels, whose
/// edges are placed to an ulp of 2π (10⁻⁶ of the pixel at order 29); the error returned
/// allows for both.
///
/// ## Method
/// Green's theorem in `(φ, z)`, where the sphere's area element is `dφ dz`: the area of the
/// group's union inside the pixel is `∮ (φ − φ₀) dz` around the boundary of that part,
/// anticlockwise (`φ₀` the pixel centre's longitude). The boundary is made of
/// - the union's own boundary arcs (``UnionArea/forEachExposedArc(of:regions:neighbours:_:)``)
///   where they lie in the pixel: each arc cut where it crosses the pixel's edges, a piece
///   kept when HEALPix puts its middle in the pixel, and integrated along its circle by
///   adaptive Gauss–Legendre quadrature (the integrand is smooth there);
/// - the pixel's edges (``PixelBoundary``) where they lie in the union: each edge cut at the
///   same crossings, a piece kept when its middle is inside a region, integrated in closed
///   form.
///
/// The crossings are found along the edges: `|e(t) − axis|² − chord²` sampled at 17 points
/// of each edge, each sign change refined by bisection, and each sampled minimum (maximum)
/// that does not change sign refined by golden-section search in case the circle dips across
/// between samples.
///
/// Not handled: a polygon's edge lying exactly along a pixel's edge (the pixels' edges that are
/// great circles are the meridians φ = kπ/2 beyond |z| = 2/3), where which side a shared piece
/// is on is left to rounding. The polygons around ellipses are placed by their ellipses' own
/// angles, so this has probability zero.
struct PixelClipping: Sendable {
  /// The regions (one side of the mask's polygons), and which overlap which.
  let regions: [AreaRegion]
  let neighbours: Neighbours?

  /// The area (steradians) of the union of `members` inside `cell`, and a bound of its
  /// error from quadrature and rounding.
  func area(of members: [Int32], in cell: HEALPixCell) -> (area: Double, error: Double) {
    let pixelArea = HEALPixCell.area(order: cell.order)
    guard let neighbours else { return (pixelArea, 0) }  // a region is the whole sky
    let pixel = PixelBoundary(cell)
    let centre = cell.centre
    let reach = HEALPixCell.radiusBound(order: cell.order)
    // What may touch the pixel: within its radius, widened for rounding.
    let padded = reach * (1 + 1e-9) + 1e-12
    let near = members.map(Int.init).filter {
      centre.separation(from: regions[$0].centre).radians < regions[$0].bound + padded
    }
    if near.isEmpty { return (0, 0) }
    let edges = EdgeSamples(pixel)
    var edgeCuts: [[Double]] = Array(repeating: [], count: 4)
    var sum = 0.0
    var error = 0.0
    var magnitude = 0.0
    for i in near {
      // Where each of the region's arcs crosses the pixel's edges, as angles on its circle.
      var arcCuts: [[Double]] = []
      regions[i].forEachArc { circle, start, span, around, aroundRadius in
        var cuts: [Double] = []
        defer { arcCuts.append(cuts) }
        guard around.separation(from: centre).radians < aroundRadius + padded else { return }
        for k in 0..<4 {
          for t in edges.crossings(of: circle, edge: k) {
            let p = pixel.direction(edge: k, at: t)
            let theta = circle.angle(of: Vector3(p) - Vector3(circle.axis))
            if span < 2 * .pi && UnionArea.positiveAngle(theta - start) > span { continue }
            edgeCuts[k].append(t)
            cuts.append(theta)
          }
        }
      }
      UnionArea.forEachExposedArc(of: i, regions: regions, neighbours: neighbours.of(i)) {
        circle, from, to, arc in
        var along = arcCuts[arc].map { UnionArea.positiveAngle($0 - from) }.filter {
          $0 > 0 && $0 < to - from
        }
        along.sort()
        var previous = 0.0
        for next in along + [to - from] where next > previous {
          defer { previous = next }
          let middle = (Vector3(circle.axis) + circle.offset(at: from + (previous + next) / 2))
          guard pixel.contains(middle.normalized) else { continue }
          let piece = Self.arcIntegral(
            circle, from: from + previous, to: from + next, pixel: pixel,
            tolerance: 1e-10 * pixelArea)
          sum += piece.value
          error += piece.error
          magnitude += piece.magnitude
        }
      }
    }
    for k in 0..<4 {
      let cuts = ([0.0, 1.0] + edgeCuts[k].filter { $0 > 0 && $0 < 1 }).sorted()
      for (s, t) in zip(cuts, cuts.dropFirst()) where t > s {
        let middle = Vector3(pixel.direction(edge: k, at: (s + t) / 2))
        guard near.contains(where: { regions[$0].contains(middle) }) else { continue }
        let term = pixel.integral(edge: k, from: s, to: t)
        sum += term
        magnitude += abs(term)
      }
    }
    // The edges are placed in the plane to an ulp of 2π (x reaches 2π): a band that wide
    // along the perimeter (under 8 ρ) may be counted on the wrong side.
    let placement = 4 * (2 * Double.pi).ulp * 8 * reach
    return (min(max(sum, 0), pixelArea), error + 64 * .ulpOfOne * magnitude + placement)
  }

  /// `∫ (φ − φ₀) dz` along `circle` from angle `from` to `to`, by adaptive Gauss–Legendre
  /// quadrature to `tolerance`: the value, the estimate of its error, and the sum of the
  /// magnitudes of its terms.
  static func arcIntegral(
    _ circle: SkyCircle, from: Double, to: Double, pixel: PixelBoundary, tolerance: Double
  ) -> (value: Double, error: Double, magnitude: Double) {
    let axis = Vector3(circle.axis)
    let (first, second) = (circle.first, circle.second)
    // φ − φ₀ as the angle from the centre's meridian, rotated there: it carries an absolute
    // rounding of a few ε (not one relative to φ), for which the quadrature allows below.
    let (c, s) = (cos(pixel.x0 + pixel.reference), sin(pixel.x0 + pixel.reference))
    let integrand = { (theta: Double) -> Double in
      let p = axis + circle.offset(at: theta)
      let dz = circle.sinRadius * (cos(theta) * second.z - sin(theta) * first.z)
      return atan2(p.y * c - p.x * s, p.x * c + p.y * s) * dz
    }
    var value = 0.0
    var error = 0.0
    var magnitude = 0.0
    // Intervals left to integrate, with each one's whole-interval estimate and depth.
    var stack = [(from, to, GaussLegendre.integrate(integrand, from, to).value, 0)]
    while let (a, b, whole, depth) = stack.popLast() {
      let middle = (a + b) / 2
      let left = GaussLegendre.integrate(integrand, a, middle)
      let right = GaussLegendre.integrate(integrand, middle, b)
      let difference = abs(left.value + right.value - whole)
      // Within its share of the tolerance, or at the rounding of its terms (which halving
      // cannot improve), or deep enough.
      let size = left.magnitude + right.magnitude
      let rounding = .ulpOfOne * (1024 * size + 16 * circle.sinRadius * (b - a))
      let share = max(tolerance * (b - a) / (to - from), rounding)
      if difference <= share || depth >= 24 {
        value += left.value + right.value
        error += difference
        magnitude += size
      } else {
        stack.append((a, middle, left.value, depth + 1))
        stack.append((middle, b, right.value, depth + 1))
      }
    }
    return (value, error, magnitude)
  }

  /// The sample points of a pixel's four edges, and the crossings of circles with them.
  struct EdgeSamples {
    let pixel: PixelBoundary
    /// Per edge, the directions at `t = i / intervals`.
    let points: [[UnitVector]]
    static let intervals = 16

    init(_ pixel: PixelBoundary) {
      self.pixel = pixel
      points = (0..<4).map { k in
        (0...Self.intervals).map {
          pixel.direction(edge: k, at: Double($0) / Double(Self.intervals))
        }
      }
    }

    /// The fractions `t` along edge `k` where it crosses `circle`.
    func crossings(of circle: SkyCircle, edge k: Int) -> [Double] {
      let axis = Vector3(circle.axis)
      let chord = 2 * circle.versine
      // Inside the circle's cap where negative (a point on it counts as outside).
      let f = { (t: Double) -> Double in
        (Vector3(self.pixel.direction(edge: k, at: t)) - axis).lengthSquared - chord
      }
      let n = Self.intervals
      let values = points[k].map { (Vector3($0) - axis).lengthSquared - chord }
      var found: [Double] = []
      for i in 0..<n where (values[i] < 0) != (values[i + 1] < 0) {
        found.append(Self.bisect(f, Double(i) / Double(n), Double(i + 1) / Double(n)))
      }
      // A dip across zero (or a rise, from inside) between samples: the extremum near each
      // sampled one, refined, and the crossings on either side of it. Between samples `f`
      // moves from a straight line by at most |f''| Δ²/8, with |f''| ≤ 2|e'|² + 4|e''|: a few
      // times the squared step along the edge (HEALPix's edges bend gently), so a sampled
      // extremum further from zero than 64 squared steps cannot hide a crossing.
      let step = (Vector3(points[k][0]) - Vector3(points[k][1])).lengthSquared
      for i in 0...n where abs(values[i]) < 64 * step {
        let before = i > 0 ? values[i - 1] : values[i]
        let after = i < n ? values[i + 1] : values[i]
        let isMinimum = values[i] >= 0 && values[i] <= before && values[i] <= after
        let isMaximum = values[i] < 0 && values[i] >= before && values[i] >= after
        guard isMinimum || isMaximum else { continue }
        let (lo, hi) = (Double(max(i - 1, 0)) / Double(n), Double(min(i + 1, n)) / Double(n))
        let sign = isMinimum ? 1.0 : -1.0
        let t = Self.goldenMinimum({ sign * f($0) }, lo, hi)
        guard (f(t) < 0) == isMinimum else { continue }
        for (a, b) in [(lo, t), (t, hi)] where (f(a) < 0) != (f(b) < 0) {
          let root = Self.bisect(f, a, b)
          if !found.contains(where: { abs($0 - root) < 1e-12 }) { found.append(root) }
        }
      }
      return found
    }

    /// A root of `f` in `[a, b]`, where `f` changes sign (as `< 0`), to the last bit.
    static func bisect(_ f: (Double) -> Double, _ a: Double, _ b: Double) -> Double {
      var (lo, hi) = (a, b)
      let inside = f(lo) < 0
      for _ in 0..<64 {
        let middle = (lo + hi) / 2
        if middle <= lo || middle >= hi { break }
        if (f(middle) < 0) == inside { lo = middle } else { hi = middle }
      }
      return (lo + hi) / 2
    }

    /// Where `f` is least in `[a, b]`, by golden-section search.
    static func goldenMinimum(_ f: (Double) -> Double, _ a: Double, _ b: Double) -> Double {
      let ratio = (5.0.squareRoot() - 1) / 2
      var (lo, hi) = (a, b)
      var (c, d) = (hi - ratio * (hi - lo), lo + ratio * (hi - lo))
      var (fc, fd) = (f(c), f(d))
      for _ in 0..<60 where hi - lo > 1e-15 {
        if fc < fd {
          (hi, d, fd) = (d, c, fc)
          c = hi - ratio * (hi - lo)
          fc = f(c)
        } else {
          (lo, c, fc) = (c, d, fd)
          d = lo + ratio * (hi - lo)
          fd = f(d)
        }
      }
      return (lo + hi) / 2
    }
  }
}

/// Gauss–Legendre quadrature with 10 nodes: exact for polynomials of degree 19.
enum GaussLegendre {
  static let nodes: [Double] = [
    0.148_874_338_981_631_210_9, 0.433_395_394_129_247_190_8, 0.679_409_568_299_024_406_2,
    0.865_063_366_688_984_510_7, 0.973_906_528_517_171_720_1,
  ]
  static let weights: [Double] = [
    0.295_524_224_714_752_870_2, 0.269_266_719_309_996_355_1, 0.219_086_362_515_982_043_9,
    0.149_451_349_150_580_593_1, 0.066_671_344_308_688_137_6,
  ]

  /// `∫ f` over `[a, b]`, and `∫ |f|` from the same nodes (the size of its rounding).
  static func integrate(_ f: (Double) -> Double, _ a: Double, _ b: Double)
    -> (value: Double, magnitude: Double)
  {
    let (middle, half) = ((a + b) / 2, (b - a) / 2)
    var sum = 0.0
    var magnitude = 0.0
    for k in 0..<nodes.count {
      let (left, right) = (f(middle - half * nodes[k]), f(middle + half * nodes[k]))
      sum += weights[k] * (left + right)
      magnitude += weights[k] * (abs(left) + abs(right))
    }
    return (sum * half, magnitude * abs(half))
  }
}
