import Foundation

/// An elliptical contaminant (a large galaxy): semi-axes `a` (along the position angle) and
/// `b`, position angle east of north. A position `p` is inside when it lies in the
/// contaminant's hemisphere and, projected onto the plane tangent at the centre `c`
/// (gnomonic: ξ towards east, η towards north), `(u / tan a)² + (v / tan b)² < 1` with
/// `u = ξ sin PA + η cos PA`, `v = ξ cos PA − η sin PA`. A circle is `a = b`.
///
/// With `m = e sin PA + n cos PA` and `w = e cos PA − n sin PA` (e, n the unit east and north
/// vectors at c) and `d = p · c`, `u = (p · m)/d` and `v = (p · w)/d`, so the test is
/// `(p · m)² / tan²a + (p · w)² / tan²b < d²` with `d > 0`: three dot products, no trigonometry.
/// Every inside point is closer to c than `max(a, b)`, which the index searches with.
struct EllipseShape: Sendable, Hashable {
  /// The major (`a`) and minor (`b`) directions in the tangent plane, as unit vectors.
  var major: UnitVector
  var minor: UnitVector
  /// `1 / tan² a` and `1 / tan² b`.
  var inverseTanSquaredA: Double
  var inverseTanSquaredB: Double
  /// `max(a, b)`.
  var bound: Angle
  /// The axes and position angle it was made from.
  let a: Angle
  let b: Angle
  let positionAngle: Angle

  /// An ellipse with both axes 0: it holds no point (a row without a shape, in an index).
  static let empty = EllipseShape(
    centre: UnitVector(x: 0, y: 0, z: 1), a: .radians(0), b: .radians(0),
    positionAngle: .radians(0))!

  /// The ellipse centred on `centre`, or `nil` for axes that are not finite, negative or
  /// 90° and more, or a position angle that is not finite.
  init?(centre: UnitVector, a: Angle, b: Angle, positionAngle: Angle) {
    guard a.radians.isFinite, b.radians.isFinite, positionAngle.radians.isFinite,
      a.radians >= 0, b.radians >= 0, a.radians < .pi / 2, b.radians < .pi / 2
    else { return nil }
    let (east, north) = Self.eastNorth(at: centre)
    let (s, c) = (sin(positionAngle.radians), cos(positionAngle.radians))
    self.init(
      major: UnitVector(
        x: east.x * s + north.x * c, y: east.y * s + north.y * c, z: east.z * s + north.z * c),
      minor: UnitVector(
        x: east.x * c - north.x * s, y: east.y * c - north.y * s, z: east.z * c - north.z * s),
      a: a, b: b, positionAngle: positionAngle)
  }

  /// The same ellipse (axes, position angle east of north there) around another centre: a
  /// star moved to another epoch takes its mask with it.
  func recentred(on centre: UnitVector) -> EllipseShape? {
    EllipseShape(centre: centre, a: a, b: b, positionAngle: positionAngle)
  }

  /// The unit vectors towards east and north at `p` (at a pole: those of longitude 0).
  static func eastNorth(at p: UnitVector) -> (UnitVector, UnitVector) {
    let rho = (p.x * p.x + p.y * p.y).squareRoot()
    if rho == 0 { return (UnitVector(x: 0, y: 1, z: 0), UnitVector(x: -p.z, y: 0, z: 0)) }
    return (
      UnitVector(x: -p.y / rho, y: p.x / rho, z: 0),
      UnitVector(x: -p.z * p.x / rho, y: -p.z * p.y / rho, z: rho)
    )
  }

  /// Whether `(x, y, z)` lies inside the ellipse centred on `(cx, cy, cz)`.
  @inline(__always)
  func contains(
    _ x: Double, _ y: Double, _ z: Double, centre cx: Double, _ cy: Double, _ cz: Double
  )
    -> Bool
  {
    let d = x * cx + y * cy + z * cz
    guard d > 0 else { return false }
    let u = x * major.x + y * major.y + z * major.z
    let v = x * minor.x + y * minor.y + z * minor.z
    return u * u * inverseTanSquaredA + v * v * inverseTanSquaredB < d * d
  }

  /// The ellipse with both axes `factor` times as long (a zone around a galaxy), or `nil`
  /// when an axis would reach 90°.
  func scaled(by factor: Double) -> EllipseShape? {
    let (a, b) = (self.a.radians * factor, self.b.radians * factor)
    guard a < .pi / 2, b < .pi / 2 else { return nil }
    return EllipseShape(
      major: major, minor: minor, a: .radians(a), b: .radians(b), positionAngle: positionAngle)
  }

  /// An ellipse with these directions and axes (each under 90°).
  private init(
    major: UnitVector, minor: UnitVector, a: Angle, b: Angle, positionAngle: Angle
  ) {
    self.major = major
    self.minor = minor
    let (tanA, tanB) = (tan(a.radians), tan(b.radians))
    inverseTanSquaredA = 1 / (tanA * tanA)
    inverseTanSquaredB = 1 / (tanB * tanB)
    bound = max(a, b)
    self.a = a
    self.b = b
    self.positionAngle = positionAngle
  }

  /// The same ellipse in another frame.
  func rotated(_ rotation: Rotation) -> EllipseShape {
    var shape = self
    shape.major = rotation.apply(major)
    shape.minor = rotation.apply(minor)
    return shape
  }
}
