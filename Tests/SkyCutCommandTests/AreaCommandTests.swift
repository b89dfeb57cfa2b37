import Foundation
import Testing

/// `skycut area` and `--area`/`--moc` on the cut, on the real binary: the JSON fields
/// pipelines parse, the area of disjoint caps against `2π(1 − cos r)`, the same area from the
/// cut and from `skycut area`, the layers adding up, and the errors with their exit codes.
@Suite struct AreaCommandTests {
  let cli = CommandLineTests()
  let data = CommandLineTests.data

  func json(_ text: String) throws -> [String: Any] {
    try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
  }

  @Test func disjointCapsAreTheSumOfTwoPiOneMinusCosR() throws {
    let directory = try cli.makeDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try """
    RA,DEC,R
    0,0,3600
    120,89.9,60
    240,-45,1
    """.write(toFile: directory + "/caps.csv", atomically: true, encoding: .utf8)
    let result = try cli.run(
      ["area", "caps.csv", "--radius-column", "R", "--summary", "json"], in: directory)
    #expect(result.status == 0, "\(result.stderr)")
    let object = try #require(try json(result.stdout)["area"] as? [String: Any])
    #expect(
      Set(object.keys) == [
        "deg2", "lower_deg2", "upper_deg2", "sky_fraction", "tolerance", "layers",
      ])
    #expect(object["layers"] is NSNull)
    let area = object.compactMapValues { $0 as? Double }
    let squareDegrees: Double = (180 / Double.pi) * (180 / Double.pi)
    var steradians = 0.0
    for arcsec: Double in [3600, 60, 1] {
      let half: Double = sin(arcsec / 3600 * Double.pi / 180 / 2)
      steradians += 4 * Double.pi * half * half
    }
    let expected = steradians * squareDegrees
    let deg2 = try #require(area["deg2"])
    #expect(abs(deg2 - expected) <= 1e-10 * expected)
    #expect(try #require(area["lower_deg2"]) <= expected)
    #expect(try #require(area["upper_deg2"]) >= expected)
    let fraction = try #require(area["sky_fraction"])
    #expect(abs(fraction - steradians / (4 * Double.pi)) < 1e-15)
    #expect(result.stderr.hasPrefix("skycut: 3 contaminants cover 3.14"))
  }

  @Test func theCutReportsTheAreaSkycutAreaMeasures() throws {
    let directory = try cli.makeDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let cut = try cli.run(
      [
        "\(data)/objects.fits", "\(data)/contaminants.fits", "--maxsep", "1", "-o", "out.fits",
        "--area", "--moc", "mask.fits", "--summary", "json",
      ], in: directory)
    #expect(cut.status == 0, "\(cut.stderr)")
    let report = try json(cut.stdout)
    let fromCut = try #require(report["area"] as? [String: Any])
    let moc = try #require(report["moc"] as? [String: Any])
    #expect(moc["path"] as? String == "mask.fits")
    #expect((moc["order"] as? Int) == 10)  // cells of 3.8′, under an eighth of 1°
    #expect((report["outputs"] as? [String: String])?["moc"] == "mask.fits")
    #expect(cut.stderr.contains("the mask covers 1539.34 deg² (3.73146 % of the sky)"))
    let area = try cli.run(
      ["area", "\(data)/contaminants.fits", "--maxsep", "1", "--summary", "json", "-q"],
      in: directory)
    #expect(area.status == 0 && area.stderr.isEmpty)
    let alone = try #require(try json(area.stdout)["area"] as? [String: Any])
    #expect(alone["deg2"] as? Double == fromCut["deg2"] as? Double)
    // The MOC covers the mask.
    #expect((moc["deg2"] as? Double ?? 0) >= (alone["upper_deg2"] as? Double ?? .infinity))
  }

  @Test func eachLayerAddsToTheOnesBefore() throws {
    let result = try cli.run(
      ["area", "--mask", "\(data)/mask.yaml", "--summary", "json", "-q"], in: data)
    #expect(result.status == 0, "\(result.stderr)")
    let area = try #require(try json(result.stdout)["area"] as? [String: Any])
    let layers = try #require(area["layers"] as? [[String: Any]])
    #expect(layers.count == 3)
    let added = layers.reduce(0.0) { $0 + ($1["added_deg2"] as? Double ?? .nan) }
    // The total is of the layers that remove (the first); all three together add up to the
    // union of all three, which is at least each one's own area.
    #expect(layers[0]["action"] as? String == "remove")
    let removing = try #require(area["deg2"] as? Double)
    #expect(abs((layers[0]["added_deg2"] as? Double ?? .nan) - removing) < 1e-9 * removing)
    for layer in layers { #expect(added >= (layer["deg2"] as? Double ?? .infinity) * (1 - 1e-12)) }
  }

  @Test(arguments: [
    (["area", "stars.csv", "--maxsep", "1", "--moc", "m.csv"], Int32(64), "give a .fits path"),
    (
      ["area", "stars.csv", "--maxsep", "1", "--moc", "m.fits", "--moc-order", "30"], 64, "0 to 29"
    ),
    (["area", "stars.csv"], 64, "Give --maxsep"),
    (["area", "--maxsep", "1"], 64, "at least one contaminant"),
    (["area", "none.csv", "--maxsep", "1"], 66, "none.csv"),
    (["area", "stars.csv", "--maxsep", "1", "--moc", "exists.fits"], 73, "exists.fits"),
    (["area", "stars.csv", "--maxsep", "1", "--area-tolerance", "0"], 64, "--area-tolerance"),
    (["area", "stars.csv", "--maxsep", "1", "--footprint", "none.fits"], 66, "none.fits: no such"),
    (["area", "stars.csv", "--maxsep", "1", "--footprint", "exists.fits"], 65, "exists.fits"),
    (["objects.csv", "stars.csv", "--maxsep", "1", "--footprint", "none.fits"], 66, "none.fits"),
    (
      ["objects.csv", "stars.csv", "--maxsep", "1", "--area", "--object-epoch-column", "EP"], 64,
      "not --object-epoch-column"
    ),
  ])
  func errors(arguments: [String], status: Int32, message: String) throws {
    let directory = try cli.makeDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try "RA,DEC\n10,20\n".write(toFile: directory + "/stars.csv", atomically: true, encoding: .utf8)
    try "RA,DEC,EP\n10,20,2000\n".write(
      toFile: directory + "/objects.csv", atomically: true, encoding: .utf8)
    try "x".write(toFile: directory + "/exists.fits", atomically: true, encoding: .utf8)
    let result = try cli.run(arguments, in: directory)
    #expect(result.status == status, "\(result.stderr)")
    #expect(result.stderr.contains(message), "\(result.stderr)")
    // Nothing written but what was there.
    #expect(
      cli.contents(directory).allSatisfy {
        ["stars.csv", "objects.csv", "exists.fits"].contains($0)
      })
  }
}
