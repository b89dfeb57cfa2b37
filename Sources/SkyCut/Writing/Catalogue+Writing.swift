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

  /// Writes the selected rows through the engine: the file is read again, block by block,
  /// and the rows written as the cut writes them.
  func write(_ selection: RowSelection, to path: String, options: WriteOptions) throws {
    try CatalogueError.wrapping {
      let target = try CatalogueFormat.inferred(forWritingTo: path)
      if path == self.path && path != Self.standardStream {
        throw CatalogueError.outputExists(path: path)
      }
      try AddedColumn.checkNames(
        options.addedColumns.map(\.name), against: columnNames, path: self.path)
      let source = try reopen()
      var kinds: TextColumnKinds?
      if target.isFITS, let text = source as? TextRowSource {
        kinds = try TextColumnKinds.infer(
          path: text.path, format: format, displayPath: text.displayPath)
      }
      let sink = try RowSinks.make(
        for: source,
        SinkRequest(
          path: path, overwrite: options.overwrite, added: options.addedColumns.map(\.header),
          provenance: options.provenance, coordinates: coordinates, textKinds: kinds))
      do {
        let pipeline = RowPipeline(
          source: source,
          decider: SelectionDecider(rows: selection.rows, columns: options.addedColumns),
          kept: sink, rejected: nil, coordinates: coordinates, coordinateIndices: (0, 0))
        var clock = PhaseClock()
        _ = try pipeline.run(catalogues: 0, clock: &clock)
        try sink.finish(
          rowsRead: options.provenance?.rowsRead ?? rowCount,
          rowsRemoved: options.provenance?.rowsRemoved ?? (rowCount - selection.rows.count))
      } catch {
        sink.discard()
        throw error
      }
      try OutputFile.commitAll(sink.pending.map { [$0] } ?? [])
    }
  }

  /// The catalogue's table, to read again.
  private func reopen() throws -> any RowSource {
    if let spool {
      return try TextRowSource(path: spool.path, format: format, displayPath: "<stdin>")
    }
    return try RowSources.open(
      path: path, options: CatalogueReadOptions(hdu: extensionNumber.map { .number($0) }))
  }
}
