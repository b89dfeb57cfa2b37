import Foundation
import Testing

@testable import SkyCut

/// The full query (every contaminant within its radius, and the nearest) against brute force.
@Suite struct NeighbourhoodTests {
  @Test(arguments: [Angle.milliarcseconds(5), .arcseconds(30), .degrees(2), .degrees(100)])
  func countAndNearestEqualBruteForce(radius: Angle) {
    var random = TestRandom(seed: 21)
    let north = UnitVector(x: 0, y: 0, z: 1)
    var contaminants = (0..<300).map { _ in random.pointOnSphere() }
    contaminants += (0..<60).map { _ in random.point(within: radius.radians * 3, of: north) }
    contaminants += (0..<30).map { _ in
      random.point(within: radius.radians * 2, of: UnitVector(raDegrees: 0, decDegrees: 10))
    }
    var objects = (0..<500).map { _ in random.pointOnSphere() }
    for c in contaminants.prefix(120) {
      objects.append(
        random.point(at: radius.radians * Double.random(in: 0.2...1.2, using: &random), from: c))
    }
    objects += [north, UnitVector(raDegrees: 359.9999999, decDegrees: 10)]
    // Own radii, and the single radius.
    let radii = contaminants.indices.map { j in
      Angle.radians(radius.radians * (0.5 + Double(j % 3) * 0.5))
    }
    for index in [
      ContaminantIndex(contaminants: contaminants, radius: radius),
      ContaminantIndex(contaminants: contaminants, radii: radii),
    ] {
      let own = index.storage.limits != nil
      for object in objects {
        let within = contaminants.indices.filter { j in
          object.chordSquared(to: contaminants[j]) < (own ? radii[j] : radius).chordSquared
        }
        let nearest = within.min { a, b in
          let (da, db) = (
            object.chordSquared(to: contaminants[a]), object.chordSquared(to: contaminants[b])
          )
          return da < db || (da == db && a < b)
        }
        let found = index.neighbourhood(of: object)
        #expect(found.count == within.count)
        #expect(found.nearestRow == nearest)
        #expect(
          found.nearestChordSquared == nearest.map { object.chordSquared(to: contaminants[$0]) }
            ?? .infinity)
        #expect(index.containsMatch(for: object) == !within.isEmpty)
      }
    }
  }
}
