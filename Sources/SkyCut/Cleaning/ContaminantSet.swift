/// The contaminant catalogues of a run, read once, with their indexes built once per frame
/// the objects come in: `skycut batch` cleans many object files against the same set.
///
/// Used by one thread at a time (files are cleaned in turn).
final class ContaminantSet {
  /// The mask's catalogues, read and moved to the objects' epoch, in its order.
  let catalogues: [Catalogue]
  /// The zones the cut tests, one index each: every catalogue's own, then its further zones.
  let layers: [MaskLayer]
  /// With epochs, what moving each catalogue did (catalogues not moved report nothing).
  let epochReports: [EpochReport]?
  /// With objects at epochs of their own: each catalogue's motions (`nil` for one that does
  /// not move); its ``catalogues`` entry is then where the catalogue puts it.
  let motions: [RowMotions?]?
  let mask: Mask
  private var indexes: [SkyFrame: [ContaminantIndex]] = [:]
  private var moving: (frame: SkyFrame, range: ClosedRange<Double>, layers: [MovingLayer])?
  /// The coverage maps made, by what their indexes were built for: a frame, and for objects at
  /// their own epochs the range of those epochs.
  private var coverages: [CoverageKey: CoverageMap?] = [:]

  private struct CoverageKey: Hashable {
    let frame: SkyFrame
    let epochs: [Double]
    let interior: Bool
  }

  /// Reads the request's contaminant catalogues, and moves them to the objects' epoch (or,
  /// for objects at epochs of their own, reads how they move).
  convenience init(_ request: CleaningRequest) throws {
    try self.init(
      mask: request.effectiveMask, objectEpochs: request.objectEpochColumn != nil,
      runner: request.runner)
  }

  /// Reads `mask`'s catalogues, and moves them to the objects' epoch (or, with
  /// `objectEpochs`, for objects at epochs of their own, reads how they move).
  init(mask: Mask, objectEpochs: Bool, runner: ParallelRunner) throws {
    self.mask = mask
    layers = mask.layers
    if objectEpochs {
      let read = try mask.catalogues.map { catalogue -> (Catalogue, RowMotions?) in
        guard let epochs = catalogue.epochs else {
          return (try Catalogue.read(path: catalogue.path, options: catalogue.options), nil)
        }
        return try Catalogue.readMoving(
          path: catalogue.path, options: catalogue.options, epochs: epochs)
      }
      catalogues = read.map(\.0)
      motions = read.map(\.1)
      epochReports = nil
      return
    }
    let read = try mask.catalogues.map {
      try Catalogue.readContaminants(
        path: $0.path, options: $0.options, epochs: $0.epochs, runner: runner)
    }
    catalogues = read.map(\.0)
    motions = nil
    let reports = read.compactMap(\.1)
    epochReports = reports.isEmpty ? nil : reports
  }

  /// The coverage map of `indexes`, built in `frame` (and, for objects at their own epochs,
  /// for epochs in `range`; with cells inside circles if `interior`): made once for each.
  func coverage(
    of indexes: [ContaminantIndex], in frame: SkyFrame, range: ClosedRange<Double>?,
    interior: Bool, runner: ParallelRunner
  ) -> CoverageMap? {
    let key = CoverageKey(
      frame: frame, epochs: range.map { [$0.lowerBound, $0.upperBound] } ?? [],
      interior: interior)
    if let made = coverages[key] { return made }
    let made = CoverageMap(indexes: indexes, interior: interior, runner: runner)
    coverages[key] = made
    return made
  }

  /// With objects at epochs of their own: one moving layer per layer, in `frame`, for
  /// epochs in `range`.
  func movingLayers(in frame: SkyFrame, range: ClosedRange<Double>, runner: ParallelRunner)
    throws -> [MovingLayer]
  {
    if let moving, moving.frame == frame, moving.range == range { return moving.layers }
    let built = try layers.map { layer in
      try MovingLayer(
        catalogues[layer.catalogue], motions: motions?[layer.catalogue] ?? nil,
        cap: mask.catalogues[layer.catalogue].radius, factor: layer.zone.radiusFactor,
        range: range, frame: frame, runner: runner)
    }
    moving = (frame, range, built)
    return built
  }

  /// One index per layer, in `frame`.
  func indexes(in frame: SkyFrame, _ request: CleaningRequest) throws -> [ContaminantIndex] {
    try indexes(in: frame, runner: request.runner)
  }

  /// One index per layer, in `frame`.
  func indexes(in frame: SkyFrame, runner: ParallelRunner) throws -> [ContaminantIndex] {
    if let built = indexes[frame] { return built }
    let built = try layers.map { layer in
      try catalogues[layer.catalogue].contaminantIndex(
        in: frame, radius: mask.catalogues[layer.catalogue].radius,
        factor: layer.zone.radiusFactor, runner: runner)
    }
    indexes[frame] = built
    return built
  }
}
