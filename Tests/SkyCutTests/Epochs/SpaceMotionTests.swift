import Foundation
import Testing

@testable import SkyCut

/// Stars moved between epochs with ERFA, against astropy's `SkyCoord.apply_space_motion`
/// (Fixtures/Epochs/make_space_motion.py): Barnard's star (10″/yr), stars at both poles and
/// across RA = 0/360, stars without parallax or radial velocity, over ±50 years.
@Suite struct SpaceMotionTests {
  struct Case {
    var name: String
    var ra, dec, pmRA, pmDec, parallax, radialVelocity, from, to, raTo, decTo: Double
  }

  static let cases: [Case] = {
    let path = fixturePath("Epochs/astropy_space_motion.csv")
    let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    return text.split(separator: "\n").dropFirst().map { line in
      let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      let n = f.dropFirst().map { Double($0) ?? .nan }
      return Case(
        name: f[0], ra: n[0], dec: n[1], pmRA: n[2], pmDec: n[3], parallax: n[4],
        radialVelocity: n[5], from: n[6], to: n[7], raTo: n[8], decTo: n[9])
    }
  }()

  @Test func matchesAstropyToATenthOfAMilliarcsecond() throws {
    #expect(Self.cases.count == 176)
    let degrees = Double.pi / 180
    for star in Self.cases {
      let motion = SpaceMotion(
        pmRA: star.pmRA, pmDec: star.pmDec, parallax: star.parallax,
        radialVelocity: star.radialVelocity)
      let moved = try #require(
        motion.position(
          ra: star.ra * degrees, dec: star.dec * degrees, from: star.from, to: star.to))
      let ours = UnitVector(raDegrees: moved.ra / degrees, decDegrees: moved.dec / degrees)
      let theirs = UnitVector(raDegrees: star.raTo, decDegrees: star.decTo)
      let separation = ours.separation(from: theirs).arcseconds * 1000
      #expect(separation <= 0.1, "\(star.name) \(star.from) → \(star.to): \(separation) mas")
    }
  }

  @Test func barnardsStarMovesTenArcsecondsAYear() throws {
    let star = try #require(Self.cases.first { $0.name == "barnard" && $0.to == 2066 })
    let degrees = Double.pi / 180
    let moved = try #require(
      SpaceMotion(
        pmRA: star.pmRA, pmDec: star.pmDec, parallax: star.parallax,
        radialVelocity: star.radialVelocity
      ).position(ra: star.ra * degrees, dec: star.dec * degrees, from: 2016, to: 2066))
    let shift = UnitVector(raDegrees: star.ra, decDegrees: star.dec).separation(
      from: UnitVector(raDegrees: moved.ra / degrees, decDegrees: moved.dec / degrees))
    // 10.39″/yr today, and faster as it approaches: a little over 519″ in 50 years.
    #expect(shift.arcseconds > 515 && shift.arcseconds < 530)
  }

  @Test func aStarWithoutProperMotionStaysPut() throws {
    let moved = try #require(
      SpaceMotion(pmRA: .nan, pmDec: 3).position(ra: 1, dec: 0.5, from: 2016, to: 1991.25))
    #expect(moved.ra == 1 && moved.dec == 0.5)
  }
}
