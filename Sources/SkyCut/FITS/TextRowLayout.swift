import Foundation

/// How a text record becomes a row of the FITS binary table ``TextFITSSink`` writes: each
/// column at its offset, as CFITSIO would write it (`ffpcnjj`, `ffpcld`, `ffpcnl`, `ffpcls`):
/// integers and doubles big-endian with `Int64.min` and NaN for empty fields, logicals `T`,
/// `F` or 0 for empty, strings padded with spaces (up to a NUL, as CFITSIO reads a C string).
///
/// Plain ASCII fields are read from their bytes; quoted or other fields through their text,
/// with the same rules, so both give the same bytes.
struct TextRowLayout: Sendable {
  let kinds: [TextColumnKinds.Kind]
  /// Each text column's byte offset in a row, then the added columns'.
  let offsets: [Int]
  /// The bytes of a row.
  let width: Int
  let delimiter: UInt8

  init(kinds: [TextColumnKinds.Kind], added: [Int], delimiter: UInt8) {
    self.kinds = kinds
    self.delimiter = delimiter
    var offsets: [Int] = []
    var offset = 0
    for kind in kinds {
      offsets.append(offset)
      offset += kind.byteWidth
    }
    for width in added {
      offsets.append(offset)
      offset += width
    }
    self.offsets = offsets
    width = offset
  }

  /// Writes `record`'s fields into the text columns of `row` (missing fields as empty ones).
  @inline(__always)
  func pack(_ record: TextRecord, of bytes: UnsafePointer<UInt8>, into row: UnsafeMutableRawPointer)
  {
    var position = record.start
    for column in kinds.indices {
      let end =
        position <= record.end
        ? TextFields.fieldEnd(bytes, from: position, limit: record.end, delimiter: delimiter)
        : position
      store(bytes, position..<max(position, end), column, into: row + offsets[column])
      position = end + 1
    }
  }

  /// Writes the added columns' values for row `index` of the block's list.
  @inline(__always)
  func store(_ values: [AddedColumn.Values], _ index: Int, into row: UnsafeMutableRawPointer) {
    for (number, value) in values.enumerated() {
      value.storeFITS(index, at: row + offsets[kinds.count + number])
    }
  }

  @inline(__always)
  private func store(
    _ bytes: UnsafePointer<UInt8>, _ bounds: Range<Int>, _ column: Int,
    into target: UnsafeMutableRawPointer
  ) {
    guard TextFields.isPlain(bytes, bounds) else {
      store(TextFields.decode(bytes, bounds), column, into: target)
      return
    }
    let value = TextFields.trimmed(bytes, bounds)
    switch kinds[column] {
    case .integer:
      let number =
        value.isEmpty
        ? Int64.min
        : TextNumber.integer(bytes, value) ?? Int64(TextFields.decode(bytes, value)) ?? 0
      target.storeBytes(of: number.bigEndian, as: Int64.self)
    case .double:
      let number =
        value.isEmpty
        ? Double.nan
        : TextNumber.fast(bytes, value) ?? Double(TextFields.decode(bytes, value)) ?? .nan
      target.storeBytes(of: number.bitPattern.bigEndian, as: UInt64.self)
    case .logical:
      target.storeBytes(
        of: Self.logical(value.isEmpty ? nil : TextColumnKinds.parseLogical(bytes, value) ?? false),
        as: UInt8.self)
    case .string(let width):
      Self.pad(
        UnsafeRawBufferPointer(start: bytes + bounds.lowerBound, count: bounds.count),
        width: width, into: target)
    }
  }

  /// The general path: the field's decoded text, read as ``TextFITSSink`` always read it.
  private func store(_ field: String, _ column: Int, into target: UnsafeMutableRawPointer) {
    let value = field.trimmingSpaces
    switch kinds[column] {
    case .integer:
      let number = value.isEmpty ? Int64.min : Int64(value) ?? 0
      target.storeBytes(of: number.bigEndian, as: Int64.self)
    case .double:
      let number = value.isEmpty ? Double.nan : Double(value) ?? .nan
      target.storeBytes(of: number.bitPattern.bigEndian, as: UInt64.self)
    case .logical:
      target.storeBytes(
        of: Self.logical(value.isEmpty ? nil : TextColumnKinds.parseLogical(value) ?? false),
        as: UInt8.self)
    case .string(let width):
      var text = field
      text.withUTF8 { Self.pad(UnsafeRawBufferPointer($0), width: width, into: target) }
    }
  }

  /// A FITS logical: `T`, `F`, or 0 for a null.
  @inline(__always)
  private static func logical(_ value: Bool?) -> UInt8 {
    value.map { $0 ? UInt8(ascii: "T") : UInt8(ascii: "F") } ?? 0
  }

  /// `text` up to its first NUL and at most `width` bytes, then spaces to `width`.
  @inline(__always)
  private static func pad(
    _ text: UnsafeRawBufferPointer, width: Int, into target: UnsafeMutableRawPointer
  ) {
    var count = min(text.count, width)
    if let nul = text.prefix(count).firstIndex(of: 0) { count = nul }
    if count > 0, let base = text.baseAddress { target.copyMemory(from: base, byteCount: count) }
    (target + count).initializeMemory(as: UInt8.self, repeating: 32, count: width - count)
  }
}

extension TextColumnKinds.Kind {
  /// The bytes a value of this kind takes in a FITS row.
  var byteWidth: Int {
    switch self {
    case .integer, .double: 8
    case .logical: 1
    case .string(let width): width
    }
  }
}
