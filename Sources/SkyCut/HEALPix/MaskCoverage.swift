import Foundation

/// The HEALPix cells that touch a mask, to an order: an IVOA MOC of the mask, in which every
/// removed object lies.
///
/// Cells are visited from the 12 base cells down, each with the regions that may touch it.
/// A cell is tested against a region by its centre and a radius that holds the whole cell
/// (``HEALPixCell/radiusBound(order:)``): it is *outside* when even that disc misses the
/// region, *inside* when the disc lies within it, and is split otherwise; at the last order
/// a cell not known to be outside is kept. So the MOC holds every cell that touches the mask
/// (and a few within a cell's radius of it), never fewer. Four kept siblings become their
/// parent.
struct MaskCoverage {
  /// A region as the coverage tests it.
  enum Shape: Sendable {
    case cap(centre: UnitVector, radius: Double)
    case ellipse(centre: UnitVector, EllipseShape)

    var centre: UnitVector {
      switch self {
      case .cap(let centre, _), .ellipse(let centre, _): centre
      }
    }
  }

  /// What a region is to a cell.
  enum Relation { case outside, inside, boundary }

  let shapes: [Shape]
  let order: Int
  private let cellRadius: [Double]

  init(shapes: [Shape], order: Int) {
    precondition((0...HEALPixCell.maximumOrder).contains(order))
    self.shapes = shapes
    self.order = order
    cellRadius = (0...order).map(HEALPixCell.radiusBound(order:))
  }

  /// The cells, normalised (no four siblings) and sorted by NUNIQ.
  func cells(runner: ParallelRunner) -> [HEALPixCell] {
    // The base cells, then the subtrees of their children in parallel.
    let bases = (0..<12).map {
      candidates(HEALPixCell(order: 0, pixel: Int64($0)), among: Array(shapes.indices))
    }
    let jobs = bases.enumerated().flatMap { base, status -> [(HEALPixCell, [Int])] in
      guard case .partial(let near) = status else { return [] }
      return HEALPixCell(order: 0, pixel: Int64(base)).children.map { ($0, near) }
    }
    let results = runner.map(ChunkSplitter(count: jobs.count, chunks: max(1, jobs.count))) {
      range -> [(whole: Bool, uniqs: [Int64])] in
      range.map { job in
        let (cell, near) = jobs[job]
        var out: [Int64] = []
        if case .whole = visit(cell, near, &out) { return (true, [cell.uniq]) }
        return (false, out)
      }
    }.joined()
    var uniqs: [Int64] = []
    var next = results.startIndex
    for (base, status) in bases.enumerated() {
      switch status {
      case .empty: continue
      case .whole: uniqs.append(HEALPixCell(order: 0, pixel: Int64(base)).uniq)
      case .partial:
        let children = results[next..<results.index(next, offsetBy: 4)]
        next = results.index(next, offsetBy: 4)
        if children.allSatisfy(\.whole) {
          uniqs.append(HEALPixCell(order: 0, pixel: Int64(base)).uniq)
        } else {
          for child in children { uniqs += child.uniqs }
        }
      }
    }
    uniqs.sort()
    return uniqs.map(HEALPixCell.init(uniq:))
  }

  enum Status {
    case empty, whole
    case partial([Int])
  }

  /// Whether `cell` is empty, whole (inside a region, or touched at the last order), or
  /// partial, with the regions that touch it.
  private func candidates(_ cell: HEALPixCell, among regions: [Int]) -> Status {
    let centre = cell.centre
    let radius = cellRadius[cell.order]
    var near: [Int] = []
    for region in regions {
      switch relation(of: shapes[region], to: centre, cellRadius: radius) {
      case .inside: return .whole
      case .boundary: near.append(region)
      case .outside: break
      }
    }
    if near.isEmpty { return .empty }
    return cell.order == order ? .whole : .partial(near)
  }

  /// Visits `cell` (whose parent was partial), appending the NUNIQ of its kept cells to `out`
  /// unless the whole cell is kept, which it returns for its parent to decide.
  private func visit(_ cell: HEALPixCell, _ regions: [Int], _ out: inout [Int64]) -> Status {
    let status = candidates(cell, among: regions)
    guard case .partial(let near) = status else { return status }
    let mark = out.count
    var whole: [Int64] = []
    for child in cell.children {
      if case .whole = visit(child, near, &out) { whole.append(child.uniq) }
    }
    if whole.count == 4 && out.count == mark { return .whole }
    out += whole
    return .partial([])
  }

  /// How `shape` lies relative to the disc of `cellRadius` around `centre`, conservatively:
  /// outside and inside only when certain.
  func relation(of shape: Shape, to centre: UnitVector, cellRadius rho: Double) -> Relation {
    let d = centre.separation(from: shape.centre).radians
    switch shape {
    case .cap(_, let radius):
      if d > (radius + rho) * (1 + 1e-9) + 1e-15 { return .outside }
      if d + rho < radius * (1 - 1e-9) - 1e-15 { return .inside }
      return .boundary
    case .ellipse(let c, let ellipse):
      if d > (ellipse.bound.radians + rho) * (1 + 1e-9) + 1e-15 { return .outside }
      // In the gnomonic plane at the ellipse's centre, the disc lies within δ of the cell's
      // centre (the projection stretches lengths by at most 1/cos² of the angle from the
      // centre), and the ellipse E holds a disc of its minor semi-axis, so E ⊕ δ ⊂ (1 + δ/b)E
      // and (1 − δ/b)E ⊕ δ ⊂ E.
      let reach = d + rho
      guard reach < 1.5 else { return .boundary }
      let delta = rho / (cos(reach) * cos(reach)) * (1 + 1e-9)
      let dot = centre.x * c.x + centre.y * c.y + centre.z * c.z
      let u =
        (centre.x * ellipse.major.x + centre.y * ellipse.major.y + centre.z * ellipse.major.z)
        / dot
      let v =
        (centre.x * ellipse.minor.x + centre.y * ellipse.minor.y + centre.z * ellipse.minor.z)
        / dot
      let q = (u * u * ellipse.inverseTanSquaredA + v * v * ellipse.inverseTanSquaredB)
        .squareRoot()
      let minor = 1 / max(ellipse.inverseTanSquaredA, ellipse.inverseTanSquaredB).squareRoot()
      let scale = delta / minor
      if q > (1 + scale) * (1 + 1e-9) { return .outside }
      if q < (1 - scale) * (1 - 1e-9) { return .inside }
      return .boundary
    }
  }
}

extension ContaminantIndex {
  /// This index's contaminants as the coverage tests them (those that match nothing left
  /// out).
  func coverageShapes() -> [MaskCoverage.Shape] {
    var shapes: [MaskCoverage.Shape] = []
    shapes.reserveCapacity(storage.count)
    for entry in 0..<storage.count {
      let e = storage.entries[entry]
      let centre = UnitVector(x: e.x, y: e.y, z: e.z)
      if let ellipses = storage.shapes {
        let shape = ellipses[entry]
        guard shape.a.radians > 0, shape.b.radians > 0 else { continue }
        shapes.append(.ellipse(centre: centre, shape))
      } else {
        let limit = storage.limits?[entry] ?? chordSquared
        guard limit > 0 else { continue }
        shapes.append(.cap(centre: centre, radius: 2 * asin(min(limit.squareRoot() / 2, 1))))
      }
    }
    return shapes
  }
}
