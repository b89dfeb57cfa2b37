/// Where the rows of one output go: a writer for its format that appends the added columns
/// to each row as it writes it.
///
/// A sink writes to a temporary file (``OutputFile``) that is renamed into place only when the
/// whole run has succeeded, or to standard output.
protocol RowSink: AnyObject {
  /// Writes rows `rows` (block-relative, increasing) of `block`, with `added[k]` holding the
  /// values of the k-th added column for those rows.
  func write(_ block: RowBlock, rows: RowList, added: [AddedColumn.Values]) throws

  /// Completes the file with what is known only at the end (the counts in the provenance),
  /// and closes it. It is not yet in place.
  func finish(rowsRead: Int, rowsRemoved: Int) throws

  /// The finished file, to rename into place; `nil` for standard output.
  var pending: OutputFile? { get }

  /// Removes the temporary file after a failure.
  func discard()
}

/// What every sink needs to know.
struct SinkRequest {
  /// The output's path (`-` for standard output).
  var path: String
  var overwrite: Bool
  /// The added columns, without values (see ``AddedColumn/header``).
  var added: [AddedColumn]
  /// The cut to record in a FITS header, if any.
  var provenance: CutProvenance?
  /// The source's coordinate columns, whose units a FITS table made from text records.
  var coordinates: CoordinateColumns?
  /// The kinds of a text source's columns, for a FITS output (see ``TextColumnKinds``).
  var textKinds: TextColumnKinds?
  /// The threads a sink may pack rows on.
  var runner: ParallelRunner = .allCores
}

/// Opening the right sink for a source and an output format.
enum RowSinks {
  /// A sink that writes rows of `source` to `request.path`, in the format its name implies.
  /// - Throws: ``CatalogueError`` when the output cannot be created, or cannot hold the
  ///   source's columns or the added ones.
  static func make(for source: any RowSource, _ request: SinkRequest) throws -> any RowSink {
    let target = try CatalogueFormat.inferred(forWritingTo: request.path)
    let source = (source as? SlicedRowSource)?.base ?? source
    if target == .ecsv && (source as? TextRowSource)?.ecsv == nil {
      throw CatalogueError.invalidArgument(
        "\(request.path): SkyCut writes ECSV from ECSV input only; name the output .csv")
    }
    switch (source, target.isFITS) {
    case (let fits as FITSRowSource, true):
      return try FITSTableSink(source: fits, request)
    case (let fits as FITSRowSource, false):
      return try FITSTextSink(source: fits, request, format: target)
    case (let text as TextRowSource, true):
      guard let kinds = request.textKinds else {
        preconditionFailure("a FITS output of a text source needs the columns' kinds")
      }
      return try TextFITSSink(source: text, kinds: kinds, request)
    case (let text as TextRowSource, false):
      return try TextCopySink(source: text, request, format: target)
    default:
      preconditionFailure("a source of an unknown kind")
    }
  }
}
