/// Writes text catalogues: selected records of a text file byte for byte, or rows of values
/// converted from another format.
enum DelimitedTextWriter {
  /// Copies the header and the selected records of `text` exactly as they are in the input,
  /// with the `added` columns' fields appended to each line.
  static func copy(
    _ text: DelimitedText, selection: RowSelection, added: [AddedColumn] = [], to sink: ByteSink
  ) throws {
    if !added.isEmpty {
      return try copyAppending(text, selection: selection, added: added, to: sink)
    }
    try text.bytes.withUnsafeBufferPointer { bytes in
      try sink.write(bytes[0..<text.bodyStart])
      if text.bodyStart > 0 && text.bodyStart == bytes.count && bytes.last != 10
        && !selection.rows.isEmpty
      {
        try sink.write(text.lineTerminator)  // a header without a line end
      }
      for row in selection.rows {
        let record = text.records[row]
        if record.next > record.end && bytes[record.next - 1] == 10 {
          try sink.write(bytes[record.start..<record.next])
        } else {  // the last record had no line end
          try sink.write(bytes[record.start..<record.end])
          try sink.write(text.lineTerminator)
        }
      }
    }
  }

  /// The copy with fields appended: each line up to its end, the new fields, its terminator.
  private static func copyAppending(
    _ text: DelimitedText, selection: RowSelection, added: [AddedColumn], to sink: ByteSink
  ) throws {
    let separator = String(UnicodeScalar(text.delimiter))
    try text.bytes.withUnsafeBufferPointer { bytes in
      // The header: everything before its terminator, then the new names.
      var headerEnd = text.bodyStart
      while headerEnd > 0 && (bytes[headerEnd - 1] == 10 || bytes[headerEnd - 1] == 13) {
        headerEnd -= 1
      }
      try sink.write(bytes[0..<headerEnd])
      try sink.write(
        added.map { separator + escape($0.name, delimiter: text.delimiter) }.joined())
      try sink.write(text.lineTerminator)
      for row in selection.rows {
        let record = text.records[row]
        try sink.write(bytes[record.start..<record.end])
        try sink.write(added.map { separator + $0.text(row) }.joined())
        try sink.write(text.lineTerminator)
      }
    }
  }

  /// Quotes a field when it holds the delimiter, a quote, a line break or edge spaces.
  static func escape(_ field: String, delimiter: UInt8) -> String {
    let needsQuotes =
      field.utf8.contains {
        $0 == delimiter || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13
      } || field.hasPrefix(" ") || field.hasSuffix(" ")
    guard needsQuotes else { return field }
    return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }
}

extension String {
  fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
    split(separator: Character(target), omittingEmptySubsequences: false).joined(
      separator: replacement)
  }
}

extension DelimitedTextWriter {
  /// Rewrites the selected records with another delimiter (CSV ↔ TSV), re-quoting fields
  /// as the new delimiter needs.
  static func convert(
    _ text: DelimitedText, selection: RowSelection, delimiter: UInt8, added: [AddedColumn] = [],
    to sink: ByteSink
  ) throws {
    let separator = String(UnicodeScalar(delimiter))
    func line(_ fields: [String]) -> String {
      fields.map { escape($0, delimiter: delimiter) }.joined(separator: separator) + "\n"
    }
    try sink.write(line(text.header + added.map(\.name)))
    for row in selection.rows {
      let fields = DelimitedText.fields(
        of: text.records[row], in: text.bytes, delimiter: text.delimiter)
      try sink.write(line(fields + added.map { $0.text(row) }))
    }
  }
}
