import Foundation
import Testing

/// `--summary json`, several contaminant catalogues and `--radius-column` on the real binary.
@Suite struct SummaryAndCataloguesTests {
  let cli = CommandLineTests()

  func json(_ text: String) throws -> [String: Any] {
    let lines = text.split(separator: "\n")
    try #require(lines.count == 1, "one JSON object on one line: \(text)")
    return try #require(
      try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
  }

  /// The oracle's removal counts (data/make_samples.py, astropy).
  func oracle(_ name: String) throws -> (removed: Int, removedBy: [Int]) {
    let path = CommandLineTests.data + "/../Tests/SkyCutTests/Fixtures/Oracle/\(name).json"
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path)))
        as? [String: Any])
    return (try #require(object["removed"] as? Int), try #require(object["removed_by"] as? [Int]))
  }

  @Test func jsonSummaryOfTwoCatalogues() throws {
    let directory = try cli.makeDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let data = CommandLineTests.data
    let result = try cli.run(
      [
        "\(data)/objects.fits", "\(data)/contaminants.fits", "\(data)/point_sources.csv",
        "--maxsep", "1deg", "-o", "clean.fits", "--summary", "json", "--quiet",
      ], in: directory)
    #expect(result.status == 0)
    #expect(result.stderr == "")
    let report = try json(result.stdout)
    let expected = try oracle("objects__contaminants+point_sources")
    #expect(report["status"] as? String == "ok")
    #expect(report["exit_code"] as? Int == 0)
    #expect(report["skycut_version"] as? String == "0.1.0")
    #expect(report["removed"] as? Int == expected.removed)
    #expect(report["kept"] as? Int == 5000 - expected.removed)
    #expect(report["maxsep_deg"] as? Double == 1)
    #expect(report["radius_column"] is NSNull)
    #expect(report["error"] is NSNull)
    #expect((report["outputs"] as? [String: String])?["cleaned"] == "clean.fits")
    let objects = try #require(report["objects"] as? [String: Any])
    #expect(objects["rows"] as? Int == 5000)
    #expect(objects["columns"] as? [String] == ["RA", "DEC"])
    #expect(objects["frame"] as? String == "icrs")
    let contaminants = try #require(report["contaminants"] as? [[String: Any]])
    #expect(contaminants.map { $0["removed"] as? Int } == expected.removedBy)
    #expect(contaminants.map { $0["rows"] as? Int } == [500, 200])
    #expect(
      contaminants.map { $0["path"] as? String } == [
        "\(data)/contaminants.fits", "\(data)/point_sources.csv",
      ])
    let seconds = try #require(report["seconds"] as? [String: Double])
    #expect(Set(seconds.keys) == ["read", "cut", "write", "total"])
    #expect(
      Set(report.keys) == [
        "skycut_version", "status", "exit_code", "objects", "contaminants", "maxsep_deg",
        "radius_column", "radius_expression", "epoch", "mask", "bits", "area", "moc",
        "fraction_map", "footprint", "removed", "kept", "flagged", "outputs", "seconds", "error",
      ])
    #expect(report["area"] is NSNull && report["moc"] is NSNull)
    #expect(contaminants.map { $0["flagged"] as? Int } == [0, 0])
    #expect(report["mask"] is NSNull)
    #expect(report["bits"] is NSNull)
  }

  @Test func jsonSummaryOfAFailure() throws {
    let directory = try cli.makeDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let result = try cli.run(
      [
        "\(CommandLineTests.data)/objects.fits", "missing.fits", "--maxsep", "1",
        "--summary", "json",
      ], in: directory)
    #expect(result.status == 66)
    let report = try json(result.stdout)
    #expect(report["status"] as? String == "error")
    #expect(report["exit_code"] as? Int == 66)
    #expect(report["error"] as? String == "missing.fits: no such file")
    #expect(report["removed"] is NSNull)
    #expect(result.stderr == "skycut: error: missing.fits: no such file\n")
    #expect(cli.contents(directory) == [])
  }

  @Test func radiusColumnFromTheCommandLine() throws {
    let directory = try cli.makeDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let data = CommandLineTests.data
    let result = try cli.run(
      [
        "\(data)/objects.csv", "\(data)/contaminants.csv", "--radius-column", "RADIUS",
        "--radius-unit", "arcmin", "-o", "clean.csv",
      ], in: directory)
    #expect(result.status == 0)
    let expected = try oracle("objects__contaminants.radius_arcmin")
    #expect(result.stderr.contains("removed \(expected.removed), kept \(5000 - expected.removed)"))
    let lines = try String(contentsOfFile: directory + "/clean.csv", encoding: .utf8)
      .split(separator: "\n")
    #expect(lines.count == 1 + 5000 - expected.removed)
  }

  @Test func progressOnlyWhenAskedOffATerminal() throws {
    let directory = try cli.makeDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let data = CommandLineTests.data
    let arguments = ["\(data)/objects.fits", "\(data)/contaminants.fits", "--maxsep", "1"]
    let quiet = try cli.run(arguments + ["-o", "a.fits"], in: directory)
    #expect(quiet.stderr.split(separator: "\n").count == 1)  // the summary line only
    let shown = try cli.run(arguments + ["-o", "b.fits", "--progress"], in: directory)
    let lines = shown.stderr.split(separator: "\n").map(String.init)
    #expect(lines.first == "skycut: reading")
    #expect(lines.contains("skycut: cutting 0 of 5000 rows"))
    #expect(lines.contains { $0.hasPrefix("skycut: writing 5000 of 5000 rows (") })
    #expect(lines.last?.hasPrefix("skycut: read 5000 objects") == true)
  }
}
