import Foundation

/// What an output of a part of a job array, or of `skycut batch`, records about itself beside
/// it (`OUTPUT.skycut.json`): which part and rows (part 0 of 1: all of them), from which
/// inputs and options, and the output's size and CRC-32 — so that `skycut merge` can check
/// that parts belong together and arrived whole, and a rerun of `skycut batch` can tell a
/// complete, current output from a partial or stale one.
public struct OutputRecord: Codable, Sendable, Hashable {
  /// A file as it was when read: its path as given, size and modification time.
  public struct FileIdentity: Codable, Sendable, Hashable {
    public var path: String
    public var size: Int
    /// Seconds and nanoseconds since 1970.
    public var modified: String

    /// The identity of the file at `path`.
    /// - Throws: ``CatalogueError/fileNotFound(path:)``.
    init(path: String) throws {
      var info = stat()
      guard stat(path, &info) == 0 else { throw CatalogueError.fileNotFound(path: path) }
      self.path = path
      size = Int(info.st_size)
      modified = "\(info.st_mtim.tv_sec).\(String(format: "%09ld", info.st_mtim.tv_nsec))"
    }
  }

  public var skycutVersion: String
  /// `cleaned` or `rejected`.
  public var role: String
  public var part: Int
  public var parts: Int
  /// The objects' rows this part cleaned, `[first, end)`, of `totalRows`.
  public var firstRow: Int
  public var endRow: Int
  public var totalRows: Int
  public var objects: FileIdentity
  public var contaminants: [FileIdentity]
  /// The options of the cut, as one canonical line (equal for every part of one run).
  public var options: String
  public var rowsRemoved: Int
  /// The output file's size in bytes and its CRC-32 (zlib's), when the part was written.
  public var outputBytes: Int
  public var outputCRC32: UInt32

  enum CodingKeys: String, CodingKey {
    case skycutVersion = "skycut_version"
    case role, part, parts
    case firstRow = "first_row"
    case endRow = "end_row"
    case totalRows = "total_rows"
    case objects, contaminants, options
    case rowsRemoved = "rows_removed"
    case outputBytes = "output_bytes"
    case outputCRC32 = "output_crc32"
  }

  /// The record's path beside an output.
  public static func path(for output: String) -> String { output + ".skycut.json" }

  /// Reads the record beside the part `output`.
  /// - Throws: ``CatalogueError`` when it is missing or not a part record.
  public static func read(for output: String) throws -> OutputRecord {
    let path = path(for: output)
    guard let data = FileManager.default.contents(atPath: path) else {
      throw CatalogueError.fileNotFound(path: path)
    }
    do {
      return try decoder.decode(OutputRecord.self, from: data)
    } catch {
      throw CatalogueError.malformedFile(
        SourceLocation(path: path), reason: "not a SkyCut part record")
    }
  }

  /// Writes the record beside `output`, through a temporary file.
  func write(for output: String) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    let data: Data
    do {
      data = try encoder.encode(self)
    } catch {
      throw CatalogueError.writeFailed(path: Self.path(for: output), reason: "\(error)")
    }
    try OutputFile.write(data, to: Self.path(for: output), overwrite: true)
  }

  static var decoder: JSONDecoder { JSONDecoder() }
}

extension CleaningRequest {
  /// The options that shape the output, as one canonical line: two parts with the same line
  /// (and the same inputs) are parts of the same cut.
  var partOptions: String {
    func read(_ options: CatalogueReadOptions) -> String {
      let hdu =
        switch options.hdu {
        case .number(let number): "\(number)"
        case .name(let name): name
        case nil: "-"
        }
      let columns = options.columns.map { "\($0.first),\($0.second)" } ?? "-"
      return "hdu=\(hdu) columns=\(columns) frame=\(options.frame?.rawValue ?? "-") "
        + "invalid=\(options.invalidRows.rawValue)"
    }
    let radiusText = radius.map { "\($0.radians)" } ?? "-"
    let parts = [
      "radius_rad=\(radiusText)",
      "radius_column=\(contaminantOptions.radiusColumn ?? "-")",
      "radius_expression=\(contaminantOptions.radiusExpression?.text ?? "-")",
      "radius_unit=\(contaminantOptions.radiusUnit.rawValue)",
      "ellipses=\(contaminantOptions.ellipseColumns.map { "\($0.a),\($0.b),\($0.positionAngle)" } ?? "-") ellipse_unit=\(contaminantOptions.ellipseUnit.rawValue)",
      "objects[\(read(objectOptions))]", "contaminants[\(read(contaminantOptions))]",
      "flag=\(flagColumn ?? "-")", "separation=\(separationColumn ?? "-")",
      "count=\(countColumn ?? "-")", "mask=\(maskColumn ?? "-")", "rejected=\(rejectedPath != nil)",
      "mask_file=\(mask.map { $0.source?.sha256 ?? "sha256-of-description:" + SHA256.hex(Array("\($0.catalogues)".utf8)) } ?? "-")",
      "epoch=\(epochs.map { "\($0.objectEpoch) from=\($0.contaminantEpoch.map { "\($0)" } ?? $0.epochColumn ?? "column") pm=\($0.properMotionColumns.map { "\($0.ra),\($0.dec)" } ?? "-")" } ?? "-")",
    ]
    return parts.joined(separator: " ")
  }
}
