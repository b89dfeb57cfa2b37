import Foundation

extension CoverageMap {
  /// The marking of a map on several threads, each in bands of its own.
  ///
  /// Threads take ranges of bands in turn, each range holding about as many centres as the
  /// others'; a thread zeroes the range's part of the bitmaps and marks there every circle that
  /// reaches it: it reads only the entries of the index zones within reach of the range
  /// (entries are in zone order, by z), and a circle across two ranges is marked by both, each
  /// in its own bands. A range starts where a band starts a 64-bit word, so no two threads
  /// write one word. One bitmap per map, each page first touched by the thread that marks it:
  /// a bitmap a thread, OR-ed after, was a fifth of a mask's page faults and a pass over every
  /// word.
  struct Marking: Sendable {
    let indexes: [ContaminantIndex]
    let grid: Grid
    /// Words per bitmap.
    let words: Int
    /// The bitmaps marked, one after another: one per index, or one for all.
    let mapCount: Int
    /// With cells inside circles, what finds them.
    let corners: Corners?
    /// A range of bands that marks more cells than this stops marking.
    let enough: Int
    /// The bands of each thread.
    let ranges: [Range<Int>]

    /// The bitmaps (``mapCount`` of ``words`` words, one after another), the cells inside
    /// circles (``words`` words, or none), and how many cells were marked (overlaps counted
    /// each time).
    func run(on runner: ParallelRunner) -> (maps: [UInt64], inside: [UInt64], marked: Int) {
      var inside: [UInt64] = []
      var marked = 0
      let maps = [UInt64](uninitializedCount: words * mapCount) { mapBuffer, mapsCount in
        inside = [UInt64](uninitializedCount: corners == nil ? 0 : words) {
          insideBuffer, insideCount in
          let targets = (
            DisjointWrites(base: mapBuffer.baseAddress!),
            corners == nil ? nil : DisjointWrites(base: insideBuffer.baseAddress!)
          )
          marked = runner.map(ChunkSplitter(count: ranges.count, chunks: ranges.count)) {
            chunk in
            chunk.reduce(0) { $0 + self.mark(ranges[$1], maps: targets.0, inside: targets.1) }
          }.reduce(0, +)
          insideCount = insideBuffer.count
        }
        mapsCount = words * mapCount
      }
      return (maps, inside, marked)
    }

    /// Zeroes and marks the bitmaps' bands `bands`; returns how many cells it marked.
    private func mark(
      _ bands: Range<Int>, maps: DisjointWrites<UInt64>, inside: DisjointWrites<UInt64>?
    ) -> Int {
      // Its words: its first band starts one, and the last range ends the bitmap.
      let firstWord = bands.lowerBound * grid.cells / 64
      let endWord = bands.upperBound == grid.bands ? words : bands.upperBound * grid.cells / 64
      for map in 0..<mapCount {
        (maps.base + map * words + firstWord).initialize(repeating: 0, count: endWord - firstWord)
      }
      if let inside {
        (inside.base + firstWord).initialize(repeating: 0, count: endWord - firstWord)
      }
      let south = Double(bands.lowerBound) / grid.bandScale - .pi / 2
      let north = Double(bands.upperBound) / grid.bandScale - .pi / 2
      var marked = 0
      for (number, index) in indexes.enumerated() {
        let storage = index.storage
        guard storage.count > 0 else { continue }
        // The zones of centres whose circles may reach these bands: within the largest
        // search radius, at most π/2 times the index's radius (2 asin(x) <= π x; a moving
        // index's limits are its reach squared), widened for rounding.
        let reach = min(index.radius.radians * (.pi / 2) * (1 + 1e-6) + 1e-9, .pi)
        let low = storage.zone(of: sin(max(south - reach, -.pi / 2)) - 1e-9)
        let high = storage.zone(of: sin(min(north + reach, .pi / 2)) + 1e-9)
        // One radius for all: its padding and sine once.
        let fixed = storage.limits == nil ? CoverageMap.searchRadius(index, entry: 0) : nil
        let map = UnsafeMutableBufferPointer(
          start: maps.base + (mapCount > 1 ? number : 0) * words, count: words)
        let insideWords = inside.map { UnsafeMutableBufferPointer(start: $0.base, count: words) }
        for entry in storage.zoneStart[low]..<storage.zoneStart[high + 1] where marked <= enough {
          let place = storage.entries[entry]
          let cosLatitude = (place.x * place.x + place.y * place.y).squareRoot()
          // atan2, not asin(z): near a pole asin loses the latitude's low bits.
          let latitude = atan2(place.z, cosLatitude)
          marked += CoverageMap.mark(
            map, longitude: place.longitude, latitude: latitude, cosLatitude: cosLatitude,
            radius: fixed ?? CoverageMap.searchRadius(index, entry: entry), grid: grid,
            within: bands)
          if let corners, let insideWords {
            corners.markInside(
              insideWords, centre: place, latitude: latitude,
              chordSquared: index.chordLimit(entry), within: bands)
          }
        }
      }
      return marked
    }
  }

  /// At most `parts` ranges of bands, each holding about as many of the indexes' centres
  /// (quantiles of `latitudes`, a sample of theirs), each starting where a band starts a 64-bit
  /// word.
  static func bandRanges(latitudes sample: [Double], grid: Grid, parts: Int) -> [Range<Int>] {
    // Bands a word holds a whole number of: 64 / gcd(cells, 64).
    var alignment = 64
    while grid.cells % (64 / alignment * 2) == 0 && alignment > 1 { alignment /= 2 }
    guard parts > 1 && grid.bands >= 2 * alignment else { return [0..<grid.bands] }
    guard !sample.isEmpty else { return [0..<grid.bands] }
    let latitudes = sample.sorted()
    var splits = [0]
    for part in 1..<parts {
      let latitude = latitudes[part * latitudes.count / parts]
      let band = CoverageMap.band(latitude, bands: grid.bands, scale: grid.bandScale)
      splits.append(max(splits.last!, band / alignment * alignment))
    }
    splits.append(grid.bands)
    return zip(splits, splits.dropFirst()).compactMap { $0 < $1 ? $0..<$1 : nil }
  }
}
