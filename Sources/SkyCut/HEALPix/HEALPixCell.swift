import CHEALPix
import Foundation

/// A HEALPix cell in the NESTED scheme: `order` (N_side = 2^order, 0…29) and its pixel
/// number. The pixelisation itself is HEALPix's C library (Debian's libchealpix-dev), wrapped
/// here only.
struct HEALPixCell: Sendable, Hashable, Comparable {
  let order: Int
  let pixel: Int64

  static let maximumOrder = 29

  /// The cell of `order` holding `direction`.
  init(holding direction: UnitVector, order: Int) {
    var vector = (direction.x, direction.y, direction.z)
    var pixel: Int64 = 0
    withUnsafePointer(to: &vector) {
      $0.withMemoryRebound(to: Double.self, capacity: 3) {
        vec2pix_nest64(Int64(1) << order, $0, &pixel)
      }
    }
    self.init(order: order, pixel: pixel)
  }

  init(order: Int, pixel: Int64) {
    self.order = order
    self.pixel = pixel
  }

  /// The cell's centre.
  var centre: UnitVector {
    var vector = (0.0, 0.0, 0.0)
    withUnsafeMutablePointer(to: &vector) {
      $0.withMemoryRebound(to: Double.self, capacity: 3) {
        pix2vec_nest64(Int64(1) << order, pixel, $0)
      }
    }
    return UnitVector(x: vector.0, y: vector.1, z: vector.2)
  }

  /// Its number in the RING scheme.
  var ringPixel: Int64 {
    var ring: Int64 = 0
    nest2ring64(Int64(1) << order, pixel, &ring)
    return ring
  }

  /// Its child `k` (0…3), in pixel order.
  @inline(__always)
  func child(_ k: Int) -> HEALPixCell { HEALPixCell(order: order + 1, pixel: pixel * 4 + Int64(k)) }

  /// The IVOA MOC's NUNIQ number, `4 · 4^order + pixel`.
  var uniq: Int64 { 4 * (Int64(1) << (2 * order)) + pixel }

  init(uniq: Int64) {
    var order = 0
    while (Int64(4) << (2 * (order + 1))) <= uniq { order += 1 }
    self.init(order: order, pixel: uniq - 4 * (Int64(1) << (2 * order)))
  }

  /// The cell's area, `4π / (12 · 4^order)` steradians (HEALPix cells are equal-area).
  static func area(order: Int) -> Double { .pi / 3 / Double(Int64(1) << (2 * order)) }

  /// An angle no point of a cell of `order` lies further from the cell's centre: HEALPix's
  /// largest centre-to-corner distance (Górski et al. 2005; `max_pixrad` of healpix_cxx), the
  /// angle between `(z = 2/3, φ = π/4N)` and `(z = 1 − (1 − 1/N)²/3, φ = 0)`, with 5 % to
  /// spare for the curved edges (the tests check it on random points at every order).
  static func radiusBound(order: Int) -> Double {
    let n = Double(Int64(1) << order)
    let a = UnitVector(
      theta: acos(2.0 / 3), phi: .pi / (4 * n))
    let t = (1 - 1 / n) * (1 - 1 / n)
    let b = UnitVector(theta: acos(1 - t / 3), phi: 0)
    return a.separation(from: b).radians * 1.05
  }

  static func < (lhs: HEALPixCell, rhs: HEALPixCell) -> Bool { lhs.uniq < rhs.uniq }
}
