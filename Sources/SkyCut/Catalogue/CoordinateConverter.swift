import Foundation

/// Turns one row's two coordinate values into a unit vector, or says why it cannot.
struct CoordinateConverter: Sendable {
  let columns: CoordinateColumns
  private let firstScale: Double
  private let secondScale: Double

  init(columns: CoordinateColumns) {
    self.columns = columns
    firstScale = columns.units.first == .degrees ? .pi / 180 : 1
    secondScale = columns.units.second == .degrees ? .pi / 180 : 1
  }

  /// The direction of a row, or `nil` when a value is not finite or the latitude (colatitude)
  /// is out of range.
  @inline(__always)
  func vector(_ first: Double, _ second: Double) -> UnitVector? {
    queryPoint(first, second)?.vector
  }

  /// The row's position as the index looks it up (x and y left for later), or `nil` when
  /// ``vector(_:_:)`` would be `nil`.
  @inline(__always)
  func queryPoint(_ first: Double, _ second: Double) -> QueryPoint? {
    let a = first * firstScale
    let b = second * secondScale
    switch columns.convention {
    case .longitudeLatitude:
      guard a.isFinite, b.isFinite, abs(b) <= .pi / 2 else { return nil }
      return QueryPoint(longitude: a, latitude: b)
    case .colatitudeLongitude:
      guard a.isFinite, b.isFinite, a >= 0, a <= .pi else { return nil }
      return QueryPoint(theta: a, phi: b)
    }
  }

  /// The row's longitude and latitude in radians, without trigonometry (for a
  /// ``CoverageMap``), or `nil` when ``queryPoint(_:_:)`` would be `nil`.
  @inline(__always)
  func skyCoordinates(_ first: Double, _ second: Double) -> (longitude: Double, latitude: Double)? {
    let a = first * firstScale
    let b = second * secondScale
    switch columns.convention {
    case .longitudeLatitude:
      guard a.isFinite, b.isFinite, abs(b) <= .pi / 2 else { return nil }
      return (a, b)
    case .colatitudeLongitude:
      guard a.isFinite, b.isFinite, a >= 0, a <= .pi else { return nil }
      return (b, .pi / 2 - a)
    }
  }

  /// What is wrong with a row for which ``vector(_:_:)`` returned `nil`.
  func invalid(row: Int, _ first: Double, _ second: Double) -> InvalidCoordinates {
    let a = first * firstScale
    let b = second * secondScale
    switch columns.convention {
    case .longitudeLatitude:
      return !a.isFinite
        ? InvalidCoordinates(row: row, column: columns.first, value: first, isFinite: false)
        : InvalidCoordinates(row: row, column: columns.second, value: second, isFinite: b.isFinite)
    case .colatitudeLongitude:
      return !b.isFinite
        ? InvalidCoordinates(row: row, column: columns.second, value: second, isFinite: false)
        : InvalidCoordinates(row: row, column: columns.first, value: first, isFinite: a.isFinite)
    }
  }
}

/// The first row with an invalid coordinate, and how many rows have one.
struct InvalidCoordinates: Sendable {
  /// The first invalid row (0-based, in whatever numbering the caller uses).
  var row: Int
  var column: String
  var value: Double
  /// Whether the value is finite (then it is out of range) or NaN/infinite.
  var isFinite: Bool
  var count = 1

  /// The error for the user, naming the first row and counting all of them.
  func error(at location: SourceLocation, columns: CoordinateColumns) -> CatalogueError {
    let badLocation = location.with(column: column)
    if !isFinite {
      let others = count > 1 ? " (\(count) rows have invalid coordinates; this is the first)" : ""
      return .invalidValue(String(value), expected: "a finite coordinate\(others)", badLocation)
    }
    let range: String
    switch (
      columns.convention, column == columns.first ? columns.units.first : columns.units.second
    ) {
    case (.longitudeLatitude, .degrees): range = "[-90, 90] degrees"
    case (.longitudeLatitude, .radians): range = "[-π/2, π/2] radians"
    case (.colatitudeLongitude, .degrees): range = "[0, 180] degrees"
    case (.colatitudeLongitude, .radians): range = "[0, π] radians"
    }
    return .coordinateOutOfRange(value, range: range, count: count, badLocation)
  }
}

extension Optional where Wrapped == InvalidCoordinates {
  /// Adds `other`, keeping the earlier row as the first; `other` must not come before rows
  /// already recorded unless it is merged in row order.
  mutating func record(_ other: InvalidCoordinates) {
    guard var current = self else {
      self = other
      return
    }
    if other.row < current.row {
      var earlier = other
      earlier.count += current.count
      self = earlier
    } else {
      current.count += other.count
      self = current
    }
  }
}
