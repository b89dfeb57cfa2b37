/// How a catalogue file is stored, from its name's extension.
public enum CatalogueFormat: Sendable, Hashable, CustomStringConvertible {
  /// A FITS file (`.fits`, `.fit`, `.fts`), gzip-compressed when the name ends in `.gz`.
  case fits(gzip: Bool)
  /// Comma-separated values with a header row (`.csv`).
  case csv
  /// Tab-separated values with a header row (`.tsv`).
  case tsv
  /// astropy's ECSV (`.ecsv`): a YAML header in comment lines with each column's data type and
  /// unit, then space- or comma-separated values. (A `.csv` file that starts with `# %ECSV` is
  /// read as ECSV too.) Written only from ECSV input.
  case ecsv

  /// The format a file name's extension stands for (case-insensitive). A `.fz` name is
  /// taken for FITS, so that reading an fpack-compressed table gets a precise error.
  /// - Throws: ``CatalogueError/unsupportedFormat(path:)`` for any other name.
  public static func inferred(fromPath path: String) throws -> CatalogueFormat {
    let name = path.lowercased()
    if path == Catalogue.standardStream { return .csv }
    if name.hasSuffix(".fz") { return .fits(gzip: false) }
    let gzip = name.hasSuffix(".gz")
    let base = gzip ? String(name.dropLast(3)) : name
    if base.hasSuffix(".fits") || base.hasSuffix(".fit") || base.hasSuffix(".fts") {
      return .fits(gzip: gzip)
    }
    // Text gzip-compressed (Gaia's `.csv.gz`) reads and writes as text through zlib.
    if base.hasSuffix(".csv") { return .csv }
    if base.hasSuffix(".tsv") { return .tsv }
    if base.hasSuffix(".ecsv") { return .ecsv }
    throw CatalogueError.unsupportedFormat(path: path)
  }

  /// The format to write a file of this name in; as ``inferred(fromPath:)``, but SkyCut does
  /// not write fpack-compressed (`.fz`) files.
  public static func inferred(forWritingTo path: String) throws -> CatalogueFormat {
    if path.lowercased().hasSuffix(".fz") {
      throw CatalogueError.invalidArgument(
        "\(path): SkyCut does not write fpack-compressed files; name the output .fits or .fits.gz")
    }
    return try inferred(fromPath: path)
  }

  /// Whether this is a FITS format.
  public var isFITS: Bool {
    if case .fits = self { return true }
    return false
  }

  /// The field separator of a text format.
  var delimiter: UInt8 {
    switch self {
    case .tsv: UInt8(ascii: "\t")
    default: UInt8(ascii: ",")
    }
  }

  public var description: String {
    switch self {
    case .fits(let gzip): gzip ? "FITS (gzip)" : "FITS"
    case .csv: "CSV"
    case .tsv: "TSV"
    case .ecsv: "ECSV"
    }
  }
}
