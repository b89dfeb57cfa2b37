import Foundation
import Testing

/// `skycut profile` as a user runs it: the report, the files it writes, and its errors.
@Suite struct ProfileCommandTests {
  let cli = CommandLineTests()
  let data = CommandLineTests.data

  @Test func reportsAndWritesTheTableAndThePlot() throws {
    let directory = try cli.makeDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let result = try cli.run(
      [
        "profile", "\(data)/objects.fits", "\(data)/contaminants.fits", "--max-radius", "5deg",
        "--bins", "8", "--by", "MAG", "--edges", "6,9,12,16", "-o", "profile.fits", "--plot",
        "profile.svg",
      ], in: directory)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.hasPrefix("5000 objects around 500 contaminants"))
    #expect(result.stdout.contains("MAG 6–9: "))
    #expect(cli.contents(directory) == ["profile.fits", "profile.svg"])
    // Nothing replaced without --overwrite, and nothing else written.
    let again = try cli.run(
      [
        "profile", "\(data)/objects.fits", "\(data)/contaminants.fits", "--max-radius", "5deg",
        "-o", "profile.fits",
      ], in: directory)
    #expect(again.status == 73)
    #expect(again.stderr.contains("profile.fits"))
  }

  @Test func summaryJSONIsOneObject() throws {
    let directory = try cli.makeDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let result = try cli.run(
      [
        "profile", "\(data)/objects.csv", "\(data)/contaminants.csv", "--max-radius", "3deg",
        "--log-bins", "--summary", "json",
      ], in: directory)
    #expect(result.status == 0, "\(result.stderr)")
    let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
    #expect(object?["objects"] as? Int == 5000)
    #expect((object?["bins"] as? [Any])?.count == 1)
  }

  @Test(arguments: [
    (["--max-radius", "0"], "--max-radius"),
    (["--max-radius", "1deg", "--by", "MAG"], "--by and --edges"),
    (["--max-radius", "1deg", "--by", "MAG", "--edges", "9,6"], "--edges"),
    (["--max-radius", "1deg", "--plot", "p.png"], "SVG"),
    (["--max-radius", "1deg", "--reference-from", "1"], "--reference-from"),
  ])
  func usageErrors(arguments: [String], mentions: String) throws {
    let directory = try cli.makeDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let result = try cli.run(
      ["profile", "\(data)/objects.fits", "\(data)/contaminants.fits"] + arguments, in: directory)
    #expect(result.status == 64)
    #expect(result.stderr.contains(mentions), "\(result.stderr)")
    #expect(cli.contents(directory).isEmpty)
  }

  @Test func anUnknownBinColumnNamesTheFile() throws {
    let directory = try cli.makeDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let result = try cli.run(
      [
        "profile", "\(data)/objects.fits", "\(data)/contaminants.fits", "--max-radius", "1deg",
        "--by", "GMAG", "--edges", "6,9", "-o", "p.csv",
      ], in: directory)
    #expect(result.status == 64 || result.status == 65, "\(result.stderr)")
    #expect(result.stderr.contains("contaminants.fits") && result.stderr.contains("GMAG"))
    #expect(cli.contents(directory).isEmpty)
  }
}
