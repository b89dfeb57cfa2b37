/// The contaminant catalogues of a run, read once, with their indexes built once per frame
/// the objects come in: `skycut batch` cleans many object files against the same set.
///
/// Used by one thread at a time (files are cleaned in turn).
final class ContaminantSet {
  let catalogues: [Catalogue]
  /// With ``CleaningRequest/epochs``, what moving each catalogue did.
  let epochReports: [EpochReport]?
  private var indexes: [SkyFrame: [ContaminantIndex]] = [:]

  /// Reads the request's contaminant catalogues, and moves them to the objects' epoch.
  init(_ request: CleaningRequest) throws {
    let read = try request.contaminantPaths.map {
      try Catalogue.readContaminants(
        path: $0, options: request.contaminantOptions, epochs: request.epochs,
        runner: request.runner)
    }
    catalogues = read.map(\.0)
    epochReports = request.epochs == nil ? nil : read.compactMap(\.1)
  }

  /// One index per catalogue, in `frame`, for the request's radius.
  func indexes(in frame: SkyFrame, _ request: CleaningRequest) throws -> [ContaminantIndex] {
    if let built = indexes[frame] { return built }
    let built = try catalogues.map {
      try $0.contaminantIndex(in: frame, radius: request.radius, runner: request.runner)
    }
    indexes[frame] = built
    return built
  }
}
