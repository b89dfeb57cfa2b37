import Foundation

/// Which cells of longitude and latitude the contaminants' search circles reach: an object in a
/// cell no circle reaches is near no contaminant, decided from its coordinates with a few
/// multiplications, before any trigonometry or index query (95 % or more of a survey's objects).
///
/// The cells are bands of equal latitude height, each cut into equal longitude steps, in the
/// frame the objects come in. A circle of angular radius r around (λ₀, φ₀) marks the bands of
/// [φ₀ − r, φ₀ + r] and, in them, the longitudes within w = asin(sin r / cos φ_max) of λ₀ (the
/// whole band when a pole is within r), with r padded as the index pads its search and w
/// bounded above as the index bounds it. An object is looked up with the same arithmetic, and
/// `floor` of a product is monotonic, so every object within reach of a contaminant lands in a
/// marked cell: the map never decides against the index, it only spares it.
struct CoverageMap: Sendable {
  let bands: Int
  let cells: Int
  private let bandScale: Double
  private let cellScale: Double
  /// One bit per cell, band-major: the union of every index's cells.
  private let bits: [UInt64]
  /// With 2 to ``maximumLayers`` indexes, each one's own bits: a position in a cell of the
  /// union that an index does not reach needs no query of that index (on a mask of stars and
  /// galaxies, most covered positions are near only one of them), one map after another
  /// (``words`` each). Empty otherwise.
  private let layerBits: [UInt64]
  private let words: Int

  /// The most indexes given maps of their own (4 MiB each at most).
  static let maximumLayers = 8

  /// The most cells a map has: a 4 MiB bitmap, which a core's TLB still reaches (16 MiB, with
  /// cells half the size, measured slower on `large`: a miss per lookup).
  static let maximumCells = 1 << 25

  /// The map of every entry of `indexes`, or `nil` when it would mark so much of the sky that
  /// looking it up would cost more than it saves. Built on `runner`'s threads, each marking its
  /// share of the entries in a bitmap of its own, then OR-ed.
  init?(indexes: [ContaminantIndex], runner: ParallelRunner = .allCores) {
    let total = indexes.reduce(0) { $0 + $1.storage.count }
    guard total > 0 else { return nil }
    // Cells about the typical radius tall (the median of a sample), as small as the bitmap
    // allows.
    var sample: [Double] = []
    for index in indexes {
      let step = max(1, total / 4096)
      for entry in stride(from: 0, to: index.storage.count, by: step) {
        sample.append(Self.searchRadius(index, entry: entry))
      }
    }
    sample.sort()
    let typical = sample[sample.count / 2]
    // A few hundred cells per contaminant leave a percent or so of the sky covered; more
    // spares no query and costs page faults (a 2,000-contaminant map need not take 4 MiB).
    let budget = min(Self.maximumCells, max(1 << 16, 256 * total))
    let smallest = (2 * Double.pi * Double.pi / Double(budget)).squareRoot()
    let height = min(max(typical, smallest), Double.pi / 4)
    let bands = max(1, Int(Double.pi / height))
    let cells = max(1, Int(2 * Double.pi / height))
    let grid = Grid(bands: bands, cells: cells)
    let words = (bands * cells + 63) / 64
    // Half the sky's cells marked (overlaps counted twice): the map would spare little. A part
    // that alone passes that stops marking (a few 90° circles need not mark the whole map).
    let enough = bands * cells / 2
    let layered = (2...Self.maximumLayers).contains(indexes.count)
    let mapCount = layered ? indexes.count : 1
    let parts = runner.map(ChunkSplitter(count: total, chunks: max(1, min(runner.jobs, total)))) {
      range -> ([[UInt64]], Int) in
      var maps = [[UInt64]](repeating: [UInt64](repeating: 0, count: words), count: mapCount)
      var marked = 0
      var start = 0
      for (number, index) in indexes.enumerated() {
        let storage = index.storage
        let (from, to) = (
          max(range.lowerBound, start), min(range.upperBound, start + storage.count)
        )
        let mine = from..<max(from, to)
        // One radius for all: its padding and sine once.
        let fixed = storage.limits == nil ? Self.searchRadius(index, entry: 0) : nil
        let map = layered ? number : 0
        for entry in mine where marked <= enough {
          let place = storage.entries[entry - start]
          // atan2, not asin(z): near a pole asin loses the latitude's low bits.
          let latitude = atan2(place.z, (place.x * place.x + place.y * place.y).squareRoot())
          marked += CoverageMap.mark(
            &maps[map], longitude: place.longitude, latitude: latitude,
            radius: fixed ?? Self.searchRadius(index, entry: entry - start), grid: grid)
        }
        start += storage.count
      }
      return (maps, marked)
    }
    if parts.reduce(0, { $0 + $1.1 }) > enough { return nil }
    var layerBits = parts[0].0
    for part in parts.dropFirst() {
      for map in 0..<mapCount {
        layerBits[map].withUnsafeMutableBufferPointer { bits in
          part.0[map].withUnsafeBufferPointer { other in
            for word in 0..<words { bits[word] |= other[word] }
          }
        }
      }
    }
    var bits = layerBits[0]
    for map in layerBits.dropFirst() {
      for word in 0..<words { bits[word] |= map[word] }
    }
    self.bands = bands
    self.cells = cells
    bandScale = grid.bandScale
    cellScale = grid.cellScale
    self.bits = bits
    self.words = words
    self.layerBits = layered ? Array(layerBits.joined()) : []
  }

  /// The angle around entry `entry` of `index` within which it may match a position, padded
  /// as the index pads its search.
  private static func searchRadius(_ index: ContaminantIndex, entry: Int) -> Double {
    let chordSquared = index.storage.limits?[entry] ?? index.chordSquared
    let chord = min(chordSquared.squareRoot() / 2, 1)
    let angle = 2 * asin(chord)
    return min(
      angle * (1 + ContaminantIndex.relativePad) + ContaminantIndex.absolutePad + 1e-12, .pi)
  }

  /// The cells' layout while the map is built.
  private struct Grid: Sendable {
    let bands: Int
    let cells: Int
    let bandScale: Double
    let cellScale: Double

    init(bands: Int, cells: Int) {
      self.bands = bands
      self.cells = cells
      bandScale = Double(bands) / Double.pi
      cellScale = Double(cells) / (2 * Double.pi)
    }
  }

  /// Marks the cells of a circle; returns how many it marked.
  private static func mark(
    _ bits: inout [UInt64], longitude: Double, latitude: Double, radius: Double, grid: Grid
  ) -> Int {
    let (bands, cells, bandScale, cellScale) = (
      grid.bands, grid.cells, grid.bandScale, grid.cellScale
    )
    let south = latitude - radius
    let north = latitude + radius
    let first = band(south, bands: bands, scale: bandScale)
    let last = band(north, bands: bands, scale: bandScale)
    // The widest latitude the circle spans, where its longitudes spread furthest.
    let widest = max(abs(south), abs(north))
    var halfWidth = Double.pi
    if widest < .pi / 2 {
      let ratio = sin(radius) / cos(widest)
      if ratio < 1 {
        halfWidth =
          ContaminantIndex.arcsineUpperBound(ratio) * (1 + ContaminantIndex.relativePad)
          + ContaminantIndex.longitudePad
      }
    }
    var marked = 0
    for band in first...last {
      let row = band * cells
      func set(_ from: Int, _ to: Int) {
        guard from <= to else { return }
        for cell in from...to {
          let bit = row + cell
          bits[bit >> 6] |= 1 << UInt64(bit & 63)
        }
        marked += to - from + 1
      }
      if halfWidth >= .pi {
        set(0, cells - 1)
        continue
      }
      let low = longitude - halfWidth
      let high = longitude + halfWidth
      if low < 0 {
        set(0, cell(high, cells: cells, scale: cellScale))
        set(cell(low + 2 * .pi, cells: cells, scale: cellScale), cells - 1)
      } else if high >= 2 * .pi {
        set(cell(low, cells: cells, scale: cellScale), cells - 1)
        set(0, cell(high - 2 * .pi, cells: cells, scale: cellScale))
      } else {
        set(cell(low, cells: cells, scale: cellScale), cell(high, cells: cells, scale: cellScale))
      }
    }
    return marked
  }

  @inline(__always)
  private static func band(_ latitude: Double, bands: Int, scale: Double) -> Int {
    let value = (latitude + .pi / 2) * scale
    return value <= 0 ? 0 : min(Int(value), bands - 1)
  }

  @inline(__always)
  private static func cell(_ longitude: Double, cells: Int, scale: Double) -> Int {
    let value = longitude * scale
    return value <= 0 ? 0 : min(Int(value), cells - 1)
  }

  /// The cell of the position at `longitude` (any range) and `latitude` (in `[−π/2, π/2]`),
  /// in radians.
  @inline(__always)
  func cell(longitude: Double, latitude: Double) -> Int {
    var lon = longitude
    if lon < 0 || lon >= 2 * .pi {
      lon = lon.truncatingRemainder(dividingBy: 2 * .pi)
      if lon < 0 { lon += 2 * .pi }
    }
    return Self.band(latitude, bands: bands, scale: bandScale) * cells
      + Self.cell(lon, cells: cells, scale: cellScale)
  }

  /// Whether some contaminant may be within reach of the position at `longitude` (any range)
  /// and `latitude` (in `[−π/2, π/2]`), in radians.
  @inline(__always)
  func covers(longitude: Double, latitude: Double) -> Bool {
    covers(cell: cell(longitude: longitude, latitude: latitude))
  }

  /// Whether some contaminant may be within reach of a position in cell `cell`.
  @inline(__always)
  func covers(cell: Int) -> Bool {
    bits.withUnsafeBufferPointer { $0[cell >> 6] } & (1 << UInt64(cell & 63)) != 0
  }

  /// Whether a contaminant of index number `layer` may be within reach of a position in cell
  /// `cell` (always, without maps of their own).
  @inline(__always)
  func covers(cell: Int, layer: Int) -> Bool {
    guard !layerBits.isEmpty else { return true }
    return layerBits.withUnsafeBufferPointer { $0[layer * words + (cell >> 6)] }
      & (1 << UInt64(cell & 63)) != 0
  }

  /// Whether the indexes have maps of their own.
  var hasLayers: Bool { !layerBits.isEmpty }
}
