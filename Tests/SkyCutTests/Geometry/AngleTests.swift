import Foundation
import Testing

@testable import SkyCut

@Suite struct AngleTests {
  /// The chord bounds without a sine, against the chord itself: on each side of it at every
  /// angle from 10⁻¹² rad to π, and below 0.1 rad as close as their series say (θ²/12 and
  /// θ⁴/360, relative).
  @Test func chordBoundsHoldTheChordBetweenThem() {
    var random = TestRandom(seed: 43)
    for step in 0..<200_000 {
      let angle: Double =
        step < 4
        ? [0, 1e-300, .pi, .pi / 2][step] : pow(10, Double.random(in: -12...0.497, using: &random))
      let theta = Angle.radians(min(angle, .pi))
      let (exact, above, below) = (
        theta.chordSquared, theta.chordSquaredAbove, theta.chordSquaredBelow
      )
      #expect(below <= exact && exact <= above, "\(theta.radians): \(below) \(exact) \(above)")
      let square = theta.radians * theta.radians
      guard theta.radians < 0.1 else { continue }
      #expect(above <= exact * (1 + square / 12 * 1.01 + 1e-14), "\(theta.radians)")
      #expect(below >= exact * (1 - square * square / 360 * 1.01 - 1e-14), "\(theta.radians)")
    }
  }

  @Test(arguments: [
    ("1", 1.0), ("1.0", 1.0), ("0.5deg", 0.5), ("30arcmin", 0.5), ("1800arcsec", 0.5),
    ("3600000mas", 1.0), (" 2.5 arcmin ", 2.5 / 60), ("1e-3deg", 1e-3), ("+3", 3),
  ])
  func parsesNumbersWithUnits(text: String, degrees: Double) throws {
    let angle = try #require(Angle(parsing: text))
    #expect(abs(angle.degrees - degrees) <= 1e-15 * max(1, degrees))
  }

  @Test func parsesRadians() throws {
    let angle = try #require(Angle(parsing: "0.25rad"))
    #expect(angle.radians == 0.25)
  }

  @Test(arguments: ["", "deg", "abc", "1 parsec", "nan", "inf", "1..2", "--1", "0x10"])
  func rejectsGarbage(text: String) {
    #expect(Angle(parsing: text) == nil)
  }

  @Test func chordSquaredIsExactForTinyAngles() {
    // 1 mas: 4 sin²(θ/2) ≈ θ² to 1e-17 relative; cos θ would be 1 − 1.2e-17, i.e. exactly 1.
    let angle = Angle.milliarcseconds(1)
    let theta = angle.radians
    #expect(abs(angle.chordSquared / (theta * theta) - 1) < 1e-15)
    #expect(cos(theta) == 1)  // why SkyCut never compares cosines
  }

  @Test func chordSquaredAtLargeAngles() {
    #expect(abs(Angle.degrees(90).chordSquared - 2) < 1e-15)
    #expect(abs(Angle.degrees(180).chordSquared - 4) < 1e-15)
    #expect(abs(Angle.degrees(60).chordSquared - 1) < 1e-15)
  }

  @Test(arguments: [
    (Angle.degrees(1), "1 deg"), (.degrees(2.5), "2.5 deg"), (.arcminutes(3), "3 arcmin"),
    (.arcseconds(30), "30 arcsec"), (.milliarcseconds(5), "5 mas"),
  ])
  func describesInTheLargestSensibleUnit(angle: Angle, text: String) {
    #expect(angle.description == text)
  }
}
