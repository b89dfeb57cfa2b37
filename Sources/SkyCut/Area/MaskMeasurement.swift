import Foundation

/// What `skycut area` measures of a mask: its area, its MOC, and the catalogues read.
public struct MaskMeasurement: Sendable {
  /// One catalogue read: its path, rows, and rows left out (unusable coordinates or radius).
  public struct Catalogue: Sendable, Hashable, Codable {
    public var path: String
    public var rows: Int
    public var invalid: Int
  }

  public var catalogues: [Catalogue]
  public var area: MaskArea?
  public var moc: MOCSummary?
  public var fractionMap: FractionMapSummary?
  public var footprint: FootprintSummary?
  public var seconds: Double

  /// Reads `mask`'s catalogues once, measures its area to `tolerance` (if given) and writes
  /// its MOC and its unmasked-fraction map (if asked; the map to `tolerance` of each pixel's
  /// area, or ``MaskArea/defaultTolerance``).
  ///
  /// - Throws: ``CatalogueError``; a MOC that cannot be written is not left behind.
  public static func measure(
    _ mask: Mask, tolerance: Double?, moc: MOCRequest?,
    fractionMap: FractionMapRequest? = nil, footprint footprintPath: String? = nil,
    overwrite: Bool = false,
    runner: ParallelRunner = .allCores
  ) throws -> MaskMeasurement {
    try CatalogueError.wrapping {
      let start = Date()
      try MaskArea.check(tolerance: tolerance, moc: moc)
      try fractionMap?.check()
      for catalogue in mask.catalogues {
        try catalogue.check()
        if !FileManager.default.fileExists(atPath: catalogue.path) {
          throw CatalogueError.fileNotFound(path: catalogue.path)
        }
      }
      if mask.catalogues.contains(where: { $0.epochs?.objectEpochColumn != nil }) {
        throw CatalogueError.invalidArgument(
          "the area and the MOC are of the mask at one epoch: give --epoch, not an epoch column")
      }
      try MaskArea.checkOutputs(
        moc: moc, fractionMap: fractionMap, besides: [], inputs: mask.catalogues.map(\.path),
        overwrite: overwrite)
      if let footprintPath, !FileManager.default.fileExists(atPath: footprintPath) {
        throw CatalogueError.fileNotFound(path: footprintPath)
      }
      let set = try ContaminantSet(mask: mask)
      let footprint = try footprintPath.map(Footprint.init(contentsOf:))
      try fractionMap?.check(footprint: footprint)
      return try measure(
        set, tolerance: tolerance, moc: moc, fractionMap: fractionMap, footprint: footprint,
        overwrite: overwrite, runner: runner, since: start)
    }
  }

  /// The area of `set`'s mask to `tolerance` (if given), and its MOC and map written (if
  /// asked; the map to `tolerance`, or ``MaskArea/defaultTolerance``), inside `footprint`;
  /// ``seconds`` counted from `start`. The checks are the caller's.
  static func measure(
    _ set: ContaminantSet, tolerance: Double?, moc: MOCRequest?, fractionMap: FractionMapRequest?,
    footprint: Footprint?, overwrite: Bool, runner: ParallelRunner, since start: Date
  ) throws -> MaskMeasurement {
    let area = try tolerance.map {
      try MaskArea.measure(set, tolerance: $0, footprint: footprint, runner: runner)
    }
    let written = try moc.map {
      try set.writeMOC(to: $0.path, order: $0.order, overwrite: overwrite, runner: runner)
    }
    let map = try fractionMap.map {
      try set.writeFractionMap(
        $0, tolerance: tolerance ?? MaskArea.defaultTolerance, footprint: footprint,
        overwrite: overwrite, runner: runner)
    }
    return MaskMeasurement(
      catalogues: set.catalogues.map {
        Catalogue(path: $0.path, rows: $0.rowCount, invalid: $0.invalidRows.count)
      }, area: area, moc: written, fractionMap: map,
      footprint: footprint.map { FootprintSummary($0, masked: area, outside: nil) },
      seconds: Date().timeIntervalSince(start))
  }

  /// `skycut: 2 catalogues, 5500 contaminants cover 12.3456 deg² (0.0299 % of the sky)`.
  public var line: String {
    let rows = catalogues.reduce(0) { $0 + $1.rows }
    var text = "skycut: \(rows) contaminants"
    if catalogues.count > 1 { text += " in \(catalogues.count) catalogues" }
    if let area {
      text += " cover \(area.description), \(area.boundsDescription)"
      if let remainder = footprint?.remainderDescription { text += " inside \(remainder)" }
      if area.layers.count > 1 {
        text +=
          "; added by each layer: "
          + area.layers.map {
            let name = $0.path.fileName
            let added = MaskArea.significant(
              $0.addedSteradians * MaskArea.squareDegreesPerSteradian)
            return "bit \($0.bit) (\(name), \($0.action.rawValue)) \(added)"
          }.joined(separator: ", ")
      }
    }
    if let moc {
      text +=
        "; wrote \(moc.path): \(moc.cells) cells to order \(moc.order), "
        + "\(MaskArea.significant(moc.deg2)) deg²"
    }
    if let fractionMap {
      text +=
        "; wrote \(fractionMap.path): N_side \(fractionMap.nside) \(fractionMap.ordering.rawValue), "
        + "pixels within \(String(format: "%.1e", fractionMap.largestGap)) of their area"
    }
    let milliseconds = Int((seconds * 1000).rounded())
    return text + " in \(milliseconds / 1000).\(String(format: "%03d", milliseconds % 1000)) s"
  }
}

/// `skycut area --summary json`: one JSON object, success or failure.
public struct MaskMeasurementReport: Codable, Sendable, Hashable {
  public var skycutVersion: String
  public var status: String
  public var exitCode: Int32
  public var contaminants: [MaskMeasurement.Catalogue]
  public var area: AreaReport?
  public var moc: MOCSummary?
  public var fractionMap: FractionMapSummary?
  public var footprint: FootprintSummary?
  public var seconds: Double?
  public var error: String?

  public init(_ measurement: MaskMeasurement, tolerance: Double?) {
    skycutVersion = SkyCutVersion.current
    status = "ok"
    exitCode = 0
    contaminants = measurement.catalogues
    area = measurement.area.map { AreaReport($0, tolerance: tolerance ?? 0) }
    moc = measurement.moc
    fractionMap = measurement.fractionMap
    footprint = measurement.footprint
    seconds = (measurement.seconds * 1e6).rounded() / 1e6
  }

  public init(error: CatalogueError) {
    skycutVersion = SkyCutVersion.current
    status = "error"
    exitCode = error.category.rawValue
    contaminants = []
    self.error = error.description
  }

  /// The report as one line of JSON (keys in snake case, sorted; absent values as `null`).
  public var json: String {
    let encoder = JSONEncoder()
    encoder.keyEncodingStrategy = .convertToSnakeCase
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    guard let data = try? encoder.encode(self) else { return "{}" }
    return String(decoding: data, as: UTF8.self)
  }

  enum CodingKeys: String, CodingKey {
    case skycutVersion, status, exitCode, contaminants, area, moc, fractionMap, footprint, seconds,
      error
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(skycutVersion, forKey: .skycutVersion)
    try container.encode(status, forKey: .status)
    try container.encode(exitCode, forKey: .exitCode)
    try container.encode(contaminants, forKey: .contaminants)
    try container.encode(area, forKey: .area)
    try container.encode(moc, forKey: .moc)
    try container.encode(fractionMap, forKey: .fractionMap)
    try container.encode(footprint, forKey: .footprint)
    try container.encode(seconds, forKey: .seconds)
    try container.encode(error, forKey: .error)
  }
}
