/// Writes rows of a text table as text: with the same delimiter, each record's bytes as they
/// are (the header too), the added fields appended before the line terminator; with another
/// delimiter (CSV ↔ TSV, space-separated ECSV → CSV), the fields decoded and quoted again as
/// that delimiter needs. ECSV in, ECSV out keeps the ECSV header, with a line for each added
/// column; ECSV in, CSV or TSV out drops it.
final class TextCopySink: RowSink {
  private let source: TextRowSource
  private let delimiter: UInt8
  private let added: [AddedColumn]
  private let sink: ByteSink
  /// For an ECSV output, its comment block (the input's, declaring the added columns).
  private let ecsvHeader: [UInt8]?
  private var ecsv: Bool { ecsvHeader != nil }
  let pending: OutputFile?

  init(source: TextRowSource, _ request: SinkRequest, format: CatalogueFormat) throws {
    self.source = source
    if format == .ecsv, let header = source.ecsv {
      guard let block = header.adding(request.added) else {
        throw CatalogueError.invalidArgument(
          "\(request.path): the ECSV header lists its columns in flow style ([ … ]), where "
            + "SkyCut cannot declare added columns; name the output .csv")
      }
      ecsvHeader = block
    } else {
      ecsvHeader = nil
    }
    delimiter = ecsvHeader != nil ? source.delimiter : format.delimiter
    added = request.added
    (sink, pending) = try ByteSink.open(request.path, overwrite: request.overwrite)
    do {
      try writeHeader()
    } catch {
      discard()
      throw error
    }
  }

  private var copies: Bool { delimiter == source.delimiter }
  private var separator: String { String(UnicodeScalar(delimiter)) }

  private func writeHeader() throws {
    if let header = source.ecsv {
      guard ecsv else {
        try sink.write(line(source.columnNames + added.map(\.name)))
        return
      }
      try sink.write(source.headerBytes[..<(source.headerRecordStart - header.bytes.count)])
      try sink.write(ecsvHeader ?? [])
    }
    let start = source.ecsv == nil ? 0 : source.headerRecordStart
    if copies && added.isEmpty {
      try sink.write(source.headerBytes[start...])
      return
    }
    if copies {
      // The header up to its line terminator, then the new names.
      var header = source.headerBytes[start...]
      while let last = header.last, last == 10 || last == 13 { header = header.dropLast() }
      try sink.write(header)
      try sink.write(
        added.map { separator + TextFields.escape($0.name, delimiter: delimiter) }.joined())
      try sink.write(source.lineTerminator)
      return
    }
    try sink.write(line(source.columnNames + added.map(\.name)))
  }

  func write(_ block: RowBlock, rows: RowList, added values: [AddedColumn.Values]) throws {
    guard case .text(let bytes, let records) = block.rows else {
      preconditionFailure("a text sink fed a FITS block")
    }
    // Records copied whole that follow one another in the block's bytes go out as one run.
    var run = 0..<0
    func flushRun() throws {
      guard !run.isEmpty else { return }
      try sink.write(UnsafeBufferPointer(start: bytes + run.lowerBound, count: run.count))
      run = 0..<0
    }
    for (index, row) in rows.enumerated() {
      let record = records[row]
      if copies && values.isEmpty && record.next > record.end && bytes[record.next - 1] == 10 {
        if record.start == run.upperBound && !run.isEmpty {
          run = run.lowerBound..<record.next
        } else {
          try flushRun()
          run = record.start..<record.next
        }
        continue
      }
      try flushRun()
      if !copies {
        // Field by field as bytes, so that bytes that are not UTF-8 pass through untouched.
        var fields = TextFields.allBytes(bytes, record, delimiter: source.delimiter)
        fields += values.map { Array((ecsv ? $0.ecsvText(index) : $0.text(index)).utf8) }
        var output: [UInt8] = []
        for (number, field) in fields.enumerated() {
          if number > 0 { output.append(delimiter) }
          output += TextFields.escape(bytes: field, delimiter: delimiter)
        }
        output.append(10)
        try sink.write(output)
      } else {
        try sink.write(
          UnsafeBufferPointer(start: bytes + record.start, count: record.end - record.start))
        if !values.isEmpty {
          try sink.write(
            values.map { separator + (ecsv ? $0.ecsvText(index) : $0.text(index)) }.joined())
        }
        try sink.write(source.lineTerminator)
      }
    }
    try flushRun()
  }

  /// Fields quoted for this delimiter, one line ending in LF.
  private func line(_ fields: [String]) -> String {
    fields.map { TextFields.escape($0, delimiter: delimiter) }.joined(separator: separator) + "\n"
  }

  func finish(rowsRead: Int, rowsRemoved: Int) throws { try sink.close() }

  func discard() { pending?.discard() }
}
