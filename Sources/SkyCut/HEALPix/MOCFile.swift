import Foundation

/// An IVOA MOC 2.0 (space) FITS file in NUNIQ ordering, as mocpy, STILTS and Aladin read it:
/// a binary table of one 64-bit column `UNIQ`, sorted, with the `MOCVERS`, `MOCDIM`,
/// `ORDERING`, `COORDSYS`, `MOCORD_S` keywords (and MOC 1.1's `MOCORDER`, `PIXTYPE`).
enum MOCFile {
  /// Writes `cells` (normalised, sorted by NUNIQ) of a MOC of `order` to `path` (through a
  /// temporary file, renamed into place).
  static func write(_ cells: [HEALPixCell], order: Int, to path: String, overwrite: Bool)
    throws
  {
    try FITSFile.writeOutput(path: path, overwrite: overwrite) { file in
      try file.createBinaryTable(names: ["UNIQ"], formats: ["1K"], units: [""])
      try file.setKeyword("PIXTYPE", string: "HEALPIX", comment: "HEALPix cells")
      try file.setKeyword("MOCVERS", string: "2.0", comment: "IVOA MOC version")
      try file.setKeyword("MOCDIM", string: "SPACE", comment: "a space MOC")
      try file.setKeyword("ORDERING", string: "NUNIQ", comment: "UNIQ = 4 * 4^order + pixel")
      try file.setKeyword("COORDSYS", string: "C", comment: "ICRS")
      try file.setKeyword("MOCORD_S", integer: order, comment: "MOC order (space)")
      try file.setKeyword("MOCORDER", integer: order, comment: "MOC order (MOC 1.1)")
      try file.setKeyword("MOCTOOL", string: "SkyCut \(SkyCutVersion.current)", comment: "")
      try file.writeColumn(cells.lazy.map(\.uniq), column: 1, as: ColumnValues.integers)
    }
  }

  /// The cells of the MOC at `path` (NUNIQ, in its first table).
  static func read(_ path: String) throws -> [HEALPixCell] {
    try FITSFile.withFile(readingAtPath: path) { file in
      _ = try file.moveToExtension(1)
      guard let column = try file.columns().first(where: { $0.name.uppercased() == "UNIQ" })
      else {
        throw CatalogueError.malformedFile(
          SourceLocation(path: path, hdu: 1), reason: "not a NUNIQ MOC (no UNIQ column)")
      }
      let rows = try file.rowCount()
      guard
        case .integers(let values, _) = try file.readValues(
          column: column, firstRow: 1, count: rows)
      else {
        throw CatalogueError.malformedFile(
          SourceLocation(path: path, hdu: 1, column: "UNIQ"), reason: "not integers")
      }
      return try values.enumerated().map { row, uniq in
        guard uniq >= 4, uniq < Int64(16) << (2 * HEALPixCell.maximumOrder) else {
          throw CatalogueError.invalidValue(
            String(uniq), expected: "a NUNIQ number",
            SourceLocation(path: path, hdu: 1, row: row + 1, column: "UNIQ"))
        }
        return HEALPixCell(uniq: uniq)
      }
    }
  }
}
