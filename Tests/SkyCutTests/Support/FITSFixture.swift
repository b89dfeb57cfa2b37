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

/// Reads FITS files with CFITSIO directly, for checking SkyCut's output.
enum FITSInspector {
  /// Every header card of every HDU: `[hdu][card]`.
  static func headers(_ path: String) -> [[String]] {
    var handle: UnsafeMutablePointer<fitsfile>?
    var status: Int32 = 0
    ffdkopn(&handle, path, READONLY, &status)
    defer { ffclos(handle, &status) }
    var count: Int32 = 0
    ffthdu(handle, &count, &status)
    var result: [[String]] = []
    for hdu in 1...max(Int(count), 1) where hdu <= Int(count) {
      var type: Int32 = 0
      ffmahd(handle, Int32(hdu), &type, &status)
      var keys: Int32 = 0
      var more: Int32 = 0
      ffghsp(handle, &keys, &more, &status)
      var cards: [String] = []
      var buffer = [CChar](repeating: 0, count: 81)
      for index in 1...max(Int(keys), 1) where index <= Int(keys) {
        ffgrec(handle, Int32(index), &buffer, &status)
        cards.append(buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) })
      }
      result.append(cards)
    }
    return status == 0 ? result : []
  }

  /// The raw bytes of every row of table HDU `hdu` (0 = primary), one array per row.
  static func rowBytes(_ path: String, hdu: Int) -> [[UInt8]] {
    var handle: UnsafeMutablePointer<fitsfile>?
    var status: Int32 = 0
    ffdkopn(&handle, path, READONLY, &status)
    defer { ffclos(handle, &status) }
    var type: Int32 = 0
    ffmahd(handle, Int32(hdu + 1), &type, &status)
    var rows: LONGLONG = 0
    ffgnrwll(handle, &rows, &status)
    var width: LONGLONG = 0
    ffgkyjj(handle, "NAXIS1", &width, nil, &status)
    var result: [[UInt8]] = []
    for row in 0..<Int(rows) {
      var bytes = [UInt8](repeating: 0, count: Int(width))
      ffgtbb(handle, LONGLONG(row + 1), 1, width, &bytes, &status)
      result.append(bytes)
    }
    return status == 0 ? result : []
  }

  /// The data of image HDU `hdu` as 16-bit pixels.
  static func pixels(_ path: String, hdu: Int) -> [Int16] {
    var handle: UnsafeMutablePointer<fitsfile>?
    var status: Int32 = 0
    ffdkopn(&handle, path, READONLY, &status)
    defer { ffclos(handle, &status) }
    var type: Int32 = 0
    ffmahd(handle, Int32(hdu + 1), &type, &status)
    var pixels = [Int16](repeating: 0, count: 6)
    var anyNull: Int32 = 0
    ffgpv(handle, TSHORT, 1, 6, nil, &pixels, &anyNull, &status)
    return status == 0 ? pixels : []
  }

  /// The value of a keyword in HDU `hdu`, as CFITSIO returns its string form.
  static func keyword(_ path: String, hdu: Int, _ name: String) -> String? {
    headers(path)[safe: hdu]?.first {
      $0.hasPrefix(name.padding(toLength: 8, withPad: " ", startingAt: 0) + "=")
    }
  }
}

extension Array {
  subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}

extension FITSInspector {
  /// The number of HDUs in a file.
  static func hduCount(_ path: String) -> Int {
    var handle: UnsafeMutablePointer<fitsfile>?
    var status: Int32 = 0
    ffdkopn(&handle, path, READONLY, &status)
    defer { ffclos(handle, &status) }
    var count: Int32 = 0
    ffthdu(handle, &count, &status)
    return status == 0 ? Int(count) : -1
  }

  /// The raw data bytes of HDU `hdu` (0 = primary) of an uncompressed file.
  static func dataBytes(_ path: String, hdu: Int) -> [UInt8]? {
    var handle: UnsafeMutablePointer<fitsfile>?
    var status: Int32 = 0
    ffdkopn(&handle, path, READONLY, &status)
    defer { ffclos(handle, &status) }
    var type: Int32 = 0
    ffmahd(handle, Int32(hdu + 1), &type, &status)
    var headerStart: LONGLONG = 0
    var dataStart: LONGLONG = 0
    var dataEnd: LONGLONG = 0
    ffghadll(handle, &headerStart, &dataStart, &dataEnd, &status)
    guard status == 0, let data = FileManager.default.contents(atPath: path) else { return nil }
    return Array(data[Int(dataStart)..<Int(dataEnd)])
  }

  /// Where HDU `hdu`'s data starts in the file.
  static func dataStart(_ path: String, hdu: Int) -> Int? {
    var handle: UnsafeMutablePointer<fitsfile>?
    var status: Int32 = 0
    ffdkopn(&handle, path, READONLY, &status)
    defer { ffclos(handle, &status) }
    var type: Int32 = 0
    ffmahd(handle, Int32(hdu + 1), &type, &status)
    var headerStart: LONGLONG = 0
    var dataStart: LONGLONG = 0
    var dataEnd: LONGLONG = 0
    ffghadll(handle, &headerStart, &dataStart, &dataEnd, &status)
    return status == 0 ? Int(dataStart) : nil
  }

  /// The doubles of a scalar numeric column, by name, as CFITSIO converts them.
  static func doubles(_ path: String, hdu: Int, column name: String) -> [Double] {
    var handle: UnsafeMutablePointer<fitsfile>?
    var status: Int32 = 0
    ffdkopn(&handle, path, READONLY, &status)
    defer { ffclos(handle, &status) }
    var type: Int32 = 0
    ffmahd(handle, Int32(hdu + 1), &type, &status)
    var column: Int32 = 0
    var template = Array(name.utf8CString)
    ffgcno(handle, CASEINSEN, &template, &column, &status)
    var rows: LONGLONG = 0
    ffgnrwll(handle, &rows, &status)
    var values = [Double](repeating: 0, count: Int(rows))
    var anyNull: Int32 = 0
    ffgcvd(handle, column, 1, 1, rows, .nan, &values, &anyNull, &status)
    return status == 0 ? values : []
  }

  /// Every cell of table HDU `hdu`, as text, read column by column with CFITSIO's typed
  /// calls (so a variable-length cell is compared by its values, not its heap offset):
  /// `[row][column]`.
  static func cells(_ path: String, hdu: Int) -> [[String]] {
    var handle: UnsafeMutablePointer<fitsfile>?
    var status: Int32 = 0
    ffdkopn(&handle, path, READONLY, &status)
    defer { ffclos(handle, &status) }
    var type: Int32 = 0
    ffmahd(handle, Int32(hdu + 1), &type, &status)
    var rows: LONGLONG = 0
    ffgnrwll(handle, &rows, &status)
    var columns: Int32 = 0
    ffgncl(handle, &columns, &status)
    var result = [[String]](repeating: [], count: Int(rows))
    for column in 1...max(columns, 1) where column <= columns {
      var code: Int32 = 0
      var repeatCount: LONGLONG = 0
      var width: LONGLONG = 0
      ffgtclll(handle, column, &code, &repeatCount, &width, &status)
      for row in 0..<Int(rows) {
        var count = Int(repeatCount)
        if code < 0 {
          var length: LONGLONG = 0
          var offset: LONGLONG = 0
          ffgdesll(handle, column, LONGLONG(row + 1), &length, &offset, &status)
          count = Int(length)
        }
        result[row].append(
          cell(
            handle, column: column, row: row + 1, code: abs(code), count: count,
            width: Int(width), &status))
      }
    }
    return status == 0 ? result : []
  }

  private static func cell(
    _ handle: UnsafeMutablePointer<fitsfile>?, column: Int32, row: Int, code: Int32, count: Int,
    width: Int, _ status: inout Int32
  ) -> String {
    var anyNull: Int32 = 0
    let first = LONGLONG(row)
    switch code {
    case TSTRING:
      var buffer = [CChar](repeating: 0, count: max(count, width) + 1)
      var pointer: UnsafeMutablePointer<CChar>? = buffer.withUnsafeMutableBufferPointer {
        $0.baseAddress
      }
      var null: [CChar] = [0]
      ffgcvs(handle, column, first, 1, 1, &null, &pointer, &anyNull, &status)
      let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
      return "'" + String(decoding: bytes, as: UTF8.self) + "'"
    case _ where count == 0:
      return "[]"
    case TLOGICAL:
      var values = [CChar](repeating: 0, count: count)
      ffgcvl(handle, column, first, 1, LONGLONG(count), 0, &values, &anyNull, &status)
      return "\(values)"
    case TBIT:
      var values = [CChar](repeating: 0, count: count)
      ffgcx(handle, column, first, 1, LONGLONG(count), &values, &status)
      return "\(values)"
    case TCOMPLEX, TDBLCOMPLEX:
      var values = [Double](repeating: 0, count: 2 * count)
      ffgcvm(handle, column, first, 1, LONGLONG(count), 0, &values, &anyNull, &status)
      return "\(values)"
    case TLONGLONG:
      var values = [Int64](repeating: 0, count: count)
      ffgcvjj(handle, column, first, 1, LONGLONG(count), 0, &values, &anyNull, &status)
      if status == NUM_OVERFLOW {  // an unsigned column (TZERO = 2^63)
        status = 0
        var unsigned = [UInt64](repeating: 0, count: count)
        ffgcvujj(handle, column, first, 1, LONGLONG(count), 0, &unsigned, &anyNull, &status)
        return "\(unsigned)"
      }
      return "\(values)"
    default:
      var values = [Double](repeating: 0, count: count)
      var nulls = [CChar](repeating: 0, count: count)
      ffgcfd(handle, column, first, 1, LONGLONG(count), &values, &nulls, &anyNull, &status)
      return "\(values) \(nulls)"
    }
  }
}

extension FITSInspector {
  /// Whether HDU `hdu`'s CHECKSUM and DATASUM are both present and correct.
  static func checksumsAreValid(_ path: String, hdu: Int) -> Bool {
    var handle: UnsafeMutablePointer<fitsfile>?
    var status: Int32 = 0
    ffdkopn(&handle, path, READONLY, &status)
    defer { ffclos(handle, &status) }
    var type: Int32 = 0
    ffmahd(handle, Int32(hdu + 1), &type, &status)
    var dataOK: Int32 = 0
    var hduOK: Int32 = 0
    ffvcks(handle, &dataOK, &hduOK, &status)
    return status == 0 && dataOK == 1 && hduOK == 1
  }
}
