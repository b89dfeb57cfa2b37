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
  private let mask: Mask
  private var indexes: [SkyFrame: [ContaminantIndex]] = [:]

  /// Reads the request's contaminant catalogues, and moves them to the objects' epoch.
  init(_ request: CleaningRequest) throws {
    mask = request.effectiveMask
    let read = try mask.catalogues.map {
      try Catalogue.readContaminants(
        path: $0.path, options: $0.options, epochs: $0.epochs, runner: request.runner)
    }
    catalogues = read.map(\.0)
    layers = mask.layers
    let reports = read.compactMap(\.1)
    epochReports = reports.isEmpty ? nil : reports
  }

  /// One index per layer, in `frame`.
  func indexes(in frame: SkyFrame, _ request: CleaningRequest) throws -> [ContaminantIndex] {
    if let built = indexes[frame] { return built }
    let built = try layers.map { layer in
      try catalogues[layer.catalogue].contaminantIndex(
        in: frame, radius: mask.catalogues[layer.catalogue].radius,
        factor: layer.zone.radiusFactor, runner: request.runner)
    }
    indexes[frame] = built
    return built
  }
}
