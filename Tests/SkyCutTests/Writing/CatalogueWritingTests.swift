import Foundation
import Testing

@testable import SkyCut

@Suite struct CatalogueWritingTests {
  static let csv =
    "\u{FEFF}id,RA,DEC,name\r\n1,10,20,\"Smith, J.\"\r\n\r\n2,11,21,\"say \"\"hi\"\"\"\r\n3,12,22,\"two\r\nlines\"\r\n4,13,23,last"

  @Test func csvToCSVCopiesKeptLinesByteForByte() throws {
    let directory = try TemporaryDirectory()
    let input = try directory.write(Self.csv, to: "in.csv")
    let output = directory.file("out.csv")
    try Catalogue.read(path: input).write(removingRows: [1], to: output)
    let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: output)))
    let expected =
      "\u{FEFF}id,RA,DEC,name\r\n1,10,20,\"Smith, J.\"\r\n3,12,22,\"two\r\nlines\"\r\n4,13,23,last\r\n"
    #expect(bytes == Array(expected.utf8))
  }

  @Test func csvToTSVRequotes() throws {
    let directory = try TemporaryDirectory()
    let input = try directory.write(Self.csv, to: "in.csv")
    let output = directory.file("out.tsv")
    try Catalogue.read(path: input).write(removingRows: [2, 3], to: output)
    let text = try String(contentsOfFile: output, encoding: .utf8)
    #expect(text == "id\tRA\tDEC\tname\n1\t10\t20\tSmith, J.\n2\t11\t21\t\"say \"\"hi\"\"\"\n")
  }

  @Test func fitsToCSVConvertsEveryScalarColumn() throws {
    let directory = try TemporaryDirectory()
    let input = directory.file("in.fits")
    #expect(SampleTables.writeRich(to: input, vector: false) == 0)
    let output = directory.file("out.csv")
    try Catalogue.read(path: input).write(keepingRows: [0, 1], to: output)
    let lines = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n")
    #expect(lines.count == 3)
    #expect(lines[0] == "ID,RA,DEC,MAG,GOOD,NAME,USHORT,SCALED,NULLED")
    #expect(lines[1] == "0,0.125,-80.0,20.001,true,obj 0,65535,0.0,0")
    #expect(lines[2] == "1000000000007,30.125,-65.5,20.126,false,obj 1,65534,1.25,")
  }

  @Test func fitsVectorColumnCannotBeWrittenToCSV() throws {
    let directory = try TemporaryDirectory()
    let input = directory.file("in.fits")
    #expect(SampleTables.writeRich(to: input) == 0)
    let output = directory.file("out.csv")
    #expect {
      try Catalogue.read(path: input).write(removingRows: [], to: output)
    } throws: { error in
      (error as? CatalogueError)?.description
        == "\(input)[1], column 'VEC': column 'VEC' of type '3E' cannot be written to CSV"
    }
    #expect(directory.contents() == ["in.fits"])
  }

  @Test func csvToFITSInfersTypes() throws {
    let directory = try TemporaryDirectory()
    let input = try directory.write(
      "id,RA,DEC,flag,name,maybe\n1,10.5,20,true,a,\n2,11,-21.25,F,\"b, c\",7\n", to: "in.csv")
    let output = directory.file("out.fits")
    try Catalogue.read(path: input).write(removingRows: [], to: output)
    let cards = FITSInspector.headers(output)[1]
    func value(_ key: String) -> String? {
      cards.first { $0.hasPrefix(key.padding(toLength: 8, withPad: " ", startingAt: 0) + "=") }
        .map { String($0.dropFirst(10).prefix(20)).trimmingCharacters(in: .whitespaces) }
    }
    #expect(value("TFORM1") == "'K       '")
    #expect(value("TFORM2") == "'D       '")
    #expect(value("TUNIT2") == "'deg     '")
    #expect(value("TFORM4") == "'L       '")
    #expect(value("TFORM5") == "'4A      '")
    #expect(value("TFORM6") == "'K       '")
    // Back to CSV: the same values.
    let back = directory.file("back.csv")
    try Catalogue.read(path: output).write(removingRows: [], to: back)
    #expect(
      try String(contentsOfFile: back, encoding: .utf8)
        == "id,RA,DEC,flag,name,maybe\n1,10.5,20.0,true,a,\n2,11.0,-21.25,false,\"b, c\",7\n")
  }

  @Test func existingOutputIsKeptUnlessOverwriteIsAsked() throws {
    let directory = try TemporaryDirectory()
    let input = try directory.write("RA,DEC\n1,2\n3,4\n", to: "in.csv")
    let output = try directory.write("precious", to: "out.csv")
    let catalogue = try Catalogue.read(path: input)
    #expect {
      try catalogue.write(removingRows: [0], to: output)
    } throws: { error in
      (error as? CatalogueError)?.description
        == "\(output): output file exists; pass --overwrite to replace it"
        && (error as? CatalogueError)?.category == .cannotCreate
    }
    #expect(try String(contentsOfFile: output, encoding: .utf8) == "precious")
    try catalogue.write(removingRows: [0], to: output, options: .init(overwrite: true))
    #expect(try String(contentsOfFile: output, encoding: .utf8) == "RA,DEC\n3,4\n")
    #expect(directory.contents() == ["in.csv", "out.csv"])
  }

  @Test func missingDirectoryIsReportedAndNothingIsLeft() throws {
    let directory = try TemporaryDirectory()
    let input = try directory.write("RA,DEC\n1,2\n", to: "in.csv")
    let output = directory.file("no/such/dir/out.csv")
    #expect {
      try Catalogue.read(path: input).write(removingRows: [], to: output)
    } throws: { error in
      (error as? CatalogueError)?.category == .cannotCreate
        && (error as? CatalogueError)?.description.contains("does not exist") == true
    }
    #expect(directory.contents() == ["in.csv"])
  }

  @Test func outputMayNotBeTheInput() throws {
    let directory = try TemporaryDirectory()
    let input = try directory.write("RA,DEC\n1,2\n", to: "in.csv")
    let request = CleaningRequest(
      objectsPath: input, contaminantsPath: input, radius: .degrees(1),
      outputPath: directory.path + "/./in.csv", overwrite: true)
    #expect {
      try CatalogueCleaner.clean(request)
    } throws: { error in
      (error as? CatalogueError)?.description
        == "\(directory.path)/./in.csv: cannot create output: it is the input file '\(input)'"
    }
    #expect(try String(contentsOfFile: input, encoding: .utf8) == "RA,DEC\n1,2\n")
  }

  @Test(arguments: [
    ("objects.fits", "objects_clean.fits"), ("data/objects.fits.gz", "objects_clean.fits.gz"),
    ("/a/b/Stars.CSV", "Stars_clean.CSV"), ("x.tsv", "x_clean.tsv"), ("x.fts", "x_clean.fts"),
  ])
  func defaultOutputPath(input: String, output: String) {
    #expect(CleaningRequest.defaultOutputPath(for: input) == output)
  }
}
