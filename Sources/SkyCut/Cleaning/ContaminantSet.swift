/// The contaminant catalogues of a run, read once, with their indexes built once per frame
/// the objects come in: `skycut batch` cleans many object files against the same set.
///
/// Used by one thread at a time (files are cleaned in turn).
final class ContaminantSet {
  let catalogues: [Catalogue]
  private var indexes: [SkyFrame: [ContaminantIndex]] = [:]

  /// Reads the request's contaminant catalogues.
  init(_ request: CleaningRequest) throws {
    catalogues = try request.contaminantPaths.map {
      try Catalogue.read(path: $0, options: request.contaminantOptions)
    }
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
