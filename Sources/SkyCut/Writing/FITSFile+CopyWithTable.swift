import CCFITSIO

extension FITSFile {
  /// Copies every HDU of this file to `output` as it is, except table HDU `table`: its header
  /// is copied with `NAXIS2` (and `PCOUNT`) set to 0 and the `provenance` added before any
  /// row, then `writeRows` writes its rows, and `CHECKSUM`/`DATASUM` are recomputed if the
  /// input had them. Both FITS writers (the streaming one and the general one) go through
  /// here, so they write the same headers.
  func copy(
    to output: FITSFile, replacingRowsOf table: Int, provenance: CutProvenance?,
    writeRows: () throws -> Void
  ) throws {
    let count = try hduCount()
    for number in 0..<count {
      try moveToExtension(number)
      guard number == table else {
        try copyHDU(to: output)
        continue
      }
      try copyHeader(to: output)
      // Provenance before the rows (see writeProvenance).
      if let provenance { try output.writeProvenance(provenance) }
      if (doubleKeyword("PCOUNT") ?? 0) > 0 {
        try output.call("ffmkyj") { ffmkyj($0, "PCOUNT", 0, "&", &$1) }
      }
      try output.resetRowCount(to: 0)
      try writeRows()
      if hasKeyword("CHECKSUM") || hasKeyword("DATASUM") { try output.writeChecksum() }
    }
  }
}
