import CCFITSIO

extension FITSFile {
  /// Reads every cell's values as stored, without `TSCAL`/`TZERO`, in the variable-length
  /// columns `columns` of this file's current table and of `output`'s, so that cells can be
  /// copied value for value. The corresponding CFITSIO routine is `fftscl`.
  func storeVariableLengthRaw(_ columns: [FITSColumn], in output: FITSFile) throws(FITSError) {
    for column in columns {
      for file in [self, output] {
        try file.call("fftscl", column: column.name) {
          fftscl($0, Int32(column.number), 1, 0, &$1)
        }
      }
    }
  }

  /// Copies the variable-length cell of `column` in 1-based row `row` of this file's current
  /// table to 1-based row `outputRow` of `output`'s current table, whose descriptor must be
  /// empty (CFITSIO then appends the values to the heap and sets the descriptor). Call
  /// ``storeVariableLengthRaw(_:in:)`` first.
  /// The corresponding CFITSIO routines are `ffgdesll`, `ffgcv` and `ffpcl`.
  func copyVariableLengthCell(
    _ column: FITSColumn, row: Int, to output: FITSFile, outputRow: Int
  ) throws {
    var length: LONGLONG = 0
    var offset: LONGLONG = 0
    let number = Int32(column.number)
    try call("ffgdesll", row: row, column: column.name) {
      ffgdesll($0, number, LONGLONG(row), &length, &offset, &$1)
    }
    guard length > 0 else { return }
    let (type, bytes) = Self.transferType(column.type)
    if column.type == .string {
      // One string of `length` characters per cell.
      var text = [CChar](repeating: 0, count: Int(length) + 1)
      try text.withUnsafeMutableBufferPointer { buffer in
        var pointer: UnsafeMutablePointer<CChar>? = buffer.baseAddress
        try call("ffgcv", row: row, column: column.name) {
          ffgcv($0, TSTRING, number, LONGLONG(row), 1, 1, nil, &pointer, nil, &$1)
        }
        try output.call("ffpcl", row: outputRow, column: column.name) {
          ffpcl($0, TSTRING, number, LONGLONG(outputRow), 1, 1, &pointer, &$1)
        }
      }
      return
    }
    var values = [UInt8](repeating: 0, count: Int(length) * bytes)
    try values.withUnsafeMutableBytes { buffer in
      try call("ffgcv", row: row, column: column.name) {
        ffgcv($0, type, number, LONGLONG(row), 1, length, nil, buffer.baseAddress, nil, &$1)
      }
      try output.call("ffpcl", row: outputRow, column: column.name) {
        ffpcl($0, type, number, LONGLONG(outputRow), 1, length, buffer.baseAddress, &$1)
      }
    }
  }

  /// The CFITSIO data type to move values of a column type in, and the bytes of one value.
  private static func transferType(_ type: FITSColumnType) -> (Int32, Int) {
    switch type {
    case .bit: (TBIT, 1)  // one char per bit
    case .unsignedByte: (TBYTE, 1)
    case .signedByte: (TSBYTE, 1)
    case .logical: (TLOGICAL, 1)
    case .string: (TSTRING, 1)
    case .short: (TSHORT, 2)
    case .unsignedShort: (TUSHORT, 2)
    case .int: (TINT, 4)
    case .unsignedInt: (TUINT, 4)
    case .longLong: (TLONGLONG, 8)
    case .unsignedLongLong: (TULONGLONG, 8)
    case .float: (TFLOAT, 4)
    case .double: (TDOUBLE, 8)
    case .complex: (TCOMPLEX, 8)
    case .doubleComplex: (TDBLCOMPLEX, 16)
    }
  }
}
