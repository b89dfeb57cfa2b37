import Foundation

/// Many object files cleaned against the same contaminants (`skycut batch`): the contaminants
/// are read and indexed once, the files cleaned in turn, each into `DIRECTORY/<stem>_clean.<ext>`.
public struct BatchRequest: Sendable {
  /// The object files.
  public var objectsPaths: [String]
  /// Where the cleaned files go.
  public var outputDirectory: String
  /// Where the removed (or flagged) rows go, as `<stem>_rejected.<ext>`, if anywhere.
  public var rejectedDirectory: String?
  /// The outputs' format; `nil`: each input's own.
  public var outputFormat: OutputFormat?
  /// Go on with the other files when one fails (the run still fails at the end).
  public var keepGoing = false
  /// Clean only this share of the files (their divmod slice in the order given), for a job
  /// array.
  public var part: CataloguePart?
  /// Everything else, as for one file: contaminants, radius, reading options, added columns,
  /// `overwrite` (redo every output, current or not), threads, footprint. Its objects, output
  /// and rejected paths are set per file. Its area, MOC and unmasked-fraction map are of the
  /// mask, the same for every file: measured and written once, before the files
  /// (``BatchCleaner/clean(_:measured:report:)``).
  public var cut: CleaningRequest

  /// The formats `--output-format` can ask for.
  public enum OutputFormat: String, Sendable, CaseIterable {
    case fits, csv
  }

  public init(
    objectsPaths: [String], outputDirectory: String, cut: CleaningRequest
  ) {
    self.objectsPaths = objectsPaths
    self.outputDirectory = outputDirectory
    self.cut = cut
  }

  /// The files this request (or its part) cleans.
  public var files: [String] {
    guard let part else { return objectsPaths }
    return Array(objectsPaths[part.rows(of: objectsPaths.count)])
  }

  /// Where `objectsPath`'s cleaned (or, with `suffix: "rejected"`, removed) rows go.
  public func outputPath(for objectsPath: String, in directory: String, suffix: String = "clean")
    -> String
  {
    var name = CleaningRequest.defaultOutputPath(for: objectsPath)
    if suffix != "clean", let range = name.range(of: "_clean", options: .backwards) {
      name.replaceSubrange(range, with: "_\(suffix)")
    }
    if let outputFormat {
      let stem = name.split(separator: ".", maxSplits: 1).first.map(String.init) ?? name
      name = stem + "." + outputFormat.rawValue
    }
    return (directory as NSString).appendingPathComponent(name)
  }

  /// The request for one file.
  func request(for objectsPath: String) -> CleaningRequest {
    var request = cut
    request.objectsPath = objectsPath
    request.outputPath = outputPath(for: objectsPath, in: outputDirectory)
    request.rejectedPath = rejectedDirectory.map {
      outputPath(for: objectsPath, in: $0, suffix: "rejected")
    }
    request.part = nil
    // The mask's area, MOC and map are the batch's, measured once (``BatchCleaner``).
    request.areaTolerance = nil
    request.moc = nil
    request.fractionMap = nil
    request.recordsOutputs = true
    request.overwrite = true  // a stale or partial output is redone; current ones are skipped
    return request
  }
}
