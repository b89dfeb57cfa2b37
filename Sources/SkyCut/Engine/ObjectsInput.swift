import Foundation

/// The objects table of a run, and the passes it needs: a text table written as FITS is read
/// twice (once to infer its columns' types, once to write it), so standard input is then
/// first spooled to a temporary file.
struct ObjectsInput {
  /// The path to read, and the name for messages.
  let path: String
  let displayPath: String?
  let format: CatalogueFormat
  /// Whether an output is FITS (then a text table's kinds are inferred first).
  let writesFITS: Bool
  private let spool: SpooledInput?

  init(_ request: CleaningRequest, outputPath: String) throws {
    format = try CatalogueFormat.inferred(fromPath: request.objectsPath)
    writesFITS = try ([outputPath] + (request.rejectedPath.map { [$0] } ?? [])).contains {
      try CatalogueFormat.inferred(forWritingTo: $0).isFITS
    }
    if request.objectsPath == Catalogue.standardStream && writesFITS {
      let spool = try SpooledInput()
      self.spool = spool
      path = spool.path
      displayPath = "<stdin>"
    } else {
      spool = nil
      path = request.objectsPath
      displayPath = nil
    }
  }

  /// The source of the rows; `blockBytes` as in ``RowSources/open(path:options:blockBytes:)``.
  func open(_ options: CatalogueReadOptions, blockBytes: Int?) throws -> any RowSource {
    if format.isFITS {
      return try RowSources.open(path: path, options: options, blockBytes: blockBytes)
    }
    return try TextRowSource(
      path: path, format: format, displayPath: displayPath,
      blockBytes: blockBytes ?? TextRowSource.blockBytes)
  }

  /// The number of records of a text table (a part needs the total to find its slice).
  func countRows() throws -> Int {
    try TextRowSource(path: path, format: format, displayPath: displayPath).countRecords()
  }

  /// The kinds of a text table's columns, when a FITS output needs them.
  func textKinds() throws -> TextColumnKinds? {
    guard writesFITS, !format.isFITS else { return nil }
    return try TextColumnKinds.infer(path: path, format: format, displayPath: displayPath)
  }
}

/// Standard input copied to a temporary file, removed when this is released.
final class SpooledInput: @unchecked Sendable {
  let path: String

  init() throws {
    path =
      FileManager.default.temporaryDirectory.path
      + "/skycut-stdin-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).csv"
    TemporaryFiles.register(path)
    let sink: ByteSink
    do {
      sink = try ByteSink(creating: path, reportedPath: path)
    } catch {
      TemporaryFiles.unregister(path)
      throw error
    }
    let input = try DescriptorInput(path: "-", displayPath: "<stdin>", standardInput: true)
    var buffer: [UInt8] = []
    while try input.append(to: &buffer, upTo: 1 << 20) > 0 {
      try sink.write(buffer)
      buffer.removeAll(keepingCapacity: true)
    }
    try sink.close()
  }

  deinit {
    unlink(path)
    TemporaryFiles.unregister(path)
  }
}
