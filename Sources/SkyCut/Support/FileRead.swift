import Foundation

/// Reading files and pipes with plain POSIX calls, with errors that name the file.
enum FileRead {
  /// Appends up to `limit` bytes read from `descriptor` to `bytes`; returns how many were
  /// read (0 at the end of the file).
  static func append(_ descriptor: Int32, to bytes: inout [UInt8], upTo limit: Int, path: String)
    throws -> Int
  {
    let start = bytes.count
    bytes.append(contentsOf: repeatElement(0, count: limit))
    while true {
      let got = bytes.withUnsafeMutableBytes { buffer in
        Foundation.read(descriptor, buffer.baseAddress.map { $0 + start }, limit)
      }
      if got < 0 && errno == EINTR { continue }
      guard got >= 0 else {
        bytes.removeSubrange(start...)
        throw failure(path)
      }
      bytes.removeSubrange((start + got)...)
      return got
    }
  }

  /// The error for a failed `open` or `read`, from `errno`.
  static func failure(_ path: String) -> CatalogueError {
    let reason = String(cString: strerror(errno)).lowercased()
    if errno == ENOENT { return .fileNotFound(path: path) }
    return .unreadableFile(SourceLocation(path: path), reason: reason)
  }
}
