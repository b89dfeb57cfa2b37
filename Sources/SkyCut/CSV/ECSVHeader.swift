import Yams

/// The header of an astropy ECSV table (`# %ECSV 1.0`, then YAML in comment lines): the
/// columns' names, data types and units, and the delimiter of the lines that follow (a space
/// unless it says `delimiter: ','`).
struct ECSVHeader: Sendable {
  struct Column: Sendable {
    let name: String
    /// `float64`, `int32`, `string`, `bool`, …
    let datatype: String
    /// Its unit (`deg`, `rad`, `arcsec`), or empty.
    let unit: String
  }

  let columns: [Column]
  let delimiter: UInt8
  /// The bytes of the comment block, through its last line's terminator.
  let bytes: [UInt8]

  /// Whether `bytes` (after any byte-order mark at `start`) open an ECSV header.
  static func starts(_ bytes: [UInt8], at start: Int) -> Bool {
    bytes[start...].starts(with: Array("# %ECSV".utf8))
  }

  /// The end of the comment block of `bytes` from `start`: the offset after the terminator of
  /// its last `#` line, or `nil` when more bytes are needed (and `atEnd` is false).
  static func blockEnd(_ bytes: [UInt8], from start: Int, atEnd: Bool) -> Int? {
    var lineStart = start
    while lineStart < bytes.count {
      guard bytes[lineStart] == UInt8(ascii: "#") else { return lineStart }
      guard let newline = bytes[lineStart...].firstIndex(of: 10) else {
        return atEnd ? bytes.count : nil
      }
      lineStart = newline + 1
    }
    return atEnd ? bytes.count : nil
  }

  /// Parses the comment block `bytes[start..<end]`.
  /// - Throws: ``CatalogueError/malformedFile(_:reason:)`` for a header that is not ECSV.
  init(_ all: [UInt8], from start: Int, to end: Int, path: String) throws {
    bytes = Array(all[start..<end])
    let lines = String(decoding: bytes, as: UTF8.self).split(
      omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }
    ).map { line -> Substring in
      var text = line.dropFirst()  // the '#'
      if text.first == " " { text = text.dropFirst() }
      return text
    }
    func failure(_ reason: String) -> CatalogueError {
      CatalogueError.malformedFile(SourceLocation(path: path, line: 1), reason: reason)
    }
    guard let yamlStart = lines.firstIndex(where: { $0.trimmingSpaces == "---" }) else {
      throw failure("an ECSV header needs its YAML after a '# ---' line")
    }
    let yaml = lines[(yamlStart + 1)...].joined(separator: "\n")
    let document: Any?
    do {
      document = try Yams.load(yaml: yaml)
    } catch {
      throw failure("the ECSV header is not YAML")
    }
    guard let header = document as? [String: Any],
      let list = header["datatype"] as? [[String: Any]]
    else {
      throw failure("an ECSV header needs a 'datatype' list of its columns")
    }
    columns = try list.map { entry in
      guard let name = entry["name"] as? String, let datatype = entry["datatype"] as? String else {
        throw failure("each ECSV column needs a name and a datatype")
      }
      return Column(name: name, datatype: datatype, unit: entry["unit"] as? String ?? "")
    }
    switch header["delimiter"] as? String ?? " " {
    case " ": delimiter = UInt8(ascii: " ")
    case ",": delimiter = UInt8(ascii: ",")
    case let other: throw failure("an ECSV delimiter is ' ' or ',', not '\(other)'")
    }
  }

  /// The comment block with a line for each of `added` at the end of the `datatype` list
  /// (after its last entry, `# - …` and the lines indented under it), for an output with more
  /// columns; `nil` when the list is in flow style (`# datatype: [ … ]`), which takes no
  /// such lines.
  func adding(_ added: [AddedColumn]) -> [UInt8]? {
    guard !added.isEmpty else { return bytes }
    var lines = String(decoding: bytes, as: UTF8.self).split(
      separator: "\n", omittingEmptySubsequences: false
    ).map(String.init)
    let newline = lines.first?.hasSuffix("\r") == true ? "\r" : ""
    guard let list = lines.firstIndex(where: { $0.hasPrefix("# datatype:") }),
      lines[list].trimmingSpaces == "# datatype:", list + 1 < lines.count,
      lines[list + 1].hasPrefix("# - ")
    else { return nil }
    var last = list
    while last + 1 < lines.count
      && (lines[last + 1].hasPrefix("# - ") || lines[last + 1].hasPrefix("#   "))
    {
      last += 1
    }
    let entries = added.map { column -> String in
      let unit = column.unit.isEmpty ? "" : ", unit: \(column.unit)"
      return "# - {name: \(column.name)\(unit), datatype: \(column.values.ecsvType)}" + newline
    }
    lines.insert(contentsOf: entries, at: last + 1)
    return Array(lines.joined(separator: "\n").utf8)
  }
}

extension AddedColumn.Values {
  /// The ECSV data type of these values.
  var ecsvType: String {
    switch self {
    case .logical: "bool"
    case .double: "float64"
    case .integer: "int64"
    case .bits(_, let bytes):
      bytes == 1 ? "uint8" : bytes == 2 ? "int16" : bytes == 4 ? "int32" : "int64"
    }
  }

  /// Value `index` as ECSV writes it: `True`/`False` for a logical value, `""` for a null
  /// (which a space-separated line could not hold as an empty field).
  func ecsvText(_ index: Int) -> String {
    if case .logical(let flags) = self { return flags[index] ? "True" : "False" }
    let value = text(index)
    return value.isEmpty ? "\"\"" : value
  }
}
