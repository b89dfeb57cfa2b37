import Foundation
import Testing

@testable import SkyCut

/// A survey footprint (a MOC): objects outside it removed, as HEALPix's own pixel of each
/// says; the mask's area inside it against the caps wholly in or out, and random points for
/// a cap across its edge.
@Suite struct FootprintTests {
  let runner = ParallelRunner(jobs: 2)

  /// A footprint of base cell 0 (as its four children) and two cells of order 3 elsewhere.
  func footprint(in directory: TemporaryDirectory) throws -> Footprint {
    let cells =
      (0..<4).map { HEALPixCell(order: 1, pixel: Int64($0)) }
      + [HEALPixCell(order: 3, pixel: 700), HEALPixCell(order: 3, pixel: 701)]
    let path = directory.file("footprint.fits")
    try MOCFile.write(cells.sorted(), order: 3, to: path, overwrite: false)
    return try Footprint(contentsOf: path)
  }

  func inFootprint(_ p: UnitVector) -> Bool {
    HEALPixCell(holding: p, order: 0).pixel == 0
      || [700, 701].contains(HEALPixCell(holding: p, order: 3).pixel)
  }

  @Test func containsWhatHEALPixPutsInItsCells() throws {
    let directory = try TemporaryDirectory()
    let footprint = try footprint(in: directory)
    var random = TestRandom(seed: 2)
    for _ in 0..<20_000 {
      let p = random.pointOnSphere()
      #expect(footprint.contains(p) == inFootprint(p))
    }
    #expect(abs(footprint.steradians - (4 * .pi / 12 + 2 * HEALPixCell.area(order: 3))) < 1e-15)
  }

  @Test func theCutRemovesObjectsOutsideAndMeasuresTheMaskInside() throws {
    let directory = try TemporaryDirectory()
    let footprint = try footprint(in: directory)
    // Three caps: inside base cell 0 (its centre), far outside, and across its edge.
    let inside = HEALPixCell(order: 0, pixel: 0).centre
    let outside = HEALPixCell(order: 0, pixel: 10).centre
    // On the meridian between base cells 0 and 1 (φ = 90°, above z = 2/3).
    let across = UnitVector(raDegrees: 90, decDegrees: 60)
    var random = TestRandom(seed: 4)
    var objects = "ID,RA,DEC\n"
    var expectedKept: [Int] = []
    var expectedOutside = 0
    let radius = 4 * Double.pi / 180
    for id in 0..<5_000 {
      let p = random.pointOnSphere()
      objects += "\(id),\(p.longitude * 180 / .pi),\(p.latitude * 180 / .pi)\n"
      let near = [inside, outside, across].contains {
        p.chordSquared(to: $0) < Angle.radians(radius).chordSquared
      }
      if inFootprint(p) && !near { expectedKept.append(id) }
      if !inFootprint(p) { expectedOutside += 1 }
    }
    try objects.write(toFile: directory.file("objects.csv"), atomically: true, encoding: .utf8)
    var stars = "RA,DEC\n"
    for c in [inside, outside, across] {
      stars += "\(c.longitude * 180 / .pi),\(c.latitude * 180 / .pi)\n"
    }
    try stars.write(toFile: directory.file("stars.csv"), atomically: true, encoding: .utf8)
    var request = CleaningRequest(
      objectsPath: directory.file("objects.csv"), contaminantsPath: directory.file("stars.csv"),
      radius: .radians(radius), outputPath: directory.file("kept.csv"), runner: runner)
    request.footprintPath = footprint.path
    request.areaTolerance = 1e-4
    let summary = try CatalogueCleaner.clean(request)
    let kept = try Catalogue.read(path: directory.file("kept.csv"))
    #expect(kept.rowCount == expectedKept.count)
    let ids = try String(contentsOfFile: directory.file("kept.csv"), encoding: .utf8)
      .split(separator: "\n").dropFirst().map { Int($0.split(separator: ",")[0])! }
    #expect(ids == expectedKept)
    #expect(summary.footprint?.outside == expectedOutside)
    // The mask inside: the inside cap whole, the outside one not at all, and the part of the
    // one across the edge that random points inside it find in the footprint.
    let cap = 4 * Double.pi * pow(sin(radius / 2), 2)
    let n = 200_000
    var hits = 0
    for _ in 0..<n where inFootprint(random.point(within: radius, of: across)) { hits += 1 }
    let fraction = Double(hits) / Double(n)
    #expect(fraction > 0.1 && fraction < 0.9)
    let expected = cap + cap * fraction
    let sigma = cap * (fraction * (1 - fraction) / Double(n)).squareRoot()
    let area = try #require(summary.area)
    #expect(
      area.lowerSteradians - 4 * sigma <= expected && expected <= area.upperSteradians + 4 * sigma)
    #expect(area.upperSteradians - area.lowerSteradians <= 2e-4 * area.steradians)
    let unmasked = try #require(summary.footprint?.unmaskedDeg2)
    #expect(
      abs(unmasked - (footprint.steradians - area.steradians) * MaskArea.squareDegreesPerSteradian)
        < 1e-9)
  }

  /// Each layer's own and added area inside the footprint: a catalogue of a cap inside and
  /// one across the edge, then one of a cap overlapping the inside one (the lens in closed
  /// form) and one outside.
  @Test func eachLayersAreaIsMeasuredInsideTheFootprint() throws {
    let directory = try TemporaryDirectory()
    let footprint = try footprint(in: directory)
    let inside = HEALPixCell(order: 0, pixel: 0).centre
    let near = UnitVector(
      raDegrees: inside.longitude * 180 / .pi + 5, decDegrees: inside.latitude * 180 / .pi)
    let outside = HEALPixCell(order: 0, pixel: 10).centre
    let across = UnitVector(raDegrees: 90, decDegrees: 60)
    func write(_ name: String, _ centres: [UnitVector]) throws -> String {
      let text =
        "RA,DEC\n"
        + centres.map { "\($0.longitude * 180 / .pi),\($0.latitude * 180 / .pi)\n" }
        .joined()
      try text.write(toFile: directory.file(name), atomically: true, encoding: .utf8)
      return directory.file(name)
    }
    let yaml = """
      catalogues:
        - path: \(try write("a.csv", [inside, across]))
          radius: 4deg
          bit: 0
        - path: \(try write("b.csv", [near, outside]))
          radius: 4deg
          bit: 1
      """
    try yaml.write(toFile: directory.file("mask.yaml"), atomically: true, encoding: .utf8)
    let mask = try Mask(contentsOf: directory.file("mask.yaml"))
    let measured = try MaskMeasurement.measure(
      mask, tolerance: 1e-5, moc: nil, footprint: footprint.path, runner: runner)
    let area = try #require(measured.area)
    let radius = 4 * Double.pi / 180
    let cap = 4 * Double.pi * pow(sin(radius / 2), 2)
    // The part of the cap across the edge inside the footprint, by random points.
    var random = TestRandom(seed: 6)
    let n = 400_000
    var hits = 0
    for _ in 0..<n where inFootprint(random.point(within: radius, of: across)) { hits += 1 }
    let acrossInside = cap * Double(hits) / Double(n)
    let sigma = 4 * cap * (0.25 / Double(n)).squareRoot()
    let lens = capLens(radius, radius, inside.separation(from: near).radians)
    #expect(lens > 0.1 * cap && lens < 0.9 * cap)
    try #require(area.layers.count == 2)
    let (a, b) = (area.layers[0], area.layers[1])
    #expect(abs(a.steradians - (cap + acrossInside)) < sigma)
    #expect(abs(a.addedSteradians - a.steradians) < 1e-5 * a.steradians)
    #expect(abs(b.steradians - cap) < 2e-5 * cap)
    #expect(abs(b.addedSteradians - (cap - lens)) < 2e-5 * cap)
    #expect(abs(area.steradians - (a.addedSteradians + b.addedSteradians)) < 2e-5 * area.steradians)
  }

  @Test func aFootprintBitKeepsAndFlagsTheObjectsOutside() throws {
    let directory = try TemporaryDirectory()
    let footprint = try footprint(in: directory)
    var random = TestRandom(seed: 6)
    let star = UnitVector(raDegrees: 90, decDegrees: 60)
    let radius = Angle.degrees(5)
    var objects = "ID,RA,DEC\n"
    var expected: [(Int, Int)] = []  // kept rows: ID, mask bits
    var outside = 0
    for id in 0..<3_000 {
      let p = random.pointOnSphere()
      objects += "\(id),\(p.longitude * 180 / .pi),\(p.latitude * 180 / .pi)\n"
      if !inFootprint(p) { outside += 1 }
      if p.chordSquared(to: star) < radius.chordSquared { continue }
      expected.append((id, inFootprint(p) ? 0 : 1 << 5))
    }
    try objects.write(toFile: directory.file("objects.csv"), atomically: true, encoding: .utf8)
    try "RA,DEC\n90,60\n".write(
      toFile: directory.file("stars.csv"), atomically: true, encoding: .utf8)
    var request = CleaningRequest(
      objectsPath: directory.file("objects.csv"), contaminantsPath: directory.file("stars.csv"),
      radius: radius, outputPath: directory.file("kept.csv"), runner: runner)
    request.footprintPath = footprint.path
    request.footprintBit = 5
    request.maskColumn = "MASKBITS"
    let summary = try CatalogueCleaner.clean(request)
    let rows = try String(contentsOfFile: directory.file("kept.csv"), encoding: .utf8)
      .split(separator: "\n").dropFirst().map { line in
        let fields = line.split(separator: ",")
        return (Int(fields[0])!, Int(fields[3])!)
      }
    #expect(rows.map(\.0) == expected.map(\.0))
    #expect(rows.map(\.1) == expected.map(\.1))
    #expect(summary.footprint?.outside == outside)
    #expect(summary.bits.first { $0.bit == 5 }?.flagged == expected.filter { $0.1 != 0 }.count)
  }
}
