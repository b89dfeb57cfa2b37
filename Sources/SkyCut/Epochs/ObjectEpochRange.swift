/// The range of the objects' own epochs (`--object-epoch-column`), for the moving layers'
/// index: the one given, or found by a first pass over the column.
enum ObjectEpochRange {
  /// The range for `column` of `objects`: `given`, or the smallest and largest of its values
  /// (and `fallback`, the epoch of rows without one, when it is a number).
  /// - Throws: ``CatalogueError/invalidArgument(_:)`` when it must be found from standard
  ///   input or the column has no epochs.
  static func find(
    column: String, given: ClosedRange<Double>?, fallback: Double, objects: ObjectsInput,
    options: CatalogueReadOptions
  ) throws -> ClosedRange<Double> {
    if let given { return given }
    if objects.path == Catalogue.standardStream {
      throw CatalogueError.invalidArgument(
        "objects on standard input are read once: give --epoch-range for their epochs")
    }
    let source = try objects.open(options, blockBytes: nil)
    let index = try ColumnResolver.resolve(
      column, in: source.columnNames, at: source.tableLocation)
    let field = try source.numericField(index, role: "an epoch")
    var low = fallback.isFinite ? fallback : .infinity
    var high = fallback.isFinite ? fallback : -.infinity
    while let block = try source.next() {
      for row in 0..<block.count {
        // Text that is not a number is reported by the cut, at the row, if it matters.
        if let value = field.value(row, in: block), value.isFinite {
          low = min(low, value)
          high = max(high, value)
        }
      }
      source.release(block)
    }
    guard low <= high else {
      throw CatalogueError.invalidArgument(
        "\(source.displayPath): column '\(column)' holds no epochs (give --epoch for rows "
          + "without one)")
    }
    return low...high
  }
}
