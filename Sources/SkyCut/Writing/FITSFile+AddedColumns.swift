import CCFITSIO

extension FITSFile {
  /// Appends `columns` to table HDU `table` of the FITS file at `path` (just written), with
  /// the values of input rows `rows` in order, and recomputes CHECKSUM/DATASUM if the table
  /// has them. The corresponding CFITSIO routines are `fficls`, `ffpcll`, `ffpcld`, `ffpcljj`.
  static func appendColumns(
    _ columns: [AddedColumn], rows: [Int], toTable table: Int, of path: String,
    displayPath: String
  ) throws {
    let file = try open(updatingAtPath: path, displayPath: displayPath)
    do {
      try file.moveToExtension(table)
      for column in columns {
        let number = try file.columns().count + 1
        var name = Array(column.name.utf8CString)
        var format = Array(column.fitsFormat.utf8CString)
        try file.call("fficol", column: column.name) {
          fficol($0, Int32(number), &name, &format, &$1)
        }
        if !column.unit.isEmpty {
          try file.setKeyword("TUNIT\(number)", string: column.unit, comment: "physical unit")
        }
        try file.write(column, rows: rows, toColumn: number)
      }
      if file.hasKeyword("CHECKSUM") || file.hasKeyword("DATASUM") { try file.writeChecksum() }
      try file.close()
    } catch {
      try? file.close()
      throw error
    }
  }

  private func write(_ column: AddedColumn, rows: [Int], toColumn number: Int) throws {
    let block = 65_536
    for start in stride(from: 0, to: rows.count, by: block) {
      let slice = rows[start..<min(start + block, rows.count)]
      let first = LONGLONG(start + 1)
      let count = LONGLONG(slice.count)
      switch column.values {
      case .logical(let flags):
        var values = slice.map { CChar(flags[$0] ? 1 : 0) }
        try call("ffpcll", column: column.name) {
          ffpcll($0, Int32(number), first, 1, count, &values, &$1)
        }
      case .double(let numbers):
        var values = slice.map { numbers[$0] }
        try call("ffpcld", column: column.name) {
          ffpcld($0, Int32(number), first, 1, count, &values, &$1)
        }
      case .integer(let numbers):
        var values = slice.map { LONGLONG(numbers[$0]) }
        try call("ffpcljj", column: column.name) {
          ffpcljj($0, Int32(number), first, 1, count, &values, &$1)
        }
      }
    }
  }
}
