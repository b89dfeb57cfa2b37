/// A block of consecutive rows of a table, as its source read them: the unit that moves
/// through the engine. The rows are cut in parallel chunks, then written by the sinks.
///
/// `@unchecked Sendable`: the memory a block points into belongs to its source, which fills it
/// before the block is handed out and does not touch it again until the block has been cut and
/// written (see ``RowSource/next()``); in between, threads only read it.
struct RowBlock: @unchecked Sendable {
  /// The table row (0-based) of the block's first row.
  let firstRow: Int
  /// The number of rows.
  let count: Int
  /// The rows themselves.
  let rows: Rows
  /// Numeric columns the source converted itself (a FITS ASCII table's): column-major,
  /// `count` values per column, NaN for nulls.
  var decoded: UnsafePointer<Double>? = nil
  /// The values per column in `decoded`, when not `count` (a block sliced from a larger one).
  var decodedStride: Int? = nil

  /// How a block's rows are held.
  enum Rows {
    /// Fixed-width rows of a FITS table (binary or ASCII), one after another: `count × width`
    /// bytes.
    case fixed(UnsafeRawPointer, width: Int)
    /// Records of a text table: each record's bytes lie within `bytes`.
    case text(UnsafePointer<UInt8>, records: UnsafePointer<TextRecord>)
  }

  /// The rows of the block as table rows.
  var tableRows: Range<Int> { firstRow..<(firstRow + count) }
}

/// One record of a text table within a block's bytes.
struct TextRecord: Sendable {
  /// Its bytes, without the line terminator.
  var start: Int
  var end: Int
  /// The offset just after its line terminator (`end` when it has none).
  var next: Int
  /// The 1-based physical line it starts on.
  var line: Int
}

/// How to read one numeric column from a block's rows: inside the parallel cut, on any thread.
enum NumericField: Sendable {
  /// A binary-table column decoded from the row's bytes.
  case binary(ColumnDecoder)
  /// Field `column` of a text record.
  case text(column: Int, delimiter: UInt8)
  /// Column `slot` of the values the source decoded.
  case decoded(slot: Int)

  /// The value of row `row` (block-relative), NaN for a null; `nil` when a text field is not
  /// a number.
  @inline(__always)
  func value(_ row: Int, in block: RowBlock) -> Double? {
    switch (self, block.rows) {
    case (.binary(let decoder), .fixed(let base, let width)):
      return decoder.value(in: base + row * width)
    case (.text(let column, let delimiter), .text(let bytes, let records)):
      return TextNumber.parse(bytes, records[row], column: column, delimiter: delimiter)
    case (.decoded(let slot), _):
      guard let values = block.decoded else { preconditionFailure("a block without its values") }
      return values[slot * (block.decodedStride ?? block.count) + row]
    default:
      preconditionFailure("a numeric field read from another source's block")
    }
  }

  /// The values of row `row` (block-relative) in fields `a` and `b`: two fields of one text
  /// record are found in one walk of it (a position's two coordinates).
  @inline(__always)
  static func values(_ a: NumericField, _ b: NumericField, _ row: Int, in block: RowBlock)
    -> (Double?, Double?)
  {
    if case .text(let first, let delimiter) = a, case .text(let second, delimiter) = b,
      first != second, case .text(let bytes, let records) = block.rows
    {
      let (x, y) = TextFields.bounds(
        bytes, records[row], columns: first, second, delimiter: delimiter)
      return (TextNumber.parse(bytes, x), TextNumber.parse(bytes, y))
    }
    return (a.value(row, in: block), b.value(row, in: block))
  }

  /// Whether row `row`'s field is empty: a text field with no bytes, or `""` (how ECSV
  /// writes a null between spaces), a null.
  func isEmpty(_ row: Int, in block: RowBlock) -> Bool {
    guard case .text(let column, let delimiter) = self,
      case .text(let bytes, let records) = block.rows
    else { return false }
    let bounds = TextFields.bounds(bytes, records[row], column: column, delimiter: delimiter)
    let quote = UInt8(ascii: "\"")
    return bounds.isEmpty
      || (bounds.count == 2 && bytes[bounds.lowerBound] == quote
        && bytes[bounds.lowerBound + 1] == quote)
  }
}
