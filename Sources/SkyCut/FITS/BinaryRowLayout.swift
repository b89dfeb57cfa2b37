/// Where each column of a FITS binary table lies within a row, worked out from the `TFORMn`
/// keywords (FITS Standard 4.0, §7.3.1, Table 18).
struct BinaryRowLayout: Sendable {
  /// Byte offset of each column (0-based column index) within a row.
  let offsets: [Int]
  /// Bytes per row (`NAXIS1`).
  let width: Int

  /// The layout, or `nil` when a `TFORM` cannot be parsed or the widths do not add up to
  /// `NAXIS1` (the caller then reads through CFITSIO's column routines instead).
  init?(columns: [FITSColumn], rowWidth: Int) {
    var offsets: [Int] = []
    var offset = 0
    for column in columns {
      guard let bytes = Self.byteWidth(ofFormat: column.format) else { return nil }
      offsets.append(offset)
      offset += bytes
    }
    guard offset == rowWidth else { return nil }
    self.offsets = offsets
    self.width = rowWidth
  }

  /// The bytes a binary-table `TFORM` such as `1D`, `12A`, `3E`, `8X`, `1PE(100)` takes in a row.
  static func byteWidth(ofFormat format: String) -> Int? {
    let text = format.trimming(" ")
    let digits = text.prefix { $0.isASCII && $0.isNumber }
    let repeatCount = digits.isEmpty ? 1 : Int(digits)
    guard let repeatCount, let letter = text.dropFirst(digits.count).first else { return nil }
    switch letter.uppercased() {
    case "L", "B", "A": return repeatCount
    case "X": return (repeatCount + 7) / 8
    case "I": return 2 * repeatCount
    case "J", "E": return 4 * repeatCount
    case "K", "D", "C": return 8 * repeatCount
    case "M": return 16 * repeatCount
    case "P": return 8 * min(repeatCount, 1)
    case "Q": return 16 * min(repeatCount, 1)
    default: return nil
    }
  }
}
