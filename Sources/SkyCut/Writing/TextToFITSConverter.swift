import CCFITSIO

/// Writes selected rows of a CSV or TSV catalogue as a FITS binary table, with each column's
/// type inferred from all its values: 64-bit integers (`K`), doubles (`D`), logicals (`L`)
/// or strings (`nA`). Empty fields are nulls.
enum TextToFITSConverter {
  static let blockRows = 65_536

  /// The FITS type chosen for a text column.
  enum ColumnKind: Equatable {
    case integer, double, logical
    case string(width: Int)

    var format: String {
      switch self {
      case .integer: "K"
      case .double: "D"
      case .logical: "L"
      case .string(let width): "\(width)A"
      }
    }
  }

  static func write(
    from catalogue: Catalogue, text: DelimitedText, selection: RowSelection,
    to file: OutputFile, provenance: CutProvenance?
  ) throws {
    let columnCount = text.header.count
    // Decode every field once; infer each column's kind from all rows, so that the cleaned
    // and rejected outputs of one input always agree.
    let table = text.records.map {
      DelimitedText.fields(of: $0, in: text.bytes, delimiter: text.delimiter)
    }
    let kinds = (0..<columnCount).map { column in inferKind(table.lazy.map { $0[column] }) }
    let hasNulls = (0..<columnCount).map { column in table.contains { $0[column].isEmpty } }
    let units = text.header.map { name -> String in
      if name == catalogue.coordinates.first { return catalogue.coordinates.units.first.rawValue }
      if name == catalogue.coordinates.second { return catalogue.coordinates.units.second.rawValue }
      return ""
    }
    let output = try FITSFile.create(atPath: file.temporaryPath, displayPath: file.path)
    do {
      try output.createBinaryTable(
        names: text.header, formats: kinds.map(\.format), units: units)
      for column in 0..<columnCount where kinds[column] == .integer && hasNulls[column] {
        try output.call("ffpkyj") {
          ffpkyj($0, "TNULL\(column + 1)", LONGLONG(Int64.min), "null value", &$1)
        }
      }
      if let provenance { try output.writeProvenance(provenance) }
      try output.call("ffrdef") { ffrdef($0, &$1) }
      var written = 0
      let rows = selection.rows
      while written < rows.count {
        let block = rows[written..<min(written + blockRows, rows.count)]
        for column in 0..<columnCount {
          let fields = block.map { table[$0][column] }
          try output.writeValues(
            values(fields, kind: kinds[column]), column: column + 1, firstRow: written + 1)
        }
        written += block.count
      }
      try output.close()
    } catch {
      try? output.close()
      throw error
    }
  }

  static func inferKind<Fields: Sequence>(_ fields: Fields) -> ColumnKind
  where Fields.Element == String {
    var integer = true
    var double = true
    var logical = true
    var width = 1
    var any = false
    for field in fields {
      width = max(width, field.utf8.count)
      let value = field.trimmingSpaces
      if value.isEmpty { continue }
      any = true
      if integer && Int64(value) == nil { integer = false }
      if double && !integer && Double(value) == nil { double = false }
      if logical && parseLogical(value) == nil { logical = false }
    }
    if !any { return .string(width: width) }
    if integer { return .integer }
    if double { return .double }
    if logical { return .logical }
    return .string(width: width)
  }

  static func parseLogical(_ text: Substring) -> Bool? {
    switch text.lowercased() {
    case "true", "t": true
    case "false", "f": false
    default: nil
    }
  }

  static func values(_ fields: [String], kind: ColumnKind) -> ColumnValues {
    let nulls = fields.map { $0.trimmingSpaces.isEmpty }
    switch kind {
    case .integer:
      return .integers(fields.map { Int64($0.trimmingSpaces) ?? 0 }, nulls: nulls)
    case .double:
      return .doubles(fields.map { Double($0.trimmingSpaces) ?? .nan }, nulls: nulls)
    case .logical:
      return .logicals(fields.map { parseLogical($0.trimmingSpaces) ?? false }, nulls: nulls)
    case .string:
      return .strings(fields, nulls: nulls.map { _ in false })
    }
  }
}
