import Foundation

/// Runs a whole cleaning: read the contaminants and index them, then stream the objects
/// through the cut into the outputs.
public enum CatalogueCleaner {
  /// Reads the contaminants, removes (or flags) every object strictly closer than its radius
  /// to a contaminant, and writes the rest with every column intact; with
  /// ``CleaningRequest/rejectedPath``, the removed rows too.
  ///
  /// The objects stream through in blocks: memory holds the contaminants and a few blocks,
  /// whatever the number of objects. The request is checked before anything is read, so a
  /// run that would fail to write fails at once.
  ///
  /// - Returns: the counts, paths and timings of the run.
  /// - Throws: ``CatalogueError``; on error no output file is left behind.
  public static func clean(_ request: CleaningRequest) throws -> CleaningSummary {
    try CatalogueError.wrapping {
      let outputPath = try request.checked()
      let clock = PhaseClock()
      request.report(.reading, 0, of: nil)
      return try clean(
        request, outputPath: outputPath, contaminants: try ContaminantSet(request), clock: clock)
    }
  }

  /// Cleans the request's objects against contaminants already read (and perhaps indexed).
  static func clean(
    _ request: CleaningRequest, outputPath: String, contaminants set: ContaminantSet,
    clock start: PhaseClock
  ) throws -> CleaningSummary {
    var clock = start
    let contaminants = set.catalogues
    let objects = try ObjectsInput(request, outputPath: outputPath)
    var source = try objects.open(request.objectOptions, blockBytes: request.blockBytes)
    var slice: (rows: Range<Int>, total: Int)?
    if let part = request.part {
      let total = try source.rowCount ?? objects.countRows()
      slice = (part.rows(of: total), total)
      source = SlicedRowSource(source, rows: part.rows(of: total))
    }
    let (coordinates, indices) = try CoordinateResolver.resolve(
      names: source.columnNames, units: source.columnUnits, options: request.objectOptions,
      at: source.tableLocation)
    clock.lap(\.read)
    let columns = request.cutColumns
    try AddedColumn.checkNames(
      columns.map(\.column.name), against: source.columnNames, path: source.displayPath)
    var cut: BlockCut
    var epochColumn: (index: Int, name: String)?
    var epochRange: ClosedRange<Double>?
    if let column = request.objectEpochColumn,
      let epochs = request.effectiveMask.catalogues.lazy.compactMap(\.epochs).first
    {
      // Each object at its own epoch: widened indexes, each candidate decided at its epoch.
      let range = try ObjectEpochRange.find(
        column: column, given: epochs.objectEpochRange, fallback: epochs.objectEpoch,
        objects: objects, options: request.objectOptions)
      epochRange = range
      let moving = try set.movingLayers(
        in: coordinates.frame, range: range, runner: request.runner)
      cut = try BlockCut(
        request, source: source, coordinates: coordinates, indices: indices,
        indexes: moving.map(\.index), layers: set.layers)
      let index = try ColumnResolver.resolve(
        column, in: source.columnNames, at: source.tableLocation)
      cut.moving = moving
      cut.epochs = (try source.numericField(index, role: "an epoch"), epochs.objectEpoch)
      cut.perLayer = true
      epochColumn = (index, source.columnNames[index])
    } else {
      cut = try BlockCut(
        request, source: source, coordinates: coordinates, indices: indices,
        indexes: try set.cutIndexes(in: coordinates.frame, runner: request.runner),
        layers: set.layers)
    }
    let footprint = try request.footprintPath.map(Footprint.init(contentsOf:))
    if let footprint {
      cut.footprint = (footprint, coordinates.frame.rotation(to: .icrs))
      cut.footprintBit = request.footprintBit
    }
    try request.fractionMap?.check(footprint: footprint)
    cut.coverage = set.coverage(
      of: cut.indexes, in: coordinates.frame, range: epochRange, interior: cut.decidesInside,
      runner: request.runner)
    clock.lap(\.cut)
    let sinks = try openSinks(
      request, source: source, outputPath: outputPath,
      sink: SinkRequest(
        path: outputPath, overwrite: request.overwrite, added: columns.map(\.column),
        provenance: request.provenance(
          contaminants: contaminants, rowsRead: source.rowCount ?? 0, rowsRemoved: 0),
        coordinates: coordinates, textKinds: try objects.textKinds(), runner: request.runner))
    let totals: RowPipeline.Totals
    do {
      var pipeline = RowPipeline(
        source: source,
        decider: CutDecider(
          cut: cut, onlyFlags: set.layers.allSatisfy { $0.zone.action == .flag },
          rejects: sinks.rejected != nil,
          columns: columns.map(\.kind)),
        kept: sinks.kept, rejected: sinks.rejected, coordinates: coordinates,
        coordinateIndices: indices)
      pipeline.epochColumn = epochColumn
      let total = source.rowCount
      pipeline.progress = { request.report(.cutting, $0, of: total) }
      request.report(.cutting, 0, of: total)
      totals = try pipeline.run(catalogues: contaminants.count, clock: &clock)
      for sink in sinks.all { try sink.finish(rowsRead: totals.read, rowsRemoved: totals.removed) }
    } catch {
      for sink in sinks.all { sink.discard() }
      throw error
    }
    let (area, moc, map) = try measure(request, set, footprint: footprint)
    try OutputFile.commitAll(sinks.all.compactMap(\.pending))
    if request.part != nil || request.recordsOutputs {
      let total = totals.read
      try recordOutputs(
        request.part ?? (try CataloguePart(index: 0, count: 1)),
        slice: slice ?? (0..<total, total), request, outputPath: outputPath,
        removed: totals.removed)
    }
    clock.lap(\.write)
    request.report(.writing, totals.read, of: totals.read)
    var summary = CleaningSummary(
      request, outputPath: outputPath, totals: totals, coordinates: coordinates,
      contaminants: contaminants, layers: set.layers, clock: clock)
    summary.area = area
    summary.moc = moc
    summary.fractionMap = map
    if let footprint {
      summary.footprint = FootprintSummary(
        footprint, masked: area, outside: totals.outsideFootprint)
    }
    if let epoch = request.objectEpoch, let reports = set.epochReports {
      summary.epoch = EpochSummary(
        objectEpoch: epoch, moved: reports.reduce(0) { $0 + $1.moved },
        withoutMotion: reports.reduce(0) { $0 + $1.withoutMotion })
    }
    return summary
  }

  /// The mask's area, its MOC and its map, as the request asks.
  private static func measure(
    _ request: CleaningRequest, _ set: ContaminantSet, footprint: Footprint?
  ) throws
    -> (MaskArea?, MOCSummary?, FractionMapSummary?)
  {
    let measured = try MaskMeasurement.measure(
      set, tolerance: request.areaTolerance, moc: request.moc, fractionMap: request.fractionMap,
      footprint: footprint, overwrite: request.overwrite, runner: request.runner, since: Date())
    return (measured.area, measured.moc, measured.fractionMap)
  }

  /// Writes an ``OutputRecord`` beside each output.
  private static func recordOutputs(
    _ part: CataloguePart, slice: (rows: Range<Int>, total: Int), _ request: CleaningRequest,
    outputPath: String, removed: Int
  ) throws {
    let outputs =
      [("cleaned", outputPath)] + (request.rejectedPath.map { [("rejected", $0)] } ?? [])
    for (role, path) in outputs {
      let (crc, size) = try Gzip.crc32(ofFile: path)
      try OutputRecord(
        skycutVersion: SkyCutVersion.current, role: role, part: part.index, parts: part.count,
        firstRow: slice.rows.lowerBound, endRow: slice.rows.upperBound, totalRows: slice.total,
        objects: try OutputRecord.FileIdentity(path: request.objectsPath),
        contaminants: try request.contaminantPaths.map(OutputRecord.FileIdentity.init(path:)),
        options: request.partOptions, rowsRemoved: removed, outputBytes: size,
        outputCRC32: crc
      ).write(for: path)
    }
  }

  /// The cleaned output's sink, and the rejected one's if asked for; when the second cannot
  /// be made, the first is discarded.
  private static func openSinks(
    _ request: CleaningRequest, source: any RowSource, outputPath: String, sink: SinkRequest
  ) throws -> (kept: any RowSink, rejected: (any RowSink)?, all: [any RowSink]) {
    let kept = try RowSinks.make(for: source, sink)
    guard let path = request.rejectedPath else { return (kept, nil, [kept]) }
    do {
      var rejectedSink = sink
      rejectedSink.path = path
      let rejected = try RowSinks.make(for: source, rejectedSink)
      return (kept, rejected, [kept, rejected])
    } catch {
      kept.discard()
      throw error
    }
  }
}

extension BlockCut {
  /// The cut a request asks for, on the objects of `source`: their coordinate columns
  /// `indices`, against an index of each contaminant catalogue in the objects' frame.
  init(
    _ request: CleaningRequest, source: any RowSource, coordinates: CoordinateColumns,
    indices: (Int, Int), indexes: [ContaminantIndex], layers: [MaskLayer]
  ) throws {
    self.init(
      first: try source.numericField(indices.0, role: "a coordinate"),
      second: try source.numericField(indices.1, role: "a coordinate"),
      converter: CoordinateConverter(columns: coordinates),
      indexes: indexes, layers: layers,
      invalidRows: request.objectOptions.invalidRows,
      neighbours: request.separationColumn != nil || request.countColumn != nil,
      runner: request.runner)
    let actions = Set(layers.map(\.zone.action))
    perLayer =
      request.maskColumn != nil || request.mask != nil || actions.count > 1
      || Set(layers.map(\.catalogue)).count < layers.count
  }
}

extension CleaningSummary {
  /// The summary of a run.
  init(
    _ request: CleaningRequest, outputPath: String, totals: RowPipeline.Totals,
    coordinates: CoordinateColumns, contaminants: [Catalogue], layers: [MaskLayer],
    clock: PhaseClock
  ) {
    self.init(
      objectsRead: totals.read, contaminantsRead: contaminants.reduce(0) { $0 + $1.rowCount },
      removed: totals.removed, kept: totals.written, invalidObjects: totals.invalid,
      invalidContaminants: contaminants.reduce(0) { $0 + $1.invalidRows.count },
      outputPath: outputPath, rejectedPath: request.rejectedPath,
      flagged: layers.contains { $0.zone.action == .flag } ? totals.flagged : nil,
      objectCoordinates: coordinates,
      contaminants: request.contaminantSummaries(contaminants, totals: totals),
      readSeconds: clock.read, cutSeconds: clock.cut, writeSeconds: clock.write,
      totalSeconds: clock.elapsed)
    maskFile = request.mask?.source.map { MaskFileSummary(path: $0.path, sha256: $0.sha256) }
    if !totals.removedWithBit.isEmpty {
      bits = request.maskBits.map {
        MaskBitSummary(
          bit: $0, removed: totals.removedWithBit[$0], flagged: totals.flaggedWithBit[$0])
      }
    }
  }
}

extension CleaningRequest {
  /// The bits the mask column can carry, increasing: its layers' and the footprint's.
  var maskBits: [Int] {
    let bits = effectiveMask.layers.map(\.zone.bit) + (footprintBit.map { [$0] } ?? [])
    return Set(bits.filter { $0 <= Mask.maximumBit }).sorted()
  }

  /// The flag, separation, count and mask columns the request asks for, in that order.
  var cutColumns: [(kind: CutColumn, column: AddedColumn)] {
    var columns: [(CutColumn, AddedColumn)] = []
    if let name = flagColumn {
      columns.append((.flag, AddedColumn(name: name, values: .logical([]))))
    }
    if let name = separationColumn {
      columns.append((.separation, AddedColumn(name: name, unit: "arcsec", values: .double([]))))
    }
    if let name = countColumn {
      columns.append((.count, AddedColumn(name: name, values: .integer([]))))
    }
    if let name = maskColumn {
      let bytes = AddedColumn.Values.bitBytes(highestBit: maskBits.last ?? 0)
      columns.append(
        (.mask(bytes: bytes), AddedColumn(name: name, values: .bits([], bytes: bytes))))
    }
    return columns
  }

  /// The objects' epoch the contaminants are moved to, if any are.
  var objectEpoch: Double? {
    effectiveMask.catalogues.lazy.compactMap(\.epochs?.objectEpoch).first
  }

  /// The provenance a cleaned FITS file records.
  func provenance(contaminants: [Catalogue], rowsRead: Int, rowsRemoved: Int) -> CutProvenance {
    var provenance = CutProvenance(
      radius: radius, radiusColumn: contaminantOptions.radiusColumn,
      contaminantPaths: contaminantPaths,
      contaminantCount: contaminants.reduce(0) { $0 + $1.rowCount }, rowsRead: rowsRead,
      rowsRemoved: rowsRemoved)
    provenance.flagColumn = flagColumn
    provenance.maskFile = mask?.source?.path
    provenance.maskSHA256 = mask?.source?.sha256
    provenance.radiusExpression = contaminantOptions.radiusExpression?.text
    provenance.radiusUnit = contaminantOptions.radiusUnit
    // With objects at their own epochs, the column says where the stars were moved to (the
    // objects' epoch is then only the fallback for rows without one, maybe none).
    provenance.objectEpochColumn = objectEpochColumn
    provenance.epoch = objectEpochColumn == nil ? objectEpoch : nil
    provenance.ellipseColumns = contaminantOptions.ellipseColumns.map {
      "\($0.a),\($0.b),\($0.positionAngle)"
    }
    return provenance
  }

  /// The per-catalogue part of the summary.
  func contaminantSummaries(_ contaminants: [Catalogue], totals: RowPipeline.Totals)
    -> [ContaminantCatalogueSummary]
  {
    zip(contaminants, effectiveMask.catalogues).enumerated().map { number, pair in
      let (catalogue, mask) = pair
      var summary = ContaminantCatalogueSummary(
        path: catalogue.path, rows: catalogue.rowCount, invalid: catalogue.invalidRows.count,
        removed: totals.removedBy[number], coordinates: catalogue.coordinates,
        radiusColumn: mask.options.radiusColumn)
      summary.flagged = totals.flaggedBy[number]
      return summary
    }
  }
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
