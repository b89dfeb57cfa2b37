import CERFA
import Foundation
import Testing

@testable import SkyCut

/// The bound of how far a star moves, against ERFA moving it: never below, and close enough
/// above to be worth having.
@Suite struct DisplacementBoundTests {
  /// A random star: anywhere (a tenth within a degree of a pole), proper motions from
  /// 10 µas/yr to 10″/yr, parallaxes from none to a star 1 pc away, radial velocities from
  /// none to thousands of km/s.
  static func star(_ random: inout TestRandom) -> (SpaceMotion, ra: Double, dec: Double) {
    let ra = Double.random(in: 0..<(2 * .pi), using: &random)
    let dec =
      Double.random(in: 0..<1, using: &random) < 0.1
      ? (Bool.random(using: &random) ? 1 : -1)
        * (Double.pi / 2 - Double.random(in: 0...0.0175, using: &random))
      : asin(Double.random(in: -1...1, using: &random))
    let speed = pow(10, Double.random(in: -2...4, using: &random))  // mas/yr
    let bearing = Double.random(in: 0..<(2 * .pi), using: &random)
    let parallax: Double =
      switch Int.random(in: 0..<4, using: &random) {
      case 0: .nan
      case 1: -Double.random(in: 0...1, using: &random)
      default: pow(10, Double.random(in: -2...3, using: &random))
      }
    let velocity: Double =
      switch Int.random(in: 0..<3, using: &random) {
      case 0: .nan
      case 1: Double.random(in: -500...500, using: &random)
      default: Double.random(in: -14_000...14_000, using: &random)
      }
    return (
      SpaceMotion(
        pmRA: speed * sin(bearing), pmDec: speed * cos(bearing), parallax: parallax,
        radialVelocity: velocity), ra, dec
    )
  }

  @Test func noStarMovesFurtherThanItsBound() throws {
    var random = TestRandom(seed: 29)
    var bounded = 0
    for _ in 0..<20_000 {
      let (motion, ra, dec) = Self.star(&random)
      let from = 2016.0
      let to = from + Double.random(in: -1000...1000, using: &random)
      guard
        let bound = motion.displacementBound(
          at: UnitVector(longitude: ra, latitude: dec), from: from, to: to),
        let moved = motion.position(ra: ra, dec: dec, from: from, to: to)
      else { continue }
      bounded += 1
      let start = UnitVector(longitude: ra, latitude: dec)
      let end = UnitVector(longitude: moved.ra, latitude: moved.dec)
      let angle = start.separation(from: end).radians
      #expect(angle <= bound, "\(motion) at (\(ra), \(dec)), \(from) → \(to): \(angle) > \(bound)")
    }
    // Most stars are bounded: only the fastest are left to ERFA.
    #expect(bounded > 15_000)
  }

  /// Ordinary stars (radial velocities under 100 km/s, over ±50 years): the bound is within
  /// 2 % of the motion, so the widened index finds few candidates more. (It assumes the worst
  /// of the radial velocity's direction: 4 % over for a star 1 pc away receding at 500 km/s.)
  @Test func theBoundIsCloseForOrdinaryStars() throws {
    var random = TestRandom(seed: 31)
    for _ in 0..<5_000 {
      let (star, ra, dec) = Self.star(&random)
      var motion = star
      if abs(motion.radialVelocity) > 100 { motion.radialVelocity = 30 }
      if abs(dec) > 1.55 { continue }  // ERFA's dα/dt: rounding dominates a tiny motion there
      let to = 2016 + Double.random(in: -50...50, using: &random)
      let bound = try #require(
        motion.displacementBound(
          at: UnitVector(longitude: ra, latitude: dec), from: 2016, to: to))
      let moved = try #require(motion.position(ra: ra, dec: dec, from: 2016, to: to))
      let angle = UnitVector(longitude: ra, latitude: dec).separation(
        from: UnitVector(longitude: moved.ra, latitude: moved.dec)
      ).radians
      #expect(bound <= angle * 1.02 + 1e-11, "\(motion), \(to): \(bound) for \(angle)")
    }
  }

  /// At the poles, where ERFA's dα/dt is undefined (taken as 0 within 10⁻¹⁵ rad) or huge.
  @Test func starsAtThePolesStayWithinTheirBound() throws {
    var random = TestRandom(seed: 37)
    for offset in [0, 1e-16, 1e-15, 2e-15, 1e-12, 1e-8, 1e-5] {
      for sign in [1.0, -1.0] {
        for _ in 0..<50 {
          let (star, ra, _) = Self.star(&random)
          let dec = sign * (Double.pi / 2 - offset)
          let place = UnitVector(longitude: ra, latitude: dec)
          let to = 2016 + Double.random(in: -100...100, using: &random)
          guard let bound = star.displacementBound(at: place, from: 2016, to: to),
            let moved = star.position(ra: place.longitude, dec: place.latitude, from: 2016, to: to)
          else { continue }
          let angle = place.separation(from: UnitVector(longitude: moved.ra, latitude: moved.dec))
          #expect(angle.radians <= bound, "\(star) at \(dec), \(to)")
        }
      }
    }
  }

  /// The one-year motion that decides ERFA's parallax, from series, against `eraSeps` itself:
  /// stars anywhere (near the poles too, where ERFA is used), 10 µas/yr to 10″/yr. ERFA's
  /// value is the angle between two unit vectors a few 10⁻⁸ apart, so it carries their
  /// rounding, 10⁻¹⁶ rad: the series are compared within that and 10⁻¹² of the angle.
  @Test func theYearlySeparationIsERFAs() {
    var random = TestRandom(seed: 41)
    for _ in 0..<20_000 {
      let (motion, ra, dec) = Self.star(&random)
      let place = UnitVector(longitude: ra, latitude: dec)
      let (pmr, pmd, _, _) = motion.erfaArguments(cosDec: cos(place.latitude))
      let expected = eraSeps(
        place.longitude, place.latitude, place.longitude + pmr, place.latitude + pmd)
      let found = motion.yearlySeparation(at: place)
      #expect(
        abs(found - expected) <= 1e-12 * expected + 1e-15,
        "\(motion) at (\(ra), \(dec)): \(found) for \(expected)")
    }
  }

  @Test func starsTooFastForTheBoundAreLeftToERFA() {
    let fast = SpaceMotion(pmRA: 100, pmDec: 0, parallax: 1, radialVelocity: 20_000)
    #expect(
      fast.displacementBound(at: UnitVector(longitude: 1, latitude: 0.5), from: 2016, to: 2066)
        == nil)
    let still = SpaceMotion(pmRA: .nan, pmDec: 1)
    #expect(
      still.displacementBound(at: UnitVector(longitude: 1, latitude: 0.5), from: 2016, to: 2066)
        == 0)
  }
}
