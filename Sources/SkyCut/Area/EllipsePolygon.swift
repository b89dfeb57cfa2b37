import Foundation

/// A convex polygon with great-circle edges inscribed in (``Side/inner``) or circumscribed
/// about (``Side/outer``) an ``EllipseShape``: the ellipse's area lies between the two, so
/// the area of a mask with ellipses is bounded from both sides, and doubling the sides cuts
/// the gap by four.
///
/// The ellipse is a plane ellipse in the gnomonic projection at its centre, and the
/// projection maps great circles to straight lines. The inscribed polygon has its vertices on
/// the ellipse at eccentric anomalies `t_k = 2πk/N`; the circumscribed one is its tangent
/// lines at the same points, vertices at `t = 2π(k + ½)/N` scaled by `1/cos(π/N)` (the affine
/// images of the regular polygons in and around a circle). Both map back to spherical
/// polygons inside and around the spherical ellipse.
struct EllipsePolygon: Sendable {
  enum Side: Sendable { case inner, outer }

  let centre: UnitVector
  /// The major and minor semi-axes in the tangent plane, `tan a · major` and
  /// `−tan b · minor`, so that vertices run anticlockwise seen from outside.
  let axisU: Vector3
  let axisV: Vector3
  let tanA: Double
  let tanB: Double
  let sides: Int
  /// The eccentric anomaly of vertex 0, and the scale of the vertices.
  let phase: Double
  let scale: Double
  /// The angular radius of a circle around the centre that holds the polygon.
  let bound: Double

  init(_ shape: EllipseShape, centre: UnitVector, sides: Int, side: Side) {
    self.centre = centre
    tanA = tan(shape.a.radians)
    tanB = tan(shape.b.radians)
    axisU = tanA * Vector3(shape.major)
    axisV = -tanB * Vector3(shape.minor)
    self.sides = sides
    phase = side == .inner ? 0 : .pi / Double(sides)
    scale = side == .inner ? 1 : 1 / cos(.pi / Double(sides))
    // Every vertex is within tan a · scale of the centre in the plane.
    bound = atan(max(tanA, tanB) * scale) * (1 + 1e-12)
  }

  /// Vertex `k` (any integer; taken modulo the sides).
  func vertex(_ k: Int) -> UnitVector {
    let t = phase + 2 * .pi * Double(k) / Double(sides)
    return (Vector3(centre) + scale * cos(t) * axisU + scale * sin(t) * axisV).normalized
  }

  /// Edge `k`, from vertex `k` to vertex `k + 1`: its great circle (θ = 0 at vertex k,
  /// the polygon on its left) and the angle it spans.
  func edge(_ k: Int) -> (circle: SkyCircle, span: Double) {
    let (from, to) = (vertex(k), vertex(k + 1))
    let normal = Vector3(from).cross(Vector3(to))
    let circle = SkyCircle(greatCircleAxis: normal.normalized, first: from)
    return (circle, atan2(normal.length, Vector3(from).dot(Vector3(to))))
  }

  /// The eccentric anomaly of the direction of `p` from the centre, in the tangent plane:
  /// which edge's sector it lies in.
  @inline(__always)
  func anomaly(of p: Vector3) -> Double {
    // In the tangent frame, p has coordinates (p·û, p·v̂) ∝ (tan a cos t, tan b sin t).
    let u = p.dot(axisU) / tanA
    let v = p.dot(axisV) / tanB
    return atan2(tanA * v, tanB * u)
  }

  /// The edge whose sector holds eccentric anomaly `t`.
  @inline(__always)
  func edgeNumber(atAnomaly t: Double) -> Int {
    let step = 2 * .pi / Double(sides)
    var k = Int(((t - phase) / step).rounded(.down)) % sides
    if k < 0 { k += sides }
    return k
  }

  /// Whether `p` lies strictly inside: in the centre's hemisphere and on the inner side of
  /// the edge of its sector.
  func contains(_ p: Vector3) -> Bool {
    guard p.dot(centre) > 0 else { return false }
    let k = edgeNumber(atAnomaly: anomaly(of: p))
    let (from, to) = (vertex(k), vertex(k + 1))
    return p.dot(Vector3(from).cross(Vector3(to))) > 0
  }

  /// The edges that can meet a circle of angular radius `radius` around `point`: all of them
  /// when the circle holds the centre, else those whose sectors the circle's directions from
  /// the centre cross (`sin w = sin radius / sin d` for a circle at distance `d`), widened by
  /// one edge on each side.
  func edgesNear(_ point: UnitVector, radius: Double) -> [Int] {
    let d = point.separation(from: centre).radians
    guard d > radius, d + radius < .pi else { return Array(0..<sides) }
    let ratio = sin(radius) / sin(d)
    guard ratio < 0.99 else { return Array(0..<sides) }
    let halfWidth = asin(ratio) * (1 + 1e-9) + 1e-12
    // The direction to the point in the tangent frame, as a polar angle, then its anomalies.
    let p = Vector3(point)
    let (x, y) = (p.dot(axisU) / tanA, p.dot(axisV) / tanB)
    let direction = atan2(y, x)
    let anomalyAt = { (phi: Double) in atan2(self.tanA * sin(phi), self.tanB * cos(phi)) }
    let first = edgeNumber(atAnomaly: anomalyAt(direction - halfWidth)) - 1
    var last = edgeNumber(atAnomaly: anomalyAt(direction + halfWidth)) + 1
    if last < first { last += sides }
    if last - first + 1 >= sides { return Array(0..<sides) }
    return (first...last).map { (($0 % sides) + sides) % sides }
  }
}
