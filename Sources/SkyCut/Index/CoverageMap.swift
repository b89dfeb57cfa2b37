import Foundation

/// Which cells of longitude and latitude the contaminants' search circles reach: an object in a
/// cell no circle reaches is near no contaminant, decided from its coordinates with a few
/// multiplications, before any trigonometry or index query (95 % or more of a survey's objects).
///
/// The cells are bands of equal latitude height, each cut into equal longitude steps, in the
/// frame the objects come in. A circle of angular radius r around (λ₀, φ₀) marks the bands of
/// [φ₀ − r, φ₀ + r] and, in them, the longitudes within w = asin(sin r / cos φ₀) of λ₀, where
/// meridians touch the circle (the whole band when a pole is within r), with r padded as the
/// index pads its search and w bounded above as the index bounds it. An object is looked up
/// with the same arithmetic, and `floor` of a product is monotonic, so every object within
/// reach of a contaminant lands in a marked cell: the map never decides against the index, it
/// only spares it.
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
  /// With ``init(indexes:interior:runner:)``'s `interior`, one bit per cell lying wholly
  /// inside some contaminant's circle, shrunk by more than any rounding: every position there
  /// matches, decided without a query. Empty otherwise.
  private let interiorBits: [UInt64]

  /// The most indexes given maps of their own (4 MiB each at most).
  static let maximumLayers = 8

  /// The most cells a map has: a 4 MiB bitmap, which a core's TLB still reaches. (16 MiB, cells
  /// half the size: first measured slower on `large`, a miss per lookup; since the map is
  /// marked in bands, the plain run the same and the survey mask 5 % faster, for 10 MiB and
  /// 38 MiB more of peak memory: left at 4 MiB, docs/PERFORMANCE.md.)
  static let maximumCells = 1 << 25

  /// The map of every entry of `indexes`, or `nil` when it would mark so much of the sky that
  /// looking it up would cost more than it saves. Built on `runner`'s threads, each marking
  /// its own bands (``Marking``). With `interior` (one index of
  /// circles), cells are a quarter of the typical radius tall where the bitmap allows, and
  /// the cells wholly inside a circle are marked as well (``isInside(cell:)``).
  /// `cellBudget` overrides the number of cells the contaminants' count allows (tests).
  init?(
    indexes: [ContaminantIndex], interior: Bool = false, cellBudget: Int? = nil,
    runner: ParallelRunner = .allCores
  ) {
    let total = indexes.reduce(0) { $0 + $1.storage.count }
    guard total > 0 else { return nil }
    // Cells about the typical radius tall (the median of a sample), as small as the bitmap
    // allows; the sample's latitudes split the bands between the threads.
    var sample: [Double] = []
    var latitudes: [Double] = []
    for index in indexes {
      let step = max(1, total / 4096)
      for entry in stride(from: 0, to: index.storage.count, by: step) {
        sample.append(Self.searchRadius(index, entry: entry))
        let place = index.storage.entries[entry]
        latitudes.append(atan2(place.z, (place.x * place.x + place.y * place.y).squareRoot()))
      }
    }
    sample.sort()
    let typical = sample[sample.count / 2]
    // A few hundred cells per contaminant leave a percent or so of the sky covered; more
    // spares no query and costs page faults (a 2,000-contaminant map need not take 4 MiB).
    let budget = min(Self.maximumCells, cellBudget ?? max(1 << 16, 256 * total))
    let smallest = (2 * Double.pi * Double.pi / Double(budget)).squareRoot()
    var interior = interior && indexes.count == 1 && indexes[0].storage.shapes == nil
    let height = min(max(interior ? typical / 4 : typical, smallest), Double.pi / 4)
    // Cells more than half the typical radius tall leave few wholly inside a circle, and
    // circles of 90° or more are not tried (``Corners``).
    if height > typical / 2 || typical >= Corners.largest { interior = false }
    let bands = max(1, Int(Double.pi / height))
    let cells = max(1, Int(2 * Double.pi / height))
    let grid = Grid(bands: bands, cells: cells)
    let words = (bands * cells + 63) / 64
    // Half the sky's cells marked (overlaps counted twice): the map would spare little. A
    // thread's bands that alone pass that stop marking (a few 90° circles need not mark the
    // whole map).
    // Cells inside circles spare the most where the circles cover the sky: no limit then.
    let enough = interior ? Int.max : bands * cells / 2
    let layered = (2...Self.maximumLayers).contains(indexes.count)
    let mapCount = layered ? indexes.count : 1
    let corners = interior ? Corners(grid) : nil
    let marking = Marking(
      indexes: indexes, grid: grid, words: words, mapCount: mapCount, corners: corners,
      enough: enough,
      // Four ranges a thread, taken as threads come free: with one a thread, equal counts of
      // centres still left one thread marking alone for a sixth of the `seed` map's time (the
      // skipped bands differ); a circle across two ranges is read by both.
      ranges: Self.bandRanges(
        latitudes: latitudes, grid: grid, parts: runner.jobs == 1 ? 1 : 4 * runner.jobs))
    let (maps, inside, marked) = marking.run(on: runner)
    if marked > enough { return nil }
    if layered {
      layerBits = maps
      bits = runner.mapElements(count: words) { word in
        var union: UInt64 = 0
        for map in 0..<mapCount { union |= maps[map * words + word] }
        return union
      }
    } else {
      layerBits = []
      bits = maps
    }
    interiorBits = inside
    self.bands = bands
    self.cells = cells
    bandScale = grid.bandScale
    cellScale = grid.cellScale
    self.words = words
  }

  /// The angle around entry `entry` of `index` within which it may match a position, padded
  /// as the index pads its search.
  static func searchRadius(_ index: ContaminantIndex, entry: Int) -> Double {
    let chordSquared = index.storage.limits?[entry] ?? index.chordSquared
    let chord = min(chordSquared.squareRoot() / 2, 1)
    // At least 2 asin(chord) (the padding below covers the series' last bits), without a call.
    let angle = 2 * ContaminantIndex.arcsineUpperBound(chord)
    return min(
      angle * (1 + ContaminantIndex.relativePad) + ContaminantIndex.absolutePad + 1e-12, .pi)
  }

  /// The cells' layout while the map is built.
  struct Grid: Sendable {
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

  /// Marks the cells of a circle of `radius` around a centre at `latitude`, whose cosine is
  /// `cosLatitude`, in the bands `within` only; returns how many it marked.
  static func mark(
    _ words: UnsafeMutableBufferPointer<UInt64>, longitude: Double, latitude: Double,
    cosLatitude: Double, radius: Double, grid: Grid, within: Range<Int>
  ) -> Int {
    let (bands, cells, bandScale, cellScale) = (
      grid.bands, grid.cells, grid.bandScale, grid.cellScale
    )
    let south = latitude - radius
    let north = latitude + radius
    let first = max(band(south, bands: bands, scale: bandScale), within.lowerBound)
    let last = min(band(north, bands: bands, scale: bandScale), within.upperBound - 1)
    guard first <= last else { return 0 }
    // The circle's longitudes spread furthest where meridians touch it: asin(sin r / cos φ)
    // either side of its centre's, when it holds no pole (|φ| + r < π/2).
    var halfWidth = Double.pi
    if max(abs(south), abs(north)) < .pi / 2 {
      // Bounded from above, the centre's cosine lowered for its rounding: without a sine
      // below 0.1 rad (sin r ≤ r), with one for large circles, where r is much above it.
      let ratio =
        (radius < 0.1 ? radius : sin(radius)) / (cosLatitude * (1 - 1e-12) - 1e-15)
      if ratio >= 0 && ratio < 1 {
        halfWidth =
          ContaminantIndex.arcsineUpperBound(ratio) * (1 + ContaminantIndex.relativePad)
          + ContaminantIndex.longitudePad
      }
    }
    // The same longitudes in every band: one or two runs of cells (an empty one is
    // (0, −1)), found once.
    var (one, two) = ((0, cells - 1), (0, -1))
    if halfWidth < .pi {
      let low = longitude - halfWidth
      let high = longitude + halfWidth
      if low < 0 {
        one = (0, cell(high, cells: cells, scale: cellScale))
        two = (cell(low + 2 * .pi, cells: cells, scale: cellScale), cells - 1)
      } else if high >= 2 * .pi {
        one = (cell(low, cells: cells, scale: cellScale), cells - 1)
        two = (0, cell(high - 2 * .pi, cells: cells, scale: cellScale))
      } else {
        one = (
          cell(low, cells: cells, scale: cellScale), cell(high, cells: cells, scale: cellScale)
        )
      }
    }
    var marked = 0
    for band in first...last {
      let row = band * cells
      if one.0 <= one.1 {
        setBits(words, from: row + one.0, through: row + one.1)
        marked += one.1 - one.0 + 1
      }
      if two.0 <= two.1 {
        setBits(words, from: row + two.0, through: row + two.1)
        marked += two.1 - two.0 + 1
      }
    }
    return marked
  }

  /// Sets bits `first` through `last` of `bits`, a word at a time.
  @inline(__always)
  static func setBits(
    _ words: UnsafeMutableBufferPointer<UInt64>, from first: Int, through last: Int
  ) {
    let (firstWord, lastWord, low, high) = wordSpan(from: first, through: last)
    if firstWord == lastWord {
      words[firstWord] |= low & high
      return
    }
    words[firstWord] |= low
    for word in (firstWord + 1)..<lastWord { words[word] = .max }
    words[lastWord] |= high
  }

  /// The words holding bits `first ... last`, and the masks of those bits in the first word
  /// and in the last.
  @inline(__always)
  private static func wordSpan(from first: Int, through last: Int)
    -> (firstWord: Int, lastWord: Int, low: UInt64, high: UInt64)
  {
    (
      first >> 6, last >> 6, UInt64.max << UInt64(first & 63),
      UInt64.max >> UInt64(63 - (last & 63))
    )
  }

  /// Whether the bits `first ... last` of `words` are all set.
  @inline(__always)
  static func allBitsSet(
    _ words: UnsafeMutableBufferPointer<UInt64>, from first: Int, through last: Int
  ) -> Bool {
    let (firstWord, lastWord, low, high) = wordSpan(from: first, through: last)
    if firstWord == lastWord { return words[firstWord] & (low & high) == low & high }
    guard words[firstWord] & low == low && words[lastWord] & high == high else { return false }
    for word in (firstWord + 1)..<lastWord where words[word] != .max { return false }
    return true
  }

  @inline(__always)
  static func band(_ latitude: Double, bands: Int, scale: Double) -> Int {
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

  /// Whether the map knows cells wholly inside a circle.
  var hasInterior: Bool { !interiorBits.isEmpty }

  /// Whether every position in cell `cell` lies within some contaminant's radius (never, when
  /// the map was built without `interior`).
  @inline(__always)
  func isInside(cell: Int) -> Bool {
    guard !interiorBits.isEmpty else { return false }
    return interiorBits.withUnsafeBufferPointer { $0[cell >> 6] } & (1 << UInt64(cell & 63)) != 0
  }

  /// The unit vectors of the cells' corners, and the test of a cell against a circle.
  ///
  /// Why the corners decide: a cell is the set of latitudes [φ₁, φ₂] and longitudes [λ₁, λ₂].
  /// For a fixed latitude, the distance to the centre c grows with the longitude's distance
  /// from c's (cos d = sin φ sin φc + cos φ cos φc cos Δλ), so on a cell's parallel it is
  /// largest at an end, or at the longitude opposite c's if that lies within [λ₁, λ₂]. For a
  /// fixed longitude, cos d = R cos(φ − φ₀) has no interior minimum over [φ₁, φ₂] unless the
  /// distance there reaches 90°, which would put the ends beyond 90° too. So when those points
  /// (the four corners, and the two at the opposite longitude) lie within a circle of less
  /// than 90°, the whole cell does.
  struct Corners: Sendable {
    /// cos φ and sin φ of each band's edges (`bands + 1`), cos λ and sin λ of each cell's
    /// edges (`cells + 1`), at exactly the edges the lookup's `floor` uses.
    private let bandEdges: [(cos: Double, sin: Double)]
    private let cellEdges: [(cos: Double, sin: Double)]
    private let grid: Grid

    /// The radius below which no cell is tried: a circle of a few cells at least, and far
    /// above the margin.
    static let smallest = 1e-5
    /// The radius from which no cell is tried: the argument above needs circles of less
    /// than 90°.
    static let largest = Double.pi / 2 - 0.01

    init(_ grid: Grid) {
      self.grid = grid
      bandEdges = (0...grid.bands).map { band in
        let latitude = min(Double(band) / grid.bandScale - .pi / 2, .pi / 2)
        return (cos(latitude), sin(latitude))
      }
      cellEdges = (0...grid.cells).map { cell in
        let longitude = Double(cell) / grid.cellScale
        return (cos(longitude), sin(longitude))
      }
    }

    /// Marks in `words` the cells, of the bands `within`, wholly inside the circle around
    /// `centre` of squared chord `chordSquared`, shrunk by a relative 10⁻⁹ and 10⁻¹² rad: far
    /// more than the rounding of a position's cell, its unit vector and the cut's chord.
    func markInside(
      _ words: UnsafeMutableBufferPointer<UInt64>, centre: ZoneStorage.Entry, latitude: Double,
      chordSquared: Double, within: Range<Int>
    ) {
      let radius = 2 * asin(min(chordSquared.squareRoot() / 2, 1))
      guard radius >= Self.smallest, radius < Self.largest else { return }
      let shrunk = radius * (1 - 1e-9) - 1e-12
      let limit = 4 * sin(shrunk / 2) * sin(shrunk / 2)
      // The bands wholly within the circle's latitudes; in each, the run of cells inside.
      let firstBand = max(
        0, Int((latitude - shrunk + .pi / 2) * grid.bandScale) + 1, within.lowerBound)
      let lastBand =
        min(
          grid.bands, Int((latitude + shrunk + .pi / 2) * grid.bandScale), within.upperBound) - 1
      guard firstBand <= lastBand else { return }
      let opposite = centre.longitude < .pi ? centre.longitude + .pi : centre.longitude - .pi
      let cells = grid.cells
      func inside(_ band: (cos: Double, sin: Double), _ cell: (cos: Double, sin: Double)) -> Bool {
        let dx = band.cos * cell.cos - centre.x
        let dy = band.cos * cell.sin - centre.y
        let dz = band.sin - centre.z
        return dx * dx + dy * dy + dz * dz < limit
      }
      let home = min(Int(centre.longitude * grid.cellScale), cells - 1)
      // A cell or edge index from −cells to two turns on, modulo `cells` without a division
      // (two of them per edge tested were a tenth of marking).
      @inline(__always)
      func wrapped(_ index: Int) -> Int {
        var wrapped = index
        if wrapped < 0 {
          wrapped += cells
        } else if wrapped >= cells {
          wrapped -= cells
          if wrapped >= cells { wrapped -= cells }
        }
        return wrapped
      }
      let (sinCentre, cosCentre) = (
        centre.z, (centre.x * centre.x + centre.y * centre.y).squareRoot()
      )
      let cosLimit = 1 - limit / 2  // cos of the shrunk radius, from its squared chord
      bandEdges.withUnsafeBufferPointer { bandEdges in
        cellEdges.withUnsafeBufferPointer { cellEdges in
          // Each edge latitude's half-width, computed once: a band's north edge is the next
          // band's south edge.
          var southWidth = Self.halfWidth(bandEdges[firstBand], sinCentre, cosCentre, cosLimit)
          for band in firstBand...lastBand {
            let (south, north) = (bandEdges[band], bandEdges[band + 1])
            let northWidth = Self.halfWidth(north, sinCentre, cosCentre, cosLimit)
            defer { southWidth = northWidth }
            // A meridian edge of the band: both its ends inside.
            func edgeInside(_ cell: Int) -> Bool {
              let edge = cellEdges[wrapped(cell)]
              return inside(south, edge) && inside(north, edge)
            }
            // Inside cells make one run around the centre's longitude (the distance grows
            // with the longitude's distance on a parallel), so a run whose end edges are
            // inside, with the centre's cell in it, is inside. Its ends are predicted from
            // the longitude half-width at which each edge latitude leaves the circle, widened
            // by more than the arccosine's error (so never short of the true ends), then
            // moved in while an end edge fails: the whole run, with two edges tested where
            // testing the centre's cell and then walking out took six.
            let halfWidth = min(southWidth, northWidth)
            var west = home
            var east = home
            if halfWidth.isFinite && halfWidth < .pi {
              let reach = (halfWidth + Self.arccosineError) * grid.cellScale
              let offset = centre.longitude * grid.cellScale
              west = min(home + 1, max(home - cells + 1, Int((offset - reach).rounded(.up))))
              east = max(
                home - 1, min(west + cells - 1, Int((offset + reach).rounded(.down)) - 1))
              // The run lies within its prediction: where earlier circles already marked all
              // of that (overlapping circles, as large ones mostly are), there is nothing to
              // test or mark.
              if west >= 0 && east < cells && west <= east
                && CoverageMap.allBitsSet(
                  words, from: band * cells + west, through: band * cells + east)
              {
                continue
              }
              while west <= home && !edgeInside(west) { west += 1 }
              while east >= home && !edgeInside(east + 1) { east -= 1 }
              guard west <= home && east >= home else { continue }
            } else {
              // A whole parallel within reach: the run walked out from the centre's cell.
              guard edgeInside(home) && edgeInside(home + 1) else { continue }
              while west - 1 > home - cells && edgeInside(west - 1) { west -= 1 }
              while east + 1 < west + cells && edgeInside(east + 2) { east += 1 }
            }
            // A run reaching half a turn from the centre may hold the opposite longitude,
            // where a parallel is furthest from the centre: it must be inside too.
            if 2 * (home + 1 - west) >= cells - 2 || 2 * (east + 1 - home) >= cells - 2 {
              let far = (cos(opposite), sin(opposite))
              guard inside(south, far) && inside(north, far) else { continue }
            }
            // The run, split where it wraps past longitude 0.
            let (from, to) = (wrapped(west), wrapped(east))
            if from <= to && east - west < cells {
              CoverageMap.setBits(words, from: band * cells + from, through: band * cells + to)
            } else {
              CoverageMap.setBits(
                words, from: band * cells + from, through: band * cells + cells - 1)
              CoverageMap.setBits(words, from: band * cells, through: band * cells + to)
            }
          }
        }
      }
    }

    /// The longitude half-width within which the parallel of `edge` lies inside the circle
    /// of cosine `cosLimit` around a centre at latitude (sin, cos) `(sinCentre, cosCentre)`:
    /// `cos Δλ > (cos r − sin φ sin φc) / (cos φ cos φc)`. An estimate (the exact test
    /// settles the run's ends), so `acos` is approximated (libm's was a third of the time the
    /// estimate saved); +∞ for a whole parallel, 0 for none.
    @inline(__always)
    static func halfWidth(
      _ edge: (cos: Double, sin: Double), _ sinCentre: Double, _ cosCentre: Double,
      _ cosLimit: Double
    ) -> Double {
      let denominator = edge.cos * cosCentre
      guard denominator > 1e-300 else { return 0 }
      let k = (cosLimit - edge.sin * sinCentre) / denominator
      if k <= -1 { return .infinity }
      return k >= 1 ? 0 : approximateArccosine(k)
    }

    /// More than the error of ``approximateArccosine(_:)`` (at most 6.76·10⁻⁵ rad, measured
    /// against `acos` over 2·10⁷ points of [−1, 1]), rounding included.
    static let arccosineError = 1e-4

    /// `acos(x)` for `x` in `(−1, 1)` to within 10⁻⁴ rad: Abramowitz & Stegun 4.4.45,
    /// `√(1 − x) (a₀ + a₁x + a₂x² + a₃x³)` on `[0, 1]`, and `π − acos(−x)` below 0.
    @inline(__always)
    static func approximateArccosine(_ x: Double) -> Double {
      let y = abs(x)
      let value =
        (1 - y).squareRoot()
        * (1.570_728_8 + y * (-0.212_114_4 + y * (0.074_261_0 - y * 0.018_729_3)))
      return x < 0 ? .pi - value : value
    }
  }
}
