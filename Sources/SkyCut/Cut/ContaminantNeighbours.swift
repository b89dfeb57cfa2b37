/// For each object, the contaminants around it: how many lie closer than their radius, and the
/// angular separation to the nearest of them (for `--count-column` and
/// `--separation-column`).
public struct ContaminantNeighbours: Sendable, Hashable {
  /// Per object row, the number of contaminants (of all catalogues) strictly closer than
  /// their radius; 0 for rows with unusable coordinates.
  public var counts: [Int]
  /// Per object row, the separation to the nearest of those contaminants, exact at every
  /// angle (`atan2(|a × b|, a · b)`); `nil` when there is none.
  public var nearest: [Angle?]
}

extension Catalogue {
  /// The contaminants of `indexes` around each row (see ``ContaminantNeighbours``), the
  /// rows split into chunks run on `runner`'s threads.
  public func neighbours(in indexes: [ContaminantIndex], runner: ParallelRunner = .allCores)
    -> ContaminantNeighbours
  {
    let chunks = max(1, min(rowCount / 1024, runner.jobs * 8))
    let invalid = Set(invalidRows)
    let positions = self.positions
    let parts = runner.map(ChunkSplitter(count: rowCount, chunks: chunks)) {
      rows -> ([Int], [Angle?]) in
      var counts = [Int](repeating: 0, count: rows.count)
      var nearest = [Angle?](repeating: nil, count: rows.count)
      for row in rows where !invalid.contains(row) {
        var best: (chord: Double, position: UnitVector)?
        for index in indexes {
          let found = index.neighbourhood(of: positions[row])
          counts[row - rows.lowerBound] += found.count
          if let position = found.nearestPosition,
            best.map({ found.nearestChordSquared < $0.chord }) ?? true
          {
            best = (found.nearestChordSquared, position)
          }
        }
        nearest[row - rows.lowerBound] = best.map { positions[row].separation(from: $0.position) }
      }
      return (counts, nearest)
    }
    return ContaminantNeighbours(
      counts: parts.flatMap(\.0), nearest: parts.flatMap(\.1))
  }
}
