import ArgumentParser
import SkyCut

extension HEALPixOrdering: ExpressibleByArgument {}

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
      "A survey footprint, an IVOA MOC (FITS, NUNIQ): objects outside it are removed, and the "
        + "area is of the mask inside it, with what the mask leaves of the footprint.",
      valueName: "moc.fits"))
  var footprint: String?

  @Option(
    help: ArgumentHelp(
      "Keep the objects outside --footprint, with this bit of --mask-column set, instead of "
        + "removing them.",
      valueName: "bit"))
  var footprintBit: Int?

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

  @Option(
    help: ArgumentHelp(
      "Write a HEALPix map (FITS, as healpy reads it) of the unmasked fraction of each pixel, "
        + "the mask clipped exactly by the pixel's edges (ellipses between polygons, as for "
        + "the area): what randoms are weighted by.",
      valueName: "path"))
  var fractionMap: String?

  @Option(help: ArgumentHelp("The map's N_side (a power of two, 1–8192).", valueName: "nside"))
  var fractionNside: Int?

  @Option(help: ArgumentHelp("The map's pixel ordering: nested or ring.", valueName: "ordering"))
  var fractionOrdering: HEALPixOrdering = .nested

  func validate() throws {
    if (fractionMap == nil) != (fractionNside == nil) {
      throw ValidationError("--fraction-map and --fraction-nside go together.")
    }
    if let fractionNside,
      !(fractionNside > 0 && fractionNside & (fractionNside - 1) == 0
        && fractionNside <= FractionMapRequest.largestNside)
    {
      throw ValidationError("--fraction-nside must be a power of two from 1 to 8192.")
    }
    if let fractionMap, !fractionMap.lowercased().hasSuffix(".fits") {
      throw ValidationError("--fraction-map writes FITS: give a .fits path.")
    }
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

  /// The checks of these options against the command's: `area` (its --area), its mask
  /// column and its objects' epoch column.
  func check(area: Bool, maskColumn: String?, objectEpochColumn: String?) throws {
    if footprintBit != nil && (footprint == nil || maskColumn == nil) {
      throw ValidationError("--footprint-bit goes with --footprint and --mask-column.")
    }
    if area || moc != nil || fractionMap != nil, objectEpochColumn != nil {
      throw ValidationError(
        "--area and --moc are of the mask at one epoch: give --epoch, not --object-epoch-column.")
    }
  }

  /// Puts these options, and `area` (the command's --area), into `request`.
  func apply(area: Bool, to request: inout CleaningRequest) {
    if area { request.areaTolerance = areaTolerance }
    request.moc = mocRequest
    request.fractionMap = fractionMapRequest
    request.footprintPath = footprint
    request.footprintBit = footprintBit
  }

  /// The map asked for, if any.
  var fractionMapRequest: FractionMapRequest? {
    guard let fractionMap, let fractionNside else { return nil }
    return FractionMapRequest(path: fractionMap, nside: fractionNside, ordering: fractionOrdering)
  }

  /// The MOC asked for, if any.
  var mocRequest: MOCRequest? { moc.map { MOCRequest(path: $0, order: mocOrder) } }
}
