import Foundation

/// Picks a catalogue's coordinate columns and turns their values into unit vectors.
enum CoordinateResolver {
  /// The coordinate columns of a table with these column names (and FITS units, if any),
  /// and the indices of the two columns.
  static func resolve(
    names: [String], units: [String]?, options: CatalogueReadOptions, at location: SourceLocation
  ) throws -> (columns: CoordinateColumns, indices: (Int, Int)) {
    let pair: CoordinateColumns.KnownPair
    let indices: (Int, Int)
    if let requested = options.columns {
      let first = try ColumnResolver.resolve(requested.first, in: names, at: location)
      let second = try ColumnResolver.resolve(requested.second, in: names, at: location)
      pair =
        CoordinateColumns.knownPair(first: requested.first, second: requested.second)
        ?? .init(
          first: requested.first, second: requested.second, convention: .longitudeLatitude,
          frame: .icrs)
      indices = (first, second)
    } else {
      (pair, indices) = try detect(names: names, at: location)
    }
    let defaultUnit: CoordinateColumns.Unit =
      pair.convention == .longitudeLatitude ? .degrees : .radians
    func unit(_ index: Int) throws -> CoordinateColumns.Unit {
      guard let units else { return defaultUnit }
      return try CoordinateColumns.Unit.parse(
        units[index], at: location.with(column: names[index])) ?? defaultUnit
    }
    let columns = CoordinateColumns(
      first: names[indices.0], second: names[indices.1], convention: pair.convention,
      frame: options.frame ?? pair.frame, units: (try unit(indices.0), try unit(indices.1)))
    return (columns, indices)
  }

  /// The first family of known names with a pair present; two pairs of one family are
  /// ambiguous.
  private static func detect(names: [String], at location: SourceLocation) throws
    -> (CoordinateColumns.KnownPair, (Int, Int))
  {
    for family in CoordinateColumns.knownFamilies {
      var found: [(CoordinateColumns.KnownPair, (Int, Int))] = []
      for pair in family {
        if let first = try ColumnResolver.find(pair.first, in: names, at: location),
          let second = try ColumnResolver.find(pair.second, in: names, at: location)
        {
          found.append((pair, (first, second)))
        }
      }
      if found.count == 1 { return found[0] }
      if found.count > 1 {
        throw CatalogueError.ambiguousColumn(
          "coordinates", candidates: found.map { "\(names[$0.1.0])/\(names[$0.1.1])" }, location)
      }
    }
    throw CatalogueError.columnNotFound(
      "RA/DEC, GLON/GLAT or THETA/PHI (name them with --columns)", available: names, location)
  }

  /// Converts the values of the two coordinate columns into unit vectors, checking every row.
  ///
  /// - Parameter location: the location of row `i` (0-based), for errors.
  /// - Throws: ``CatalogueError/invalidValue(_:expected:_:)`` for a NaN or infinite value,
  ///   ``CatalogueError/coordinateOutOfRange(_:range:count:_:)`` for a latitude beyond ±90° or
  ///   a colatitude outside [0, π]; each names the first bad row and counts them all.
  static func unitVectors(
    first: UnsafeBufferPointer<Double>, second: UnsafeBufferPointer<Double>,
    columns: CoordinateColumns, location: (Int) -> SourceLocation, into output: inout [UnitVector]
  ) throws {
    let scale1 = columns.units.first == .degrees ? Double.pi / 180 : 1
    let scale2 = columns.units.second == .degrees ? Double.pi / 180 : 1
    var firstBad: (row: Int, column: String, value: Double, finite: Bool)?
    var badCount = 0
    output.reserveCapacity(output.count + first.count)
    for row in 0..<first.count {
      let a = first[row] * scale1
      let b = second[row] * scale2
      let vector: UnitVector
      switch columns.convention {
      case .longitudeLatitude:
        if !a.isFinite || !b.isFinite || abs(b) > .pi / 2 {
          badCount += 1
          if firstBad == nil {
            firstBad =
              !a.isFinite
              ? (row, columns.first, first[row], false)
              : (row, columns.second, second[row], b.isFinite)
          }
          vector = UnitVector(x: .nan, y: .nan, z: .nan)
        } else {
          vector = UnitVector(longitude: a, latitude: b)
        }
      case .colatitudeLongitude:
        if !a.isFinite || !b.isFinite || a < 0 || a > .pi {
          badCount += 1
          if firstBad == nil {
            firstBad =
              !b.isFinite
              ? (row, columns.second, second[row], false)
              : (row, columns.first, first[row], a.isFinite)
          }
          vector = UnitVector(x: .nan, y: .nan, z: .nan)
        } else {
          vector = UnitVector(theta: a, phi: b)
        }
      }
      output.append(vector)
    }
    guard let bad = firstBad else { return }
    let badLocation = location(bad.row).with(column: bad.column)
    if !bad.finite {
      let others =
        badCount > 1 ? " (\(badCount) rows have invalid coordinates; this is the first)" : ""
      throw CatalogueError.invalidValue(
        String(bad.value), expected: "a finite coordinate\(others)", badLocation)
    }
    let range: String
    switch (
      columns.convention, bad.column == columns.first ? columns.units.first : columns.units.second
    ) {
    case (.longitudeLatitude, .degrees): range = "[-90, 90] degrees"
    case (.longitudeLatitude, .radians): range = "[-π/2, π/2] radians"
    case (.colatitudeLongitude, .degrees): range = "[0, 180] degrees"
    case (.colatitudeLongitude, .radians): range = "[0, π] radians"
    }
    throw CatalogueError.coordinateOutOfRange(bad.value, range: range, count: badCount, badLocation)
  }
}
