import ArgumentParser
import SkyCut

/// The catalogues and how to read them.
struct InputOptions: ParsableArguments {
  @Argument(
    help: ArgumentHelp(
      "The catalogue to clean (.fits, .fit, .fts, optionally .gz; .csv; .tsv; - for CSV on "
        + "standard input)."))
  var objects: String

  @Argument(
    help: ArgumentHelp(
      "One or more catalogues of contaminants (bright stars, point sources), in any of those "
        + "formats. An object near a contaminant of any of them is removed. (None with --mask.)",
      valueName: "contaminants"))
  var contaminants: [String] = []

  @OptionGroup var radius: RadiusOptions

  @OptionGroup var table: TableOptions

  @OptionGroup var mask: MaskOption

  func validate() throws {
    if contaminants.isEmpty && mask.mask == nil {
      throw ValidationError(
        "Give at least one contaminant catalogue after the objects, or a --mask file.")
    }
    try table.validate()
    try radius.validate()
  }

  func objectReadOptions() throws -> CatalogueReadOptions { try table.objectReadOptions() }

  func contaminantReadOptions() throws -> CatalogueReadOptions {
    try radius.apply(to: table.contaminantReadOptions())
  }
}

/// Each contaminant's own radius: from a column or a formula.
struct RadiusOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "A column of the contaminant catalogues holding each contaminant's own radius (a "
        + "bright-star mask). --maxsep, if given, then caps the radii.",
      valueName: "column"))
  var radiusColumn: String?

  @Option(
    help: ArgumentHelp(
      "Each contaminant's radius from a formula over its numeric columns, e.g. "
        + "'1630 * 1.396^(-G)': numbers, columns, + - * / ^, parentheses, min, max, "
        + "clamp(x,lo,hi), abs, sqrt, exp, ln, log10, pow, interp(x,x1,y1,x2,y2,…). In "
        + "--radius-unit; --maxsep, if given, caps the radii.",
      valueName: "formula"))
  var radiusExpression: String?

  @Option(
    help: ArgumentHelp(
      "The unit of --radius-expression, and of --radius-column when the file does not give one "
        + "(FITS TUNIT): deg, arcmin, arcsec, mas or rad.",
      valueName: "unit"))
  var radiusUnit: Angle.Unit = .arcseconds

  @Option(
    help: ArgumentHelp(
      "Elliptical contaminants (large galaxies): the columns of the semi-major and semi-minor "
        + "axes and the position angle of the major axis, east of north in degrees. Objects "
        + "inside an ellipse (exact, in the plane tangent at its centre) are removed.",
      valueName: "a,b,pa"))
  var ellipseColumns: String?

  @Option(
    help: ArgumentHelp(
      "The unit of the ellipse axes when the file does not give one (FITS TUNIT).",
      valueName: "unit"))
  var ellipseUnit: Angle.Unit = .arcseconds

  func validate() throws {
    if radiusColumn != nil && radiusExpression != nil {
      throw ValidationError("Give --radius-column or --radius-expression, not both.")
    }
    if ellipseColumns != nil && (radiusColumn != nil || radiusExpression != nil) {
      throw ValidationError(
        "Ellipses are the mask: give no --radius-column or expression with them.")
    }
    _ = try ellipses()
    _ = try parsedExpression()
  }

  /// The radius expression, parsed.
  func parsedExpression() throws -> RadiusExpression? {
    guard let radiusExpression else { return nil }
    do {
      return try RadiusExpression(parsing: radiusExpression)
    } catch {
      throw ValidationError("--radius-expression '\(radiusExpression)': \(error)")
    }
  }

  /// The ellipse columns, parsed.
  func ellipses() throws -> (a: String, b: String, positionAngle: String)? {
    guard let ellipseColumns else { return nil }
    let parts = ellipseColumns.split(separator: ",", omittingEmptySubsequences: false)
      .map { $0.trimmingCharacters(in: .whitespaces) }
    guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty }) else {
      throw ValidationError("--ellipse-columns takes three column names: A,B,PA.")
    }
    return (parts[0], parts[1], parts[2])
  }

  /// The contaminants' reading options with these radii.
  func apply(to options: CatalogueReadOptions) throws -> CatalogueReadOptions {
    var options = options
    options.radiusColumn = radiusColumn
    options.radiusUnit = radiusUnit
    options.radiusExpression = try parsedExpression()
    options.ellipseColumns = try ellipses()
    options.ellipseUnit = ellipseUnit
    return options
  }

  /// The column or the expression, whichever is given.
  var given: String? { radiusColumn ?? radiusExpression ?? ellipseColumns }
}

/// Which table of each file to read, its coordinate columns and frame, and what to do with
/// unusable coordinates: the same for every command that reads objects and contaminants.
struct TableOptions: ParsableArguments {
  @Option(
    name: .customLong("hdu"),
    help: ArgumentHelp(
      "The FITS HDU to read from both files: an extension number (0 = primary, 1 = first "
        + "extension) or an EXTNAME. Default: the first table.",
      valueName: "n|extname"))
  var hdu: String?

  @Option(
    help: ArgumentHelp(
      "The FITS HDU of the objects file (overrides --hdu).", valueName: "n|extname"))
  var objectHDU: String?

  @Option(
    help: ArgumentHelp(
      "The FITS HDU of the contaminants file (overrides --hdu).", valueName: "n|extname"))
  var contaminantHDU: String?

  @Option(
    help: ArgumentHelp(
      "The two coordinate columns of both catalogues, e.g. RA,DEC or GLON,GLAT or THETA,PHI. "
        + "Default: found by name.",
      valueName: "lon,lat"))
  var columns: String?

  @Option(
    help: ArgumentHelp(
      "The coordinate columns of the objects (overrides --columns).", valueName: "lon,lat"))
  var objectColumns: String?

  @Option(
    help: ArgumentHelp(
      "The coordinate columns of the contaminants (overrides --columns).", valueName: "lon,lat"))
  var contaminantColumns: String?

  @Option(
    help: ArgumentHelp(
      "The frame of the objects' coordinates. Default: from the column names.", valueName: "frame"))
  var objectFrame: SkyFrame?

  @Option(
    help: ArgumentHelp(
      "The frame of the contaminants' coordinates. Default: from the column names.",
      valueName: "frame"))
  var contaminantFrame: SkyFrame?

  @Option(
    help: ArgumentHelp(
      "What to do with objects whose coordinates are NaN, infinite or out of range: stop with "
        + "an error, drop them from the output, or keep them.",
      valueName: "error|drop|keep"))
  var invalidObjects: InvalidRowPolicy = .error

  @Option(
    help: ArgumentHelp(
      "What to do with contaminants whose coordinates are NaN, infinite or out of range: stop "
        + "with an error, or drop them (they are then not used).",
      valueName: "error|drop"))
  var invalidContaminants: InvalidRowPolicy = .error

  func validate() throws {
    if invalidContaminants == .keep {
      throw ValidationError(
        "--invalid-contaminants takes 'error' or 'drop': a contaminant cannot be kept without "
          + "a position.")
    }
  }

  func objectReadOptions() throws -> CatalogueReadOptions {
    var options = try Self.options(
      hdu: objectHDU ?? hdu, columns: objectColumns ?? columns, frame: objectFrame)
    options.invalidRows = invalidObjects
    return options
  }

  func contaminantReadOptions() throws -> CatalogueReadOptions {
    var options = try Self.options(
      hdu: contaminantHDU ?? hdu, columns: contaminantColumns ?? columns, frame: contaminantFrame)
    options.invalidRows = invalidContaminants
    return options
  }

  static func options(hdu: String?, columns: String?, frame: SkyFrame?) throws
    -> CatalogueReadOptions
  {
    var options = CatalogueReadOptions(frame: frame)
    if let hdu {
      if let number = Int(hdu) {
        guard number >= 0 else { throw ValidationError("--hdu must be 0 or more, or an EXTNAME.") }
        options.hdu = .number(number)
      } else {
        options.hdu = .name(hdu)
      }
    }
    if let columns {
      let parts = columns.split(separator: ",", omittingEmptySubsequences: false)
        .map { $0.trimmingCharacters(in: .whitespaces) }
      guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
        throw ValidationError("--columns takes two column names separated by a comma, e.g. RA,DEC.")
      }
      options.columns = (parts[0], parts[1])
    }
    return options
  }
}

extension SkyFrame: ExpressibleByArgument {}
extension InvalidRowPolicy: ExpressibleByArgument {}
extension Angle.Unit: ExpressibleByArgument {}
