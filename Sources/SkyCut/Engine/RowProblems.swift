/// Turns the rows that stop a pass over the objects into its error: text that is not a number
/// stops it at once; unusable coordinates (under ``InvalidRowPolicy/error``) are counted to the
/// end of the table first, so that the message can say how many there are.
struct RowProblems {
  let source: any RowSource
  /// The coordinate columns (their names and indices), for messages.
  let coordinates: CoordinateColumns
  let coordinateIndices: (Int, Int)
  /// The objects' epoch column (its index and name), with per-row epochs.
  var epochColumn: (index: Int, name: String)?
  /// The first unusable coordinate and where it is, with every such row counted.
  private(set) var failure: (invalid: InvalidCoordinates, location: SourceLocation)?

  init(source: any RowSource, coordinates: CoordinateColumns, coordinateIndices: (Int, Int)) {
    self.source = source
    self.coordinates = coordinates
    self.coordinateIndices = coordinateIndices
  }

  /// Whether an unusable coordinate has been seen: the pass only counts from then on.
  var failed: Bool { failure != nil }

  /// Throws for text that is not a number; counts an unusable coordinate.
  mutating func record(_ problem: RowProblem, in block: RowBlock) throws {
    switch problem {
    case .notANumber(let row, let column):
      let index = column == 0 ? coordinateIndices.0 : coordinateIndices.1
      let name = column == 0 ? coordinates.first : coordinates.second
      throw CatalogueError.invalidValue(
        source.field(index, row: row, in: block), expected: "a number",
        source.location(row: row, in: block, column: name))
    case .epoch(let row, let expected):
      let column = epochColumn ?? (0, "")
      throw CatalogueError.invalidValue(
        source.field(column.index, row: row, in: block), expected: expected,
        source.location(row: row, in: block, column: column.name))
    case .invalid(let invalid):
      if var first = failure {
        first.invalid.count += invalid.count
        failure = first
      } else {
        failure = (invalid, source.location(row: invalid.row, in: block, column: nil))
      }
    }
  }

  /// At the end of the table: throws the error for the unusable coordinates, if any.
  func check() throws {
    if let failure { throw failure.invalid.error(at: failure.location, columns: coordinates) }
  }
}
