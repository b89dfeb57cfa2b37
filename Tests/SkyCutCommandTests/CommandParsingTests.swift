import ArgumentParser
import SkyCut
import Testing

@testable import skycut

@Suite struct CommandParsingTests {
  @Test func parsesTheFullCommandLine() throws {
    let command = try CutCommand.parse([
      "obj.fits", "stars.csv", "--maxsep", "30arcsec", "-o", "out.fits", "--overwrite", "--jobs",
      "3",
      "--hdu", "OBJECTS", "--contaminant-columns", "GLON, GLAT", "--quiet",
    ])
    #expect(command.inputs.objects == "obj.fits")
    #expect(command.inputs.contaminants == ["stars.csv"])
    #expect(abs((command.cut.maxsep?.angle.arcseconds ?? 0) - 30) < 1e-12)
    #expect(command.output.output == "out.fits")
    #expect(command.output.overwrite && command.output.quiet)
    #expect(command.cut.jobs == 3)
    let objects = try command.inputs.objectReadOptions()
    #expect(objects.hdu == .name("OBJECTS"))
    #expect(objects.columns == nil)
    let contaminants = try command.inputs.contaminantReadOptions()
    #expect(contaminants.columns?.first == "GLON" && contaminants.columns?.second == "GLAT")
  }

  @Test(arguments: ["0", "-1", "nan", "181", "200deg", "abc", "4rad"])
  func rejectsBadMaxsep(value: String) {
    #expect(throws: (any Error).self) {
      try CutCommand.parse(["a.fits", "b.fits", "--maxsep", value])
    }
  }

  @Test func badMaxsepMessages() {
    #expect(
      CutCommand.message(for: parseError(["a.fits", "b.fits", "--maxsep", "0"]))
        == "--maxsep must be greater than zero.")
    #expect(
      CutCommand.message(for: parseError(["a.fits", "b.fits", "--maxsep", "181"]))
        == "--maxsep must be at most 180 degrees.")
  }

  @Test func severalContaminantCataloguesAndARadiusColumn() throws {
    let command = try CutCommand.parse([
      "obj.fits", "stars.fits", "sources.csv", "--radius-column", "R_MASK", "--radius-unit",
      "arcmin",
    ])
    #expect(command.inputs.contaminants == ["stars.fits", "sources.csv"])
    #expect(command.cut.maxsep == nil)
    let options = try command.inputs.contaminantReadOptions()
    #expect(options.radiusColumn == "R_MASK" && options.radiusUnit == .arcminutes)
  }

  @Test func maxsepOrARadiusColumnIsNeeded() {
    #expect(
      CutCommand.message(for: parseError(["a.fits", "b.fits"]))
        == "Give --maxsep, or --radius-column or --radius-expression for radii of each "
        + "contaminant.")
    #expect(throws: (any Error).self) { try CutCommand.parse(["a.fits", "--maxsep", "1"]) }
  }

  @Test func hduNumbersAndNames() throws {
    #expect(try TableOptions.options(hdu: "2", columns: nil, frame: nil).hdu == .number(2))
    #expect(
      try TableOptions.options(hdu: "SOURCES", columns: nil, frame: nil).hdu == .name("SOURCES"))
    #expect(throws: (any Error).self) {
      try TableOptions.options(hdu: "-1", columns: nil, frame: nil)
    }
    #expect(throws: (any Error).self) {
      try TableOptions.options(hdu: nil, columns: "RA", frame: nil)
    }
    #expect(throws: (any Error).self) {
      try TableOptions.options(hdu: nil, columns: "RA,", frame: nil)
    }
  }
}

/// The error `parse` throws for these arguments.
private func parseError(_ arguments: [String]) -> any Error {
  do {
    _ = try CutCommand.parse(arguments)
    return CancellationError()
  } catch {
    return error
  }
}
