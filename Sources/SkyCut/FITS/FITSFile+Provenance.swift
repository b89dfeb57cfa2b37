extension FITSFile {
  /// Records a cut in the current HDU's header: `SKYCUT`, `SCMAXSEP` (when a maximum
  /// separation was given), `SCRADCOL` (when contaminants had a radius column), `SCRADEXP` and `SCRADUNI` (a radius
  /// expression and its unit), `SCFLAGC`
  /// (when rows were flagged rather than removed), `SCNREAD`,
  /// `SCNREMOV`, `SCNCONT` and `SCCONT` keywords, and a `HISTORY` sentence.
  ///
  /// Call it before writing the table's rows: cards added after the data may not fit in the
  /// header's last 2880-byte block, and CFITSIO would then move the whole data to make room.
  /// `SCNREMOV` can be corrected afterwards in place with ``setKeyword(_:integer:comment:)``.
  func writeProvenance(_ provenance: CutProvenance) throws(FITSError) {
    try setKeyword("SKYCUT", string: provenance.version, comment: "SkyCut version")
    if let radius = provenance.radius {
      try setKeyword(
        "SCMAXSEP", double: radius.degrees, comment: "[deg] SkyCut maximum separation")
    }
    if let column = provenance.radiusColumn {
      try setKeyword("SCRADCOL", string: column, comment: "SkyCut contaminant radius column")
    }
    if let expression = provenance.radiusExpression {
      try setKeyword(
        "SCRADEXP", longString: expression, comment: "SkyCut contaminant radius expression")
      try setKeyword(
        "SCRADUNI", string: provenance.radiusUnit.rawValue,
        comment: "SkyCut unit of the radius expression")
    }
    if let columns = provenance.ellipseColumns {
      try setKeyword("SCELLIPS", string: columns, comment: "SkyCut contaminant ellipse columns")
    }
    if let column = provenance.objectEpochColumn {
      try setKeyword(
        "SCEPOCOL", string: column, comment: "SkyCut objects' epoch column (stars moved to it)")
    }
    if let epoch = provenance.epoch {
      try setKeyword(
        "SCEPOCH", double: epoch, comment: "[yr] SkyCut contaminants moved to this Julian epoch")
    }
    if let mask = provenance.maskFile {
      try setKeyword("SCMASK", longString: mask, comment: "SkyCut mask file")
    }
    if let hash = provenance.maskSHA256 {
      try setKeyword("SCMASKSH", string: hash, comment: "SHA-256 of the SkyCut mask file")
    }
    if let column = provenance.flagColumn {
      try setKeyword("SCFLAGC", string: column, comment: "SkyCut flag column")
    }
    try setKeyword("SCNREAD", integer: provenance.rowsRead, comment: "SkyCut rows read")
    try setKeyword("SCNREMOV", integer: provenance.rowsRemoved, comment: "SkyCut rows removed")
    try setKeyword(
      "SCNCONT", integer: provenance.contaminantCount, comment: "SkyCut contaminants")
    try setKeyword(
      "SCCONT", longString: provenance.contaminantPaths.joined(separator: " "),
      comment: "SkyCut contaminant catalogues")
    try appendHistory(provenance.history)
  }

  /// Sets the counts of a cut whose provenance was written before the rows (in place: the
  /// cards are already there).
  func recordCounts(rowsRead: Int, rowsRemoved: Int) throws(FITSError) {
    try setKeyword("SCNREAD", integer: rowsRead, comment: "SkyCut rows read")
    try setKeyword("SCNREMOV", integer: rowsRemoved, comment: "SkyCut rows removed")
  }

  /// Writes a new FITS file at `path`: `body` fills it in the output's temporary file, which
  /// is then checksummed, closed and renamed into place; on any error nothing is left behind.
  static func writeOutput(path: String, overwrite: Bool, _ body: (FITSFile) throws -> Void)
    throws
  {
    let (output, file) = try createOutput(path: path, overwrite: overwrite)
    do {
      try body(file)
      try file.writeChecksum()
      try file.close()
    } catch {
      try? file.close()
      output.discard()
      throw error
    }
    try output.commitOrDiscard()
  }

  /// Writes `values` (no nulls) to `column` from row 1, a million rows at a time, each block
  /// made into column values by `wrap` (so a lazy collection is never held whole).
  func writeColumn<Values: RandomAccessCollection>(
    _ values: Values, column: Int, as wrap: ([Values.Element], [Bool]) -> ColumnValues
  ) throws where Values.Index == Int {
    let block = 1 << 20
    var first = 0
    while first < values.count {
      let slice = Array(
        values[(values.startIndex + first)..<(values.startIndex + min(first + block, values.count))]
      )
      try writeValues(
        wrap(slice, [Bool](repeating: false, count: slice.count)), column: column,
        firstRow: first + 1)
      first += block
    }
  }

  /// A new FITS file at the temporary path of the output `path`, and that output, to be
  /// renamed into place when complete; nothing is left behind when it cannot be created.
  static func createOutput(path: String, overwrite: Bool) throws -> (OutputFile, FITSFile) {
    let output = try OutputFile(path: path, overwrite: overwrite)
    do {
      return (output, try FITSFile.create(atPath: output.temporaryPath, displayPath: path))
    } catch {
      output.discard()
      throw error
    }
  }
}
