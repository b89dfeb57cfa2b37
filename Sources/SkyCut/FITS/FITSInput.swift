import CCFITSIO
import Foundation

/// A FITS file as SkyCut reads it: plain files are read where they are; a gzip file is first
/// decompressed, with zlib, into a temporary plain file beside the system's other temporary
/// files, so that its table can be mapped and streamed in bounded memory like any other
/// (CFITSIO would decompress it into memory, which grows with the table). Files compressed
/// otherwise (`compress`, `zip`) are left to CFITSIO.
final class FITSInput {
  /// The path as the user gave it.
  let path: String
  /// The file to read: `path`, or the decompressed copy.
  let readablePath: String
  /// Whether `readablePath` holds the FITS bytes themselves (so that it can be mapped).
  let isPlain: Bool
  private let temporary: Bool

  init(path: String) throws {
    self.path = path
    switch Self.magic(path) {
    case .gzip:
      let target =
        FileManager.default.temporaryDirectory.path
        + "/skycut-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).fits"
      TemporaryFiles.register(target)
      do {
        try Gzip.decompress(path, to: target)
      } catch {
        unlink(target)
        TemporaryFiles.unregister(target)
        throw error
      }
      readablePath = target
      isPlain = true
      temporary = true
    case .plain:
      readablePath = path
      isPlain = true
      temporary = false
    case .other:
      readablePath = path
      isPlain = false
      temporary = false
    }
  }

  deinit {
    if temporary {
      unlink(readablePath)
      TemporaryFiles.unregister(readablePath)
    }
  }

  private enum Magic { case plain, gzip, other }

  private static func magic(_ path: String) -> Magic {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return .other }
    defer { close(descriptor) }
    var bytes = [UInt8](repeating: 0, count: 6)
    guard read(descriptor, &bytes, 6) == 6 else { return .other }
    if bytes[0] == 0x1F && bytes[1] == 0x8B { return .gzip }
    return bytes == Array("SIMPLE".utf8) ? .plain : .other
  }

  /// Whether the file at `path` is a plain FITS file (not compressed).
  static func isPlain(_ path: String) -> Bool { magic(path) == .plain }
}

/// A gzip file read as a stream of its uncompressed bytes (`.csv.gz`: Gaia's own
/// distribution), with zlib, which CFITSIO links. Several gzip members one after another (as
/// `cat a.gz b.gz` makes) read as one stream.
final class GzipInput: ByteInput {
  private let file: gzFile
  private let path: String

  /// Opens `path` for reading.
  /// - Throws: ``CatalogueError`` for a file that cannot be opened.
  init(path: String, displayPath: String) throws {
    self.path = displayPath
    guard FileManager.default.fileExists(atPath: path) else {
      throw CatalogueError.fileNotFound(path: displayPath)
    }
    guard let file = gzopen(path, "rb") else { throw FileRead.failure(displayPath) }
    // Larger reads than zlib's 8 KiB default: the stream is read in megabytes.
    gzbuffer(file, 1 << 18)
    self.file = file
  }

  deinit { gzclose(file) }

  func read(into buffer: UnsafeMutableRawPointer, count: Int) throws -> Int {
    let got = gzread(file, buffer, UInt32(min(count, Int(Int32.max))))
    var code: Int32 = 0
    // zlib's message starts with the path.
    let message =
      gzerror(file, &code).map { String(cString: $0) }.flatMap {
        $0.components(separatedBy: ": ").last
      } ?? "gzip error"
    // A stream cut short ends with Z_BUF_ERROR rather than a failed read.
    guard got >= 0, got > 0 || code == Z_OK || code == Z_STREAM_END else {
      throw CatalogueError.malformedFile(
        SourceLocation(path: path), reason: "not a complete gzip stream (\(message))")
    }
    return Int(got)
  }
}

/// gzip compression with zlib (which CFITSIO links).
enum Gzip {
  /// Decompresses the gzip file `source` into a new file `destination`.
  /// - Throws: ``CatalogueError`` naming `source` when it cannot be read or is damaged, or
  ///   when the decompressed copy cannot be written.
  static func decompress(_ source: String, to destination: String) throws {
    guard let input = gzopen(source, "rb") else {
      throw CatalogueError.unreadableFile(
        SourceLocation(path: source), reason: String(cString: strerror(errno)))
    }
    defer { gzclose(input) }
    gzbuffer(input, 1 << 20)
    guard let output = fopen(destination, "wbx") else {
      throw CatalogueError.cannotCreateOutput(
        path: destination, reason: String(cString: strerror(errno)))
    }
    var buffer = [UInt8](repeating: 0, count: 1 << 20)
    var failure: CatalogueError?
    while failure == nil {
      let got = buffer.withUnsafeMutableBytes { gzread(input, $0.baseAddress, UInt32($0.count)) }
      if got < 0 {
        var code: Int32 = 0
        let message = gzerror(input, &code).map { String(cString: $0) } ?? "gzip error"
        failure = .malformedFile(SourceLocation(path: source), reason: "gzip: \(message)")
        break
      }
      if got == 0 { break }
      let written = buffer.withUnsafeBytes { fwrite($0.baseAddress, 1, Int(got), output) }
      if written != Int(got) {
        failure = .writeFailed(
          path: destination, reason: String(cString: strerror(errno)))
      }
    }
    if failure == nil {
      // A stream cut short reads as an early end; zlib says so only when asked.
      var code: Int32 = 0
      var message = gzerror(input, &code).map { String(cString: $0) } ?? ""
      // zlib puts the path first; the location already names it.
      if message.hasPrefix(source + ": ") { message.removeFirst(source.count + 2) }
      if code != Z_OK {
        failure = .malformedFile(
          SourceLocation(path: source), reason: "gzip: \(message.isEmpty ? "damaged" : message)")
      }
    }
    if fclose(output) != 0 && failure == nil {
      failure = .writeFailed(path: destination, reason: String(cString: strerror(errno)))
    }
    if let failure { throw failure }
  }

  /// The CRC-32 (zlib's, as gzip's) and size of the file at `path`, read in 1 MiB pieces.
  /// - Throws: ``CatalogueError/unreadableFile(_:reason:)``.
  static func crc32(ofFile path: String) throws -> (crc: UInt32, size: Int) {
    guard let input = fopen(path, "rb") else {
      throw CatalogueError.unreadableFile(
        SourceLocation(path: path), reason: String(cString: strerror(errno)))
    }
    defer { fclose(input) }
    var buffer = [UInt8](repeating: 0, count: 1 << 20)
    var crc: uLong = 0
    var size = 0
    while true {
      let read = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, input) }
      if read == 0 { break }
      crc = buffer.withUnsafeBytes {
        CCFITSIO.crc32(crc, $0.baseAddress?.assumingMemoryBound(to: Bytef.self), uInt(read))
      }
      size += read
    }
    if ferror(input) != 0 {
      throw CatalogueError.unreadableFile(SourceLocation(path: path), reason: "read error")
    }
    return (UInt32(truncatingIfNeeded: crc), size)
  }

  /// Compresses `source` into a new gzip file `destination` (level 6, as gzip's default).
  /// - Throws: ``CatalogueError`` naming `finalPath`.
  static func compress(_ source: String, to destination: String, finalPath: String) throws {
    guard let input = fopen(source, "rb") else {
      throw CatalogueError.writeFailed(path: finalPath, reason: String(cString: strerror(errno)))
    }
    defer { fclose(input) }
    guard let output = gzopen(destination, "wb6") else {
      throw CatalogueError.cannotCreateOutput(
        path: finalPath, reason: String(cString: strerror(errno)))
    }
    var buffer = [UInt8](repeating: 0, count: 1 << 20)
    var failed = false
    while !failed {
      let read = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, input) }
      if read == 0 { break }
      let written = buffer.withUnsafeBytes { gzwrite(output, $0.baseAddress, UInt32(read)) }
      if written != Int32(read) { failed = true }
    }
    if gzclose(output) != Z_OK || failed || ferror(input) != 0 {
      unlink(destination)
      throw CatalogueError.writeFailed(path: finalPath, reason: "gzip compression failed")
    }
  }
}
