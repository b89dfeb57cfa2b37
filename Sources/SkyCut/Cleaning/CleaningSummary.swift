/// What a cleaning run did.
public struct CleaningSummary: Sendable, Hashable {
  /// Rows read from the objects catalogue.
  public var objectsRead: Int
  /// Rows read from the contaminants catalogue.
  public var contaminantsRead: Int
  /// Objects removed.
  public var removed: Int
  /// Objects kept (written).
  public var kept: Int
  /// The cleaned catalogue's path.
  public var outputPath: String
  /// The coordinate columns used for the objects and the contaminants.
  public var objectCoordinates: CoordinateColumns
  public var contaminantCoordinates: CoordinateColumns
  /// Seconds spent reading, cutting and writing.
  public var readSeconds: Double
  public var cutSeconds: Double
  public var writeSeconds: Double

  /// Seconds from start to end.
  public var totalSeconds: Double { readSeconds + cutSeconds + writeSeconds }

  /// The one-line summary the command line prints.
  public var line: String {
    "skycut: read \(objectsRead) objects and \(contaminantsRead) contaminants; "
      + "removed \(removed), kept \(kept); wrote \(outputPath) in "
      + String(format3(totalSeconds)) + " s"
  }

  /// The seconds per phase, as `key=value` pairs (`compute_s` is the cut alone).
  public var timingLine: String {
    "skycut: read_s=\(format3(readSeconds)) cut_s=\(format3(cutSeconds)) "
      + "write_s=\(format3(writeSeconds)) compute_s=\(format3(cutSeconds))"
  }

  private func format3(_ value: Double) -> String {
    let milliseconds = Int((value * 1000).rounded())
    let fraction = String(milliseconds % 1000)
    return "\(milliseconds / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
  }
}
