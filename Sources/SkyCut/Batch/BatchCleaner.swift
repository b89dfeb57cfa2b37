import Foundation

/// Runs a ``BatchRequest``: reads and indexes the contaminants once, then cleans each object
/// file in turn, skipping those whose outputs are complete and current.
public enum BatchCleaner {
  /// What became of one file.
  public struct FileResult: Sendable {
    public enum Status: String, Sendable {
      /// Cleaned in this run.
      case cleaned
      /// Its outputs were complete and made from the same inputs and options.
      case skipped
      case failed
    }

    public var objectsPath: String
    public var status: Status
    public var outputPath: String
    public var rejectedPath: String?
    /// The run's summary, when cleaned.
    public var summary: CleaningSummary?
    /// Why it failed.
    public var error: CatalogueError?
  }

  /// Cleans the files; `report` is called after each.
  /// - Returns: one result per file, in order (without `keepGoing`, the files after a failure
  ///   are not in it).
  /// - Throws: ``CatalogueError`` for what fails every file: a bad option, the contaminants,
  ///   an output directory that is missing.
  public static func clean(
    _ request: BatchRequest, report: (FileResult) -> Void = { _ in }
  ) throws -> [FileResult] {
    try clean(request, measured: { _ in }, report: report)
  }

  /// As ``clean(_:report:)``; `measured` is called with the mask's area, MOC and map (what
  /// `request.cut` asks of them), measured once before the files.
  public static func clean(
    _ request: BatchRequest, measured: (MaskMeasurement) -> Void,
    report: (FileResult) -> Void = { _ in }
  ) throws -> [FileResult] {
    try CatalogueError.wrapping {
      try check(request)
      let start = Date()
      let contaminants = try ContaminantSet(request.cut)
      if let measurement = try measure(request.cut, contaminants, since: start) {
        measured(measurement)
      }
      var results: [FileResult] = []
      for path in request.files {
        let result = clean(path, request, contaminants)
        results.append(result)
        report(result)
        if result.status == .failed && !request.keepGoing { break }
      }
      return results
    }
  }

  /// The mask's area, MOC and map, if `cut` asks for any.
  private static func measure(_ cut: CleaningRequest, _ set: ContaminantSet, since start: Date)
    throws -> MaskMeasurement?
  {
    guard cut.areaTolerance != nil || cut.moc != nil || cut.fractionMap != nil else {
      return nil
    }
    let footprint = try cut.footprintPath.map(Footprint.init(contentsOf:))
    try cut.fractionMap?.check(footprint: footprint)
    return try MaskMeasurement.measure(
      set, tolerance: cut.areaTolerance, moc: cut.moc, fractionMap: cut.fractionMap,
      footprint: footprint, overwrite: cut.overwrite, runner: cut.runner, since: start)
  }

  private static func clean(_ path: String, _ batch: BatchRequest, _ set: ContaminantSet)
    -> FileResult
  {
    let request = batch.request(for: path)
    let outputPath = request.resolvedOutputPath
    var result = FileResult(
      objectsPath: path, status: .cleaned, outputPath: outputPath,
      rejectedPath: request.rejectedPath)
    if !batch.cut.overwrite && isCurrent(request) {
      result.status = .skipped
      return result
    }
    do {
      try CatalogueError.wrapping {
        let checked = try request.checked()
        result.summary = try CatalogueCleaner.clean(
          request, outputPath: checked, contaminants: set, clock: PhaseClock())
      }
    } catch {
      result.status = .failed
      result.error = error as? CatalogueError ?? .writeFailed(path: outputPath, reason: "\(error)")
    }
    return result
  }

  /// Whether every output of `request` is there, complete, and made by this version from the
  /// same inputs and options (its ``OutputRecord`` says so, and the file is the one recorded).
  static func isCurrent(_ request: CleaningRequest) -> Bool {
    let outputs = [request.resolvedOutputPath] + (request.rejectedPath.map { [$0] } ?? [])
    guard let objects = try? OutputRecord.FileIdentity(path: request.objectsPath),
      let contaminants = try? request.contaminantPaths.map(OutputRecord.FileIdentity.init(path:))
    else { return false }
    return outputs.allSatisfy { output in
      guard let record = try? OutputRecord.read(for: output),
        record.skycutVersion == SkyCutVersion.current, record.parts == 1,
        record.objects == objects, record.contaminants == contaminants,
        record.options == request.partOptions,
        let (crc, size) = try? Gzip.crc32(ofFile: output)
      else { return false }
      return size == record.outputBytes && crc == record.outputCRC32
    }
  }

  /// Refuses what would fail every file.
  private static func check(_ request: BatchRequest) throws {
    if request.objectsPaths.isEmpty {
      throw CatalogueError.invalidArgument("give at least one objects file")
    }
    for directory in [request.outputDirectory] + (request.rejectedDirectory.map { [$0] } ?? []) {
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory),
        isDirectory.boolValue
      else {
        throw CatalogueError.cannotCreateOutput(path: directory, reason: "no such directory")
      }
    }
    var seen: [String: String] = [:]
    for path in request.objectsPaths {
      let output = request.request(for: path).resolvedOutputPath
      if let other = seen[output] {
        throw CatalogueError.invalidArgument(
          "\(other) and \(path) would both be written to \(output)")
      }
      seen[output] = path
    }
    if request.objectsPaths.contains(Catalogue.standardStream) {
      throw CatalogueError.invalidArgument("a batch reads files, not standard input")
    }
    // The options (each file's inputs and outputs are checked when it runs; its request is
    // this one with those set), and the mask's own outputs, before any file.
    try request.cut.checkOptions()
    try MaskArea.checkOutputs(
      moc: request.cut.moc, fractionMap: request.cut.fractionMap,
      besides: request.objectsPaths.flatMap { path in
        let file = request.request(for: path)
        return [file.resolvedOutputPath] + (file.rejectedPath.map { [$0] } ?? [])
      },
      inputs: request.cut.contaminantPaths + request.objectsPaths,
      overwrite: request.cut.overwrite)
  }
}
