import Foundation
import Testing

@testable import SkyCut

/// The coverage map never rules out an object the index would match: objects placed just
/// inside contaminants' circles (and random ones), at both poles and across RA = 0/360, for
/// radii from 1 mas to 100°, per-contaminant radii and ellipses, looked up as the decoder
/// looks them up (degrees times π/180).
@Suite struct CoverageMapTests {
  /// Contaminants at the poles, on RA = 0/360 and elsewhere.
  func contaminants(_ random: inout TestRandom) -> [UnitVector] {
    var list = [
      UnitVector(raDegrees: 0, decDegrees: 90), UnitVector(raDegrees: 123, decDegrees: -90),
      UnitVector(raDegrees: 0, decDegrees: 89.99999),
      UnitVector(raDegrees: 359.99999, decDegrees: 0),
      UnitVector(raDegrees: 0.00001, decDegrees: -45),
      UnitVector(raDegrees: 180, decDegrees: -89.9),
    ]
    for _ in 0..<150 { list.append(random.pointOnSphere()) }
    return list
  }

  /// Checks `map` against `index` (number `layer` of the map's indexes, when given) for
  /// objects just inside each contaminant's `reach` (and random ones); returns how many
  /// objects the index matched.
  func check(
    _ map: CoverageMap, _ index: ContaminantIndex, layer: Int? = nil,
    around centres: [UnitVector], reach: (Int) -> Double, _ random: inout TestRandom
  ) -> Int {
    var matched = 0
    var objects: [UnitVector] = (0..<2000).map { _ in random.pointOnSphere() }
    for (number, centre) in centres.enumerated() {
      for fraction in [0.5, 0.999999, 1 - 1e-9] {
        for _ in 0..<8 { objects.append(random.point(at: reach(number) * fraction, from: centre)) }
      }
    }
    for object in objects {
      // As the decoder sees it: degrees in a file, times π/180.
      let (ra, dec) = (object.longitude * 180 / .pi, object.latitude * 180 / .pi)
      let (lon, lat) = (ra * (.pi / 180), dec * (.pi / 180))
      var point = QueryPoint(longitude: lon, latitude: lat)
      if index.containsMatch(for: &point) {
        matched += 1
        #expect(map.covers(longitude: lon, latitude: lat), "ra \(ra) dec \(dec)")
        // Any longitude range maps to the same cell.
        #expect(map.covers(longitude: lon - 2 * .pi, latitude: lat))
        // And the index's own map, when the indexes have maps of their own.
        if let layer {
          #expect(map.covers(cell: map.cell(longitude: lon, latitude: lat), layer: layer))
        }
      }
    }
    return matched
  }

  /// The points of a circle furthest in longitude from its centre (where meridians touch
  /// it, `asin(sin r / cos φ)` away), just inside, are covered on a grid of cells a tenth of
  /// the radius: circles from the equator to 0.1° from a pole, of 1″ to 20°.
  @Test func theCirclesWidestLongitudesAreCovered() throws {
    var random = TestRandom(seed: 47)
    for radius in [1.0 / 3600, 30.0 / 3600, 0.5, 5, 20].map({ $0 * .pi / 180 }) {
      var centres: [UnitVector] = []
      // Few large circles: a map marking half the sky is not built.
      for _ in 0..<(radius > 0.05 ? 6 : 40) {
        let latitude = Double.random(in: -1...1, using: &random) * (.pi / 2 - 0.002 - radius)
        centres.append(
          UnitVector(
            longitude: Double.random(in: 0..<(2 * .pi), using: &random), latitude: latitude))
      }
      let index = ContaminantIndex(contaminants: centres, radius: .radians(radius))
      let cells = Int(min(4 * pow(Double.pi / (radius / 10), 2), Double(CoverageMap.maximumCells)))
      let map = try #require(
        CoverageMap(indexes: [index], cellBudget: cells, runner: ParallelRunner(jobs: 1)))
      for centre in centres {
        let latitude = centre.latitude
        let reach = asin(sin(radius) / cos(latitude))
        let touching = asin(sin(latitude) / cos(radius))
        for side in [-1.0, 1.0] {
          let edge = UnitVector(longitude: centre.longitude + side * reach, latitude: touching)
          // Along the great circle from the centre to it, a hair inside.
          let dot = centre.x * edge.x + centre.y * edge.y + centre.z * edge.z
          let along = normalised(
            UnitVector(
              x: edge.x - centre.x * dot, y: edge.y - centre.y * dot,
              z: edge.z - centre.z * dot))
          let angle = radius * (1 - 1e-9)
          let object = UnitVector(
            x: centre.x * cos(angle) + along.x * sin(angle),
            y: centre.y * cos(angle) + along.y * sin(angle),
            z: centre.z * cos(angle) + along.z * sin(angle))
          #expect(index.containsMatch(for: object))
          #expect(
            map.covers(longitude: object.longitude, latitude: object.latitude),
            "radius \(radius), centre \(centre), side \(side)")
        }
      }
    }
  }

  @Test(arguments: [1e-3 / 3600, 1.0 / 3600, 30.0 / 3600, 1, 10, 100])
  func aCircleIsNeverRuledOut(degrees: Double) throws {
    var random = TestRandom(seed: 99)
    let centres = contaminants(&random)
    let index = ContaminantIndex(contaminants: centres, radius: .degrees(degrees))
    guard let map = CoverageMap(indexes: [index]) else {
      // Only a map that would mark most of the sky is dropped.
      #expect(degrees >= 10)
      return
    }
    let matched = check(map, index, around: centres, reach: { _ in degrees * .pi / 180 }, &random)
    #expect(matched >= centres.count * 16)
  }

  @Test func radiiAndEllipsesOfTheirOwn() throws {
    var random = TestRandom(seed: 7)
    let centres = contaminants(&random)
    let radii = centres.indices.map { _ in
      Angle.arcseconds(10 * pow(10, Double.random(in: 0...3, using: &random)))
    }
    let circles = ContaminantIndex(contaminants: centres, radii: radii)
    let circleMap = try #require(CoverageMap(indexes: [circles]))
    _ = check(circleMap, circles, around: centres, reach: { radii[$0].radians }, &random)
    let shapes = centres.indices.map { row in
      EllipseShape(
        centre: centres[row], a: radii[row], b: .radians(radii[row].radians * 0.3),
        positionAngle: .degrees(Double(row) * 7))
    }
    let ellipses = ContaminantIndex(contaminants: centres, ellipses: shapes)
    let both = try #require(CoverageMap(indexes: [circles, ellipses]))
    #expect(both.hasLayers)
    _ = check(both, ellipses, layer: 1, around: centres, reach: { radii[$0].radians }, &random)
    _ = check(both, circles, layer: 0, around: centres, reach: { radii[$0].radians }, &random)
  }

  /// Indexes of different sizes, built on two threads (each marks its share of all entries).
  @Test func severalIndexesOnTwoThreads() throws {
    var random = TestRandom(seed: 12)
    let many = contaminants(&random)
    let few = Array(contaminants(&random).prefix(20))
    let wide = ContaminantIndex(contaminants: few, radius: .degrees(2))
    let narrow = ContaminantIndex(contaminants: many, radius: .arcminutes(5))
    for (wideLayer, order) in [(1, [narrow, wide]), (0, [wide, narrow])] {
      let map = try #require(CoverageMap(indexes: order, runner: ParallelRunner(jobs: 2)))
      _ = check(map, wide, layer: wideLayer, around: few, reach: { _ in 2 * .pi / 180 }, &random)
      _ = check(
        map, narrow, layer: 1 - wideLayer, around: many, reach: { _ in 5.0 / 60 * .pi / 180 },
        &random)
      // Each index's map is its own: cells near a narrow circle only are not the wide one's.
      var spared = 0
      for centre in many {
        let cell = map.cell(longitude: centre.longitude, latitude: centre.latitude)
        let nearWide = few.contains { $0.separation(from: centre).radians < 2.5 * .pi / 180 }
        #expect(map.covers(cell: cell))
        if !nearWide {
          #expect(!map.covers(cell: cell, layer: wideLayer))
          spared += 1
        }
      }
      #expect(spared > many.count / 2)
    }
  }

  /// Marked in bands by several threads, the map is the one thread's map, bit for bit: the
  /// union, each index's own and the cells inside circles, for contaminants crowded in one
  /// hemisphere (so that the threads' bands are uneven) and at the poles.
  @Test(arguments: [2, 3, 7])
  func threadsMarkTheSameMap(jobs: Int) throws {
    var random = TestRandom(seed: 53)
    var north: [UnitVector] = contaminants(&random)
    for _ in 0..<400 {
      let point = random.pointOnSphere()
      north.append(UnitVector(x: point.x, y: point.y, z: abs(point.z)))
    }
    let radii = north.map { _ in Angle.arcminutes(Double.random(in: 1...40, using: &random)) }
    let stars = ContaminantIndex(contaminants: north, radii: radii)
    let wide = ContaminantIndex(contaminants: Array(north.prefix(30)), radius: .degrees(3))
    for (indexes, interior) in [([stars], true), ([stars], false), ([stars, wide], false)] {
      // Cells small enough for some to lie inside circles.
      let one = try #require(
        CoverageMap(
          indexes: indexes, interior: interior, cellBudget: 1 << 22, runner: ParallelRunner(jobs: 1)
        ))
      let many = try #require(
        CoverageMap(
          indexes: indexes, interior: interior, cellBudget: 1 << 22,
          runner: ParallelRunner(jobs: jobs)))
      #expect(many.bands == one.bands && many.cells == one.cells)
      var differing = 0
      for cell in 0..<(one.bands * one.cells) {
        if many.covers(cell: cell) != one.covers(cell: cell)
          || many.isInside(cell: cell) != one.isInside(cell: cell)
          || (0..<indexes.count).contains(where: {
            many.covers(cell: cell, layer: $0) != one.covers(cell: cell, layer: $0)
          })
        {
          differing += 1
        }
      }
      #expect(differing == 0, "\(jobs) threads, \(indexes.count) indexes, interior \(interior)")
      #expect(one.hasInterior == interior)
    }
  }

  /// Beyond ``CoverageMap/maximumLayers`` indexes only the union is kept, and it still covers
  /// each index.
  @Test func manyIndexesShareOneMap() throws {
    var random = TestRandom(seed: 5)
    let centres = (0...CoverageMap.maximumLayers).map { _ in contaminants(&random) }
    let indexes = centres.map { ContaminantIndex(contaminants: $0, radius: .arcminutes(3)) }
    let map = try #require(CoverageMap(indexes: indexes, runner: ParallelRunner(jobs: 2)))
    #expect(!map.hasLayers)
    for number in [0, 3, CoverageMap.maximumLayers] {
      let matched = check(
        map, indexes[number], layer: number, around: centres[number],
        reach: { _ in 3.0 / 60 * .pi / 180 }, &random)
      #expect(matched >= centres[number].count * 16)
    }
  }

  @Test func mostOfASparseSkyIsUnmarked() throws {
    var random = TestRandom(seed: 3)
    let centres = (0..<10_000).map { _ in random.pointOnSphere() }
    let index = ContaminantIndex(contaminants: centres, radius: .arcseconds(30))
    let map = try #require(CoverageMap(indexes: [index]))
    let covered = (0..<100_000).filter { _ in
      let p = random.pointOnSphere()
      return map.covers(longitude: p.longitude, latitude: p.latitude)
    }.count
    // 10⁴ circles of 30″ are 0.0007 % of the sky; their cells under 1 %.
    #expect(covered < 1000)
  }
}
