extension Catalogue {
  /// This catalogue as contaminants: an index of its usable positions rotated into `frame`,
  /// searched with `radius`, or with each row's own ``radii`` (capped at `radius` when it is
  /// given) when the catalogue was read with a radius column.
  ///
  /// - Throws: ``CatalogueError/invalidArgument(_:)`` when there is neither a `radius` nor a
  ///   radius column, or `radius` is not in `(0, 180°]`.
  public func contaminantIndex(
    in frame: SkyFrame, radius: Angle?, runner: ParallelRunner = .allCores
  ) throws -> ContaminantIndex {
    try contaminantIndex(in: frame, radius: radius, factor: 1, runner: runner)
  }

  /// The index of a zone `factor` times the contaminants' radius (or ellipse axes), the
  /// radius capped at `radius` first.
  func contaminantIndex(
    in frame: SkyFrame, radius: Angle?, factor: Double, runner: ParallelRunner
  ) throws -> ContaminantIndex {
    if let radius, !(radius.radians > 0 && radius.radians <= .pi) {
      throw CatalogueError.invalidArgument("the maximum separation must be in (0, 180°]")
    }
    let scaled = { (angle: Angle) in Angle.radians(min(angle.radians * factor, .pi)) }
    let positions = validPositions(in: frame)
    let usableRows =
      invalidRows.isEmpty ? nil : RowSelection.complement(of: invalidRows, total: rowCount).rows
    if let ellipses {
      let rotation = self.frame.rotation(to: frame)
      var shapes: [EllipseShape?] = []
      shapes.reserveCapacity(positions.count)
      for row in usableRows ?? Array(ellipses.indices) {
        guard var shape = ellipses[row] else {
          shapes.append(nil)
          continue
        }
        if factor != 1 {
          guard let zone = shape.scaled(by: factor) else {
            throw CatalogueError.invalidArgument(
              "\(path): a zone of \(factor)× the ellipse of row \(row + 1) reaches 90°")
          }
          shape = zone
        }
        shapes.append(rotation.isIdentity ? shape : shape.rotated(rotation))
      }
      return ContaminantIndex(contaminants: positions, ellipses: shapes, runner: runner)
    }
    guard let radii else {
      guard let radius else {
        throw CatalogueError.invalidArgument(
          "\(path): give a maximum separation or a radius column for these contaminants")
      }
      return ContaminantIndex(contaminants: positions, radius: scaled(radius), runner: runner)
    }
    var usable = usableRows.map { $0.map { radii[$0] } } ?? radii
    if let radius { usable = usable.map { min($0, radius) } }
    if factor != 1 { usable = usable.map(scaled) }
    return ContaminantIndex(contaminants: positions, radii: usable, runner: runner)
  }

  /// The rows (0-based, increasing) of this catalogue that lie strictly closer to a
  /// contaminant of one of `contaminants` than `radius` (or that contaminant's own radius,
  /// capped at `radius`), and how many each catalogue removed (an object near several
  /// catalogues counts for the first). Rows with unusable coordinates are never matched.
  ///
  /// - Throws: ``CatalogueError/invalidArgument(_:)`` as
  ///   ``contaminantIndex(in:radius:runner:)`` does.
  public func cut(
    against contaminants: [Catalogue], radius: Angle?, runner: ParallelRunner = .allCores
  ) throws -> SeparationCut.Result {
    if contaminants.count > SeparationCut.maximumCatalogues {
      throw CatalogueError.invalidArgument(
        "at most \(SeparationCut.maximumCatalogues) contaminant catalogues in one cut")
    }
    let indexes = try contaminants.map {
      try $0.contaminantIndex(in: frame, radius: radius, runner: runner)
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
