import CCFITSIO

/// Writes selected rows of a FITS table as CSV or TSV, converting every scalar column.
enum FITSToTextConverter {
  /// Rows are converted in blocks of this many.
  static let blockRows = 65_536

  static func write(
    from catalogue: Catalogue, selection: RowSelection, delimiter: UInt8, formatName: String,
    added: [AddedColumn] = [], to sink: ByteSink
  ) throws {
    try FITSFile.withFile(readingAtPath: catalogue.path) { file in
      try file.moveToExtension(catalogue.extensionNumber ?? 1)
      let columns = try file.columns()
      for column in columns where !isRepresentable(column) {
        throw CatalogueError.unrepresentableColumn(
          column.name, type: "'\(column.format)'", format: formatName,
          file.location(column: column.name))
      }
      let separator = String(UnicodeScalar(delimiter))
      try sink.write(
        (columns.map(\.name) + added.map(\.name))
          .map { DelimitedTextWriter.escape($0, delimiter: delimiter) }
          .joined(separator: separator) + "\n")
      let rows = selection.rows
      var index = 0
      while index < rows.count {
        let blockStart = rows[index]
        var last = index
        while last < rows.count && rows[last] < blockStart + blockRows { last += 1 }
        let span = rows[last - 1] - blockStart + 1
        let values = try columns.map {
          try file.readValues(column: $0, firstRow: blockStart + 1, count: span)
        }
        var line = ""
        for row in rows[index..<last] {
          line.removeAll(keepingCapacity: true)
          for (number, column) in values.enumerated() {
            if number > 0 { line += separator }
            line += format(column, at: row - blockStart, delimiter: delimiter)
          }
          for column in added { line += separator + column.text(row) }
          line += "\n"
          try sink.write(line)
        }
        index = last
      }
    }
  }

  /// Whether one row of the column is one value a text cell can hold.
  static func isRepresentable(_ column: FITSColumn) -> Bool {
    guard column.typeCode > 0, column.isScalar else { return false }
    return column.typeCode != TBIT && column.typeCode != TCOMPLEX
      && column.typeCode != TDBLCOMPLEX
  }

  /// The text of one value: the shortest decimal that reads back as the same number, `true`
  /// or `false`, a string without its FITS trailing blanks; empty for a null.
  static func format(_ values: ColumnValues, at index: Int, delimiter: UInt8) -> String {
    switch values {
    case .integers(let data, let nulls):
      return nulls[index] ? "" : String(data[index])
    case .unsignedIntegers(let data, let nulls):
      return nulls[index] ? "" : String(data[index])
    case .floats(let data, let nulls):
      return nulls[index] || data[index].isNaN ? "" : "\(data[index])"
    case .doubles(let data, let nulls):
      return nulls[index] || data[index].isNaN ? "" : "\(data[index])"
    case .logicals(let data, let nulls):
      return nulls[index] ? "" : (data[index] ? "true" : "false")
    case .strings(let data, let nulls):
      if nulls[index] { return "" }
      var text = Substring(data[index])
      while text.last == " " { text.removeLast() }
      return DelimitedTextWriter.escape(String(text), delimiter: delimiter)
    }
  }
}
