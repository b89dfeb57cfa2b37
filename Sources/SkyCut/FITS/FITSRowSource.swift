/// Reads a FITS table (binary or ASCII, with or without a heap) block by block.
///
/// A block is whole rows as bytes: a slice of the file mapped into memory when the file is
/// plain (no copy, and pages given back once written), else read through CFITSIO (`ffgtbb`)
/// into two alternating buffers. Binary-table columns are decoded from those bytes inside the
/// parallel cut; an ASCII table's numeric columns are read through CFITSIO (`ffgcvd`) for each
/// block. A heap (variable-length arrays) is not read here: the FITS writer copies it.
final class FITSRowSource: RowSource {
  /// Rows are read in blocks of about this many bytes.
  static let blockBytes = 32 << 20

  let input: FITSInput
  let file: FITSFile
  let tableNumber: Int
  let columns: [FITSColumn]
  let isBinary: Bool
  let width: Int
  let rows: Int
  let format: CatalogueFormat
  /// The rows of a full block.
  let blockRows: Int
  private let mapped: (file: MappedFile, dataOffset: Int)?
  private var buffers: [UnsafeMutableRawBufferPointer] = []
  private var decodedColumns: [FITSColumn] = []
  /// Each half's values of the decoded columns (see ``next()``).
  private var decoded: [UnsafeMutablePointer<Double>?] = [nil, nil]
  private var layout: BinaryRowLayout?
  private var blockNumber = 0
  /// The first row to read (for a part of the table).
  var startRow = 0

  var displayPath: String { input.path }
  var columnNames: [String] { columns.map(\.name) }
  var columnUnits: [String]? { columns.map(\.unit) }
  var rowCount: Int? { rows }
  var tableLocation: SourceLocation { file.location() }
  /// Whether the table has a heap (variable-length arrays).
  var hasHeap: Bool {
    columns.contains(where: \.isVariableLength) || (file.integerKeyword("PCOUNT") ?? 0) > 0
  }

  init(path: String, hdu: CatalogueReadOptions.HDU?, blockBytes: Int = FITSRowSource.blockBytes)
    throws
  {
    format = try CatalogueFormat.inferred(fromPath: path)
    input = try FITSInput(path: path)
    file = try FITSFile.open(readingAtPath: input.readablePath, displayPath: path)
    tableNumber = try FITSTables.moveToTable(file, hdu)
    columns = try file.columns()
    isBinary = try file.currentHDUType() == .binaryTable
    width = try file.rowWidth()
    rows = try file.rowCount()
    blockRows = max(1, min(blockBytes / max(width, 1), max(rows, 1)))
    layout = isBinary ? BinaryRowLayout(columns: columns, rowWidth: width) : nil
    var mapped: (MappedFile, Int)?
    if input.isPlain, let file = MappedFile(path: input.readablePath) {
      let dataOffset = try self.file.hduByteRange().data
      if dataOffset + rows * width <= file.bytes.count { mapped = (file, dataOffset) }
    }
    self.mapped = mapped
    if mapped == nil {
      buffers = (0..<2).map { _ in
        .allocate(byteCount: max(blockRows * width, 1), alignment: 16)
      }
    }
  }

  deinit {
    for buffer in buffers { buffer.deallocate() }
    for values in decoded { values?.deallocate() }
  }

  func numericField(_ index: Int, role: String) throws -> NumericField {
    let column = columns[index]
    try FITSTables.checkNumericScalar(column, file, role: role)
    if let layout,
      let decoder = ColumnDecoder(column: column, offset: layout.offsets[index], file: file)
    {
      return .binary(decoder)
    }
    decodedColumns.append(column)
    return .decoded(slot: decodedColumns.count - 1)
  }

  func next() throws -> RowBlock? {
    let first = startRow + blockNumber * blockRows
    guard first < rows, width > 0 else { return nil }
    let count = min(blockRows, rows - first)
    let half = blockNumber % 2
    blockNumber += 1
    let base: UnsafeRawPointer
    if let mapped {
      guard let start = mapped.file.bytes.baseAddress else { return nil }
      base = start + mapped.dataOffset + first * width
    } else {
      let buffer = UnsafeMutableRawBufferPointer(rebasing: buffers[half][..<(count * width)])
      try file.readRowBytes(firstRow: first + 1, rowWidth: width, into: buffer)
      guard let start = buffer.baseAddress else { return nil }
      base = UnsafeRawPointer(start)
    }
    // An ASCII table's numbers are text: CFITSIO converts them, into this block's half of
    // each column's buffer.
    var values: UnsafePointer<Double>?
    if !decodedColumns.isEmpty {
      let slab = UnsafeMutablePointer<Double>.allocate(capacity: decodedColumns.count * count)
      for (slot, column) in decodedColumns.enumerated() {
        try file.readDoubles(
          column: column, firstRow: first + 1,
          into: UnsafeMutableBufferPointer(start: slab + slot * count, count: count))
      }
      decoded[half]?.deallocate()
      decoded[half] = slab
      values = UnsafePointer(slab)
    }
    return RowBlock(
      firstRow: first, count: count, rows: .fixed(base, width: width), decoded: values)
  }

  func release(_ block: RowBlock) {
    guard let mapped else { return }
    let start = mapped.dataOffset + block.firstRow * width
    mapped.file.release(start..<(start + block.count * width))
  }

  func location(row: Int, in block: RowBlock, column: String?) -> SourceLocation {
    file.location(row: block.firstRow + row + 1, column: column)
  }

  /// FITS values are numbers already: never asked for a message about text.
  func field(_ column: Int, row: Int, in block: RowBlock) -> String { "" }
}
