import CCFITSIO

/// Writes rows of a text table as a FITS binary table, each column of the type
/// ``TextColumnKinds`` inferred for it from every row: integers with a `TNULL` when some
/// field is empty, doubles with NaN for nulls, logicals, strings. The coordinate columns get
/// their unit.
final class TextFITSSink: RowSink {
  private let source: TextRowSource
  private let kinds: TextColumnKinds
  private let added: [AddedColumn]
  private let writer: FITSFile
  private let output: OutputFile
  private let provenance: CutProvenance?
  private var written = 0

  var pending: OutputFile? { output }

  init(source: TextRowSource, kinds: TextColumnKinds, _ request: SinkRequest) throws {
    self.source = source
    self.kinds = kinds
    added = request.added
    provenance = request.provenance
    (output, writer) = try FITSFile.createOutput(path: request.path, overwrite: request.overwrite)
    do {
      try createTable(coordinates: request.coordinates)
    } catch {
      discard()
      throw error
    }
  }

  private func createTable(coordinates: CoordinateColumns?) throws {
    let names = source.columnNames
    let units = names.map { name -> String in
      guard let coordinates else { return "" }
      if name == coordinates.first { return coordinates.units.first.rawValue }
      if name == coordinates.second { return coordinates.units.second.rawValue }
      return ""
    }
    try writer.createBinaryTable(names: names, formats: kinds.kinds.map(\.format), units: units)
    for (column, kind) in kinds.kinds.enumerated() where kind == .integer && kinds.hasNulls[column]
    {
      try writer.call("ffpkyj") {
        ffpkyj($0, "TNULL\(column + 1)", LONGLONG(Int64.min), "null value", &$1)
      }
    }
    if let provenance { try writer.writeProvenance(provenance) }
    try writer.call("ffrdef") { ffrdef($0, &$1) }
    try writer.appendColumns(added)
  }

  func write(_ block: RowBlock, rows: RowList, added values: [AddedColumn.Values]) throws {
    guard !rows.isEmpty else { return }
    guard case .text(let bytes, let records) = block.rows else {
      preconditionFailure("a text-to-FITS sink fed a FITS block")
    }
    // FITS holds text: a field that is not UTF-8 (a Latin-1 name) cannot be written.
    for row in rows {
      let record = records[row]
      let text = UnsafeBufferPointer(start: bytes + record.start, count: record.end - record.start)
      guard UTF8Check.firstInvalid(text) != nil else { continue }
      let fields = TextFields.allBytes(bytes, record, delimiter: source.delimiter)
      let column =
        fields.firstIndex { field in
          field.withUnsafeBufferPointer { UTF8Check.firstInvalid($0) != nil }
        } ?? 0
      throw CatalogueError.invalidValue(
        source.field(column, row: row, in: block),
        expected: "UTF-8 text (FITS holds text; CSV output copies such bytes as they are)",
        source.location(row: row, in: block, column: source.columnNames[column]))
    }
    // Each record's fields decoded once, then written column by column.
    let table = rows.map { TextFields.all(bytes, records[$0], delimiter: source.delimiter) }
    for column in source.columnNames.indices {
      let fields = table.map { $0[column] }
      try writer.writeValues(
        Self.values(fields, kind: kinds.kinds[column]), column: column + 1, firstRow: written + 1)
    }
    for (offset, value) in values.enumerated() {
      try writer.writeAdded(
        value, column: source.columnNames.count + offset + 1, firstRow: written + 1)
    }
    written += rows.count
  }

  static func values(_ fields: [String], kind: TextColumnKinds.Kind) -> ColumnValues {
    let nulls = fields.map { $0.trimmingSpaces.isEmpty }
    switch kind {
    case .integer:
      return .integers(fields.map { Int64($0.trimmingSpaces) ?? 0 }, nulls: nulls)
    case .double:
      return .doubles(fields.map { Double($0.trimmingSpaces) ?? .nan }, nulls: nulls)
    case .logical:
      return .logicals(
        fields.map { TextColumnKinds.parseLogical($0.trimmingSpaces) ?? false }, nulls: nulls)
    case .string:
      return .strings(fields, nulls: nulls.map { _ in false })
    }
  }

  func finish(rowsRead: Int, rowsRemoved: Int) throws {
    if provenance != nil { try writer.recordCounts(rowsRead: rowsRead, rowsRemoved: rowsRemoved) }
    try writer.close()
  }

  func discard() {
    try? writer.close()
    output.discard()
  }
}
