import CCFITSIO
import Foundation

/// The values of one scalar column for a run of rows, with a null flag per row.
enum ColumnValues {
  case integers([Int64], nulls: [Bool])
  case unsignedIntegers([UInt64], nulls: [Bool])
  case floats([Float], nulls: [Bool])
  case doubles([Double], nulls: [Bool])
  case logicals([Bool], nulls: [Bool])
  case strings([String], nulls: [Bool])
}

extension FITSFile {
  /// Reads `count` values of a scalar column from 1-based row `firstRow`, converted to the
  /// column's equivalent type (after `TSCAL`/`TZERO`), with nulls flagged.
  /// The corresponding CFITSIO routines are `ffgcfjj`, `ffgcfujj`, `ffgcfe`, `ffgcfd`,
  /// `ffgcfl` and `ffgcfs`.
  func readValues(column: FITSColumn, firstRow: Int, count: Int) throws(FITSError)
    -> ColumnValues
  {
    var nulls = [CChar](repeating: 0, count: count)
    var anyNull: Int32 = 0
    let col = Int32(column.number)
    let row = LONGLONG(firstRow)
    let n = LONGLONG(count)
    func flags() -> [Bool] { nulls.map { $0 != 0 } }
    switch column.equivalentType {
    case .float:
      var values = [Float](repeating: 0, count: count)
      try call("ffgcfe", row: firstRow, column: column.name) {
        ffgcfe($0, col, row, 1, n, &values, &nulls, &anyNull, &$1)
      }
      return .floats(values, nulls: flags())
    case .double:
      var values = [Double](repeating: 0, count: count)
      try call("ffgcfd", row: firstRow, column: column.name) {
        ffgcfd($0, col, row, 1, n, &values, &nulls, &anyNull, &$1)
      }
      return .doubles(values, nulls: flags())
    case .unsignedLongLong:
      var values = [UInt64](repeating: 0, count: count)
      try call("ffgcfujj", row: firstRow, column: column.name) {
        ffgcfujj($0, col, row, 1, n, &values, &nulls, &anyNull, &$1)
      }
      return .unsignedIntegers(values, nulls: flags())
    case .logical:
      var values = [CChar](repeating: 0, count: count)
      try call("ffgcfl", row: firstRow, column: column.name) {
        ffgcfl($0, col, row, 1, n, &values, &nulls, &anyNull, &$1)
      }
      return .logicals(values.map { $0 != 0 }, nulls: flags())
    case .string:
      let width = max(column.width, column.repeatCount, 1) + 1
      var storage = [CChar](repeating: 0, count: width * count)
      let strings: [String] = try storage.withUnsafeMutableBufferPointer {
        buffer throws(FITSError) in
        guard let base = buffer.baseAddress else { return [] }
        var pointers: [UnsafeMutablePointer<CChar>?] = (0..<count).map { base + $0 * width }
        try call("ffgcfs", row: firstRow, column: column.name) {
          ffgcfs($0, col, row, 1, n, &pointers, &nulls, &anyNull, &$1)
        }
        return (0..<count).map { String(cString: base + $0 * width) }
      }
      return .strings(strings, nulls: flags())
    default:  // every integer type that fits in Int64
      var values = [Int64](repeating: 0, count: count)
      try call("ffgcfjj", row: firstRow, column: column.name) {
        ffgcfjj($0, col, row, 1, n, &values, &nulls, &anyNull, &$1)
      }
      return .integers(values, nulls: flags())
    }
  }

  /// Appends a binary table HDU with no rows.
  /// The corresponding CFITSIO routine is `ffcrtb` (`fits_create_tbl`).
  func createBinaryTable(names: [String], formats: [String], units: [String]) throws(FITSError) {
    var cNames = names.map { strdup($0) }
    var cFormats = formats.map { strdup($0) }
    var cUnits = units.map { strdup($0) }
    defer { for pointer in cNames + cFormats + cUnits { free(pointer) } }
    try call("ffcrtb") {
      ffcrtb($0, BINARY_TBL, 0, Int32(names.count), &cNames, &cFormats, &cUnits, nil, &$1)
    }
    extensionNumberDidChange(to: 1)
  }

  /// Writes values of a column of a table created by ``createBinaryTable(names:formats:units:)``
  /// from 1-based row `firstRow`. Integer nulls are written as `TNULL` (which must be set),
  /// float nulls as NaN, logical nulls as FITS's null logical.
  /// The corresponding CFITSIO routines are `ffpcnjj`, `ffpcnd`, `ffpcnl` and `ffpcls`.
  func writeValues(_ values: ColumnValues, column: Int, firstRow: Int) throws(FITSError) {
    let col = Int32(column)
    let row = LONGLONG(firstRow)
    switch values {
    case .integers(var data, let nulls):
      for (index, isNull) in nulls.enumerated() where isNull { data[index] = Int64.min }
      try call("ffpcnjj", row: firstRow) {
        ffpcnjj($0, col, row, 1, LONGLONG(data.count), &data, Int64.min, &$1)
      }
    case .doubles(var data, let nulls):
      for (index, isNull) in nulls.enumerated() where isNull { data[index] = .nan }
      try call("ffpcld", row: firstRow) {
        ffpcld($0, col, row, 1, LONGLONG(data.count), &data, &$1)
      }
    case .logicals(let data, let nulls):
      var bytes = zip(data, nulls).map { value, isNull in CChar(isNull ? 2 : (value ? 1 : 0)) }
      try call("ffpcnl", row: firstRow) {
        ffpcnl($0, col, row, 1, LONGLONG(bytes.count), &bytes, 2, &$1)
      }
    case .strings(let data, _):
      var pointers = data.map { strdup($0) }
      defer { for pointer in pointers { free(pointer) } }
      try call("ffpcls", row: firstRow) {
        ffpcls($0, col, row, 1, LONGLONG(pointers.count), &pointers, &$1)
      }
    case .floats, .unsignedIntegers:
      preconditionFailure("text columns are written as Int64, Double, logical or string")
    }
  }
}
