extension Catalogue {
  /// Options for writing a catalogue.
  public struct WriteOptions: Sendable {
    /// Replace an existing output file.
    public var overwrite: Bool
    /// The cut to record in a FITS header; `nil` records nothing.
    public var provenance: CutProvenance?
    /// Columns to add to every row written (flag, separation, count), after the others.
    public var addedColumns: [AddedColumn]

    public init(
      overwrite: Bool = false, provenance: CutProvenance? = nil, addedColumns: [AddedColumn] = []
    ) {
      self.overwrite = overwrite
      self.provenance = provenance
      self.addedColumns = addedColumns
    }
  }

  /// Writes this catalogue without the given rows; the format follows `path`'s extension.
  ///
  /// FITS to FITS keeps every HDU, keyword and column and copies each kept row byte for byte;
  /// CSV to CSV copies the header and kept lines byte for byte; across formats every scalar
  /// column is converted (a column the target cannot hold is an error). The file is written
  /// to a temporary name in the same directory and renamed into place when complete.
  ///
  /// - Parameters:
  ///   - removed: 0-based rows to leave out, in increasing order.
  ///   - path: the output file.
  ///   - options: whether to overwrite, and what provenance to record.
  /// - Throws: ``CatalogueError``; on error no output file is left behind.
  public func write(removingRows removed: [Int], to path: String, options: WriteOptions = .init())
    throws
  {
    try write(RowSelection.complement(of: removed, total: rowCount), to: path, options: options)
  }

  /// Writes only the given rows (0-based, increasing), as ``write(removingRows:to:options:)``
  /// does.
  public func write(keepingRows kept: [Int], to path: String, options: WriteOptions = .init())
    throws
  {
    try write(RowSelection(rows: kept, total: rowCount), to: path, options: options)
  }

  func write(_ selection: RowSelection, to path: String, options: WriteOptions) throws {
    try CatalogueError.wrapping {
      try writePending(selection, to: path, options: options)?.commitOrDiscard()
    }
  }

  /// Writes the selected rows to a temporary file and returns it, not yet renamed into place,
  /// so that a caller writing two files can commit both only once both are complete; `nil`
  /// for standard output, which is written as it goes.
  func writePending(_ selection: RowSelection, to path: String, options: WriteOptions)
    throws -> OutputFile?
  {
    let target = try CatalogueFormat.inferred(forWritingTo: path)
    if path == self.path && path != Self.standardStream {
      throw CatalogueError.outputExists(path: path)
    }
    try AddedColumn.checkNames(
      options.addedColumns.map(\.name), against: columnNames, path: self.path)
    let added = options.addedColumns
    if target.isFITS && format.isFITS && !added.isEmpty {
      let table = extensionNumber ?? 1
      let type = try FITSFile.withFile(readingAtPath: self.path) { try $0.moveToExtension(table) }
      if type == .asciiTable {
        throw CatalogueError.invalidArgument(
          "\(self.path)[\(table)] is an ASCII table, to which SkyCut cannot add columns: "
            + "write the output as CSV, or convert the table to a binary one first")
      }
    }
    if path == Self.standardStream {
      // CSV on standard output: written as it goes, with nothing to rename.
      let sink = try ByteSink(standardOutput: ())
      if let text, text.delimiter == target.delimiter {
        try DelimitedTextWriter.copy(text, selection: selection, added: added, to: sink)
      } else if let text {
        try DelimitedTextWriter.convert(
          text, selection: selection, delimiter: target.delimiter, added: added, to: sink)
      } else {
        try FITSToTextConverter.write(
          from: self, selection: selection, delimiter: target.delimiter,
          formatName: target.description, added: added, to: sink)
      }
      try sink.close()
      return nil
    }
    let output = try OutputFile(path: path, overwrite: options.overwrite)
    do {
      switch (format.isFITS, target.isFITS) {
      case (true, true):
        try FITSTableCopier.write(
          from: self, selection: selection, to: output, provenance: options.provenance)
      case (false, true):
        guard let text else { preconditionFailure("a text catalogue keeps its text") }
        try TextToFITSConverter.write(
          from: self, text: text, selection: selection, to: output,
          provenance: options.provenance)
      case (true, false):
        let sink = try ByteSink(creating: output.temporaryPath, reportedPath: path)
        try FITSToTextConverter.write(
          from: self, selection: selection, delimiter: target.delimiter,
          formatName: target.description, added: added, to: sink)
        try sink.close()
      case (false, false):
        guard let text else { preconditionFailure("a text catalogue keeps its text") }
        let sink = try ByteSink(creating: output.temporaryPath, reportedPath: path)
        if text.delimiter == target.delimiter {
          try DelimitedTextWriter.copy(text, selection: selection, added: added, to: sink)
        } else {
          try DelimitedTextWriter.convert(
            text, selection: selection, delimiter: target.delimiter, added: added, to: sink)
        }
        try sink.close()
      }
      if target.isFITS && !added.isEmpty {
        try FITSFile.appendColumns(
          added, rows: selection.rows, toTable: format.isFITS ? (extensionNumber ?? 1) : 1,
          of: output.temporaryPath, displayPath: path)
      }
      return output
    } catch {
      output.discard()
      throw error
    }
  }
}
