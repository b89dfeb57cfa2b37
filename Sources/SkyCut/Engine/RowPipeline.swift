import Dispatch

/// Moves a table through the engine block by block, overlapping file I/O with the cut: while
/// worker threads decide block *k*, the calling thread writes block *k − 1* to the sinks and
/// reads block *k + 1*. FITS files are touched only by the calling thread, so no `fitsfile`
/// is ever shared between threads (a text source reads its next block's bytes ahead on a
/// worker thread, ``TextRowSource``), and memory holds two to four blocks whatever the
/// table's length.
struct RowPipeline {
  let source: any RowSource
  let decider: any BlockDecider
  /// The cleaned output, and the rejected one if any.
  let kept: any RowSink
  let rejected: (any RowSink)?
  /// The coordinate columns (their names and indices), for messages.
  let coordinates: CoordinateColumns
  let coordinateIndices: (Int, Int)
  /// The objects' epoch column (index, name), with per-row epochs, for messages.
  var epochColumn: (index: Int, name: String)?
  /// Called with the rows done after each block is written.
  var progress: (Int) -> Void = { _ in }

  /// The counts of a run.
  struct Totals {
    var read = 0
    var written = 0
    var removed = 0
    var flagged = 0
    /// Rows with unusable coordinates, dropped or kept by the policy.
    var invalid = 0
    /// Rows outside the footprint (removed).
    var outsideFootprint = 0
    /// Per contaminant catalogue, the rows it removed, and flagged (first).
    var removedBy: [Int] = []
    var flaggedBy: [Int] = []
    /// Per mask bit, the rows removed, and flagged, with it set (empty when not counted).
    var removedWithBit: [Int] = []
    var flaggedWithBit: [Int] = []

    /// Adds counts per catalogue or bit.
    fileprivate static func add(_ counts: [Int], to total: inout [Int]) {
      if total.count < counts.count {
        total += Array(repeating: 0, count: counts.count - total.count)
      }
      for (index, count) in counts.enumerated() { total[index] += count }
    }
  }

  func run(catalogues: Int, clock: inout PhaseClock) throws -> Totals {
    var totals = Totals(
      removedBy: Array(repeating: 0, count: catalogues),
      flaggedBy: Array(repeating: 0, count: catalogues))
    var next = try source.next()
    clock.lap(\.read)
    var previous: (block: RowBlock, decision: BlockDecision)?
    // After the first unusable coordinate under the `.error` policy, the run goes on counting
    // such rows (writing nothing), so that the message can say how many.
    var problems = RowProblems(
      source: source, coordinates: coordinates, coordinateIndices: coordinateIndices)
    problems.epochColumn = epochColumn
    while let block = next {
      let task = DecisionTask(decider, block)
      var ioError: (any Error)?
      do {
        if let done = previous { try write(done.block, done.decision, totals: &totals) }
        previous = nil
        next = try source.next()
      } catch {
        ioError = error
      }
      clock.lap(\.write)
      let (decision, seconds) = task.wait()
      clock.lap(\.waiting)
      clock.cut += seconds
      if let ioError { throw ioError }
      totals.read += block.count
      if let problem = decision.problem { try problems.record(problem, in: block) }
      if !problems.failed {
        previous = (block, decision)
      } else {
        source.release(block)  // only counted, never written
      }
    }
    try problems.check()
    if let done = previous { try write(done.block, done.decision, totals: &totals) }
    clock.lap(\.write)
    return totals
  }

  private func write(_ block: RowBlock, _ decision: BlockDecision, totals: inout Totals) throws {
    try kept.write(block, rows: decision.kept, added: decision.keptValues)
    try rejected?.write(block, rows: decision.rejected, added: decision.rejectedValues)
    source.release(block)
    totals.written += decision.kept.count
    totals.removed += decision.removed
    totals.flagged += decision.flagged
    totals.invalid += decision.invalid
    totals.outsideFootprint += decision.outsideFootprint
    Totals.add(decision.removedBy, to: &totals.removedBy)
    Totals.add(decision.flaggedBy, to: &totals.flaggedBy)
    Totals.add(decision.removedWithBit, to: &totals.removedWithBit)
    Totals.add(decision.flaggedWithBit, to: &totals.flaggedWithBit)
    progress(block.firstRow + block.count)
  }
}

/// A block being decided on a worker thread while the calling thread does I/O, with the
/// seconds the decision took.
private struct DecisionTask {
  private let task: BackgroundTask<(BlockDecision, Double)>

  init(_ decider: any BlockDecider, _ block: RowBlock) {
    task = BackgroundTask {
      let started = DispatchTime.now()
      let decision = decider.decide(block)
      return (
        decision, Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
      )
    }
  }

  /// The decision and the seconds it took, once made.
  func wait() -> (decision: BlockDecision, seconds: Double) { task.wait() }
}

/// Seconds spent per phase, added up lap by lap.
struct PhaseClock {
  private let start: DispatchTime
  private var last: DispatchTime
  var read = 0.0
  var cut = 0.0
  var write = 0.0
  /// Time not charged to a phase (waiting for the cut to finish).
  var waiting = 0.0

  init(start: DispatchTime = .now()) {
    self.start = start
    last = start
  }

  /// Seconds since the start.
  var elapsed: Double {
    Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
  }

  /// Adds the time since the previous lap to `phase`.
  mutating func lap(_ phase: WritableKeyPath<PhaseClock, Double>) {
    let now = DispatchTime.now()
    self[keyPath: phase] += Double(now.uptimeNanoseconds - last.uptimeNanoseconds) / 1e9
    last = now
  }
}
