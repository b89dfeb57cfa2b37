/// One contaminant catalogue of a cleaning run.
public struct ContaminantCatalogueSummary: Sendable, Hashable {
  /// The catalogue's path.
  public var path: String
  /// Rows read.
  public var rows: Int
  /// Rows with unusable coordinates (or radius), left out of the cut.
  public var invalid: Int
  /// Objects this catalogue removed: those near one of its contaminants and not near one of
  /// an earlier catalogue's (so the counts add up to the objects removed by contaminants).
  public var removed: Int
  /// The coordinate columns used.
  public var coordinates: CoordinateColumns
  /// The radius column used, if any.
  public var radiusColumn: String?
  /// Objects this catalogue flagged and kept: within reach of a layer of it that flags, and of
  /// no layer that removes (counted for the first catalogue that flagged them).
  public var flagged = 0

  public init(
    path: String, rows: Int, invalid: Int, removed: Int, coordinates: CoordinateColumns,
    radiusColumn: String? = nil
  ) {
    self.path = path
    self.rows = rows
    self.invalid = invalid
    self.removed = removed
    self.coordinates = coordinates
    self.radiusColumn = radiusColumn
  }
}

/// What a cleaning run did.
public struct CleaningSummary: Sendable, Hashable {
  /// Rows read from the objects catalogue.
  public var objectsRead: Int
  /// Rows read from the contaminant catalogues, all together.
  public var contaminantsRead: Int
  /// Objects removed.
  public var removed: Int
  /// Objects kept (written).
  public var kept: Int
  /// Objects with unusable coordinates, dropped (counted in ``removed``) or kept (counted in
  /// ``kept``) as the policy said.
  public var invalidObjects: Int
  /// Contaminants with unusable coordinates, left out of the cut.
  public var invalidContaminants: Int
  /// The cleaned catalogue's path.
  public var outputPath: String
  /// The path the removed (or flagged) rows went to, with `--rejected`.
  public var rejectedPath: String?
  /// With a flag column: the rows flagged (all written).
  public var flagged: Int?
  /// The coordinate columns used for the objects.
  public var objectCoordinates: CoordinateColumns
  /// Each contaminant catalogue, in the order given.
  public var contaminants: [ContaminantCatalogueSummary]
  /// Seconds spent reading the catalogues.
  public var readSeconds: Double
  /// Seconds spent on the cut itself: building the contaminant index and testing the
  /// objects (converting their coordinates included).
  public var cutSeconds: Double
  /// Seconds spent writing the output.
  public var writeSeconds: Double
  /// Seconds from start to end. Reading and writing the objects overlap the cut, so the three
  /// phases add up to more than this.
  public var totalSeconds: Double
  /// With ``CleaningRequest/epochs``: the contaminants moved to the objects' epoch.
  public var epoch: EpochSummary?
  /// With a mask file: its path and SHA-256.
  public var maskFile: MaskFileSummary?
  /// With a mask column or a mask file: per bit the mask uses, the rows with it set.
  public var bits: [MaskBitSummary] = []
  /// With ``CleaningRequest/areaTolerance``: the area of the sky the mask removes objects
  /// from.
  public var area: MaskArea?
  /// With ``CleaningRequest/moc``: the MOC written.
  public var moc: MOCSummary?
  /// With ``CleaningRequest/fractionMap``: the map written.
  public var fractionMap: FractionMapSummary?
  /// With ``CleaningRequest/footprintPath``: the footprint, the objects outside it, and (with
  /// the area) what the mask leaves of it.
  public var footprint: FootprintSummary?

  /// The one-line summary the command line prints.
  public var line: String {
    var invalid = ""
    if invalidObjects > 0 { invalid += "; \(invalidObjects) objects had invalid coordinates" }
    if invalidContaminants > 0 {
      invalid += "; \(invalidContaminants) contaminants had invalid coordinates and were not used"
    }
    if let epoch {
      invalid +=
        "; moved \(epoch.moved) contaminants to J\(epoch.objectEpoch)"
        + (epoch.withoutMotion > 0 ? " (\(epoch.withoutMotion) without proper motion stayed)" : "")
    }
    func byCatalogue(_ count: (ContaminantCatalogueSummary) -> Int) -> String {
      guard contaminants.count > 1 else { return "" }
      let parts = contaminants.map {
        "\(count($0)) by \($0.path.fileName)"
      }
      return " (" + parts.joined(separator: ", ") + ")"
    }
    if let footprint, let outside = footprint.outside {
      invalid += "; \(outside) outside the footprint"
    }
    if let area {
      invalid += "; the mask covers \(area.description)"
      if let remainder = footprint?.remainderDescription { invalid += " of \(remainder)" }
    }
    let removedText =
      "removed \(removed)"
      + (contaminants.contains { $0.removed > 0 } || flagged == nil ? byCatalogue(\.removed) : "")
    return "skycut: read \(objectsRead) objects and \(contaminantsRead) contaminants; "
      + (flagged.map { "flagged \($0)\(byCatalogue(\.flagged)), " } ?? "")
      + "\(removedText), kept \(kept)\(invalid); wrote "
      + (outputPath == Catalogue.standardStream ? "<stdout>" : outputPath)
      + (rejectedPath.map { " and \($0)" } ?? "") + (moc.map { " and \($0.path)" } ?? "")
      + (fractionMap.map { " and \($0.path)" } ?? "") + " in "
      + String(format3(totalSeconds)) + " s"
  }

  /// The seconds per phase, as `key=value` pairs; `compute_s` is the cut alone (as the
  /// benchmark harness in `../shared/peers` reads it).
  public var timingLine: String {
    "skycut: read_s=\(format3(readSeconds)) cut_s=\(format3(cutSeconds)) "
      + "write_s=\(format3(writeSeconds)) total_s=\(format3(totalSeconds)) "
      + "compute_s=\(format3(cutSeconds))"
  }

  private func format3(_ value: Double) -> String {
    let milliseconds = Int((value * 1000).rounded())
    let fraction = String(milliseconds % 1000)
    return "\(milliseconds / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
  }
}

/// The mask file a run read.
public struct MaskFileSummary: Sendable, Hashable, Codable {
  public var path: String
  /// The SHA-256 of its bytes, in lower-case hex.
  public var sha256: String
}

/// The rows with one bit of the mask set.
public struct MaskBitSummary: Sendable, Hashable, Codable {
  public var bit: Int
  /// Rows removed, and kept, with the bit set (a row in several layers counts for each bit).
  public var removed: Int
  public var flagged: Int
}

/// The contaminants moved to the objects' epoch in a run.
public struct EpochSummary: Sendable, Hashable, Codable {
  /// The objects' epoch, a Julian year.
  public var objectEpoch: Double
  /// Contaminants moved, and contaminants left where they were (no proper motion or epoch).
  public var moved: Int
  public var withoutMotion: Int
}
