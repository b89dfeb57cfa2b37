/// Reads a CSV or TSV catalogue.
enum CSVCatalogueReader {
  static func read(path: String, format: CatalogueFormat, options: CatalogueReadOptions) throws
    -> Catalogue
  {
    let text = try DelimitedText(path: path, delimiter: format.delimiter)
    let location = SourceLocation(path: path)
    let (columns, indices) = try CoordinateResolver.resolve(
      names: text.header, units: nil, options: options, at: location)
    let count = text.records.count
    var first = [Double](repeating: 0, count: count)
    var second = [Double](repeating: 0, count: count)
    for (row, record) in text.records.enumerated() {
      first[row] = try number(text, record, indices.0, columns.first)
      second[row] = try number(text, record, indices.1, columns.second)
    }
    var positions: [UnitVector] = []
    var invalid: [Int] = []
    try first.withUnsafeBufferPointer { first in
      try second.withUnsafeBufferPointer { second in
        try CoordinateResolver.unitVectors(
          first: first, second: second, columns: columns,
          location: { location.with(line: text.records[$0].line) }, policy: options.invalidRows,
          firstRow: 0, into: &positions, invalid: &invalid)
      }
    }
    return Catalogue(
      path: path, format: format, extensionNumber: nil, columnNames: text.header,
      coordinates: columns, positions: positions, invalidRows: invalid, text: text)
  }

  private static func number(
    _ text: DelimitedText, _ record: DelimitedText.Record, _ index: Int, _ name: String
  ) throws -> Double {
    let field = text.field(index, of: record)
    let trimmed = field.trimmingSpaces
    guard let value = Double(trimmed) else {
      throw CatalogueError.invalidValue(
        field, expected: "a number",
        SourceLocation(path: text.path, line: record.line, column: name))
    }
    return value
  }
}
