import Foundation

/// The unmasked fraction of each HEALPix pixel of an order: what a clustering analysis
/// multiplies its randoms by.
///
/// Each connected group of the mask's regions has its exact area (``UnionArea``). A group
/// whose bounding circle touches one pixel only gives that pixel its whole area; a group that
/// straddles pixels is clipped to each by cells (``MaskCoverage/clippedArea(of:in:tolerance:)``),
/// the pixel's tolerance shared among the groups straddling it. So each pixel's masked area
/// has a lower and an upper bound within the tolerance of the pixel's area.
struct FractionMap: Sendable {
  let order: Int
  /// The unmasked fraction of each pixel, in NESTED order: 1 − the middle of its masked
  /// area's bounds over its area.
  var unmasked: [Double]
  /// The widest gap between a pixel's bounds, as a fraction of its area.
  var largestGap: Double
  /// healpy's value for a pixel outside the map (outside the footprint).
  static let unseen = -1.6375e30

  /// The map of the union of `indexes`' regions (caps, and ellipses bounded by polygons of
  /// `sides`).
  init(
    _ indexes: [ContaminantIndex], order: Int, sides: Int, tolerance: Double, runner: ParallelRunner
  ) {
    self.order = order
    let pixelArea = HEALPixCell.area(order: order)
    let pixels = 12 << (2 * order)
    let groups = MaskGroups(indexes, sides: sides, order: order, runner: runner)
    let touched = groups.touched
    var straddling = [Int](repeating: 0, count: pixels)
    for list in touched where list.count > 1 { for pixel in list { straddling[Int(pixel)] += 1 } }
    let shares = straddling
    // A group straddling a few pixels is clipped to all but the one holding its centre, which
    // gets the rest of the group's exact area (so only the smaller parts pay for cells), and
    // half that pixel's tolerance for the gaps it takes on. A group across many pixels is
    // clipped to each. Each pixel's tolerance is shared among the groups straddling it.
    let parts = runner.map(
      ChunkSplitter(
        count: groups.roots.count, chunks: max(1, min(groups.roots.count / 64, runner.jobs * 16)))
    ) { range -> [(Int64, Double, Double)] in
      range.flatMap { slot -> [(Int64, Double, Double)] in
        let list = touched[slot]
        if list.count == 1 { return [(list[0], groups.lower[slot], groups.upper[slot])] }
        let centrePixel = HEALPixCell(holding: groups.centres[slot], order: order).pixel
        let home = list.count <= 4 && list.contains(centrePixel) ? centrePixel : -1
        var rest = (lower: groups.lower[slot], upper: groups.upper[slot])
        var parts: [(Int64, Double, Double)] = []
        for pixel in list where pixel != home {
          let share =
            home >= 0
            ? 2 * max(shares[Int(pixel)], shares[Int(home)]) * (list.count - 1)
            : shares[Int(pixel)]
          let bounds = groups.coverage.clippedArea(
            of: groups.members[slot], in: HEALPixCell(order: order, pixel: pixel),
            tolerance: tolerance * pixelArea / Double(max(share, 1)))
          parts.append((pixel, bounds.lower, bounds.upper))
          rest = (rest.lower - bounds.upper, rest.upper - bounds.lower)
        }
        if home >= 0 { parts.append((home, max(rest.lower, 0), max(rest.upper, 0))) }
        return parts
      }
    }
    var low = [Double](repeating: 0, count: pixels)
    var high = [Double](repeating: 0, count: pixels)
    for part in parts {
      for (pixel, l, h) in part {
        low[Int(pixel)] += l
        high[Int(pixel)] += h
      }
    }
    var gap = 0.0
    unmasked = (0..<pixels).map { pixel in
      let (l, h) = (min(low[pixel], pixelArea), min(high[pixel], pixelArea))
      gap = max(gap, (h - l) / pixelArea)
      return min(max(1 - (l + h) / 2 / pixelArea, 0), 1)
    }
    largestGap = gap
  }
}
