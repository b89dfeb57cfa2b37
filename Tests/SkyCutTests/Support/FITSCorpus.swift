import CCFITSIO
import Foundation
import Testing

/// The FITS corpus: small tables that between them use every column type a FITS table can
/// have. The `cfitsio_*` files are written here with CFITSIO; the others are committed files
/// written by astropy and STILTS (`Fixtures/Corpus/make_corpus.py`).
///
/// Every table has 60 rows at `positions`, at least a degree apart, crossing RA = 0/360 and
/// starting 0.5° from the south pole, with RA/DEC in degrees (scaled or not).
enum FITSCorpus {
  static let rows = 60

  /// RA, Dec in degrees of row `i` (multiples of 0.25°, exact in Float32 too).
  static func position(_ row: Int) -> (ra: Double, dec: Double) {
    ((Double(row) * 47.25 + 359.5).truncatingRemainder(dividingBy: 360), -89.5 + Double(row) * 3)
  }

  /// One corpus file: its name and the table HDU that holds the objects.
  struct Entry: Sendable, CustomTestStringConvertible {
    let name: String
    let tableHDU: Int
    /// Writes the file into `directory` (generated ones) or returns the committed path; `nil`
    /// if CFITSIO failed to write it.
    let make: @Sendable (String) -> String?

    var testDescription: String { name }
  }

  static let entries: [Entry] = [
    Entry(name: "cfitsio_fixed", tableHDU: 1) { writeFixed(to: $0 + "/cfitsio_fixed.fits") },
    Entry(name: "cfitsio_scaled", tableHDU: 1) { writeScaled(to: $0 + "/cfitsio_scaled.fits") },
    Entry(name: "cfitsio_variable", tableHDU: 2) {
      writeVariable(to: $0 + "/cfitsio_variable.fits")
    },
    Entry(name: "cfitsio_ascii", tableHDU: 1) { writeASCII(to: $0 + "/cfitsio_ascii.fits") },
    Entry(name: "astropy_fixed", tableHDU: 1) { _ in fixturePath("Corpus/astropy_fixed.fits") },
    Entry(name: "astropy_variable", tableHDU: 1) { _ in
      fixturePath("Corpus/astropy_variable.fits")
    },
    Entry(name: "stilts_plus", tableHDU: 1) { _ in fixturePath("Corpus/stilts_plus.fits") },
  ]

  static var ras: [Double] { (0..<rows).map { position($0).ra } }
  static var decs: [Double] { (0..<rows).map { position($0).dec } }
  static var indices: [Int64] { (0..<rows).map(Int64.init) }

  /// Every fixed-width type: L, X, B (unsigned and, with TZERO = -128, signed), I, J, K
  /// (signed and unsigned through TZERO), A, E, D, C, M, TSCAL/TZERO on integers, TNULL, a
  /// TDIM matrix and a zero-width column; an image before the table (the primary, with
  /// data), a second table and an image after it.
  static func writeFixed(to path: String) -> String? {
    let columns: [(name: String, format: String, unit: String)] = [
      ("RA", "D", "deg"), ("DEC", "E", "deg"), ("FLAG", "L", ""), ("BITS", "13X", ""),
      ("UBYTE", "B", ""), ("SBYTE", "B", ""), ("SHORT", "I", ""), ("USHORT", "I", ""),
      ("INT", "J", ""), ("UINT", "J", ""), ("LONG", "K", ""), ("ULONG", "K", ""),
      ("NAME", "12A", ""), ("FLOAT", "E", "mag"), ("DOUBLE", "D", "s"), ("CPLX", "C", ""),
      ("DCPLX", "M", ""), ("MATRIX", "6D", "m"), ("NOTHING", "0J", ""), ("FLUX", "I", "Jy"),
      ("NULLED", "J", ""),
    ]
    let fixture = FITSFixture(path: path).primaryImage()
      .table(name: "OBJECTS", columns: columns, rows: rows)
      .keyword("TZERO6", -128.0).keyword("TZERO8", 32768.0).keyword("TZERO10", 2_147_483_648.0)
      .keyword("TZERO12", unsigned: 9_223_372_036_854_775_808)
      .keyword("TSCAL20", 0.001).keyword("TZERO20", 10.0).keyword("TNULL21", int: -99)
      .dimensions(18, [3, 2]).keyword("SURVEY", "CORPUS", "a table keyword")
      .keyword("EQUINOX", 2000.0).history("the SkyCut corpus").redefine()
      .doubles(1, ras).floats(2, decs.map(Float.init))
      .logicals(3, (0..<rows).map { $0 % 2 == 0 })
      .bits(4, width: 13) { row, bit in (row >> (bit % 6)) & 1 == 1 }
      .values(5, type: TBYTE, (0..<rows).map { UInt8(255 - $0) })
      .values(6, type: TSBYTE, (0..<rows).map { Int8($0 - 30) })
      .values(7, type: TSHORT, (0..<rows).map { Int16(-500 * $0) })
      .values(8, type: TUSHORT, (0..<rows).map { UInt16(65535 - $0) })
      .values(9, type: TINT, (0..<rows).map { Int32(-70_000 * $0) })
      .values(10, type: TUINT, (0..<rows).map { UInt32(4_294_967_295 - UInt32($0)) })
      .values(11, type: TLONGLONG, (0..<rows).map { Int64(-1_000_000_000_000_007 * $0) })
      .values(12, type: TULONGLONG, (0..<rows).map { UInt64.max - UInt64($0) })
      .strings(13, (0..<rows).map { "object \($0)" })
      .floats(14, (0..<rows).map { Float($0) / 7 })
      .doubles(15, (0..<rows).map { Double($0) / 3 })
      .values(16, type: TCOMPLEX, (0..<rows).flatMap { [Float($0), -Float($0) / 2] }, count: rows)
      .values(17, type: TDBLCOMPLEX, (0..<rows).flatMap { [Double($0) / 3, 1e300] }, count: rows)
      .doubles(18, (0..<rows * 6).map { Double($0) * 0.5 })
      .doubles(20, (0..<rows).map { 10 + Double($0) * 0.125 })
      .int64sWithNull(21, (0..<rows).map { $0 % 5 == 0 ? -99 : Int64($0) }, null: -99)
      .table(
        name: "EXTRA", columns: [("ID", "J", ""), ("NOTE", "8A", "")], rows: 3
      )
      .values(1, type: TINT, [Int32(7), 8, 9]).strings(2, ["a", "b", "c"])
      .image(name: "MASK")
    return fixture.close() == 0 ? path : nil
  }

  /// Coordinates stored as scaled integers: RA as J with TSCAL = 1e-6, TZERO = 180, Dec as
  /// I with TSCAL = 0.003.
  static func writeScaled(to path: String) -> String? {
    let fixture = FITSFixture(path: path).primary()
      .table(
        name: "SCALED", columns: [("ID", "K", ""), ("RA", "J", "deg"), ("DEC", "I", "deg")],
        rows: rows
      )
      .keyword("TSCAL2", 1e-6).keyword("TZERO2", 180.0).keyword("TSCAL3", 0.003)
      .keyword("TZERO3", 0.0).redefine()
      .int64s(1, indices).doubles(2, ras).doubles(3, decs)
    return fixture.close() == 0 ? path : nil
  }

  /// Variable-length arrays: P and Q descriptors of several types, with their heap, in the
  /// second extension (after a small table), with CHECKSUM/DATASUM.
  static func writeVariable(to path: String) -> String? {
    let columns: [(name: String, format: String, unit: String)] = [
      ("RA", "D", "deg"), ("DEC", "D", "deg"), ("HITS", "1PJ(5)", ""),
      ("SPECTRUM", "1QD(4)", "Jy"), ("COMMENTS", "1PA(12)", ""), ("ID", "K", ""),
    ]
    let fixture = FITSFixture(path: path).primary()
      .table(name: "FIRST", columns: [("X", "E", "")], rows: 2).floats(1, [1.5, 2.5])
      .table(name: "VARIABLE", columns: columns, rows: rows)
      .doubles(1, ras).doubles(2, decs)
    for row in 0..<rows {
      let length = row % 5
      _ = fixture.values(
        3, type: TINT, (0..<length).map { Int32(row * 10 + $0) }, row: row + 1
      )
      .values(4, type: TDOUBLE, (0..<(row % 4)).map { Double(row) + Double($0) / 8 }, row: row + 1)
      .strings(5, [String(repeating: "c", count: row % 12)], row: row + 1)
    }
    _ = fixture.int64s(6, indices).checksum()
    return fixture.close() == 0 ? path : nil
  }

  /// An ASCII table (TFORM D, E, F, I, A) with a TNULL string.
  static func writeASCII(to path: String) -> String? {
    let magnitudes: [Double] = (0..<rows).map { (row: Int) -> Double in
      row % 7 == 0 ? -1.0 : 15.0 + Double(row) / 10.0
    }
    let columns: [(name: String, format: String, unit: String)] = [
      ("RA", "D25.17", "deg"), ("DEC", "F12.6", "deg"), ("MAG", "E15.7", "mag"),
      ("ID", "I6", ""), ("NAME", "A9", ""),
    ]
    let fixture = FITSFixture(path: path).primary()
      .table(name: "ASCII", columns: columns, rows: rows, type: ASCII_TBL)
      .keyword("TNULL3", "NONE").redefine()
      .doubles(1, ras).doubles(2, decs)
      .doublesWithNull(3, magnitudes, null: -1)
      .int64s(4, indices).strings(5, (0..<rows).map { "star \($0)" })
    return fixture.close() == 0 ? path : nil
  }
}
