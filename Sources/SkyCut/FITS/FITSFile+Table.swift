import CCFITSIO

/// A column of a FITS table as its header describes it.
struct FITSColumn: Sendable, Hashable {
  /// 1-based column number.
  var number: Int
  /// `TTYPEn`, the column's name (empty when the header has none).
  var name: String
  /// `TFORMn`, e.g. `1D`, `12A`, `F10.4`.
  var format: String
  /// `TUNITn`, or empty.
  var unit: String
  /// The type of the stored values.
  var type: FITSColumnType
  /// The type of the values after `TSCAL`/`TZERO` (e.g. ``FITSColumnType/unsignedShort``
  /// for `I` with `TZERO = 32768`).
  var equivalentType: FITSColumnType
  /// Whether the column holds variable-length arrays (`P` or `Q`), whose values are on the
  /// heap.
  var isVariableLength: Bool
  /// Elements per row (characters for strings).
  var repeatCount: Int
  /// Width in bytes of one element (of one string, for strings).
  var width: Int

  /// Whether one row holds one value: a scalar, or one string.
  var isScalar: Bool {
    !isVariableLength
      && (type == .string ? repeatCount <= width || width == 0 : repeatCount == 1)
  }
}

extension FITSFile {
  /// The number of rows of the current table. The corresponding CFITSIO routine is `ffgnrwll`.
  func rowCount() throws(FITSError) -> Int {
    var rows: LONGLONG = 0
    try call("ffgnrwll") { ffgnrwll($0, &rows, &$1) }
    return Int(rows)
  }

  /// The width of one row of the current table in bytes (`NAXIS1`).
  func rowWidth() throws(FITSError) -> Int {
    var width: LONGLONG = 0
    try call("ffgkyjj") { ffgkyjj($0, "NAXIS1", &width, nil, &$1) }
    return Int(width)
  }

  /// The byte offsets of the current HDU: where its header starts, where its data starts and
  /// where its data (with padding) ends. The corresponding CFITSIO routine is `ffghadll`.
  func hduByteRange() throws(FITSError) -> (header: Int, data: Int, end: Int) {
    var header: LONGLONG = 0
    var data: LONGLONG = 0
    var end: LONGLONG = 0
    try call("ffghadll") { ffghadll($0, &header, &data, &end, &$1) }
    return (Int(header), Int(data), Int(end))
  }

  /// The number of rows CFITSIO reads most efficiently at once.
  /// The corresponding CFITSIO routine is `ffgrsz`.
  func optimalRowBlock() throws(FITSError) -> Int {
    var rows = 0
    try call("ffgrsz") { ffgrsz($0, &rows, &$1) }
    return max(rows, 1)
  }

  /// The columns of the current table.
  /// The corresponding CFITSIO routines are `ffgncl`, `ffgtclll`, `ffeqtyll` and `ffgkys`.
  func columns() throws(FITSError) -> [FITSColumn] {
    var count: Int32 = 0
    try call("ffgncl") { ffgncl($0, &count, &$1) }
    var columns: [FITSColumn] = []
    columns.reserveCapacity(Int(count))
    for number in 1...max(Int(count), 1) where number <= Int(count) {
      var type: Int32 = 0
      var equivalent: Int32 = 0
      var repeatCount: LONGLONG = 0
      var width: LONGLONG = 0
      try call("ffgtclll") { ffgtclll($0, Int32(number), &type, &repeatCount, &width, &$1) }
      try call("ffeqtyll") { ffeqtyll($0, Int32(number), &equivalent, nil, nil, &$1) }
      let format = try stringKeyword("TFORM\(number)") ?? ""
      guard let stored = FITSColumnType(code: type), let scaled = FITSColumnType(code: equivalent)
      else {
        throw FITSError(
          status: FITSStatus.badTFORM.rawValue, routine: "ffgtclll",
          location: location(column: try stringKeyword("TTYPE\(number)") ?? "\(number)"),
          reason: "TFORM\(number) = '\(format)' is not a column type SkyCut knows")
      }
      columns.append(
        FITSColumn(
          number: number,
          name: try stringKeyword("TTYPE\(number)") ?? "",
          format: format,
          unit: try stringKeyword("TUNIT\(number)") ?? "",
          type: stored, equivalentType: scaled, isVariableLength: type < 0,
          repeatCount: Int(repeatCount), width: Int(width)))
    }
    return columns
  }

  // MARK: Reading

  /// Reads `count` values of a numeric column from 1-based row `firstRow` as `Double`,
  /// applying `TSCAL`/`TZERO`; null values become NaN.
  /// The corresponding CFITSIO routine is `ffgcvd` (`fits_read_col_dbl`).
  func readDoubles(
    column: FITSColumn, firstRow: Int, into buffer: UnsafeMutableBufferPointer<Double>
  ) throws(FITSError) {
    guard let base = buffer.baseAddress, !buffer.isEmpty else { return }
    var anyNull: Int32 = 0
    try call("ffgcvd", row: firstRow, column: column.name) {
      ffgcvd(
        $0, Int32(column.number), LONGLONG(firstRow), 1, LONGLONG(buffer.count), .nan, base,
        &anyNull, &$1)
    }
  }

  /// Reads the raw bytes of `count` whole rows from 1-based row `firstRow`.
  /// The corresponding CFITSIO routine is `ffgtbb` (`fits_read_tblbytes`).
  func readRowBytes(
    firstRow: Int, rowWidth: Int, into buffer: UnsafeMutableRawBufferPointer
  ) throws(FITSError) {
    guard let base = buffer.baseAddress, !buffer.isEmpty else { return }
    try call("ffgtbb", row: firstRow) {
      ffgtbb(
        $0, LONGLONG(firstRow), 1, LONGLONG(buffer.count),
        base.assumingMemoryBound(to: UInt8.self), &$1)
    }
  }

  /// Writes raw bytes as whole rows starting at 1-based row `firstRow`, extending the table
  /// (and its `NAXIS2`) as needed. The corresponding CFITSIO routine is `ffptbb`
  /// (`fits_write_tblbytes`).
  func writeRowBytes(firstRow: Int, from buffer: UnsafeRawBufferPointer) throws(FITSError) {
    guard let base = buffer.baseAddress, !buffer.isEmpty else { return }
    try call("ffptbb", row: firstRow) {
      ffptbb(
        $0, LONGLONG(firstRow), 1, LONGLONG(buffer.count),
        UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: UInt8.self)), &$1)
    }
  }

  /// Copies `count` rows starting at 1-based `firstRow` of the current table to the end of
  /// the current table of `other`, including variable-length array data on the heap.
  /// The corresponding CFITSIO routine is `ffcprw` (`fits_copy_rows`).
  func copyRows(firstRow: Int, count: Int, to other: FITSFile) throws(FITSError) {
    guard let target = other.rawHandle else {
      throw FITSError(
        status: FITSStatus.badFilePointer.rawValue, routine: "ffcprw", location: other.location())
    }
    try call("ffcprw", row: firstRow) {
      ffcprw($0, target, LONGLONG(firstRow), LONGLONG(count), &$1)
    }
  }

  /// Inserts `count` blank rows after 1-based row `row` (0: at the start), moving any HDUs
  /// that follow. The corresponding CFITSIO routine is `ffirow` (`fits_insert_rows`).
  func insertRows(after row: Int, count: Int) throws(FITSError) {
    try call("ffirow", row: row) { ffirow($0, LONGLONG(row), LONGLONG(count), &$1) }
  }

  /// Sets `NAXIS2` and makes CFITSIO re-read the table's structure.
  /// The corresponding CFITSIO routines are `ffmkyj` and `ffrdef`.
  func resetRowCount(to rows: Int) throws(FITSError) {
    try call("ffmkyj") { ffmkyj($0, "NAXIS2", LONGLONG(rows), "&", &$1) }
    try call("ffrdef") { ffrdef($0, &$1) }
  }
}
