import Foundation

/// A circle on the unit sphere: the points at angle `radius` from `axis` (a great circle when
/// the radius is 90°), with a frame `(first, second)` in its plane so that a point on it has
/// an angle θ, increasing anticlockwise seen from outside the sphere above the axis: the cap
/// `p · axis > cos radius` lies on the left of a walk along increasing θ.
///
/// Points are kept as offsets from the axis, `p − axis`, which small circles (an arcsecond
/// across) hold to full relative precision where `p` itself would round to the axis.
struct SkyCircle: Sendable {
  let axis: UnitVector
  let radius: Double
  let sinRadius: Double
  /// `1 − cos radius`, from `2 sin²(radius/2)` so that it keeps its precision when small.
  let versine: Double
  let first: UnitVector
  let second: UnitVector

  /// The circle of `radius` around `axis`, its frame the east and north at the axis.
  init(axis: UnitVector, radius: Double) {
    let (east, north) = EllipseShape.eastNorth(at: axis)
    self.init(axis: axis, radius: radius, first: east, second: north)
  }

  /// The great circle with pole `axis` (which must be perpendicular to `first`), θ = 0 at
  /// `first`: an edge of a polygon.
  init(greatCircleAxis axis: UnitVector, first: UnitVector) {
    let second = Vector3(axis).cross(Vector3(first))
    self.init(
      axis: axis, radius: .pi / 2, first: first,
      second: UnitVector(x: second.x, y: second.y, z: second.z))
  }

  private init(axis: UnitVector, radius: Double, first: UnitVector, second: UnitVector) {
    self.axis = axis
    self.radius = radius
    sinRadius = radius == .pi / 2 ? 1 : sin(radius)
    let half = sin(radius / 2)
    versine = radius == .pi / 2 ? 1 : 2 * half * half
    self.first = first
    self.second = second
  }

  /// Whether this is a great circle, whose arcs bound no segment beyond their chord.
  var isGreat: Bool { radius == .pi / 2 }

  /// `p(θ) − axis = sin r (cos θ first + sin θ second) − (1 − cos r) axis`.
  @inline(__always)
  func offset(at theta: Double) -> Vector3 {
    let (s, c) = (sin(theta), cos(theta))
    return Vector3(
      x: sinRadius * (c * first.x + s * second.x) - versine * axis.x,
      y: sinRadius * (c * first.y + s * second.y) - versine * axis.y,
      z: sinRadius * (c * first.z + s * second.z) - versine * axis.z)
  }

  /// The angle θ of the direction of `v` (any vector, not along the axis) projected on the
  /// circle's plane.
  @inline(__always)
  func angle(of v: Vector3) -> Double {
    atan2(v.dot(second), v.dot(first))
  }

  /// The angles θ (on this circle) where it crosses `other`: none, or two (one when they
  /// touch). From the triangle of the two axes and a crossing point, sides `r₁`, `d`, `r₂`:
  /// `hav α = sin((r₁ + r₂ − d)/2) sin((r₂ − r₁ + d)/2) / (sin r₁ sin d)` is the angle at this
  /// axis between the direction to the other axis and to the crossing, a form that keeps its
  /// precision for circles of an arcsecond.
  func crossings(with other: SkyCircle) -> (Double, Double)? {
    let delta = Vector3(other.axis) - Vector3(axis)
    let cross = Vector3(axis).cross(Vector3(other.axis))
    let d = atan2(cross.length, Vector3(axis).dot(Vector3(other.axis)))
    let sinD = sin(d)
    guard sinD > 0, sinRadius > 0 else { return nil }
    let haversine =
      sin((radius + other.radius - d) / 2) * sin((other.radius - radius + d) / 2)
      / (sinRadius * sinD)
    guard haversine > 0, haversine < 1 else { return nil }
    let alpha = 2 * asin(haversine.squareRoot())
    // The other axis's direction in this circle's plane; `delta` rather than the axis itself
    // keeps the angle precise when the axes are close.
    let towards = angle(of: delta)
    return (towards - alpha, towards + alpha)
  }
}

/// A plain 3-vector (offsets and cross products, which are not unit vectors).
struct Vector3: Sendable {
  var x: Double
  var y: Double
  var z: Double

  init(x: Double, y: Double, z: Double) {
    self.x = x
    self.y = y
    self.z = z
  }

  init(_ v: UnitVector) { self.init(x: v.x, y: v.y, z: v.z) }

  @inline(__always) func dot(_ o: Vector3) -> Double { x * o.x + y * o.y + z * o.z }
  @inline(__always) func dot(_ o: UnitVector) -> Double { x * o.x + y * o.y + z * o.z }

  @inline(__always) func cross(_ o: Vector3) -> Vector3 {
    Vector3(x: y * o.z - z * o.y, y: z * o.x - x * o.z, z: x * o.y - y * o.x)
  }

  var length: Double { (x * x + y * y + z * z).squareRoot() }
  var lengthSquared: Double { x * x + y * y + z * z }

  @inline(__always) static func + (a: Vector3, b: Vector3) -> Vector3 {
    Vector3(x: a.x + b.x, y: a.y + b.y, z: a.z + b.z)
  }
  @inline(__always) static func - (a: Vector3, b: Vector3) -> Vector3 {
    Vector3(x: a.x - b.x, y: a.y - b.y, z: a.z - b.z)
  }
  @inline(__always) static func * (k: Double, a: Vector3) -> Vector3 {
    Vector3(x: k * a.x, y: k * a.y, z: k * a.z)
  }

  /// The unit vector along this one.
  var normalized: UnitVector {
    let n = length
    return UnitVector(x: x / n, y: y / n, z: z / n)
  }
}
