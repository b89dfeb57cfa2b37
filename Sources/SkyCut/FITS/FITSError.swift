import CCFITSIO

/// A CFITSIO status code.
public struct FITSStatus: RawRepresentable, Sendable, Hashable {
  public var rawValue: Int32
  public init(rawValue: Int32) { self.rawValue = rawValue }

  /// `FILE_NOT_OPENED` (104): could not open the named file.
  public static let fileNotOpened = FITSStatus(rawValue: 104)
  /// `FILE_NOT_CREATED` (105): could not create the named file.
  public static let fileNotCreated = FITSStatus(rawValue: 105)
  /// `WRITE_ERROR` (106): error writing to the file.
  public static let writeError = FITSStatus(rawValue: 106)
  /// `END_OF_FILE` (107): tried to move past the end of the file (truncated data).
  public static let endOfFile = FITSStatus(rawValue: 107)
  /// `READ_ERROR` (108): error reading from the file.
  public static let readError = FITSStatus(rawValue: 108)
  /// `MEMORY_ALLOCATION` (113): could not allocate memory.
  public static let memoryAllocation = FITSStatus(rawValue: 113)
  /// `BAD_FILEPTR` (115): the file is closed.
  public static let badFilePointer = FITSStatus(rawValue: 115)
  /// `KEY_NO_EXIST` (202): keyword not found in the header.
  public static let keywordNotFound = FITSStatus(rawValue: 202)
  /// `VALUE_UNDEFINED` (207): a keyword's value is unusable.
  public static let valueUndefined = FITSStatus(rawValue: 207)
  /// `BAD_TFORM` (261): a column's `TFORMn` is not one SkyCut can read.
  public static let badTFORM = FITSStatus(rawValue: 261)
  /// `BAD_HDU_NUM` (301): no HDU with this number.
  public static let badHDUNumber = FITSStatus(rawValue: 301)

  /// The short text CFITSIO gives for the code (`ffgerr`).
  public var text: String {
    withUnsafeTemporaryAllocation(of: CChar.self, capacity: Int(FLEN_STATUS) + 1) { buffer in
      guard let base = buffer.baseAddress else { return "status \(rawValue)" }
      base.initialize(repeating: 0, count: buffer.count)
      ffgerr(rawValue, base)
      return String(cString: base)
    }
  }

  public static func ~= (pattern: FITSStatus, error: any Error) -> Bool {
    (error as? FITSError)?.status == pattern
  }
}

/// An error reported by a CFITSIO routine, with the routine's name, CFITSIO's message stack
/// and the file it concerns.
public struct FITSError: Error, Sendable, CustomStringConvertible {
  /// The status code.
  public var status: FITSStatus
  /// The CFITSIO routine that failed, e.g. `ffgcvd`.
  public var routine: String
  /// The messages CFITSIO left on its error stack, oldest first.
  public var messages: [String]
  /// The file and HDU, and where it applies the row and column.
  public var location: SourceLocation
  /// SkyCut's own account of the problem, when SkyCut found it before CFITSIO could.
  public var reason: String?

  /// Builds the error for a failed call and drains CFITSIO's (thread-local) message stack.
  init(status: Int32, routine: String, location: SourceLocation) {
    self.status = FITSStatus(rawValue: status)
    self.routine = routine
    self.location = location
    self.messages = FITSError.drainMessages()
  }

  /// An error SkyCut found itself in a file CFITSIO would read, with its `reason`.
  init(status: Int32, routine: String, location: SourceLocation, reason: String) {
    self.status = FITSStatus(rawValue: status)
    self.routine = routine
    self.location = location
    self.messages = []
    self.reason = reason
  }

  /// Reads and clears CFITSIO's error message stack (`ffgmsg`).
  static func drainMessages() -> [String] {
    var messages: [String] = []
    withUnsafeTemporaryAllocation(of: CChar.self, capacity: Int(FLEN_ERRMSG) + 1) { buffer in
      guard let base = buffer.baseAddress else { return }
      base.initialize(repeating: 0, count: buffer.count)
      while ffgmsg(base) != 0 && messages.count < 32 {
        // CFITSIO quotes the offending card, which in a damaged file may hold any bytes.
        let printable = String(cString: base).unicodeScalars.map {
          $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F ? Character($0) : "?"
        }
        let message = String(String(printable).trimming(" \n"))
        if !message.isEmpty { messages.append(message) }
      }
    }
    return messages
  }

  /// The command line's class for this failure. A read that runs past the end of the file
  /// (`END_OF_FILE`, `READ_ERROR`) is bad input data: a truncated file, or not a FITS file.
  public var category: CatalogueError.Category {
    switch status {
    case .fileNotOpened: .noInput
    case .fileNotCreated: .cannotCreate
    case .writeError, .memoryAllocation: .ioError
    default: .dataError
    }
  }

  public var description: String {
    if let reason { return "\(location): \(reason)" }
    let code = "CFITSIO status \(status.rawValue) in \(routine)"
    if status == .endOfFile || status == .readError {
      return "\(location): the file ends early: it is truncated or not a FITS file (\(code))"
    }
    // CFITSIO's messages name the problem most precisely; one ending in ':' introduces a file
    // name on the next line, which the location already gives.
    let detail = messages.first { !$0.hasPrefix("ffopen") && !$0.hasSuffix(":") }
    return "\(location): \(status.text) (\(code))" + (detail.map { ": \($0)" } ?? "")
  }
}
