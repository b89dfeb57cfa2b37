/// How far a cleaning run has got, as reported to ``CleaningRequest/progress``.
public struct CleaningProgress: Sendable, Hashable {
  /// The phase of the run. Reading, cutting and writing the objects overlap, block by block,
  /// and are reported together as ``cutting``.
  public enum Phase: String, Sendable, Hashable {
    case reading, cutting, writing
  }

  public var phase: Phase
  /// Object rows done in this phase.
  public var rowsDone: Int
  /// Object rows in all, once known.
  public var rowsTotal: Int?

  public init(phase: Phase, rowsDone: Int, rowsTotal: Int?) {
    self.phase = phase
    self.rowsDone = rowsDone
    self.rowsTotal = rowsTotal
  }
}

/// A function that receives progress reports; it is called on the thread that runs the
/// cleaning, between blocks, and should return quickly.
public typealias CleaningProgressHandler = @Sendable (CleaningProgress) -> Void
