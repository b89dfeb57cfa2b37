import CCFITSIO
import Foundation

/// Writes small FITS files with CFITSIO directly (not through SkyCut), for tests.
final class FITSFixture {
  private var handle: UnsafeMutablePointer<fitsfile>?
  private(set) var status: Int32 = 0

  init(path: String) {
    unlink(path)
    ffdkinit(&handle, path, &status)
  }

  /// Adds an empty primary HDU with one keyword.
  func primary() -> Self {
    var naxes: [Int] = []
    ffcrim(handle, 8, 0, &naxes, &status)
    ffpkys(handle, "TELESCOP", "SkyCutTest", "a primary keyword", &status)
    return self
  }

  /// Adds a primary HDU with a small 16-bit image as its data.
  func primaryImage() -> Self {
    var naxes = [4, 3]
    ffcrim(handle, 16, 2, &naxes, &status)
    ffpkys(handle, "TELESCOP", "SkyCutTest", "a primary keyword", &status)
    var pixels: [Int16] = Array(1...12)
    ffppr(handle, TSHORT, 1, 12, &pixels, &status)
    return self
  }

  /// Adds a binary (or, with `type: ASCII_TBL`, ASCII) table.
  func table(
    name: String, columns: [(name: String, format: String, unit: String)], rows: Int,
    type: Int32 = BINARY_TBL
  ) -> Self {
    var names = columns.map { strdup($0.name) }
    var formats = columns.map { strdup($0.format) }
    var units = columns.map { strdup($0.unit) }
    defer { for pointer in names + formats + units { free(pointer) } }
    ffcrtb(
      handle, type, LONGLONG(rows), Int32(columns.count), &names, &formats, &units, name,
      &status)
    return self
  }

  func keyword(_ name: String, _ value: String, _ comment: String = "") -> Self {
    ffpkys(handle, name, value, comment, &status)
    return self
  }

  func keyword(_ name: String, _ value: Double, _ comment: String = "") -> Self {
    ffpkyd(handle, name, value, 12, comment, &status)
    return self
  }

  func keyword(_ name: String, int value: Int, _ comment: String = "") -> Self {
    ffpkyj(handle, name, LONGLONG(value), comment, &status)
    return self
  }

  func keyword(_ name: String, unsigned value: UInt64, _ comment: String = "") -> Self {
    ffpkyuj(handle, name, value, comment, &status)
    return self
  }

  /// Writes `TDIMn` for column `column`.
  func dimensions(_ column: Int, _ axes: [Int]) -> Self {
    var sizes = axes.map { LONGLONG($0) }
    ffptdmll(handle, Int32(column), Int32(axes.count), &sizes, &status)
    return self
  }

  /// Writes values of CFITSIO type `type` (`TBYTE`, `TUSHORT`, ...) to a column, from row
  /// `row` on (to that row alone for a variable-length column).
  /// `count` is the number of elements, if not `values.count` (complex values take two).
  func values<Value: BitwiseCopyable>(
    _ column: Int, type: Int32, _ values: [Value], row: Int = 1, count: Int? = nil
  ) -> Self {
    var data = values
    let elements = LONGLONG(count ?? values.count)
    ffpcl(handle, type, Int32(column), LONGLONG(row), 1, elements, &data, &status)
    return self
  }

  /// Sets `width` bits of every row of an X column.
  func bits(_ column: Int, width: Int, _ bit: (Int, Int) -> Bool) -> Self {
    for row in 0..<Int(rowCount()) {
      var flags = (0..<width).map { CChar(bit(row, $0) ? 1 : 0) }
      ffpclx(handle, Int32(column), LONGLONG(row + 1), 1, Int(width), &flags, &status)
    }
    return self
  }

  private func rowCount() -> LONGLONG {
    var rows: LONGLONG = 0
    ffgnrwll(handle, &rows, &status)
    return rows
  }

  func doublesWithNull(_ column: Int, _ values: [Double], null: Double) -> Self {
    var data = values
    ffpcnd(handle, Int32(column), 1, 1, LONGLONG(values.count), &data, null, &status)
    return self
  }

  /// Adds CHECKSUM and DATASUM to the current HDU.
  func checksum() -> Self {
    ffpcks(handle, &status)
    return self
  }

  func history(_ text: String) -> Self {
    ffphis(handle, text, &status)
    return self
  }

  /// Re-reads the header after scaling/null keywords were added.
  func redefine() -> Self {
    ffrdef(handle, &status)
    return self
  }

  func doubles(_ column: Int, _ values: [Double]) -> Self {
    var data = values
    ffpcld(handle, Int32(column), 1, 1, LONGLONG(values.count), &data, &status)
    return self
  }

  func int64s(_ column: Int, _ values: [Int64]) -> Self {
    var data = values
    ffpcljj(handle, Int32(column), 1, 1, LONGLONG(values.count), &data, &status)
    return self
  }

  func int64sWithNull(_ column: Int, _ values: [Int64], null: Int64) -> Self {
    var data = values
    ffpcnjj(handle, Int32(column), 1, 1, LONGLONG(values.count), &data, null, &status)
    return self
  }

  func floats(_ column: Int, _ values: [Float]) -> Self {
    var data = values
    ffpcle(handle, Int32(column), 1, 1, LONGLONG(values.count), &data, &status)
    return self
  }

  func logicals(_ column: Int, _ values: [Bool]) -> Self {
    var data = values.map { CChar($0 ? 1 : 0) }
    ffpcll(handle, Int32(column), 1, 1, LONGLONG(values.count), &data, &status)
    return self
  }

  func strings(_ column: Int, _ values: [String], row: Int = 1) -> Self {
    var data = values.map { strdup($0) }
    defer { for pointer in data { free(pointer) } }
    ffpcls(handle, Int32(column), LONGLONG(row), 1, LONGLONG(values.count), &data, &status)
    return self
  }

  /// Adds a small 2-D image extension.
  func image(name: String) -> Self {
    var naxes = [3, 2]
    ffcrim(handle, 16, 2, &naxes, &status)
    ffpkys(handle, "EXTNAME", name, nil, &status)
    var pixels: [Int16] = [1, 2, 3, 4, 5, 6]
    ffppr(handle, TSHORT, 1, 6, &pixels, &status)
    return self
  }

  /// Closes the file; returns the CFITSIO status (0 on success).
  @discardableResult
  func close() -> Int32 {
    ffclos(handle, &status)
    handle = nil
    return status
  }
}
