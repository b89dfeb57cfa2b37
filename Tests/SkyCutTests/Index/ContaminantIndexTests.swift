import Foundation
import Testing

@testable import SkyCut

/// The index must give exactly the brute-force answer: every radius, every part of the sky.
@Suite struct ContaminantIndexTests {
  static let radii: [Angle] = [
    .milliarcseconds(1), .arcseconds(1), .arcminutes(1), .degrees(1), .degrees(30), .degrees(90),
    .degrees(135), .degrees(180),
  ]

  func assertMatchesBruteForce(
    objects: [UnitVector], contaminants: [UnitVector], radius: Angle,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) {
    let index = ContaminantIndex(contaminants: contaminants, radius: radius)
    let fast = objects.indices.filter { index.containsMatch(for: objects[$0]) }
    let exact = bruteForceMatches(objects: objects, contaminants: contaminants, radius: radius)
    #expect(fast == exact, "radius \(radius)", sourceLocation: sourceLocation)
  }

  /// Objects scattered around each contaminant at distances straddling the radius, so every
  /// test has matches and near misses.
  func objectsAround(
    _ contaminants: [UnitVector], radius: Angle, perContaminant: Int, random: inout TestRandom
  ) -> [UnitVector] {
    var objects: [UnitVector] = []
    for c in contaminants {
      for _ in 0..<perContaminant {
        let factor = Double.random(in: 0.5...1.5, using: &random)
        objects.append(random.point(at: min(radius.radians * factor, .pi), from: c))
      }
    }
    return objects
  }

  @Test(arguments: radii)
  func uniformSky(radius: Angle) {
    var random = TestRandom(seed: 1)
    let contaminants = (0..<300).map { _ in random.pointOnSphere() }
    var objects = (0..<1500).map { _ in random.pointOnSphere() }
    objects += objectsAround(
      Array(contaminants.prefix(100)), radius: radius, perContaminant: 5, random: &random)
    assertMatchesBruteForce(objects: objects, contaminants: contaminants, radius: radius)
  }

  @Test(arguments: radii)
  func clustersAtBothPoles(radius: Angle) {
    var random = TestRandom(seed: 2)
    let north = UnitVector(x: 0, y: 0, z: 1)
    let south = UnitVector(x: 0, y: 0, z: -1)
    let spread = max(radius.radians * 3, 1e-7)
    var contaminants = (0..<150).map { _ in random.point(within: min(spread, .pi), of: north) }
    contaminants += (0..<150).map { _ in random.point(within: min(spread, .pi), of: south) }
    contaminants += [north, south]  // exactly on the poles
    var objects = (0..<600).map { _ in random.point(within: min(spread * 2, .pi), of: north) }
    objects += (0..<600).map { _ in random.point(within: min(spread * 2, .pi), of: south) }
    objects += objectsAround(contaminants, radius: radius, perContaminant: 2, random: &random)
    objects += [north, south, UnitVector(raDegrees: 45, decDegrees: 90)]
    assertMatchesBruteForce(objects: objects, contaminants: contaminants, radius: radius)
  }

  @Test(arguments: radii)
  func straddlingRAZero(radius: Angle) {
    var random = TestRandom(seed: 3)
    let width = max(radius.degrees * 3, 1e-6)
    func nearZero() -> UnitVector {
      let ra = Double.random(in: -width...width, using: &random)
      let dec = Double.random(in: -60...60, using: &random)
      return UnitVector(raDegrees: ra < 0 ? ra + 360 : ra, decDegrees: dec)
    }
    let contaminants = (0..<200).map { _ in nearZero() }
    var objects = (0..<1000).map { _ in nearZero() }
    objects += objectsAround(contaminants, radius: radius, perContaminant: 3, random: &random)
    assertMatchesBruteForce(objects: objects, contaminants: contaminants, radius: radius)
  }

  @Test(arguments: radii)
  func exactlyAtAndAroundTheBoundary(radius: Angle) {
    // Objects at radius × (1 ± ε) for ε down to 1e-15: only the exact predicate decides them.
    var random = TestRandom(seed: 4)
    let contaminants = (0..<50).map { _ in random.pointOnSphere() }
    var objects: [UnitVector] = []
    for c in contaminants {
      for exponent in 2...15 {
        for sign in [-1.0, 1.0] {
          let angle = radius.radians * (1 + sign * pow(10, -Double(exponent)))
          objects.append(random.point(at: min(angle, .pi), from: c))
        }
      }
    }
    assertMatchesBruteForce(objects: objects, contaminants: contaminants, radius: radius)
  }

  /// The point at `distance` (radians) from (`lon`, `lat`) along `bearing` (from north,
  /// towards east), by the direct spherical formulae.
  static func destination(lon: Double, lat: Double, bearing: Double, distance: Double) -> UnitVector
  {
    let lat2 = asin(sin(lat) * cos(distance) + cos(lat) * sin(distance) * cos(bearing))
    let lon2 =
      lon + atan2(sin(bearing) * sin(distance) * cos(lat), cos(distance) - sin(lat) * sin(lat2))
    return UnitVector(longitude: lon2, latitude: lat2)
  }

  /// Contaminants at the circle's extreme points — north, south, and the two points of
  /// greatest longitude, where a meridian touches the circle — just inside and just outside the
  /// radius: they test the zone bounds and the longitude window at their edges.
  @Test(arguments: [
    Angle.arcseconds(1), .arcminutes(1), .degrees(1), .degrees(30), .degrees(60), .degrees(89),
  ])
  func extremePointsOfTheCircle(radius: Angle) {
    let r = radius.radians
    var objects: [UnitVector] = []
    var contaminants: [UnitVector] = []
    for decDegrees in [-89.9, -60, -1, 0, 0.5, 30, 75, 89.0, 89.99] {
      let lat = decDegrees * .pi / 180
      for lonDegrees in [0.0, 0.001, 359.9999, 123.4] {
        let lon = lonDegrees * .pi / 180
        objects.append(UnitVector(longitude: lon, latitude: lat))
        let tangent = tan(r) * tan(lat)
        var bearings = [0.0, .pi]
        if abs(tangent) < 1 { bearings += [acos(tangent), -acos(tangent)] }
        for bearing in bearings {
          for factor in [1 - 1e-9, 1 - 1e-12, 1 + 1e-12, 1 + 1e-9] {
            contaminants.append(
              Self.destination(lon: lon, lat: lat, bearing: bearing, distance: r * factor))
          }
        }
      }
    }
    // Each object against one of its contaminants at a time, so that every near miss counts,
    // among fillers near the antipode (farther than any radius here) that make many zones.
    var random = TestRandom(seed: 8)
    let perObject = contaminants.count / objects.count
    for (number, object) in objects.enumerated() {
      let antipode = UnitVector(x: -object.x, y: -object.y, z: -object.z)
      let fillers = (0..<400).map { _ in random.point(within: .pi / 6, of: antipode) }
      for contaminant in contaminants[(number * perObject)..<((number + 1) * perObject)] {
        assertMatchesBruteForce(
          objects: [object], contaminants: fillers + [contaminant], radius: radius)
      }
    }
  }

  /// Hundreds of contaminants in one longitude bucket of their zone (a tight cluster, and
  /// copies of one point): the index sorts such a bucket as a whole, ties in row order.
  @Test(arguments: [Angle.milliarcseconds(1), .arcseconds(1), .arcminutes(1)])
  func aCrowdedLongitudeBucket(radius: Angle) {
    var random = TestRandom(seed: 19)
    let centre = UnitVector(raDegrees: 10, decDegrees: 5)
    var contaminants = (0..<300).map { _ in random.pointOnSphere() }
    contaminants += (0..<400).map { _ in random.point(within: 5e-6, of: centre) }
    let copies = contaminants.count
    contaminants += Array(repeating: UnitVector(raDegrees: 10.00001, decDegrees: 5), count: 60)
    var objects = objectsAround(
      Array(contaminants.suffix(460)), radius: radius, perContaminant: 2, random: &random)
    objects += (0..<500).map { _ in random.point(within: 1e-5, of: centre) }
    assertMatchesBruteForce(objects: objects, contaminants: contaminants, radius: radius)
    // The nearest of 60 equal copies is the first of them in row order.
    let index = ContaminantIndex(contaminants: contaminants, radius: radius)
    let found = index.neighbourhood(of: UnitVector(raDegrees: 10.00001, decDegrees: 5))
    #expect(found.nearestRow == copies)
  }

  @Test func coincidentPointsMatchAtAnyRadius() {
    var random = TestRandom(seed: 5)
    let points = (0..<100).map { _ in random.pointOnSphere() }
    for radius in Self.radii {
      let index = ContaminantIndex(contaminants: points + points, radius: radius)
      #expect(points.allSatisfy { index.containsMatch(for: $0) })
    }
  }

  @Test func emptyInputs() {
    let empty = ContaminantIndex(contaminants: [], radius: .degrees(10))
    #expect(!empty.containsMatch(for: UnitVector(x: 1, y: 0, z: 0)))
    #expect(empty.count == 0)
    let index = ContaminantIndex(contaminants: [UnitVector(x: 1, y: 0, z: 0)], radius: .degrees(1))
    #expect(SeparationCut(index: index).matchedRows(of: []) == [])
  }

  @Test func firstMatchNamesTheContaminantRow() throws {
    let contaminants = [
      UnitVector(raDegrees: 10, decDegrees: 10), UnitVector(raDegrees: 200, decDegrees: -30),
    ]
    let index = ContaminantIndex(contaminants: contaminants, radius: .arcminutes(1))
    let row = try #require(index.firstMatch(for: UnitVector(raDegrees: 200, decDegrees: -30.01)))
    #expect(row == 1)
    #expect(index.firstMatch(for: UnitVector(raDegrees: 200, decDegrees: -31)) == nil)
  }

  @Test func manyContaminantsSmallRadius() {
    // Enough contaminants that the zone count is set by the radius, not the population.
    var random = TestRandom(seed: 6)
    let contaminants = (0..<20_000).map { _ in random.pointOnSphere() }
    let radius = Angle.arcminutes(20)
    var objects = (0..<5_000).map { _ in random.pointOnSphere() }
    objects += objectsAround(
      Array(contaminants.prefix(500)), radius: radius, perContaminant: 2, random: &random)
    assertMatchesBruteForce(objects: objects, contaminants: contaminants, radius: radius)
  }
}
