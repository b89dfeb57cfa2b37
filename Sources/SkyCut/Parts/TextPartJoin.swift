import Foundation

/// Joins text parts: the first part whole, then each other part without its header (which
/// must be the first part's, byte for byte).
enum TextPartJoin {
  /// Writes the joined file at `temporary`; returns its data rows.
  static func join(_ parts: [String], into temporary: String, output: String) throws -> Int {
    let header = try TextRowSource(
      path: parts[0], format: try CatalogueFormat.inferred(fromPath: parts[0])
    ).headerBytes
    let sink = try ByteSink(creating: temporary, reportedPath: output)
    do {
      for (number, path) in parts.enumerated() {
        guard let handle = FileHandle(forReadingAtPath: path) else {
          throw CatalogueError.unreadableFile(SourceLocation(path: path), reason: "cannot open")
        }
        defer { try? handle.close() }
        var skip = number == 0 ? 0 : header.count
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
          var bytes = [UInt8](chunk)
          if skip > 0 {
            let taken = min(skip, bytes.count)
            let offset = header.count - skip
            guard Array(bytes[..<taken]) == Array(header[offset..<(offset + taken)]) else {
              throw CatalogueError.invalidArgument(
                "\(path): its header differs from \(parts[0])'s")
            }
            bytes.removeFirst(taken)
            skip -= taken
          }
          try sink.write(bytes)
        }
      }
      try sink.close()
    } catch {
      try? sink.close()
      throw error
    }
    return try TextRowSource(
      path: temporary, format: try CatalogueFormat.inferred(fromPath: parts[0]),
      displayPath: output
    ).countRecords()
  }
}
