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
    let outputPath = try request.checked()
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
    return try cleanInMemory(
      request, contaminants: contaminants, outputPath: outputPath, start: start)
  }

  /// The general path: the objects' positions in memory, any input and output format, and
  /// the rejected rows and added columns.
  private static func cleanInMemory(
    _ request: CleaningRequest, contaminants: [Catalogue], outputPath: String,
    start: DispatchTime
  ) throws -> CleaningSummary {
    let objects = try Catalogue.read(path: request.objectsPath, options: request.objectOptions)
    // Before the work: a name the catalogue already has is a usage error.
    try AddedColumn.checkNames(
      [request.flagColumn, request.separationColumn, request.countColumn].compactMap { $0 },
      against: objects.columnNames, path: objects.path)
    let read = DispatchTime.now()
    request.report(.cutting, 0, of: objects.rowCount)
    let indexes = try contaminants.map {
      try $0.contaminantIndex(in: objects.frame, maxsep: request.maxsep, runner: request.runner)
    }
    let result = objects.cut(using: indexes, runner: request.runner)
    let dropped = request.objectOptions.invalidRows == .drop ? objects.invalidRows : []
    // Rows left out of the output: those near a contaminant (unless they are only flagged)
    // and those dropped for unusable coordinates.
    let removed = request.flagColumn == nil ? (result.rows + dropped).sorted() : dropped
    let added = request.addedColumns(objects, indexes: indexes, matched: result.rows)
    let cut = DispatchTime.now()
    request.report(.writing, 0, of: objects.rowCount)
    let options = Catalogue.WriteOptions(
      overwrite: request.overwrite,
      provenance: request.provenance(
        contaminants: contaminants, rowsRead: objects.rowCount, rowsRemoved: removed.count),
      addedColumns: added)
    // Both files are written in full before either is renamed into place.
    var pending: [OutputFile] = []
    do {
      if let path = request.rejectedPath,
        let file = try objects.writePending(
          RowSelection(
            rows: request.flagColumn == nil ? removed : result.rows, total: objects.rowCount),
          to: path, options: options)
      {
        pending.append(file)
      }
      if let file = try objects.writePending(
        RowSelection.complement(of: removed, total: objects.rowCount), to: outputPath,
        options: options)
      {
        pending.append(file)
      }
    } catch {
      for file in pending { file.discard() }
      throw error
    }
    for (index, file) in pending.enumerated() {
      do {
        try file.commit()
      } catch {
        for rest in pending[index...] { rest.discard() }
        throw error
      }
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
    var provenance = CutProvenance(
      maxsep: maxsep, radiusColumn: contaminantOptions.radiusColumn,
      contaminantPaths: contaminantPaths,
      contaminantCount: contaminants.reduce(0) { $0 + $1.rowCount }, rowsRead: rowsRead,
      rowsRemoved: rowsRemoved)
    provenance.flagColumn = flagColumn
    return provenance
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
