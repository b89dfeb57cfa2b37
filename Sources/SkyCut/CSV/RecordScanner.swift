import Foundation

/// Finds the records of a CSV or TSV text in a buffer, honouring quotes: a quoted field may
/// hold line breaks. Lines end in LF or CRLF; blank lines are not records.
struct RecordScanner {
  let delimiter: UInt8
  let path: String
  /// The 1-based line the next record starts on.
  var line = 1

  /// What a scan found.
  struct Scan {
    /// Where the bytes not yet scanned begin: an incomplete last record, when the buffer is
    /// not the end of the text.
    var consumed: Int
  }

  /// Scans `bytes[start ..< count]`, appending each complete record and its field count.
  /// When `isFinal` is false, a last record without its line terminator (or with an open
  /// quote) is left for the next buffer.
  ///
  /// - Throws: ``CatalogueError/malformedFile(_:reason:)`` for a quote still open at the end
  ///   of the text.
  mutating func scan(
    _ bytes: UnsafePointer<UInt8>, from start: Int, count: Int, isFinal: Bool,
    into records: inout [TextRecord], fieldCounts: inout [Int], maximum: Int = .max
  ) throws -> Scan {
    var position = start
    var found = 0
    while position < count && found < maximum {
      let recordStart = position
      // Most records hold no quote: find the line's end with `memchr`, count its delimiters in
      // a loop the compiler vectorizes, and take it whole (a quote sends the record to the
      // byte-by-byte loop below, which decides quoted line breaks).
      if let plain = Self.plainRecord(bytes, from: position, count: count, delimiter: delimiter) {
        line += 1
        position = plain.next
        if plain.end == recordStart && plain.fields == 1 { continue }  // a blank line
        records.append(
          TextRecord(start: recordStart, end: plain.end, next: plain.next, line: line - 1))
        fieldCounts.append(plain.fields)
        found += 1
        continue
      }
      var newlines = 0
      var quoted = false
      var fields = 1
      var i = position
      var terminated = false
      var end = count
      var next = count
      while i < count {
        let byte = bytes[i]
        if byte == UInt8(ascii: "\"") {
          quoted.toggle()
        } else if quoted {
          if byte == 10 { newlines += 1 }
        } else if byte == delimiter {
          fields += 1
        } else if byte == 10 {
          end = i > recordStart && bytes[i - 1] == 13 ? i - 1 : i
          next = i + 1
          terminated = true
          break
        }
        i += 1
      }
      if !terminated {
        if !isFinal { return Scan(consumed: recordStart) }
        if quoted {
          throw CatalogueError.malformedFile(
            SourceLocation(path: path, line: line),
            reason: "a quoted field is not closed before the end of the file")
        }
        end = count  // the last record, without a line terminator
        if end > recordStart && bytes[end - 1] == 13 { end -= 1 }
      }
      let recordLine = line
      line += 1 + newlines
      position = next
      if end == recordStart && fields == 1 { continue }  // a blank line
      records.append(TextRecord(start: recordStart, end: end, next: next, line: recordLine))
      fieldCounts.append(fields)
      found += 1
    }
    return Scan(consumed: min(position, count))
  }

  /// The record starting at `start` when its line ends within `count` and holds no quote: its
  /// end (before an LF or CRLF), where the next begins, and its field count.
  @inline(__always)
  static func plainRecord(
    _ bytes: UnsafePointer<UInt8>, from start: Int, count: Int, delimiter: UInt8
  ) -> (end: Int, next: Int, fields: Int)? {
    guard let found = memchr(bytes + start, 10, count - start) else { return nil }
    let newline = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - bytes
    // Eight bytes at a time, in a word: its bytes equal to the delimiter counted, a quote
    // looked for. (SIMD16 lanes did the same, but `any` of a lane mask was a generic call per
    // sixteen bytes, 2 % of a CSV run.)
    var delimiters = 0
    var i = start
    let (splitter, quote) = (
      ByteWords.repeated(delimiter), ByteWords.repeated(UInt8(ascii: "\""))
    )
    while i + 8 <= newline {
      let word = ByteWords.load(bytes + i)
      if ByteWords.matches(word, quote) != 0 { return nil }
      delimiters &+= ByteWords.markCount(ByteWords.matches(word, splitter))
      i += 8
    }
    while i < newline {
      let byte = bytes[i]
      if byte == UInt8(ascii: "\"") { return nil }
      if byte == delimiter { delimiters &+= 1 }
      i += 1
    }
    let end = newline > start && bytes[newline - 1] == 13 ? newline - 1 : newline
    return (end, newline + 1, delimiters + 1)
  }
}

/// UTF-8 checks for text tables.
enum UTF8Check {
  /// The offset of the first byte of 0x80 or more, or `nil`: eight bytes at a time, OR-ed in a
  /// word (a closure per byte was a tenth of writing a CSV as FITS).
  @inline(__always)
  static func firstNonASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    guard let base = bytes.baseAddress else { return nil }
    var i = 0
    while i + 8 <= bytes.count {
      if ByteWords.load(base + i) & 0x8080_8080_8080_8080 != 0 { break }
      i += 8
    }
    while i < bytes.count {
      if base[i] >= 0x80 { return i }
      i += 1
    }
    return nil
  }

  /// The offset of the first byte that is not part of valid UTF-8, or `nil`.
  static func firstInvalid(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    guard let firstNonASCII = firstNonASCII(bytes) else { return nil }
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
}
