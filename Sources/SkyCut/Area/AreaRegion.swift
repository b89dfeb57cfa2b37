import Foundation

/// One region of a mask, for its area: a contaminant's cap, or a polygon in or around its
/// ellipse.
struct AreaRegion: Sendable {
  enum Shape: Sendable {
    /// The points strictly closer to the axis than the radius: `|p − axis|² < chordSquared`,
    /// the cut's own test.
    case cap(SkyCircle, chordSquared: Double)
    case polygon(EllipsePolygon)
  }

  let shape: Shape
  let centre: UnitVector
  /// The angular radius of a circle around ``centre`` that holds the region.
  let bound: Double

  /// The cap of the points whose squared chord to `centre` is under `chordSquared` (the
  /// radius `2 asin(√c / 2)`).
  init(centre: UnitVector, chordSquared: Double) {
    let radius = 2 * asin(min(chordSquared.squareRoot() / 2, 1))
    shape = .cap(SkyCircle(axis: centre, radius: radius), chordSquared: chordSquared)
    self.centre = centre
    bound = radius
  }

  init(_ polygon: EllipsePolygon) {
    shape = .polygon(polygon)
    centre = polygon.centre
    bound = polygon.bound
  }

  /// An upper bound of the region's area, in steradians.
  var areaBound: Double {
    switch shape {
    case .cap(let circle, _): 2 * .pi * circle.versine
    case .polygon: 2 * .pi * (1 - cos(bound))
    }
  }

  /// Whether `p` (a point on the sphere) lies strictly inside.
  @inline(__always)
  func contains(_ p: Vector3) -> Bool {
    switch shape {
    case .cap(let circle, let limit): (p - Vector3(circle.axis)).lengthSquared < limit
    case .polygon(let polygon): polygon.contains(p)
    }
  }

  /// Whether the two are the same region (a contaminant listed twice), which the union counts
  /// once.
  func isSame(as other: AreaRegion) -> Bool {
    guard centre == other.centre, bound == other.bound else { return false }
    switch (shape, other.shape) {
    case (.cap(_, let a), .cap(_, let b)): return a == b
    case (.polygon(let a), .polygon(let b)):
      return a.tanA == b.tanA && a.tanB == b.tanB && a.sides == b.sides
        && a.vertex(0) == b.vertex(0)
    default: return false
    }
  }

  /// The boundary as arcs, anticlockwise: a cap's whole circle, or a polygon's edges, each
  /// with the circle it lies on, where it starts and the angle it spans, and a circle around
  /// it (centre, radius) to find what it may meet.
  func forEachArc(
    _ body: (
      _ circle: SkyCircle, _ start: Double, _ span: Double, _ around: UnitVector,
      _ aroundRadius: Double
    ) -> Void
  ) {
    switch shape {
    case .cap(let circle, _):
      body(circle, 0, 2 * .pi, circle.axis, circle.radius)
    case .polygon(let polygon):
      for k in 0..<polygon.sides {
        let (circle, span) = polygon.edge(k)
        let middle = Vector3(circle.axis) + circle.offset(at: span / 2)
        body(circle, 0, span, middle.normalized, span / 2 * (1 + 1e-9) + 1e-15)
      }
    }
  }

  /// The circles of the boundary that may meet a circle of `radius` around `point`, with the
  /// angles their arcs start and span.
  func arcs(near point: UnitVector, radius: Double) -> [(SkyCircle, Double, Double)] {
    switch shape {
    case .cap(let circle, _): [(circle, 0, 2 * .pi)]
    case .polygon(let polygon):
      polygon.edgesNear(point, radius: radius).map {
        let (circle, span) = polygon.edge($0)
        return (circle, 0, span)
      }
    }
  }
}
