import Foundation
import Testing

@testable import SkyCut

/// The record scanner against a byte-by-byte reference: random tables mixing plain records
/// (the vectorized path) with quoted fields holding delimiters, quotes and line breaks, CRLF
/// and LF endings, blank lines and fields longer than a vector, in buffers of any cut.
@Suite struct RecordScannerTests {
  /// The reference: one state machine over the whole text.
  func reference(_ bytes: [UInt8], delimiter: UInt8) -> [(TextRecord, Int)] {
    var records: [(TextRecord, Int)] = []
    var (start, fields, quoted, line, newlines) = (0, 1, false, 1, 0)
    var i = 0
    func finish(end: Int, next: Int) {
      var end = end
      if end > start && bytes[end - 1] == 13 { end -= 1 }
      if !(end == start && fields == 1) {
        records.append((TextRecord(start: start, end: end, next: next, line: line), fields))
      }
      line += 1 + newlines
      (start, fields, newlines) = (next, 1, 0)
    }
    while i < bytes.count {
      let byte = bytes[i]
      if byte == 34 {
        quoted.toggle()
      } else if quoted {
        if byte == 10 { newlines += 1 }
      } else if byte == delimiter {
        fields += 1
      } else if byte == 10 {
        finish(end: i, next: i + 1)
      }
      i += 1
    }
    if start < bytes.count { finish(end: bytes.count, next: bytes.count) }
    return records
  }

  func field(_ random: inout TestRandom) -> String {
    switch random.next() % 8 {
    case 0: return ""
    case 1: return "\"a,b\""
    case 2: return "\"two\nlines\""
    case 3: return "\"say \"\"hi\"\"\""
    case 4: return String(repeating: "x", count: Int(random.next() % 40))
    case 5: return "12345678901234567890.5"
    default: return "\(random.next() % 1000)"
    }
  }

  @Test(arguments: [UInt8(ascii: ","), UInt8(ascii: "\t")])
  func recordsAreTheReferences(delimiter: UInt8) throws {
    var random = TestRandom(seed: UInt64(delimiter))
    for _ in 0..<40 {
      let bytes = table(&random, delimiter: delimiter, records: 5 + Int(random.next() % 60))
      let expected = reference(bytes, delimiter: delimiter)
      // The whole text at once, and cut anywhere into a first buffer and the rest.
      for cut in [bytes.count, Int(random.next() % UInt64(bytes.count + 1))] {
        var scanner = RecordScanner(delimiter: delimiter, path: "t.csv")
        var records: [TextRecord] = []
        var counts: [Int] = []
        let first = try bytes.withUnsafeBufferPointer {
          try scanner.scan(
            $0.baseAddress!, from: 0, count: cut, isFinal: cut == bytes.count, into: &records,
            fieldCounts: &counts)
        }
        _ = try bytes.withUnsafeBufferPointer {
          try scanner.scan(
            $0.baseAddress!, from: first.consumed, count: bytes.count, isFinal: true,
            into: &records, fieldCounts: &counts)
        }
        try #require(records.count == expected.count)
        for (index, pair) in expected.enumerated() {
          let (got, want) = (records[index], pair.0)
          let gotValues: [Int] = [got.start, got.end, got.next, got.line]
          let wantValues: [Int] = [want.start, want.end, want.next, want.line]
          #expect(gotValues == wantValues)
          #expect(counts[index] == pair.1)
        }
      }
    }
  }

  /// A random table of `records` records of 1 to 6 fields, blank lines among them, and
  /// perhaps a last record without a line break.
  func table(_ random: inout TestRandom, delimiter: UInt8, records: Int) -> [UInt8] {
    var text = ""
    for _ in 0..<records {
      if random.next() % 10 == 0 { text += random.next() % 2 == 0 ? "\n" : "\r\n" }
      let count = 1 + Int(random.next() % 6)
      text += (0..<count).map { _ in field(&random) }.joined(
        separator: String(UnicodeScalar(delimiter)))
      text += random.next() % 3 == 0 ? "\r\n" : "\n"
    }
    if random.next() % 2 == 0 { text += "last,record" }
    return Array(text.utf8)
  }

  /// Records found in parallel chunks, of any size down to a byte, are the reference's: the
  /// same bounds, lines (offset by where the scan starts) and first wrong field count, and
  /// an open quote at the end is the same error on the same line.
  @Test(arguments: [UInt8(ascii: ","), UInt8(ascii: "\t")])
  func chunkedRecordsAreTheReferences(delimiter: UInt8) throws {
    var random = TestRandom(seed: 7 + UInt64(delimiter))
    for round in 0..<60 {
      var bytes = table(&random, delimiter: delimiter, records: 5 + Int(random.next() % 80))
      if round % 10 == 9 { bytes += Array("x,\"open\nquote".utf8) }
      let expected = reference(bytes, delimiter: delimiter)
      let fields = 1 + Int(random.next() % 6)
      let mismatch = expected.firstIndex { $0.1 != fields }
      for chunk in [1, 3, 16, 1 + Int(random.next() % 200)] {
        for jobs in [2, 3] {
          var scanner = RecordScanner(delimiter: delimiter, path: "t.csv", line: 5)
          let scan: RecordScanner.ChunkedScan
          do {
            scan = try bytes.withUnsafeBufferPointer {
              try scanner.scanInChunks(
                $0.baseAddress!, from: 0, count: bytes.count, isFinal: true, fields: fields,
                runner: ParallelRunner(jobs: jobs), minimumChunk: chunk)
            }
          } catch {
            #expect(round % 10 == 9)
            #expect(
              "\(error)".contains("t.csv, line \(expected.last!.0.line + 4)")
                && "\(error)".contains("quoted field is not closed"), "\(error)")
            continue
          }
          #expect(round % 10 != 9)
          let records = [TextRecord](unsafeUninitializedCapacity: scan.count) { buffer, count in
            scan.records(into: buffer.baseAddress!, runner: ParallelRunner(jobs: jobs))
            count = scan.count
          }
          try #require(records.count == expected.count)
          for (got, want) in zip(records, expected.map(\.0)) {
            let gotValues: [Int] = [got.start, got.end, got.next, got.line]
            let wantValues: [Int] = [want.start, want.end, want.next, want.line + 4]
            #expect(gotValues == wantValues)
          }
          #expect(scan.consumed == bytes.count)
          #expect(scan.firstMismatch?.record == mismatch)
          #expect(scan.firstMismatch?.fields == mismatch.map { expected[$0].1 })
        }
      }
    }
  }

  /// A buffer that is not the end of the text: the chunks leave its incomplete last record
  /// (an open quote, or no line break yet) for the next buffer, as the serial scan does.
  @Test func chunkedScanLeavesTheIncompleteRecord() throws {
    var random = TestRandom(seed: 99)
    for _ in 0..<60 {
      let bytes = table(&random, delimiter: 44, records: 10 + Int(random.next() % 60))
      let cut = Int(random.next() % UInt64(bytes.count + 1))
      var serial = RecordScanner(delimiter: 44, path: "t.csv")
      var (records, counts) = ([TextRecord](), [Int]())
      let want = try bytes.withUnsafeBufferPointer {
        try serial.scan(
          $0.baseAddress!, from: 0, count: cut, isFinal: false, into: &records,
          fieldCounts: &counts)
      }
      var chunked = RecordScanner(delimiter: 44, path: "t.csv")
      let got = try bytes.withUnsafeBufferPointer {
        try chunked.scanInChunks(
          $0.baseAddress!, from: 0, count: cut, isFinal: false, fields: 1,
          runner: ParallelRunner(jobs: 2), minimumChunk: 1 + Int(random.next() % 40))
      }
      #expect(got.consumed == want.consumed)
      #expect(got.count == records.count)
      #expect(chunked.line == serial.line)
    }
  }
}
