import Foundation
import Testing

@testable import SkyCut

@Suite struct SkyFrameTests {
  /// astropy 8.0.2: SkyCoord(l=0, b=0, frame='galactic').icrs → (266.40498829, −28.93617776);
  /// its Galactic frame is FK5-based, so a few tens of mas of frame bias are expected.
  @Test func galacticCentreInICRS() {
    let centre = SkyFrame.galactic.rotation(to: .icrs).apply(UnitVector(x: 1, y: 0, z: 0))
    let astropy = UnitVector(raDegrees: 266.40498829, decDegrees: -28.93617776)
    #expect(centre.separation(from: astropy).arcseconds < 0.1)
  }

  @Test func northGalacticPoleIsTheDefiningPole() {
    let pole = SkyFrame.galactic.rotation(to: .icrs).apply(UnitVector(x: 0, y: 0, z: 1))
    let defined = UnitVector(raDegrees: 192.85948, decDegrees: 27.12825)
    #expect(pole.separation(from: defined).arcseconds < 1e-9)
  }

  @Test func celestialPoleHasTheDefiningLongitude() {
    let pole = SkyFrame.icrs.rotation(to: .galactic).apply(UnitVector(x: 0, y: 0, z: 1))
    #expect(abs(pole.longitude * 180 / .pi - 122.93192) < 1e-9)
  }

  @Test func rotationIsOrthonormalAndInvertible() {
    let forward = SkyFrame.icrs.rotation(to: .galactic)
    let back = SkyFrame.galactic.rotation(to: .icrs)
    var random = TestRandom(seed: 11)
    for _ in 0..<200 {
      let v = random.pointOnSphere()
      let w = back.apply(forward.apply(v))
      #expect(v.chordSquared(to: w) < 1e-30)
      let r = forward.apply(v)
      #expect(abs(r.x * r.x + r.y * r.y + r.z * r.z - 1) < 1e-15)
    }
    #expect(SkyFrame.icrs.rotation(to: .icrs).isIdentity)
  }
}
