/// Reads one numeric scalar column straight from the raw bytes of a binary-table row, as
/// CFITSIO's `ffgcvd` would: big-endian values, `TSCAL`/`TZERO` applied in double precision,
/// integer `TNULL` values and float NaNs returned as NaN.
struct ColumnDecoder: Sendable {
  enum Storage: Sendable { case float64, float32, int64, int32, int16, uint8 }

  let offset: Int
  let storage: Storage
  let scale: Double
  let zero: Double
  let null: Int64?

  /// A decoder for `column`, or `nil` when the column is not a fixed-width numeric scalar.
  init?(column: FITSColumn, offset: Int, file: FITSFile) {
    guard column.repeatCount == 1 else { return nil }
    guard !column.isVariableLength else { return nil }
    switch column.type {
    case .double: storage = .float64
    case .float: storage = .float32
    case .longLong: storage = .int64
    case .int: storage = .int32
    case .short: storage = .int16
    case .unsignedByte: storage = .uint8
    default: return nil
    }
    self.offset = offset
    scale = file.doubleKeyword("TSCAL\(column.number)") ?? 1
    zero = file.doubleKeyword("TZERO\(column.number)") ?? 0
    switch storage {
    case .float64, .float32: null = nil
    default: null = file.doubleKeyword("TNULL\(column.number)").map { Int64(exactly: $0) ?? .min }
    }
  }

  /// The value in the row starting at `row`.
  @inline(__always)
  func value(in row: UnsafeRawPointer) -> Double {
    let raw: Double
    let field = row + offset
    switch storage {
    case .float64:
      raw = Double(bitPattern: UInt64(bigEndian: field.loadUnaligned(as: UInt64.self)))
    case .float32:
      raw = Double(Float(bitPattern: UInt32(bigEndian: field.loadUnaligned(as: UInt32.self))))
    case .int64:
      let value = Int64(bigEndian: field.loadUnaligned(as: Int64.self))
      if value == null { return .nan }
      raw = Double(value)
    case .int32:
      let value = Int32(bigEndian: field.loadUnaligned(as: Int32.self))
      if Int64(value) == null { return .nan }
      raw = Double(value)
    case .int16:
      let value = Int16(bigEndian: field.loadUnaligned(as: Int16.self))
      if Int64(value) == null { return .nan }
      raw = Double(value)
    case .uint8:
      let value = field.load(as: UInt8.self)
      if Int64(value) == null { return .nan }
      raw = Double(value)
    }
    return scale == 1 && zero == 0 ? raw : raw * scale + zero
  }
}
