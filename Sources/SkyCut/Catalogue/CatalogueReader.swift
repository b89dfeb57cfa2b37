/// Reads a catalogue's positions (and radii) through the engine's sources, in parallel chunks
/// per block.
enum CatalogueReader {
  static func read(path: String, options: CatalogueReadOptions) throws -> Catalogue {
    let format = try CatalogueFormat.inferred(fromPath: path)
    let spool = path == Catalogue.standardStream ? try SpooledInput() : nil
    let source: any RowSource =
      if let spool {
        try TextRowSource(path: spool.path, format: format, displayPath: "<stdin>")
      } else {
        try RowSources.open(path: path, options: options)
      }
    let location = source.tableLocation
    let (coordinates, indices) = try CoordinateResolver.resolve(
      names: source.columnNames, units: source.columnUnits, options: options, at: location)
    let first = try source.numericField(indices.0, role: "a coordinate")
    let second = try source.numericField(indices.1, role: "a coordinate")
    var radius: (index: Int, field: NumericField, unit: Angle.Unit)?
    if let name = options.radiusColumn {
      let index = try ColumnResolver.resolve(name, in: source.columnNames, at: location)
      radius = (
        index, try source.numericField(index, role: "a radius"),
        try ContaminantRadii.unit(
          tunit: source.columnUnits?[index], fallback: options.radiusUnit,
          at: location.with(column: source.columnNames[index]))
      )
    }
    let converter = CoordinateConverter(columns: coordinates)
    let radiusField = radius?.field
    var positions: [UnitVector] = []
    var invalid: [Int] = []
    var radiusValues: [Double] = []
    var firstBadRadius: SourceLocation?
    var failure: (invalid: InvalidCoordinates, location: SourceLocation)?
    while let block = try source.next() {
      let parts = ParallelRunner.allCores.map(
        ChunkSplitter(count: block.count, chunks: max(1, min(block.count / 4096, 64)))
      ) { rows in
        Chunk(rows, of: block, first: first, second: second, radius: radiusField, converter)
      }
      for part in parts {
        if let (row, column) = part.notANumber {
          let index = [indices.0, indices.1, radius?.index ?? 0][column]
          throw CatalogueError.invalidValue(
            source.field(index, row: row, in: block), expected: "a number",
            source.location(row: row, in: block, column: source.columnNames[index]))
        }
        if let bad = part.invalid {
          if var known = failure {
            known.invalid.count += bad.count
            failure = known
          } else {
            failure = (bad, source.location(row: bad.row, in: block, column: nil))
          }
        }
        invalid += part.invalidRows.map { $0 + block.firstRow }
        positions += part.positions
        radiusValues += part.radii
      }
      // Where the first unusable radius is, for the message about it.
      if let radius, firstBadRadius == nil,
        let row = radiusValues[block.firstRow...].firstIndex(where: { !($0.isFinite && $0 >= 0) })
      {
        firstBadRadius = source.location(
          row: row - block.firstRow, in: block, column: source.columnNames[radius.index])
      }
    }
    if let failure, options.invalidRows == .error {
      throw failure.invalid.error(at: failure.location, columns: coordinates)
    }
    var radii: [Angle]?
    if let radius {
      radii = try ContaminantRadii.angles(
        radiusValues, unit: radius.unit, policy: options.invalidRows,
        location: { _ in firstBadRadius ?? location }, invalid: &invalid)
    }
    let fits = source as? FITSRowSource
    return Catalogue(
      path: path, format: format, extensionNumber: fits?.tableNumber,
      columnNames: source.columnNames, coordinates: coordinates, positions: positions,
      invalidRows: invalid, radii: radii, spool: spool)
  }

  /// One chunk of a block, decoded.
  private struct Chunk: Sendable {
    var positions: [UnitVector] = []
    var invalidRows: [Int] = []
    var radii: [Double] = []
    var invalid: InvalidCoordinates?
    /// The first row with text that is not a number, and which field (0, 1: coordinates;
    /// 2: the radius).
    var notANumber: (Int, Int)?

    init(
      _ rows: Range<Int>, of block: RowBlock, first: NumericField, second: NumericField,
      radius: NumericField?, _ converter: CoordinateConverter
    ) {
      positions.reserveCapacity(rows.count)
      for row in rows {
        guard let a = first.value(row, in: block) else {
          notANumber = (row, 0)
          return
        }
        guard let b = second.value(row, in: block) else {
          notANumber = (row, 1)
          return
        }
        if let vector = converter.vector(a, b) {
          positions.append(vector)
        } else {
          invalid.record(converter.invalid(row: row, a, b))
          invalidRows.append(row)
          positions.append(UnitVector(x: .nan, y: .nan, z: .nan))
        }
        if let radius {
          // An empty text field is a null radius; other text that is not a number is not.
          if let value = radius.value(row, in: block) {
            radii.append(value)
          } else if radius.isEmpty(row, in: block) {
            radii.append(.nan)
          } else {
            notANumber = (row, 2)
            return
          }
        }
      }
    }
  }
}
