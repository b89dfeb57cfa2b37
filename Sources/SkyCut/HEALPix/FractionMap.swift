import Foundation

/// The unmasked fraction of each HEALPix pixel of an order: what a clustering analysis
/// multiplies its randoms by.
///
/// Each connected group of the mask's regions has its exact area (``UnionArea``). A group
/// whose bounding circle touches one pixel only gives that pixel its whole area; a group that
/// straddles pixels is clipped to each exactly (``PixelClipping``). So each pixel's masked
/// area is exact but for rounding and quadrature (about 10⁻¹³ of the pixel) and, with
/// ellipses, the gap between the polygons inside and around them.
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
    _ indexes: [ContaminantIndex], order: Int, sides: Int, runner: ParallelRunner
  ) {
    self.order = order
    let pixelArea = HEALPixCell.area(order: order)
    let pixels = 12 << (2 * order)
    let groups = MaskGroups(indexes, sides: sides, order: order, runner: runner)
    let touched = groups.touched
    // A group across pixels is clipped to each exactly (``MaskGroups/clippedArea(of:in:)``).
    let parts = runner.map(
      ChunkSplitter(
        count: groups.roots.count, chunks: max(1, min(groups.roots.count / 64, runner.jobs * 16)))
    ) { range -> [(Int64, Double, Double)] in
      range.flatMap { slot -> [(Int64, Double, Double)] in
        let list = touched[slot]
        if list.count == 1 { return [(list[0], groups.lower[slot], groups.upper[slot])] }
        return list.map { pixel in
          let bounds = groups.clippedArea(of: slot, in: HEALPixCell(order: order, pixel: pixel))
          return (pixel, bounds.lower, bounds.upper)
        }
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
