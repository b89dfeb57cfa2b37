import Foundation

/// A catalogue read from a FITS or CSV file: its rows' positions as unit vectors, and what it
/// takes to write any subset of its rows back out with every column intact.
///
/// ```swift
/// let objects = try Catalogue.read(path: "objects.fits")
/// let stars = try Catalogue.read(path: "stars.csv")
/// let removed = try objects.cut(against: [stars], radius: .arcseconds(30)).rows
/// try objects.write(removingRows: removed, to: "objects_clean.fits")
/// ```
public struct Catalogue: Sendable {
  /// The file's path.
  public let path: String
  /// The file's format.
  public let format: CatalogueFormat
  /// The FITS extension read (0 = primary), or `nil` for text files.
  public let extensionNumber: Int?
  /// The names of all columns, in order.
  public let columnNames: [String]
  /// The columns the positions came from.
  public let coordinates: CoordinateColumns
  /// One unit vector per row, in ``frame``; NaN for the rows in ``invalidRows``.
  public let positions: [UnitVector]
  /// The rows (0-based, increasing) whose coordinates are unusable, read under an
  /// ``InvalidRowPolicy`` other than `.error`.
  public let invalidRows: [Int]
  /// Each row's own radius, when the catalogue was read with a
  /// ``CatalogueReadOptions/radiusColumn``; 0 for the rows in ``invalidRows``.
  public let radii: [Angle]?
  /// The values of each of ``CatalogueReadOptions/valueColumns``, keyed by the name as asked
  /// for: one per row, NaN for a null.
  public let values: [String: [Double]]
  /// Each row's ellipse, when read with ``CatalogueReadOptions/ellipseColumns`` (`nil` for
  /// the rows in ``invalidRows``).
  let ellipses: [EllipseShape?]?

  /// Standard input, kept in a temporary file so that the writers can read the rows again
  /// (a file is read again where it is).
  let spool: SpooledInput?

  /// The path that stands for standard input (when read) or standard output (when written),
  /// for CSV: `-`.
  public static let standardStream = "-"

  /// The number of rows.
  public var rowCount: Int { positions.count }
  /// The frame of ``positions``.
  public var frame: SkyFrame { coordinates.frame }

  init(
    path: String, format: CatalogueFormat, extensionNumber: Int?, columnNames: [String],
    coordinates: CoordinateColumns, positions: [UnitVector], invalidRows: [Int],
    radii: [Angle]? = nil, values: [String: [Double]] = [:], ellipses: [EllipseShape?]? = nil,
    spool: SpooledInput? = nil
  ) {
    self.radii = radii
    self.values = values
    self.ellipses = ellipses
    self.path = path
    self.format = format
    self.extensionNumber = extensionNumber
    self.columnNames = columnNames
    self.coordinates = coordinates
    self.positions = positions
    self.invalidRows = invalidRows
    self.spool = spool
  }

  /// Reads a catalogue: a FITS binary or ASCII table (plain or `.gz`), or a CSV/TSV file with
  /// a header row, chosen by the file name's extension.
  ///
  /// - Parameters:
  ///   - path: the file; taken literally (no CFITSIO extended file-name syntax).
  ///   - options: which HDU and columns to use.
  /// - Throws: ``CatalogueError`` naming the file and, where it applies, the row and column.
  public static func read(path: String, options: CatalogueReadOptions = .init()) throws
    -> Catalogue
  {
    _ = try CatalogueFormat.inferred(fromPath: path)
    if path != standardStream {
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw CatalogueError.fileNotFound(path: path)
      }
      if isDirectory.boolValue {
        throw CatalogueError.unreadableFile(SourceLocation(path: path), reason: "it is a directory")
      }
      guard FileManager.default.isReadableFile(atPath: path) else {
        throw CatalogueError.unreadableFile(SourceLocation(path: path), reason: "permission denied")
      }
    }
    return try CatalogueError.wrapping { try CatalogueReader.read(path: path, options: options) }
  }

  /// The same catalogue with other positions (moved to another epoch), one per row.
  func replacingPositions(_ moved: [UnitVector]) -> Catalogue {
    Catalogue(
      path: path, format: format, extensionNumber: extensionNumber, columnNames: columnNames,
      coordinates: coordinates, positions: moved, invalidRows: invalidRows, radii: radii,
      values: values,
      ellipses: ellipses.map { shapes in
        // The ellipses go with their stars: rebuilt around the moved centres.
        zip(shapes, moved).map { shape, centre in shape.flatMap { $0.recentred(on: centre) } }
      }, spool: spool)
  }

  /// The positions rotated into `target`.
  public func positions(in target: SkyFrame) -> [UnitVector] {
    let rotation = frame.rotation(to: target)
    if rotation.isIdentity { return positions }
    return positions.map(rotation.apply)
  }

  /// The rows (0-based, increasing) of the usable positions: all but ``invalidRows``.
  var usableRows: [Int] {
    invalidRows.isEmpty
      ? Array(0..<rowCount) : RowSelection.complement(of: invalidRows, total: rowCount).rows
  }

  /// The usable positions (all but ``invalidRows``) rotated into `target`.
  public func validPositions(in target: SkyFrame) -> [UnitVector] {
    if invalidRows.isEmpty { return positions(in: target) }
    let rotation = frame.rotation(to: target)
    return RowSelection.complement(of: invalidRows, total: rowCount).rows.map {
      rotation.apply(positions[$0])
    }
  }
}
