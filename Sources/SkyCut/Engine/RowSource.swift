/// Where the rows of a table come from, block by block: a FITS table or a text table.
///
/// Sources are used on one thread (the engine's reading thread); only their blocks cross to
/// the cut's threads.
protocol RowSource: AnyObject {
  /// The path as the user gave it, for messages.
  var displayPath: String { get }
  /// The file's format.
  var format: CatalogueFormat { get }
  /// The table's column names, in order.
  var columnNames: [String] { get }
  /// The columns' units (FITS `TUNITn`), or `nil` for a format without units.
  var columnUnits: [String]? { get }
  /// The number of rows, when known before reading them.
  var rowCount: Int? { get }
  /// The number of rows, or once a block has been read an estimate of it (the rows of a
  /// text file, from the bytes the rows read so far took), for the memory to expect.
  var estimatedRowCount: Int? { get }
  /// Where the table is, for messages about the table as a whole.
  var tableLocation: SourceLocation { get }

  /// How to read numeric column `column` from this source's blocks. Ask for every column
  /// before the first ``next()``.
  /// - Parameter role: what the column is for, for messages (`a coordinate`, `a radius`).
  /// - Throws: ``CatalogueError/invalidValue(_:expected:_:)`` for a column that is not a
  ///   numeric scalar.
  func numericField(_ column: Int, role: String) throws -> NumericField

  /// The next block, or `nil` after the last. A block stays valid until `next()` has been
  /// called twice more (a source keeps two blocks' buffers at least), so that one block can
  /// be cut while the one before it is written and the one after it read.
  func next() throws -> RowBlock?

  /// Called when a block has been written: its memory may be given back.
  func release(_ block: RowBlock)

  /// The location of row `row` of `block`, for messages.
  func location(row: Int, in block: RowBlock, column: String?) -> SourceLocation

  /// Field `column` of row `row` of `block` as text, for messages.
  func field(_ column: Int, row: Int, in block: RowBlock) -> String
}

extension RowSource {
  func release(_ block: RowBlock) {}
  var estimatedRowCount: Int? { rowCount }
}

/// Opening the right source for a file.
enum RowSources {
  /// The source for the table `options` names in the file at `path` (`-` for CSV on
  /// standard input).
  /// - Parameter blockBytes: the block size, smaller in tests to exercise many blocks.
  static func open(path: String, options: CatalogueReadOptions, blockBytes: Int? = nil) throws
    -> any RowSource
  {
    let format = try CatalogueFormat.inferred(fromPath: path)
    if format.isFITS {
      return try FITSRowSource(
        path: path, hdu: options.hdu, blockBytes: blockBytes ?? FITSRowSource.blockBytes)
    }
    return try TextRowSource(
      path: path, format: format, blockBytes: blockBytes ?? TextRowSource.blockBytes)
  }
}
