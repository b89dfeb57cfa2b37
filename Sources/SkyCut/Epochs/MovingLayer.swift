import Foundation

/// One layer of a mask whose contaminants move: an index of the contaminants where their
/// catalogue puts them, each with its radius widened by the furthest it can move to an epoch
/// of the objects' range, and what decides a candidate exactly: the contaminant moved to the
/// object's epoch (ERFA) and tested with its own radius or ellipse.
///
/// For objects each observed at an epoch of its own (`--object-epoch-column`) the cut asks
/// ``holds(_:at:)``; for objects all at one epoch the index itself decides exactly
/// (``MovedAtEpoch``), each contaminant moved once, when an object first comes near it.
///
/// How far a star can move is bounded without moving it (``SpaceMotion/displacementBound(at:from:to:)``);
/// a star too fast for the bound is moved with ERFA to both ends of the range (straight-line
/// motion in space moves its direction monotonically away from where it starts, so the
/// furthest is at an end). The widened radius never misses a match and the exact test decides,
/// so the answer is the brute-force answer of moving every contaminant to each object's epoch,
/// and only the candidates are moved.
struct MovingLayer: Sendable {
  /// The widened index: candidates only (unless built for one epoch).
  let index: ContaminantIndex
  let contaminants: MovingContaminants
  let range: ClosedRange<Double>

  /// The layer `factor` times the catalogue's radii (capped at `cap` first), in `frame`, for
  /// objects with epochs in `range`; with `exactAt`, an index that decides exactly at that
  /// one epoch. `displacements`, when known, are ``RowMotions/displacementBounds(of:over:runner:)``'s
  /// for the catalogue's usable rows over `range`.
  init(
    _ catalogue: Catalogue, motions: RowMotions?, cap: Angle?, factor: Double,
    range: ClosedRange<Double>, exactAt epoch: Double? = nil, displacements known: [Double]? = nil,
    frame: SkyFrame, runner: ParallelRunner
  ) throws {
    self.range = range
    let rows = catalogue.usableRows
    // The furthest each contaminant can move, and the radius it reaches at its epoch: its
    // zone's radius, or its zone's ellipse's bounding radius.
    let displacements =
      known ?? motions.map { $0.displacementBounds(of: rows, over: range, runner: runner).bounds }
      ?? []
    let shapes = catalogue.ellipses == nil ? nil : try catalogue.zoneEllipses(factor: factor)
    precondition(displacements.isEmpty || displacements.count == rows.count, "a bound a row")
    let moves = Displacements(bounds: displacements)
    let circles =
      shapes == nil
      ? MovingCircles(radii: try catalogue.zoneRadii(cap: cap, factor: factor), moves: moves)
      : nil
    precondition(circles.map { $0.radii.count == 1 || $0.radii.count == rows.count } ?? true)
    // How far each row can reach at its epoch: its circle's radius, or its zone's ellipse's
    // bounding radius, widened by how far it moves. Computed where the index needs it rather
    // than kept per row: each array of 10⁶ stars is 8 MB of fresh pages.
    // (Each closure captures its arrays itself: unwrapping an optional inside it copied them,
    // a retain and a release a row that both threads contended for.)
    let reach: @Sendable (Int) -> Double
    if let circles {
      reach = { circles.reach($0) }
    } else {
      let shapes = shapes ?? []
      reach = { position in
        guard let shape = shapes[position] else { return 0 }
        return MovingCircles.widened(shape.bound.radians + moves.at(position))
      }
    }
    let contaminants = MovingContaminants(
      motions: motions, rows: rows, positions: catalogue.positions, circles: circles,
      ellipses: shapes == nil ? nil : catalogue.ellipses.map { all in rows.map { all[$0] } },
      rotation: catalogue.frame.rotation(to: frame), factor: factor)
    self.contaminants = contaminants
    index = ContaminantIndex(
      contaminants: catalogue.validPositions(in: frame), reach: reach,
      moved: epoch.map { MovedAtEpoch(contaminants, at: $0) }, runner: runner)
  }

  /// Whether a contaminant moved to `epoch` holds `point`.
  func holds(_ point: inout QueryPoint, at epoch: Double) -> Bool {
    var search = EpochSearch(contaminants, epoch: epoch, stopAtFirst: true)
    index.visitWindows(&point, &search)
    return search.count > 0
  }

  /// How many contaminants moved to `epoch` hold `point`, and the nearest one's position.
  func neighbourhood(of point: inout QueryPoint, at epoch: Double)
    -> (count: Int, chordSquared: Double, nearest: UnitVector?)
  {
    var search = EpochSearch(contaminants, epoch: epoch, stopAtFirst: false)
    index.visitWindows(&point, &search)
    return (search.count, search.nearestChordSquared, search.nearest)
  }
}

/// What decides a moving layer's candidates: each contaminant's motion, exact radius or
/// ellipse, by its position in the layer's index.
///
/// A class, so that the candidates' tests share one reference rather than copy (and retain)
/// its arrays at each call.
final class MovingContaminants: Sendable {
  /// How the catalogue's rows move; `nil` for a catalogue that does not.
  let motions: RowMotions?
  /// The catalogue's rows of the index's positions (its usable rows).
  let rows: [Int]
  /// Where each row is at its catalogue epoch (ICRS), for rows that do not move.
  let positions: [UnitVector]
  /// The circles' radii and how far each moves, for a catalogue of circles.
  let circles: MovingCircles?
  /// Per index position, its ellipse (at its catalogue position, axes not yet scaled to the
  /// zone), for a catalogue of ellipses.
  let ellipses: [EllipseShape?]?
  /// From ICRS to the objects' frame.
  let rotation: Rotation
  /// The zone's multiple of the catalogue's radii or axes.
  let factor: Double

  init(
    motions: RowMotions?, rows: [Int], positions: [UnitVector], circles: MovingCircles?,
    ellipses: [EllipseShape?]?, rotation: Rotation, factor: Double
  ) {
    self.motions = motions
    self.rows = rows
    self.positions = positions
    self.circles = circles
    self.ellipses = ellipses
    self.rotation = rotation
    self.factor = factor
  }

  /// Where index position `position`'s contaminant is at `epoch` (ICRS).
  func place(_ position: Int, at epoch: Double) -> UnitVector {
    let row = rows[position]
    return motions?.position(row, at: epoch) ?? positions[row]
  }

  /// Whether index position `position`'s contaminant, at `icrs`, holds `point`; its position
  /// in the objects' frame and `|a − b|²` to it.
  func test(_ position: Int, _ point: QueryPoint, at icrs: UnitVector)
    -> (holds: Bool, chordSquared: Double, at: UnitVector)
  {
    let centre = rotation.isIdentity ? icrs : rotation.apply(icrs)
    let (dx, dy, dz) = (point.x - centre.x, point.y - centre.y, point.z - centre.z)
    let chord = dx * dx + dy * dy + dz * dz
    if let circles { return (chord < circles.exactLimit(position), chord, centre) }
    // The ellipse goes with its star: rebuilt around the moved centre, then scaled and
    // rotated as the index of a fixed epoch has it.
    guard let shape = ellipses?[position].flatMap({ $0.recentred(on: icrs) }),
      var zone = factor == 1 ? shape : shape.scaled(by: factor)
    else { return (false, chord, centre) }
    if !rotation.isIdentity { zone = zone.rotated(rotation) }
    return (
      zone.contains(point.x, point.y, point.z, centre: centre.x, centre.y, centre.z), chord,
      centre
    )
  }
}

/// Tests the widened index's candidates at the object's epoch.
struct EpochSearch: WindowSearch {
  let contaminants: MovingContaminants
  let epoch: Double
  /// The index's own moved positions, when it was built for this epoch.
  let moved: MovedAtEpoch?
  let stopAtFirst: Bool
  var count = 0
  var nearestChordSquared = Double.infinity
  var nearest: UnitVector?
  private(set) var nearestRow = Int.max

  init(
    _ contaminants: MovingContaminants, epoch: Double, moved: MovedAtEpoch? = nil,
    stopAtFirst: Bool
  ) {
    self.contaminants = contaminants
    self.epoch = epoch
    self.moved = moved
    self.stopAtFirst = stopAtFirst
  }

  mutating func visit(
    _ index: ContaminantIndex, zone: Int, from low: Double, to high: Double,
    _ position: inout QueryPoint
  ) -> Bool {
    let storage = index.storage
    return index.forEachCandidate(inZone: zone, from: low, to: high, &position) {
      entry, distance, position in
      guard distance < storage.limits?[entry] ?? index.chordSquared else { return false }
      let row = storage.rows[entry]
      let place = moved?.place(row) ?? contaminants.place(row, at: epoch)
      let found = contaminants.test(row, position, at: place)
      guard found.holds else { return false }
      count += 1
      if stopAtFirst { return true }
      if found.chordSquared < nearestChordSquared
        || (found.chordSquared == nearestChordSquared && row < nearestRow)
      {
        (nearestChordSquared, nearest, nearestRow) = (found.chordSquared, found.at, row)
      }
      return false
    }
  }
}

/// A moving layer's circles: each index position's radius and how far it can move, and the
/// squared chords the index and the exact test compare with, computed from them when asked.
struct MovingCircles: Sendable {
  /// Each index position's radius in radians, or one radius for all.
  let radii: [Double]
  let moves: Displacements

  @inline(__always)
  func radius(_ position: Int) -> Double { radii.count == 1 ? radii[0] : radii[position] }

  /// How far from where the catalogue puts it the circle can hold a point.
  @inline(__always)
  func reach(_ position: Int) -> Double { Self.widened(radius(position) + moves.at(position)) }

  /// `|a − b|²` of the circle's own radius: what decides a point against the moved star.
  @inline(__always)
  func exactLimit(_ position: Int) -> Double { Angle.radians(radius(position)).chordSquared }

  /// The `|a − b|²` from where the catalogue puts it within which a point is inside the
  /// circle wherever the star moves: closer than the radius less the furthest the star moves
  /// (less a margin for rounding, as the index pads its search), bounded from below without
  /// a sine; 0 when there is none.
  @inline(__always)
  func innerLimit(_ position: Int) -> Double {
    let sure =
      (radius(position) - moves.at(position)) * (1 - ContaminantIndex.relativePad)
      - ContaminantIndex.absolutePad
    return sure > 0 ? Angle.radians(sure).chordSquaredBelow : 0
  }

  /// A reach widened for rounding, as the index's own search is, at most π.
  @inline(__always)
  static func widened(_ reach: Double) -> Double {
    min(reach * (1 + ContaminantIndex.relativePad) + ContaminantIndex.absolutePad, .pi)
  }
}

/// How far each index position of a moving layer can move (radians).
struct Displacements: Sendable {
  /// One bound per position, or none when nothing moves.
  let bounds: [Double]

  @inline(__always)
  func at(_ position: Int) -> Double { bounds.isEmpty ? 0 : bounds[position] }
}
