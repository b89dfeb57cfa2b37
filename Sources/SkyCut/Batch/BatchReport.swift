import Foundation

/// The account of a batch: a line per file as it goes, a total line, and with
/// `--summary json` one JSON object:
///
/// ```json
/// {"status": "ok", "exit_code": 0, "files": [{"objects": "a.fits", "status": "cleaned",
///   "output": "clean/a_clean.fits", "rejected": null, "rows": 5000, "removed": 159,
///   "kept": 4841, "error": null}, …],
///  "total": {"files": 8, "cleaned": 7, "skipped": 1, "failed": 0, "rows": 35000,
///            "removed": 1113, "kept": 33887},
///  "area": null, "moc": null, "fraction_map": null, "footprint": null, "error": null}
/// ```
///
/// `area`, `moc`, `fraction_map` and `footprint` are the mask's (`--area`, `--moc`,
/// `--fraction-map`, `--footprint`), measured once for every file, as `skycut area` gives
/// them.
public struct BatchReport: Sendable {
  public let files: [File]
  public let total: Total
  /// An error that stopped the whole batch (a bad option, the contaminants).
  public let error: String?
  public let exitCode: Int32
  /// The mask's area, MOC, map and footprint, when asked for.
  public let mask: MaskMeasurementReport?

  public struct File: Codable, Sendable, Hashable {
    public var objects: String
    public var status: String
    public var output: String
    public var rejected: String?
    public var rows: Int?
    public var removed: Int?
    public var kept: Int?
    public var error: String?

    public func encode(to encoder: any Encoder) throws {
      // Every key, absent values as null, as in the cut's JSON summary.
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(objects, forKey: .objects)
      try container.encode(status, forKey: .status)
      try container.encode(output, forKey: .output)
      try container.encode(rejected, forKey: .rejected)
      try container.encode(rows, forKey: .rows)
      try container.encode(removed, forKey: .removed)
      try container.encode(kept, forKey: .kept)
      try container.encode(error, forKey: .error)
    }
  }

  public struct Total: Codable, Sendable, Hashable {
    public var files = 0
    public var cleaned = 0
    public var skipped = 0
    public var failed = 0
    /// Over the files cleaned in this run.
    public var rows = 0
    public var removed = 0
    public var kept = 0
  }

  public init(
    request: BatchRequest, results: [BatchCleaner.FileResult], mask: MaskMeasurement? = nil,
    error: CatalogueError?
  ) {
    self.mask = mask.map { MaskMeasurementReport($0, tolerance: request.cut.areaTolerance) }
    files = results.map { result in
      File(
        objects: result.objectsPath, status: result.status.rawValue, output: result.outputPath,
        rejected: result.rejectedPath, rows: result.summary?.objectsRead,
        removed: result.summary?.removed, kept: result.summary?.kept,
        error: result.error?.description)
    }
    var total = Total(files: request.files.count)
    for result in results {
      switch result.status {
      case .cleaned: total.cleaned += 1
      case .skipped: total.skipped += 1
      case .failed: total.failed += 1
      }
      total.rows += result.summary?.objectsRead ?? 0
      total.removed += result.summary?.removed ?? 0
      total.kept += result.summary?.kept ?? 0
    }
    self.total = total
    self.error = error?.description
    exitCode =
      error?.category.rawValue ?? results.first { $0.status == .failed }?.error?.category.rawValue
      ?? 0
  }

  /// The line for one file, as it is done.
  public static func line(_ result: BatchCleaner.FileResult) -> String? {
    switch result.status {
    case .cleaned:
      guard let summary = result.summary else { return nil }
      return "skycut: \(result.objectsPath): read \(summary.objectsRead), removed "
        + "\(summary.removed), kept \(summary.kept); wrote \(result.outputPath)"
    case .skipped:
      return "skycut: \(result.objectsPath): \(result.outputPath) is up to date"
    case .failed:
      return "skycut: error: \(result.error?.description ?? result.objectsPath)"
    }
  }

  /// The line at the end.
  public var totalLine: String {
    var parts = ["\(total.cleaned) cleaned"]
    if total.skipped > 0 { parts.append("\(total.skipped) up to date") }
    if total.failed > 0 { parts.append("\(total.failed) failed") }
    let notRun = total.files - total.cleaned - total.skipped - total.failed
    if notRun > 0 { parts.append("\(notRun) not run") }
    return "skycut: \(total.files) files: " + parts.joined(separator: ", ")
      + "; removed \(total.removed) of \(total.rows) rows"
  }

  /// One line of JSON (keys in snake case, sorted; absent values as `null`).
  public var json: String {
    struct Document: Encodable {
      let status: String
      let exitCode: Int32
      let files: [File]
      let total: Total
      let mask: MaskMeasurementReport?
      let error: String?
      enum Keys: String, CodingKey {
        case status
        case exitCode = "exit_code"
        case files, total, area, moc
        case fractionMap = "fraction_map"
        case footprint, error
      }
      func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(status, forKey: .status)
        try container.encode(exitCode, forKey: .exitCode)
        try container.encode(files, forKey: .files)
        try container.encode(total, forKey: .total)
        try container.encode(mask?.area, forKey: .area)
        try container.encode(mask?.moc, forKey: .moc)
        try container.encode(mask?.fractionMap, forKey: .fractionMap)
        try container.encode(mask?.footprint, forKey: .footprint)
        try container.encode(error, forKey: .error)
      }
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    encoder.keyEncodingStrategy = .convertToSnakeCase
    let document = Document(
      status: exitCode == 0 ? "ok" : "error", exitCode: exitCode, files: files, total: total,
      mask: mask, error: error)
    guard let data = try? encoder.encode(document) else { return "{}" }
    return String(decoding: data, as: UTF8.self)
  }
}
