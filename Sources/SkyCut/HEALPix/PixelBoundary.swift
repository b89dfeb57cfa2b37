import Foundation

/// The boundary of a HEALPix pixel, exactly: in HEALPix's own projection (Calabretta &
/// Roukema 2007, the H = 4, K = 3 case) every pixel is a square turned by 45°, its edges
/// straight, and the projection is equal-area, `dx dy = (3π/8) dφ dz`. So a pixel's edges are
/// segments in the plane, and `∮ φ dz` along them (the area, by Green's theorem on the sphere
/// in `(φ, z)`) has a closed form.
///
/// The plane: `x = φ`, `y = 3π/8 · z` where `|z| ≤ 2/3`; nearer a pole, with
/// `σ = √(3(1 − |z|))`, `x = φ_c + (φ − φ_c) σ` and `y = ±π/4 (2 − σ)`, `φ_c` the middle of
/// the pixel's base pixel in longitude. The integrals are of `(φ − φ₀) dz`, `φ₀` the
/// longitude of the pixel's centre (the same on a closed path), and the edges' are written
/// with offsets from the centre and HEALPix's exact ring numbers, so that the integral keeps
/// its precision on a pixel of order 29 (the directions of its points, from absolute plane
/// coordinates, hold an ulp of 2π).
struct PixelBoundary: Sendable {
  let cell: HEALPixCell
  /// The pixel's centre in the plane, and half its diagonal, `π / 4N`.
  let x0: Double
  let y0: Double
  let half: Double
  /// `φ_c − x₀`: the longitude of the base pixel's middle, from the pixel's centre's `x`.
  let facet: Double
  /// `φ₀ − x₀`: the longitude of the pixel's centre, from its `x` (0 unless it is polar).
  let reference: Double
  /// σ at the centre, for the northern and the southern formula: the ring number over N and
  /// (4N − ring) over N (HEALPix's ring of the centre, exact).
  let sigmaNorth: Double
  let sigmaSouth: Double
  /// The offsets in y from the centre beyond which a point is north (south) of `|z| = 2/3`.
  let northOf: Double
  let southOf: Double
  /// `(φ_c − reference) σ₀ − φ_c`, the constant of the polar integrand (below), exactly 0 for
  /// a pixel whose centre is polar.
  let northConstant: Double
  let southConstant: Double

  init(_ cell: HEALPixCell) {
    self.cell = cell
    let n = Int64(1) << cell.order
    let face = Int(cell.pixel >> (2 * Int64(cell.order)))
    let inFace = cell.pixel & (n * n - 1)
    let (ix, iy) = (Self.evenBits(inFace), Self.evenBits(inFace >> 1))
    // HEALPix's face layout (healpix_cxx's jrll and jpll): the face's ring and longitude.
    let faceRing = Int64([2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4][face])
    let longitude = [1, 3, 5, 7, 0, 2, 4, 6, 1, 3, 5, 7][face]
    let ring = faceRing * n - ix - iy - 1
    let size = Double(n)
    half = .pi / (4 * size)
    x0 = .pi / 4 * (Double(longitude) + Double(ix - iy) / size)
    y0 = .pi / 4 * (2 - Double(ring) / size)
    facet = .pi / 4 * Double(face < 4 || face >= 8 ? longitude : longitude + 1) - x0
    sigmaNorth = Double(ring) / size
    sigmaSouth = Double(4 * n - ring) / size
    northOf = .pi / 4 * Double(ring - n) / size
    southOf = -.pi / 4 * Double(3 * n - ring) / size
    if ring < n {
      reference = facet * Double(ring - n) / Double(ring)
      (northConstant, southConstant) = (0, 0)
    } else if ring > 3 * n {
      reference = facet * Double(3 * n - ring) / Double(4 * n - ring)
      (northConstant, southConstant) = (0, 0)
    } else {
      reference = 0
      northConstant = facet * Double(ring - n) / size
      southConstant = facet * Double(3 * n - ring) / size
    }
  }

  /// The bits 0, 2, 4, … of `value`, packed.
  private static func evenBits(_ value: Int64) -> Int64 {
    var result: Int64 = 0
    for bit in 0..<30 where value & (Int64(1) << (2 * Int64(bit))) != 0 {
      result |= Int64(1) << Int64(bit)
    }
    return result
  }

  /// The corners, anticlockwise (seen from outside the sphere): south, east, north, west,
  /// as offsets from the centre in the plane. Edge `k` runs from corner `k` to corner `k + 1`.
  func cornerOffset(_ k: Int) -> (x: Double, y: Double) {
    switch k & 3 {
    case 0: (0, -half)
    case 1: (half, 0)
    case 2: (0, half)
    default: (-half, 0)
    }
  }

  /// The offset from the centre of the point at fraction `t` along edge `k`.
  @inline(__always)
  func offset(edge k: Int, at t: Double) -> (x: Double, y: Double) {
    let (a, b) = (cornerOffset(k), cornerOffset(k + 1))
    return (a.x + t * (b.x - a.x), a.y + t * (b.y - a.y))
  }

  /// The point at fraction `t` along edge `k`, in the plane.
  @inline(__always)
  func point(edge k: Int, at t: Double) -> (x: Double, y: Double) {
    let offset = offset(edge: k, at: t)
    return (x0 + offset.x, y0 + offset.y)
  }

  /// The direction of the point at fraction `t` along edge `k`.
  func direction(edge k: Int, at t: Double) -> UnitVector {
    let p = point(edge: k, at: t)
    return direction(x: p.x, y: p.y)
  }

  /// The direction of the plane point `(x, y)` (in the pixel's facet).
  func direction(x: Double, y: Double) -> UnitVector {
    let equator = Double.pi / 4
    if abs(y) <= equator {
      let z = 8 * y / (3 * .pi)
      let s = ((1 - z) * (1 + z)).squareRoot()
      return UnitVector(x: s * cos(x), y: s * sin(x), z: z)
    }
    let sigma = 2 - 4 * abs(y) / .pi
    let z = (1 - sigma * sigma / 3) * (y > 0 ? 1 : -1)
    // sin θ = σ √((2 − σ²/3) / 3), precise near the pole.
    let s = sigma * ((2 - sigma * sigma / 3) / 3).squareRoot()
    let phi = sigma > 0 ? x0 + facet + (x - x0 - facet) / sigma : x0 + facet
    return UnitVector(x: s * cos(phi), y: s * sin(phi), z: z)
  }

  /// `∫ (φ − φ₀) dz` along edge `k` from fraction `s` to fraction `t`, exactly: split where
  /// it crosses `|z| = 2/3`, each piece's integrand is linear along it.
  func integral(edge k: Int, from s: Double, to t: Double) -> Double {
    let (a, b) = (offset(edge: k, at: s), offset(edge: k, at: t))
    var cuts: [Double] = [0, 1]
    for level in [southOf, northOf] where (a.y - level) * (b.y - level) < 0 {
      cuts.append((level - a.y) / (b.y - a.y))
    }
    cuts.sort()
    var sum = 0.0
    for (s, t) in zip(cuts, cuts.dropFirst()) where t > s {
      let p = (x: a.x + s * (b.x - a.x), y: a.y + s * (b.y - a.y))
      let q = (x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y))
      let middle = (p.y + q.y) / 2
      if middle > northOf || middle < southOf {
        // With σ = σ₀ + dσ: (φ − φ₀) σ = (φ_c − reference) dσ + constant + (x − x₀), and
        // dz = ∓(2σ/3) dσ, so (φ − φ₀) dz = ∓(2/3)((φ_c − reference) dσ + constant + u) dσ.
        let north = middle > northOf
        let slope = (north ? -4 : 4) / Double.pi
        let constant = north ? northConstant : southConstant
        let (d1, d2) = (slope * p.y, slope * q.y)
        let f1 = (facet - reference) * d1 + constant + p.x
        let f2 = (facet - reference) * d2 + constant + q.x
        sum += (north ? -1 : 1) * 2 / 3 * (f1 + f2) / 2 * (d2 - d1)
      } else {
        sum += 8 / (3 * .pi) * ((p.x + q.x) / 2 - reference) * (q.y - p.y)
      }
    }
    return sum
  }

  /// Whether `p` lies in the pixel (HEALPix's own answer).
  @inline(__always)
  func contains(_ p: UnitVector) -> Bool {
    HEALPixCell(holding: p, order: cell.order).pixel == cell.pixel
  }
}
