import Foundation

/// Measures a ``DensityProfile``: reads the contaminants and indexes them to the outer radius,
/// then streams the objects once, counting every object–contaminant pair per (bin, annulus)
/// in parallel chunks. Memory holds the contaminants, the counts and a block or two of
/// objects, whatever the number of objects.
public enum DensityProfiler {
  /// Measures the profile `request` asks for.
  /// - Throws: ``CatalogueError`` naming the file and, where it applies, the row and column.
  public static func profile(_ request: ProfileRequest) throws -> DensityProfile {
    try CatalogueError.wrapping { try profileUnwrapped(request) }
  }

  private static func profileUnwrapped(_ request: ProfileRequest) throws -> DensityProfile {
    try check(request)
    var contaminantOptions = request.contaminantOptions
    if let binning = request.binning { contaminantOptions.valueColumns = [binning.column] }
    let catalogues = try request.contaminantPaths.map {
      try Catalogue.readContaminants(
        path: $0, options: contaminantOptions, epochs: request.epochs, runner: request.runner
      ).0
    }
    let source = try RowSources.open(
      path: request.objectsPath, options: request.objectOptions, blockBytes: request.blockBytes)
    let (coordinates, indices) = try CoordinateResolver.resolve(
      names: source.columnNames, units: source.columnUnits, options: request.objectOptions,
      at: source.tableLocation)
    let stack = ContaminantStack(catalogues, in: coordinates.frame, binning: request.binning)
    guard stack.count > 0 else {
      throw CatalogueError.invalidArgument(
        "no contaminant falls in the bins"
          + (request.binning.map { " of \($0.column) (\(stack.outside) outside them)" } ?? ""))
    }
    let index = ContaminantIndex(
      contaminants: stack.positions, radius: request.annuli.outer, runner: request.runner)
    var pass = PairPass(
      positions: PositionDecoder(
        first: try source.numericField(indices.0, role: "a coordinate"),
        second: try source.numericField(indices.1, role: "a coordinate"),
        converter: CoordinateConverter(columns: coordinates),
        invalidRows: request.objectOptions.invalidRows),
      index: index, binOfEntry: index.perEntry(stack.bins), bins: stack.binCount,
      annuli: request.annuli, runner: request.runner)
    pass.zoneOrderAbove = request.zoneOrderAbove
    var problems = RowProblems(
      source: source, coordinates: coordinates, coordinateIndices: indices)
    let totals = try pass.run(source, problems: &problems)
    return profile(request, stack: stack, totals: totals, catalogues: catalogues)
  }

  /// The profile from the counts.
  private static func profile(
    _ request: ProfileRequest, stack: ContaminantStack, totals: PairPass.Totals,
    catalogues: [Catalogue]
  ) -> DensityProfile {
    let statistics = ProfileStatistics(
      annuli: request.annuli, reference: request.reference, tolerance: request.tolerance)
    let n = request.annuli.count
    let bins = (0..<stack.binCount).map { bin in
      statistics.bin(
        counts: totals.counts[(bin * n)..<((bin + 1) * n)], contaminants: stack.perBin[bin],
        range: request.binning.map { ($0.edges[bin], $0.edges[bin + 1]) },
        meanValue: stack.meanValue(ofBin: bin), objects: totals.objects)
    }
    var fit: RadiusLaw?
    if let column = request.binning?.column {
      fit = RadiusSuggestion.fitLaw(
        bins.compactMap { bin in
          guard let m = bin.meanValue, let r = bin.suggestedRadiusArcsec else { return nil }
          return (m, r)
        }, column: column)
    }
    var reference = "outer"
    if case .mean = request.reference { reference = "mean" }
    return DensityProfile(
      objects: totals.objects, invalidObjects: totals.unusable, contaminants: stack.count,
      contaminantsOutsideBins: stack.outside,
      invalidContaminants: catalogues.reduce(0) { $0 + $1.invalidRows.count },
      binColumn: request.binning?.column, reference: reference, tolerance: request.tolerance,
      bins: bins, fit: fit)
  }

  /// Refuses a request that cannot give a profile.
  private static func check(_ request: ProfileRequest) throws {
    if let binning = request.binning {
      guard binning.edges.count >= 2, zip(binning.edges, binning.edges.dropFirst()).allSatisfy(<)
      else {
        throw CatalogueError.invalidArgument(
          "the edges of \(binning.column) must be at least two numbers, strictly increasing")
      }
    }
    switch request.reference {
    case .outer(let fraction) where !(fraction >= 0 && fraction < 1):
      throw CatalogueError.invalidArgument("the reference fraction must be in [0, 1)")
    case .mean(let solidAngle) where !(solidAngle > 0 && solidAngle <= 4 * .pi * (1 + 1e-12)):
      throw CatalogueError.invalidArgument("the catalogue's area must be in (0, 4π sr]")
    default: break
    }
    if !(request.tolerance >= 0) {
      throw CatalogueError.invalidArgument("the tolerance must be 0 or more")
    }
  }
}

/// The contaminants of every catalogue that fall in a bin, in the objects' frame, with their
/// bin.
struct ContaminantStack {
  var positions: [UnitVector] = []
  var bins: [Int32] = []
  /// The binning column's value of each, for the bins' means.
  var values: [Double] = []
  var perBin: [Int]
  /// Usable contaminants outside every bin, or with a null value.
  var outside = 0
  let binCount: Int

  init(_ catalogues: [Catalogue], in frame: SkyFrame, binning: ContaminantBinning?) {
    binCount = binning.map { $0.edges.count - 1 } ?? 1
    perBin = Array(repeating: 0, count: binCount)
    for catalogue in catalogues {
      let rotation = catalogue.frame.rotation(to: frame)
      let column = binning.flatMap { catalogue.values[$0.column] }
      for row in RowSelection.complement(of: catalogue.invalidRows, total: catalogue.rowCount)
        .rows
      {
        let value = column?[row] ?? .nan
        let bin = binning == nil ? 0 : binning?.bin(of: value)
        guard let bin else {
          outside += 1
          continue
        }
        positions.append(rotation.apply(catalogue.positions[row]))
        bins.append(Int32(bin))
        values.append(value)
        perBin[bin] += 1
      }
    }
  }

  var count: Int { positions.count }

  /// The mean binning value of bin `bin`'s contaminants, or `nil` without a binning.
  func meanValue(ofBin bin: Int) -> Double? {
    var (sum, n) = (0.0, 0)
    for (value, b) in zip(values, bins) where b == bin && value.isFinite {
      sum += value
      n += 1
    }
    return n > 0 ? sum / Double(n) : nil
  }
}
