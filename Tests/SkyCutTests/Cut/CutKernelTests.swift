import Foundation
import Testing

@testable import SkyCut

/// The kernel's query order (zone, then longitude) and its prefetching path, against brute
/// force: neither may change an answer.
@Suite struct CutKernelTests {
  /// Positions sorted for the queries are a permutation of the chunk, zone by zone, and within
  /// a zone in longitude order to a bucket's width; longitudes outside `[0, 2π)` (which a
  /// query reduces itself) and not finite are placed somewhere, not trapped on.
  @Test func zoneOrderIsAPermutationInZoneAndLongitudeOrder() {
    var random = TestRandom(seed: 5)
    let contaminants = (0..<10_000).map { _ in random.pointOnSphere() }
    let storage = ContaminantIndex(contaminants: contaminants, radius: .arcminutes(1)).storage
    var points = (0..<20_000).map { _ -> QueryPoint in
      let p = random.pointOnSphere()
      return QueryPoint(p, longitude: p.longitude)
    }
    for (slot, odd) in [-1.0, 7.5, 1e300, -.infinity, .nan].enumerated() {
      let p = random.pointOnSphere()
      points[slot * 997] = QueryPoint(p, longitude: odd)
    }
    let work = CutScratch()
    points.withUnsafeMutableBufferPointer { CutKernel.sortByZone($0, of: storage, into: work) }
    let order = (0..<points.count).map { Int(work.order[$0]) }
    #expect(order.sorted() == Array(points.indices))
    // Keys: no more than points, so 20,000 over 100 zones (√10,000): 200 per zone.
    #expect(storage.zoneCount == 100)
    let width = 2 * Double.pi / 200
    var (descents, misplaced, backwards) = (0, 0, 0)
    for slot in 1..<points.count {
      let (previous, point) = (work.sorted[slot - 1], work.sorted[slot])
      if point.z != points[order[slot]].z { misplaced += 1 }
      let (zone, previousZone) = (storage.zone(of: point.z), storage.zone(of: previous.z))
      if zone < previousZone { backwards += 1 }
      let inRange = { (p: QueryPoint) in p.longitude >= 0 && p.longitude < 2 * .pi }
      if zone == previousZone && inRange(point) && inRange(previous)
        && point.longitude < previous.longitude - width
      {
        descents += 1
      }
    }
    #expect(descents == 0 && misplaced == 0 && backwards == 0)
  }

  /// With several indexes (a fixed radius, radii of their own, ellipses) and every layer's
  /// hits asked for, the zone-ordered, prefetching path gives each position the bits brute
  /// force gives it, at radii where a query visits one zone, three, or more (not prefetched).
  @Test(arguments: [Angle.arcseconds(30), .arcminutes(20), .degrees(3)])
  func prefetchingKernelGivesTheBruteForceHits(radius: Angle) {
    var random = TestRandom(seed: 41)
    let fixed = (0..<1500).map { _ in random.pointOnSphere() }
    // Some of each set near another's, so that rows are held by several.
    let varied = (0..<1500).map { k in
      k < 200 ? random.point(within: radius.radians * 0.3, of: fixed[k]) : random.pointOnSphere()
    }
    let radii = varied.map { _ in
      Angle.radians(radius.radians * Double.random(in: 0...1.5, using: &random))
    }
    let centres = (0..<300).map { k in
      k < 50 ? random.point(within: radius.radians * 0.3, of: fixed[k]) : random.pointOnSphere()
    }
    let ellipses = centres.map { centre in
      EllipseShape(
        centre: centre, a: .radians(radius.radians * 2), b: .radians(radius.radians * 0.7),
        positionAngle: .degrees(Double.random(in: 0..<180, using: &random)))
    }
    let indexes = [
      ContaminantIndex(contaminants: fixed, radius: radius),
      ContaminantIndex(contaminants: varied, radii: radii),
      ContaminantIndex(contaminants: centres, ellipses: ellipses),
    ]
    var objects = (0..<3000).map { _ in random.pointOnSphere() }
    for c in (fixed.prefix(300) + varied.prefix(300) + centres.prefix(100)) {
      objects.append(random.point(within: radius.radians * 2.2, of: c))
    }
    // Brute force: bit k when contaminant set k holds the object.
    let expected = objects.map { object -> UInt64 in
      var bits: UInt64 = 0
      if fixed.contains(where: { object.chordSquared(to: $0) < radius.chordSquared }) { bits |= 1 }
      if varied.indices.contains(where: {
        object.chordSquared(to: varied[$0]) < radii[$0].chordSquared
      }) {
        bits |= 2
      }
      let inEllipse = centres.indices.contains { k in
        let c = centres[k]
        return ellipses[k]!.contains(object.x, object.y, object.z, centre: c.x, c.y, c.z)
      }
      if inEllipse { bits |= 4 }
      return bits
    }
    for bits: UInt64 in [0, 1, 2, 4] { #expect(expected.contains { $0 & bits == bits }) }
    #expect(expected.contains { $0.nonzeroBitCount > 1 })
    for threshold in [0, Int.max] {
      var points = objects.map { QueryPoint($0, longitude: $0.longitude) }
      var removedBy = [0, 0, 0]
      var hits = [UInt64](repeating: 0, count: points.count)
      let rows = points.withUnsafeMutableBufferPointer { points in
        hits.withUnsafeMutableBufferPointer { hits in
          CutKernel.matchedRows(
            points, indexes: indexes, zoneOrderAbove: threshold, removedBy: &removedBy,
            hits: hits.baseAddress)
        }
      }
      let wrong = objects.indices.filter { hits[$0] != expected[$0] }
      #expect(
        wrong.isEmpty, "threshold \(threshold): \(wrong.count) rows, first \(wrong.prefix(5))")
      #expect(rows == objects.indices.filter { expected[$0] != 0 })
      // Each row counted for the first index that holds it.
      let first = expected.filter { $0 != 0 }.map { $0.trailingZeroBitCount }
      #expect(removedBy == (0..<3).map { k in first.filter { $0 == k }.count })
    }
  }
}
