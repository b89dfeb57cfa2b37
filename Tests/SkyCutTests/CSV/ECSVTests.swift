import Foundation
import Testing

@testable import SkyCut

/// astropy's ECSV in (fixtures written by astropy, `Fixtures/ECSV/make_ecsv.py`): units from
/// the header (radians here), space- and comma-separated lines, quoted names and masked
/// values; ECSV out keeps the header and declares the added columns; CSV out drops it.
@Suite struct ECSVTests {
  let rad = fixturePath("ECSV/objects_rad.ecsv")
  let comma = fixturePath("ECSV/objects_comma.ecsv")

  func expectedRemoved() throws -> [Int] {
    try String(contentsOfFile: fixturePath("ECSV/expected_removed.txt"), encoding: .utf8)
      .split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { Int($0) }
  }

  func star(_ directory: TemporaryDirectory) throws -> String {
    try directory.write("RA,DEC\n0.5,0\n", to: "star.csv")
  }

  @Test(arguments: ["objects_rad.ecsv", "objects_comma.ecsv"])
  func cutsAsAstropySeparates(name: String) throws {
    let directory = try TemporaryDirectory()
    var request = CleaningRequest(
      objectsPath: fixturePath("ECSV/" + name), contaminantsPath: try star(directory),
      radius: .degrees(0.2), outputPath: directory.file("kept.csv"))
    request.rejectedPath = directory.file("removed.csv")
    let summary = try CatalogueCleaner.clean(request)
    #expect(summary.objectCoordinates.units.first == .radians || name.contains("comma"))
    let removed = try String(contentsOfFile: directory.file("removed.csv"), encoding: .utf8)
      .split(separator: "\n").dropFirst().compactMap { Int($0.split(separator: ",")[0]) }
    #expect(removed == (try expectedRemoved()))
    // CSV out: a plain header, the fields re-quoted for commas.
    let kept = try String(contentsOfFile: directory.file("kept.csv"), encoding: .utf8)
    #expect(kept.hasPrefix("ID,RA,DEC,NAME,MAG\n0,"))
    #expect(kept.contains(",obj 0,"))
  }

  @Test func ecsvOutKeepsTheHeaderAndDeclaresAddedColumns() throws {
    let directory = try TemporaryDirectory()
    var request = CleaningRequest(
      objectsPath: rad, contaminantsPath: try star(directory), radius: .degrees(0.2),
      outputPath: directory.file("flagged.ecsv"))
    request.flagColumn = "NEAR"
    request.separationColumn = "SEP"
    _ = try CatalogueCleaner.clean(request)
    let input = try String(contentsOfFile: rad, encoding: .utf8)
    let output = try String(contentsOfFile: directory.file("flagged.ecsv"), encoding: .utf8)
    let header = input.split(separator: "\n").prefix { $0.hasPrefix("#") }
    var expected = Array(header)
    expected.insert(
      contentsOf: [
        "# - {name: NEAR, datatype: bool}", "# - {name: SEP, unit: arcsec, datatype: float64}",
      ], at: 8)
    let lines = output.split(separator: "\n")
    #expect(lines.prefix(expected.count).map(String.init) == expected.map(String.init))
    #expect(lines[expected.count] == "ID RA DEC NAME MAG NEAR SEP")
    // Each line is the input's, with True/False and the separation or "" (null).
    let inputLines = input.split(separator: "\n").dropFirst(header.count + 1)
    let flagged = Set(try expectedRemoved())
    for (row, (line, original)) in zip(lines.dropFirst(expected.count + 1), inputLines)
      .enumerated()
    {
      #expect(line.hasPrefix(original + (flagged.contains(row) ? " True " : " False \"\"")))
    }
    // The output reads back as ECSV with the new columns.
    let read = try TextRowSource(path: directory.file("flagged.ecsv"), format: .ecsv)
    #expect(read.columnNames == ["ID", "RA", "DEC", "NAME", "MAG", "NEAR", "SEP"])
    #expect(read.columnUnits == ["", "rad", "rad", "", "mag", "", "arcsec"])
  }

  @Test func nothingRemovedIsTheSameBytes() throws {
    let directory = try TemporaryDirectory()
    let far = try directory.write("RA,DEC\n180,0\n", to: "far.csv")
    for path in [rad, comma] {
      let output = directory.file("same.ecsv")
      var request = CleaningRequest(
        objectsPath: path, contaminantsPath: far, radius: .degrees(0.2), outputPath: output)
      request.overwrite = true
      _ = try CatalogueCleaner.clean(request)
      #expect(
        FileManager.default.contents(atPath: output) == FileManager.default.contents(atPath: path))
    }
  }

  @Test func aHeaderThatDisagreesIsNamed() throws {
    let directory = try TemporaryDirectory()
    let text = try String(contentsOfFile: rad, encoding: .utf8)
      .replacingOccurrences(of: "ID RA DEC NAME MAG", with: "ID RA DE NAME MAG")
    let path = try directory.write(text, to: "bad.ecsv")
    #expect {
      _ = try TextRowSource(path: path, format: .ecsv)
    } throws: { error in
      "\(error)".contains("bad.ecsv") && "\(error)".contains("the ECSV header lists the columns")
        && "\(error)".contains("'DE'")
    }
  }

  @Test func linesAreCountedFromTheFilesFirst() throws {
    let directory = try TemporaryDirectory()
    var lines = try String(contentsOfFile: rad, encoding: .utf8).split(separator: "\n")
      .map(String.init)
    lines[12] = "2 x 0.1 \"obj 2\" 15.0"  // line 13 of the file: RA is not a number
    let path = try directory.write(lines.joined(separator: "\n") + "\n", to: "bad.ecsv")
    let request = CleaningRequest(
      objectsPath: path, contaminantsPath: try star(directory), radius: .degrees(0.2),
      outputPath: directory.file("out.csv"))
    #expect {
      _ = try CatalogueCleaner.clean(request)
    } throws: { error in
      "\(error)".hasPrefix(path + ", line 13, column 'RA'")
    }
    #expect(
      CleaningRequest.defaultOutputPath(for: "d/GaiaSource_1.csv.gz") == "GaiaSource_1_clean.csv.gz"
    )
    #expect(CleaningRequest.defaultOutputPath(for: "o.ecsv") == "o_clean.ecsv")
  }

  /// A header in flow style cannot take added columns: refused, nothing written; without added
  /// columns it is copied.
  @Test func aFlowStyleHeaderTakesNoAddedColumns() throws {
    let directory = try TemporaryDirectory()
    let flow = """
      # %ECSV 1.0
      # ---
      # datatype: [{name: RA, unit: deg, datatype: float64}, {name: DEC, unit: deg, datatype: float64}]
      RA DEC
      0.5 0.0
      10 10

      """
    let path = try directory.write(flow, to: "flow.ecsv")
    var request = CleaningRequest(
      objectsPath: path, contaminantsPath: try star(directory), radius: .degrees(0.2),
      outputPath: directory.file("out.ecsv"))
    _ = try CatalogueCleaner.clean(request)
    #expect(
      try String(contentsOfFile: directory.file("out.ecsv"), encoding: .utf8)
        == flow.replacingOccurrences(of: "0.5 0.0\n", with: ""))
    request.flagColumn = "NEAR"
    request.outputPath = directory.file("flagged.ecsv")
    #expect {
      _ = try CatalogueCleaner.clean(request)
    } throws: { error in
      "\(error)".contains("flow style")
    }
    #expect(!FileManager.default.fileExists(atPath: directory.file("flagged.ecsv")))
  }

  @Test func ecsvIsWrittenFromEcsvOnly() throws {
    let directory = try TemporaryDirectory()
    let request = CleaningRequest(
      objectsPath: repositoryRoot + "/data/objects.fits", contaminantsPath: try star(directory),
      radius: .degrees(0.2), outputPath: directory.file("out.ecsv"))
    #expect {
      _ = try CatalogueCleaner.clean(request)
    } throws: { error in
      "\(error)".contains("SkyCut writes ECSV from ECSV input only")
    }
    #expect(!FileManager.default.fileExists(atPath: directory.file("out.ecsv")))
  }
}
