import CCFITSIO

/// An open FITS file: the one owner of a CFITSIO `fitsfile*`.
///
/// Not thread-safe: CFITSIO forbids sharing one `fitsfile` between threads. Open one
/// `FITSFile` per thread to read in parallel. Files are opened and created with CFITSIO's
/// disk-file routines, so a name is always taken literally: `[`, `]`, `!` and `://` in a
/// path are plain characters, never CFITSIO's extended file-name syntax.
final class FITSFile {
  private var handle: UnsafeMutablePointer<fitsfile>?
  /// The path the file was opened or created at.
  let path: String
  /// The path errors name: `path`, or for a temporary output file the final output's.
  let displayPath: String
  /// The current HDU as the user counts it (0 = primary), for error locations.
  private(set) var extensionNumber = 0

  private init(handle: UnsafeMutablePointer<fitsfile>, path: String, displayPath: String) {
    self.handle = handle
    self.path = path
    self.displayPath = displayPath
  }

  /// Opens a FITS file, plain or gzip-compressed, for reading.
  /// The corresponding CFITSIO routine is `ffdkopn` (`fits_open_diskfile`).
  /// Every header is checked first (``FITSHeaderCheck``), for faults that would crash CFITSIO.
  static func open(readingAtPath path: String, displayPath: String? = nil) throws(FITSError)
    -> FITSFile
  {
    let file = try open(path, mode: READONLY, displayPath: displayPath ?? path)
    do {
      try FITSHeaderCheck.check(file)
    } catch {
      try? file.close()
      throw error
    }
    return file
  }

  /// Opens a plain FITS file to change it in place; errors name `displayPath`.
  /// The corresponding CFITSIO routine is `ffdkopn` (`fits_open_diskfile`).
  static func open(updatingAtPath path: String, displayPath: String) throws(FITSError)
    -> FITSFile
  {
    try open(path, mode: READWRITE, displayPath: displayPath)
  }

  private static func open(_ path: String, mode: Int32, displayPath: String) throws(FITSError)
    -> FITSFile
  {
    var raw: UnsafeMutablePointer<fitsfile>?
    var status: Int32 = 0
    CFITSIOLibrary.serialized { _ = ffdkopn(&raw, path, mode, &status) }
    // On failure ffdkopn frees its structures and returns a null pointer itself; a null
    // pointer with status 0 would be a CFITSIO bug, reported as a failed open.
    guard status == 0, let raw else {
      throw FITSError(
        status: status == 0 ? FITSStatus.fileNotOpened.rawValue : status, routine: "ffdkopn",
        location: SourceLocation(path: displayPath))
    }
    return FITSFile(handle: raw, path: path, displayPath: displayPath)
  }

  /// Creates a new, empty FITS file; fails if the file exists. Errors name `displayPath`
  /// (the final output, when `path` is its temporary file).
  /// The corresponding CFITSIO routine is `ffdkinit` (`fits_create_diskfile`).
  static func create(atPath path: String, displayPath: String? = nil) throws(FITSError)
    -> FITSFile
  {
    var raw: UnsafeMutablePointer<fitsfile>?
    var status: Int32 = 0
    CFITSIOLibrary.serialized { _ = ffdkinit(&raw, path, &status) }
    guard status == 0, let raw else {
      throw FITSError(
        status: status == 0 ? FITSStatus.fileNotCreated.rawValue : status, routine: "ffdkinit",
        location: SourceLocation(path: displayPath ?? path))
    }
    return FITSFile(handle: raw, path: path, displayPath: displayPath ?? path)
  }

  /// Opens `path`, runs `body` and closes the file on every path; an error from `body` wins
  /// over an error from closing.
  static func withFile<T>(
    readingAtPath path: String, _ body: (FITSFile) throws -> T
  ) throws -> T {
    let file = try open(readingAtPath: path)
    let result: T
    do {
      result = try body(file)
    } catch {
      try? file.close()
      throw error
    }
    try file.close()
    return result
  }

  /// Closes the file, flushing what was written. Idempotent.
  /// The corresponding CFITSIO routine is `ffclos`.
  func close() throws(FITSError) {
    guard let handle else { return }
    self.handle = nil
    var status: Int32 = 0
    CFITSIOLibrary.serialized { _ = ffclos(handle, &status) }
    if status != 0 {
      throw FITSError(status: status, routine: "ffclos", location: location())
    }
  }

  deinit {
    if let handle {
      var status: Int32 = 0
      // Best effort: writers call close() and check it.
      CFITSIOLibrary.serialized { _ = ffclos(handle, &status) }
    }
  }

  /// Records the current HDU after a routine that moved to a new one.
  func extensionNumberDidChange(to number: Int) { extensionNumber = number }

  /// The underlying pointer, for routines that take two files.
  var rawHandle: UnsafeMutablePointer<fitsfile>? { handle }

  /// The location of the current HDU, for errors; `row` is 1-based.
  func location(row: Int? = nil, column: String? = nil) -> SourceLocation {
    SourceLocation(path: displayPath, hdu: extensionNumber, row: row, column: column)
  }

  /// Calls a CFITSIO routine with a fresh status and throws if it fails.
  ///
  /// CFITSIO routines do nothing when they are handed a non-zero status, so each call
  /// starts from 0.
  @discardableResult
  func call(
    _ routine: String, row: Int? = nil, column: String? = nil,
    _ body: (UnsafeMutablePointer<fitsfile>, inout Int32) -> Int32
  ) throws(FITSError) -> Int32 {
    guard let handle else {
      throw FITSError(
        status: FITSStatus.badFilePointer.rawValue, routine: routine, location: location())
    }
    var status: Int32 = 0
    let failure: FITSError? = CFITSIOLibrary.serialized {
      _ = body(handle, &status)
      guard status != 0 else { return nil }
      // The message stack is per thread only in a reentrant CFITSIO: drain it under the lock.
      return FITSError(
        status: status, routine: routine, location: location(row: row, column: column))
    }
    if let failure { throw failure }
    return status
  }

  // MARK: HDUs

  /// The kind of an HDU.
  enum HDUType: Int32, Sendable {
    case image = 0
    case asciiTable = 1
    case binaryTable = 2
  }

  /// The number of HDUs in the file. The corresponding CFITSIO routine is `ffthdu`.
  func hduCount() throws(FITSError) -> Int {
    var count: Int32 = 0
    try call("ffthdu") { ffthdu($0, &count, &$1) }
    return Int(count)
  }

  /// Moves to extension `number` (0 = primary HDU) and returns its type.
  /// The corresponding CFITSIO routine is `ffmahd`.
  @discardableResult
  func moveToExtension(_ number: Int) throws(FITSError) -> HDUType {
    var type: Int32 = 0
    try call("ffmahd") { ffmahd($0, Int32(number + 1), &type, &$1) }
    extensionNumber = number
    return HDUType(rawValue: type) ?? .image
  }

  /// Moves to the first HDU whose `EXTNAME` (or `HDUNAME`) is `name`, case-insensitively,
  /// and returns its type. The corresponding CFITSIO routine is `ffmnhd`.
  @discardableResult
  func moveToExtension(named name: String) throws(FITSError) -> HDUType {
    var cName = Array(name.utf8CString)
    try call("ffmnhd") { ffmnhd($0, ANY_HDU, &cName, 0, &$1) }
    var number: Int32 = 0
    _ = handle.map { ffghdn($0, &number) }
    extensionNumber = Int(number) - 1
    return try currentHDUType()
  }

  /// The type of the current HDU. The corresponding CFITSIO routine is `ffghdt`.
  func currentHDUType() throws(FITSError) -> HDUType {
    var type: Int32 = 0
    try call("ffghdt") { ffghdt($0, &type, &$1) }
    return HDUType(rawValue: type) ?? .image
  }

  /// Copies the current HDU, header and data, to the end of `other`.
  /// The corresponding CFITSIO routine is `ffcopy`.
  func copyHDU(to other: FITSFile) throws(FITSError) {
    guard let target = other.handle else {
      throw FITSError(
        status: FITSStatus.badFilePointer.rawValue, routine: "ffcopy", location: other.location())
    }
    try call("ffcopy") { ffcopy($0, target, 0, &$1) }
  }

  /// Copies the current HDU's header, without its data, to a new HDU at the end of `other`.
  /// The corresponding CFITSIO routine is `ffcphd`.
  func copyHeader(to other: FITSFile) throws(FITSError) {
    guard let target = other.handle else {
      throw FITSError(
        status: FITSStatus.badFilePointer.rawValue, routine: "ffcphd", location: other.location())
    }
    try call("ffcphd") { ffcphd($0, target, &$1) }
    var number: Int32 = 0
    _ = other.handle.map { ffghdn($0, &number) }
    other.extensionNumber = Int(number) - 1
  }

  // MARK: Keywords

  /// The value of a string keyword, or `nil` when the header has no such keyword.
  /// The corresponding CFITSIO routine is `ffgkys`.
  func stringKeyword(_ name: String) throws(FITSError) -> String? {
    guard let handle else { return nil }
    return withUnsafeTemporaryAllocation(of: CChar.self, capacity: Int(FLEN_VALUE) + 1) {
      buffer -> String? in
      guard let base = buffer.baseAddress else { return nil }
      base.initialize(repeating: 0, count: buffer.count)
      var status: Int32 = 0
      CFITSIOLibrary.serialized {
        ffgkys(handle, name, base, nil, &status)
        if status != 0 { _ = FITSError.drainMessages() }
      }
      if status != 0 { return nil }
      return String(cString: base)
    }
  }

  /// The value of an integer keyword, or `nil` when the header has no such keyword or its
  /// value is not an integer that fits in 64 bits.
  /// The corresponding CFITSIO routine is `ffgkyjj`.
  func integerKeyword(_ name: String) -> Int? {
    guard let handle else { return nil }
    var value: LONGLONG = 0
    var status: Int32 = 0
    CFITSIOLibrary.serialized {
      ffgkyjj(handle, name, &value, nil, &status)
      if status != 0 { _ = FITSError.drainMessages() }
    }
    return status == 0 ? Int(value) : nil
  }

  /// The value of a numeric keyword, or `nil` when the header has no such keyword.
  /// The corresponding CFITSIO routine is `ffgkyd`.
  func doubleKeyword(_ name: String) -> Double? {
    guard let handle else { return nil }
    var value = 0.0
    var status: Int32 = 0
    CFITSIOLibrary.serialized {
      ffgkyd(handle, name, &value, nil, &status)
      if status != 0 { _ = FITSError.drainMessages() }
    }
    if status != 0 { return nil }
    return value
  }

  /// Whether the current header has a keyword. The corresponding CFITSIO routine is `ffgcrd`.
  func hasKeyword(_ name: String) -> Bool {
    guard let handle else { return false }
    return withUnsafeTemporaryAllocation(of: CChar.self, capacity: Int(FLEN_CARD) + 1) { buffer in
      guard let base = buffer.baseAddress else { return false }
      base.initialize(repeating: 0, count: buffer.count)
      var status: Int32 = 0
      CFITSIOLibrary.serialized {
        ffgcrd(handle, name, base, &status)
        if status != 0 { _ = FITSError.drainMessages() }
      }
      return status == 0
    }
  }

  /// Writes or updates a string keyword. The corresponding CFITSIO routine is `ffukys`.
  func setKeyword(_ name: String, string value: String, comment: String) throws(FITSError) {
    try call("ffukys") { ffukys($0, name, value, comment, &$1) }
  }

  /// Writes or updates an integer keyword. The corresponding CFITSIO routine is `ffukyj`.
  func setKeyword(_ name: String, integer value: Int, comment: String) throws(FITSError) {
    try call("ffukyj") { ffukyj($0, name, LONGLONG(value), comment, &$1) }
  }

  /// Writes or updates a floating-point keyword with up to 15 significant digits (`%G`).
  /// The corresponding CFITSIO routine is `ffukyd` with negative `decimals`.
  func setKeyword(_ name: String, double value: Double, comment: String) throws(FITSError) {
    try call("ffukyd") { ffukyd($0, name, value, -15, comment, &$1) }
  }

  /// Appends a `HISTORY` card. The corresponding CFITSIO routine is `ffphis`.
  func appendHistory(_ text: String) throws(FITSError) {
    try call("ffphis") { ffphis($0, text, &$1) }
  }

  /// Recomputes and writes `CHECKSUM` and `DATASUM` for the current HDU, with comments that
  /// do not hold the time, so that the same rows give the same bytes whenever they are
  /// written (a run, the same run again, the parts of a job array merged).
  ///
  /// CFITSIO's `ffpcks` computes `DATASUM` and puts the time in both comments; the comments
  /// are then replaced and `CHECKSUM` computed again over the header as `ffpcks` does it
  /// (`ffcsum` from the data sum, `ffesum` of its complement), which reads the header only.
  func writeChecksum() throws(FITSError) {
    try call("ffpcks") { ffpcks($0, &$1) }
    try call("ffmcom") { ffmcom($0, "DATASUM", "data unit checksum", &$1) }
    try call("ffmkys") { ffmkys($0, "CHECKSUM", "0000000000000000", "HDU checksum", &$1) }
    guard let text = try stringKeyword("DATASUM"), let dataSum = UInt(text.trimmingSpaces) else {
      throw FITSError(
        status: FITSStatus.valueUndefined.rawValue, routine: "ffgkys DATASUM",
        location: location())
    }
    try call("ffcsum") { handle, status in
      var headStart: LONGLONG = 0
      var dataStart: LONGLONG = 0
      var dataEnd: LONGLONG = 0
      ffghadll(handle, &headStart, &dataStart, &dataEnd, &status)
      ffmbyt(handle, headStart, 0, &status)  // 0: REPORT_EOF
      var sum = UInt(dataSum)
      ffcsum(handle, Int((dataStart - headStart) / 2880), &sum, &status)
      var checksum = [CChar](repeating: 0, count: 17)
      ffesum(sum, 1, &checksum)
      return ffmkys(handle, "CHECKSUM", checksum, "&", &status)
    }
  }
}

@available(*, unavailable)
extension FITSFile: Sendable {}

extension FITSFile {
  /// Writes or updates a string keyword of any length, continued over `CONTINUE` cards when
  /// long. The corresponding CFITSIO routine is `ffukls`.
  func setKeyword(_ name: String, longString value: String, comment: String)
    throws(FITSError)
  {
    try call("ffukls") { ffukls($0, name, value, comment, &$1) }
    // A value longer than one card continues on CONTINUE cards (the OGIP long-string
    // convention), which the header announces with LONGSTRN (ffplsw writes it once).
    if value.utf8.count > 68 { try call("ffplsw") { ffplsw($0, &$1) } }
  }
}
