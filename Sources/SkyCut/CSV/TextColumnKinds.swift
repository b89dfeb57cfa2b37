/// The FITS type of each column of a text table, inferred from all its values: 64-bit
/// integers (`K`), doubles (`D`), logicals (`L`) or strings (`nA`). Empty fields are nulls.
///
/// Inferred from every row, in a pass of its own before the rows are written, so that the
/// cleaned and rejected outputs of one input always agree.
struct TextColumnKinds: Sendable {
  /// The FITS type chosen for a text column.
  enum Kind: Equatable, Sendable {
    case integer, double, logical
    case string(width: Int)

    var format: String {
      switch self {
      case .integer: "K"
      case .double: "D"
      case .logical: "L"
      case .string(let width): "\(width)A"
      }
    }
  }

  /// One column's kind as the values go by.
  struct Inference: Sendable {
    var integer = true
    var double = true
    var logical = true
    var width = 1
    var any = false
    /// Whether some field is blank (empty, or spaces and tabs): a null, for which an integer
    /// column needs a `TNULL`.
    var hasNulls = false

    mutating func add(_ field: String) {
      width = max(width, field.utf8.count)
      let value = field.trimmingSpaces
      // Blank is null, as the writer takes it (an integer column then needs its TNULL).
      if value.isEmpty {
        hasNulls = true
        return
      }
      any = true
      if integer && Int64(value) == nil { integer = false }
      if double && !integer && Double(value) == nil { double = false }
      if logical && TextColumnKinds.parseLogical(value) == nil { logical = false }
    }

    /// Adds the field occupying `bounds`, read from its bytes when it is plain ASCII (the
    /// same answer as ``add(_:)`` on its text, without making the text).
    @inline(__always)
    mutating func add(_ bytes: UnsafePointer<UInt8>, _ bounds: Range<Int>) {
      // Most fields of a number column are a bare number: ASCII with nothing to trim, not a
      // logical, decided in one pass over its bytes (the checks below took three).
      if integer && TextNumber.integer(bytes, bounds) != nil {
        (width, any, logical) = (max(width, bounds.count), true, false)
        return
      }
      if double && TextNumber.isDecimal(bytes, bounds) {
        (width, any, integer, logical) = (max(width, bounds.count), true, false, false)
        return
      }
      guard TextFields.isPlain(bytes, bounds) else {
        add(TextFields.decode(bytes, bounds))
        return
      }
      width = max(width, bounds.count)
      let value = TextFields.trimmed(bytes, bounds)
      if value.isEmpty {
        hasNulls = true
        return
      }
      any = true
      if integer && TextNumber.integer(bytes, value) == nil { integer = false }
      if double && !integer && !TextNumber.isDecimal(bytes, value)
        && TextNumber.fast(bytes, value) == nil && Double(TextFields.decode(bytes, value)) == nil
      {
        double = false
      }
      if logical && TextColumnKinds.parseLogical(bytes, value) == nil { logical = false }
    }

    /// The inference over this column's values and then `other`'s: every integer is a
    /// double too, so the flags combine whatever the order.
    func merged(with other: Inference) -> Inference {
      Inference(
        integer: integer && other.integer, double: double && other.double,
        logical: logical && other.logical, width: max(width, other.width),
        any: any || other.any, hasNulls: hasNulls || other.hasNulls)
    }

    var kind: Kind {
      if !any { return .string(width: width) }
      if integer { return .integer }
      if double { return .double }
      if logical { return .logical }
      return .string(width: width)
    }
  }

  let kinds: [Kind]
  let hasNulls: [Bool]
  /// The number of rows read.
  let rows: Int

  /// Reads every row of the text table at `path` to infer its columns' kinds.
  static func infer(path: String, format: CatalogueFormat, displayPath: String? = nil) throws
    -> TextColumnKinds
  {
    try infer(TextRowSource(path: path, format: format, displayPath: displayPath))
  }

  /// Reads every row of `source` to infer its columns' kinds, each block in parallel chunks.
  static func infer(_ source: TextRowSource, runner: ParallelRunner = .allCores) throws
    -> TextColumnKinds
  {
    let empty = Array(repeating: Inference(), count: source.columnNames.count)
    let delimiter = source.delimiter
    var columns = empty
    var rows = 0
    while let block = try source.next() {
      rows += block.count
      let splitter = ChunkSplitter(count: block.count, chunks: min(block.count, runner.jobs * 4))
      let parts = runner.map(splitter) { range in
        guard case .text(let bytes, let records) = block.rows else { return empty }
        var columns = empty
        // The inferences reached once, not a uniqueness check per field.
        columns.withUnsafeMutableBufferPointer { columns in
          for row in range {
            let record = records[row]
            var (position, column) = (record.start, 0)
            while true {
              let end = TextFields.fieldEnd(
                bytes, from: position, limit: record.end, delimiter: delimiter)
              // A record with more fields than the header has been refused by the reader.
              if column < columns.count { columns[column].add(bytes, position..<end) }
              if end >= record.end { break }
              (position, column) = (end + 1, column + 1)
            }
          }
        }
        return columns
      }
      for part in parts { columns = zip(columns, part).map { $0.merged(with: $1) } }
    }
    return TextColumnKinds(
      kinds: columns.map(\.kind), hasNulls: columns.map(\.hasNulls), rows: rows)
  }

  /// ``parseLogical(_:)`` of ASCII bytes.
  @inline(__always)
  static func parseLogical(_ bytes: UnsafePointer<UInt8>, _ bounds: Range<Int>) -> Bool? {
    guard bounds.count <= 5 else { return nil }
    // ASCII letters lowered by setting bit 5 (other bytes cannot then spell a word below).
    var word: UInt64 = 0
    for i in bounds { word = word << 8 | UInt64(bytes[i] | 0x20) }
    switch word {
    case 0x7472_7565, 0x74: return true  // "true", "t"
    case 0x66_616c_7365, 0x66: return false  // "false", "f"
    default: return nil
    }
  }

  static func parseLogical(_ text: Substring) -> Bool? {
    switch text.lowercased() {
    case "true", "t": true
    case "false", "f": false
    default: nil
    }
  }
}
