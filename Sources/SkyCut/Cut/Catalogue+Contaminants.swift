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
    let positions = validPositions(in: frame)
    if ellipses != nil {
      try Self.checkMaximumSeparation(radius)
      let rotation = self.frame.rotation(to: frame)
      var shapes = try zoneEllipses(factor: factor)
      if !rotation.isIdentity { shapes = shapes.map { $0?.rotated(rotation) } }
      return ContaminantIndex(contaminants: positions, ellipses: shapes, runner: runner)
    }
    let radii = try zoneRadii(cap: radius, factor: factor)
    guard self.radii != nil else {
      return ContaminantIndex(contaminants: positions, radius: .radians(radii[0]), runner: runner)
    }
    return ContaminantIndex(
      contaminants: positions, radii: radii.map(Angle.radians), runner: runner)
  }

  /// Each usable row's radius in radians for a zone `factor` times the catalogue's own (its
  /// radius column capped at `cap` first, or `cap` for every row without one), at most 180°;
  /// without a radius column, the one radius only.
  /// - Throws: ``CatalogueError/invalidArgument(_:)`` when there is neither a `cap` nor a
  ///   radius column, or `cap` is not in `(0, 180°]`.
  func zoneRadii(cap: Angle?, factor: Double) throws -> [Double] {
    try Self.checkMaximumSeparation(cap)
    let scaled = { @Sendable (angle: Angle) in min(angle.radians * factor, .pi) }
    guard let radii else {
      guard let cap else {
        throw CatalogueError.invalidArgument(
          "\(path): give a maximum separation or a radius column for these contaminants")
      }
      return [scaled(cap)]
    }
    let rows = usableRows
    return ParallelRunner.allCores.mapElements(count: rows.count) { position in
      let radius = radii[rows[position]]
      return scaled(cap.map { min(radius, $0) } ?? radius)
    }
  }

  /// Each usable row's ellipse, its axes `factor` times the catalogue's (`nil` for a row
  /// without one), in the catalogue's frame.
  /// - Throws: ``CatalogueError/invalidArgument(_:)`` when a zone's ellipse reaches 90°.
  func zoneEllipses(factor: Double) throws -> [EllipseShape?] {
    guard let ellipses else { return [] }
    // The catalogue's own, not a copy, when nothing changes.
    if factor == 1 && invalidRows.isEmpty { return ellipses }
    return try usableRows.map { row in
      guard let shape = ellipses[row], factor != 1 else { return ellipses[row] }
      guard let zone = shape.scaled(by: factor) else {
        throw CatalogueError.invalidArgument(
          "\(path): a zone of \(factor)× the ellipse of row \(row + 1) reaches 90°")
      }
      return zone
    }
  }

  /// Throws unless `radius`, when given, is in `(0, 180°]`.
  static func checkMaximumSeparation(_ radius: Angle?) throws {
    if let radius, !(radius.radians > 0 && radius.radians <= .pi) {
      throw CatalogueError.invalidArgument("the maximum separation must be in (0, 180°]")
    }
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
