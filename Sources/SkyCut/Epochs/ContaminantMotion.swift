import Foundation

/// The columns a catalogue's proper motions are read from, found in its header.
struct MotionColumns {
  let properMotion: (ra: String, dec: String)
  let parallax: String?
  let radialVelocity: String?
  let epoch: String?

  /// Finds them in `names`.
  /// - Throws: ``CatalogueError/invalidArgument(_:)`` (a usage error) when the proper motions
  ///   or, without a fixed contaminant epoch, the epoch column are not there.
  init(_ options: EpochOptions, names: [String], at location: SourceLocation) throws {
    func find(_ candidates: [String]) throws -> String? {
      for name in candidates {
        if let index = try ColumnResolver.find(name, in: names, at: location) {
          return names[index]
        }
      }
      return nil
    }
    let wanted = options.properMotionColumns.map { [$0.ra, $0.dec] } ?? ["PMRA", "PMDEC"]
    guard let ra = try find([wanted[0]]), let dec = try find([wanted[1]]) else {
      throw CatalogueError.invalidArgument(
        "\(location): an epoch needs proper motions, but there is no \(wanted[0]) and "
          + "\(wanted[1]) (give --pm-columns); the columns are "
          + names.map { "'\($0)'" }.joined(separator: ", "))
    }
    properMotion = (ra, dec)
    parallax = try find(EpochOptions.parallaxNames)
    radialVelocity = try find(EpochOptions.radialVelocityNames)
    if options.contaminantEpoch != nil {
      epoch = nil
    } else if let column = options.epochColumn {
      epoch = names[try ColumnResolver.resolve(column, in: names, at: location)]
    } else if let found = try find(EpochOptions.epochNames) {
      epoch = found
    } else {
      throw CatalogueError.invalidArgument(
        "\(location): no epoch column (REF_EPOCH or EPOCH): give --contaminant-epoch or "
          + "--epoch-column")
    }
  }

  /// The columns to read, in order: µα*, µδ, then those present of parallax, RV, epoch.
  var all: [String] {
    [properMotion.ra, properMotion.dec] + [parallax, radialVelocity, epoch].compactMap { $0 }
  }
}

extension Catalogue {
  /// Reads a contaminant catalogue and, with `epochs`, moves it to the objects' epoch (its
  /// motion columns found in its header and read with it).
  static func readContaminants(
    path: String, options: CatalogueReadOptions, epochs: EpochOptions?, runner: ParallelRunner
  ) throws -> (Catalogue, EpochReport?) {
    guard let epochs else { return (try read(path: path, options: options), nil) }
    let (catalogue, motions) = try readMoving(path: path, options: options, epochs: epochs)
    return catalogue.moved(to: epochs.objectEpoch, motions, runner: runner)
  }

  /// Reads a contaminant catalogue with its motion columns, where the catalogue puts it.
  /// - Throws: ``CatalogueError/invalidArgument(_:)`` for a catalogue without proper motions
  ///   or not in ICRS RA/Dec.
  static func readMoving(path: String, options: CatalogueReadOptions, epochs: EpochOptions)
    throws -> (Catalogue, RowMotions)
  {
    let header = try RowSources.open(path: path, options: options)
    let columns = try MotionColumns(epochs, names: header.columnNames, at: header.tableLocation)
    var withMotion = options
    withMotion.valueColumns += columns.all
    let catalogue = try read(path: path, options: withMotion)
    guard catalogue.frame == .icrs else {
      throw CatalogueError.invalidArgument(
        "\(path): proper motions are moved in RA/Dec (ICRS), not \(catalogue.frame.rawValue) "
          + "coordinates")
    }
    return (catalogue, RowMotions(catalogue, epochs, columns: columns))
  }

  /// This catalogue with its positions moved to Julian epoch `epoch`; rows without proper
  /// motion or epoch (and unusable rows) stay.
  func moved(to epoch: Double, _ motions: RowMotions, runner: ParallelRunner)
    -> (Catalogue, EpochReport)
  {
    let invalid = invalidRows  // increasing
    let parts = runner.map(ChunkSplitter(count: rowCount, chunks: max(1, min(rowCount / 4096, 64))))
    { rows -> ([UnitVector], EpochReport) in
      var report = EpochReport()
      var moved: [UnitVector] = []
      moved.reserveCapacity(rows.count)
      var next = invalid.partitioningIndex(where: { $0 >= rows.lowerBound })
      for row in rows {
        if next < invalid.count && invalid[next] == row {
          next += 1
          moved.append(self.positions[row])
        } else if let next = motions.position(row, at: epoch) {
          report.moved += 1
          moved.append(next)
        } else {
          report.withoutMotion += 1
          moved.append(self.positions[row])
        }
      }
      return (moved, report)
    }
    return (replacingPositions(parts.flatMap(\.0)), parts.map(\.1).reduce(EpochReport(), +))
  }
}

/// Each row's motion through space, from the catalogue's epoch and motion columns: where a
/// star is at any epoch.
///
/// Holds the columns as read; a row's RA/Dec and motion are formed when it is moved, so that
/// all the per-row work runs in the callers' parallel chunks (10⁶ stars: two arctangents and
/// an allocation each, on one thread, were a fifth of moving them).
struct RowMotions: Sendable {
  /// Where the catalogue puts each row (ICRS).
  private let positions: [UnitVector]
  /// µα*, µδ (mas/yr), parallax (mas), radial velocity (km/s) and epoch columns; the last
  /// three may be missing.
  private let pmRA: [Double]
  private let pmDec: [Double]
  private let parallax: [Double]?
  private let velocity: [Double]?
  private let epochs: [Double]?
  /// The catalogue epoch given for every row, if any.
  private let fixedEpoch: Double?

  init(_ catalogue: Catalogue, _ options: EpochOptions, columns: MotionColumns) {
    let column = { (name: String?) in name.flatMap { catalogue.values[$0] } }
    positions = catalogue.positions
    pmRA = column(columns.properMotion.ra) ?? []
    pmDec = column(columns.properMotion.dec) ?? []
    parallax = column(columns.parallax)
    velocity = column(columns.radialVelocity)
    epochs = column(columns.epoch)
    fixedEpoch = options.contaminantEpoch
  }

  /// Where row `row` is at Julian epoch `epoch`, or `nil` when it stays where the catalogue
  /// puts it (no proper motion, no epoch, or ERFA cannot move it).
  func position(_ row: Int, at epoch: Double) -> UnitVector? {
    guard let (motion, from) = motion(of: row) else { return nil }
    let place = positions[row]
    guard
      let next = motion.position(
        ra: place.longitude, dec: place.latitude, from: from, to: epoch)
    else { return nil }
    return UnitVector(longitude: next.ra, latitude: next.dec)
  }

  /// Row `row`'s motion and the Julian epoch it starts from, or `nil` when it has no proper
  /// motion or epoch (it stays where the catalogue puts it).
  @inline(__always)
  private func motion(of row: Int) -> (SpaceMotion, from: Double)? {
    let motion = SpaceMotion(
      pmRA: pmRA[row], pmDec: pmDec[row], parallax: parallax?[row] ?? .nan,
      radialVelocity: velocity?[row] ?? .nan)
    let from = fixedEpoch ?? epochs?[row] ?? .nan
    return motion.isKnown && from.isFinite ? (motion, from) : nil
  }

  /// For each of `rows`, an upper bound, in radians, of how far it moves from where the
  /// catalogue puts it to any Julian epoch in `range` (see ``MovingLayer``); and for a range
  /// of one epoch, how many of them move there and how many stay (no proper motion or epoch,
  /// or ERFA cannot move them), as ``Catalogue/moved(to:_:runner:)`` counts them.
  func displacementBounds(of rows: [Int], over range: ClosedRange<Double>, runner: ParallelRunner)
    -> (bounds: [Double], report: EpochReport)
  {
    guard !rows.isEmpty else { return ([], EpochReport()) }
    let chunks = ChunkSplitter(count: rows.count, chunks: max(1, min(rows.count / 4096, 64)))
    var report = EpochReport()
    // Each chunk writes its rows' bounds in place: chunks' arrays joined after were a fifth of
    // the page faults of preparing a mask of 10⁶ stars.
    let bounds = [Double](uninitializedCount: rows.count) { buffer, initialized in
      let target = DisjointWrites(base: buffer.baseAddress!)
      report = runner.map(chunks) { part -> EpochReport in
        var report = EpochReport()
        for position in part {
          let (bound, moves) = self.displacementBound(rows[position], over: range)
          if moves { report.moved += 1 } else { report.withoutMotion += 1 }
          (target.base + position).initialize(to: bound)
        }
        return report
      }.reduce(EpochReport(), +)
      initialized = rows.count
    }
    return (bounds, report)
  }

  /// An upper bound, in radians, of how far row `row` moves from where the catalogue puts it
  /// to any Julian epoch in `range`, and whether ERFA moves it (to the range's upper end).
  ///
  /// A star the bound holds for always moves: under 5 % of the speed of light and not
  /// passing the Sun, none of ERFA's failures (a speed reaching c, a zero distance) can
  /// happen.
  @inline(__always)
  private func displacementBound(_ row: Int, over range: ClosedRange<Double>) -> (Double, Bool) {
    guard let (motion, from) = motion(of: row) else { return (0, false) }
    let place = positions[row]
    // The bound grows with the time moved: the end further from the catalogue's epoch.
    let (low, high) = (range.lowerBound, range.upperBound)
    let furthest = abs(low - from) > abs(high - from) ? low : high
    if let bound = motion.displacementBound(at: place, from: from, to: furthest) {
      return (bound, true)
    }
    let ends = low == high ? [position(row, at: low)] : [low, high].map { position(row, at: $0) }
    let bound = ends.map { $0.map { place.separation(from: $0).radians } ?? 0 }.max()!
    return (bound * (1 + 1e-9) + 1e-12, ends.last! != nil)
  }
}
