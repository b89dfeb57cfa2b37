/// Where in an input or output file a problem was found.
///
/// Rows and lines are 1-based, as in FITS and as users count. The description reads like
/// `objects.fits[1], row 1042, column 'DEC'` (the bracket is the FITS extension number,
/// 0 being the primary HDU) or `objects.csv, line 12, column 'RA'`.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
  /// The file's path, as the user gave it.
  public var path: String
  /// The FITS extension number (0 = primary HDU), for FITS files.
  public var hdu: Int?
  /// The 1-based data row.
  public var row: Int?
  /// The 1-based physical line (CSV).
  public var line: Int?
  /// The column's name.
  public var column: String?

  public init(
    path: String, hdu: Int? = nil, row: Int? = nil, line: Int? = nil, column: String? = nil
  ) {
    self.path = path
    self.hdu = hdu
    self.row = row
    self.line = line
    self.column = column
  }

  /// A copy with the given row, line or column filled in.
  public func with(row: Int? = nil, line: Int? = nil, column: String? = nil) -> SourceLocation {
    var copy = self
    if let row { copy.row = row }
    if let line { copy.line = line }
    if let column { copy.column = column }
    return copy
  }

  public var description: String {
    var text = path
    if let hdu { text += "[\(hdu)]" }
    if let line { text += ", line \(line)" } else if let row { text += ", row \(row)" }
    if let column { text += ", column '\(column)'" }
    return text
  }
}
