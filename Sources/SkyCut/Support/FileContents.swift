import Foundation

/// Reads a whole file, or a pipe, into memory with plain POSIX calls.
enum FileContents {
  /// The bytes of the file at `path`.
  /// - Throws: ``CatalogueError/unreadableFile(_:reason:)`` with the system's reason.
  static func read(path: String) throws -> [UInt8] {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { throw failure(path) }
    defer { close(descriptor) }
    return try read(descriptor: descriptor, displayPath: path)
  }

  /// Everything readable from an open descriptor (a file, or a pipe such as standard input),
  /// to its end.
  static func read(descriptor: Int32, displayPath: String) throws -> [UInt8] {
    var status = stat()
    let sizeHint = fstat(descriptor, &status) == 0 ? Int(status.st_size) : 0
    // One byte more than a regular file's size, so that its end is seen without growing.
    var bytes = [UInt8](repeating: 0, count: max(sizeHint + 1, 1 << 16))
    var count = 0
    while true {
      if count == bytes.count { bytes.append(contentsOf: repeatElement(0, count: bytes.count)) }
      let got = bytes.withUnsafeMutableBytes { buffer in
        Foundation.read(descriptor, buffer.baseAddress! + count, buffer.count - count)
      }
      if got < 0 && errno == EINTR { continue }
      guard got >= 0 else { throw failure(displayPath) }
      if got == 0 { break }
      count += got
    }
    bytes.removeSubrange(count...)
    return bytes
  }

  private static func failure(_ path: String) -> CatalogueError {
    let reason = String(cString: strerror(errno)).lowercased()
    if errno == ENOENT { return .fileNotFound(path: path) }
    return .unreadableFile(SourceLocation(path: path), reason: reason)
  }
}
