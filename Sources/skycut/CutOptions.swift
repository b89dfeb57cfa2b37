import ArgumentParser
import SkyCut

/// The maximum separation and how to run the cut.
struct CutOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "Remove objects closer than this to a contaminant: degrees, or a number with a unit "
        + "deg, arcmin, arcsec, mas or rad (e.g. 1.0, 30arcsec, 2.5arcmin). Required unless "
        + "--radius-column or --radius-expression is given; with them, the largest radius.",
      valueName: "angle"))
  var maxsep: AngleArgument?

  @Option(help: "Threads to use. Default: all cores.")
  var jobs: Int?

  @Option(
    help: ArgumentHelp(
      "Clean only part I of N of the objects' rows (their I-th divmod slice), for a job array; "
        + "'auto' takes I and N from Slurm's SLURM_ARRAY_TASK_ID, _MIN and _COUNT. Each output "
        + "gets a record OUTPUT.skycut.json; 'skycut merge' joins the parts.",
      valueName: "I/N|auto"))
  var part: String?

  /// The part asked for, if any.
  func cataloguePart(environment: [String: String]) throws -> CataloguePart? {
    guard let part else { return nil }
    do {
      return part == "auto"
        ? try CataloguePart(slurmEnvironment: environment) : try CataloguePart(parsing: part)
    } catch let error as CatalogueError {
      throw ValidationError("--part: \(error)")
    }
  }

  func validate(radiusColumn: String?) throws {
    if let maxsep {
      let radians = maxsep.angle.radians
      guard radians > 0 else { throw ValidationError("--maxsep must be greater than zero.") }
      guard radians <= .pi else { throw ValidationError("--maxsep must be at most 180 degrees.") }
    } else if radiusColumn == nil {
      throw ValidationError(
        "Give --maxsep, or --radius-column or --radius-expression for radii of each contaminant.")
    }
    if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1.") }
    if let part, part != "auto" {
      do { _ = try CataloguePart(parsing: part) } catch {
        throw ValidationError("--part: \(error)")
      }
    }
  }
}

/// An angle on the command line: a number of degrees, or a number with a unit suffix.
struct AngleArgument: ExpressibleByArgument, Sendable {
  var angle: Angle

  init?(argument: String) {
    guard let angle = Angle(parsing: argument) else { return nil }
    self.angle = angle
  }

  init(_ angle: Angle) { self.angle = angle }

  var defaultValueDescription: String { angle.description }
}
