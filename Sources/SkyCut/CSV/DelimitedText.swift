import Foundation

/// A CSV or TSV file held in memory and split into records, so that rows can be copied out
/// byte for byte.
///
/// The dialect is RFC 4180 with the usual liberties: a UTF-8 byte-order mark is skipped; lines
/// end in LF or CRLF; fields may be quoted with `"`, with `""` for a quote inside, and a
/// quoted field may hold the delimiter and line breaks; blank lines are not rows. The first
/// record is the header.
struct DelimitedText: Sendable {
  /// One data record: bytes `start ..< end` without its line terminator, `next` just after it.
  struct Record: Sendable {
    var start: Int
    var end: Int
    var next: Int
    /// The 1-based physical line the record starts on.
    var line: Int
  }

  let path: String
  let bytes: [UInt8]
  let delimiter: UInt8
  /// The column names from the header.
  let header: [String]
  /// Bytes `0 ..< bodyStart` are the byte-order mark and the header record with its
  /// terminator.
  let bodyStart: Int
  /// The data records, blank lines left out.
  let records: [Record]
  /// The header's line terminator, used to end a last record that had none.
  let lineTerminator: [UInt8]

  /// Reads and splits a file.
  /// - Throws: ``CatalogueError`` for an unreadable or empty file, an unterminated quote, or a
  ///   record whose field count differs from the header's (naming the line).
  init(path: String, delimiter: UInt8) throws {
    if path == Catalogue.standardStream {
      let name = "<stdin>"
      try self.init(
        path: name, bytes: FileContents.read(descriptor: 0, displayPath: name),
        delimiter: delimiter)
      return
    }
    try self.init(path: path, bytes: FileContents.read(path: path), delimiter: delimiter)
  }

  /// Splits bytes already in memory.
  init(path: String, bytes: [UInt8], delimiter: UInt8) throws {
    self.path = path
    self.bytes = bytes
    self.delimiter = delimiter
    var start = 0
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
    var splitter = RecordSplitter(bytes: bytes, delimiter: delimiter, start: start, path: path)
    guard let headerRecord = try splitter.next() else {
      throw CatalogueError.malformedFile(
        SourceLocation(path: path), reason: "the file is empty; expected a header row")
    }
    if let offset = Self.firstInvalidUTF8(bytes) {
      let line = bytes[..<offset].reduce(1) { $0 + ($1 == 10 ? 1 : 0) }
      throw CatalogueError.malformedFile(
        SourceLocation(path: path, line: line),
        reason: "invalid UTF-8 at byte \(offset + 1); CSV files must be UTF-8 (or ASCII)")
    }
    let names = DelimitedText.fields(of: headerRecord, in: bytes, delimiter: delimiter)
    var seen: [String: Int] = [:]
    for (column, name) in names.enumerated() {
      if let earlier = seen[name] {
        throw CatalogueError.malformedFile(
          SourceLocation(path: path, line: headerRecord.line),
          reason: "columns \(earlier + 1) and \(column + 1) are both named '\(name)'")
      }
      seen[name] = column
    }
    header = names
    bodyStart = headerRecord.next
    lineTerminator =
      headerRecord.next - headerRecord.end == 2 ? [13, 10] : [10]
    var records: [Record] = []
    while let record = try splitter.next() {
      let fieldCount = splitter.lastFieldCount
      if fieldCount != names.count {
        throw CatalogueError.malformedFile(
          SourceLocation(path: path, line: record.line),
          reason: "\(fieldCount) fields where the header has \(names.count)")
      }
      records.append(record)
    }
    self.records = records
  }

  /// The offset of the first byte that is not part of valid UTF-8, or `nil`.
  static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
    // Fast path: pure ASCII.
    guard let firstNonASCII = bytes.firstIndex(where: { $0 >= 0x80 }) else { return nil }
    var decoder = UTF8()
    var iterator = bytes[firstNonASCII...].makeIterator()
    var offset = firstNonASCII
    var scalarStart = offset
    while true {
      switch decoder.decode(&iterator) {
      case .scalarValue(let scalar):
        offset += UTF8.width(scalar)
        scalarStart = offset
      case .emptyInput:
        return nil
      case .error:
        return scalarStart
      }
    }
  }

  /// The decoded fields of a record.
  static func fields(of record: Record, in bytes: [UInt8], delimiter: UInt8) -> [String] {
    var fields: [String] = []
    var position = record.start
    while true {
      let (field, end) = parseField(bytes, from: position, limit: record.end, delimiter: delimiter)
      fields.append(field)
      if end >= record.end { break }
      position = end + 1  // skip the delimiter
    }
    return fields
  }

  /// The byte range of field `index` of a record (0-based), quotes included.
  func fieldBounds(_ index: Int, of record: Record) -> Range<Int> {
    var position = record.start
    var column = 0
    while true {
      let end = Self.fieldEnd(bytes, from: position, limit: record.end, delimiter: delimiter)
      if column == index { return position..<end }
      position = end + 1
      column += 1
    }
  }

  /// The decoded field `index` of a record (0-based).
  func field(_ index: Int, of record: Record) -> String {
    var position = record.start
    var column = 0
    while true {
      if column == index {
        return Self.parseField(bytes, from: position, limit: record.end, delimiter: delimiter).0
      }
      position = Self.fieldEnd(bytes, from: position, limit: record.end, delimiter: delimiter) + 1
      column += 1
    }
  }

  /// Decodes one field starting at `position`; returns it and the index of the delimiter or
  /// record end that follows.
  static func parseField(_ bytes: [UInt8], from position: Int, limit: Int, delimiter: UInt8)
    -> (String, Int)
  {
    if position < limit && bytes[position] == UInt8(ascii: "\"") {
      var value: [UInt8] = []
      var i = position + 1
      while i < limit {
        if bytes[i] == UInt8(ascii: "\"") {
          if i + 1 < limit && bytes[i + 1] == UInt8(ascii: "\"") {
            value.append(UInt8(ascii: "\""))
            i += 2
            continue
          }
          i += 1
          break
        }
        value.append(bytes[i])
        i += 1
      }
      // Anything between the closing quote and the delimiter is kept, as most readers do.
      let end = fieldEnd(bytes, from: i, limit: limit, delimiter: delimiter)
      value.append(contentsOf: bytes[i..<end])
      return (String(decoding: value, as: UTF8.self), end)
    }
    let end = fieldEnd(bytes, from: position, limit: limit, delimiter: delimiter)
    return (String(decoding: bytes[position..<end], as: UTF8.self), end)
  }

  /// The index of the delimiter or record end after the field starting at `position`.
  static func fieldEnd(_ bytes: [UInt8], from position: Int, limit: Int, delimiter: UInt8) -> Int {
    var i = position
    var quoted = false
    while i < limit {
      let byte = bytes[i]
      if byte == UInt8(ascii: "\"") {
        quoted.toggle()
      } else if byte == delimiter && !quoted {
        return i
      }
      i += 1
    }
    return limit
  }
}

/// Walks a file's bytes record by record, honouring quotes.
struct RecordSplitter {
  let bytes: [UInt8]
  let delimiter: UInt8
  let path: String
  var position: Int
  var line = 1
  /// The number of fields of the record `next()` returned last.
  var lastFieldCount = 0

  init(bytes: [UInt8], delimiter: UInt8, start: Int, path: String) {
    self.bytes = bytes
    self.delimiter = delimiter
    self.position = start
    self.path = path
  }

  /// The next non-blank record, or `nil` at the end of the file.
  mutating func next() throws -> DelimitedText.Record? {
    let count = bytes.count
    while position < count {
      let start = position
      let startLine = line
      var quoted = false
      var fields = 1
      var i = position
      var end = count
      var next = count
      while i < count {
        let byte = bytes[i]
        if byte == UInt8(ascii: "\"") {
          quoted.toggle()
        } else if quoted {
          if byte == 10 { line += 1 }
        } else if byte == delimiter {
          fields += 1
        } else if byte == 10 {
          end = i > start && bytes[i - 1] == 13 ? i - 1 : i
          next = i + 1
          break
        }
        i += 1
      }
      if quoted {
        throw CatalogueError.malformedFile(
          SourceLocation(path: path, line: startLine),
          reason: "a quoted field is not closed before the end of the file")
      }
      line += 1
      position = next
      if i >= count {  // last record without a line terminator
        end = count
        if end > start && bytes[end - 1] == 13 { end -= 1 }
      }
      if end == start && fields == 1 { continue }  // blank line
      lastFieldCount = fields
      return DelimitedText.Record(start: start, end: end, next: next, line: startLine)
    }
    return nil
  }
}
