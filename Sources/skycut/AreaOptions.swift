import ArgumentParser
import SkyCut

/// How precisely to measure the mask's area, and where to write its MOC.
struct AreaOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "The relative width allowed between the area's guaranteed lower and upper bounds "
        + "(ellipses are bounded by polygons; caps are exact).",
      valueName: "fraction"))
  var areaTolerance: Double = MaskArea.defaultTolerance

  @Option(
    help: ArgumentHelp(
      "Write the mask (its contaminants that remove) as an IVOA MOC 2.0 FITS file (NUNIQ): "
        + "every HEALPix cell that touches it, so every removed object lies inside.",
      valueName: "path"))
  var moc: String?

  @Option(
    help: ArgumentHelp(
      "The MOC's order (0–29; cells of 2^-order × 58.6°). Default: cells about an eighth of the "
        + "smallest radius across.",
      valueName: "order"))
  var mocOrder: Int?

  func validate() throws {
    guard areaTolerance > 0 && areaTolerance < 1 else {
      throw ValidationError("--area-tolerance must be more than 0 and less than 1.")
    }
    if let mocOrder, !(0...29).contains(mocOrder) {
      throw ValidationError("--moc-order must be 0 to 29.")
    }
    if mocOrder != nil && moc == nil { throw ValidationError("--moc-order goes with --moc.") }
    if let moc, !moc.lowercased().hasSuffix(".fits") {
      throw ValidationError("--moc writes FITS: give a .fits path.")
    }
  }

  /// The MOC asked for, if any.
  var mocRequest: MOCRequest? { moc.map { MOCRequest(path: $0, order: mocOrder) } }
}
