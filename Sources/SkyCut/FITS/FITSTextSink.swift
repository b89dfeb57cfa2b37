/// Writes rows of a FITS table as CSV or TSV, converting every scalar column: numbers as the
/// shortest decimal that reads back as the same value, logicals as `true`/`false`, strings
/// without their trailing blanks; nulls as empty fields.
final class FITSTextSink: RowSink {
  private let input: FITSFile
  private let columns: [FITSColumn]
  private let delimiter: UInt8
  private let sink: ByteSink
  private let runner: ParallelRunner
  let pending: OutputFile?
  /// The last window of rows read, being formatted on the runner's threads while this thread
  /// reads on (the next window, or the pipeline's next block): reading alone left the second
  /// core idle a third of the time. Its bytes are written, in order, before the next window's
  /// (or at ``finish(rowsRead:rowsRemoved:)``).
  private var formatting: BackgroundTask<[[UInt8]]>?

  init(source: FITSRowSource, _ request: SinkRequest, format: CatalogueFormat) throws {
    delimiter = format.delimiter
    runner = request.runner
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
    let list = Array(rows)
    var first = 0
    while first < list.count {
      let start = list[first]
      let count = min(Self.windowRows, block.count - start)
      let values = try columns.map {
        try input.readValues(column: $0, firstRow: block.firstRow + start + 1, count: count)
      }
      var last = first
      while last < list.count && list[last] < start + count { last += 1 }
      try writeFormatted()
      let (entries, delimiter, runner) = (first..<last, self.delimiter, self.runner)
      formatting = BackgroundTask {
        Self.format(
          values, rows: entries.map { list[$0] - start }, added: added, from: entries.lowerBound,
          delimiter: delimiter, runner: runner)
      }
      first = last
    }
  }

  /// Writes the window being formatted, once it is.
  private func writeFormatted() throws {
    guard let done = formatting else { return }
    formatting = nil
    for part in done.wait() { try sink.write(part) }
  }

  /// The text of rows `rows` (window-relative) of a window's `values`, with the added columns'
  /// values from entry `from` on: formatted in parallel chunks, in order.
  private static func format(
    _ values: [ColumnValues], rows: [Int], added: [AddedColumn.Values], from: Int,
    delimiter: UInt8, runner: ParallelRunner
  ) -> [[UInt8]] {
    runner.map(ChunkSplitter(count: rows.count, chunks: min(rows.count, runner.jobs * 4))) {
      range -> [UInt8] in
      let rows = Array(rows[range])
      // Column by column (one look at each column's kind) into one buffer of cells, cell
      // `column * rows.count + line` ending at `ends[…]`; then the cells joined into lines.
      var stream = ASCIIStream()
      stream.bytes.reserveCapacity(rows.count * values.count * 12)
      var ends: [Int] = []
      ends.reserveCapacity(values.count * rows.count)
      for column in values {
        Self.cells(column, rows: rows, delimiter: delimiter, into: &stream, ends: &ends)
      }
      let cells = stream.bytes
      if added.isEmpty && !values.isEmpty {
        return Self.lines(
          cells, ends: ends, rows: rows.count, columns: values.count, delimiter: delimiter)
      }
      var text: [UInt8] = []
      text.reserveCapacity(cells.count + range.count * (values.count + 1))
      cells.withUnsafeBufferPointer { cells in
        ends.withUnsafeBufferPointer { ends in
          for (line, offset) in range.enumerated() {
            for column in values.indices {
              if column > 0 { text.append(delimiter) }
              let cell = column * rows.count + line
              text += UnsafeBufferPointer(
                rebasing: cells[(cell == 0 ? 0 : ends[cell - 1])..<ends[cell]])
            }
            for column in added {
              text.append(delimiter)
              text += column.text(from + offset).utf8
            }
            text.append(10)
          }
        }
      }
      return text
    }
  }

  /// The lines of `rows` rows of `columns` cells, cell `column * rows + line` of `cells`
  /// ending at `ends[…]`: each line's cells with `delimiter` between them, then a line feed.
  /// Written into a buffer of the exact size.
  static func lines(_ cells: [UInt8], ends: [Int], rows: Int, columns: Int, delimiter: UInt8)
    -> [UInt8]
  {
    let size = cells.count + rows * columns
    return [UInt8](uninitializedCount: size) { text, count in
      cells.withUnsafeBufferPointer { cells in
        ends.withUnsafeBufferPointer { ends in
          guard let first = text.baseAddress else { return }
          var out = first
          for line in 0..<rows {
            for column in 0..<columns {
              let cell = column * rows + line
              let start = cell == 0 ? 0 : ends[cell - 1]
              let length = ends[cell] - start
              if length > 0, let source = cells.baseAddress {
                // Cells are short: a loop, not a call to memmove each.
                if length <= 32 {
                  for byte in 0..<length { (out + byte).initialize(to: source[start + byte]) }
                } else {
                  out.initialize(from: source + start, count: length)
                }
                out += length
              }
              out.initialize(to: column + 1 < columns ? delimiter : 10)
              out += 1
            }
          }
          count = out - first
        }
      }
    }
  }

  /// Appends the text of `rows` of a column to `cells`, one after another, and where each
  /// ends to `ends`; nothing for a null.
  static func cells(
    _ values: ColumnValues, rows: [Int], delimiter: UInt8, into cells: inout ASCIIStream,
    ends: inout [Int]
  ) {
    func each(_ body: (Int) -> Void) {
      for row in rows {
        body(row)
        ends.append(cells.bytes.count)
      }
    }
    switch values {
    case .integers(let data, let nulls):
      each { if !nulls[$0] { appendDecimal(data[$0], to: &cells.bytes) } }
    case .unsignedIntegers(let data, let nulls):
      each { if !nulls[$0] { cells.bytes += String(data[$0]).utf8 } }
    case .floats(let data, let nulls):
      // `write(to:)` spells a number as `description` does, without making a String.
      each { if !(nulls[$0] || data[$0].isNaN) { data[$0].write(to: &cells) } }
    case .doubles(let data, let nulls):
      each { if !(nulls[$0] || data[$0].isNaN) { data[$0].write(to: &cells) } }
    case .logicals(let data, let nulls):
      each { if !nulls[$0] { cells.bytes += (data[$0] ? "true" : "false").utf8 } }
    case .strings(let data, let nulls):
      each { row in
        guard !nulls[row] else { return }
        var text = data[row]
        let ascii = text.withUTF8 { utf8 -> Bool in
          // ASCII (the FITS standard's strings): trailing blanks dropped in place.
          guard utf8.allSatisfy({ $0 < 0x80 }) else { return false }
          var end = utf8.count
          while end > 0 && utf8[end - 1] == UInt8(ascii: " ") { end -= 1 }
          TextFields.appendEscaped(
            UnsafeBufferPointer(rebasing: utf8[..<end]), delimiter: delimiter, to: &cells.bytes)
          return true
        }
        if ascii { return }
        // Trailing blanks as characters: a space after a prepending mark (U+0600) is part of
        // that character, and stays.
        var characters = Substring(text)
        while characters.last == " " { characters.removeLast() }
        cells.bytes += TextFields.escape(bytes: Array(characters.utf8), delimiter: delimiter)
      }
    }
  }

  /// Appends `value` in decimal, as `String(value)` spells it.
  @inline(__always)
  static func appendDecimal(_ value: Int64, to text: inout [UInt8]) {
    var magnitude = value.magnitude
    if value < 0 { text.append(UInt8(ascii: "-")) }
    var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // room for 20 digits, written backwards
    var count = 0
    withUnsafeMutableBytes(of: &digits) { room in
      repeat {
        count += 1
        room[24 - count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
        magnitude /= 10
      } while magnitude > 0
      text += room[(24 - count)...]
    }
  }

  func finish(rowsRead: Int, rowsRemoved: Int) throws {
    try writeFormatted()
    try sink.close()
    try input.close()
  }

  func discard() {
    _ = formatting?.wait()
    formatting = nil
    pending?.discard()
  }
}

/// Bytes that numbers write themselves into: `Double.write(to:)` hands a stream its ASCII
/// digits (`_writeASCII`, the standard library's hook for this), so no `String` is made per
/// value.
struct ASCIIStream: TextOutputStream {
  var bytes: [UInt8] = []

  mutating func write(_ string: String) { bytes += string.utf8 }

  mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) {
    // A number's digits: a loop, not a call to memmove each.
    if buffer.count <= 32 {
      for byte in buffer { bytes.append(byte) }
    } else {
      bytes += buffer
    }
  }
}
