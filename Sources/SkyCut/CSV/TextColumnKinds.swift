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
    /// Whether some field is empty (an integer column then needs a `TNULL`).
    var hasNulls = false

    mutating func add(_ field: String) {
      width = max(width, field.utf8.count)
      if field.isEmpty { hasNulls = true }
      let value = field.trimmingSpaces
      if value.isEmpty { return }
      any = true
      if integer && Int64(value) == nil { integer = false }
      if double && !integer && Double(value) == nil { double = false }
      if logical && TextColumnKinds.parseLogical(value) == nil { logical = false }
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
        for row in range {
          let fields = TextFields.all(bytes, records[row], delimiter: delimiter)
          for (column, field) in fields.enumerated() { columns[column].add(field) }
        }
        return columns
      }
      for part in parts { columns = zip(columns, part).map { $0.merged(with: $1) } }
    }
    return TextColumnKinds(
      kinds: columns.map(\.kind), hasNulls: columns.map(\.hasNulls), rows: rows)
  }

  static func parseLogical(_ text: Substring) -> Bool? {
    switch text.lowercased() {
    case "true", "t": true
    case "false", "f": false
    default: nil
    }
  }
}
