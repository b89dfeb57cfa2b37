import Foundation

/// The errors of reading files and pipes with plain POSIX calls, naming the file.
enum FileRead {
  /// The error for a failed `open` or `read`, from `errno`.
  static func failure(_ path: String) -> CatalogueError {
    let reason = String(cString: strerror(errno)).lowercased()
    if errno == ENOENT { return .fileNotFound(path: path) }
    return .unreadableFile(SourceLocation(path: path), reason: reason)
  }
}
