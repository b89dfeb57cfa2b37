import Foundation
import Testing

/// `--epoch` on the command line: the summary and provenance say what moved, and asking for
/// an epoch without proper motions is a usage error.
@Suite struct EpochCommandTests {
  let cli = CommandLineTests()
  let data = CommandLineTests.data

  @Test func movesTheStarsAndSaysSo() throws {
    let directory = try cli.makeDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    // Barnard's star at J2016 (Gaia DR3), one star without proper motion, no epoch column.
    let stars = """
      RA,DEC,PMRA,PMDEC,PARALLAX,RADIAL_VELOCITY
      269.4520825,4.693391,-801.551,10362.394,548.31,-110.6
      10,20,,,,
      """
    try stars.write(toFile: directory + "/stars.csv", atomically: true, encoding: .utf8)
    // One object where astropy puts the star in 2066 (8.6′ north), one where it was in 2016.
    let objects = "ID,RA,DEC\n1,269.4408753208118,4.837760517810578\n2,269.4520825,4.693391\n"
    try objects.write(toFile: directory + "/objects.csv", atomically: true, encoding: .utf8)
    let result = try cli.run(
      [
        "objects.csv", "stars.csv", "--maxsep", "1arcsec", "--epoch", "J2066",
        "--contaminant-epoch", "2016", "-o", "kept.fits", "--summary", "json",
      ], in: directory)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(
      result.stderr.contains(
        "removed 1, kept 1; moved 1 contaminants to J2066.0 (1 without proper motion stayed)"),
      "\(result.stderr)")
    #expect(
      result.stdout.contains("\"epoch\":{\"moved\":1,\"object_epoch\":2066,\"without_motion\":1}"))
    let header = try String(contentsOfFile: directory + "/kept.fits", encoding: .isoLatin1)
    #expect(header.contains("SCEPOCH =                2066. / [yr] SkyCut contaminants moved"))
  }

  @Test(arguments: [
    (["--epoch", "2024.9"], "an epoch needs proper motions, but there is no PMRA and PMDEC"),
    (["--contaminant-epoch", "2016"], "go with --epoch"),
    (["--epoch", "2024.9", "--pm-columns", "PMRA"], "two column names"),
    (["--epoch", "soon"], "--epoch"),
  ])
  func usageErrors(arguments: [String], mentions: String) throws {
    let directory = try cli.makeDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let result = try cli.run(
      ["\(data)/objects.fits", "\(data)/contaminants.fits", "--maxsep", "1", "-o", "out.fits"]
        + arguments, in: directory)
    #expect(result.status == 64, "\(result.stderr)")
    #expect(result.stderr.contains(mentions), "\(result.stderr)")
    #expect(cli.contents(directory).isEmpty)
  }
}
