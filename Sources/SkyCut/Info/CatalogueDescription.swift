import Foundation

/// What a catalogue file holds, for `skycut info`: its HDUs (FITS) or its columns (CSV), and
/// which columns SkyCut would take as coordinates.
public struct CatalogueDescription: Sendable, Hashable, CustomStringConvertible {
  /// One column.
  public struct Column: Sendable, Hashable {
    public var name: String
    /// The FITS `TFORM`, or the kind SkyCut infers for CSV (`number`, `integer`,
    /// `logical`, `text`).
    public var format: String
    /// The FITS `TUNIT`, or empty.
    public var unit: String
  }

  /// One HDU of a FITS file, or the single table of a text file.
  public struct Table: Sendable, Hashable {
    /// The FITS extension number (0 = primary), or `nil` for a text file.
    public var number: Int?
    /// `EXTNAME`, or empty.
    public var name: String
    /// `image`, `binary table`, `ASCII table` or `text table`.
    public var kind: String
    /// Rows, for tables.
    public var rows: Int?
    public var columns: [Column]
  }

  public var path: String
  public var format: CatalogueFormat
  public var tables: [Table]
  /// The coordinate columns SkyCut would use with no options, and the table they are in.
  public var coordinates: CoordinateColumns?
  public var coordinateTable: Int?
  /// Why no coordinates were found, if none were.
  public var coordinateProblem: String?

  /// Describes the file at `path`.
  /// - Throws: ``CatalogueError`` for a file SkyCut cannot read at all.
  public static func describe(path: String) throws -> CatalogueDescription {
    let format = try CatalogueFormat.inferred(fromPath: path)
    return try CatalogueError.wrapping {
      format.isFITS
        ? try describeFITS(path: path, format: format)
        : try describeText(path: path, format: format)
    }
  }

  private static func describeFITS(path: String, format: CatalogueFormat) throws
    -> CatalogueDescription
  {
    try FITSFile.withFile(readingAtPath: path) { file in
      var tables: [Table] = []
      for number in 0..<(try file.hduCount()) {
        let type = try file.moveToExtension(number)
        let name = (try? file.stringKeyword("EXTNAME")).flatMap { $0 } ?? ""
        guard type != .image else {
          tables.append(Table(number: number, name: name, kind: "image", rows: nil, columns: []))
          continue
        }
        let columns = try file.columns().map {
          Column(name: $0.name, format: $0.format, unit: $0.unit)
        }
        tables.append(
          Table(
            number: number, name: name,
            kind: type == .binaryTable ? "binary table" : "ASCII table",
            rows: try file.rowCount(), columns: columns))
      }
      var description = CatalogueDescription(
        path: path, format: format, tables: tables, coordinates: nil, coordinateTable: nil)
      description.findCoordinates()
      return description
    }
  }

  private static func describeText(path: String, format: CatalogueFormat) throws
    -> CatalogueDescription
  {
    let source = try TextRowSource(path: path, format: format)
    let inferred = try TextColumnKinds.infer(source)
    let rows = inferred.rows
    let columns = zip(source.columnNames, inferred.kinds).map { name, kind in
      let kind: String =
        switch kind {
        case .integer: "integer"
        case .double: "number"
        case .logical: "logical"
        case .string: "text"
        }
      return Column(name: name, format: kind, unit: "")
    }
    var description = CatalogueDescription(
      path: path, format: format,
      tables: [Table(number: nil, name: "", kind: "text table", rows: rows, columns: columns)],
      coordinates: nil, coordinateTable: nil)
    description.findCoordinates()
    return description
  }

  /// The first table's coordinate columns, as ``Catalogue/read(path:options:)`` would pick
  /// them.
  private mutating func findCoordinates() {
    guard let index = tables.firstIndex(where: { $0.rows != nil }) else {
      coordinateProblem = "no table"
      return
    }
    let table = tables[index]
    do {
      let location = SourceLocation(path: path, hdu: table.number)
      coordinates = try CoordinateResolver.resolve(
        names: table.columns.map(\.name),
        units: table.number == nil ? nil : table.columns.map(\.unit), options: .init(),
        at: location
      ).columns
      coordinateTable = table.number
    } catch {
      coordinateProblem = "\(error)"
    }
  }

  /// A few lines for people.
  public var description: String {
    var lines: [String] = []
    let hduCount = tables.count
    lines.append(
      "\(path): \(format)" + (format.isFITS ? ", \(hduCount) HDU\(hduCount == 1 ? "" : "s")" : ""))
    for table in tables {
      var head =
        table.number.map { "HDU \($0)" + (table.name.isEmpty ? "" : " \(table.name)") + ": " } ?? ""
      head += table.kind
      if let rows = table.rows { head += ", \(rows) rows, \(table.columns.count) columns" }
      lines.append(head)
      let width = table.columns.map(\.name.count).max() ?? 0
      let formatWidth = table.columns.map(\.format.count).max() ?? 0
      for column in table.columns {
        var line = "  " + column.name.padding(toLength: width, withPad: " ", startingAt: 0)
        line += "  " + column.format.padding(toLength: formatWidth, withPad: " ", startingAt: 0)
        if !column.unit.isEmpty { line += "  [\(column.unit)]" }
        while line.hasSuffix(" ") { line.removeLast() }
        lines.append(line)
      }
    }
    if let coordinates {
      lines.append(
        "coordinates: \(coordinates)"
          + (coordinateTable.map { " in HDU \($0)" } ?? ""))
    } else {
      lines.append("coordinates: none found (\(coordinateProblem ?? "unknown"))")
    }
    return lines.joined(separator: "\n")
  }
}
