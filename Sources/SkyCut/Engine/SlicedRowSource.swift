/// The rows `rows` of another source, for one part of a job array: blocks are cut down to
/// the slice (their rows, records and decoded values re-based), those before it are skipped
/// and reading stops after it. A FITS source starts reading at the slice.
final class SlicedRowSource: RowSource {
  /// The source sliced; sinks are made for it (the blocks keep its row numbers).
  let base: any RowSource
  let rows: Range<Int>
  /// The underlying block of each block handed out, by its first row, to release it whole.
  private var underlying: [Int: RowBlock] = [:]
  private var done = false

  init(_ base: any RowSource, rows: Range<Int>) {
    self.base = base
    self.rows = rows
    (base as? FITSRowSource)?.startRow = rows.lowerBound
  }

  var displayPath: String { base.displayPath }
  var format: CatalogueFormat { base.format }
  var columnNames: [String] { base.columnNames }
  var columnUnits: [String]? { base.columnUnits }
  var rowCount: Int? { rows.count }
  var tableLocation: SourceLocation { base.tableLocation }

  func numericField(_ column: Int, role: String) throws -> NumericField {
    try base.numericField(column, role: role)
  }

  func next() throws -> RowBlock? {
    while !done, let block = try base.next() {
      let low = max(block.firstRow, rows.lowerBound)
      let high = min(block.firstRow + block.count, rows.upperBound)
      if block.firstRow + block.count >= rows.upperBound { done = true }
      guard low < high else {
        base.release(block)
        continue
      }
      let sliced = block.slice(from: low - block.firstRow, count: high - low)
      underlying[sliced.firstRow] = block
      return sliced
    }
    return nil
  }

  func release(_ block: RowBlock) {
    if let whole = underlying.removeValue(forKey: block.firstRow) { base.release(whole) }
  }

  func location(row: Int, in block: RowBlock, column: String?) -> SourceLocation {
    base.location(row: row, in: block, column: column)
  }

  func field(_ column: Int, row: Int, in block: RowBlock) -> String {
    base.field(column, row: row, in: block)
  }
}

extension RowBlock {
  /// Rows `offset ..< offset + count` of this block, as a block of their own.
  func slice(from offset: Int, count: Int) -> RowBlock {
    let rows: Rows =
      switch self.rows {
      case .fixed(let base, let width): .fixed(base + offset * width, width: width)
      case .text(let bytes, let records): .text(bytes, records: records + offset)
      }
    var block = RowBlock(
      firstRow: firstRow + offset, count: count, rows: rows, decoded: decoded.map { $0 + offset })
    block.decodedStride = decodedStride ?? self.count
    return block
  }
}
