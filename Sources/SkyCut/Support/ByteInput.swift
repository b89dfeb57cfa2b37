import Foundation

/// Where a text table's bytes come from: a file or a pipe, or a gzip stream
/// (``GzipInput``). Used by one thread at a time.
protocol ByteInput: AnyObject {
  /// Reads up to `count` bytes into `buffer`; returns how many (0 at the end).
  /// - Throws: ``CatalogueError`` naming the file.
  func read(into buffer: UnsafeMutableRawPointer, count: Int) throws -> Int
  /// How many bytes it holds in all, when known before reading them (a regular file).
  var totalBytes: Int? { get }
}

extension ByteInput {
  var totalBytes: Int? { nil }

  /// Appends up to `limit` bytes to `bytes`; returns how many (0 at the end).
  func append(to bytes: inout [UInt8], upTo limit: Int) throws -> Int {
    let start = bytes.count
    bytes.append(contentsOf: repeatElement(0, count: limit))
    do {
      let got = try bytes.withUnsafeMutableBytes { buffer in
        try read(into: buffer.baseAddress! + start, count: limit)
      }
      bytes.removeSubrange((start + got)...)
      return got
    } catch {
      bytes.removeSubrange(start...)
      throw error
    }
  }
}

/// A file or pipe read with POSIX `read`; closes the file when done (standard input stays
/// open).
final class DescriptorInput: ByteInput {
  private let descriptor: Int32
  private let path: String

  /// Opens `path`, or standard input for `descriptor` 0.
  init(path: String, displayPath: String, standardInput: Bool = false) throws {
    self.path = displayPath
    if standardInput {
      descriptor = 0
    } else {
      descriptor = open(path, O_RDONLY | O_CLOEXEC)
      guard descriptor >= 0 else { throw FileRead.failure(displayPath) }
    }
  }

  deinit {
    if descriptor > 0 { close(descriptor) }
  }

  var totalBytes: Int? {
    var status = stat()
    guard descriptor > 0, fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG
    else { return nil }
    return Int(status.st_size)
  }

  func read(into buffer: UnsafeMutableRawPointer, count: Int) throws -> Int {
    while true {
      let got = Foundation.read(descriptor, buffer, count)
      if got < 0 && errno == EINTR { continue }
      guard got >= 0 else { throw FileRead.failure(path) }
      return got
    }
  }
}
