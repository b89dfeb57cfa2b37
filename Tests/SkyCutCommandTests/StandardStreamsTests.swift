import Foundation
import Testing

/// CSV on standard input and output: `skycut - stars.fits --maxsep 1 < in.csv > out.csv`.
@Suite struct StandardStreamsTests {
  let cli = CommandLineTests()

  @Test func objectsFromStandardInputGoToStandardOutput() throws {
    let directory = try cli.makeDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let data = CommandLineTests.data
    // The same cut written to a file, for comparison.
    let file = try cli.run(
      ["\(data)/objects.csv", "\(data)/contaminants.fits", "--maxsep", "1", "-o", "clean.csv"],
      in: directory)
    #expect(file.status == 0)
    let expected = try String(contentsOfFile: directory + "/clean.csv", encoding: .utf8)
    let piped = try cli.run(
      ["-", "\(data)/contaminants.fits", "--maxsep", "1"], in: directory,
      input: "\(data)/objects.csv")
    #expect(piped.status == 0)
    #expect(piped.stdout == expected)
    #expect(piped.stderr.contains("removed 159, kept 4841; wrote <stdout>"))
    // FITS objects to standard output as CSV, and contaminants from standard input.
    let fits = try cli.run(
      ["\(data)/objects.fits", "-", "--maxsep", "1", "-o", "-", "--quiet"], in: directory,
      input: "\(data)/contaminants.csv")
    #expect(fits.status == 0)
    #expect(fits.stderr == "")
    #expect(fits.stdout.split(separator: "\n").count == 1 + 4841)
    #expect(cli.contents(directory) == ["clean.csv"])
  }

  @Test func badInputOnStandardInputIsNamedSo() throws {
    let directory = try cli.makeDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let input = directory + "/bad.csv"
    try Data("RA,DEC\n1,2\nx,3\n".utf8).write(to: URL(fileURLWithPath: input))
    let result = try cli.run(
      ["-", "\(CommandLineTests.data)/contaminants.fits", "--maxsep", "1"], in: directory,
      input: input)
    #expect(result.status == 65)
    #expect(result.stdout == "")
    #expect(
      result.stderr == "skycut: error: <stdin>, line 3, column 'RA': value 'x' is not a number\n")
  }

  @Test(arguments: [
    ["-", "-", "--maxsep", "1"],
    ["-", "stars.fits", "--maxsep", "1", "--summary", "json"],
    ["a.fits", "stars.fits", "--maxsep", "1", "-o", "-", "--summary", "json"],
  ])
  func standardStreamsUsedTwiceAreRefused(arguments: [String]) throws {
    let directory = try cli.makeDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let result = try cli.run(arguments, in: directory, input: "/dev/null")
    #expect(result.status == 64)
    #expect(result.stdout == "")
  }

  @Test func infoDescribesAFile() throws {
    let result = try cli.run(
      ["info", "\(CommandLineTests.data)/objects.fits"],
      in: FileManager.default.temporaryDirectory.path)
    #expect(result.status == 0)
    #expect(result.stdout.contains("HDU 1 OBJECTS: binary table, 5000 rows, 7 columns\n"))
    #expect(result.stdout.contains("  RA     D    [deg]\n"))
    #expect(result.stdout.hasSuffix("coordinates: RA/DEC (icrs, deg) in HDU 1\n"))
    let missing = try cli.run(
      ["info", "nothere.fits"], in: FileManager.default.temporaryDirectory.path)
    #expect(missing.status == 66)
  }
}
