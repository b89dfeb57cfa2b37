import Foundation
import Testing

@testable import SkyCut

@Suite struct UnitVectorTests {
  @Test func knownDirections() {
    let origin = UnitVector(raDegrees: 0, decDegrees: 0)
    #expect(origin == UnitVector(x: 1, y: 0, z: 0))
    let pole = UnitVector(raDegrees: 123, decDegrees: 90)
    #expect(abs(pole.z - 1) < 1e-16 && abs(pole.x) < 1e-16 && abs(pole.y) < 1e-16)
    let ninety = UnitVector(raDegrees: 90, decDegrees: 0)
    #expect(abs(ninety.x) < 1e-16 && ninety.y == 1)
  }

  @Test func thetaPhiIsColatitudeAndLongitude() {
    let a = UnitVector(theta: .pi / 2 - 0.3, phi: 1.1)
    let b = UnitVector(longitude: 1.1, latitude: 0.3)
    #expect(a.chordSquared(to: b) < 1e-30)
    #expect(abs(UnitVector(theta: 0, phi: 2).z - 1) < 1e-16)
  }

  @Test func longitudeAndLatitudeRoundTrip() {
    let v = UnitVector(raDegrees: 359.5, decDegrees: -45)
    #expect(abs(v.longitude * 180 / .pi - 359.5) < 1e-12)
    #expect(abs(v.latitude * 180 / .pi + 45) < 1e-12)
  }

  @Test func separationAcrossRAZero() {
    let a = UnitVector(raDegrees: 359.9999, decDegrees: 0)
    let b = UnitVector(raDegrees: 0.0001, decDegrees: 0)
    #expect(abs(a.separation(from: b).degrees - 0.0002) < 1e-12)
  }

  @Test func separationAtThePoleIgnoresRA() {
    let a = UnitVector(raDegrees: 10, decDegrees: 90)
    let b = UnitVector(raDegrees: 250, decDegrees: 89)
    #expect(abs(a.separation(from: b).degrees - 1) < 1e-12)
  }

  @Test func separationOfOneMilliarcsecond() {
    // Law of cosines gives 0 here; atan2(|a×b|, a·b) and the chord stay exact.
    let a = UnitVector(raDegrees: 10, decDegrees: 20)
    let b = UnitVector(raDegrees: 10, decDegrees: 20 + 1 / 3_600_000)
    #expect(abs(a.separation(from: b).arcseconds * 1000 - 1) < 1e-6)
    let chord = a.chordSquared(to: b).squareRoot()
    #expect(abs(chord / Angle.milliarcseconds(1).radians - 1) < 1e-6)
  }

  @Test func separationNearAntipodes() {
    let a = UnitVector(raDegrees: 0, decDegrees: 0)
    let b = UnitVector(raDegrees: 180, decDegrees: 1e-6)
    #expect(abs(a.separation(from: b).degrees - (180 - 1e-6)) < 1e-9)
  }

  @Test func separationIsSymmetric() {
    var random = TestRandom(seed: 7)
    for _ in 0..<1000 {
      let a = random.pointOnSphere()
      let b = random.pointOnSphere()
      #expect(a.separation(from: b) == b.separation(from: a))
      #expect(a.chordSquared(to: b) == b.chordSquared(to: a))
    }
  }
}
