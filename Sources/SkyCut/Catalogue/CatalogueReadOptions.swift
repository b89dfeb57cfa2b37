/// Which table of a file to read and which columns hold the positions.
public struct CatalogueReadOptions: Sendable, Hashable {
  /// Which HDU of a FITS file to read.
  public enum HDU: Sendable, Hashable {
    /// The extension with this number; 0 is the primary HDU, 1 the first extension (the
    /// numbering of astropy, STILTS and CFITSIO's `file.fits[1]`).
    case number(Int)
    /// The first extension whose `EXTNAME` is this name, case-insensitively.
    case name(String)
  }

  /// The HDU to read; `nil` takes the first table HDU.
  public var hdu: HDU?
  /// The two coordinate columns, in the order of their convention (`RA,DEC`, `GLON,GLAT`,
  /// `THETA,PHI`); `nil` looks for a known pair.
  public var columns: (first: String, second: String)?
  /// The frame of the positions; `nil` takes it from the columns (`GLON`/`GLAT` are
  /// Galactic, everything else ICRS).
  public var frame: SkyFrame?
  /// What to do with rows whose coordinates (or radius) are unusable.
  public var invalidRows: InvalidRowPolicy
  /// A column holding each row's own radius (for contaminants), or `nil`.
  public var radiusColumn: String?
  /// The unit of ``radiusColumn`` when the file does not give one (`TUNIT`).
  public var radiusUnit: Angle.Unit
  /// A formula for each row's radius over its numeric columns, in ``radiusUnit`` (instead of
  /// a ``radiusColumn``).
  public var radiusExpression: RadiusExpression?
  /// Elliptical contaminants: the columns of their semi-major and semi-minor axes and the
  /// position angle of the major axis (east of north), instead of a radius.
  public var ellipseColumns: (a: String, b: String, positionAngle: String)?
  /// The unit of the axes when the file does not give one (`TUNIT`).
  public var ellipseUnit: Angle.Unit = .arcseconds
  /// Other numeric columns to read (a magnitude, say), into ``Catalogue/values``.
  public var valueColumns: [String] = []

  public init(
    hdu: HDU? = nil, columns: (first: String, second: String)? = nil, frame: SkyFrame? = nil,
    invalidRows: InvalidRowPolicy = .error, radiusColumn: String? = nil,
    radiusUnit: Angle.Unit = .arcseconds
  ) {
    self.hdu = hdu
    self.columns = columns
    self.frame = frame
    self.invalidRows = invalidRows
    self.radiusColumn = radiusColumn
    self.radiusUnit = radiusUnit
  }

  public static func == (lhs: Self, rhs: Self) -> Bool {
    lhs.hdu == rhs.hdu && lhs.columns?.first == rhs.columns?.first
      && lhs.columns?.second == rhs.columns?.second && lhs.frame == rhs.frame
      && lhs.invalidRows == rhs.invalidRows && lhs.radiusColumn == rhs.radiusColumn
      && lhs.radiusUnit == rhs.radiusUnit && lhs.valueColumns == rhs.valueColumns
      && lhs.radiusExpression == rhs.radiusExpression
      && lhs.ellipseColumns.map { [$0.a, $0.b, $0.positionAngle] }
        == rhs.ellipseColumns.map { [$0.a, $0.b, $0.positionAngle] }
      && lhs.ellipseUnit == rhs.ellipseUnit
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(hdu)
    hasher.combine(columns?.first)
    hasher.combine(columns?.second)
    hasher.combine(frame)
    hasher.combine(invalidRows)
    hasher.combine(radiusColumn)
    hasher.combine(radiusUnit)
    hasher.combine(valueColumns)
    hasher.combine(radiusExpression)
    hasher.combine(ellipseColumns.map { [$0.a, $0.b, $0.positionAngle] })
    hasher.combine(ellipseUnit)
  }
}
