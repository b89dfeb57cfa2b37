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

  /// Adds a binary table.
  func table(
    name: String, columns: [(name: String, format: String, unit: String)], rows: Int
  ) -> Self {
    var names = columns.map { strdup($0.name) }
    var formats = columns.map { strdup($0.format) }
    var units = columns.map { strdup($0.unit) }
    defer { for pointer in names + formats + units { free(pointer) } }
    ffcrtb(
      handle, BINARY_TBL, LONGLONG(rows), Int32(columns.count), &names, &formats, &units, name,
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

  func strings(_ column: Int, _ values: [String]) -> Self {
    var data = values.map { strdup($0) }
    defer { for pointer in data { free(pointer) } }
    ffpcls(handle, Int32(column), 1, 1, LONGLONG(values.count), &data, &status)
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
