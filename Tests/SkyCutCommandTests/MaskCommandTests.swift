import Foundation
import Testing

/// `--mask FILE` on the real binary: a mask with moving stars, a zone and a flagging catalogue,
/// the summary per bit and the mask's hash; its errors and their exit codes.
@Suite struct MaskCommandTests {
  let cli = CommandLineTests()
  let data = CommandLineTests.data

  @Test func aMaskFileCutsFlagsAndSaysWhich() throws {
    let directory = try cli.makeDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    // Barnard's star at J2016; in 2066 astropy puts it 8.6′ north (object 1).
    let stars = """
      RA,DEC,PMRA,PMDEC,PARALLAX,RADIAL_VELOCITY
      269.4520825,4.693391,-801.551,10362.394,548.31,-110.6
      """
    try stars.write(toFile: directory + "/stars.csv", atomically: true, encoding: .utf8)
    let objects = """
      ID,RA,DEC
      1,269.4408753208118,4.837760517810578
      2,269.4408753208118,4.838316
      3,269.4520825,4.693391
      """
    try objects.write(toFile: directory + "/objects.csv", atomically: true, encoding: .utf8)
    let mask = """
      epoch: 2066
      catalogues:
        - path: stars.csv
          epoch: 2016
          radius: 1arcsec
          bit: 0
          zones: [{radius_factor: 3, action: flag, bit: 1}]
        - path: stars.csv
          radius: 1arcsec
          action: flag
          bit: 2
      """
    try mask.write(toFile: directory + "/mask.yaml", atomically: true, encoding: .utf8)
    let result = try cli.run(
      [
        "objects.csv", "--mask", "mask.yaml", "--mask-column", "MASKBITS", "-o", "kept.csv",
        "--summary", "json",
      ], in: directory)
    #expect(result.status == 0, "\(result.stderr)")
    // Object 1 is within 1″ of the moved star: removed. Object 2, 2″ north of it: flagged by
    // the 3″ zone. Object 3 sits on the star's 2016 position: flagged by the unmoved copy.
    let kept = try String(contentsOfFile: directory + "/kept.csv", encoding: .utf8)
    #expect(
      kept == "ID,RA,DEC,MASKBITS\n2,269.4408753208118,4.838316,2\n3,269.4520825,4.693391,4\n")
    let report = try #require(
      JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    let bits = try #require(report["bits"] as? [[String: Int]])
    #expect(
      bits == [
        ["bit": 0, "removed": 1, "flagged": 0], ["bit": 1, "removed": 1, "flagged": 1],
        ["bit": 2, "removed": 0, "flagged": 1],
      ])
    let file = try #require(report["mask"] as? [String: String])
    #expect(file["path"] == "mask.yaml")
    #expect(file["sha256"]?.count == 64)
    #expect((report["epoch"] as? [String: Any])?["moved"] as? Int == 1)
    #expect(result.stderr.contains("flagged 2 (1 by stars.csv, 1 by stars.csv), removed 1"))
  }

  @Test(arguments: [
    (["--mask", "none.yaml"], Int32(66), "none.yaml: no such file"),
    (["--mask", "bad.yaml"], Int32(64), "bad.yaml: line 2: catalogues[0].radus is not a key"),
    (["stars.csv", "--mask", "bad.yaml"], Int32(64), "drop contaminant files"),
    (
      ["--mask", "bad.yaml", "--epoch", "2020"], Int32(64), "drop --epoch and --object-epoch-column"
    ),
  ])
  func errors(arguments: [String], status: Int32, message: String) throws {
    let directory = try cli.makeDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try "catalogues:\n  - {path: stars.csv, radus: 1deg}\n".write(
      toFile: directory + "/bad.yaml", atomically: true, encoding: .utf8)
    let result = try cli.run(
      ["\(data)/objects.fits"] + arguments + ["-o", "out.fits"], in: directory)
    #expect(result.status == status)
    #expect(result.stderr.contains(message), "\(result.stderr)")
    #expect(!FileManager.default.fileExists(atPath: directory + "/out.fits"))
  }
}
