import Foundation
import Testing

@testable import SkyCut

/// The MOC of a mask: HEALPix's own pixel assignment (chealpix) against the cell radius
/// bound, and every point inside a cap or ellipse inside a cell of the MOC, which is
/// normalised and not much larger than the mask.
@Suite struct MaskCoverageTests {
  let runner = ParallelRunner(jobs: 2)

  @Test func everyPointIsWithinTheRadiusBoundOfItsCellCentre() {
    var random = TestRandom(seed: 3)
    for order in [0, 1, 2, 3, 5, 8, 12, 16, 20, 24, 29] {
      let bound = HEALPixCell.radiusBound(order: order)
      var largest = 0.0
      for _ in 0..<20_000 {
        let p = random.pointOnSphere()
        let cell = HEALPixCell(holding: p, order: order)
        largest = max(largest, p.separation(from: cell.centre).radians)
      }
      #expect(largest <= bound, "order \(order)")
      // Not a loose bound either: the farthest point seen is within 20 % of it.
      #expect(largest > bound / 1.2, "order \(order)")
    }
  }

  @Test func nuniqRoundTrips() {
    for (order, pixel) in [(0, Int64(0)), (0, 11), (1, 47), (10, 12_345_678), (29, 1 << 60)] {
      let cell = HEALPixCell(order: order, pixel: pixel)
      #expect(HEALPixCell(uniq: cell.uniq) == cell)
    }
    #expect(HEALPixCell(order: 0, pixel: 0).uniq == 4)
    #expect(HEALPixCell(order: 1, pixel: 0).uniq == 16)
  }

  /// Whether `p` lies in one of `cells` (sorted by NUNIQ): one of its cell's ancestors is.
  func covered(_ p: UnitVector, _ cells: Set<HEALPixCell>, order: Int) -> Bool {
    let finest = HEALPixCell(holding: p, order: order)
    return (0...order).contains { k in
      cells.contains(HEALPixCell(order: k, pixel: finest.pixel >> (2 * Int64(order - k))))
    }
  }

  @Test func capsAndEllipsesLieInsideTheirMOC() throws {
    var random = TestRandom(seed: 8)
    let centres = [
      UnitVector(raDegrees: 0, decDegrees: 0), UnitVector(raDegrees: 359.99, decDegrees: 89.9),
      UnitVector(raDegrees: 120, decDegrees: -45), UnitVector(raDegrees: 45, decDegrees: 41.8),
      UnitVector(raDegrees: 45.05, decDegrees: 41.85),
    ]
    let radii: [Angle] = [
      .arcminutes(30), .arcminutes(10), .degrees(2), .arcminutes(5), .arcminutes(3),
    ]
    let caps = ContaminantIndex(contaminants: centres, radii: radii, runner: runner)
    let ellipseCentre = UnitVector(raDegrees: 200, decDegrees: -89.5)
    let ellipse = try #require(
      EllipseShape(
        centre: ellipseCentre, a: .degrees(1), b: .arcminutes(12), positionAngle: .degrees(30)))
    let ellipses = ContaminantIndex(
      contaminants: [ellipseCentre], ellipses: [ellipse], runner: runner)
    let order = 9
    let coverage = MaskCoverage(
      shapes: caps.coverageShapes() + ellipses.coverageShapes(), order: order)
    let cells = coverage.cells(runner: runner)
    let set = Set(cells)
    // Sorted, and normalised: no cell inside another, no four siblings.
    #expect(cells.map(\.uniq) == cells.map(\.uniq).sorted())
    for cell in cells where cell.order > 0 {
      var ancestor = cell
      while ancestor.order > 0 {
        ancestor = HEALPixCell(order: ancestor.order - 1, pixel: ancestor.pixel / 4)
        #expect(!set.contains(ancestor))
      }
      let siblings = (0..<4).map {
        HEALPixCell(order: cell.order, pixel: cell.pixel / 4 * 4 + Int64($0))
      }
      #expect(!siblings.allSatisfy(set.contains))
    }
    // Every point inside is covered, at the edges most of all.
    for (centre, radius) in zip(centres, radii) {
      for _ in 0..<3_000 {
        let p = random.point(within: radius.radians * 0.999_999, of: centre)
        #expect(covered(p, set, order: order))
      }
    }
    var inside = 0
    for _ in 0..<20_000 {
      let p = random.point(within: 1.01 * .pi / 180, of: ellipseCentre)
      if ellipses.containsMatch(for: p) {
        inside += 1
        #expect(covered(p, set, order: order))
      }
    }
    #expect(inside > 1_000)
    // And the MOC is the mask and a rim of at most two cells' radius.
    let exact = MaskArea.union([caps, ellipses], tolerance: 1e-6, runner: runner).0
    let mocArea = cells.reduce(0) { $0 + HEALPixCell.area(order: $1.order) }
    #expect(mocArea >= exact.upperSteradians)
    let rim = 2 * HEALPixCell.radiusBound(order: order)
    let grown = MaskArea.union(
      [
        ContaminantIndex(
          contaminants: centres, radii: radii.map { .radians($0.radians + rim) }, runner: runner),
        ContaminantIndex(
          contaminants: [ellipseCentre],
          ellipses: [
            EllipseShape(
              centre: ellipseCentre, a: .radians(Angle.degrees(1).radians + rim),
              b: .radians(Angle.arcminutes(12).radians + rim), positionAngle: .degrees(30))
          ], runner: runner),
      ], tolerance: 1e-6, runner: runner
    ).0
    #expect(mocArea <= grown.upperSteradians)
  }

  @Test func aMOCFileReadsBackAndPassesFitsverify() throws {
    let directory = try TemporaryDirectory()
    let path = directory.file("mask.moc.fits")
    let caps = ContaminantIndex(
      contaminants: [UnitVector(raDegrees: 10, decDegrees: 20)], radii: [.degrees(1)],
      runner: runner)
    let cells = MaskCoverage(shapes: caps.coverageShapes(), order: 8).cells(runner: runner)
    try MOCFile.write(cells, order: 8, to: path, overwrite: false)
    #expect(try MOCFile.read(path) == cells)
    try Fitsverify.expectValid(path)
    #expect(throws: CatalogueError.self) {
      try MOCFile.write(cells, order: 8, to: path, overwrite: false)
    }
  }

  @Test func defaultOrderFollowsTheSmallestRadius() {
    let shapes: [MaskCoverage.Shape] = [
      .cap(centre: UnitVector(x: 0, y: 0, z: 1), radius: Angle.arcseconds(30).radians),
      .cap(centre: UnitVector(x: 1, y: 0, z: 0), radius: Angle.degrees(1).radians),
    ]
    let order = MaskCoverage.defaultOrder(for: shapes)
    #expect(order == 16)
    #expect(HEALPixCell.radiusBound(order: order) <= Angle.arcseconds(30).radians / 8)
  }
}
