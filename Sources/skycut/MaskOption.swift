import ArgumentParser
import SkyCut

/// `--mask FILE`: the contaminant catalogues, radii, epochs, actions and bits from a mask file
/// instead of the command line.
struct MaskOption: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "A mask file (YAML, docs/MASKS.md): the contaminant catalogues, each with its columns, "
        + "radius (angle, column or expression), ellipses, epoch and proper motions, action "
        + "(remove or flag), bit and further zones. Instead of contaminant files and their "
        + "options.",
      valueName: "file"))
  var mask: String?

  /// Refuses the options a mask file gives itself.
  func validate(
    contaminants: [String], maxsep: AngleArgument?, radius: RadiusOptions, epochs: EpochArguments,
    table: TableOptions
  ) throws {
    guard mask != nil else { return }
    var given: [String] = []
    if !contaminants.isEmpty { given.append("contaminant files") }
    if maxsep != nil { given.append("--maxsep") }
    if radius.given != nil {
      given.append("--radius-column, --radius-expression or --ellipse-columns")
    }
    if epochs.epoch != nil || epochs.objectEpochColumn != nil {
      given.append("--epoch and --object-epoch-column")
    }
    if table.contaminantHDU != nil || table.contaminantColumns != nil
      || table.contaminantFrame != nil || table.invalidContaminants != .error
    {
      given.append("contaminant table options")
    }
    if !given.isEmpty {
      throw ValidationError(
        "The mask file gives the contaminants: drop \(given.joined(separator: ", ")).")
    }
  }

  /// The mask, read.
  func load() throws -> Mask? { try mask.map { try Mask(contentsOf: $0) } }
}
