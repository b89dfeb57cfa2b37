import Synchronization

/// The exact test of a moving layer's index for objects all at one epoch: each candidate
/// contaminant moved to that epoch when an object first comes near it, and decided by its own
/// radius or ellipse there.
///
/// Moving a star with ERFA costs about a microsecond; moving all of a 10⁶-star catalogue
/// before the cut was a third of a mask's run, though most stars have no object near them. A
/// star is moved once, by the first thread to need it, and the others reuse its position; a
/// thread that finds another moving it moves its own copy rather than wait.
///
/// `@unchecked Sendable`: a position is written once, by the thread that claimed it, before
/// its state is published with release ordering, and read only after an acquiring load sees
/// it published.
final class MovedAtEpoch: @unchecked Sendable {
  let contaminants: MovingContaminants
  let epoch: Double
  private let count: Int
  /// Per index position: not moved yet, being moved, or moved (its position in `places`).
  private let states: UnsafeMutablePointer<Atomic<UInt8>>
  private let places: UnsafeMutablePointer<UnitVector>
  private static let (unmoved, moving, moved): (UInt8, UInt8, UInt8) = (0, 1, 2)

  init(_ contaminants: MovingContaminants, at epoch: Double) {
    self.contaminants = contaminants
    self.epoch = epoch
    count = contaminants.rows.count
    states = .allocate(capacity: max(count, 1))
    for position in 0..<count { (states + position).initialize(to: Atomic(Self.unmoved)) }
    places = .allocate(capacity: max(count, 1))
  }

  deinit {
    states.deinitialize(count: count)
    states.deallocate()
    places.deallocate()
  }

  /// Where index position `position`'s contaminant is at the epoch (ICRS).
  func place(_ position: Int) -> UnitVector {
    if states[position].load(ordering: .acquiring) == Self.moved { return places[position] }
    let place = contaminants.place(position, at: epoch)
    if states[position].compareExchange(
      expected: Self.unmoved, desired: Self.moving, ordering: .relaxed
    ).exchanged {
      (places + position).initialize(to: place)
      states[position].store(Self.moved, ordering: .releasing)
    }
    return place
  }

  /// Whether index position `position`'s contaminant, at the epoch, holds `point`. (A point
  /// well inside a circle, inside wherever the star moves by the triangle inequality and the
  /// displacement bound, the index decides first from ``ZoneStorage/innerLimits``: the star is
  /// moved only for a point near its circle's edge.)
  @inline(__always)
  func contains(_ position: Int, _ point: QueryPoint) -> Bool {
    contaminants.test(position, point, at: place(position)).holds
  }
}
