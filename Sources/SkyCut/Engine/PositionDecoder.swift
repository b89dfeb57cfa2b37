/// Turns the coordinate fields of a block's rows into query points: the first step of every
/// pass over the objects (the cut, the density profile), on the cut's threads.
struct PositionDecoder: Sendable {
  let first: NumericField
  let second: NumericField
  let converter: CoordinateConverter
  /// What to do with rows whose coordinates are unusable.
  let invalidRows: InvalidRowPolicy

  /// Decodes the rows `range` of `block` (block-relative) into query points, one after
  /// another from `points`; returns how many. Rows with unusable coordinates are appended to
  /// `unusable` (or, under ``InvalidRowPolicy/error``, recorded in `problem`), and text that
  /// is not a number is recorded in `problem`.
  ///
  /// With `coverage`, a usable row in a cell no contaminant reaches gets no point (it is
  /// within reach of none), `rows[i]` is the row of point `i`, less `range.lowerBound`, and
  /// `cells[i]`, when given, its cell of the map. A row in a cell wholly inside a circle
  /// (a map built with `interior`) gets no point either: it is written to `inside`, which
  /// has room for a row of `range` each, and counted in `insideCount`.
  @inline(__always)
  func decode(
    _ range: Range<Int>, of block: RowBlock, into points: UnsafeMutablePointer<QueryPoint>,
    rows: UnsafeMutablePointer<Int32>? = nil, coverage: CoverageMap? = nil,
    cells: UnsafeMutablePointer<Int32>? = nil, inside: UnsafeMutablePointer<Int>? = nil,
    insideCount: inout Int, unusable: inout [Int], problem: inout RowProblem?
  ) -> Int {
    precondition(
      inside != nil || coverage?.hasInterior != true, "cells inside circles with nowhere to go")
    switch (first, second, block.rows) {
    case (.binary(let a), .binary(let b), .fixed(let base, let width)):
      // The common case, decoded without a test per value of which kind of field it is.
      return decode(
        range, BinaryPair(a: a, b: b, base: base, width: width), into: points, rows: rows,
        coverage: coverage, cells: cells, inside: inside, insideCount: &insideCount,
        unusable: &unusable, problem: &problem)
    default:
      return decode(
        range, FieldPair(a: first, b: second, block: block), into: points, rows: rows,
        coverage: coverage, cells: cells, inside: inside, insideCount: &insideCount,
        unusable: &unusable, problem: &problem)
    }
  }

  /// The loop of ``decode(_:of:into:rows:coverage:cells:inside:insideCount:unusable:problem:)`` for the values `pair`
  /// reads (`nil`: text that is not a number). (Generic, so that each kind of pair gets a loop
  /// of its own.)
  @inline(__always)
  private func decode<Pair: CoordinatePair>(
    _ range: Range<Int>, _ pair: Pair, into points: UnsafeMutablePointer<QueryPoint>,
    rows: UnsafeMutablePointer<Int32>?, coverage: CoverageMap?,
    cells: UnsafeMutablePointer<Int32>?, inside: UnsafeMutablePointer<Int>?,
    insideCount: inout Int, unusable: inout [Int], problem: inout RowProblem?
  ) -> Int {
    var count = 0
    // Rows in batches: with a map, every row's bit is looked up first, in a loop of
    // independent loads. A lookup is a cache miss (objects in file order are scattered over
    // the sky), and misses overlap there where, one per row amid the row's other work, they
    // did not.
    let batch = 64
    // The values the lookup read, for the decisions: reading them again cost a CSV its
    // fields found and parsed twice. (Rows inside a circle are written straight to `inside`:
    // an `append` to an array per row was a runtime uniqueness check and a call each, a
    // tenth of a cut that decides most rows this way.)
    withUnsafeTemporaryAllocation(of: (Double?, Double?).self, capacity: batch) { read in
      withUnsafeTemporaryAllocation(of: Int.self, capacity: batch) { found in
        var start = range.lowerBound
        while start < range.upperBound {
          let end = min(start + batch, range.upperBound)
          if let coverage {
            for row in start..<end {
              let (first, second) = pair.values(row)
              read[row - start] = (first, second)
              var cell = CoverageLookup.unplaced
              if let a = first, let b = second, let sky = converter.skyCoordinates(a, b) {
                cell = coverage.cell(longitude: sky.longitude, latitude: sky.latitude)
              }
              found[row - start] = cell
            }
            for i in 0..<(end - start) where found[i] >= 0 && !coverage.covers(cell: found[i]) {
              found[i] = CoverageLookup.uncovered
            }
          }
          for row in start..<end {
            let (first, second) = coverage == nil ? pair.values(row) : read[row - start]
            guard let a = first else {
              problem = problem.merged(with: .notANumber(row: row, column: 0))
              continue
            }
            guard let b = second else {
              problem = problem.merged(with: .notANumber(row: row, column: 1))
              continue
            }
            var cell = 0
            if let coverage, found[row - start] != CoverageLookup.unplaced {
              cell = found[row - start]
              // Far from every contaminant: decided without trigonometry.
              if cell == CoverageLookup.uncovered { continue }
              // Within some circle wherever in the cell: decided without trigonometry either.
              if let inside, coverage.isInside(cell: cell) {
                inside[insideCount] = row
                insideCount += 1
                continue
              }
            }
            if let point = converter.queryPoint(a, b) {
              (points + count).initialize(to: point)
              cells?[count] = Int32(truncatingIfNeeded: cell)
              rows?[count] = Int32(truncatingIfNeeded: row - range.lowerBound)
              count += 1
            } else if invalidRows == .error {
              problem = problem.merged(with: .invalid(converter.invalid(row: row, a, b)))
            } else {
              unusable.append(row)
            }
          }
          start = end
        }
      }
    }
    return count
  }
}

/// What the batch lookup found for a row besides its cell.
private enum CoverageLookup {
  /// No position to place (not a number, or not a valid coordinate): decided row by row.
  static let unplaced = -1
  /// In a cell no contaminant reaches.
  static let uncovered = -2
}

/// Reads a row's two coordinate values.
private protocol CoordinatePair {
  /// The values of row `row` (block-relative); `nil` for text that is not a number.
  func values(_ row: Int) -> (Double?, Double?)
}

/// Two binary-table columns decoded from fixed-width rows.
private struct BinaryPair: CoordinatePair {
  let a: ColumnDecoder
  let b: ColumnDecoder
  let base: UnsafeRawPointer
  let width: Int

  @inline(__always)
  func values(_ row: Int) -> (Double?, Double?) {
    let start = base + row * width
    return (a.value(in: start), b.value(in: start))
  }
}

/// Any two fields of a block.
private struct FieldPair: CoordinatePair {
  let a: NumericField
  let b: NumericField
  let block: RowBlock

  @inline(__always)
  func values(_ row: Int) -> (Double?, Double?) {
    NumericField.values(a, b, row, in: block)
  }
}
