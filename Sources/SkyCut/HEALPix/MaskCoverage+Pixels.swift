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
}
