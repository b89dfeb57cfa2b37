/// The one streaming pass of a density profile over the objects: each block's rows are
/// decoded and counted in parallel chunks, each chunk into counts of its own that are added up
/// in chunk order.
struct PairPass: Sendable {
  let positions: PositionDecoder
  let index: ContaminantIndex
  /// For each index entry, its contaminant's bin.
  let binOfEntry: [Int32]
  let bins: Int
  let annuli: Annuli
  let runner: ParallelRunner
  /// The index size from which objects are counted in zone order.
  var zoneOrderAbove = CutKernel.cacheResidentContaminants

  /// What the pass found.
  struct Totals: Sendable {
    /// `bins × annuli` pair counts, bin-major.
    var counts: [Int]
    /// Objects counted, and objects with unusable coordinates left out.
    var objects = 0
    var unusable = 0
    var problem: RowProblem?
  }

  /// Counts every block of `source`.
  /// - Throws: the error of the first row that stops the pass (see ``RowProblems``).
  func run(_ source: any RowSource, problems: inout RowProblems) throws -> Totals {
    var totals = Totals(counts: Array(repeating: 0, count: bins * annuli.count))
    let chunks = max(1, runner.jobs * 2)
    let scratch = ScratchPool(count: chunks)
    while let block = try source.next() {
      let splitter = ChunkSplitter(count: block.count, chunks: max(1, min(block.count, chunks)))
      let parts = runner.mapChunks(splitter) { number, range in
        self.count(range, of: block, scratch: scratch.scratches[number])
      }
      var problem: RowProblem?
      for part in parts {
        for k in totals.counts.indices { totals.counts[k] += part.counts[k] }
        totals.objects += part.objects
        totals.unusable += part.unusable
        if let found = part.problem { problem = problem.merged(with: found) }
      }
      if let problem { try problems.record(problem, in: block) }
      source.release(block)
    }
    try problems.check()
    return totals
  }

  /// Counts the pairs of the rows `range` of `block`.
  private func count(_ range: Range<Int>, of block: RowBlock, scratch: CutScratch) -> Totals {
    var totals = Totals(counts: Array(repeating: 0, count: bins * annuli.count))
    if block.count == 0 { return totals }
    scratch.reserve(range.count)
    var unusable: [Int] = []
    var inside = 0
    let count = positions.decode(
      range, of: block, into: scratch.points, insideCount: &inside, unusable: &unusable,
      problem: &totals.problem)
    totals.objects = count
    totals.unusable = unusable.count
    binOfEntry.withUnsafeBufferPointer { binOfEntry in
      totals.counts.withUnsafeMutableBufferPointer { counts in
        guard let bins = binOfEntry.baseAddress, let histogram = counts.baseAddress else {
          return
        }
        var search = AnnulusCounting(annuli: annuli, binOfEntry: bins, counts: histogram)
        // In zone order, so that consecutive queries find the same contaminants in cache
        // (as the cut does): the counts do not depend on the order.
        var points = scratch.points
        if count >= 2 && index.count >= zoneOrderAbove {
          CutKernel.sortByZone(
            UnsafeMutableBufferPointer(start: scratch.points, count: count), of: index.storage,
            into: scratch)
          points = scratch.sorted
        }
        for k in 0..<count { index.count(&points[k], into: &search) }
      }
    }
    return totals
  }
}
