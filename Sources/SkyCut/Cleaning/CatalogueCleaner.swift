import Foundation

/// Runs a whole cleaning: read both catalogues, cut, write the cleaned catalogue.
public enum CatalogueCleaner {
  /// Reads the objects and contaminants, removes every object strictly closer than
  /// `request.maxsep` to a contaminant, and writes the rest with every column intact.
  ///
  /// The output path is checked before anything is read, so a run that would fail to write
  /// fails at once.
  ///
  /// - Returns: the counts, paths and timings of the run.
  /// - Throws: ``CatalogueError``; on error no output file is left behind.
  public static func clean(_ request: CleaningRequest) throws -> CleaningSummary {
    try CatalogueError.wrapping { try cleanUnwrapped(request) }
  }

  private static func cleanUnwrapped(_ request: CleaningRequest) throws -> CleaningSummary {
    if request.contaminantOptions.invalidRows == .keep {
      throw CatalogueError.invalidArgument(
        "contaminants with invalid coordinates cannot be kept: use 'error' or 'drop'")
    }
    if request.contaminantPaths.isEmpty {
      throw CatalogueError.invalidArgument("give at least one contaminant catalogue")
    }
    if request.maxsep == nil && request.contaminantOptions.radiusColumn == nil {
      throw CatalogueError.invalidArgument("give a maximum separation or a radius column")
    }
    if let maxsep = request.maxsep, !(maxsep.radians > 0 && maxsep.radians <= .pi) {
      throw CatalogueError.invalidArgument("the maximum separation must be in (0, 180°]")
    }
    let outputPath = request.resolvedOutputPath
    let inputs = [request.objectsPath] + request.contaminantPaths
    if inputs.filter({ $0 == Catalogue.standardStream }).count > 1 {
      throw CatalogueError.invalidArgument("only one catalogue can be read from standard input")
    }
    if request.rejectedPath == Catalogue.standardStream {
      throw CatalogueError.invalidArgument("the rejected rows cannot go to standard output")
    }
    for path in [outputPath] + (request.rejectedPath.map { [$0] } ?? [])
    where path != Catalogue.standardStream {
      _ = try CatalogueFormat.inferred(forWritingTo: path)
      try OutputFile.checkCreatable(path: path, overwrite: request.overwrite)
      try SameFileCheck.refuse(
        output: path, inputs: [request.objectsPath] + request.contaminantPaths)
    }
    if let rejected = request.rejectedPath, rejected == outputPath {
      throw CatalogueError.invalidArgument("the rejected rows need a file of their own")
    }

    let start = DispatchTime.now()
    request.report(.reading, 0, of: nil)
    let contaminants = try request.contaminantPaths.map {
      try Catalogue.read(path: $0, options: request.contaminantOptions)
    }
    if !request.addsToTheOutput,
      try CatalogueFormat.inferred(fromPath: request.objectsPath).isFITS,
      try CatalogueFormat.inferred(fromPath: outputPath).isFITS,
      FileManager.default.isReadableFile(atPath: request.objectsPath),
      var summary = try FITSStreamingCleaner.clean(
        request, outputPath: outputPath, contaminants: contaminants)
    {
      let total = seconds(start, DispatchTime.now())
      summary.readSeconds += total - summary.totalSeconds  // the contaminants
      summary.totalSeconds = total
      return summary
    }
    let objects = try Catalogue.read(path: request.objectsPath, options: request.objectOptions)
    let read = DispatchTime.now()
    request.report(.cutting, 0, of: objects.rowCount)
    let indexes = try contaminants.map {
      try $0.contaminantIndex(in: objects.frame, maxsep: request.maxsep, runner: request.runner)
    }
    let result = objects.cut(using: indexes, runner: request.runner)
    let dropped = request.objectOptions.invalidRows == .drop ? objects.invalidRows : []
    // Rows left out of the output: those near a contaminant (unless they are only flagged)
    // and those dropped for unusable coordinates.
    let removed =
      request.flagColumn == nil ? (result.rows + dropped).sorted() : dropped
    let added = request.addedColumns(objects, indexes: indexes, matched: result.rows)
    let cut = DispatchTime.now()
    request.report(.writing, 0, of: objects.rowCount)
    let provenance = request.provenance(
      contaminants: contaminants, rowsRead: objects.rowCount, rowsRemoved: removed.count)
    if let rejectedPath = request.rejectedPath {
      try objects.write(
        keepingRows: request.flagColumn == nil ? removed : result.rows, to: rejectedPath,
        options: .init(overwrite: request.overwrite, provenance: provenance, addedColumns: added))
    }
    do {
      try objects.write(
        removingRows: removed, to: outputPath,
        options: .init(overwrite: request.overwrite, provenance: provenance, addedColumns: added))
    } catch {
      if let rejectedPath = request.rejectedPath { unlink(rejectedPath) }
      throw error
    }
    let written = DispatchTime.now()
    request.report(.writing, objects.rowCount, of: objects.rowCount)
    return CleaningSummary(
      objectsRead: objects.rowCount, contaminantsRead: contaminants.reduce(0) { $0 + $1.rowCount },
      removed: removed.count, kept: objects.rowCount - removed.count,
      invalidObjects: objects.invalidRows.count,
      invalidContaminants: contaminants.reduce(0) { $0 + $1.invalidRows.count },
      outputPath: outputPath, rejectedPath: request.rejectedPath,
      flagged: request.flagColumn == nil ? nil : result.rows.count,
      objectCoordinates: objects.coordinates,
      contaminants: request.contaminantSummaries(contaminants, removedBy: result.removedBy),
      readSeconds: seconds(start, read), cutSeconds: seconds(read, cut),
      writeSeconds: seconds(cut, written), totalSeconds: seconds(start, written))
  }
}

extension CleaningRequest {
  /// The flag, separation and count columns the request asks for, for every object row.
  func addedColumns(_ objects: Catalogue, indexes: [ContaminantIndex], matched: [Int])
    -> [AddedColumn]
  {
    var columns: [AddedColumn] = []
    if let name = flagColumn {
      var flags = [Bool](repeating: false, count: objects.rowCount)
      for row in matched { flags[row] = true }
      columns.append(AddedColumn(name: name, values: .logical(flags)))
    }
    guard separationColumn != nil || countColumn != nil else { return columns }
    let neighbours = objects.neighbours(in: indexes, runner: runner)
    if let name = separationColumn {
      columns.append(
        AddedColumn(
          name: name, unit: "arcsec",
          values: .double(neighbours.nearest.map { $0?.arcseconds ?? .nan })))
    }
    if let name = countColumn {
      columns.append(AddedColumn(name: name, values: .integer(neighbours.counts)))
    }
    return columns
  }

  /// The provenance a cleaned FITS file records.
  func provenance(contaminants: [Catalogue], rowsRead: Int, rowsRemoved: Int) -> CutProvenance {
    CutProvenance(
      maxsep: maxsep, radiusColumn: contaminantOptions.radiusColumn,
      contaminantPaths: contaminantPaths,
      contaminantCount: contaminants.reduce(0) { $0 + $1.rowCount }, rowsRead: rowsRead,
      rowsRemoved: rowsRemoved)
  }

  /// The per-catalogue part of the summary.
  func contaminantSummaries(_ contaminants: [Catalogue], removedBy: [Int])
    -> [ContaminantCatalogueSummary]
  {
    zip(contaminants, removedBy).map { catalogue, removed in
      ContaminantCatalogueSummary(
        path: catalogue.path, rows: catalogue.rowCount, invalid: catalogue.invalidRows.count,
        removed: removed, coordinates: catalogue.coordinates,
        radiusColumn: contaminantOptions.radiusColumn)
    }
  }
}

private func seconds(_ a: DispatchTime, _ b: DispatchTime) -> Double {
  Double(b.uptimeNanoseconds - a.uptimeNanoseconds) / 1e9
}

/// Refuses an output path that is one of the inputs (under another name, too), which
/// `--overwrite` would otherwise replace.
enum SameFileCheck {
  static func refuse(output: String, inputs: [String]) throws {
    var outputStat = stat()
    guard stat(output, &outputStat) == 0 else { return }
    for input in inputs {
      var inputStat = stat()
      if stat(input, &inputStat) == 0 && inputStat.st_dev == outputStat.st_dev
        && inputStat.st_ino == outputStat.st_ino
      {
        throw CatalogueError.cannotCreateOutput(
          path: output, reason: "it is the input file '\(input)'")
      }
    }
  }
}
