import CCFITSIO
import Dispatch

/// The fast path for FITS → FITS: one pass over the objects table in blocks of raw rows.
///
/// Each block is read as bytes (`ffgtbb`), its coordinates are decoded from those bytes and
/// cut in parallel chunks against the contaminant index, and its kept rows are packed and
/// written (`ffptbb`). Only the contaminant index and one block are in memory, so memory does
/// not grow with the number of objects, and every kept row is written byte for byte.
enum FITSStreamingCleaner {
  /// Rows are processed in blocks of about this many bytes.
  static let blockBytes = 32 << 20

  /// Runs the request, or returns `nil` when the objects table needs the general path (an
  /// ASCII table, variable-length arrays, or coordinates SkyCut cannot decode from bytes).
  /// `blockBytes` is the block size, smaller in tests to exercise many blocks.
  static func clean(
    _ request: CleaningRequest, outputPath: String, contaminants: [Catalogue],
    blockBytes: Int = Self.blockBytes
  ) throws -> CleaningSummary? {
    let start = DispatchTime.now()
    let input = try FITSFile.open(readingAtPath: request.objectsPath)
    defer { try? input.close() }
    let tableNumber = try FITSCatalogueReader.moveToTable(input, request.objectOptions.hdu)
    guard try input.currentHDUType() == .binaryTable else { return nil }
    let columns = try input.columns()
    guard !columns.contains(where: { $0.typeCode < 0 }),
      (input.doubleKeyword("PCOUNT") ?? 0) == 0
    else { return nil }
    let (coordinates, indices) = try CoordinateResolver.resolve(
      names: columns.map(\.name), units: columns.map(\.unit), options: request.objectOptions,
      at: input.location())
    try FITSCatalogueReader.checkNumericScalar(columns[indices.0], input)
    try FITSCatalogueReader.checkNumericScalar(columns[indices.1], input)
    let width = try input.rowWidth()
    guard let layout = BinaryRowLayout(columns: columns, rowWidth: width),
      let first = ColumnDecoder(
        column: columns[indices.0], offset: layout.offsets[indices.0], file: input),
      let second = ColumnDecoder(
        column: columns[indices.1], offset: layout.offsets[indices.1], file: input)
    else { return nil }

    var clock = PhaseClock(start: start)
    clock.lap(\.read)
    let indexes = try contaminants.map {
      try $0.contaminantIndex(in: coordinates.frame, maxsep: request.maxsep, runner: request.runner)
    }
    let kernel = BlockKernel(
      first: first, second: second, converter: CoordinateConverter(columns: coordinates),
      indexes: indexes, width: width, invalidRows: request.objectOptions.invalidRows,
      runner: request.runner)
    let rows = try input.rowCount()
    clock.lap(\.cut)

    let output = try OutputFile(path: outputPath, overwrite: request.overwrite)
    do {
      let writer = try FITSFile.create(atPath: output.temporaryPath, displayPath: outputPath)
      defer { try? writer.close() }
      // The count removed is not known before the rows: SCNREMOV is set in place after them.
      var totals = BlockPipeline.Totals()
      try input.copy(
        to: writer, replacingRowsOf: tableNumber,
        provenance: request.provenance(contaminants: contaminants, rowsRead: rows, rowsRemoved: 0)
      ) {
        clock.lap(\.write)
        totals = try streamRows(
          request, input: input, writer: writer, rows: rows, width: width, kernel: kernel,
          coordinates: coordinates, blockBytes: blockBytes, clock: &clock)
        try writer.setKeyword("SCNREMOV", integer: totals.removed, comment: "SkyCut rows removed")
      }
      try writer.close()
      try output.commit()
      clock.lap(\.write)
      return CleaningSummary(
        objectsRead: rows, contaminantsRead: contaminants.reduce(0) { $0 + $1.rowCount },
        removed: totals.removed, kept: totals.written, invalidObjects: totals.invalid,
        invalidContaminants: contaminants.reduce(0) { $0 + $1.invalidRows.count },
        outputPath: outputPath, objectCoordinates: coordinates,
        contaminants: request.contaminantSummaries(contaminants, removedBy: totals.removedBy),
        readSeconds: clock.read, cutSeconds: clock.cut, writeSeconds: clock.write,
        totalSeconds: clock.elapsed)
    } catch {
      output.discard()
      throw error
    }
  }

  /// Streams the table's rows through the cut into `writer`.
  private static func streamRows(
    _ request: CleaningRequest, input: FITSFile, writer: FITSFile, rows: Int, width: Int,
    kernel: BlockKernel, coordinates: CoordinateColumns, blockBytes: Int,
    clock: inout PhaseClock
  ) throws -> BlockPipeline.Totals {
    // An uncompressed table is read through a memory mapping, a compressed one by CFITSIO.
    var source = BlockPipeline.Source.read
    if !request.objectsPath.lowercased().hasSuffix(".gz"),
      let mapped = MappedFile(path: request.objectsPath)
    {
      let dataOffset = try input.hduByteRange().data
      if dataOffset + rows * width <= mapped.bytes.count {
        source = .mapped(mapped, dataOffset: dataOffset)
      }
    }
    var pipeline = BlockPipeline(
      input: input, source: source, writer: writer, rows: rows, width: width,
      blockRows: max(1, min(blockBytes / max(width, 1), max(rows, 1))), kernel: kernel,
      runner: request.runner, coordinates: coordinates)
    pipeline.progress = { request.report(.cutting, $0, of: rows) }
    request.report(.cutting, 0, of: rows)
    let totals = try pipeline.run(clock: &clock)
    request.report(.writing, rows, of: rows)
    return totals
  }

}

/// Seconds spent per phase, added up lap by lap.
struct PhaseClock {
  private let start: DispatchTime
  private var last: DispatchTime
  var read = 0.0
  var cut = 0.0
  var write = 0.0
  /// Time not charged to a phase (waiting for the cut to finish).
  var waiting = 0.0

  init(start: DispatchTime) {
    self.start = start
    last = start
  }

  /// Seconds since the start.
  var elapsed: Double {
    Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
  }

  /// Adds the time since the previous lap to `phase`.
  mutating func lap(_ phase: WritableKeyPath<PhaseClock, Double>) {
    let now = DispatchTime.now()
    self[keyPath: phase] += Double(now.uptimeNanoseconds - last.uptimeNanoseconds) / 1e9
    last = now
  }
}
