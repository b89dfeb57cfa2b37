import CPrefetch

/// Prefetching for queries in a batch.
///
/// An index of 10⁶ contaminants (40 MB) does not fit in cache, and a batch of queries holds
/// too few per zone for one query's lines to serve the next: each query then waited on memory
/// for its zones' directory slots, entries and radii (half its time in `perf annotate`, the
/// loads of `firstEntry` and of the first candidate). A query loop that knows its next
/// queries names those lines ahead: the directory slots `directoryLead` queries ahead, then,
/// once they have arrived, the entries they point to `entryLead` queries ahead.
///
/// These are hints: they change no answer, and a position they cannot place cheaply (a
/// search that spans more than three zones, or the whole sky) is simply not prefetched.
extension ContaminantIndex {
  /// How many queries ahead the directory slots are prefetched.
  static let directoryLead = 8
  /// How many queries ahead the entries are prefetched (their slots arrived by then).
  static let entryLead = 4

  /// Prefetches the directory slots a query of `point` will read.
  @inline(__always)
  func prefetchDirectory(for point: QueryPoint) {
    forEachSlot(of: point) { skycut_prefetch(storage.bucketFirst + $0) }
  }

  /// Prefetches the entries (and radii or ellipses) a query of `point` will read first; its
  /// directory slots should be in cache (``prefetchDirectory(for:)``).
  @inline(__always)
  func prefetchEntries(for point: QueryPoint) {
    let storage = storage
    forEachSlot(of: point) { slot in
      // The window starts a little before the slot's first entry.
      let entry = max(storage.bucketFirst[slot] - 1, 0)
      skycut_prefetch(storage.entries + entry)
      if let limits = storage.limits { skycut_prefetch(limits + entry) }
      if let inner = storage.innerLimits { skycut_prefetch(inner + entry) }
      if let shapes = storage.shapes { skycut_prefetch(shapes + entry) }
    }
  }

  /// Calls `body` with the directory slot, at `point`'s longitude, of each zone a query of
  /// `point` visits: at most three, or none.
  @inline(__always)
  private func forEachSlot(of point: QueryPoint, _ body: (Int) -> Void) {
    let longitude = point.longitude
    guard storage.count > 0 && !wholeSky && longitude >= 0 && longitude < 2 * .pi else {
      return
    }
    let (first, last) = zones(searchedAround: point)
    guard last - first <= 2 else { return }
    for zone in first...last {
      let bucket = ZoneStorage.bucket(
        longitude, scale: storage.bucketScale[zone], count: storage.bucketCount[zone])
      body(storage.bucketOffset[zone] + bucket)
    }
  }
}
