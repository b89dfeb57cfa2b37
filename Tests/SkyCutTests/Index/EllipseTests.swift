import Foundation
import Testing

@testable import SkyCut

/// Elliptical contaminants against a brute-force evaluation of the definition with
/// trigonometry (the standard coordinates of the gnomonic projection), at RA = 0/360, near both
/// poles, for axes from 1″ to 10° and every position angle.
@Suite struct EllipseTests {
  struct Ellipse {
    var ra, dec, a, b, pa: Double  // degrees
  }

  /// `(u / tan a)² + (v / tan b)²` of `p` for the ellipse, or `nil` outside its hemisphere.
  func definition(_ p: UnitVector, _ e: Ellipse) -> Double? {
    ellipseDefinition(p, ra: e.ra, dec: e.dec, a: e.a, b: e.b, pa: e.pa)
  }

  func ellipses(_ random: inout TestRandom) -> [Ellipse] {
    var list: [Ellipse] = []
    let centres: [(Double, Double)] = [
      (0.0001, 0), (359.9999, -20), (0, 89.9999), (180, -89.9999), (45, 60), (300, -5),
    ]
    for (ra, dec) in centres {
      for axis in [1.0 / 3600, 1.0 / 60, 0.5, 10] {
        let a = axis * Double.random(in: 0.5...1, using: &random)
        let b = a * Double.random(in: 0.1...1, using: &random)
        list.append(
          Ellipse(ra: ra, dec: dec, a: a, b: b, pa: Double.random(in: 0..<360, using: &random)))
      }
    }
    // A circle, and an ellipse whose minor axis is the longer.
    list.append(Ellipse(ra: 100, dec: 10, a: 0.2, b: 0.2, pa: 30))
    list.append(Ellipse(ra: 200, dec: 40, a: 0.05, b: 0.3, pa: 75))
    return list
  }

  @Test func indexMatchesTheDefinitionEverywhere() throws {
    var random = TestRandom(seed: 23)
    let list = ellipses(&random)
    let centres = list.map { UnitVector(raDegrees: $0.ra, decDegrees: $0.dec) }
    let shapes = zip(centres, list).map { centre, e in
      EllipseShape(
        centre: centre, a: .degrees(e.a), b: .degrees(e.b), positionAngle: .degrees(e.pa))
    }
    let index = ContaminantIndex(contaminants: centres, ellipses: shapes)
    var checked = 0
    var ambiguous = 0
    var inside = 0
    for (centre, e) in zip(centres, list) {
      for _ in 0..<3_000 {
        let reach = max(e.a, e.b) * 1.3 * .pi / 180
        let p = random.point(within: reach, of: centre)
        // The brute force over every ellipse, as the index answers for all of them.
        let values = list.map { definition(p, $0) }
        if values.contains(where: { $0.map { abs($0 - 1) < 1e-9 } ?? false }) {
          ambiguous += 1
          continue
        }
        let expected = values.contains { ($0 ?? 2) < 1 }
        #expect(index.containsMatch(for: p) == expected, "\(e) at \(p)")
        checked += 1
        if expected { inside += 1 }
      }
    }
    #expect(checked > 70_000 && ambiguous < 10)
    #expect(inside > 15_000 && inside < checked - 15_000)
  }

  @Test func aCircleIsTheCaseAEqualsB() {
    var random = TestRandom(seed: 4)
    let centre = UnitVector(raDegrees: 359.99, decDegrees: 12)
    let radius = Angle.arcminutes(7)
    let shape = EllipseShape(centre: centre, a: radius, b: radius, positionAngle: .degrees(33))
    let ellipse = ContaminantIndex(contaminants: [centre], ellipses: [shape])
    let circle = ContaminantIndex(contaminants: [centre], radius: radius)
    for _ in 0..<20_000 {
      let p = random.point(within: radius.radians * 1.5, of: centre)
      let margin = abs(p.separation(from: centre).radians / radius.radians - 1)
      if margin < 1e-12 { continue }
      #expect(ellipse.containsMatch(for: p) == circle.containsMatch(for: p))
    }
  }

  @Test func unusableAxesAreRefused() {
    let centre = UnitVector(raDegrees: 10, decDegrees: 10)
    #expect(
      EllipseShape(centre: centre, a: .degrees(90), b: .degrees(1), positionAngle: .degrees(0))
        == nil)
    #expect(
      EllipseShape(centre: centre, a: .degrees(-1), b: .degrees(1), positionAngle: .degrees(0))
        == nil)
    #expect(
      EllipseShape(centre: centre, a: .degrees(1), b: .radians(.nan), positionAngle: .degrees(0))
        == nil)
    #expect(
      EllipseShape(centre: centre, a: .degrees(1), b: .degrees(1), positionAngle: .radians(.nan))
        == nil)
  }

  /// Through the reader and the cut: axes in arcsec (the CSV has no unit), PA in degrees,
  /// across RA = 0/360; the rows removed are the definition's.
  @Test func theCutRemovesWhatIsInsideTheEllipses() throws {
    let directory = try TemporaryDirectory()
    let list = [
      Ellipse(ra: 359.99, dec: 0, a: 600.0 / 3600, b: 120.0 / 3600, pa: 30),
      Ellipse(ra: 0.05, dec: 0.1, a: 300.0 / 3600, b: 250.0 / 3600, pa: 170),
    ]
    var text = "RA,DEC,SMA,SMI,PA\n"
    for e in list { text += "\(e.ra),\(e.dec),\(e.a * 3600),\(e.b * 3600),\(e.pa)\n" }
    try directory.write(text, to: "galaxies.csv")
    var random = TestRandom(seed: 8)
    var objects = "ID,RA,DEC\n"
    var points: [UnitVector] = []
    for id in 0..<5_000 {
      let p = random.point(within: 0.3 * .pi / 180, of: UnitVector(raDegrees: 0, decDegrees: 0))
      points.append(p)
      objects += "\(id),\(p.longitude * 180 / .pi),\(p.latitude * 180 / .pi)\n"
    }
    try directory.write(objects, to: "objects.csv")
    var contaminantOptions = CatalogueReadOptions()
    contaminantOptions.ellipseColumns = ("SMA", "SMI", "PA")
    var request = CleaningRequest(
      objectsPath: directory.file("objects.csv"), contaminantsPath: directory.file("galaxies.csv"),
      radius: nil, outputPath: directory.file("kept.csv"), contaminantOptions: contaminantOptions)
    request.rejectedPath = directory.file("removed.csv")
    _ = try CatalogueCleaner.clean(request)
    let removed = try String(contentsOfFile: directory.file("removed.csv"), encoding: .utf8)
      .split(separator: "\n").dropFirst().compactMap { Int($0.split(separator: ",")[0]) }
    // The objects went through text: compare with the positions as read back.
    let read = try Catalogue.read(path: directory.file("objects.csv")).positions
    let expected = read.indices.filter { row in
      list.contains { (definition(read[row], $0) ?? 2) < 1 }
    }
    #expect(removed == expected)
    #expect(expected.count > 50)
  }

}
