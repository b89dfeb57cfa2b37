import CWriteback
import Foundation

/// A buffered writer of bytes to a new file, reporting failures (a full disk, an I/O error)
/// as ``CatalogueError/writeFailed(path:reason:)`` naming the user's output path.
final class ByteSink {
  private var file: UnsafeMutablePointer<FILE>?
  private var buffer: [UInt8] = []
  private let reportedPath: String
  private static let capacity = 1 << 20
  /// Whether this is standard output (a copy of its descriptor; not synced, as a pipe
  /// cannot be).
  private let isStandardOutput: Bool
  /// Bytes handed to the file so far, and how many of them it was asked to start writing to
  /// its device.
  private var written = 0
  private var started = 0
  /// A file's writeback is started each time this many more bytes are written, so that the
  /// `fsync` at ``close()`` waits for the last of them only: it waited for all of a CSV's
  /// (37 ms of a 0.3 s copy of 165 MB to disk).
  private static let writebackBytes = 8 << 20

  /// Creates `path`, which must not exist; errors name `reportedPath`.
  init(creating path: String, reportedPath: String) throws {
    self.reportedPath = reportedPath
    isStandardOutput = false
    // "x": fail if the file exists (C11), so a temporary name is never shared.
    guard let file = fopen(path, "wbx") else {
      throw CatalogueError.cannotCreateOutput(
        path: reportedPath, reason: String(cString: strerror(errno)))
    }
    self.file = file
    buffer.reserveCapacity(Self.capacity)
  }

  /// Writes to standard output; errors name `<stdout>`.
  /// - Throws: ``CatalogueError/writeFailed(path:reason:)`` when standard output is closed.
  init(standardOutput: Void) throws {
    reportedPath = "<stdout>"
    isStandardOutput = true
    let descriptor = dup(STDOUT_FILENO)
    guard descriptor >= 0, let file = fdopen(descriptor, "wb") else {
      let reason = String(cString: strerror(errno))
      if descriptor >= 0 { Glibc.close(descriptor) }
      throw CatalogueError.writeFailed(path: reportedPath, reason: reason)
    }
    self.file = file
    buffer.reserveCapacity(Self.capacity)
  }

  deinit {
    if let file { fclose(file) }
  }

  /// A sink for the output `path`: its temporary file (returned too, to rename into place
  /// when the run succeeds), or standard output for `-`.
  static func open(_ path: String, overwrite: Bool) throws -> (ByteSink, OutputFile?) {
    if path == Catalogue.standardStream { return (try ByteSink(standardOutput: ()), nil) }
    let output = try OutputFile(path: path, overwrite: overwrite)
    do {
      return (try ByteSink(creating: output.temporaryPath, reportedPath: path), output)
    } catch {
      output.discard()
      throw error
    }
  }

  func write<Bytes: Sequence>(_ bytes: Bytes) throws where Bytes.Element == UInt8 {
    buffer.append(contentsOf: bytes)
    if buffer.count >= Self.capacity { try flush() }
  }

  /// Writes `bytes` as ``write(_:)-(UnsafeBufferPointer<UInt8>)`` does.
  func write(_ bytes: [UInt8]) throws {
    try bytes.withUnsafeBufferPointer { try write($0) }
  }

  /// Writes `bytes`; a run of 64 KiB or more (a text copy's run of kept records) goes to the
  /// file from where it is, after what is buffered, rather than being copied through the
  /// buffer.
  func write(_ bytes: UnsafeBufferPointer<UInt8>) throws {
    guard bytes.count >= 1 << 16 else { return try write(bytes[...]) }
    try flush()
    try put(UnsafeRawBufferPointer(bytes))
  }

  func write(_ string: String) throws {
    try write(string.utf8)
  }

  private func flush() throws {
    guard !buffer.isEmpty else { return }
    try buffer.withUnsafeBytes { try put($0) }
    buffer.removeAll(keepingCapacity: true)
  }

  private func put(_ bytes: UnsafeRawBufferPointer) throws {
    guard let file, let base = bytes.baseAddress else { return }
    if fwrite(base, 1, bytes.count, file) != bytes.count {
      throw CatalogueError.writeFailed(path: reportedPath, reason: String(cString: strerror(errno)))
    }
    written += bytes.count
    if !isStandardOutput && written - started >= Self.writebackBytes {
      // A hint (what `stdio` still buffers is left for later): its failure changes nothing.
      _ = skycut_start_writeback(fileno(file), Int64(started), Int64(written - started))
      started = written
    }
  }

  /// Flushes and closes, reporting any error the operating system reports at close.
  func close() throws {
    try flush()
    guard let file else { return }
    self.file = nil
    if fflush(file) != 0 || (!isStandardOutput && fsync(fileno(file)) != 0) {
      let reason = String(cString: strerror(errno))
      fclose(file)
      throw CatalogueError.writeFailed(path: reportedPath, reason: reason)
    }
    if fclose(file) != 0 {
      throw CatalogueError.writeFailed(path: reportedPath, reason: String(cString: strerror(errno)))
    }
  }
}
