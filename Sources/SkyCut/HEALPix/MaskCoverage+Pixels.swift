import Foundation

extension MaskCoverage {
  /// The pixels of `order` that a cap of `radius` around `centre` may touch (every one it
  /// touches, and perhaps a few within a small cell's radius of it), in no particular order:
  /// a pixel is kept when one of its cells four orders down is not outside the cap.
  func pixels(touchingCap centre: UnitVector, radius: Double, order: Int) -> [Int64] {
    let (sinHalf, cosHalf) = (sin(radius / 2), cos(radius / 2))
    let deepest = min(order + 4, HEALPixCell.maximumOrder)
    func outside(_ cell: HEALPixCell) -> Bool {
      let c = cell.centre
      let (dx, dy, dz) = (c.x - centre.x, c.y - centre.y, c.z - centre.z)
      return isBeyond(
        chordSquared: dx * dx + dy * dy + dz * dz, radius: radius, sinHalf: sinHalf,
        cosHalf: cosHalf, order: cell.order)
    }
    func touchesBelow(_ cell: HEALPixCell) -> Bool {
      if cell.order >= deepest { return true }
      for k in 0..<4 {
        let child = cell.child(k)
        if !outside(child) && touchesBelow(child) { return true }
      }
      return false
    }
    var found: [Int64] = []
    var stack: [HEALPixCell] = (0..<12).map { HEALPixCell(order: 0, pixel: Int64($0)) }
    while let cell = stack.popLast() {
      if outside(cell) { continue }
      if cell.order == order {
        if touchesBelow(cell) { found.append(cell.pixel) }
      } else {
        for k in 0..<4 { stack.append(cell.child(k)) }
      }
    }
    return found
  }

  /// Bounds of the area (steradians) of the part of `cell` covered by the union of
  /// `members` (numbers of this coverage's regions): cells inside a region count in full,
  /// cells outside every region not at all, and the others are split, order by order (each
  /// with the regions that may touch it), until their total area is at most `tolerance` (or
  /// order 29, or ``largestFrontier`` cells) and counts for the upper bound only.
  /// The most cells split at one order, beyond which a clipped area keeps the bounds it has
  /// (the fraction map reports the widest gap left).
  static let largestFrontier = 1 << 16

  func clippedArea(of members: [Int32], in cell: HEALPixCell, tolerance: Double)
    -> (lower: Double, upper: Double)
  {
    var lower = 0.0
    // The frontier: cells, and each one's regions as a range of `lists`.
    var cells = [cell]
    var ranges = [0..<members.count]
    var lists = members
    var nextCells: [HEALPixCell] = []
    var nextRanges: [Range<Int>] = []
    var nextLists: [Int32] = []
    while true {
      let order = cells[0].order
      let area = HEALPixCell.area(order: order)
      var unresolved = 0
      nextCells.removeAll(keepingCapacity: true)
      nextRanges.removeAll(keepingCapacity: true)
      nextLists.removeAll(keepingCapacity: true)
      for (candidate, range) in zip(cells, ranges) {
        let centre = candidate.centre
        let start = nextLists.count
        var inside = false
        for slot in range {
          let member = lists[slot]
          switch relation(of: member, to: centre, order: order) {
          case .inside: inside = true
          case .boundary, .holdsCentre: nextLists.append(member)
          case .outside: break
          }
          if inside { break }
        }
        if inside {
          lower += area
          nextLists.removeSubrange(start...)
        } else if nextLists.count > start {
          unresolved += 1
          for k in 0..<4 {
            nextCells.append(candidate.child(k))
            nextRanges.append(start..<nextLists.count)
          }
        }
      }
      let open = Double(unresolved) * area
      if unresolved == 0 || open <= tolerance || order >= HEALPixCell.maximumOrder
        || unresolved > Self.largestFrontier
      {
        return (lower, lower + open)
      }
      swap(&cells, &nextCells)
      swap(&ranges, &nextRanges)
      swap(&lists, &nextLists)
    }
  }
}
