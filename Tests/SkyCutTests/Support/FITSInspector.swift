import CCFITSIO
import Foundation

/// Reads FITS files with CFITSIO directly (not through SkyCut), for checking SkyCut's output.
enum FITSInspector {
  /// Opens `path`, moves to HDU `hdu` (0 = primary) if given, runs `body` and closes the
  /// file; `nil` when a CFITSIO call failed.
  static func inspect<Result>(
    _ path: String, hdu: Int? = nil,
    _ body: (UnsafeMutablePointer<fitsfile>?, inout Int32) -> Result
  ) -> Result? {
    var handle: UnsafeMutablePointer<fitsfile>?
    var status: Int32 = 0
    ffdkopn(&handle, path, READONLY, &status)
    defer {
      var closing: Int32 = 0
      ffclos(handle, &closing)
    }
    if let hdu {
      var type: Int32 = 0
      ffmahd(handle, Int32(hdu + 1), &type, &status)
    }
    let result = body(handle, &status)
    return status == 0 ? result : nil
  }

  /// The number of HDUs in a file, or -1.
  static func hduCount(_ path: String) -> Int {
    inspect(path) { handle, status in
      var count: Int32 = 0
      ffthdu(handle, &count, &status)
      return Int(count)
    } ?? -1
  }

  /// Every header card of every HDU: `[hdu][card]`.
  static func headers(_ path: String) -> [[String]] {
    let count = hduCount(path)
    guard count > 0 else { return [] }
    var result: [[String]] = []
    for hdu in 0..<count {
      let cards = inspect(path, hdu: hdu) { handle, status in
        var keys: Int32 = 0
        var more: Int32 = 0
        ffghsp(handle, &keys, &more, &status)
        var buffer = [CChar](repeating: 0, count: 81)
        return (0..<Int(keys)).map { index in
          ffgrec(handle, Int32(index + 1), &buffer, &status)
          return Self.string(buffer)
        }
      }
      guard let cards else { return [] }
      result.append(cards)
    }
    return result
  }

  /// The value of a keyword in HDU `hdu`, as CFITSIO returns its string form.
  static func keyword(_ path: String, hdu: Int, _ name: String) -> String? {
    headers(path)[safe: hdu]?.first {
      $0.hasPrefix(name.padding(toLength: 8, withPad: " ", startingAt: 0) + "=")
    }
  }

  /// The raw bytes of every row of table HDU `hdu` (0 = primary), one array per row.
  static func rowBytes(_ path: String, hdu: Int) -> [[UInt8]] {
    inspect(path, hdu: hdu) { handle, status in
      var rows: LONGLONG = 0
      ffgnrwll(handle, &rows, &status)
      var width: LONGLONG = 0
      ffgkyjj(handle, "NAXIS1", &width, nil, &status)
      return (0..<Int(rows)).map { row in
        var bytes = [UInt8](repeating: 0, count: Int(width))
        ffgtbb(handle, LONGLONG(row + 1), 1, width, &bytes, &status)
        return bytes
      }
    } ?? []
  }

  /// The data of image HDU `hdu` as 16-bit pixels (the first six).
  static func pixels(_ path: String, hdu: Int) -> [Int16] {
    inspect(path, hdu: hdu) { handle, status in
      var pixels = [Int16](repeating: 0, count: 6)
      var anyNull: Int32 = 0
      ffgpv(handle, TSHORT, 1, 6, nil, &pixels, &anyNull, &status)
      return pixels
    } ?? []
  }

  /// Where HDU `hdu`'s header starts, its data starts and its data ends in the file.
  static func byteRange(_ path: String, hdu: Int) -> (header: Int, data: Int, end: Int)? {
    inspect(path, hdu: hdu) { handle, status in
      var header: LONGLONG = 0
      var data: LONGLONG = 0
      var end: LONGLONG = 0
      ffghadll(handle, &header, &data, &end, &status)
      return (Int(header), Int(data), Int(end))
    }
  }

  /// Where HDU `hdu`'s data starts in the file.
  static func dataStart(_ path: String, hdu: Int) -> Int? { byteRange(path, hdu: hdu)?.data }

  /// The raw data bytes of HDU `hdu` (0 = primary) of an uncompressed file.
  static func dataBytes(_ path: String, hdu: Int) -> [UInt8]? {
    guard let range = byteRange(path, hdu: hdu),
      let data = FileManager.default.contents(atPath: path)
    else { return nil }
    return Array(data[range.data..<range.end])
  }

  /// The doubles of a scalar numeric column, by name, as CFITSIO converts them.
  static func doubles(_ path: String, hdu: Int, column name: String) -> [Double] {
    inspect(path, hdu: hdu) { handle, status in
      var column: Int32 = 0
      var template = Array(name.utf8CString)
      ffgcno(handle, CASEINSEN, &template, &column, &status)
      var rows: LONGLONG = 0
      ffgnrwll(handle, &rows, &status)
      var values = [Double](repeating: 0, count: Int(rows))
      var anyNull: Int32 = 0
      ffgcvd(handle, column, 1, 1, rows, .nan, &values, &anyNull, &status)
      return values
    } ?? []
  }

  /// Whether HDU `hdu`'s CHECKSUM and DATASUM are both present and correct.
  static func checksumsAreValid(_ path: String, hdu: Int) -> Bool {
    inspect(path, hdu: hdu) { handle, status in
      var dataOK: Int32 = 0
      var hduOK: Int32 = 0
      ffvcks(handle, &dataOK, &hduOK, &status)
      return dataOK == 1 && hduOK == 1
    } ?? false
  }

  /// Every cell of table HDU `hdu`, as text, read column by column with CFITSIO's typed
  /// calls (so a variable-length cell is compared by its values, not its heap offset):
  /// `[row][column]`.
  static func cells(_ path: String, hdu: Int) -> [[String]] {
    inspect(path, hdu: hdu) { handle, status in
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
      return result
    } ?? []
  }

  private static func string(_ buffer: [CChar]) -> String {
    String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
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
      var null: [CChar] = [0]
      buffer.withUnsafeMutableBufferPointer { characters in
        var pointer = characters.baseAddress
        ffgcvs(handle, column, first, 1, 1, &null, &pointer, &anyNull, &status)
      }
      return "'" + string(buffer) + "'"
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

extension Array {
  subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
