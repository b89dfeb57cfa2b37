/// Moving the contaminants to the objects' epoch before the cut: stars with proper motions
/// are where they are at the epoch the objects were observed, not where their catalogue put
/// them (Tycho-2 at J1991.25, Gaia DR3 at J2016.0).
public struct EpochOptions: Sendable, Hashable {
  /// The objects' epoch, a Julian year (2024.9). With ``objectEpochColumn``, the epoch of the
  /// rows whose column is null, or NaN when such a row is an error.
  public var objectEpoch: Double
  /// A column of the objects with each row's own epoch (a Julian year): each object is then
  /// tested against the contaminants where they were at its epoch.
  public var objectEpochColumn: String?
  /// With ``objectEpochColumn``: the range its epochs lie in (a row outside is an error), or
  /// `nil` to find it with a first pass over the objects.
  public var objectEpochRange: ClosedRange<Double>?
  /// The contaminants' epoch, when their catalogue has no epoch column (or to override it).
  public var contaminantEpoch: Double?
  /// The contaminants' epoch column; `nil` looks for `REF_EPOCH`, then `EPOCH`.
  public var epochColumn: String?
  /// µα cos δ and µδ, in mas/yr; `nil` looks for `PMRA`, `PMDEC` (Gaia's names).
  public var properMotionColumns: (ra: String, dec: String)?

  public init(
    objectEpoch: Double, contaminantEpoch: Double? = nil, epochColumn: String? = nil,
    properMotionColumns: (ra: String, dec: String)? = nil
  ) {
    self.objectEpoch = objectEpoch
    self.contaminantEpoch = contaminantEpoch
    self.epochColumn = epochColumn
    self.properMotionColumns = properMotionColumns
  }

  public static func == (lhs: Self, rhs: Self) -> Bool {
    (lhs.objectEpoch == rhs.objectEpoch || (lhs.objectEpoch.isNaN && rhs.objectEpoch.isNaN))
      && lhs.contaminantEpoch == rhs.contaminantEpoch
      && lhs.epochColumn == rhs.epochColumn && lhs.objectEpochColumn == rhs.objectEpochColumn
      && lhs.objectEpochRange == rhs.objectEpochRange
      && lhs.properMotionColumns?.ra == rhs.properMotionColumns?.ra
      && lhs.properMotionColumns?.dec == rhs.properMotionColumns?.dec
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(objectEpoch)
    hasher.combine(contaminantEpoch)
    hasher.combine(epochColumn)
    hasher.combine(objectEpochColumn)
    hasher.combine(objectEpochRange?.lowerBound)
    hasher.combine(objectEpochRange?.upperBound)
    hasher.combine(properMotionColumns?.ra)
    hasher.combine(properMotionColumns?.dec)
  }

  /// The names of the parallax and radial-velocity columns used when present.
  static let parallaxNames = ["PARALLAX", "PLX"]
  static let radialVelocityNames = ["RADIAL_VELOCITY", "RV", "DR2_RADIAL_VELOCITY"]
  static let epochNames = ["REF_EPOCH", "EPOCH"]
}

/// What moving one catalogue's contaminants did.
public struct EpochReport: Sendable, Hashable {
  /// Contaminants moved to the objects' epoch.
  public var moved = 0
  /// Contaminants left where they were: no proper motion (or no epoch) in their row.
  public var withoutMotion = 0

  /// The two reports of parts of a catalogue, together.
  static func + (lhs: EpochReport, rhs: EpochReport) -> EpochReport {
    EpochReport(
      moved: lhs.moved + rhs.moved, withoutMotion: lhs.withoutMotion + rhs.withoutMotion)
  }
}
