import Foundation
import Testing

@testable import SkyCut

/// A cell the coverage map calls wholly inside a circle holds only positions that match, by
/// brute force over every contaminant: tried at each such cell's corners and edges (exactly,
/// and one float step either way), at random points in it, and at random points near the
/// circles, for radii from 0.2° to 5° and radii of their own, at the poles and across RA 0/360.
@Suite struct CoverageInteriorTests {
  func centres(_ random: inout TestRandom) -> [UnitVector] {
    var list = [
      UnitVector(raDegrees: 0, decDegrees: 90), UnitVector(raDegrees: 123, decDegrees: -90),
      UnitVector(raDegrees: 0, decDegrees: 89.5), UnitVector(raDegrees: 359.99999, decDegrees: 0),
      UnitVector(raDegrees: 0.00001, decDegrees: -45),
      UnitVector(raDegrees: 180, decDegrees: -89.9),
    ]
    for _ in 0..<60 { list.append(random.pointOnSphere()) }
    return list
  }

  /// Whether some centre lies strictly within its limit of the position, as the cut decides.
  func matches(_ lon: Double, _ lat: Double, _ centres: [UnitVector], _ limit: (Int) -> Double)
    -> Bool
  {
    var point = QueryPoint(longitude: lon, latitude: lat)
    point.resolveXY()
    let p = UnitVector(x: point.x, y: point.y, z: point.z)
    return centres.indices.contains { p.chordSquared(to: centres[$0]) < limit($0) }
  }

  /// Checks every inside cell of `map`; returns how many positions were decided inside.
  func check(
    _ map: CoverageMap, _ centres: [UnitVector], limit: (Int) -> Double,
    reach: (Int) -> Double, _ random: inout TestRandom
  ) -> Int {
    var decided = 0
    func probe(_ lon: Double, _ lat: Double) {
      guard lat >= -.pi / 2, lat <= .pi / 2 else { return }
      guard map.isInside(cell: map.cell(longitude: lon, latitude: lat)) else { return }
      decided += 1
      let matched = matches(lon, lat, centres, limit)
      #expect(matched, "lon \(lon) lat \(lat)")
    }
    let (bands, cells) = (map.bands, map.cells)
    // The inside cells on the edge of an inside region (where a wrong one would be), a few
    // thousand of them, and a few hundred others.
    var edge: [(Int, Int)] = []
    var interior: [(Int, Int)] = []
    for band in 0..<bands {
      for cell in 0..<cells where map.isInside(cell: band * cells + cell) {
        let neighbours = [
          band > 0 ? (band - 1) * cells + cell : nil,
          band + 1 < bands ? (band + 1) * cells + cell : nil,
          band * cells + (cell + 1) % cells, band * cells + (cell + cells - 1) % cells,
        ]
        if neighbours.contains(where: { $0.map { !map.isInside(cell: $0) } ?? true }) {
          edge.append((band, cell))
        } else {
          interior.append((band, cell))
        }
      }
    }
    edge.shuffle(using: &random)
    interior.shuffle(using: &random)
    for (band, cell) in edge.prefix(3000) + interior.prefix(300) {
      let edges = [
        (Double(cell) / Double(cells) * 2 * .pi, Double(band) / Double(bands) * .pi - .pi / 2),
        (
          Double(cell + 1) / Double(cells) * 2 * .pi,
          Double(band + 1) / Double(bands) * .pi - .pi / 2
        ),
      ]
      for lon in [edges[0].0, edges[1].0, (edges[0].0 + edges[1].0) / 2] {
        for lat in [edges[0].1, edges[1].1, (edges[0].1 + edges[1].1) / 2] {
          for (x, y) in [(lon, lat), (lon.nextUp, lat.nextUp), (lon.nextDown, lat.nextDown)] {
            probe(x, y)
          }
        }
      }
      for _ in 0..<4 {
        probe(
          Double.random(in: edges[0].0...edges[1].0, using: &random),
          Double.random(in: edges[0].1...edges[1].1, using: &random))
      }
    }
    for (number, centre) in centres.enumerated() {
      for fraction in [0.5, 0.9, 0.999999, 1, 1 + 1e-9] {
        for _ in 0..<20 {
          let object = random.point(at: reach(number) * fraction, from: centre)
          probe(object.longitude, object.latitude)
        }
      }
    }
    return decided
  }

  @Test(arguments: [0.2, 0.5, 1, 5])
  func insideCellsHoldOnlyMatches(degrees: Double) throws {
    var random = TestRandom(seed: 11)
    let list = centres(&random)
    let index = ContaminantIndex(contaminants: list, radius: .degrees(degrees))
    // As many cells as a large set of contaminants would get (2.6′ cells at most).
    let map = try #require(
      CoverageMap(indexes: [index], interior: true, cellBudget: CoverageMap.maximumCells))
    #expect(map.hasInterior)
    let limit = Angle.degrees(degrees).chordSquared
    let decided = check(
      map, list, limit: { _ in limit }, reach: { _ in degrees * .pi / 180 }, &random)
    #expect(decided > 1000)
  }

  /// And every cell wholly inside one circle is found: each cell whose four corners lie
  /// within a circle (its radius less a millionth, above the map's own margin) is marked, for
  /// circles whose runs of cells stay within half a turn.
  @Test func everyCellInsideACircleIsFound() throws {
    var random = TestRandom(seed: 17)
    var list: [UnitVector] = [UnitVector(raDegrees: 359.9, decDegrees: 10)]
    while list.count < 30 {
      let p = random.pointOnSphere()
      if abs(p.latitude) < 60 * .pi / 180 { list.append(p) }
    }
    let radius = Angle.degrees(6)
    let index = ContaminantIndex(contaminants: list, radius: radius)
    let map = try #require(CoverageMap(indexes: [index], interior: true, cellBudget: 1 << 16))
    let (bands, cells) = (map.bands, map.cells)
    let limit = Angle.radians(radius.radians * (1 - 1e-6)).chordSquared
    let edges = (0...cells).map { Double($0) * 2 * .pi / Double(cells) }
    let latitudes = (0...bands).map { min(Double($0) * .pi / Double(bands) - .pi / 2, .pi / 2) }
    var (missed, found) = (0, 0)
    for band in 0..<bands {
      for cell in 0..<cells {
        let corners = [
          (edges[cell], latitudes[band]), (edges[cell + 1], latitudes[band]),
          (edges[cell], latitudes[band + 1]), (edges[cell + 1], latitudes[band + 1]),
        ].map { UnitVector(longitude: $0.0, latitude: $0.1) }
        let inOne = list.contains { c in corners.allSatisfy { $0.chordSquared(to: c) < limit } }
        guard inOne else { continue }
        found += 1
        if !map.isInside(cell: band * cells + cell) { missed += 1 }
      }
    }
    #expect(found > 1000)
    #expect(missed == 0)
  }

  @Test func smallCirclesHaveNoInsideCells() throws {
    var random = TestRandom(seed: 14)
    let index = ContaminantIndex(contaminants: centres(&random), radius: .arcseconds(30))
    let map = try #require(
      CoverageMap(indexes: [index], interior: true, cellBudget: CoverageMap.maximumCells))
    #expect(!map.hasInterior)
  }

  @Test func radiiOfTheirOwn() throws {
    var random = TestRandom(seed: 12)
    let list = centres(&random)
    let radii = list.indices.map { _ in
      Angle.arcseconds(600 * pow(10, Double.random(in: 0...1.5, using: &random)))
    }
    let index = ContaminantIndex(contaminants: list, radii: radii)
    let map = try #require(
      CoverageMap(indexes: [index], interior: true, cellBudget: CoverageMap.maximumCells))
    #expect(map.hasInterior)
    let decided = check(
      map, list, limit: { radii[$0].chordSquared }, reach: { radii[$0].radians }, &random)
    #expect(decided > 100)
  }

  @Test func onlyOneIndexOfCirclesHasInsideCells() throws {
    var random = TestRandom(seed: 13)
    let list = centres(&random)
    let circles = ContaminantIndex(contaminants: list, radius: .degrees(1))
    let two = try #require(CoverageMap(indexes: [circles, circles], interior: true))
    #expect(!two.hasInterior)
    let plain = try #require(CoverageMap(indexes: [circles]))
    #expect(!plain.hasInterior)
  }

  /// A circle round the pole whose far side dips out of a band its cells' edges are all in:
  /// on a grid of 5° bands and 45° cells, a 14.9° circle at Dec 80°, RA 22.5°, holds the
  /// band [85°, 90°]'s edges at RA 22.5° ± 157.5° but not the point at RA 202.5°, Dec 85°.
  @Test func theFarSideOfAParallelIsTested() throws {
    let grid = CoverageMap.Grid(bands: 36, cells: 8)
    let corners = CoverageMap.Corners(grid)
    let centre = UnitVector(raDegrees: 22.5, decDegrees: 80)
    let radius = Angle.degrees(14.9)
    var bits = [UInt64](repeating: 0, count: (36 * 8 + 63) / 64)
    bits.withUnsafeMutableBufferPointer { words in
      corners.markInside(
        words,
        centre: ZoneStorage.Entry(
          longitude: centre.longitude, x: centre.x, y: centre.y, z: centre.z),
        latitude: centre.latitude, chordSquared: radius.chordSquared, within: 0..<36)
    }
    var marked = 0
    for band in 0..<36 {
      for cell in 0..<8
      where bits[(band * 8 + cell) >> 6] >> UInt64((band * 8 + cell) & 63) & 1 != 0 {
        marked += 1
        // The cell, densely: every point must be within the radius.
        for i in 0...40 {
          for j in 0...20 {
            let lon = (Double(cell) + Double(i) / 40) * .pi / 4
            let lat = (Double(band) + Double(j) / 20) * .pi / 36 - .pi / 2
            let p = UnitVector(x: cos(lat) * cos(lon), y: cos(lat) * sin(lon), z: sin(lat))
            #expect(p.chordSquared(to: centre) < radius.chordSquared, "band \(band) cell \(cell)")
          }
        }
      }
    }
    // The cells of the band [80°, 85°] around RA 22.5° are inside.
    #expect(marked > 0)
  }
}
