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
      // A text table's rows estimated after its first block: placeholders written over in
      // place, where arrays growing block by block were copied at each doubling.
      if read.rows == 0, source.rowCount == nil, let rows = source.estimatedRowCount {
        read.expect(rows, radii: fields.radiusUnit != nil)
      }
      try read.add(block, source: source, fields: fields)
    }
    read.finish()
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

    /// The placeholder position of a row not decoded yet (and of one whose coordinates are
    /// unusable).
    static let unknown = UnitVector(x: .nan, y: .nan, z: .nan)

    /// Rows decoded so far: the columns' first `rows` elements (the rest is placeholders).
    private(set) var rows = 0

    /// `rows` rows of placeholders, when the source knows how many, for the blocks to write
    /// over: filled on every core, where appending them block by block touched each new page
    /// on the reading thread (a tenth of preparing a mask of 10⁶ stars, in page faults).
    init(extras: Int, rows expected: Int, radii withRadii: Bool) {
      values = Array(repeating: [], count: extras)
      expect(expected, radii: withRadii)
    }

    /// Placeholders for `expected` rows, before any is read.
    mutating func expect(_ expected: Int, radii withRadii: Bool) {
      precondition(rows == 0, "placeholders before the first row")
      let runner = ParallelRunner.allCores
      positions = runner.mapElements(count: expected) { _ in Self.unknown }
      values = values.map { _ in runner.mapElements(count: expected) { _ in .nan } }
      if withRadii { radii = runner.mapElements(count: expected) { _ in .nan } }
    }

    /// Drops the placeholders of rows the source announced (or a text source's first block
    /// promised) but did not give. Beyond an eighth of the rows (a text table whose first rows
    /// were much shorter than the rest), the columns are copied at their size, not kept with
    /// the room.
    mutating func finish() {
      guard positions.count > rows else { return }
      let release = positions.count - rows > rows / 8
      func trim<Element>(_ column: inout [Element]) {
        column.removeLast(column.count - rows)
        guard release else { return }
        // A copy of its size: `Array(column)` would share the room.
        column = column.withUnsafeBufferPointer { kept in
          [Element](uninitializedCount: kept.count) { copy, count in
            if let from = kept.baseAddress {
              copy.baseAddress!.initialize(from: from, count: kept.count)
            }
            count = kept.count
          }
        }
      }
      trim(&positions)
      for extra in values.indices { trim(&values[extra]) }
      if !radii.isEmpty { trim(&radii) }
    }

    /// Decodes a block in parallel chunks, each writing its rows in place: the columns grow
    /// by the block first, so that nothing is copied after (appending each chunk's own arrays
    /// was a third of preparing a mask of 10⁶ stars, on one thread).
    /// - Throws: ``CatalogueError/invalidValue(_:expected:_:)`` for text that is not a number.
    mutating func add(_ block: RowBlock, source: any RowSource, fields: Fields) throws {
      // An empty column has no storage to write to.
      guard block.count > 0 else { return }
      let start = rows
      let withRadii = fields.radiusUnit != nil
      // Beyond the placeholders (a source that did not know its rows, or more than it said).
      let missing = start + block.count - positions.count
      if missing > 0 {
        positions.append(
          contentsOf: repeatElement(Self.unknown, count: missing))
        for extra in values.indices {
          values[extra].append(contentsOf: repeatElement(.nan, count: missing))
        }
        if withRadii { radii.append(contentsOf: repeatElement(.nan, count: missing)) }
      }
      rows += block.count
      let parts = positions.withUnsafeMutableBufferPointer { positions in
        radii.withUnsafeMutableBufferPointer { radii in
          Self.withColumns(&values) { columns in
            let target = Chunk.Target(
              positions: DisjointWrites(base: positions.baseAddress! + start),
              values: columns.map { DisjointWrites(base: $0 + start) },
              radii: withRadii ? DisjointWrites(base: radii.baseAddress! + start) : nil)
            // Each chunk writes rows `rows` of the block, and only those.
            return ParallelRunner.allCores.map(
              ChunkSplitter(count: block.count, chunks: max(1, min(block.count / 4096, 64)))
            ) { rows in Chunk(rows, of: block, fields, into: target) }
          }
        }
      }
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
      }
      guard withRadii else { return }
      // Where the first unusable radius is, for the message about it.
      if firstBadRadius == nil,
        let row = radii[start..<rows].firstIndex(where: { !ContaminantRadii.isUsable($0) })
      {
        firstBadRadius = source.location(
          row: row - start, in: block,
          column: fields.expression.map { "radius \($0.formula.text)" }
            ?? source.columnNames[fields.column(2)])
      }
    }

    /// Calls `body` with the base of each of `columns`, all held open at once.
    private static func withColumns<Result>(
      _ columns: inout [[Double]], _ body: ([UnsafeMutablePointer<Double>]) -> Result
    ) -> Result {
      func open(_ k: Int, _ bases: [UnsafeMutablePointer<Double>]) -> Result {
        if k == columns.count { return body(bases) }
        // Moved out while open, so that the array of columns is not accessed twice at once.
        var column = columns[k]
        columns[k] = []
        defer { columns[k] = column }
        return column.withUnsafeMutableBufferPointer { open(k + 1, bases + [$0.baseAddress!]) }
      }
      return open(0, [])
    }
  }

  /// One chunk of a block, decoded into its rows of the columns, and what was wrong in it.
  private struct Chunk: Sendable {
    /// Where a block's rows go: row `r` of the block to element `r` of each.
    struct Target: Sendable {
      let positions: DisjointWrites<UnitVector>
      let values: [DisjointWrites<Double>]
      let radii: DisjointWrites<Double>?
    }

    var invalidRows: [Int] = []
    var invalid: InvalidCoordinates?
    /// The first row with text that is not a number, and which field (0, 1: coordinates;
    /// then the extras).
    var notANumber: (Int, Int)?

    init(_ rows: Range<Int>, of block: RowBlock, _ fields: Fields, into target: Target) {
      let (first, second, converter) = (fields.first, fields.second, fields.converter)
      var extras = Array(fields.extras.map(\.field).enumerated())
      // Binary columns of fixed-width rows, decoded in a loop of their own each, and a binary
      // pair of coordinates decoded in place: `NumericField.value`, a call and a switch on
      // the field's kind per value, was a tenth of preparing a mask of 10⁶ stars. (A binary
      // value is never "not a number", so the order of the checks below is unchanged.)
      var pair: (ColumnDecoder, ColumnDecoder, UnsafeRawPointer, Int)?
      if case .fixed(let base, let width) = block.rows {
        for (extra, field) in extras {
          guard case .binary(let decoder) = field else { continue }
          let values = target.values[extra].base
          for row in rows { values[row] = decoder.value(in: base + row * width) }
        }
        extras.removeAll { if case .binary = $0.element { true } else { false } }
        if case .binary(let a) = first, case .binary(let b) = second { pair = (a, b, base, width) }
      }
      for row in rows {
        let (x, y): (Double?, Double?)
        if let (a, b, base, width) = pair {
          let start = base + row * width
          (x, y) = (a.value(in: start), b.value(in: start))
        } else {
          (x, y) = NumericField.values(first, second, row, in: block)
        }
        guard let a = x else {
          notANumber = (row, 0)
          return
        }
        guard let b = y else {
          notANumber = (row, 1)
          return
        }
        if let vector = converter.vector(a, b) {
          target.positions.base[row] = vector
        } else {
          invalid.record(converter.invalid(row: row, a, b))
          invalidRows.append(row)
        }
        for (extra, field) in extras {
          // An empty text field is a null (NaN, as the column starts); other text that is not
          // a number is not.
          if let value = field.value(row, in: block) {
            target.values[extra].base[row] = value
          } else if !field.isEmpty(row, in: block) {
            notANumber = (row, 2 + extra)
            return
          }
        }
      }
      if let radii = target.radii {
        Self.radii(rows, target.values, fields.expression, into: radii)
      }
    }

    /// The rows' radii: the radius column's values (the first extra), or the expression's.
    private static func radii(
      _ rows: Range<Int>, _ values: [DisjointWrites<Double>],
      _ expression: (formula: RadiusExpression, first: Int)?, into radii: DisjointWrites<Double>
    ) {
      guard let (formula, first) = expression else {
        for i in rows { radii.base[i] = values[0].base[i] }
        return
      }
      let columns = (0..<formula.columns.count).map { UnsafePointer(values[first + $0].base) }
      formula.evaluate(columns: columns, rows: rows, into: radii.base)
    }
  }
}
