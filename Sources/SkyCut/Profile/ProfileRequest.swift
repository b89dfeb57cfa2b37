/// What a density profile (`skycut profile`) measures: the density of objects in annuli around
/// the contaminants, stacked per bin of a contaminant column (a magnitude), relative to a
/// reference density.
public struct ProfileRequest: Sendable {
  /// The objects, streamed.
  public var objectsPath: String
  /// The contaminant catalogues, stacked together.
  public var contaminantPaths: [String]
  /// The annuli around each contaminant.
  public var annuli: Annuli
  /// How to split the contaminants into bins; `nil`: one bin of all of them.
  public var binning: ContaminantBinning?
  /// The density the profile is divided by.
  public var reference: ProfileReference = .outer(fraction: 0.8)
  /// How far from 1 the relative density may be for the objects to count as recovered, for
  /// the suggested radius.
  public var tolerance = 0.05
  /// Move the contaminants with proper motions to the objects' epoch first.
  public var epochs: EpochOptions?
  public var objectOptions: CatalogueReadOptions
  public var contaminantOptions: CatalogueReadOptions
  public var runner: ParallelRunner
  /// The block size of the objects' source; tests make it small to exercise many blocks.
  var blockBytes: Int?
  /// The index size from which each chunk's objects are counted in zone order; tests lower it
  /// to exercise that path on small inputs.
  var zoneOrderAbove = CutKernel.cacheResidentContaminants

  public init(
    objectsPath: String, contaminantPaths: [String], annuli: Annuli,
    objectOptions: CatalogueReadOptions = .init(),
    contaminantOptions: CatalogueReadOptions = .init(), runner: ParallelRunner = .allCores
  ) {
    self.objectsPath = objectsPath
    self.contaminantPaths = contaminantPaths
    self.annuli = annuli
    self.objectOptions = objectOptions
    self.contaminantOptions = contaminantOptions
    self.runner = runner
  }
}

/// Bins of a numeric contaminant column: bin *k* holds the contaminants with
/// `edges[k] ≤ value < edges[k + 1]`; the others (and nulls) are left out of the profile.
public struct ContaminantBinning: Sendable, Hashable {
  /// The column, e.g. a magnitude.
  public var column: String
  /// At least two edges, strictly increasing.
  public var edges: [Double]

  public init(column: String, edges: [Double]) {
    self.column = column
    self.edges = edges
  }

  /// The bin of `value`, or `nil` outside the edges (or for NaN).
  func bin(of value: Double) -> Int? {
    guard let first = edges.first, value >= first else { return nil }
    for k in 0..<(edges.count - 1) where value < edges[k + 1] { return k }
    return nil
  }
}

/// What a profile's density is divided by.
public enum ProfileReference: Sendable, Hashable {
  /// Each bin's own density in the annuli that lie at or beyond `fraction` of the outer
  /// radius (`0.8`: the outer fifth), where the contaminants no longer matter.
  case outer(fraction: Double)
  /// The objects' mean density: their number over `solidAngle` steradians (4π, the whole
  /// sky, for an all-sky catalogue).
  case mean(solidAngle: Double)
}
