/// Writes rows of a FITS table as CSV or TSV, converting every scalar column: numbers as the
/// shortest decimal that reads back as the same value, logicals as `true`/`false`, strings
/// without their trailing blanks; nulls as empty fields.
final class FITSTextSink: RowSink {
  private let input: FITSFile
  private let columns: [FITSColumn]
  private let delimiter: UInt8
  private let sink: ByteSink
  let pending: OutputFile?

  init(source: FITSRowSource, _ request: SinkRequest, format: CatalogueFormat) throws {
    delimiter = format.delimiter
    input = try FITSFile.open(
      readingAtPath: source.input.readablePath, displayPath: source.displayPath)
    try input.moveToExtension(source.tableNumber)
    columns = try input.columns()
    for column in columns where !Self.isRepresentable(column) {
      throw CatalogueError.unrepresentableColumn(
        column.name, type: "'\(column.format)'", format: format.description,
        input.location(column: column.name))
    }
    (sink, pending) = try ByteSink.open(request.path, overwrite: request.overwrite)
    let separator = String(UnicodeScalar(delimiter))
    do {
      try sink.write(
        (columns.map(\.name) + request.added.map(\.name))
          .map { TextFields.escape($0, delimiter: delimiter) }
          .joined(separator: separator) + "\n")
    } catch {
      discard()
      throw error
    }
  }

  /// Whether one row of the column is one value a text cell can hold.
  static func isRepresentable(_ column: FITSColumn) -> Bool {
    column.isScalar && ![.bit, .complex, .doubleComplex].contains(column.type)
  }

  /// Rows are converted this many at a time: CFITSIO's values for a whole block would take
  /// several times the block's bytes.
  static let windowRows = 65_536

  func write(_ block: RowBlock, rows: RowList, added: [AddedColumn.Values]) throws {
    let separator = String(UnicodeScalar(delimiter))
    var line = ""
    var window: (start: Int, values: [ColumnValues])?
    for (index, row) in rows.enumerated() {
      if window.map({ row >= $0.start + Self.windowRows }) ?? true {
        let count = min(Self.windowRows, block.count - row)
        window = (
          row,
          try columns.map {
            try input.readValues(column: $0, firstRow: block.firstRow + row + 1, count: count)
          }
        )
      }
      guard let (start, values) = window else { return }
      line.removeAll(keepingCapacity: true)
      for (number, column) in values.enumerated() {
        if number > 0 { line += separator }
        line += Self.format(column, at: row - start, delimiter: delimiter)
      }
      for column in added { line += separator + column.text(index) }
      line += "\n"
      try sink.write(line)
    }
  }

  /// The text of one value; empty for a null.
  static func format(_ values: ColumnValues, at index: Int, delimiter: UInt8) -> String {
    switch values {
    case .integers(let data, let nulls):
      return nulls[index] ? "" : String(data[index])
    case .unsignedIntegers(let data, let nulls):
      return nulls[index] ? "" : String(data[index])
    case .floats(let data, let nulls):
      return nulls[index] || data[index].isNaN ? "" : "\(data[index])"
    case .doubles(let data, let nulls):
      return nulls[index] || data[index].isNaN ? "" : "\(data[index])"
    case .logicals(let data, let nulls):
      return nulls[index] ? "" : (data[index] ? "true" : "false")
    case .strings(let data, let nulls):
      if nulls[index] { return "" }
      var text = Substring(data[index])
      while text.last == " " { text.removeLast() }
      return TextFields.escape(String(text), delimiter: delimiter)
    }
  }

  func finish(rowsRead: Int, rowsRemoved: Int) throws {
    try sink.close()
    try input.close()
  }

  func discard() { pending?.discard() }
}
