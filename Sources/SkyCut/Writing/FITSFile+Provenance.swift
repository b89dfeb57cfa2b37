extension FITSFile {
  /// Records a cut in the current HDU's header: `SKYCUT`, `SCMAXSEP`, `SCNREAD`, `SCNREMOV`,
  /// `SCNCONT` and `SCCONT` keywords, and a `HISTORY` sentence.
  func writeProvenance(_ provenance: CutProvenance) throws(FITSError) {
    try setKeyword("SKYCUT", string: provenance.version, comment: "SkyCut version")
    try setKeyword(
      "SCMAXSEP", double: provenance.maxsep.degrees, comment: "[deg] SkyCut maximum separation")
    try setKeyword("SCNREAD", integer: provenance.rowsRead, comment: "SkyCut rows read")
    try setKeyword("SCNREMOV", integer: provenance.rowsRemoved, comment: "SkyCut rows removed")
    try setKeyword(
      "SCNCONT", integer: provenance.contaminantCount, comment: "SkyCut contaminants")
    try setKeyword(
      "SCCONT", longString: provenance.contaminantPaths.joined(separator: " "),
      comment: "SkyCut contaminant catalogues")
    try appendHistory(provenance.history)
  }
}
