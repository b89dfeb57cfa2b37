extension Catalogue {
  /// This catalogue as contaminants: an index of its usable positions rotated into `frame`,
  /// searched with `maxsep`, or with each row's own ``radii`` (capped at `maxsep` when it is
  /// given) when the catalogue was read with a radius column.
  ///
  /// - Throws: ``CatalogueError/invalidArgument(_:)`` when there is neither a `maxsep` nor a
  ///   radius column, or `maxsep` is not in `(0, 180°]`.
  public func contaminantIndex(
    in frame: SkyFrame, maxsep: Angle?, runner: ParallelRunner = .allCores
  ) throws -> ContaminantIndex {
    if let maxsep, !(maxsep.radians > 0 && maxsep.radians <= .pi) {
      throw CatalogueError.invalidArgument("the maximum separation must be in (0, 180°]")
    }
    let positions = validPositions(in: frame)
    guard let radii else {
      guard let maxsep else {
        throw CatalogueError.invalidArgument(
          "\(path): give a maximum separation or a radius column for these contaminants")
      }
      return ContaminantIndex(contaminants: positions, radius: maxsep, runner: runner)
    }
    var usable =
      invalidRows.isEmpty
      ? radii : RowSelection.complement(of: invalidRows, total: rowCount).rows.map { radii[$0] }
    if let maxsep { usable = usable.map { min($0, maxsep) } }
    return ContaminantIndex(contaminants: positions, radii: usable, runner: runner)
  }

  /// The rows (0-based, increasing) of this catalogue that lie strictly closer to a
  /// contaminant of one of `contaminants` than `maxsep` (or that contaminant's own radius,
  /// capped at `maxsep`), and how many each catalogue removed (an object near several
  /// catalogues counts for the first). Rows with unusable coordinates are never matched.
  ///
  /// - Throws: ``CatalogueError/invalidArgument(_:)`` as
  ///   ``contaminantIndex(in:maxsep:runner:)`` does.
  public func cut(
    against contaminants: [Catalogue], maxsep: Angle?, runner: ParallelRunner = .allCores
  ) throws -> SeparationCut.Result {
    if contaminants.count > SeparationCut.maximumCatalogues {
      throw CatalogueError.invalidArgument(
        "at most \(SeparationCut.maximumCatalogues) contaminant catalogues in one cut")
    }
    let indexes = try contaminants.map {
      try $0.contaminantIndex(in: frame, maxsep: maxsep, runner: runner)
    }
    return cut(using: indexes, runner: runner)
  }

  /// The rows (0-based, increasing) that match a contaminant of one of `indexes` (built in
  /// this catalogue's ``frame``), and how many each index matched first.
  /// - Precondition: at most ``SeparationCut/maximumCatalogues`` indexes.
  public func cut(using indexes: [ContaminantIndex], runner: ParallelRunner = .allCores)
    -> SeparationCut.Result
  {
    let cut = SeparationCut(indexes: indexes, runner: runner)
    if invalidRows.isEmpty { return cut.cut(positions) }
    // Cut the usable rows only, then map their numbers back.
    let usable = RowSelection.complement(of: invalidRows, total: rowCount).rows
    var result = cut.cut(usable.map { positions[$0] })
    result.rows = result.rows.map { usable[$0] }
    return result
  }
}
