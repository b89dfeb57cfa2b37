import Foundation

/// The rings around each contaminant in which a density profile counts objects: `count`
/// annuli between an inner and an outer radius, of equal width or equal ratio.
///
/// A pair falls in annulus *k* when its chord satisfies `c(rₖ)² ≤ |a − b|² < c(rₖ₊₁)²`, where
/// `c(r)² = 4 sin²(r/2)`: the cut's own predicate, so a profile and a cut at radius `rₖ`
/// agree on which objects are inside.
public struct Annuli: Sendable, Hashable {
  /// The `count + 1` edges, increasing; annulus *k* is `[edges[k], edges[k + 1])`.
  public let edges: [Angle]
  /// `4 sin²(edge/2)` of each edge.
  let chordSquared: [Double]

  /// Annuli from `inner` to `outer`.
  /// - Parameters:
  ///   - logarithmic: equal ratios `rₖ₊₁ / rₖ` rather than equal widths (then `inner > 0`).
  /// - Precondition: `0 ≤ inner < outer ≤ 180°`, `count ≥ 1`, and `inner > 0` when logarithmic.
  public init(inner: Angle = .radians(0), outer: Angle, count: Int, logarithmic: Bool = false) {
    precondition(count >= 1, "at least one annulus")
    precondition(
      inner.radians >= 0 && inner < outer && outer.radians <= .pi, "0 ≤ inner < outer ≤ 180°")
    precondition(!logarithmic || inner.radians > 0, "logarithmic annuli start above 0")
    let (low, high) = (inner.radians, outer.radians)
    var edges = (0...count).map { k -> Angle in
      let t = Double(k) / Double(count)
      return .radians(logarithmic ? low * pow(high / low, t) : low + (high - low) * t)
    }
    // The ends exactly as given, whatever the rounding of the steps.
    edges[0] = inner
    edges[count] = outer
    self.edges = edges
    chordSquared = edges.map(\.chordSquared)
  }

  /// The number of annuli.
  public var count: Int { edges.count - 1 }
  /// The outer radius.
  public var outer: Angle { edges[count] }

  /// The solid angle of annulus `k` around one contaminant, in steradians:
  /// `2π (cos rₖ − cos rₖ₊₁)`, computed as `π (c(rₖ₊₁)² − c(rₖ)²)` (since `1 − cos r = c(r)²/2`),
  /// which keeps its precision for annuli of milliarcseconds.
  public func solidAngle(_ k: Int) -> Double {
    .pi * (chordSquared[k + 1] - chordSquared[k])
  }

  /// The annulus holding a pair whose chord is `sqrt(d)`, or `nil` when it lies inside the
  /// inner radius or at or beyond the outer one.
  @inline(__always)
  func annulus(chordSquared d: Double) -> Int? {
    if d < chordSquared[0] || !(d < chordSquared[count]) { return nil }
    // The last edge ≤ d.
    var low = 0
    var high = count
    while high - low > 1 {
      let middle = (low + high) / 2
      if chordSquared[middle] <= d { low = middle } else { high = middle }
    }
    return low
  }
}
