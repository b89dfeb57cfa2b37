/// The contaminant catalogues of a run, read once, with their indexes built once per frame
/// the objects come in: `skycut batch` cleans many object files against the same set.
///
/// Used by one thread at a time (files are cleaned in turn).
final class ContaminantSet {
  /// The mask's catalogues, as read (where the catalogues put them), in its order.
  let catalogues: [Catalogue]
  /// The zones the cut tests, one index each: every catalogue's own, then its further zones.
  let layers: [MaskLayer]
  /// With objects at the mask's epoch, how many of each moving catalogue's rows move there
  /// (catalogues not moved report nothing), once the cut's indexes are built.
  private(set) var epochReports: [EpochReport]?
  /// Each catalogue's motions (`nil` for one that does not move).
  let motions: [RowMotions?]
  let mask: Mask
  /// With objects at the mask's epoch, per moving catalogue, how far each usable row can
  /// move there.
  private var displacements: [[Double]?]?
  private var indexes: [SkyFrame: [ContaminantIndex]] = [:]
  private var cutIndexes: [SkyFrame: [ContaminantIndex]] = [:]
  private var moved: [Catalogue]?
  private var moving: (frame: SkyFrame, range: ClosedRange<Double>, layers: [MovingLayer])?
  /// The coverage maps made, by what their indexes were built for: a frame, and for objects at
  /// their own epochs the range of those epochs.
  private var coverages: [CoverageKey: CoverageMap?] = [:]

  private struct CoverageKey: Hashable {
    let frame: SkyFrame
    let epochs: [Double]
    let interior: Bool
  }

  /// Reads the request's contaminant catalogues, with their motions.
  convenience init(_ request: CleaningRequest) throws {
    try self.init(mask: request.effectiveMask)
  }

  /// Reads `mask`'s catalogues with their motions. Nothing is moved yet: the cut moves the
  /// stars an object comes near (``cutIndexes(in:runner:)``, or for objects at epochs of their
  /// own ``movingLayers(in:range:runner:)``), the area all of them (``indexes(in:runner:)``).
  init(mask: Mask) throws {
    self.mask = mask
    layers = mask.layers
    let read = try mask.catalogues.map { catalogue -> (Catalogue, RowMotions?) in
      guard let epochs = catalogue.epochs else {
        return (try Catalogue.read(path: catalogue.path, options: catalogue.options), nil)
      }
      return try Catalogue.readMoving(
        path: catalogue.path, options: catalogue.options, epochs: epochs)
    }
    catalogues = read.map(\.0)
    motions = read.map(\.1)
  }

  /// How far each star can move to the objects' epoch, and whether ERFA moves it (the epoch
  /// reports), found once for all of a catalogue's zones, when the cut first asks.
  private func boundDisplacements(runner: ParallelRunner) -> [[Double]?] {
    if let displacements { return displacements }
    let moving = catalogues.indices.map { number in
      movement(of: number).map { motions, epoch in
        motions.displacementBounds(
          of: catalogues[number].usableRows, over: epoch...epoch, runner: runner)
      }
    }
    let reports = moving.compactMap { $0?.report }
    epochReports = reports.isEmpty ? nil : reports
    let made = moving.map { $0?.bounds }
    displacements = made
    return made
  }

  /// The catalogues moved to the objects' epoch, every row: moved once, when first asked.
  private func movedCatalogues(runner: ParallelRunner) -> [Catalogue] {
    if let moved { return moved }
    let made = catalogues.indices.map { number in
      guard let (motions, epoch) = movement(of: number) else { return catalogues[number] }
      return catalogues[number].moved(to: epoch, motions, runner: runner).0
    }
    moved = made
    return made
  }

  /// Catalogue `number`'s motions and the objects' epoch it moves to, or `nil` when it does
  /// not move.
  private func movement(of number: Int) -> (RowMotions, epoch: Double)? {
    guard let motions = motions[number], let epochs = mask.catalogues[number].epochs else {
      return nil
    }
    return (motions, epochs.objectEpoch)
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
        catalogues[layer.catalogue], motions: motions[layer.catalogue],
        cap: mask.catalogues[layer.catalogue].radius, factor: layer.zone.radiusFactor,
        range: range, frame: frame, runner: runner)
    }
    moving = (frame, range, built)
    return built
  }

  /// One index per layer, in `frame`, for the cut of objects at the mask's epoch: a moving
  /// catalogue's index moves a star to the epoch when an object first comes near it.
  func cutIndexes(in frame: SkyFrame, runner: ParallelRunner) throws -> [ContaminantIndex] {
    if let built = cutIndexes[frame] { return built }
    let displacements = boundDisplacements(runner: runner)
    let built = try layers.map { layer in
      let number = layer.catalogue
      guard let (motions, epoch) = movement(of: number) else {
        return try catalogues[number].contaminantIndex(
          in: frame, radius: mask.catalogues[number].radius, factor: layer.zone.radiusFactor,
          runner: runner)
      }
      return try MovingLayer(
        catalogues[number], motions: motions, cap: mask.catalogues[number].radius,
        factor: layer.zone.radiusFactor, range: epoch...epoch, exactAt: epoch,
        displacements: displacements[number], frame: frame, runner: runner
      ).index
    }
    cutIndexes[frame] = built
    return built
  }

  /// One index per layer, in `frame`, of every region where it is at the objects' epoch (for
  /// the area, the MOC and the maps).
  func indexes(in frame: SkyFrame, runner: ParallelRunner) throws -> [ContaminantIndex] {
    if let built = indexes[frame] { return built }
    let catalogues = movedCatalogues(runner: runner)
    let built = try layers.map { layer in
      try catalogues[layer.catalogue].contaminantIndex(
        in: frame, radius: mask.catalogues[layer.catalogue].radius,
        factor: layer.zone.radiusFactor, runner: runner)
    }
    indexes[frame] = built
    return built
  }
}
