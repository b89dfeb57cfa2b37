import Foundation

/// The HEALPix cells that touch a mask, to an order: an IVOA MOC of the mask, in which every
/// removed object lies.
///
/// Cells are visited from the 12 base cells down, each with the regions that may touch it.
/// A cell is tested against a region by its centre and a radius that holds the whole cell
/// (``HEALPixCell/radiusBound(order:)``): it is *outside* when even that disc misses the
/// region, *inside* when the disc lies within it, and is split otherwise. At the last order a
/// cell not known to be outside is split ``refinement`` orders further, and kept unless every
/// one of those small cells is outside: so the MOC holds every cell that touches the mask,
/// and few that do not (those within a small cell's radius of it). Four kept siblings become
/// their parent.
struct MaskCoverage {
  /// A region as the coverage tests it.
  enum Shape: Sendable {
    case cap(centre: UnitVector, radius: Double)
    case ellipse(centre: UnitVector, EllipseShape)
  }

  /// What a region is to a cell: `holdsCentre` is a boundary cell whose centre lies in the
  /// region (a cap), which touches it whatever is below.
  enum Relation { case outside, inside, boundary, holdsCentre }

  /// A region with what its tests need: `sin(r/2)`, `cos(r/2)` of a cap's radius (or of an
  /// ellipse's bounding radius).
  struct Region: Sendable {
    let centre: UnitVector
    let sinHalf: Double
    let cosHalf: Double
    let radius: Double
    let ellipse: EllipseShape?

    init(_ shape: Shape) {
      switch shape {
      case .cap(let centre, let radius):
        self.centre = centre
        self.radius = radius
        ellipse = nil
      case .ellipse(let centre, let shape):
        self.centre = centre
        radius = shape.bound.radians
        ellipse = shape
      }
      sinHalf = sin(radius / 2)
      cosHalf = cos(radius / 2)
    }
  }

  let regions: [Region]
  let order: Int
  /// How many orders below `order` a boundary cell is checked before it is kept.
  static let refinement = 2
  /// Per order: the cell radius bound, and `sin`, `cos` of its half.
  let cellRadius: [Double]
  let cellSinHalf: [Double]
  let cellCosHalf: [Double]

  init(shapes: [Shape], order: Int) {
    precondition((0...HEALPixCell.maximumOrder).contains(order))
    regions = shapes.map(Region.init)
    self.order = order
    cellRadius = (0...HEALPixCell.maximumOrder).map(HEALPixCell.radiusBound(order:))
    cellSinHalf = cellRadius.map { sin($0 / 2) }
    cellCosHalf = cellRadius.map { cos($0 / 2) }
  }

  /// The cells, normalised (no four siblings) and sorted by NUNIQ.
  func cells(runner: ParallelRunner) -> [HEALPixCell] {
    // The base cells, then the subtrees of their children in parallel.
    var top = Walk(self)
    top.candidates.append(contentsOf: regions.indices.map(Int32.init))
    var jobs: [(HEALPixCell, [Int32])] = []
    var bases: [Status] = []
    for base in 0..<12 {
      let cell = HEALPixCell(order: 0, pixel: Int64(base))
      let status = top.classify(cell, 0..<top.candidates.count)
      bases.append(status)
      if case .partial(let near) = status {
        let list = Array(top.candidates[near])
        for child in 0..<4 { jobs.append((cell.child(child), list)) }
      }
      top.candidates.removeSubrange(regions.count...)
    }
    let work = jobs
    let results = runner.map(ChunkSplitter(count: work.count, chunks: max(1, work.count))) {
      range -> [(whole: Bool, uniqs: [Int64])] in
      range.map { job in
        var walk = Walk(self)
        let (cell, list) = work[job]
        walk.candidates = list
        if case .whole = walk.visit(cell, 0..<list.count) { return (true, [cell.uniq]) }
        return (false, walk.out)
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
    /// Split further, with the regions that may touch it (a range of the walk's candidates).
    case partial(Range<Int>)
  }

  /// One depth-first walk: the candidate lists of the cells on the path, one after another
  /// in one array, and the cells kept.
  struct Walk {
    let coverage: MaskCoverage
    var candidates: [Int32] = []
    var out: [Int64] = []

    init(_ coverage: MaskCoverage) { self.coverage = coverage }

    /// Whether `cell` is empty, whole (inside a region, or touched at the last order), or
    /// partial, its regions appended to ``candidates``.
    mutating func classify(_ cell: HEALPixCell, _ among: Range<Int>) -> Status {
      let centre = cell.centre
      let start = candidates.count
      let last = cell.order == coverage.order
      for slot in among {
        let region = candidates[slot]
        switch coverage.relation(of: region, to: centre, order: cell.order) {
        case .inside:
          candidates.removeSubrange(start...)
          return .whole
        case .holdsCentre where last:
          // The small cell below holding the centre is not outside: kept, as the test below
          // would find.
          candidates.removeSubrange(start...)
          return .whole
        case .boundary, .holdsCentre: candidates.append(region)
        case .outside: break
        }
      }
      if candidates.count == start { return .empty }
      if cell.order == coverage.order {
        let touches =
          cell.order >= HEALPixCell.maximumOrder || touchesBelow(cell, start..<candidates.count)
        candidates.removeSubrange(start...)
        return touches ? .whole : .empty
      }
      return .partial(start..<candidates.count)
    }

    /// Whether some cell ``refinement`` orders below `cell` is not outside every region of
    /// `among`.
    mutating func touchesBelow(_ cell: HEALPixCell, _ among: Range<Int>) -> Bool {
      let deepest = min(coverage.order + MaskCoverage.refinement, HEALPixCell.maximumOrder)
      if cell.order >= deepest { return true }
      for k in 0..<4 {
        let child = cell.child(k)
        let centre = child.centre
        let start = candidates.count
        for slot in among {
          let region = candidates[slot]
          switch coverage.relation(of: region, to: centre, order: child.order) {
          case .inside, .holdsCentre:
            candidates.removeSubrange(start...)
            return true
          case .boundary: candidates.append(region)
          case .outside: break
          }
        }
        let near = start..<candidates.count
        let touches = !near.isEmpty && touchesBelow(child, near)
        candidates.removeSubrange(start...)
        if touches { return true }
      }
      return false
    }

    /// Visits `cell` (whose parent was partial), appending the NUNIQ of its kept cells to
    /// ``out`` unless the whole cell is kept, which it returns for its parent to decide.
    mutating func visit(_ cell: HEALPixCell, _ among: Range<Int>) -> Status {
      let status = classify(cell, among)
      guard case .partial(let near) = status else { return status }
      let mark = out.count
      var whole = 0
      var wholeChildren: (Int64, Int64, Int64, Int64) = (0, 0, 0, 0)
      for k in 0..<4 {
        let child = cell.child(k)
        if case .whole = visit(child, near) {
          switch whole {
          case 0: wholeChildren.0 = child.uniq
          case 1: wholeChildren.1 = child.uniq
          case 2: wholeChildren.2 = child.uniq
          default: wholeChildren.3 = child.uniq
          }
          whole += 1
        }
      }
      candidates.removeSubrange(near.lowerBound...)
      if whole == 4 && out.count == mark { return .whole }
      let kept = [wholeChildren.0, wholeChildren.1, wholeChildren.2, wholeChildren.3]
      out += kept[0..<whole]
      return .partial(0..<0)
    }
  }

  /// Whether a cell of `order` whose centre is at squared chord `chordSquared` from a cap's
  /// centre lies certainly outside the cap (radius `radius`, with the sine and cosine of its
  /// half): `|x − c|²` against `4 sin²((r + ρ)/2)`, from the sines and cosines of the halves.
  @inline(__always)
  func isBeyond(
    chordSquared chord: Double, radius: Double, sinHalf: Double, cosHalf: Double, order: Int
  ) -> Bool {
    guard radius + cellRadius[order] < .pi else { return false }
    let far = sinHalf * cellCosHalf[order] + cosHalf * cellSinHalf[order]
    return chord > 4 * far * far * (1 + 1e-9) + 1e-30
  }

  /// How region `number` lies relative to the disc that holds a cell of `order` centred on
  /// `centre`, conservatively: outside and inside only when certain.
  @inline(__always)
  func relation(of number: Int32, to centre: UnitVector, order: Int) -> Relation {
    let region = regions[Int(number)]
    let c = region.centre
    let (dx, dy, dz) = (centre.x - c.x, centre.y - c.y, centre.z - c.z)
    let chord = dx * dx + dy * dy + dz * dz
    if isBeyond(
      chordSquared: chord, radius: region.radius, sinHalf: region.sinHalf,
      cosHalf: region.cosHalf, order: order)
    {
      return .outside
    }
    let (s, k) = (cellSinHalf[order], cellCosHalf[order])
    let rho = cellRadius[order]
    guard let ellipse = region.ellipse else {
      if region.radius > rho {
        // |x − c|² against 4 sin²((r − ρ)/2), from the sines and cosines of the halves.
        let near = region.sinHalf * k - region.cosHalf * s
        if chord < 4 * near * near * (1 - 1e-9) - 1e-30 { return .inside }
      }
      // The centre within the radius (rounding aside: a small cell's radius of margin
      // remains before a cell below could be called outside).
      return chord < 4 * region.sinHalf * region.sinHalf ? .holdsCentre : .boundary
    }
    // In the gnomonic plane at the ellipse's centre the cell lies within δ of its centre's
    // image (the projection stretches lengths by at most 1/cos² of the angle from the centre),
    // and the ellipse E holds a disc of its minor semi-axis, so E ⊕ δ ⊂ (1 + δ/b)E and
    // (1 − δ/b)E ⊕ δ ⊂ E.
    let d = centre.separation(from: c).radians
    let reach = d + rho
    guard reach < 1.5 else { return .boundary }
    let delta = rho / (cos(reach) * cos(reach)) * (1 + 1e-9)
    let dot = centre.x * c.x + centre.y * c.y + centre.z * c.z
    let u =
      (centre.x * ellipse.major.x + centre.y * ellipse.major.y + centre.z * ellipse.major.z) / dot
    let v =
      (centre.x * ellipse.minor.x + centre.y * ellipse.minor.y + centre.z * ellipse.minor.z) / dot
    let q = (u * u * ellipse.inverseTanSquaredA + v * v * ellipse.inverseTanSquaredB).squareRoot()
    let minor = 1 / max(ellipse.inverseTanSquaredA, ellipse.inverseTanSquaredB).squareRoot()
    let scale = delta / minor
    if q > (1 + scale) * (1 + 1e-9) { return .outside }
    if q < (1 - scale) * (1 - 1e-9) { return .inside }
    return .boundary
  }
}

extension ContaminantIndex {
  /// This index's contaminants as the coverage tests them (those that match nothing left
  /// out).
  func coverageShapes() -> [MaskCoverage.Shape] {
    var shapes: [MaskCoverage.Shape] = []
    shapes.reserveCapacity(storage.count)
    forEachRegion(
      cap: { shapes.append(.cap(centre: $0, radius: 2 * asin(min($1.squareRoot() / 2, 1)))) },
      ellipse: { shapes.append(.ellipse(centre: $0, $1)) })
    return shapes
  }
}
