import Foundation

/// A block's records found in parallel chunks, with exactly the records, lines and field
/// counts that one serial ``RecordScanner/scan(_:from:count:isFinal:into:fieldCounts:maximum:)``
/// finds.
///
/// Whether a byte lies inside quotes is the parity of the quotes before it since the block's
/// first record (every record ends outside quotes, so it holds an even number of them): each
/// chunk counts its quotes, a prefix gives each chunk the state it starts in, and each chunk
/// then begins at its first line break outside quotes. Chunks are scanned as the serial
/// scanner scans (from a record start, so blank lines and quoted line breaks are decided the
/// same way), their line numbers offset by the lines of the chunks before.
extension RecordScanner {
  /// Blocks shorter than this are scanned serially: the chunks' overhead is not worth it.
  static let parallelBytes = 1 << 20

  /// What a chunked scan found, chunk by chunk: ``records(into:runner:)`` puts the records
  /// together.
  struct ChunkedScan: Sendable {
    fileprivate var parts: [ChunkPart] = []
    /// Where each part's records go among all the records, and the line it starts on.
    fileprivate var firsts: [Int] = []
    fileprivate var lines: [Int] = []
    /// The number of records found.
    var count = 0
    /// Where the bytes not yet scanned begin.
    var consumed: Int
    /// The first record whose field count is not the one asked for: its index among the
    /// records, and its count.
    var firstMismatch: (record: Int, fields: Int)? = nil

    /// Writes the records, in order and with their lines, to `records[0 ..< count]`, each
    /// chunk's on a thread of its own.
    func records(into records: UnsafeMutablePointer<TextRecord>, runner: ParallelRunner) {
      // Each chunk writes its own range of the records.
      let target = DisjointWrites(base: records)
      _ = runner.mapChunks(ChunkSplitter(count: parts.count, chunks: max(parts.count, 1))) {
        chunk, _ in
        guard chunk < parts.count else { return }
        let (first, offset) = (firsts[chunk], lines[chunk])
        for (index, record) in parts[chunk].records.enumerated() {
          var record = record
          record.line += offset
          (target.base + first + index).initialize(to: record)
        }
      }
    }
  }

  /// Scans `bytes[start ..< count]` as ``scan(_:from:count:isFinal:into:fieldCounts:maximum:)``
  /// does, in chunks of at least `minimumChunk` bytes on `runner`'s threads; records whose
  /// field count is not `fields` are reported, the first one, in ``ChunkedScan``.
  mutating func scanInChunks(
    _ bytes: UnsafePointer<UInt8>, from start: Int, count: Int, isFinal: Bool, fields: Int,
    runner: ParallelRunner, minimumChunk: Int = RecordScanner.parallelBytes / 4
  ) throws -> ChunkedScan {
    let length = count - start
    let chunks = max(1, min(runner.jobs * 4, length / max(minimumChunk, 1)))
    let text = SharedText(base: bytes)
    let boundaries = (0...chunks).map { start + length * $0 / chunks }
    let starts = Self.chunkStarts(text, boundaries: boundaries, end: count, runner: runner)
    guard starts.count > 1 else { return ChunkedScan(consumed: start) }
    let (delimiter, path) = (self.delimiter, self.path)
    let parts = runner.mapChunks(ChunkSplitter(count: starts.count - 1, chunks: starts.count - 1)) {
      chunk, _ in
      Result { () throws -> ChunkPart in
        var scanner = RecordScanner(delimiter: delimiter, path: path, line: 0)
        var part = ChunkPart()
        var counts: [Int] = []
        // Every chunk but the one reaching `count` ends just after a line break.
        let scan = try scanner.scan(
          text.base, from: starts[chunk], count: starts[chunk + 1],
          isFinal: starts[chunk + 1] == count ? isFinal : true, into: &part.records,
          fieldCounts: &counts)
        part.consumed = scan.consumed
        part.lines = scanner.line
        part.firstMismatch = Self.firstMismatch(counts, fields: fields)
        return part
      }
    }
    var scan = ChunkedScan(consumed: start)
    for result in parts {
      let part: ChunkPart
      do {
        part = try result.get()
      } catch CatalogueError.malformedFile(let location, let reason) {
        // The chunk numbered its lines from 0.
        throw CatalogueError.malformedFile(
          SourceLocation(path: location.path, line: line + (location.line ?? 0)), reason: reason)
      }
      if scan.firstMismatch == nil, let (record, fields) = part.firstMismatch {
        scan.firstMismatch = (scan.count + record, fields)
      }
      scan.firsts.append(scan.count)
      scan.lines.append(line)
      scan.parts.append(part)
      scan.count += part.records.count
      line += part.lines
      scan.consumed = part.consumed
    }
    return scan
  }

  /// The first of `counts` that is not `fields`: its index and value.
  static func firstMismatch(_ counts: [Int], fields: Int) -> (record: Int, fields: Int)? {
    counts.firstIndex { $0 != fields }.map { ($0, counts[$0]) }
  }

  /// One chunk's records, lines numbered from 0.
  fileprivate struct ChunkPart: Sendable {
    var records: [TextRecord] = []
    var lines = 0
    var consumed = 0
    var firstMismatch: (Int, Int)?
  }

  /// Where each chunk's first record starts: the first, at its boundary (a record start); the
  /// others, just after the first line break outside quotes at or after their boundary (or
  /// the end); chunks that would start where an earlier one starts or later than the end
  /// are dropped, and `end` closes the last. At least one start is returned, `end` only
  /// when the range is empty.
  private static func chunkStarts(
    _ text: SharedText, boundaries: [Int], end: Int, runner: ParallelRunner
  ) -> [Int] {
    let chunks = boundaries.count - 1
    let splitter = ChunkSplitter(count: chunks, chunks: chunks)
    let odd = runner.mapChunks(splitter) { chunk, _ in
      // Most chunks hold no quote at all: `memchr` says so faster than counting them (each
      // chunk its own bytes: over the whole block, it ran first, on the calling thread).
      let range = boundaries[chunk]..<boundaries[chunk + 1]
      return memchr(text.base + range.lowerBound, Int32(UInt8(ascii: "\"")), range.count) != nil
        && quoteCount(text.base, range) & 1 == 1
    }
    var quoted = [Bool](repeating: false, count: chunks)
    for chunk in 1..<max(chunks, 1) { quoted[chunk] = quoted[chunk - 1] != odd[chunk - 1] }
    let states = quoted
    let starts = runner.mapChunks(splitter) { chunk, _ in
      chunk == 0
        ? boundaries[0]
        : recordStart(text.base, from: boundaries[chunk], end: end, quoted: states[chunk])
    }
    // Chunks that start at the same record are one chunk.
    var distinct = [starts[0]]
    for next in starts.dropFirst() + [end] where next > distinct[distinct.count - 1] {
      distinct.append(next)
    }
    return distinct
  }

  /// The number of quote bytes in `range`, eight bytes at a time.
  private static func quoteCount(_ bytes: UnsafePointer<UInt8>, _ range: Range<Int>) -> Int {
    let quote = ByteWords.repeated(UInt8(ascii: "\""))
    var count = 0
    var i = range.lowerBound
    while i + 8 <= range.upperBound {
      count &+= ByteWords.markCount(ByteWords.matches(ByteWords.load(bytes + i), quote))
      i += 8
    }
    while i < range.upperBound {
      if bytes[i] == UInt8(ascii: "\"") { count &+= 1 }
      i += 1
    }
    return count
  }

  /// Just after the first line break outside quotes at or after `position`, starting inside
  /// quotes when `quoted`; `end` when there is none.
  private static func recordStart(
    _ bytes: UnsafePointer<UInt8>, from position: Int, end: Int, quoted: Bool
  ) -> Int {
    var inside = quoted
    for i in position..<end {
      if bytes[i] == UInt8(ascii: "\"") {
        inside.toggle()
      } else if bytes[i] == 10 && !inside {
        return i + 1
      }
    }
    return end
  }
}

/// A block's bytes, read by the chunks' threads while no one writes them.
private struct SharedText: @unchecked Sendable {
  let base: UnsafePointer<UInt8>
}
