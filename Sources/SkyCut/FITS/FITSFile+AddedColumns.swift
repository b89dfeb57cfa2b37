import CCFITSIO

extension FITSFile {
  /// Appends `columns` (their names, formats and units; not their values) to the current
  /// table, which has no rows yet, so that no data moves.
  /// The corresponding CFITSIO routine is `fficol`.
  func appendColumns(_ columns: [AddedColumn]) throws {
    for column in columns {
      let number = try self.columns().count + 1
      var name = Array(column.name.utf8CString)
      var format = Array(column.fitsFormat.utf8CString)
      try call("fficol", column: column.name) {
        fficol($0, Int32(number), &name, &format, &$1)
      }
      if !column.unit.isEmpty {
        try setKeyword("TUNIT\(number)", string: column.unit, comment: "physical unit")
      }
    }
  }
}
