/// What a cleaned catalogue records about the cut that made it (as FITS keywords and
/// `HISTORY` cards).
public struct CutProvenance: Sendable, Hashable {
  /// The SkyCut version.
  public var version: String
  /// The radius (the cap on the radii, with a radius column), if one was given.
  public var radius: Angle?
  /// The contaminants' radius column, if they had radii of their own.
  public var radiusColumn: String?
  /// The contaminants' radius expression, if their radii came from one, and its unit.
  public var radiusExpression: String?
  public var radiusUnit: Angle.Unit = .arcseconds
  /// The contaminants' ellipse columns (`A,B,PA`), if they were ellipses.
  public var ellipseColumns: String?
  /// The objects' epoch the contaminants were moved to, if they were.
  public var epoch: Double?
  /// The objects' column of their own epochs, when each object met the contaminants where
  /// they were at its epoch.
  public var objectEpochColumn: String?
  /// The column that flags the rows within reach, when they were flagged rather than removed.
  public var flagColumn: String?
  /// The mask file the cut followed, and its SHA-256, if any.
  public var maskFile: String?
  public var maskSHA256: String?
  /// The contaminant catalogues' paths.
  public var contaminantPaths: [String]
  /// The number of contaminants.
  public var contaminantCount: Int
  /// The number of rows read from the input catalogue.
  public var rowsRead: Int
  /// The number of rows removed.
  public var rowsRemoved: Int

  public init(
    radius: Angle?, radiusColumn: String? = nil, contaminantPaths: [String],
    contaminantCount: Int, rowsRead: Int, rowsRemoved: Int
  ) {
    self.version = SkyCutVersion.current
    self.radius = radius
    self.radiusColumn = radiusColumn
    self.contaminantPaths = contaminantPaths
    self.contaminantCount = contaminantCount
    self.rowsRead = rowsRead
    self.rowsRemoved = rowsRemoved
  }

  /// One sentence for `HISTORY` cards (CFITSIO continues it over as many cards as it needs).
  /// It leaves the counts to the `SCNREAD`/`SCNREMOV` keywords, so that it can be written
  /// before the rows, when the count removed may not be known yet.
  var history: String {
    let files = contaminantPaths.map(\.fileName)
    var reach = radius.map { "than \($0)" } ?? ""
    let verb = flagColumn.map { "flagged in column \($0)" } ?? "removed"
    if let radiusColumn {
      reach =
        "than their radius in column \(radiusColumn)" + (radius.map { " (at most \($0))" } ?? "")
    }
    if let ellipseColumns {
      reach = "than the edge of their ellipse (columns \(ellipseColumns))"
    }
    if let radiusExpression {
      reach =
        "than their radius \(radiusExpression) (SCRADEXP)"
        + (radius.map { " (at most \($0))" } ?? "")
    }
    if let maskFile {
      let name = maskFile.fileName
      return "skycut \(version) masked the rows as the mask file \(name) (SCMASK, SHA-256 in "
        + "SCMASKSH) says, with \(contaminantCount) contaminants in \(files.joined(separator: ", ")) "
        + "(SCNREMOV of SCNREAD rows removed)."
    }
    return "skycut \(version) \(verb) the rows lying closer \(reach) to any of "
      + "\(contaminantCount) contaminants in \(files.joined(separator: ", ")) "
      + (epoch.map { "moved to epoch J\($0) (SCEPOCH) " } ?? "")
      + (objectEpochColumn.map { "moved to each object's epoch in column \($0) (SCEPOCOL) " }
        ?? "")
      + "(SCNREMOV of SCNREAD rows)."
  }
}

/// The library's version.
package enum SkyCutVersion {
  /// The version string, e.g. `0.1.0`.
  package static let current = "0.1.0"
}
