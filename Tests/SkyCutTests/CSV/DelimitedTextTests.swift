import Foundation
import Testing

@testable import SkyCut

/// The text reader, on every block size from one byte (records carried from block to block)
/// to the whole file, its records found serially and in parallel chunks.
@Suite struct DelimitedTextTests {
  /// What the reader found in a text.
  struct Parsed {
    var header: [String]
    var rows: [[String]]
    var lines: [Int]
    var lineTerminator: [UInt8]
  }

  static let blockSizes = [1, 2, 3, 5, 8, 13, 1 << 20]

  /// Reads `bytes` with every block size; the answers must agree.
  func parse(bytes: [UInt8], path name: String = "t.csv", delimiter: Character = ",") throws
    -> Parsed
  {
    let directory = try TemporaryDirectory()
    let path = directory.file(name)
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    var answers: [Parsed] = []
    // Each block size with records found serially, and in parallel chunks down to a byte.
    for (size, parallelBytes) in Self.blockSizes.flatMap({
      [($0, RecordScanner.parallelBytes), ($0, 4)]
    }) {
      let source = try TextRowSource(
        path: path, format: delimiter == "," ? .csv : .tsv, displayPath: name, blockBytes: size,
        parallelBytes: parallelBytes, runner: ParallelRunner(jobs: 2))
      var parsed = Parsed(
        header: source.columnNames, rows: [], lines: [], lineTerminator: source.lineTerminator)
      while let block = try source.next() {
        guard case .text(let base, let records) = block.rows else { break }
        for row in 0..<block.count {
          parsed.rows.append(TextFields.all(base, records[row], delimiter: source.delimiter))
          parsed.lines.append(records[row].line)
        }
      }
      answers.append(parsed)
    }
    for answer in answers.dropFirst() {
      #expect(answer.header == answers[0].header && answer.rows == answers[0].rows)
      #expect(answer.lines == answers[0].lines)
    }
    return answers[0]
  }

  func parse(_ text: String, delimiter: Character = ",") throws -> Parsed {
    try parse(bytes: Array(text.utf8), delimiter: delimiter)
  }

  func rows(_ text: Parsed) -> [[String]] { text.rows }

  @Test func plainFile() throws {
    let text = try parse("ra,dec\n1,2\n3,4\n")
    #expect(text.header == ["ra", "dec"])
    #expect(rows(text) == [["1", "2"], ["3", "4"]])
    #expect(text.lines == [2, 3])
  }

  @Test func quotedFieldsWithCommasQuotesAndNewlines() throws {
    let text = try parse(
      "name,ra,dec\n\"Smith, J.\",1,2\n\"say \"\"hi\"\"\",3,4\n\"two\nlines\",5,6\n7,8,9\n")
    #expect(
      rows(text) == [
        ["Smith, J.", "1", "2"], ["say \"hi\"", "3", "4"], ["two\nlines", "5", "6"],
        ["7", "8", "9"],
      ])
    #expect(text.lines == [2, 3, 4, 6])
  }

  @Test func crlfBOMAndBlankLines() throws {
    let text = try parse("\u{FEFF}RA,DEC\r\n\r\n1.5,2\r\n\n3,4")
    #expect(text.header == ["RA", "DEC"])
    #expect(rows(text) == [["1.5", "2"], ["3", "4"]])
    #expect(text.lineTerminator == [13, 10])
    #expect(text.lines == [3, 5])
  }

  @Test func tabSeparated() throws {
    let text = try parse("ra\tdec\tname\n1\t2\ta,b\n", delimiter: "\t")
    #expect(rows(text) == [["1", "2", "a,b"]])
  }

  @Test func emptyFieldsAndTrailingEmptyField() throws {
    let text = try parse("a,b,c\n1,,\n,,3\n")
    #expect(rows(text) == [["1", "", ""], ["", "", "3"]])
  }

  @Test func raggedRowIsAnErrorNamingTheLine() {
    #expect {
      try parse("ra,dec\n1,2\n3,4,5\n")
    } throws: { error in
      (error as? CatalogueError)?.description == "t.csv, line 3: 3 fields where the header has 2"
    }
  }

  @Test func unterminatedQuoteIsAnError() {
    #expect {
      try parse("ra,dec\n1,2\n\"3,4\n5,6\n")
    } throws: { error in
      (error as? CatalogueError)?.description
        == "t.csv, line 3: a quoted field is not closed before the end of the file"
    }
  }

  @Test func emptyFileIsAnError() {
    #expect {
      try parse("")
    } throws: { error in
      (error as? CatalogueError)?.description == "t.csv: the file is empty; expected a header row"
    }
  }

  @Test func headerOnlyHasNoRows() throws {
    #expect(try parse("ra,dec\n").rows.isEmpty)
    #expect(try parse("ra,dec").rows.isEmpty)
  }

  @Test func duplicateColumnNamesAreAnError() {
    #expect {
      try parse("ra,dec,ra\n1,2,3\n")
    } throws: { error in
      (error as? CatalogueError)?.description
        == "t.csv, line 1: columns 1 and 3 are both named 'ra'"
    }
  }

  /// Bytes that are not UTF-8 in a field are read as they are (the reader interprets only
  /// the columns asked for); in the header they are an error naming the line.
  @Test func invalidUTF8InAFieldIsReadInTheHeaderIsAnError() throws {
    var bytes = Array("ra,dec,name\n1,2,ok\n3,4,".utf8)
    bytes += [0xC3, 0x28]  // a lead byte followed by a non-continuation byte
    bytes += Array("\n".utf8)
    let text = try parse(bytes: bytes, path: "u.csv")
    #expect(text.lines == [2, 3])
    var header = Array("ra,dec,n".utf8) + [0xE9] + Array("\n1,2,x\n".utf8)
    #expect {
      try parse(bytes: header, path: "h.csv")
    } throws: { error in
      (error as? CatalogueError)?.description
        == "h.csv, line 1: invalid UTF-8 at byte 9; CSV files must be UTF-8 (or ASCII)"
    }
    header = Array("name,ra,dec\nÅngström,1,2\n".utf8)
    #expect(throws: Never.self) { try parse(bytes: header, path: "ok.csv") }
  }

  @Test func namesPaddedWithSpacesOrTabsAreTrimmed() throws {
    let text = try parse(" ra ,\tdec\t, name\n1,2,x\n")
    #expect(text.header == ["ra", "dec", "name"])
  }
}
