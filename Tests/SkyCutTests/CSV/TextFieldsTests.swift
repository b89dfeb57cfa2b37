import Testing

@testable import SkyCut

/// Fields found eight bytes at a time against a byte-by-byte reference of the same rules
/// (a quote toggles quoting; a delimiter outside quotes ends the field), on random records
/// whose delimiters and quotes fall at every offset of a word.
@Suite struct TextFieldsTests {
  /// The reference: every byte in turn.
  func referenceBounds(_ bytes: [UInt8], column: Int, delimiter: UInt8) -> Range<Int> {
    var start = 0
    var index = 0
    var quoted = false
    for i in bytes.indices {
      if bytes[i] == UInt8(ascii: "\"") {
        quoted.toggle()
      } else if bytes[i] == delimiter && !quoted {
        if index == column { return start..<i }
        index += 1
        start = i + 1
      }
    }
    return start..<bytes.count
  }

  @Test(arguments: [UInt8(ascii: ","), UInt8(ascii: "\t"), UInt8(ascii: " ")])
  func fieldsAreTheByteByByteFields(delimiter: UInt8) {
    var random = TestRandom(seed: UInt64(delimiter))
    let alphabet: [UInt8] = Array("0123456789.-eE+abc".utf8) + [delimiter, UInt8(ascii: "\"")]
    var wrong = 0
    var quotedRecords = 0
    for _ in 0..<3000 {
      let length = Int.random(in: 0...70, using: &random)
      // Mostly plain characters, with delimiters and quotes now and then.
      let record = (0..<length).map { _ -> UInt8 in
        let roll = Int.random(in: 0..<20, using: &random)
        return roll == 0
          ? UInt8(ascii: "\"") : roll < 4 ? delimiter : alphabet[roll % (alphabet.count - 2)]
      }
      if record.contains(UInt8(ascii: "\"")) { quotedRecords += 1 }
      // The record sits inside a larger buffer, so that words may reach past its end.
      let padded = [UInt8](repeating: delimiter, count: 5) + record + Array("x,y\"z,,".utf8)
      // The fields outside quotes (bounds is asked only for fields a record has).
      var fields = 1
      var quoted = false
      for byte in record {
        if byte == UInt8(ascii: "\"") {
          quoted.toggle()
        } else if byte == delimiter && !quoted {
          fields += 1
        }
      }
      padded.withUnsafeBufferPointer { buffer in
        let span = TextRecord(start: 5, end: 5 + record.count, next: 5 + record.count, line: 1)
        for column in 0..<fields {
          let found = TextFields.bounds(
            buffer.baseAddress!, span, column: column, delimiter: delimiter)
          let expected = referenceBounds(record, column: column, delimiter: delimiter)
          if found != (expected.lowerBound + 5)..<(expected.upperBound + 5) { wrong += 1 }
          // Two fields in one walk, either way round: as found one at a time.
          let other = (column * 7 + 3) % fields
          if other != column {
            let pair = TextFields.bounds(
              buffer.baseAddress!, span, columns: column, other, delimiter: delimiter)
            let single = TextFields.bounds(
              buffer.baseAddress!, span, column: other, delimiter: delimiter)
            if pair.0 != found || pair.1 != single { wrong += 1 }
          }
        }
      }
    }
    #expect(wrong == 0)
    #expect(quotedRecords > 500)
  }
}
