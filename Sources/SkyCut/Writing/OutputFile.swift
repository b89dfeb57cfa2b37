import Foundation

/// An output file written safely: everything goes to a temporary file in the same directory,
/// which replaces the final path only when the whole file has been written. A failed or
/// interrupted run leaves the final path untouched, and an existing file is replaced only when
/// asked.
struct OutputFile {
  /// The path the user asked for.
  let path: String
  /// Where the data is written first (always plain FITS or text).
  let temporaryPath: String
  /// Whether to gzip the temporary file into place (`.gz` output).
  let gzip: Bool
  let overwrite: Bool

  /// Checks that the output can be created and picks the temporary name.
  /// - Throws: ``CatalogueError/outputExists(path:)`` when the file exists and `overwrite` is
  ///   false; ``CatalogueError/cannotCreateOutput(path:reason:)`` when its directory is missing
  ///   or not writable, or the path is a directory.
  init(path: String, overwrite: Bool) throws {
    self.path = path
    self.overwrite = overwrite
    gzip = path.lowercased().hasSuffix(".gz")
    try Self.checkCreatable(path: path, overwrite: overwrite)
    let url = URL(fileURLWithPath: path)
    let directory = url.deletingLastPathComponent().path
    var name = url.lastPathComponent
    if gzip { name = String(name.dropLast(3)) }
    // A hidden name with the same extension, so that a crash leaves an obvious leftover.
    let stem = ".\(name).skycut-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    let ext = (name as NSString).pathExtension
    temporaryPath = (directory as NSString).appendingPathComponent(
      ext.isEmpty ? stem : "\(stem).\(ext)")
    TemporaryFiles.register(temporaryPath)
    if gzip { TemporaryFiles.register(temporaryPath + ".gz") }
  }

  /// The checks `init` makes, for callers that want to fail before doing any work.
  static func checkCreatable(path: String, overwrite: Bool) throws {
    let manager = FileManager.default
    var isDirectory: ObjCBool = false
    if manager.fileExists(atPath: path, isDirectory: &isDirectory) {
      if isDirectory.boolValue {
        throw CatalogueError.cannotCreateOutput(path: path, reason: "it is a directory")
      }
      if !overwrite { throw CatalogueError.outputExists(path: path) }
    }
    let parent = (path as NSString).deletingLastPathComponent
    let directory = parent.isEmpty ? "." : parent
    guard manager.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue
    else {
      throw CatalogueError.cannotCreateOutput(
        path: path, reason: "directory '\(directory)' does not exist")
    }
    guard manager.isWritableFile(atPath: directory) else {
      throw CatalogueError.cannotCreateOutput(
        path: path, reason: "directory '\(directory)' is not writable")
    }
  }

  /// Moves the finished temporary file into place (gzipping it first for `.gz`).
  func commit() throws {
    defer { forget() }
    var source = temporaryPath
    if gzip {
      let compressed = temporaryPath + ".gz"
      defer { unlink(temporaryPath) }
      try Gzip.compress(temporaryPath, to: compressed, finalPath: path)
      source = compressed
    }
    if overwrite {
      if rename(source, path) != 0 {
        let reason = String(cString: strerror(errno))
        unlink(source)
        throw CatalogueError.writeFailed(path: path, reason: reason)
      }
      return
    }
    // Without --overwrite, link(2) creates the final name only if it does not exist, so a file
    // that appeared while we worked is never replaced.
    if link(source, path) == 0 {
      unlink(source)
      return
    }
    let linkError = errno
    if linkError == EEXIST {
      unlink(source)
      throw CatalogueError.outputExists(path: path)
    }
    // File systems without hard links: check, then rename.
    if FileManager.default.fileExists(atPath: path) {
      unlink(source)
      throw CatalogueError.outputExists(path: path)
    }
    if rename(source, path) != 0 {
      let reason = String(cString: strerror(errno))
      unlink(source)
      throw CatalogueError.writeFailed(path: path, reason: reason)
    }
  }

  /// Commits every file in turn; when one fails, the rest are removed. Several outputs of
  /// one run are thus all written in full before any is renamed into place.
  static func commitAll(_ files: [OutputFile]) throws {
    for (index, file) in files.enumerated() {
      do {
        try file.commit()
      } catch {
        for rest in files[index...] { rest.discard() }
        throw error
      }
    }
  }

  /// Writes `data` to `path` through a temporary file (small outputs made whole in memory:
  /// a profile table, a plot, a record).
  /// - Throws: ``CatalogueError`` as ``init(path:overwrite:)`` and ``commit()`` do, or
  ///   ``CatalogueError/writeFailed(path:reason:)``; nothing is left behind then.
  static func write(_ data: Data, to path: String, overwrite: Bool) throws {
    let output = try OutputFile(path: path, overwrite: overwrite)
    do {
      try data.write(to: URL(fileURLWithPath: output.temporaryPath))
    } catch {
      output.discard()
      throw CatalogueError.writeFailed(path: path, reason: error.localizedDescription)
    }
    try output.commitOrDiscard()
  }

  /// Commits, or removes the temporary file if that fails.
  func commitOrDiscard() throws {
    do {
      try commit()
    } catch {
      discard()
      throw error
    }
  }

  /// Whether two output paths name the same file: the same name in the same directory,
  /// however the directory is spelled (`out.fits`, `./out.fits`, `dir/../out.fits`).
  static func sameTarget(_ first: String, _ second: String) -> Bool {
    func canonical(_ path: String) -> String {
      let url = URL(fileURLWithPath: path)
      let directory = url.deletingLastPathComponent().path
      guard let resolved = realpath(directory, nil) else { return url.standardizedFileURL.path }
      defer { free(resolved) }
      return String(cString: resolved) + "/" + url.lastPathComponent
    }
    return canonical(first) == canonical(second)
  }

  func discard() {
    unlink(temporaryPath)
    if gzip { unlink(temporaryPath + ".gz") }
    forget()
  }

  private func forget() {
    TemporaryFiles.unregister(temporaryPath)
    if gzip { TemporaryFiles.unregister(temporaryPath + ".gz") }
  }
}
