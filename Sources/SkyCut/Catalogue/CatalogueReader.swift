/// Reads a catalogue's positions (and radii, and other numeric columns asked for) through the
/// engine's sources, in parallel chunks per block.
enum CatalogueReader {
  static func read(path: String, options requested: CatalogueReadOptions) throws -> Catalogue {
    var options = requested
    if let ellipse = options.ellipseColumns {
      options.valueColumns += [ellipse.a, ellipse.b, ellipse.positionAngle]
    }
    let format = try CatalogueFormat.inferred(fromPath: path)
    let spool = path == Catalogue.standardStream ? try SpooledInput() : nil
    let source: any RowSource =
      if let spool {
        try TextRowSource(path: spool.path, format: format, displayPath: "<stdin>")
      } else {
        try RowSources.open(path: path, options: options)
      }
    let fields = try Fields(source, options: options)
    var read = Accumulated(
      extras: fields.extras.count, rows: source.rowCount ?? 0, radii: fields.radiusUnit != nil)
    while let block = try source.next() {
      let parts = ParallelRunner.allCores.map(
        ChunkSplitter(count: block.count, chunks: max(1, min(block.count / 4096, 64)))
      ) { rows in Chunk(rows, of: block, fields) }
      try read.add(parts, of: block, source: source, fields: fields)
    }
    if let failure = read.failure, options.invalidRows == .error {
      throw failure.invalid.error(at: failure.location, columns: fields.coordinates)
    }
    var radii: [Angle]?
    if let unit = fields.radiusUnit {
      radii = try ContaminantRadii.angles(
        read.radii, unit: unit, policy: options.invalidRows,
        location: { _ in read.firstBadRadius ?? source.tableLocation }, invalid: &read.invalid)
    }
    let values = Dictionary(
      zip(options.valueColumns, read.values[fields.valueSlots]),
      uniquingKeysWith: { first, _ in first })
    var ellipses: [EllipseShape?]?
    if let columns = options.ellipseColumns {
      ellipses = try ContaminantEllipses.shapes(
        columns, values: values, positions: read.positions, source: source,
        fallback: options.ellipseUnit, policy: options.invalidRows, invalid: &read.invalid)
    }
    let fits = source as? FITSRowSource
    return Catalogue(
      path: path, format: format, extensionNumber: fits?.tableNumber,
      columnNames: source.columnNames, coordinates: fields.coordinates,
      positions: read.positions, invalidRows: read.invalid, radii: radii, values: values,
      ellipses: ellipses, spool: spool)
  }

  /// The columns read: the coordinates, then the other numeric columns (the radius first, if
  /// asked for, then ``CatalogueReadOptions/valueColumns``).
  private struct Fields: Sendable {
    let coordinates: CoordinateColumns
    let indices: (Int, Int)
    let first: NumericField
    let second: NumericField
    /// The other numeric columns: their table column and how to read them.
    let extras: [(index: Int, field: NumericField)]
    /// The radius's unit, when the first of `extras` is a radius column or the catalogue has a
    /// radius expression.
    let radiusUnit: Angle.Unit?
    /// The radius expression, and the first of `extras` it reads (its columns in order).
    let expression: (formula: RadiusExpression, first: Int)?
    let converter: CoordinateConverter

    init(_ source: any RowSource, options: CatalogueReadOptions) throws {
      let location = source.tableLocation
      (coordinates, indices) = try CoordinateResolver.resolve(
        names: source.columnNames, units: source.columnUnits, options: options, at: location)
      first = try source.numericField(indices.0, role: "a coordinate")
      second = try source.numericField(indices.1, role: "a coordinate")
      converter = CoordinateConverter(columns: coordinates)
      var extras: [(Int, NumericField)] = []
      if let name = options.radiusColumn {
        let index = try ColumnResolver.resolve(name, in: source.columnNames, at: location)
        extras.append((index, try source.numericField(index, role: "a radius")))
        radiusUnit = try ContaminantRadii.unit(
          tunit: source.columnUnits?[index], fallback: options.radiusUnit,
          at: location.with(column: source.columnNames[index]))
      } else {
        radiusUnit = options.radiusExpression == nil ? nil : options.radiusUnit
      }
      if let formula = options.radiusExpression {
        expression = (formula, extras.count)
        for name in formula.columns {
          let index = try ColumnResolver.resolve(name, in: source.columnNames, at: location)
          extras.append((index, try source.numericField(index, role: "a number")))
        }
      } else {
        expression = nil
      }
      for name in options.valueColumns {
        let index = try ColumnResolver.resolve(name, in: source.columnNames, at: location)
        extras.append((index, try source.numericField(index, role: "a number")))
      }
      self.extras = extras
    }

    /// The extras that are not the radius or its expression's: the value columns.
    var valueSlots: Range<Int> {
      let first =
        (expression.map { $0.first + $0.formula.columns.count }) ?? (radiusUnit == nil ? 0 : 1)
      return first..<extras.count
    }

    /// The table column of field `field` of a chunk (0, 1: coordinates; then the extras).
    func column(_ field: Int) -> Int {
      switch field {
      case 0: indices.0
      case 1: indices.1
      default: extras[field - 2].index
      }
    }
  }

  /// What has been read so far.
  private struct Accumulated {
    var positions: [UnitVector] = []
    var invalid: [Int] = []
    /// One array per extra column.
    var values: [[Double]]
    /// Each row's radius in its unit, with a radius column or expression.
    var radii: [Double] = []
    /// The first unusable coordinate and where it is, with every such row counted.
    var failure: (invalid: InvalidCoordinates, location: SourceLocation)?
    var firstBadRadius: SourceLocation?

    /// Room for `rows` rows, when the source knows how many: growing by doubling would copy
    /// each column about twice and touch twice the memory.
    init(extras: Int, rows: Int, radii withRadii: Bool) {
      values = Array(repeating: [], count: extras)
      _ = (rows, withRadii)
    }

    /// Adds a block's chunks, in order.
    /// - Throws: ``CatalogueError/invalidValue(_:expected:_:)`` for text that is not a number.
    mutating func add(
      _ parts: [Chunk], of block: RowBlock, source: any RowSource, fields: Fields
    ) throws {
      for part in parts {
        if let (row, field) = part.notANumber {
          let column = fields.column(field)
          throw CatalogueError.invalidValue(
            source.field(column, row: row, in: block), expected: "a number",
            source.location(row: row, in: block, column: source.columnNames[column]))
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
        for extra in values.indices { values[extra] += part.values[extra] }
      }
      guard fields.radiusUnit != nil else { return }
      for part in parts { radii += part.radii }
      // Where the first unusable radius is, for the message about it.
      if firstBadRadius == nil,
        let row = radii[block.firstRow...].firstIndex(where: { !($0.isFinite && $0 >= 0) })
      {
        firstBadRadius = source.location(
          row: row - block.firstRow, in: block,
          column: fields.expression.map { "radius \($0.formula.text)" }
            ?? source.columnNames[fields.column(2)])
      }
    }
  }

  /// One chunk of a block, decoded.
  private struct Chunk: Sendable {
    var positions: [UnitVector] = []
    var invalidRows: [Int] = []
    /// One array per extra column.
    var values: [[Double]]
    /// Each row's radius in its unit, with a radius column or expression.
    var radii: [Double] = []
    var invalid: InvalidCoordinates?
    /// The first row with text that is not a number, and which field (0, 1: coordinates;
    /// then the extras).
    var notANumber: (Int, Int)?

    init(_ rows: Range<Int>, of block: RowBlock, _ fields: Fields) {
      let (first, second, converter) = (fields.first, fields.second, fields.converter)
      let extras = fields.extras.map(\.field)
      values = Array(repeating: [], count: extras.count)
      positions.reserveCapacity(rows.count)
      for extra in values.indices { values[extra].reserveCapacity(rows.count) }
      for row in rows {
        let (x, y) = NumericField.values(first, second, row, in: block)
        guard let a = x else {
          notANumber = (row, 0)
          return
        }
        guard let b = y else {
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
        for (extra, field) in extras.enumerated() {
          // An empty text field is a null; other text that is not a number is not.
          if let value = field.value(row, in: block) {
            values[extra].append(value)
          } else if field.isEmpty(row, in: block) {
            values[extra].append(.nan)
          } else {
            notANumber = (row, 2 + extra)
            return
          }
        }
      }
      if fields.radiusUnit != nil { radii = Self.radii(values, fields.expression) }
    }

    /// The rows' radii: the radius column's values (the first extra), or the expression's.
    private static func radii(
      _ values: [[Double]], _ expression: (formula: RadiusExpression, first: Int)?
    ) -> [Double] {
      guard let (formula, first) = expression else { return values[0] }
      let count = formula.columns.count
      var row = [Double](repeating: 0, count: count)
      var stack = [Double](repeating: 0, count: formula.stackDepth)
      return (0..<(values.first?.count ?? 0)).map { i in
        for j in 0..<count { row[j] = values[first + j][i] }
        return row.withUnsafeBufferPointer { formula.evaluate($0, stack: &stack) }
      }
    }
  }
}
