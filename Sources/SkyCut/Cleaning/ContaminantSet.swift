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
    guard let epochs = request.epochs else {
      catalogues = try request.contaminantPaths.map {
        try Catalogue.read(path: $0, options: request.contaminantOptions)
      }
      epochReports = nil
      return
    }
    var catalogues: [Catalogue] = []
    var reports: [EpochReport] = []
    for path in request.contaminantPaths {
      let header = try RowSources.open(path: path, options: request.contaminantOptions)
      let columns = try MotionColumns(
        epochs, names: header.columnNames, at: header.tableLocation)
      var options = request.contaminantOptions
      options.valueColumns += columns.all
      let (moved, report) = try Catalogue.read(path: path, options: options).moved(
        epochs, columns: columns, runner: request.runner)
      catalogues.append(moved)
      reports.append(report)
    }
    self.catalogues = catalogues
    epochReports = reports
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
