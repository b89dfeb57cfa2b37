import CCFITSIO

extension FITSFile {
  /// Makes the current table, whose header was just copied, one with no rows: `NAXIS2` (and,
  /// when it had a heap, `PCOUNT`) set to 0. The corresponding CFITSIO routines are `ffmkyj`
  /// and `ffrdef`.
  func emptyTable(hadHeap: Bool) throws(FITSError) {
    if hadHeap { try call("ffmkyj") { ffmkyj($0, "PCOUNT", 0, "&", &$1) } }
    try resetRowCount(to: 0)
  }
}
