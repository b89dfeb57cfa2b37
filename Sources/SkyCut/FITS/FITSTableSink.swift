import CCFITSIO

/// Writes rows of a FITS table as a FITS file: every other HDU is copied as it is, the
/// table's header keeps every keyword (with the provenance and the added columns' keywords
/// added before any row), and each row is copied byte for byte with the added columns'
/// values after it. A table with a heap (variable-length arrays) is copied row by row by
/// CFITSIO (`ffcprw`), which copies each row's heap data too.
final class FITSTableSink: RowSink {
  private let source: FITSRowSource
  /// The sink's own handle on the input: it copies the other HDUs and, for a heap, the rows.
  private let input: FITSFile
  private let writer: FITSFile
  private let output: OutputFile
  private let added: [AddedColumn]
  private let provenance: CutProvenance?
  /// Whether the table has a heap: rows are then copied by CFITSIO, with their cells.
  private let copiesHeap: Bool
  /// With a heap and added columns: the variable-length columns, and where each descriptor
  /// lies in a row and how wide it is.
  private var cells: [(column: FITSColumn, offset: Int, width: Int)] = []
  private let outputWidth: Int
  private let packed: UnsafeMutableRawBufferPointer
  private var written = 0

  var pending: OutputFile? { output }

  init(source: FITSRowSource, _ request: SinkRequest) throws {
    self.source = source
    added = request.added
    provenance = request.provenance
    copiesHeap = source.hasHeap
    if !added.isEmpty && !source.isBinary {
      throw CatalogueError.invalidArgument(
        "\(source.displayPath)[\(source.tableNumber)] is an ASCII table, to which SkyCut "
          + "cannot add columns: write the output as CSV, or convert the table to a binary one "
          + "first")
    }
    outputWidth = source.width + added.reduce(0) { $0 + $1.fitsWidth }
    // Room for a whole block, once: growing it block by block would leave freed buffers the
    // allocator keeps (pages not yet written are not resident).
    packed = .allocate(byteCount: max(source.blockRows * outputWidth, 1), alignment: 16)
    input = try FITSFile.open(
      readingAtPath: source.input.readablePath, displayPath: source.displayPath)
    (output, writer) = try FITSFile.createOutput(path: request.path, overwrite: request.overwrite)
    do {
      try beginTable()
    } catch {
      discard()
      throw error
    }
  }

  deinit { packed.deallocate() }

  /// Copies the HDUs before the table, then the table's header with the provenance and the
  /// added columns, and no rows.
  private func beginTable() throws {
    for number in 0..<source.tableNumber {
      try input.moveToExtension(number)
      try input.copyHDU(to: writer)
    }
    try input.moveToExtension(source.tableNumber)
    // ffcprw reads what each descriptor points to: a damaged one must not reach it.
    if copiesHeap { try Self.checkHeapDescriptors(input) }
    try input.copyHeader(to: writer)
    // Provenance before the rows (see writeProvenance); the counts are set at the end.
    if let provenance { try writer.writeProvenance(provenance) }
    try writer.emptyTable(hadHeap: (input.integerKeyword("PCOUNT") ?? 0) > 0)
    try writer.appendColumns(added)
    if copiesHeap && !added.isEmpty {
      // ffcprw copies rows between tables of one width only: rows are written here, their
      // cells copied one by one.
      let columns = try input.columns()
      guard let layout = BinaryRowLayout(columns: columns, rowWidth: source.width) else {
        throw CatalogueError.malformedFile(
          input.location(), reason: "the columns' TFORMs do not add up to NAXIS1")
      }
      cells = columns.filter(\.isVariableLength).map { column in
        let offset = layout.offsets[column.number - 1]
        let width = BinaryRowLayout.byteWidth(ofFormat: column.format) ?? 0
        return (column, offset, width)
      }
      try input.storeVariableLengthRaw(cells.map(\.column), in: writer)
    }
  }

  func write(_ block: RowBlock, rows: RowList, added values: [AddedColumn.Values]) throws {
    guard !rows.isEmpty else { return }
    guard case .fixed(let base, let width) = block.rows else {
      preconditionFailure("a FITS sink fed a text block")
    }
    if copiesHeap && values.isEmpty {
      for run in rows.runs {
        try input.copyRows(
          firstRow: block.firstRow + run.lowerBound + 1, count: run.count, to: writer)
      }
      written += rows.count
      return
    }
    let bytes: UnsafeRawBufferPointer
    if values.isEmpty && rows.count == block.count {
      bytes = UnsafeRawBufferPointer(start: base, count: block.count * width)
    } else {
      bytes = pack(rows, of: base, width: width, values: values)
    }
    if cells.isEmpty {
      try writer.writeRowBytes(firstRow: written + 1, from: bytes)
      written += rows.count
      return
    }
    // Row by row: the fixed part with empty descriptors, then each cell, which CFITSIO
    // appends to the heap. (Cells are copied only when columns are added, so `bytes` is this
    // sink's own packing buffer, never the mapped input.)
    guard let packedRows = UnsafeMutableRawPointer(mutating: bytes.baseAddress) else { return }
    for (index, row) in rows.enumerated() {
      let target = packedRows + index * outputWidth
      for cell in cells {
        (target + cell.offset).initializeMemory(as: UInt8.self, repeating: 0, count: cell.width)
      }
      try writer.writeRowBytes(
        firstRow: written + 1, from: UnsafeRawBufferPointer(start: target, count: outputWidth))
      for cell in cells {
        try input.copyVariableLengthCell(
          cell.column, row: block.firstRow + row + 1, to: writer, outputRow: written + 1)
      }
      written += 1
    }
  }

  /// The rows one after another, each with its added values after it.
  private func pack(
    _ rows: RowList, of base: UnsafeRawPointer, width: Int, values: [AddedColumn.Values]
  ) -> UnsafeRawBufferPointer {
    let total = rows.count * outputWidth
    guard let target = packed.baseAddress else { return UnsafeRawBufferPointer(packed) }
    if values.isEmpty {
      return RowPacking.pack(runs: rows.runs, of: base, width: width, into: packed)
    }
    var offset = 0
    for (index, row) in rows.enumerated() {
      (target + offset).copyMemory(from: base + row * width, byteCount: width)
      offset += width
      for (column, value) in zip(added, values) {
        value.storeFITS(index, at: target + offset)
        offset += column.fitsWidth
      }
    }
    return UnsafeRawBufferPointer(rebasing: packed[..<total])
  }

  func finish(rowsRead: Int, rowsRemoved: Int) throws {
    if provenance != nil { try writer.recordCounts(rowsRead: rowsRead, rowsRemoved: rowsRemoved) }
    if input.hasKeyword("CHECKSUM") || input.hasKeyword("DATASUM") { try writer.writeChecksum() }
    for number in (source.tableNumber + 1)..<max(try input.hduCount(), source.tableNumber + 1) {
      try input.moveToExtension(number)
      try input.copyHDU(to: writer)
    }
    try writer.close()
    try input.close()
  }

  func discard() {
    try? writer.close()
    output.discard()
  }

  /// Refuses a table with a variable-length array descriptor that points outside the heap:
  /// `ffcprw` would read past the table, or allocate whatever length a damaged descriptor
  /// claims.
  static func checkHeapDescriptors(_ input: FITSFile) throws {
    let columns = try input.columns().filter(\.isVariableLength)
    let rows = try input.rowCount()
    // Header values a damaged file may set to anything: checked arithmetic throughout.
    let (tableBytes, tooWide) = try input.rowWidth().multipliedReportingOverflow(by: rows)
    let pcount = input.integerKeyword("PCOUNT") ?? 0
    let heapStart = input.integerKeyword("THEAP") ?? tableBytes
    let (dataBytes, tooLarge) = tableBytes.addingReportingOverflow(pcount)
    guard !tooWide, !tooLarge, pcount >= 0, heapStart >= 0, heapStart <= dataBytes else {
      throw CatalogueError.malformedFile(
        input.location(),
        reason: "the table's size (NAXIS1, NAXIS2, PCOUNT, THEAP) is not consistent")
    }
    let heapBytes = dataBytes - heapStart
    let block = 1 << 16
    for column in columns {
      let bits = column.type.elementBits
      var lengths = [LONGLONG](repeating: 0, count: min(block, rows))
      var offsets = lengths
      for first in stride(from: 0, to: rows, by: block) {
        let count = min(block, rows - first)
        try input.call("ffgdessll", column: column.name) {
          ffgdessll(
            $0, Int32(column.number), LONGLONG(first + 1), LONGLONG(count), &lengths, &offsets,
            &$1)
        }
        for row in 0..<count {
          let (length, offset) = (Int(lengths[row]), Int(offsets[row]))
          let (totalBits, overflow) = length.multipliedReportingOverflow(by: bits)
          if length < 0 || offset < 0 || overflow || offset > heapBytes
            || totalBits / 8 + (totalBits % 8 == 0 ? 0 : 1) > heapBytes - offset
          {
            throw CatalogueError.malformedFile(
              input.location(row: first + row + 1, column: column.name),
              reason: "the variable-length array (\(length) elements at heap offset "
                + "\(offset)) runs past the end of the heap (\(heapBytes) bytes)")
          }
        }
      }
    }
  }
}
