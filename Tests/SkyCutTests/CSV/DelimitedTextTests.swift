import Testing

@testable import SkyCut

@Suite struct DelimitedTextTests {
  func parse(_ text: String, delimiter: Character = ",") throws -> DelimitedText {
    try DelimitedText(
      path: "t.csv", bytes: Array(text.utf8),
      delimiter: UInt8(ascii: delimiter.unicodeScalars.first!))
  }

  func rows(_ text: DelimitedText) -> [[String]] {
    text.records.map { DelimitedText.fields(of: $0, in: text.bytes, delimiter: text.delimiter) }
  }

  @Test func plainFile() throws {
    let text = try parse("ra,dec\n1,2\n3,4\n")
    #expect(text.header == ["ra", "dec"])
    #expect(rows(text) == [["1", "2"], ["3", "4"]])
    #expect(text.records.map(\.line) == [2, 3])
  }

  @Test func quotedFieldsWithCommasQuotesAndNewlines() throws {
    let text = try parse(
      "name,ra,dec\n\"Smith, J.\",1,2\n\"say \"\"hi\"\"\",3,4\n\"two\nlines\",5,6\n7,8,9\n")
    #expect(
      rows(text) == [
        ["Smith, J.", "1", "2"], ["say \"hi\"", "3", "4"], ["two\nlines", "5", "6"],
        ["7", "8", "9"],
      ])
    #expect(text.records.map(\.line) == [2, 3, 4, 6])
    #expect(text.field(0, of: text.records[0]) == "Smith, J.")
    #expect(text.field(2, of: text.records[2]) == "6")
  }

  @Test func crlfBOMAndBlankLines() throws {
    let text = try parse("\u{FEFF}RA,DEC\r\n\r\n1.5,2\r\n\n3,4")
    #expect(text.header == ["RA", "DEC"])
    #expect(rows(text) == [["1.5", "2"], ["3", "4"]])
    #expect(text.lineTerminator == [13, 10])
    #expect(text.records.map(\.line) == [3, 5])
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
    #expect(try parse("ra,dec\n").records.isEmpty)
    #expect(try parse("ra,dec").records.isEmpty)
  }

  @Test func duplicateColumnNamesAreAnError() {
    #expect {
      try parse("ra,dec,ra\n1,2,3\n")
    } throws: { error in
      (error as? CatalogueError)?.description
        == "t.csv, line 1: columns 1 and 3 are both named 'ra'"
    }
  }

  @Test func invalidUTF8IsAnErrorNamingTheLine() {
    var bytes = Array("ra,dec,name\n1,2,ok\n3,4,".utf8)
    bytes += [0xC3, 0x28]  // a lead byte followed by a non-continuation byte
    bytes += Array("\n".utf8)
    #expect {
      try DelimitedText(path: "u.csv", bytes: bytes, delimiter: UInt8(ascii: ","))
    } throws: { error in
      (error as? CatalogueError)?.description
        == "u.csv, line 3: invalid UTF-8 at byte 24; CSV files must be UTF-8 (or ASCII)"
    }
    #expect(throws: Never.self) {
      try DelimitedText(
        path: "ok.csv", bytes: Array("name,ra,dec\nÅngström,1,2\n".utf8),
        delimiter: UInt8(ascii: ","))
    }
  }
}
