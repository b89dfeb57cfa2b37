import Foundation
import Testing

@testable import SkyCut

/// CSV as real files come: names and numbers padded with spaces or tabs, and a Latin-1 name
/// column, which CSV and TSV outputs copy byte for byte and a FITS output refuses, naming the
/// row and the column.
@Suite struct TextAsItComesTests {
  /// `ID, RA , DEC ,NAME` with padded numbers and a Latin-1 `é` (0xE9) in two names.
  func write(_ directory: TemporaryDirectory) throws -> String {
    var bytes = Array(" ID , RA ,\tDEC\t,NAME\n".utf8)
    let rows: [(Int, Double, Double, [UInt8])] = [
      (1, 10.0, 0.0, Array("star".utf8)), (2, 10.0, 0.5, Array("caf".utf8) + [0xE9]),
      (3, 50.0, 0.0, Array("d".utf8) + [0xE9, 0x2C] + Array("j".utf8)),
      (4, 80.0, 20.0, Array("plain".utf8)),
    ]
    for (id, ra, dec, name) in rows {
      let quoted = name.contains(0x2C) ? [0x22] + name + [0x22] : name
      bytes += Array(" \(id) ,  \(ra) ,\t\(dec)\t,".utf8) + quoted + [10]
    }
    let path = directory.file("objects.csv")
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    try directory.write("RA,DEC\n10,0\n", to: "star.csv")
    return path
  }

  @Test func csvAndTsvOutputsCopyTheBytes() throws {
    let directory = try TemporaryDirectory()
    let objects = try write(directory)
    let input = try Data(contentsOf: URL(fileURLWithPath: objects))
    let lines = input.split(separator: 10, omittingEmptySubsequences: false)
    for output in ["kept.csv", "kept.tsv"] {
      let request = CleaningRequest(
        objectsPath: objects, contaminantsPath: directory.file("star.csv"), radius: .degrees(1),
        outputPath: directory.file(output))
      let summary = try CatalogueCleaner.clean(request)
      #expect(summary.removed == 2)  // rows 1 and 2, within 1° of (10, 0)
      let written = try Data(contentsOf: URL(fileURLWithPath: directory.file(output)))
      if output.hasSuffix(".csv") {
        // The header and the kept lines, byte for byte.
        var expected = Data(lines[0])
        for line in [lines[3], lines[4]] { expected += [10] + line }
        expected.append(10)
        #expect(written == expected)
      } else {
        // Re-delimited field by field: the Latin-1 byte is still there, unquoted now.
        let text = Array(written)
        #expect(text.contains(0xE9))
        #expect(text.split(separator: 10).count == 3)
        // (Fields padded with tabs are quoted in TSV; the name needs no quotes there.)
        let row = Array(text.split(separator: 10)[1])
        let name: [UInt8] = [9, 0x64, 0xE9, 0x2C, 0x6A]  // tab, then "d", é, ",", "j"
        #expect(Array(row.suffix(5)) == name)
      }
    }
  }

  @Test func aFITSOutputNamesTheRowAndColumn() throws {
    let directory = try TemporaryDirectory()
    let objects = try write(directory)
    let request = CleaningRequest(
      objectsPath: objects, contaminantsPath: directory.file("star.csv"), radius: .degrees(0.1),
      outputPath: directory.file("kept.fits"))
    #expect {
      _ = try CatalogueCleaner.clean(request)
    } throws: { error in
      let text = "\(error)"
      return text.hasPrefix(objects + ", line 3, column 'NAME'")
        && text.contains("UTF-8 text") && (error as? CatalogueError)?.category == .dataError
    }
    #expect(!FileManager.default.fileExists(atPath: directory.file("kept.fits")))
  }
}
