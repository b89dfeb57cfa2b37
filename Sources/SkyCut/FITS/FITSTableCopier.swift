import CCFITSIO

/// Writes a FITS file that is the input file with one table cut down to selected rows: every
/// other HDU is copied as it is, the table's header keeps every keyword (with `NAXIS2`
/// updated and the provenance added), and each kept row is copied byte for byte.
enum FITSTableCopier {
  /// Rows are copied in blocks of about this many bytes.
  static let blockBytes = 4 << 20

  static func write(
    from catalogue: Catalogue, selection: RowSelection, to output: OutputFile,
    provenance: CutProvenance?
  ) throws {
    guard let tableNumber = catalogue.extensionNumber else {
      preconditionFailure("FITSTableCopier needs a FITS catalogue")
    }
    try FITSFile.withFile(readingAtPath: catalogue.path) { input in
      let writer = try FITSFile.create(atPath: output.temporaryPath, displayPath: output.path)
      do {
        try input.copy(to: writer, replacingRowsOf: tableNumber, provenance: provenance) {
          if try input.columns().contains(where: { $0.typeCode < 0 })
            || (input.doubleKeyword("PCOUNT") ?? 0) > 0
          {
            // Variable-length arrays live on the heap: ffcprw copies each row's heap data too.
            try checkHeapDescriptors(input)
            for run in selection.runs {
              try input.copyRows(firstRow: run.lowerBound + 1, count: run.count, to: writer)
            }
          } else {
            try copyFixedRows(input, to: writer, selection: selection)
          }
        }
        try writer.close()
      } catch {
        try? writer.close()
        throw error
      }
    }
  }

  /// Copies the selected rows of a table without a heap: read a block of whole rows, pack the
  /// kept ones together, write them at the end of the output table.
  private static func copyFixedRows(
    _ input: FITSFile, to output: FITSFile, selection: RowSelection
  ) throws {
    let width = try input.rowWidth()
    guard width > 0, !selection.rows.isEmpty else { return }
    let blockRows = max(1, blockBytes / width)
    var inputBlock = [UInt8](repeating: 0, count: blockRows * width)
    var outputBlock = [UInt8](repeating: 0, count: blockRows * width)
    var nextOutputRow = 1
    var index = 0
    let rows = selection.rows
    while index < rows.count {
      // The kept rows that fall in [blockStart, blockStart + blockRows).
      let blockStart = rows[index]
      let blockEnd = min(blockStart + blockRows, selection.total)
      var last = index
      while last < rows.count && rows[last] < blockEnd { last += 1 }
      let span = rows[last - 1] - blockStart + 1
      try inputBlock.withUnsafeMutableBytes { buffer in
        try input.readRowBytes(
          firstRow: blockStart + 1, rowWidth: width,
          into: UnsafeMutableRawBufferPointer(rebasing: buffer[..<(span * width)]))
      }
      let kept = last - index
      try inputBlock.withUnsafeBytes { source in
        try outputBlock.withUnsafeMutableBytes { target in
          let bytes =
            kept == span
            ? UnsafeRawBufferPointer(rebasing: source[..<(span * width)])
            : RowPacking.pack(
              rows[index..<last].lazy.map { $0 - blockStart }, of: source, width: width,
              into: target)
          try output.writeRowBytes(firstRow: nextOutputRow, from: bytes)
        }
      }
      nextOutputRow += kept
      index = last
    }
  }

  /// Refuses a table with a variable-length array descriptor that points outside the heap:
  /// `ffcprw` would read past the table, or allocate whatever length a damaged descriptor
  /// claims.
  private static func checkHeapDescriptors(_ input: FITSFile) throws {
    let columns = try input.columns().filter { $0.typeCode < 0 }
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
      let bits = elementBits(-column.typeCode)
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

  /// The size in bits of one element of a column of CFITSIO type `code`.
  private static func elementBits(_ code: Int32) -> Int {
    switch code {
    case TBIT: 1
    case TSHORT, TUSHORT: 16
    case TINT, TUINT, TLONG, TULONG, TFLOAT: 32
    case TLONGLONG, TULONGLONG, TDOUBLE, TCOMPLEX: 64
    case TDBLCOMPLEX: 128
    default: 8  // bytes, logicals and characters
    }
  }
}
