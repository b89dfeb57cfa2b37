import Foundation
import Testing

@testable import SkyCut

/// Cuts where the coverage map decides most objects inside a circle without a query (one
/// catalogue of degree-sized circles covering much of the sky) keep exactly the objects brute
/// force keeps: for one radius and radii of their own, on 1 and 2 threads, with objects at
/// the circles' edges (±10⁻⁹ of the radius), at the poles and across RA 0/360.
@Suite struct InsideCellsCutTests {
  @Test(arguments: [false, true])
  func keptObjectsAreBruteForces(radiiOfTheirOwn: Bool) throws {
    var random = TestRandom(seed: radiiOfTheirOwn ? 21 : 22)
    var centres = [
      UnitVector(raDegrees: 0, decDegrees: 90), UnitVector(raDegrees: 359.9, decDegrees: -87),
      UnitVector(raDegrees: 0.01, decDegrees: 10),
    ]
    for _ in 0..<297 { centres.append(random.pointOnSphere()) }
    let radii: [Angle] = centres.indices.map { _ in
      radiiOfTheirOwn ? .degrees(Double.random(in: 2...6, using: &random)) : .degrees(4)
    }
    var objects: [UnitVector] = (0..<20_000).map { _ in random.pointOnSphere() }
    for (number, centre) in centres.enumerated() {
      for fraction in [0.3, 0.9, 1 - 1e-9, 1 + 1e-9] {
        objects.append(random.point(at: radii[number].radians * fraction, from: centre))
      }
    }
    let directory = try TemporaryDirectory()
    func degrees(_ v: UnitVector) -> String {
      let ra = v.longitude * 180 / .pi
      let dec = v.latitude * 180 / .pi
      return "\(ra),\(dec)"
    }
    let objectsPath = try directory.write(
      "ID,RA,DEC\n"
        + objects.enumerated().map { "\($0.offset),\(degrees($0.element))\n" }.joined(),
      to: "objects.csv")
    let contaminantsPath = try directory.write(
      "RA,DEC,R\n"
        + centres.indices.map { "\(degrees(centres[$0])),\(radii[$0].radians * 180 / .pi)\n" }
        .joined(),
      to: "stars.csv")
    var options = CatalogueReadOptions()
    if radiiOfTheirOwn {
      options.radiusColumn = "R"
      options.radiusUnit = .degrees
    }
    // What the cut reads: the positions (and radii) from the files' text.
    let objectVectors = try Catalogue.read(path: objectsPath).positions
    let stars = try Catalogue.read(path: contaminantsPath, options: options)
    let centreVectors = stars.positions
    let limits = stars.radii ?? radii
    let expected = objectVectors.indices.filter { object in
      !centreVectors.indices.contains {
        objectVectors[object].chordSquared(to: centreVectors[$0]) < limits[$0].chordSquared
      }
    }
    // The map the cut builds for these circles has cells inside them.
    let index =
      radiiOfTheirOwn
      ? ContaminantIndex(contaminants: centreVectors, radii: radii)
      : ContaminantIndex(contaminants: centreVectors, radius: .degrees(4))
    #expect(CoverageMap(indexes: [index], interior: true)?.hasInterior == true)
    for jobs in [1, 2] {
      let output = directory.file("kept-\(jobs).csv")
      let request = CleaningRequest(
        objectsPath: objectsPath, contaminantsPath: contaminantsPath,
        radius: radiiOfTheirOwn ? nil : .degrees(4), outputPath: output,
        contaminantOptions: options, runner: ParallelRunner(jobs: jobs))
      let summary = try CatalogueCleaner.clean(request)
      let kept = try String(contentsOfFile: output, encoding: .utf8)
        .split(separator: "\n").dropFirst().map { Int($0.split(separator: ",")[0])! }
      let difference = kept.difference(from: expected).first
      #expect(
        difference == nil, "first difference from brute force: \(String(describing: difference))")
      #expect(summary.removed == objects.count - expected.count)
    }
  }
}
