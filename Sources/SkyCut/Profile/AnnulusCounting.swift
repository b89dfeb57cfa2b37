/// A search of the contaminant index that adds every pair within the outer radius to a
/// histogram of (contaminant bin, annulus): the inner loop of the density profile.
///
/// The index is built with the annuli's outer radius, so its windows hold every candidate;
/// each is then placed by its squared chord alone (``Annuli/annulus(chordSquared:)``).
struct AnnulusCounting: WindowSearch {
  let annuli: Annuli
  /// For each index entry, its contaminant's bin.
  let binOfEntry: UnsafePointer<Int32>
  /// `bins × annuli` counts, bin-major, owned by the caller.
  let counts: UnsafeMutablePointer<Int>

  @inline(__always)
  mutating func visit(
    _ index: ContaminantIndex, zone: Int, from low: Double, to high: Double,
    _ position: inout QueryPoint
  ) -> Bool {
    let limit = index.chordSquared
    return index.forEachCandidate(inZone: zone, from: low, to: high, &position) {
      entry, distance, _ in
      if distance < limit, let annulus = annuli.annulus(chordSquared: distance) {
        counts[Int(binOfEntry[entry]) * annuli.count + annulus] += 1
      }
      return false
    }
  }
}

extension ContaminantIndex {
  /// Adds the pairs of `position` with the indexed contaminants to `search`'s histogram.
  @inline(__always)
  func count(_ position: inout QueryPoint, into search: inout AnnulusCounting) {
    visitWindows(&position, &search)
  }

  /// `values[row]` for each index entry, in entry order.
  func perEntry<Value>(_ values: [Value]) -> [Value] {
    (0..<storage.count).map { values[storage.rows[$0]] }
  }
}
