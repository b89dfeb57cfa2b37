import Foundation
import Testing

/// `--radius-expression` on the command line: the same cut as the radius column it computes,
/// recorded in the provenance, and usage errors that point at the character.
@Suite struct RadiusExpressionCommandTests {
  let cli = CommandLineTests()
  let data = CommandLineTests.data

  @Test func anExpressionCutsAsTheColumnItComputes() throws {
    let directory = try cli.makeDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    // An expression of the radius column alone (here read in arcmin, where the CSV gives no
    // unit) must give the same cut as the column; and one in other units the same again.
    let byColumn = try cli.run(
      [
        "\(data)/objects.fits", "\(data)/contaminants.csv", "--radius-column", "RADIUS",
        "--radius-unit", "arcmin", "-o", "column.csv",
      ], in: directory)
    let byExpression = try cli.run(
      [
        "\(data)/objects.fits", "\(data)/contaminants.csv", "--radius-expression",
        "RADIUS * 60", "--radius-unit", "arcsec", "-o", "expression.csv",
      ], in: directory)
    #expect(byColumn.status == 0 && byExpression.status == 0, "\(byExpression.stderr)")
    let column = try Data(contentsOf: URL(fileURLWithPath: directory + "/column.csv"))
    let expression = try Data(contentsOf: URL(fileURLWithPath: directory + "/expression.csv"))
    #expect(column == expression)
    let removed = byColumn.stderr.split(separator: ";")[1]
    #expect(byExpression.stderr.split(separator: ";")[1] == removed)
    #expect(removed.contains("removed 1032,"))
  }

  @Test func theExpressionIsRecorded() throws {
    let directory = try cli.makeDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let result = try cli.run(
      [
        "\(data)/objects.fits", "\(data)/contaminants.fits", "--radius-expression",
        "1630 * 1.396^(-MAG)", "--maxsep", "1deg", "-o", "clean.fits", "--summary", "json",
      ],
      in: directory)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("\"radius_expression\":\"1630 * 1.396^(-MAG) [arcsec]\""))
    let header = try String(contentsOfFile: directory + "/clean.fits", encoding: .isoLatin1)
    #expect(header.contains("SCRADEXP= '1630 * 1.396^(-MAG)'"))
    #expect(header.contains("SCRADUNI= 'arcsec  '"))
  }

  @Test(arguments: [
    (["--radius-expression", "1630 * 1.396^(-MAG"], "expected ')' at character 19"),
    (["--radius-expression", "MAG", "--radius-column", "RADIUS"], "not both"),
    (["--radius-expression", "foo(MAG)"], "unknown function 'foo'"),
  ])
  func usageErrors(arguments: [String], mentions: String) throws {
    let directory = try cli.makeDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let result = try cli.run(
      ["\(data)/objects.fits", "\(data)/contaminants.fits", "-o", "clean.fits"] + arguments,
      in: directory)
    #expect(result.status == 64)
    #expect(result.stderr.contains(mentions), "\(result.stderr)")
    #expect(cli.contents(directory).isEmpty)
  }

  @Test func anUnknownColumnListsTheColumns() throws {
    let directory = try cli.makeDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let result = try cli.run(
      [
        "\(data)/objects.fits", "\(data)/contaminants.fits", "--radius-expression", "2 * GMAG",
        "-o", "clean.fits",
      ], in: directory)
    #expect(result.status == 65)
    #expect(result.stderr.contains("no column 'GMAG'; the columns are 'ID', 'RA', 'DEC', 'MAG'"))
    #expect(cli.contents(directory).isEmpty)
  }
}
