/// The celestial reference frame a catalogue's coordinates are given in.
public enum SkyFrame: String, Sendable, CaseIterable, CustomStringConvertible {
  /// The International Celestial Reference System: right ascension and declination.
  case icrs
  /// Galactic coordinates `(l, b)`.
  case galactic

  public var description: String { rawValue }

  /// The rotation that takes a vector in this frame to the same direction in `target`.
  /// Identity when the frames are equal.
  public func rotation(to target: SkyFrame) -> Rotation {
    switch (self, target) {
    case (.icrs, .icrs), (.galactic, .galactic): .identity
    case (.galactic, .icrs): Rotation.icrsToGalactic.transposed
    case (.icrs, .galactic): Rotation.icrsToGalactic
    }
  }
}

/// A 3 × 3 rotation matrix acting on ``UnitVector``s.
public struct Rotation: Sendable, Hashable {
  /// The rows of the matrix.
  public var rows: (UnitVector, UnitVector, UnitVector)

  public static func == (lhs: Rotation, rhs: Rotation) -> Bool {
    lhs.rows.0 == rhs.rows.0 && lhs.rows.1 == rhs.rows.1 && lhs.rows.2 == rhs.rows.2
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(rows.0)
    hasher.combine(rows.1)
    hasher.combine(rows.2)
  }

  /// Creates a rotation from its three rows.
  public init(_ r0: UnitVector, _ r1: UnitVector, _ r2: UnitVector) { rows = (r0, r1, r2) }

  /// The identity.
  public static let identity = Rotation(
    UnitVector(x: 1, y: 0, z: 0), UnitVector(x: 0, y: 1, z: 0), UnitVector(x: 0, y: 0, z: 1))

  /// ICRS → Galactic, as defined for Hipparcos (ESA 1997, vol. 1, §1.5.3): the north
  /// Galactic pole at ICRS (α, δ) = (192.85948°, +27.12825°) and the north celestial pole at
  /// Galactic longitude 122.93192°. The matrix is built from these three defining angles.
  /// astropy's `Galactic` frame, defined from FK5 J2000 with the same angles, agrees with it to
  /// within a few tens of milliarcseconds (the FK5–ICRS frame bias).
  public static let icrsToGalactic: Rotation = {
    let poleRA = 192.85948
    let poleDec = 27.12825
    let ncpLongitude = 122.93192
    // Two directions known in both frames: the Galactic pole and the celestial pole.
    let galacticPoleICRS = UnitVector(raDegrees: poleRA, decDegrees: poleDec)
    let celestialPoleICRS = UnitVector(x: 0, y: 0, z: 1)
    let galacticPoleGal = UnitVector(x: 0, y: 0, z: 1)
    let celestialPoleGal = UnitVector(raDegrees: ncpLongitude, decDegrees: poleDec)
    // An orthonormal basis (u, w, pole) built the same way in each frame.
    func basis(pole: UnitVector, other: UnitVector) -> (UnitVector, UnitVector, UnitVector) {
      let d = pole.x * other.x + pole.y * other.y + pole.z * other.z
      var u = UnitVector(x: other.x - d * pole.x, y: other.y - d * pole.y, z: other.z - d * pole.z)
      let n = (u.x * u.x + u.y * u.y + u.z * u.z).squareRoot()
      u = UnitVector(x: u.x / n, y: u.y / n, z: u.z / n)
      let w = UnitVector(
        x: pole.y * u.z - pole.z * u.y, y: pole.z * u.x - pole.x * u.z,
        z: pole.x * u.y - pole.y * u.x)
      return (u, w, pole)
    }
    let (ui, wi, pi) = basis(pole: galacticPoleICRS, other: celestialPoleICRS)
    let (ug, wg, pg) = basis(pole: galacticPoleGal, other: celestialPoleGal)
    // M = B_gal · B_icrsᵀ, where the columns of B are (u, w, pole).
    func row(_ a: Double, _ b: Double, _ c: Double) -> UnitVector {
      UnitVector(
        x: a * ui.x + b * wi.x + c * pi.x, y: a * ui.y + b * wi.y + c * pi.y,
        z: a * ui.z + b * wi.z + c * pi.z)
    }
    return Rotation(row(ug.x, wg.x, pg.x), row(ug.y, wg.y, pg.y), row(ug.z, wg.z, pg.z))
  }()

  /// The inverse rotation.
  public var transposed: Rotation {
    Rotation(
      UnitVector(x: rows.0.x, y: rows.1.x, z: rows.2.x),
      UnitVector(x: rows.0.y, y: rows.1.y, z: rows.2.y),
      UnitVector(x: rows.0.z, y: rows.1.z, z: rows.2.z))
  }

  /// Whether this is exactly the identity.
  public var isIdentity: Bool { self == .identity }

  /// The rotated vector `R v`.
  @inlinable
  public func apply(_ v: UnitVector) -> UnitVector {
    UnitVector(
      x: rows.0.x * v.x + rows.0.y * v.y + rows.0.z * v.z,
      y: rows.1.x * v.x + rows.1.y * v.y + rows.1.z * v.z,
      z: rows.2.x * v.x + rows.2.y * v.y + rows.2.z * v.z)
  }
}
