import Foundation

/// A small table of numbers that SkyCut makes itself (a density profile), written as a FITS
/// binary table or as CSV/TSV, chosen by the path's extension; through a temporary file, so
/// that a failed run leaves nothing behind.
struct NumericTable {
  /// One column.
  struct Column {
    var name: String
    var unit = ""
    var values: Values

    enum Values {
      case integers([Int64])
      /// NaN is a null: NaN in FITS, an empty field in text.
      case doubles([Double])
    }
  }

  var columns: [Column]
  /// The FITS table's `EXTNAME`, and string keywords for its header.
  var extensionName: String
  var keywords: [(name: String, value: String, comment: String)] = []

  var rowCount: Int {
    switch columns.first?.values {
    case .integers(let values): values.count
    case .doubles(let values): values.count
    case nil: 0
    }
  }

  /// Writes the table to `path`.
  /// - Throws: ``CatalogueError`` when the file cannot be created or written.
  func write(to path: String, overwrite: Bool) throws {
    let format = try CatalogueFormat.inferred(fromPath: path)
    if format.isFITS {
      try writeFITS(to: path, overwrite: overwrite)
    } else {
      try OutputFile.write(
        Data(text(delimiter: format == .tsv ? "\t" : ",").utf8), to: path, overwrite: overwrite)
    }
  }

  /// The table as text: a header line, then a line per row; numbers in their shortest
  /// round-trip form.
  func text(delimiter: String) -> String {
    var lines = [columns.map(\.name).joined(separator: delimiter)]
    for row in 0..<rowCount {
      lines.append(
        columns.map { column in
          switch column.values {
          case .integers(let values): String(values[row])
          case .doubles(let values): values[row].isNaN ? "" : "\(values[row])"
          }
        }.joined(separator: delimiter))
    }
    return lines.joined(separator: "\n") + "\n"
  }

  private func writeFITS(to path: String, overwrite: Bool) throws {
    try FITSFile.writeOutput(path: path, overwrite: overwrite) { file in
      try file.createBinaryTable(
        names: columns.map(\.name),
        formats: columns.map {
          if case .integers = $0.values { return "K" }
          return "D"
        }, units: columns.map(\.unit))
      try file.setKeyword("EXTNAME", string: extensionName, comment: "")
      for keyword in keywords {
        try file.setKeyword(keyword.name, string: keyword.value, comment: keyword.comment)
      }
      for (number, column) in columns.enumerated() {
        let values: ColumnValues =
          switch column.values {
          case .integers(let values): .integers(values, nulls: values.map { _ in false })
          case .doubles(let values): .doubles(values, nulls: values.map { _ in false })
          }
        try file.writeValues(values, column: number + 1, firstRow: 1)
      }
    }
  }
}
