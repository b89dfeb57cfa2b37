import Foundation

/// Reads a CSV, TSV or ECSV table block by block: a file, or standard input.
///
/// The first record is the header. A UTF-8 byte-order mark is skipped. A file that opens with
/// `# %ECSV` (astropy's ECSV, whatever its name) is read with its header's delimiter and
/// units. Every record must have as many fields as the header. Bytes that are not UTF-8 are not
/// checked when reading: a column SkyCut does not interpret passes through as it is, and the
/// outputs that cannot hold them (FITS) say so. Three buffers take turns, so that a block
/// stays valid while the next one is read and the one after that is read ahead on a worker
/// thread: memory holds three blocks, whatever the length of the table.
final class TextRowSource: RowSource {
  let path: String
  let displayPath: String
  let format: CatalogueFormat
  let delimiter: UInt8
  /// The column names from the header.
  let columnNames: [String]
  /// The bytes before the first data record: the byte-order mark, the header record and its
  /// line terminator (if it has one).
  let headerBytes: [UInt8]
  /// The header's line terminator, used to end a last record that has none.
  let lineTerminator: [UInt8]
  /// The ECSV header, for an ECSV table.
  let ecsv: ECSVHeader?
  /// Where the header record starts in ``headerBytes`` (after a byte-order mark and an ECSV
  /// header).
  let headerRecordStart: Int

  var columnUnits: [String]? { ecsv.map { $0.columns.map(\.unit) } }
  var rowCount: Int? { nil }
  /// After a block, the rows of a file at the rate the rows read so far took its bytes, a
  /// percent over; `nil` before, or for a pipe or compressed input.
  var estimatedRowCount: Int? {
    let read = offset - headerBytes.count
    guard rowsRead > 0, read > 0, let totalBytes else { return nil }
    let data = Double(max(totalBytes - headerBytes.count, read))
    return Int(data / Double(read) * Double(rowsRead) * 1.01) + 16
  }
  /// The file's size, taken when it is opened (the input is the read ahead's after that).
  private let totalBytes: Int?
  var tableLocation: SourceLocation { SourceLocation(path: displayPath) }

  /// Rows are read in blocks of about this many bytes.
  static let blockBytes = 8 << 20

  private let input: ByteInput
  private let blockBytes: Int
  /// Blocks of at least this many bytes have their records found in parallel chunks.
  private let parallelBytes: Int
  private let runner: ParallelRunner
  private var scanner: RecordScanner
  private var buffers: [TextBuffer]
  private var blockNumber = 0
  /// The next block's bytes being read on a worker thread (into the buffer after this
  /// block's), while this block is cut: whether the input then ended.
  private var readAhead: BackgroundTask<Result<Bool, any Error>>?
  /// Bytes read but not yet scanned (an incomplete record), for the next block.
  private var carry: [UInt8] = []
  private var atEnd = false
  private var rowsRead = 0
  /// The file offset of the bytes the next block starts with.
  private var offset = 0

  /// Opens `path` (`-` for standard input) and reads its header.
  /// - Parameter blockBytes: the block size, smaller in tests to exercise many blocks.
  /// - Parameter parallelBytes: the block size from which records are found in parallel
  ///   chunks (of a quarter of it or more): by default a megabyte, or a quarter of a
  ///   smaller block size (tests), so that small blocks exercise the chunks too.
  /// - Throws: ``CatalogueError`` for an unreadable or empty file, or a bad header.
  /// - Parameter displayPath: the name for messages, when `path` stands in for another file
  ///   (standard input spooled to a temporary file).
  init(
    path: String, format: CatalogueFormat, displayPath: String? = nil,
    blockBytes: Int = TextRowSource.blockBytes,
    parallelBytes: Int? = nil, runner: ParallelRunner = .allCores
  ) throws {
    self.path = path
    self.parallelBytes = max(
      parallelBytes ?? min(RecordScanner.parallelBytes, max(blockBytes, 1) / 4), 4)
    self.runner = runner
    self.format = format
    self.blockBytes = max(blockBytes, 1)
    if path == Catalogue.standardStream {
      self.displayPath = "<stdin>"
      input = try DescriptorInput(path: path, displayPath: "<stdin>", standardInput: true)
    } else {
      self.displayPath = displayPath ?? path
      input =
        path.lowercased().hasSuffix(".gz")
        ? try GzipInput(path: path, displayPath: self.displayPath)
        : try DescriptorInput(path: path, displayPath: self.displayPath)
    }
    totalBytes = input.totalBytes
    var bytes: [UInt8] = []
    let start: Int
    (ecsv, start) = try Self.readPreamble(
      input: input, path: self.displayPath, bytes: &bytes, atEnd: &atEnd)
    headerRecordStart = start
    delimiter = ecsv?.delimiter ?? format.delimiter
    scanner = RecordScanner(delimiter: delimiter, path: self.displayPath)
    // Lines are counted from the file's first: an ECSV header's comment lines come before.
    scanner.line += ecsv.map { header in header.bytes.reduce(0) { $0 + ($1 == 10 ? 1 : 0) } } ?? 0
    buffers = [TextBuffer(), TextBuffer(), TextBuffer()]
    (columnNames, headerBytes, lineTerminator) = try Self.readHeader(
      input: input, path: self.displayPath, delimiter: delimiter, scanner: &scanner,
      bytes: bytes, start: start, carry: &carry, atEnd: &atEnd)
    offset = headerBytes.count
    if let ecsv, ecsv.columns.map(\.name) != columnNames {
      throw CatalogueError.malformedFile(
        SourceLocation(path: self.displayPath),
        reason: "the ECSV header lists the columns "
          + ecsv.columns.map { "'\($0.name)'" }.joined(separator: ", ")
          + " but the header row has " + columnNames.map { "'\($0)'" }.joined(separator: ", "))
    }
  }

  /// Reads the start of the file: skips a byte-order mark and reads a whole ECSV header if
  /// there is one. Returns it, and where the header record starts in `bytes`.
  private static func readPreamble(
    input: ByteInput, path: String, bytes: inout [UInt8], atEnd: inout Bool
  ) throws -> (ECSVHeader?, Int) {
    func more() throws {
      if try input.append(to: &bytes, upTo: 1 << 16) == 0 { atEnd = true }
    }
    while bytes.count < 16 && !atEnd { try more() }
    let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    guard bytes.count > start, ECSVHeader.starts(bytes, at: start) else { return (nil, start) }
    while true {
      if let end = ECSVHeader.blockEnd(bytes, from: start, atEnd: atEnd) {
        return (try ECSVHeader(bytes, from: start, to: end, path: path), end)
      }
      try more()
    }
  }

  /// Reads until the header record is complete; returns it, and leaves what follows it in
  /// `carry`.
  private static func readHeader(
    input: ByteInput, path: String, delimiter: UInt8, scanner: inout RecordScanner,
    bytes initial: [UInt8], start: Int, carry: inout [UInt8], atEnd: inout Bool
  ) throws -> ([String], [UInt8], [UInt8]) {
    var bytes = initial
    var first = true
    while true {
      if !first || bytes.count == start, !atEnd,
        try input.append(to: &bytes, upTo: 1 << 16) == 0
      {
        atEnd = true
      }
      first = false
      var records: [TextRecord] = []
      var counts: [Int] = []
      var probe = scanner
      let final = atEnd
      _ = try bytes.withUnsafeBufferPointer { buffer in
        try probe.scan(
          buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!, from: start, count: buffer.count,
          isFinal: final, into: &records, fieldCounts: &counts, maximum: 1)
      }
      guard let header = records.first, header.next > header.end || atEnd else {
        guard atEnd else { continue }
        throw CatalogueError.malformedFile(
          SourceLocation(path: path), reason: "the file is empty; expected a header row")
      }
      scanner = probe
      let headerEnd = header.next
      if let offset = bytes.withUnsafeBufferPointer({
        UTF8Check.firstInvalid(UnsafeBufferPointer(rebasing: $0[..<headerEnd]))
      }) {
        let line = bytes[..<offset].reduce(1) { $0 + ($1 == 10 ? 1 : 0) }
        throw CatalogueError.malformedFile(
          SourceLocation(path: path, line: line),
          reason: "invalid UTF-8 at byte \(offset + 1); CSV files must be UTF-8 (or ASCII)")
      }
      let names = bytes.withUnsafeBufferPointer { buffer in
        // Names padded with spaces or tabs (`' RA '`) are the names without them.
        buffer.baseAddress.map {
          TextFields.all($0, header, delimiter: delimiter).map { String($0.trimmingSpaces) }
        } ?? []
      }
      var seen: [String: Int] = [:]
      for (column, name) in names.enumerated() {
        if let earlier = seen[name] {
          throw CatalogueError.malformedFile(
            SourceLocation(path: path, line: header.line),
            reason: "columns \(earlier + 1) and \(column + 1) are both named '\(name)'")
        }
        seen[name] = column
      }
      carry = Array(bytes[headerEnd...])
      let terminator: [UInt8] = header.next - header.end == 2 ? [13, 10] : [10]
      return (names, Array(bytes[..<headerEnd]), terminator)
    }
  }

  func numericField(_ column: Int, role: String) throws -> NumericField {
    .text(column: column, delimiter: delimiter)
  }

  /// The next block of records, or `nil` at the end. A block stays valid until `next()` has
  /// been called twice more.
  /// Reads the rest of the table and returns how many records it holds (a part needs the
  /// total to find its slice; a merge reports its rows).
  func countRecords() throws -> Int {
    var count = 0
    while let block = try next() {
      count += block.count
      release(block)
    }
    return count
  }

  func next() throws -> RowBlock? {
    let buffer = buffers[blockNumber % 3]
    if let readAhead {
      // Read ahead, from the carry on.
      self.readAhead = nil
      atEnd = try readAhead.wait().get()
    } else {
      buffer.reset(with: carry)
    }
    carry = []
    var mismatch: (record: Int, fields: Int)?
    var from = 0
    while true {
      try Self.fill(buffer, from: input, upTo: blockBytes, atEnd: &atEnd)
      if runner.jobs > 1 && buffer.count - from >= parallelBytes {
        let scan = try scanner.scanInChunks(
          buffer.base, from: from, count: buffer.count, isFinal: atEnd,
          fields: columnNames.count, runner: runner, minimumChunk: parallelBytes / 4)
        scan.records(into: buffer.reserveRecords(scan.count), runner: runner)
        buffer.recordCount = scan.count
        mismatch = scan.firstMismatch
        from = scan.consumed
      } else {
        var (records, counts) = ([TextRecord](), [Int]())
        let scan = try scanner.scan(
          buffer.base, from: from, count: buffer.count, isFinal: atEnd, into: &records,
          fieldCounts: &counts)
        buffer.setRecords(records)
        mismatch = RecordScanner.firstMismatch(counts, fields: columnNames.count)
        from = scan.consumed
      }
      if buffer.recordCount > 0 || atEnd { break }
      // A record longer than the block: read more.
      if try buffer.read(input, upTo: blockBytes) == 0 { atEnd = true }
    }
    carry = Array(UnsafeBufferPointer(start: buffer.base + from, count: buffer.count - from))
    guard buffer.recordCount > 0 else { return nil }
    if let (record, fields) = mismatch {
      throw CatalogueError.malformedFile(
        SourceLocation(path: displayPath, line: buffer.records[record].line),
        reason: "\(fields) fields where the header has \(columnNames.count)")
    }
    offset += from
    blockNumber += 1
    let block = RowBlock(
      firstRow: rowsRead, count: buffer.recordCount,
      rows: .text(buffer.base, records: UnsafePointer(buffer.records)))
    rowsRead += block.count
    if !atEnd && runner.jobs > 1 { startReadingAhead() }
    return block
  }

  /// Starts reading the next block's bytes, after the carry, into the buffer whose block is no
  /// longer valid (two blocks back), on a worker thread; ``next()`` waits for it. The input
  /// and that buffer are the task's alone until then.
  private func startReadingAhead() {
    let work = ReadAhead(
      buffer: buffers[blockNumber % 3], input: input, carry: carry, blockBytes: blockBytes)
    readAhead = BackgroundTask {
      Result {
        work.buffer.reset(with: work.carry)
        var atEnd = false
        try Self.fill(work.buffer, from: work.input, upTo: work.blockBytes, atEnd: &atEnd)
        return atEnd
      }
    }
  }

  /// Reads into `buffer` until it holds `blockBytes` or the input ends.
  private static func fill(
    _ buffer: TextBuffer, from input: ByteInput, upTo blockBytes: Int, atEnd: inout Bool
  ) throws {
    while !atEnd && buffer.count < blockBytes {
      if try buffer.read(input, upTo: blockBytes - buffer.count) == 0 { atEnd = true }
    }
  }

  func location(row: Int, in block: RowBlock, column: String?) -> SourceLocation {
    guard case .text(_, let records) = block.rows else { return SourceLocation(path: displayPath) }
    return SourceLocation(path: displayPath, line: records[row].line, column: column)
  }

  /// The decoded text of a field, for messages and conversions.
  func field(_ column: Int, row: Int, in block: RowBlock) -> String {
    guard case .text(let bytes, let records) = block.rows else { return "" }
    return TextFields.decode(
      bytes, TextFields.bounds(bytes, records[row], column: column, delimiter: delimiter))
  }
}

/// What a read ahead works with. `@unchecked Sendable`: the source hands the buffer and the
/// input to the task and touches neither until it has waited for it.
private struct ReadAhead: @unchecked Sendable {
  let buffer: TextBuffer
  let input: ByteInput
  let carry: [UInt8]
  let blockBytes: Int
}

/// One of a text source's block buffers.
final class TextBuffer {
  private(set) var base: UnsafeMutablePointer<UInt8>
  private var capacity: Int
  private(set) var count = 0
  /// The block's records, in memory that stays put until the next `reset`.
  private(set) var records = UnsafeMutablePointer<TextRecord>.allocate(capacity: 1)
  private var recordCapacity = 1
  /// How many of ``records`` are the block's.
  var recordCount = 0

  init() {
    capacity = 1 << 16
    base = .allocate(capacity: capacity)
  }

  deinit {
    base.deallocate()
    records.deallocate()
  }

  /// Room for `count` records (what was there is dropped).
  func reserveRecords(_ count: Int) -> UnsafeMutablePointer<TextRecord> {
    if count > recordCapacity {
      records.deallocate()
      recordCapacity = max(count, recordCapacity * 2)
      records = .allocate(capacity: recordCapacity)
    }
    return records
  }

  /// Makes `found` the block's records.
  func setRecords(_ found: [TextRecord]) {
    let target = reserveRecords(found.count)
    found.withUnsafeBufferPointer { source in
      if let from = source.baseAddress { target.update(from: from, count: source.count) }
    }
    recordCount = found.count
  }

  /// Empties the buffer and starts it with `bytes`.
  func reset(with bytes: [UInt8]) {
    count = 0
    recordCount = 0
    reserve(bytes.count)
    bytes.withUnsafeBufferPointer { source in
      if let from = source.baseAddress { base.update(from: from, count: source.count) }
    }
    count = bytes.count
  }

  /// Makes room for `total` bytes, keeping the contents.
  func reserve(_ total: Int) {
    guard total > capacity else { return }
    let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: total)
    grown.update(from: base, count: count)
    base.deallocate()
    base = grown
    capacity = total
  }

  /// Reads up to `limit` more bytes from `input`; returns how many (0 at the end).
  func read(_ input: ByteInput, upTo limit: Int) throws -> Int {
    reserve(count + limit)
    let got = try input.read(into: base + count, count: limit)
    count += got
    return got
  }
}
