/// A column a cleaning run adds to the rows it writes (`--flag-column`,
/// `--separation-column`, `--count-column`, `--mask-column`), with one value per input row.
public struct AddedColumn: Sendable, Hashable {
  /// The values, indexed by the input catalogue's row.
  public enum Values: Sendable, Hashable {
    /// FITS `L`; `true`/`false` in text.
    case logical([Bool])
    /// FITS `D`; NaN is null (an empty field in text).
    case double([Double])
    /// FITS `K`.
    case integer([Int])
    /// Bits of a mask, in the narrowest FITS integer that holds them all (`bytes`: 1 for `B`,
    /// 2 for `I`, 4 for `J`, 8 for `K`; ``bitBytes(highestBit:)``).
    case bits([Int], bytes: Int)

    /// The bytes of a mask column whose highest bit is `highestBit` (0–62): an unsigned byte
    /// up to bit 7, then the signed 16-, 32- or 64-bit integer whose non-negative values hold
    /// it (the Legacy Surveys' `MASKBITS` is a 16-bit integer).
    public static func bitBytes(highestBit: Int) -> Int {
      switch highestBit {
      case ...7: 1
      case ...14: 2
      case ...30: 4
      default: 8
      }
    }
  }

  /// The column's name.
  public var name: String
  /// Its unit (FITS `TUNIT`), or empty.
  public var unit: String
  public var values: Values

  public init(name: String, unit: String = "", values: Values) {
    self.name = name
    self.unit = unit
    self.values = values
  }

  /// The FITS `TFORM`.
  var fitsFormat: String {
    switch values {
    case .logical: "L"
    case .double: "D"
    case .integer: "K"
    case .bits(_, let bytes): bytes == 1 ? "B" : bytes == 2 ? "I" : bytes == 4 ? "J" : "K"
    }
  }

  /// The bytes one value takes in a FITS binary-table row.
  var fitsWidth: Int {
    switch values {
    case .logical: 1
    case .double, .integer: 8
    case .bits(_, let bytes): bytes
    }
  }

  /// The column without its values: what a writer needs before the rows.
  var header: AddedColumn {
    switch values {
    case .logical: AddedColumn(name: name, unit: unit, values: .logical([]))
    case .double: AddedColumn(name: name, unit: unit, values: .double([]))
    case .integer: AddedColumn(name: name, unit: unit, values: .integer([]))
    case .bits(_, let bytes): AddedColumn(name: name, unit: unit, values: .bits([], bytes: bytes))
    }
  }

  /// Refuses added columns whose names are taken by the catalogue or by each other.
  static func checkNames(_ added: [String], against names: [String], path: String) throws {
    var taken = Set(names.map { $0.lowercased() })
    for name in added {
      guard taken.insert(name.lowercased()).inserted else {
        throw CatalogueError.invalidArgument(
          "\(path) already has a column named '\(name)'; choose another name")
      }
    }
  }
}

extension AddedColumn.Values {
  /// The values of the given rows, in their order.
  func selecting<Rows: Collection<Int>>(_ rows: Rows) -> Self {
    switch self {
    case .logical(let values): .logical(rows.map { values[$0] })
    case .double(let values): .double(rows.map { values[$0] })
    case .integer(let values): .integer(rows.map { values[$0] })
    case .bits(let values, let bytes): .bits(rows.map { values[$0] }, bytes: bytes)
    }
  }

  /// Value `index` as a text field: `true`/`false`, the shortest decimal that reads back as
  /// the same number (empty for NaN, a null), an integer.
  func text(_ index: Int) -> String {
    switch self {
    case .logical(let flags): flags[index] ? "true" : "false"
    case .double(let numbers): numbers[index].isNaN ? "" : "\(numbers[index])"
    case .integer(let numbers), .bits(let numbers, _): "\(numbers[index])"
    }
  }

  /// Writes value `index` at `target` as a FITS binary table stores it: `T`/`F`, a big-endian
  /// IEEE double, a big-endian integer of its width.
  func storeFITS(_ index: Int, at target: UnsafeMutableRawPointer) {
    switch self {
    case .logical(let flags):
      target.storeBytes(of: flags[index] ? UInt8(ascii: "T") : UInt8(ascii: "F"), as: UInt8.self)
    case .double(let numbers):
      target.storeBytes(of: numbers[index].bitPattern.bigEndian, as: UInt64.self)
    case .integer(let numbers):
      target.storeBytes(of: Int64(numbers[index]).bigEndian, as: Int64.self)
    case .bits(let numbers, let bytes):
      // The bits fit the width by construction: truncating keeps them all.
      let value = numbers[index]
      switch bytes {
      case 1: target.storeBytes(of: UInt8(truncatingIfNeeded: value), as: UInt8.self)
      case 2: target.storeBytes(of: Int16(truncatingIfNeeded: value).bigEndian, as: Int16.self)
      case 4: target.storeBytes(of: Int32(truncatingIfNeeded: value).bigEndian, as: Int32.self)
      default: target.storeBytes(of: Int64(value).bigEndian, as: Int64.self)
      }
    }
  }
}
