import Foundation

/// A position on the sky as a float64 unit vector `(x, y, z)`.
///
/// Every position SkyCut reads becomes a `UnitVector` exactly once, at load; the cut then
/// works only with vectors, so there is no wrap-around at longitude 0/360 and no
/// singularity at the poles.
public struct UnitVector: Sendable, Hashable {
  public var x: Double
  public var y: Double
  public var z: Double

  /// Creates a vector from its components. The caller is responsible for unit length.
  @inlinable
  public init(x: Double, y: Double, z: Double) {
    self.x = x
    self.y = y
    self.z = z
  }

  /// The direction of longitude `lon` and latitude `lat`, both in radians:
  /// `(cos lat cos lon, cos lat sin lon, sin lat)`.
  @inlinable
  public init(longitude lon: Double, latitude lat: Double) {
    let cosLat = cos(lat)
    self.init(x: cosLat * cos(lon), y: cosLat * sin(lon), z: sin(lat))
  }

  /// The direction of right ascension `ra` and declination `dec` in degrees.
  @inlinable
  public init(raDegrees ra: Double, decDegrees dec: Double) {
    self.init(longitude: ra * (.pi / 180), latitude: dec * (.pi / 180))
  }

  /// The direction of colatitude `theta` (from the north pole) and longitude `phi`, in
  /// radians: the HEALPix/healpy convention,
  /// `(sin θ cos φ, sin θ sin φ, cos θ)`.
  @inlinable
  public init(theta: Double, phi: Double) {
    let sinTheta = sin(theta)
    self.init(x: sinTheta * cos(phi), y: sinTheta * sin(phi), z: cos(theta))
  }

  /// The longitude in radians, in `[0, 2π)`.
  public var longitude: Double {
    let lon = atan2(y, x)
    return lon < 0 ? lon + 2 * .pi : lon
  }

  /// The latitude in radians, in `[−π/2, π/2]`.
  public var latitude: Double { atan2(z, (x * x + y * y).squareRoot()) }

  /// The squared chord length `|a − b|²`, computed from coordinate differences so that it
  /// keeps full relative precision for tiny separations.
  @inlinable
  public func chordSquared(to other: UnitVector) -> Double {
    let dx = x - other.x
    let dy = y - other.y
    let dz = z - other.z
    return dx * dx + dy * dy + dz * dz
  }

  /// The angular separation from `other`, as `atan2(|a × b|, a · b)`: accurate at every
  /// angle, from coincident points to antipodes (the form healpy's `angdist` uses).
  public func separation(from other: UnitVector) -> Angle {
    let cx = y * other.z - z * other.y
    let cy = z * other.x - x * other.z
    let cz = x * other.y - y * other.x
    let cross = (cx * cx + cy * cy + cz * cz).squareRoot()
    let dot = x * other.x + y * other.y + z * other.z
    return .radians(atan2(cross, dot))
  }
}
