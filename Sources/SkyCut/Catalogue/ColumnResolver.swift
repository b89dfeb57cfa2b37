/// Finds a column by name the way astropy and CFITSIO do: an exact match first, then a unique
/// case-insensitive match.
enum ColumnResolver {
  /// The index of the column called `name` in `names`.
  /// - Throws: ``CatalogueError/columnNotFound(_:available:_:)`` or
  ///   ``CatalogueError/ambiguousColumn(_:candidates:_:)``.
  static func resolve(_ name: String, in names: [String], at location: SourceLocation) throws
    -> Int
  {
    if let index = try find(name, in: names, at: location) { return index }
    throw CatalogueError.columnNotFound(name, available: names, location)
  }

  /// The index of the column called `name`, or `nil` when there is none.
  /// - Throws: ``CatalogueError/ambiguousColumn(_:candidates:_:)``.
  static func find(_ name: String, in names: [String], at location: SourceLocation) throws -> Int? {
    let exact = names.indices.filter { names[$0] == name }
    if exact.count == 1 { return exact[0] }
    let folded = name.lowercased()
    let matches =
      exact.count > 1 ? exact : names.indices.filter { names[$0].lowercased() == folded }
    switch matches.count {
    case 0: return nil
    case 1: return matches[0]
    default:
      throw CatalogueError.ambiguousColumn(name, candidates: matches.map { names[$0] }, location)
    }
  }
}
