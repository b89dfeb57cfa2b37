import Foundation

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
    var radii: [Angle]?
    if let name = options.radiusColumn {
      let column = try ColumnResolver.resolve(name, in: text.header, at: location)
      // An empty field is a null radius: unusable, under the contaminants' policy.
      let values = try text.records.map { record in
        text.fieldBounds(column, of: record).isEmpty
          ? .nan : try number(text, record, column, text.header[column])
      }
      let unit = try ContaminantRadii.unit(
        tunit: nil, fallback: options.radiusUnit, at: location.with(column: name))
      radii = try ContaminantRadii.angles(
        values, unit: unit, policy: options.invalidRows,
        location: { location.with(line: text.records[$0].line, column: text.header[column]) },
        invalid: &invalid)
    }
    return Catalogue(
      path: path, format: format, extensionNumber: nil, columnNames: text.header,
      coordinates: columns, positions: positions, invalidRows: invalid, radii: radii, text: text)
  }

  private static func number(
    _ text: DelimitedText, _ record: DelimitedText.Record, _ index: Int, _ name: String
  ) throws -> Double {
    if let value = fastNumber(text, text.fieldBounds(index, of: record)) { return value }
    let field = text.field(index, of: record)
    let trimmed = field.trimmingSpaces
    guard let value = Double(trimmed) else {
      throw CatalogueError.invalidValue(
        field, expected: "a number",
        SourceLocation(path: text.path, line: record.line, column: name))
    }
    return value
  }

  /// An unquoted field parsed straight from its bytes with `strtod` (which `Double(_:)` also
  /// uses, so the values are the same), or `nil` to take the general path: quoted, empty,
  /// long, or not entirely a number.
  private static func fastNumber(_ text: DelimitedText, _ bounds: Range<Int>) -> Double? {
    let count = bounds.count
    guard count > 0, count < 64 else { return nil }
    return text.bytes.withUnsafeBufferPointer { bytes -> Double? in
      guard let base = bytes.baseAddress, base[bounds.lowerBound] != UInt8(ascii: "\"") else {
        return nil
      }
      return withUnsafeTemporaryAllocation(of: CChar.self, capacity: 65) { buffer -> Double? in
        guard let digits = buffer.baseAddress else { return nil }
        for offset in 0..<count {
          digits[offset] = CChar(bitPattern: base[bounds.lowerBound + offset])
        }
        digits[count] = 0
        // Only plain decimal notation: strtod would also take hex floats and "infinity".
        for offset in 0..<count {
          let byte = UInt8(bitPattern: digits[offset])
          guard
            (48...57).contains(byte) || byte == 46 || byte == 45 || byte == 43 || byte == 101
              || byte == 69 || byte == 32
          else { return nil }
        }
        var end: UnsafeMutablePointer<CChar>?
        let value = strtod(digits, &end)
        guard let end, end != digits else { return nil }
        var rest = end
        while rest.pointee == 32 { rest += 1 }
        return rest.pointee == 0 ? value : nil
      }
    }
  }
}
