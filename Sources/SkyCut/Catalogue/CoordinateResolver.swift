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
  /// - Parameters:
  ///   - location: the location of row `i` (0-based), for errors.
  ///   - policy: with ``InvalidRowPolicy/error`` an unusable row is an error; otherwise its
  ///     vector is NaN and its row (offset by `firstRow`) is appended to `invalid`.
  /// - Throws: ``CatalogueError/invalidValue(_:expected:_:)`` for a NaN or infinite value,
  ///   ``CatalogueError/coordinateOutOfRange(_:range:count:_:)`` for a latitude beyond ±90° or
  ///   a colatitude outside [0, π]; each names the first bad row and counts them all.
  static func unitVectors(
    first: UnsafeBufferPointer<Double>, second: UnsafeBufferPointer<Double>,
    columns: CoordinateColumns, location: (Int) -> SourceLocation, policy: InvalidRowPolicy,
    firstRow: Int, into output: inout [UnitVector], invalid: inout [Int]
  ) throws {
    let converter = CoordinateConverter(columns: columns)
    var firstInvalid: InvalidCoordinates?
    output.reserveCapacity(output.count + first.count)
    for row in 0..<first.count {
      if let vector = converter.vector(first[row], second[row]) {
        output.append(vector)
      } else {
        firstInvalid.record(converter.invalid(row: row, first[row], second[row]))
        invalid.append(firstRow + row)
        output.append(UnitVector(x: .nan, y: .nan, z: .nan))
      }
    }
    if policy == .error, let firstInvalid {
      throw firstInvalid.error(at: location(firstInvalid.row), columns: columns)
    }
  }
}
