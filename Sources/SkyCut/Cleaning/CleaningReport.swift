import Foundation

/// The machine-readable account of a cleaning run (`skycut --summary json`): one JSON object
/// with stable field names, written whether the run succeeded or failed.
///
/// ```json
/// {"skycut_version": "0.1.0", "status": "ok", "exit_code": 0,
///  "objects": {"path": "objects.fits", "rows": 5000, "columns": ["RA", "DEC"],
///              "frame": "icrs", "invalid": 0},
///  "contaminants": [{"path": "stars.fits", "rows": 500, "columns": ["RA", "DEC"],
///                    "frame": "icrs", "invalid": 0, "radius_column": null, "removed": 159}],
///  "maxsep_deg": 1, "radius_column": null, "removed": 159, "kept": 4841,
///  "outputs": {"cleaned": "objects_clean.fits"},
///  "seconds": {"read": 0.004, "cut": 0.002, "write": 0.003, "total": 0.009},
///  "error": null}
/// ```
public struct CleaningReport: Codable, Sendable, Hashable {
  /// One catalogue read.
  public struct Input: Codable, Sendable, Hashable {
    public var path: String
    /// Rows read; `nil` when the run failed before.
    public var rows: Int?
    /// The two coordinate columns used.
    public var columns: [String]?
    /// `icrs` or `galactic`.
    public var frame: String?
    /// Rows with unusable coordinates (or radius).
    public var invalid: Int?
    /// Contaminants only: the radius column.
    public var radiusColumn: String?
    /// Contaminants only: the objects this catalogue removed (first match counts).
    public var removed: Int?
    /// Contaminants only: the objects this catalogue flagged and kept (first match counts).
    public var flagged: Int?
  }

  /// Seconds per phase.
  public struct Seconds: Codable, Sendable, Hashable {
    public var read: Double
    public var cut: Double
    public var write: Double
    public var total: Double
  }

  public var skycutVersion: String
  /// `ok` or `error`.
  public var status: String
  /// The process's exit status (0 on success; see ``CatalogueError/Category``).
  public var exitCode: Int32
  public var objects: Input
  public var contaminants: [Input]
  /// The radius in degrees (`--maxsep`), if one was given.
  public var maxsepDeg: Double?
  public var radiusColumn: String?
  /// The radius expression, and its unit, if the radii came from one.
  public var radiusExpression: String?
  public var removed: Int?
  public var kept: Int?
  /// With a flag column, the rows flagged.
  public var flagged: Int?
  /// With an epoch: `{"object_epoch", "moved", "without_motion"}`.
  public var epoch: EpochSummary?
  /// With a mask file: `{"path", "sha256"}`.
  public var mask: MaskFileSummary?
  /// With a mask column or a mask file: `[{"bit", "removed", "flagged"}]`, per bit used.
  public var bits: [MaskBitSummary]?
  /// With `--area`: `{"deg2", "lower_deg2", "upper_deg2", "sky_fraction", "tolerance",
  /// "layers"}` (``AreaReport``).
  public var area: AreaReport?
  /// With `--moc`: `{"path", "order", "cells", "deg2"}`.
  public var moc: MOCSummary?
  /// With `--fraction-map`: `{"path", "nside", "ordering", "largest_gap"}`.
  public var fractionMap: FractionMapSummary?
  /// With `--footprint`: `{"path", "deg2", "outside", "unmasked_deg2", "unmasked_lower_deg2",
  /// "unmasked_upper_deg2"}` (the unmasked ones with `--area`).
  public var footprint: FootprintSummary?
  /// The files written, by role (`cleaned`).
  public var outputs: [String: String]
  public var seconds: Seconds?
  /// The one-line error, on failure.
  public var error: String?

  /// The report of a run that succeeded.
  public init(request: CleaningRequest, summary: CleaningSummary) {
    self.init(request: request, status: "ok", exitCode: 0, error: nil)
    objects.rows = summary.objectsRead
    objects.columns = [summary.objectCoordinates.first, summary.objectCoordinates.second]
    objects.frame = summary.objectCoordinates.frame.rawValue
    objects.invalid = summary.invalidObjects
    contaminants = summary.contaminants.map {
      Input(
        path: $0.path, rows: $0.rows, columns: [$0.coordinates.first, $0.coordinates.second],
        frame: $0.coordinates.frame.rawValue, invalid: $0.invalid, radiusColumn: $0.radiusColumn,
        removed: $0.removed, flagged: $0.flagged)
    }
    mask = summary.maskFile
    bits = summary.bits.isEmpty ? nil : summary.bits
    area = summary.area.map { AreaReport($0, tolerance: request.areaTolerance ?? 0) }
    moc = summary.moc
    fractionMap = summary.fractionMap
    footprint = summary.footprint
    removed = summary.removed
    kept = summary.kept
    outputs = ["cleaned": summary.outputPath]
    if let moc = summary.moc { outputs["moc"] = moc.path }
    if let map = summary.fractionMap { outputs["fraction_map"] = map.path }
    if let rejected = summary.rejectedPath { outputs["rejected"] = rejected }
    flagged = summary.flagged
    epoch = summary.epoch
    let micro = { (value: Double) in (value * 1e6).rounded() / 1e6 }
    seconds = Seconds(
      read: micro(summary.readSeconds), cut: micro(summary.cutSeconds),
      write: micro(summary.writeSeconds), total: micro(summary.totalSeconds))
  }

  /// The report of a run that failed with `error`.
  public init(request: CleaningRequest, error: CatalogueError) {
    self.init(
      request: request, status: "error", exitCode: error.category.rawValue,
      error: error.description)
  }

  private init(request: CleaningRequest, status: String, exitCode: Int32, error: String?) {
    skycutVersion = SkyCutVersion.current
    self.status = status
    self.exitCode = exitCode
    objects = Input(path: request.objectsPath)
    contaminants = request.contaminantPaths.map {
      Input(path: $0, radiusColumn: request.contaminantOptions.radiusColumn)
    }
    maxsepDeg = request.radius?.degrees
    radiusColumn = request.contaminantOptions.radiusColumn
    radiusExpression = request.contaminantOptions.radiusExpression.map {
      "\($0.text) [\(request.contaminantOptions.radiusUnit.rawValue)]"
    }
    mask = request.mask?.source.map { MaskFileSummary(path: $0.path, sha256: $0.sha256) }
    outputs = [:]
    self.error = error
  }

  /// The report as one line of JSON (keys in snake case, sorted; absent values as `null`).
  public var json: String {
    let encoder = JSONEncoder()
    encoder.keyEncodingStrategy = .convertToSnakeCase
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    guard let data = try? encoder.encode(NullPreserving(self)) else { return "{}" }
    return String(decoding: data, as: UTF8.self)
  }
}

/// Encodes a report with `null` for every absent optional, so that a pipeline finds every
/// field name in every report.
private struct NullPreserving: Encodable {
  let report: CleaningReport
  init(_ report: CleaningReport) { self.report = report }

  enum Keys: String, CodingKey {
    case skycutVersion, status, exitCode, objects, contaminants, maxsepDeg, radiusColumn,
      radiusExpression, epoch, mask, bits, area, moc, fractionMap, footprint, removed, kept,
      flagged, outputs,
      seconds,
      error
  }
  enum InputKeys: String, CodingKey {
    case path, rows, columns, frame, invalid, radiusColumn, removed, flagged
  }

  func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: Keys.self)
    try container.encode(report.skycutVersion, forKey: .skycutVersion)
    try container.encode(report.status, forKey: .status)
    try container.encode(report.exitCode, forKey: .exitCode)
    try Self.encode(
      report.objects, in: container.nestedContainer(keyedBy: InputKeys.self, forKey: .objects),
      contaminant: false)
    var list = container.nestedUnkeyedContainer(forKey: .contaminants)
    for input in report.contaminants {
      try Self.encode(input, in: list.nestedContainer(keyedBy: InputKeys.self), contaminant: true)
    }
    try container.encode(report.maxsepDeg, forKey: .maxsepDeg)
    try container.encode(report.radiusColumn, forKey: .radiusColumn)
    try container.encode(report.radiusExpression, forKey: .radiusExpression)
    try container.encode(report.epoch, forKey: .epoch)
    try container.encode(report.mask, forKey: .mask)
    try container.encode(report.bits, forKey: .bits)
    try container.encode(report.area, forKey: .area)
    try container.encode(report.moc, forKey: .moc)
    try container.encode(report.fractionMap, forKey: .fractionMap)
    try container.encode(report.footprint, forKey: .footprint)
    try container.encode(report.removed, forKey: .removed)
    try container.encode(report.kept, forKey: .kept)
    try container.encode(report.flagged, forKey: .flagged)
    try container.encode(report.outputs, forKey: .outputs)
    try container.encode(report.seconds, forKey: .seconds)
    try container.encode(report.error, forKey: .error)
  }

  private static func encode(
    _ input: CleaningReport.Input, in container: KeyedEncodingContainer<InputKeys>,
    contaminant: Bool
  ) throws {
    var container = container
    try container.encode(input.path, forKey: .path)
    try container.encode(input.rows, forKey: .rows)
    try container.encode(input.columns, forKey: .columns)
    try container.encode(input.frame, forKey: .frame)
    try container.encode(input.invalid, forKey: .invalid)
    if contaminant {
      try container.encode(input.radiusColumn, forKey: .radiusColumn)
      try container.encode(input.removed, forKey: .removed)
      try container.encode(input.flagged, forKey: .flagged)
    }
  }
}
