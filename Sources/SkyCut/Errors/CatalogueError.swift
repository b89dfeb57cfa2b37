/// An error in reading, cutting or writing a catalogue.
///
/// Every case carries where it happened; ``description`` is one line that starts with that
/// location, with the user's values in single quotes, e.g.
/// `objects.fits[1], row 1042, column 'DEC': value 91.3 is outside [-90, 90]`.
public enum CatalogueError: Error, Sendable, CustomStringConvertible {
  /// The file does not exist.
  case fileNotFound(path: String)
  /// The file exists but cannot be opened or read.
  case unreadableFile(SourceLocation, reason: String)
  /// The file's contents are not what its format requires (damaged FITS, ragged CSV, …).
  case malformedFile(SourceLocation, reason: String)
  /// No column with this name, or no coordinate columns SkyCut recognises.
  case columnNotFound(String, available: [String], SourceLocation)
  /// More than one column matches a name case-insensitively.
  case ambiguousColumn(String, candidates: [String], SourceLocation)
  /// A value that cannot be used: not a number, a NaN coordinate, an unknown unit, …
  case invalidValue(String, expected: String, SourceLocation)
  /// A coordinate outside its range, e.g. |Dec| > 90°; `count` rows have such a value and
  /// the location names the first.
  case coordinateOutOfRange(Double, range: String, count: Int, SourceLocation)
  /// A column that the output format cannot represent (e.g. a vector column in CSV).
  case unrepresentableColumn(String, type: String, format: String, SourceLocation)
  /// The file name's extension is not one SkyCut reads or writes.
  case unsupportedFormat(path: String)
  /// A request that makes no sense, whatever the files hold.
  case invalidArgument(String)
  /// The output file exists and overwriting was not asked for.
  case outputExists(path: String)
  /// The output file or its temporary file cannot be created.
  case cannotCreateOutput(path: String, reason: String)
  /// Writing the output failed part-way (disk full, I/O error, …).
  case writeFailed(path: String, reason: String)
  /// An error reported by CFITSIO.
  case fits(FITSError)

  /// The class of failure, which the command line maps to its exit code.
  public var category: Category {
    switch self {
    case .fileNotFound, .unreadableFile: .noInput
    case .malformedFile, .columnNotFound, .ambiguousColumn, .invalidValue, .coordinateOutOfRange,
      .unrepresentableColumn:
      .dataError
    case .unsupportedFormat, .invalidArgument: .usage
    case .outputExists, .cannotCreateOutput: .cannotCreate
    case .writeFailed: .ioError
    case .fits(let error): error.category
    }
  }

  /// Classes of failure, each with the `sysexits.h` code the command line exits with.
  public enum Category: Int32, Sendable {
    /// A bad argument (`EX_USAGE`, 64).
    case usage = 64
    /// Bad input data (`EX_DATAERR`, 65).
    case dataError = 65
    /// A missing or unreadable input (`EX_NOINPUT`, 66).
    case noInput = 66
    /// The output cannot be created (`EX_CANTCREAT`, 73).
    case cannotCreate = 73
    /// Another I/O error (`EX_IOERR`, 74).
    case ioError = 74
  }

  public var description: String {
    switch self {
    case .fileNotFound(let path):
      return "\(path): no such file"
    case .unreadableFile(let location, let reason):
      return "\(location): cannot read: \(reason)"
    case .malformedFile(let location, let reason):
      return "\(location): \(reason)"
    case .columnNotFound(let name, let available, let location):
      return "\(location): no column '\(name)'; the columns are \(Self.list(available))"
    case .ambiguousColumn(let name, let candidates, let location):
      return
        "\(location): column name '\(name)' is ambiguous: \(Self.list(candidates)) all match; "
        + "name one exactly with --columns"
    case .invalidValue(let value, let expected, let location):
      // A quoted CSV field may hold line breaks: shown escaped, so the message stays one line.
      let shown = value.replacingOccurrences(of: "\r", with: "\\r")
        .replacingOccurrences(of: "\n", with: "\\n")
      return "\(location): value '\(shown)' is not \(expected)"
    case .coordinateOutOfRange(let value, let range, let count, let location):
      let others = count > 1 ? " (\(count) rows have invalid coordinates; this is the first)" : ""
      return "\(location): value \(value) is outside \(range)\(others)"
    case .unrepresentableColumn(let name, let type, let format, let location):
      return "\(location): column '\(name)' of type \(type) cannot be written to \(format)"
    case .unsupportedFormat(let path):
      return
        "\(path): unknown catalogue format; use a .fits, .fit, .fts (optionally .gz), "
        + ".csv or .tsv file name"
    case .invalidArgument(let message):
      return message
    case .outputExists(let path):
      return "\(path): output file exists; pass --overwrite to replace it"
    case .cannotCreateOutput(let path, let reason):
      return "\(path): cannot create output: \(reason)"
    case .writeFailed(let path, let reason):
      return "\(path): write failed: \(reason)"
    case .fits(let error):
      return error.description
    }
  }

  private static func list(_ names: [String]) -> String {
    names.isEmpty ? "(none)" : names.map { "'\($0)'" }.joined(separator: ", ")
  }
}

extension CatalogueError {
  /// Runs `body`, turning a ``FITSError`` from the CFITSIO layer into ``CatalogueError/fits(_:)``,
  /// so that the public API throws one error type.
  static func wrapping<T>(_ body: () throws -> T) throws -> T {
    do {
      return try body()
    } catch let error as FITSError {
      throw CatalogueError.fits(error)
    }
  }
}
