import Foundation

/// A position to look up in a ``ContaminantIndex``, in the form the search needs first: its
/// height z, its distance ρ from the polar axis and its longitude. Its x and y are computed
/// only when a contaminant falls in its search window — for a small radius most positions
/// have none, which saves a sine and a cosine each.
///
/// x and y come out exactly as ``UnitVector`` computes them, so the exact predicate sees the
/// same numbers whichever way the position arrived.
struct QueryPoint {
  let z: Double
  let rho: Double
  let longitude: Double
  private(set) var x: Double
  private(set) var y: Double
  private var hasXY: Bool

  /// A position whose vector is already known; `longitude` is its longitude (any range).
  @inline(__always)
  init(_ vector: UnitVector, longitude: Double) {
    z = vector.z
    rho = (vector.x * vector.x + vector.y * vector.y).squareRoot()
    self.longitude = longitude
    x = vector.x
    y = vector.y
    hasXY = true
  }

  /// The direction of longitude `lon` and latitude `lat` in radians, as
  /// ``UnitVector/init(longitude:latitude:)`` computes it.
  @inline(__always)
  init(longitude lon: Double, latitude lat: Double) {
    self.init(z: sin(lat), rho: cos(lat), longitude: lon)
  }

  /// The direction of colatitude `theta` and longitude `phi` in radians, as
  /// ``UnitVector/init(theta:phi:)`` computes it.
  @inline(__always)
  init(theta: Double, phi: Double) {
    self.init(z: cos(theta), rho: sin(theta), longitude: phi)
  }

  /// A position known by its height, axis distance and longitude; x and y come later.
  @inline(__always)
  private init(z: Double, rho: Double, longitude: Double) {
    self.z = z
    self.rho = rho
    self.longitude = longitude
    x = 0
    y = 0
    hasXY = false
  }

  /// The unit vector, x and y computed if need be.
  var vector: UnitVector {
    var point = self
    point.resolveXY()
    return UnitVector(x: point.x, y: point.y, z: z)
  }

  /// Computes x and y if they are not known yet.
  @inline(__always)
  mutating func resolveXY() {
    if hasXY { return }
    x = rho * cos(longitude)
    y = rho * sin(longitude)
    hasXY = true
  }
}
