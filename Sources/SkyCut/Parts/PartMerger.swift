import Foundation

/// Joins the outputs of the parts of one job array (``CataloguePart``) into the file a single
/// run with the same options would have written, byte for byte: FITS tables row after row
/// with the counts of the whole (`NAXIS2`, `SCNREAD`, `SCNREMOV`) and a fresh `CHECKSUM`;
/// text with one header line.
///
/// Before writing anything it checks, from each part's ``OutputRecord``, that the parts come
/// from the same inputs and options, that each slice is there exactly once, and that each part
/// file is the one its record describes (size and CRC-32).
public enum PartMerger {
  /// What a merge wrote.
  public struct Summary: Sendable, Hashable {
    public var outputPath: String
    public var parts: Int
    /// The rows written, and the rows the parts removed together.
    public var rows: Int
    public var removed: Int
  }

  /// Merges `parts` (in any order) into `output`.
  /// - Throws: ``CatalogueError``: a usage error for parts that do not belong together or
  ///   miss or repeat a slice, a data error for a damaged part; nothing is written then.
  public static func merge(parts: [String], to output: String, overwrite: Bool = false) throws
    -> Summary
  {
    try CatalogueError.wrapping {
      let ordered = try checkedParts(parts)
      try OutputFile.checkCreatable(path: output, overwrite: overwrite)
      try SameFileCheck.refuse(output: output, inputs: ordered.map(\.path))
      let format = try CatalogueFormat.inferred(fromPath: ordered[0].path)
      let file = try OutputFile(path: output, overwrite: overwrite)
      var rows = 0
      do {
        rows =
          format.isFITS
          ? try FITSPartJoin.join(
            ordered.map(\.path), into: file.temporaryPath, displayPath: output)
          : try TextPartJoin.join(ordered.map(\.path), into: file.temporaryPath, output: output)
      } catch {
        file.discard()
        throw error
      }
      try file.commitOrDiscard()
      return Summary(
        outputPath: output, parts: ordered.count, rows: rows,
        removed: ordered.reduce(0) { $0 + $1.record.rowsRemoved })
    }
  }

  /// The parts with their records, in part order, once every check has passed.
  static func checkedParts(_ paths: [String]) throws -> [(path: String, record: OutputRecord)] {
    guard !paths.isEmpty else { throw CatalogueError.invalidArgument("give the parts to merge") }
    var parts: [(path: String, record: OutputRecord)] = []
    for path in paths {
      guard FileManager.default.fileExists(atPath: path) else {
        throw CatalogueError.fileNotFound(path: path)
      }
      parts.append((path, try OutputRecord.read(for: path)))
    }
    let first = parts[0]
    for part in parts.dropFirst() {
      if let difference = difference(first.record, part.record) {
        throw CatalogueError.invalidArgument(
          "\(part.path) is not a part of the same run as \(first.path): \(difference)")
      }
      if (part.path as NSString).pathExtension.lowercased()
        != (first.path as NSString).pathExtension.lowercased()
      {
        throw CatalogueError.invalidArgument(
          "\(part.path) and \(first.path) are in different formats")
      }
    }
    let count = first.record.parts
    var byIndex: [Int: String] = [:]
    for part in parts {
      if let other = byIndex[part.record.part] {
        throw CatalogueError.invalidArgument(
          "part \(part.record.part)/\(count) is given twice: \(other) and \(part.path)")
      }
      byIndex[part.record.part] = part.path
      let expected = try CataloguePart(index: part.record.part, count: count)
        .rows(of: first.record.totalRows)
      guard part.record.firstRow == expected.lowerBound && part.record.endRow == expected.upperBound
      else {
        throw CatalogueError.invalidArgument(
          "\(part.path): rows \(part.record.firstRow)..<\(part.record.endRow) are not part "
            + "\(part.record.part)/\(count) of \(first.record.totalRows) rows")
      }
    }
    let missing = (0..<count).filter { byIndex[$0] == nil }
    if !missing.isEmpty {
      throw CatalogueError.invalidArgument(
        "part\(missing.count > 1 ? "s" : "") "
          + missing.map { "\($0)/\(count)" }.joined(separator: ", ") + " missing")
    }
    for part in parts {
      let (crc, size) = try Gzip.crc32(ofFile: part.path)
      if size != part.record.outputBytes || crc != part.record.outputCRC32 {
        throw CatalogueError.malformedFile(
          SourceLocation(path: part.path),
          reason: "not the file its part record describes (\(size) bytes, CRC-32 "
            + "\(String(crc, radix: 16)); recorded \(part.record.outputBytes) bytes, "
            + "\(String(part.record.outputCRC32, radix: 16))): damaged or changed")
      }
    }
    return parts.sorted { $0.record.part < $1.record.part }
  }

  /// How two part records differ in what must be shared, or `nil`.
  static func difference(_ a: OutputRecord, _ b: OutputRecord) -> String? {
    if a.skycutVersion != b.skycutVersion {
      return "SkyCut \(a.skycutVersion) against \(b.skycutVersion)"
    }
    if a.role != b.role { return "a \(a.role) output against a \(b.role) one" }
    if a.parts != b.parts { return "\(a.parts) parts against \(b.parts)" }
    if a.objects != b.objects || a.totalRows != b.totalRows {
      return "other objects (\(a.objects.path), \(a.objects.size) bytes, modified "
        + "\(a.objects.modified) against \(b.objects.path), \(b.objects.size) bytes, modified "
        + "\(b.objects.modified))"
    }
    if a.contaminants != b.contaminants { return "other contaminants" }
    if a.options != b.options { return "other options (\(a.options) against \(b.options))" }
    return nil
  }
}
