import Foundation

/// The mask's connected groups of regions, each with its exact area's bounds, its members
/// and the HEALPix cells of an order its bounding circle touches: what the fraction map and
/// the area inside a footprint share out among cells.
struct MaskGroups: Sendable {
  /// Each group's first region.
  let roots: [Int]
  /// Per group (by its place in ``roots``): its members, the bounds of its area, and the
  /// cells of ``order`` it may touch.
  let members: [[Int32]]
  let lower: [Double]
  let upper: [Double]
  let touched: [[Int64]]
  let order: Int
  /// The regions as the coverage tests them, to find the cells a group touches.
  let coverage: MaskCoverage
  /// The regions (polygons around ellipses) and, with ellipses, the regions within them
  /// (polygons inside ellipses), to clip a group to a cell.
  let outerClipping: PixelClipping
  let innerClipping: PixelClipping?

  /// The groups of `indexes`' regions (caps, and ellipses bounded by polygons of `sides`),
  /// with the cells of `order` each touches.
  init(_ indexes: [ContaminantIndex], sides: Int, order: Int, runner: ParallelRunner) {
    self.order = order
    let outer = indexes.flatMap { $0.areaRegions(sides: sides, side: .outer) }
    coverage = MaskCoverage(
      shapes: indexes.flatMap { $0.coverageShapes() }, order: HEALPixCell.maximumOrder)
    let groups = UnionArea.groupAreas(of: outer, runner: runner)
    var upperByRoot = groups.area
    for i in upperByRoot.indices { upperByRoot[i] += groups.rounding[i] }
    var lowerByRoot = upperByRoot
    outerClipping = PixelClipping(regions: outer, neighbours: groups.neighbours)
    var innerClipping: PixelClipping?
    if indexes.contains(where: { $0.storage.shapes != nil }) {
      // Inner polygons lie in the outer ones, so each inner group lies in one outer group.
      let innerRegions = indexes.flatMap { $0.areaRegions(sides: sides, side: .inner) }
      let inner = UnionArea.groupAreas(of: innerRegions, runner: runner)
      innerClipping = PixelClipping(regions: innerRegions, neighbours: inner.neighbours)
      lowerByRoot = [Double](repeating: 0, count: outer.count)
      for i in inner.root.indices where inner.root[i] == i {
        lowerByRoot[groups.root[i]] += inner.area[i] - inner.rounding[i]
      }
    }
    self.innerClipping = innerClipping
    var grouped: [[Int32]] = Array(repeating: [], count: outer.count)
    for i in groups.root.indices { grouped[groups.root[i]].append(Int32(i)) }
    let roots = groups.root.indices.filter { groups.root[$0] == $0 }
    self.roots = roots
    members = roots.map { grouped[$0] }
    lower = roots.map { max(lowerByRoot[$0], 0) }
    upper = roots.map { upperByRoot[$0] }
    let (members, coverage) = (self.members, self.coverage)
    touched = runner.map(
      ChunkSplitter(count: roots.count, chunks: max(1, min(roots.count / 64, runner.jobs * 16)))
    ) { range -> [[Int64]] in
      range.map { slot in
        let centre = outer[roots[slot]].centre
        let reach = members[slot].reduce(0.0) { far, member in
          let region = outer[Int(member)]
          return max(far, centre.separation(from: region.centre).radians + region.bound)
        }
        return coverage.pixels(
          touchingCap: centre, radius: min(reach * (1 + 1e-9) + 1e-15, .pi), order: order)
      }
    }.flatMap { $0 }
    centres = roots.map { outer[$0].centre }
  }

  /// Each group's first region's centre.
  let centres: [UnitVector]

  /// The bounds of the area (steradians) of group `slot` inside each of `pixels` (of
  /// ``order``): its regions' exact clipping (``PixelClipping``), with ellipses between the
  /// polygons inside and around them. A large group
  /// across many pixels gives each pixel only the members that may touch it (found from each
  /// member's own cap), so that the clipping does not grow as members × pixels.
  func clippedAreas(of slot: Int, in pixels: [Int64]) -> [(lower: Double, upper: Double)] {
    let list = members[slot]
    guard list.count > 16 && pixels.count > 4 else {
      return pixels.map { clippedArea(of: list, in: HEALPixCell(order: order, pixel: $0)) }
    }
    var near: [Int64: [Int32]] = [:]
    for member in list {
      // The outer regions hold the inner ones.
      let region = outerClipping.regions[Int(member)]
      let radius = min(region.bound * (1 + 1e-9) + 1e-15, .pi)
      for pixel in coverage.pixels(touchingCap: region.centre, radius: radius, order: order) {
        near[pixel, default: []].append(member)
      }
    }
    return pixels.map {
      clippedArea(of: near[$0] ?? [], in: HEALPixCell(order: order, pixel: $0))
    }
  }

  private func clippedArea(of list: [Int32], in cell: HEALPixCell) -> (
    lower: Double, upper: Double
  ) {
    let outer = outerClipping.area(of: list, in: cell)
    let inner = innerClipping?.area(of: list, in: cell) ?? outer
    let cellArea = HEALPixCell.area(order: cell.order)
    return (max(inner.area - inner.error, 0), min(outer.area + outer.error, cellArea))
  }
}
