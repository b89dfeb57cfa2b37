import Foundation

extension CleaningRequest {
  /// Checks the request before anything is read, so that a run that cannot succeed fails at
  /// once: the options make sense, the outputs can be created and are not inputs, and the
  /// inputs exist (a missing objects file is reported before the contaminants are loaded,
  /// however large they are).
  ///
  /// - Returns: the output path.
  /// - Throws: ``CatalogueError``.
  func checked() throws -> String {
    try checkOptions()
    let outputPath = resolvedOutputPath
    let inputs = [objectsPath] + contaminantPaths
    if inputs.filter({ $0 == Catalogue.standardStream }).count > 1 {
      throw CatalogueError.invalidArgument("only one catalogue can be read from standard input")
    }
    if rejectedPath == Catalogue.standardStream {
      throw CatalogueError.invalidArgument("the rejected rows cannot go to standard output")
    }
    if let rejectedPath,
      rejectedPath == outputPath
        || OutputFile.sameTarget(rejectedPath, outputPath)
    {
      throw CatalogueError.invalidArgument("the rejected rows need a file of their own")
    }
    for path in [outputPath] + (rejectedPath.map { [$0] } ?? [])
    where path != Catalogue.standardStream {
      _ = try CatalogueFormat.inferred(forWritingTo: path)
      try OutputFile.checkCreatable(path: path, overwrite: overwrite)
      try SameFileCheck.refuse(output: path, inputs: inputs)
    }
    let written = [outputPath, rejectedPath].compactMap { $0 }
    try MaskArea.checkOutputs(
      moc: moc, fractionMap: fractionMap, besides: written, inputs: inputs, overwrite: overwrite)
    for path in inputs + (footprintPath.map { [$0] } ?? []) where path != Catalogue.standardStream {
      if !FileManager.default.fileExists(atPath: path) {
        throw CatalogueError.fileNotFound(path: path)
      }
    }
    return outputPath
  }

  /// The checks of the options alone, whatever the files.
  func checkOptions() throws {
    let mask = effectiveMask
    if mask.catalogues.isEmpty {
      throw CatalogueError.invalidArgument("give at least one contaminant catalogue")
    }
    if mask.catalogues.count > SeparationCut.maximumCatalogues {
      throw CatalogueError.invalidArgument(
        "at most \(SeparationCut.maximumCatalogues) contaminant catalogues in one run")
    }
    if mask.layers.count > Mask.maximumLayers {
      throw CatalogueError.invalidArgument(
        "at most \(Mask.maximumLayers) catalogues and zones in one mask")
    }
    for catalogue in mask.catalogues { try catalogue.check() }
    if maskColumn != nil || self.mask != nil,
      mask.layers.contains(where: { !(0...Mask.maximumBit).contains($0.zone.bit) })
    {
      throw CatalogueError.invalidArgument(
        "a mask column holds bits 0 to \(Mask.maximumBit): at most \(Mask.maximumBit + 1) catalogues"
      )
    }
    try MaskArea.check(tolerance: areaTolerance, moc: moc)
    try fractionMap?.check()
    if let footprintBit {
      guard footprintPath != nil, maskColumn != nil else {
        throw CatalogueError.invalidArgument(
          "a footprint bit goes with a footprint and a mask column")
      }
      guard (0...Mask.maximumBit).contains(footprintBit),
        !mask.layers.contains(where: { $0.zone.bit == footprintBit })
      else {
        throw CatalogueError.invalidArgument(
          "the footprint bit must be 0 to \(Mask.maximumBit) and not a mask layer's")
      }
    }
    if (areaTolerance != nil || moc != nil || fractionMap != nil) && objectEpochColumn != nil {
      throw CatalogueError.invalidArgument(
        "the area and the MOC are of the mask at one epoch: give --epoch, not an epoch column")
    }
    if part != nil && objectsPath == Catalogue.standardStream {
      throw CatalogueError.invalidArgument("a part reads its rows from a file, not standard input")
    }
    if part != nil
      && (outputPath == Catalogue.standardStream || rejectedPath == Catalogue.standardStream)
    {
      throw CatalogueError.invalidArgument("a part writes files, not standard output")
    }
  }
}

extension MaskCatalogue {
  /// The checks of one catalogue's options.
  func check() throws {
    if let zone = zones.first(where: { !($0.radiusFactor > 0 && $0.radiusFactor.isFinite) }) {
      throw CatalogueError.invalidArgument(
        "\(path): a zone's radius factor must be more than 0, not \(zone.radiusFactor)")
    }
    if let epochs {
      if path == Catalogue.standardStream {
        throw CatalogueError.invalidArgument(
          "contaminants moved to an epoch are read from files, not standard input")
      }
      let objectEpochKnown = epochs.objectEpoch.isFinite || epochs.objectEpochColumn != nil
      if !objectEpochKnown || !(epochs.contaminantEpoch?.isFinite ?? true)
        || epochs.objectEpochRange.map({ !$0.lowerBound.isFinite || !$0.upperBound.isFinite })
          ?? false
      {
        throw CatalogueError.invalidArgument("an epoch is a Julian year, e.g. 2024.9")
      }
    }
    if options.invalidRows == .keep {
      throw CatalogueError.invalidArgument(
        "contaminants with invalid coordinates cannot be kept: use 'error' or 'drop'")
    }
    if options.ellipseColumns != nil {
      if options.radiusColumn != nil || options.radiusExpression != nil || radius != nil {
        throw CatalogueError.invalidArgument(
          "ellipses are the mask: give no maximum separation, radius column or expression with them"
        )
      }
    } else if radius == nil && options.radiusColumn == nil && options.radiusExpression == nil {
      throw CatalogueError.invalidArgument(
        "give a maximum separation, a radius column or a radius expression")
    }
    if options.radiusColumn != nil && options.radiusExpression != nil {
      throw CatalogueError.invalidArgument("give a radius column or a radius expression, not both")
    }
    if let radius, !(radius.radians > 0 && radius.radians <= .pi) {
      throw CatalogueError.invalidArgument("the maximum separation must be in (0, 180°]")
    }
  }
}
