import Foundation
import Testing

@testable import SkyCut

/// The unmasked-fraction map against a count of fine cells: each pixel within the tolerance
/// plus the count's own uncertainty (fine cells that an edge crosses), and the map's masked
/// area adding up to the mask's.
@Suite struct FractionMapTests {
  let runner = ParallelRunner(jobs: 2)

  @Test func eachPixelMatchesACountOfFineCells() throws {
    var random = TestRandom(seed: 13)
    var centres: [UnitVector] = []
    var radii: [Angle] = []
    for _ in 0..<30 {
      // Crowded near the pole and across RA 0 as well as anywhere.
      let centre =
        centres.count < 10
        ? random.point(within: 10 * .pi / 180, of: UnitVector(x: 0, y: 0, z: 1))
        : random.pointOnSphere()
      centres.append(centre)
      radii.append(.degrees(Double.random(in: 0.5...4, using: &random)))
    }
    let caps = ContaminantIndex(contaminants: centres, radii: radii, runner: runner)
    let order = 2
    let tolerance = 1e-3
    let map = FractionMap([caps], order: order, sides: 64, runner: runner)
    #expect(map.largestGap <= tolerance)
    // The count: fine cells four orders down whose centre is inside; those whose disc an edge
    // crosses are the count's uncertainty.
    let fine = order + 4
    let rho = HEALPixCell.radiusBound(order: fine)
    for pixel in 0..<(12 << (2 * order)) {
      var inside = 0
      var uncertain = 0
      let first = Int64(pixel) << (2 * Int64(fine - order))
      let count = 1 << (2 * (fine - order))
      for sub in first..<(first + Int64(count)) {
        let centre = HEALPixCell(order: fine, pixel: sub).centre
        if caps.containsMatch(for: centre) { inside += 1 }
        if zip(centres, radii).contains(where: {
          abs(centre.separation(from: $0.0).radians - $0.1.radians) < rho
        }) {
          uncertain += 1
        }
      }
      let counted = 1 - Double(inside) / Double(count)
      let slack = Double(uncertain) / Double(count) + tolerance
      #expect(abs(Double(map.unmasked[pixel]) - counted) <= slack, "pixel \(pixel)")
    }
    // The masked areas add up to the mask's area.
    let total = MaskArea.union([caps], tolerance: 1e-6, runner: runner).0.steradians
    let masked = map.unmasked.reduce(0) { $0 + (1 - Double($1)) * HEALPixCell.area(order: order) }
    #expect(abs(masked - total) <= tolerance * 4 * .pi)
  }

  @Test func aMapFileIsWhatHealpyReads() throws {
    let directory = try TemporaryDirectory()
    let caps = ContaminantIndex(
      contaminants: [UnitVector(raDegrees: 10, decDegrees: 20)], radii: [.degrees(2)],
      runner: runner)
    let map = FractionMap([caps], order: 3, sides: 64, runner: runner)
    for ordering in HEALPixOrdering.allCases {
      let path = directory.file("map-\(ordering.rawValue).fits")
      try FractionMapFile.write(
        map, ordering: ordering, tolerance: 1e-3, to: path, overwrite: false)
      try Fitsverify.expectValid(path)
    }
    // The cap's area, 4π sin²(1°), spread over the pixels it touches.
    let masked = map.unmasked.map { (1 - Double($0)) * HEALPixCell.area(order: 3) }
    let cap = 4 * Double.pi * pow(sin(Angle.degrees(1).radians), 2)
    #expect(abs(masked.reduce(0, +) - cap) <= 1e-3 * HEALPixCell.area(order: 3) * 4)
    #expect(masked.filter { $0 > 0 }.count < 8)
  }
}
