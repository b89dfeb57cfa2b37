import Foundation

/// The unmasked fraction of each HEALPix pixel of an order: what a clustering analysis
/// multiplies its randoms by.
///
/// Each connected group of the mask's regions has its exact area (``UnionArea``). A group
/// whose bounding circle touches one pixel only gives that pixel its whole area; a group that
/// straddles pixels is clipped to each exactly (``PixelClipping``). So each pixel's masked
/// area is exact but for rounding and quadrature (about 10⁻¹⁰ of the pixel, more at high
/// orders) and, with ellipses, the gap between the polygons inside and around them.
struct FractionMap: Sendable {
  let order: Int
  /// The unmasked fraction of each pixel, in NESTED order: 1 − the middle of its masked
  /// area's bounds over its area.
  var unmasked: [Float]
  /// The widest gap between a pixel's bounds, as a fraction of its area.
  var largestGap: Double
  /// healpy's value for a pixel outside the map (outside the footprint).
  static let unseen: Float = -1.6375e30

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
    // A group across pixels is clipped to each exactly (``MaskGroups/clippedAreas(of:in:)``).
    let parts = runner.map(
      ChunkSplitter(
        count: groups.roots.count, chunks: max(1, min(groups.roots.count / 64, runner.jobs * 16)))
    ) { range -> [(Int64, Double, Double)] in
      range.flatMap { slot -> [(Int64, Double, Double)] in
        let list = touched[slot]
        if list.count == 1 { return [(list[0], groups.lower[slot], groups.upper[slot])] }
        return zip(list, groups.clippedAreas(of: slot, in: list)).map { ($0, $1.lower, $1.upper) }
      }
    }
    // Each touched pixel's parts summed (sorted by pixel: no arrays of the whole sky in
    // Double, which at N_side 4096 were 3.2 GB).
    var pieces = parts.flatMap { $0 }
    pieces.sort { $0.0 < $1.0 }
    var unmasked = [Float](repeating: 1, count: pixels)
    var gap = 0.0
    var next = 0
    while next < pieces.count {
      let pixel = pieces[next].0
      var (low, high) = (0.0, 0.0)
      while next < pieces.count && pieces[next].0 == pixel {
        low += pieces[next].1
        high += pieces[next].2
        next += 1
      }
      (low, high) = (min(low, pixelArea), min(high, pixelArea))
      gap = max(gap, (high - low) / pixelArea)
      unmasked[Int(pixel)] = Float(min(max(1 - (low + high) / 2 / pixelArea, 0), 1))
    }
    self.unmasked = unmasked
    largestGap = gap
  }
}
