import Foundation

/// Joins FITS parts: the first part's file, with the other parts' rows appended to its table
/// (the HDU SkyCut wrote, marked `SKYCUT`) and the counts of the whole.
enum FITSPartJoin {
  /// Rows copied per read and write.
  static let blockBytes = 32 << 20

  /// Writes the joined file at `temporary`; returns its rows.
  static func join(_ parts: [String], into temporary: String, displayPath: String) throws -> Int {
    // The first part, plain (a `.gz` output is compressed again when committed).
    if FITSInput.isPlain(parts[0]) {
      do {
        try FileManager.default.copyItem(atPath: parts[0], toPath: temporary)
      } catch {
        throw CatalogueError.cannotCreateOutput(path: displayPath, reason: "\(error)")
      }
    } else {
      try Gzip.decompress(parts[0], to: temporary)
    }
    let output = try FITSFile.open(updatingAtPath: temporary, displayPath: displayPath)
    do {
      try moveToCutTable(output)
      var rows = try output.rowCount()
      let width = try output.rowWidth()
      var read = output.integerKeyword("SCNREAD") ?? 0
      var removed = output.integerKeyword("SCNREMOV") ?? 0
      for path in parts.dropFirst() {
        let part = try FITSFile.open(readingAtPath: path)
        defer { try? part.close() }
        try moveToCutTable(part)
        guard try part.rowWidth() == width else {
          throw CatalogueError.invalidArgument("\(path): rows of another width than \(parts[0])'s")
        }
        let count = try part.rowCount()
        try append(count, rowsOf: part, width: width, to: output, after: rows)
        rows += count
        read += part.integerKeyword("SCNREAD") ?? 0
        removed += part.integerKeyword("SCNREMOV") ?? 0
      }
      try output.recordCounts(rowsRead: read, rowsRemoved: removed)
      if output.hasKeyword("CHECKSUM") || output.hasKeyword("DATASUM") {
        try output.writeChecksum()
      }
      try output.close()
      return rows
    } catch {
      try? output.close()
      throw error
    }
  }

  /// Moves to the table SkyCut wrote (the HDU with a `SKYCUT` keyword); refuses one with
  /// variable-length arrays, whose heap offsets would need rewriting.
  private static func moveToCutTable(_ file: FITSFile) throws {
    for number in 1..<(try file.hduCount()) {
      _ = try file.moveToExtension(number)
      if file.hasKeyword("SKYCUT") {
        if (file.integerKeyword("PCOUNT") ?? 0) > 0 {
          throw CatalogueError.invalidArgument(
            "\(file.location()): a table with variable-length arrays cannot be merged yet; "
              + "run it in one piece")
        }
        return
      }
    }
    throw CatalogueError.malformedFile(file.location(), reason: "no table written by SkyCut")
  }

  /// Appends `count` rows of `part`'s current table after row `rows` of `output`'s.
  private static func append(
    _ count: Int, rowsOf part: FITSFile, width: Int, to output: FITSFile, after rows: Int
  ) throws {
    guard count > 0, width > 0 else { return }
    try output.insertRows(after: rows, count: count)
    let blockRows = max(1, blockBytes / width)
    let buffer = UnsafeMutableRawBufferPointer.allocate(
      byteCount: min(count, blockRows) * width, alignment: 16)
    defer { buffer.deallocate() }
    var done = 0
    while done < count {
      let n = min(blockRows, count - done)
      let slice = UnsafeMutableRawBufferPointer(rebasing: buffer[..<(n * width)])
      try part.readRowBytes(firstRow: done + 1, rowWidth: width, into: slice)
      try output.writeRowBytes(firstRow: rows + done + 1, from: UnsafeRawBufferPointer(slice))
      done += n
    }
  }
}
