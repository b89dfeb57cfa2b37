/// A column a cleaning run adds to the rows it writes (`--flag-column`,
/// `--separation-column`, `--count-column`), with one value per input row.
public struct AddedColumn: Sendable, Hashable {
  /// The values, indexed by the input catalogue's row.
  public enum Values: Sendable, Hashable {
    /// FITS `L`; `true`/`false` in text.
    case logical([Bool])
    /// FITS `D`; NaN is null (an empty field in text).
    case double([Double])
    /// FITS `K`.
    case integer([Int])
  }

  /// The column's name.
  public var name: String
  /// Its unit (FITS `TUNIT`), or empty.
  public var unit: String
  public var values: Values

  public init(name: String, unit: String = "", values: Values) {
    self.name = name
    self.unit = unit
    self.values = values
  }

  /// The FITS `TFORM`.
  var fitsFormat: String {
    switch values {
    case .logical: "L"
    case .double: "D"
    case .integer: "K"
    }
  }

  /// Row `row`'s value as a text field.
  func text(_ row: Int) -> String {
    switch values {
    case .logical(let flags): flags[row] ? "true" : "false"
    case .double(let numbers): numbers[row].isNaN ? "" : "\(numbers[row])"
    case .integer(let numbers): "\(numbers[row])"
    }
  }

  /// Refuses added columns whose names are taken by the catalogue or by each other.
  static func checkNames(_ added: [String], against names: [String], path: String) throws {
    var taken = Set(names.map { $0.lowercased() })
    for name in added {
      guard taken.insert(name.lowercased()).inserted else {
        throw CatalogueError.invalidArgument(
          "\(path) already has a column named '\(name)'; choose another name")
      }
    }
  }
}
