import CERFA
import Foundation

/// A star's motion through space, as catalogues give it (Gaia's conventions): proper motions
/// in RA (µα cos δ) and Dec in mas/yr, parallax in mas, radial velocity in km/s.
public struct SpaceMotion: Sendable, Hashable {
  /// µα cos δ, mas/yr.
  public var pmRA: Double
  /// µδ, mas/yr.
  public var pmDec: Double
  /// mas; NaN, zero or negative when unknown.
  public var parallax: Double
  /// km/s, positive away; NaN when unknown.
  public var radialVelocity: Double

  public init(pmRA: Double, pmDec: Double, parallax: Double = .nan, radialVelocity: Double = .nan) {
    self.pmRA = pmRA
    self.pmDec = pmDec
    self.parallax = parallax
    self.radialVelocity = radialVelocity
  }

  /// Whether it has proper motions at all (a star without them stays where it is).
  public var isKnown: Bool { pmRA.isFinite && pmDec.isFinite }

  /// The position (RA, Dec in radians) at Julian epoch `to` of a star at (`ra`, `dec`) at
  /// Julian epoch `from`, moved in space with ERFA's `eraPmsafe` (rigorous, with the
  /// parallax and radial velocity when known, and a minimum parallax standing in for a
  /// missing one so that a star without a distance still moves by its proper motion).
  /// - Returns: `nil` when ERFA cannot move it.
  public func position(ra: Double, dec: Double, from: Double, to: Double) -> (
    ra: Double, dec: Double
  )? {
    guard isKnown else { return (ra, dec) }
    let (pmr, pmd, px, rv) = erfaArguments(cosDec: cos(dec))
    let (from1, from2) = Self.julianDate(from)
    let (to1, to2) = Self.julianDate(to)
    var ra2 = 0.0
    var dec2 = 0.0
    var pmr2 = 0.0
    var pmd2 = 0.0
    var px2 = 0.0
    var rv2 = 0.0
    let status = eraPmsafe(
      ra, dec, pmr, pmd, px, rv, from1, from2, to1, to2, &ra2, &dec2, &pmr2, &pmd2, &px2, &rv2)
    // Positive statuses are ERFA's warnings (1: the distance was overridden for a missing
    // parallax; 2: an excessive velocity, 4: slow convergence), whose positions astropy
    // uses as well; only −1, a system error, gives none.
    guard status >= 0, ra2.isFinite, dec2.isFinite else { return nil }
    return (ra2, dec2)
  }

  /// The motion as ERFA takes it where the declination's cosine is `cosDec`: dα/dt and dδ/dt
  /// in radians a year (dα/dt itself, a coordinate angle, not µα cos δ; at a pole it is
  /// undefined and taken as 0), the parallax in arcseconds (0 when unknown) and the radial
  /// velocity in km/s.
  @inline(__always)
  func erfaArguments(cosDec: Double) -> (pmr: Double, pmd: Double, px: Double, rv: Double) {
    let masToRadians = Double.pi / (180 * 3_600_000)
    let pmr = cosDec > 1e-15 ? pmRA * masToRadians / cosDec : 0
    let pmd = pmDec * masToRadians
    let px = parallax.isFinite && parallax > 0 ? parallax / 1000 : 0
    let rv =
      radialVelocity.isFinite && radialVelocity != 0 ? radialVelocity : Self.stillRadialVelocity
    return (pmr, pmd, px, rv)
  }

  /// A Julian epoch as a two-part Julian date (TDB), as ERFA wants it: J2000.0 is
  /// JD 2451545.0, and a Julian year 365.25 days.
  /// The radial velocity (km/s) given for a star without one: 10⁻⁸ km/s, not 0. ERFA 2.0.0
  /// (Debian bookworm's `liberfa`) drops a relativistic term of the radial velocity when the
  /// radial speed is exactly zero (liberfa/erfa#95, fixed in ERFA 2.0.1, which astropy uses):
  /// up to 30 mas over ±50 years for a 10″/yr star without parallax, 0.8 mas with one. With any
  /// non-zero speed its formula is the fixed one; 10⁻⁸ km/s moves no star by more than
  /// 2·10⁻⁷ mas, measured against ERFA 2.0.1 over 1 mas/yr–10″/yr (docs/USAGE.md, Epochs).
  static let stillRadialVelocity = 1e-8

  static func julianDate(_ epoch: Double) -> (Double, Double) {
    (2_451_545.0, (epoch - 2000.0) * 365.25)
  }
}
