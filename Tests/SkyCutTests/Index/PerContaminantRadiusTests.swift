import Foundation
import Testing

@testable import SkyCut

/// Contaminants with radii of their own: the index searches with the largest and decides
/// with each one's own, and must still give exactly the brute-force answer.
@Suite struct PerContaminantRadiusTests {
  /// The brute-force rows of `objects` strictly closer to some contaminant than its radius.
  func bruteForce(objects: [UnitVector], contaminants: [UnitVector], radii: [Angle]) -> [Int] {
    objects.indices.filter { row in
      contaminants.indices.contains { j in
        objects[row].chordSquared(to: contaminants[j]) < radii[j].chordSquared
      }
    }
  }

  /// Radii spanning 1 mas to `largest`, log-uniform, with some zeros.
  func radii(_ count: Int, largest: Angle, random: inout TestRandom) -> [Angle] {
    (0..<count).map { j in
      if j % 17 == 0 { return .radians(0) }
      let exponent = Double.random(in: 0...1, using: &random)
      let smallest = Angle.milliarcseconds(1).radians
      return .radians(smallest * pow(largest.radians / smallest, exponent))
    }
  }

  @Test(arguments: [Angle.arcseconds(10), .degrees(1), .degrees(40), .degrees(180)])
  func matchesBruteForceAnywhere(largest: Angle) {
    var random = TestRandom(seed: 11)
    let north = UnitVector(x: 0, y: 0, z: 1)
    var contaminants = (0..<200).map { _ in random.pointOnSphere() }
    contaminants += (0..<50).map { _ in random.point(within: 1e-3, of: north) }
    contaminants += [north, UnitVector(raDegrees: 0, decDegrees: 0)]
    contaminants += (0..<20).map { _ in UnitVector(raDegrees: 359.99999, decDegrees: -30) }
    let radii = radii(contaminants.count, largest: largest, random: &random)
    var objects = (0..<1000).map { _ in random.pointOnSphere() }
    // Around each contaminant, at distances straddling its own radius.
    for (c, r) in zip(contaminants, radii) {
      for factor in [0.5, 0.999999, 1.000001, 1.5] {
        objects.append(random.point(at: min(max(r.radians, 1e-12) * factor, .pi), from: c))
      }
    }
    let index = ContaminantIndex(contaminants: contaminants, radii: radii)
    let fast = objects.indices.filter { index.containsMatch(for: objects[$0]) }
    let exact = bruteForce(objects: objects, contaminants: contaminants, radii: radii)
    #expect(fast == exact)
    #expect(!exact.isEmpty)
    if largest < .degrees(90) { #expect(exact.count < objects.count) }
  }

  @Test func equalRadiiGiveTheSingleRadiusAnswer() {
    var random = TestRandom(seed: 12)
    let contaminants = (0..<300).map { _ in random.pointOnSphere() }
    let objects = (0..<3000).map { _ in random.pointOnSphere() }
    let radius = Angle.degrees(3)
    let single = ContaminantIndex(contaminants: contaminants, radius: radius)
    let own = ContaminantIndex(
      contaminants: contaminants, radii: Array(repeating: radius, count: contaminants.count))
    #expect(
      objects.map { single.containsMatch(for: $0) } == objects.map { own.containsMatch(for: $0) })
  }

  @Test func allZeroRadiiMatchNothing() {
    let contaminants = [UnitVector(raDegrees: 10, decDegrees: 10)]
    let index = ContaminantIndex(contaminants: contaminants, radii: [.radians(0)])
    #expect(!index.containsMatch(for: contaminants[0]))
  }
}
