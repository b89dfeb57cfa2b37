import CCFITSIO
import Foundation

/// A 12-row table with every common scalar type, scaling and nulls, a vector column, header
/// keywords and an image extension after it.
enum SampleTables {
  static let ra: [Double] = (0..<12).map { Double($0) * 30 + 0.125 }
  static let dec: [Double] = (0..<12).map { -80 + Double($0) * 14.5 }

  static func writeRich(to path: String, vector: Bool = true) -> Int32 {
    var columns: [(name: String, format: String, unit: String)] = [
      ("ID", "K", ""), ("RA", "D", "deg"), ("DEC", "D", "deg"), ("MAG", "E", "mag"),
      ("GOOD", "L", ""), ("NAME", "10A", ""), ("USHORT", "I", ""), ("SCALED", "J", "Jy"),
      ("NULLED", "J", ""),
    ]
    if vector { columns.append(("VEC", "3E", "")) }
    let fixture = FITSFixture(path: path).primary()
      .table(name: "OBJECTS", columns: columns, rows: 12)
      .keyword("TZERO7", 32768.0).keyword("TSCAL8", 0.01).keyword("TZERO8", 0.0)
      .keyword("TNULL9", int: -1).keyword("SURVEY", "TEST", "a survey keyword")
      .keyword("EQUINOX", 2000.0).history("made by the SkyCut tests").redefine()
      .int64s(1, (0..<12).map { Int64($0) * 1_000_000_000_007 })
      .doubles(2, ra).doubles(3, dec)
      .floats(4, (0..<12).map { 20 + Float($0) * 0.125 + 0.001 })
      .logicals(5, (0..<12).map { $0 % 3 == 0 })
      .strings(6, (0..<12).map { "obj \($0)" })
      .doubles(7, (0..<12).map { Double(65535 - $0) })
      .doubles(8, (0..<12).map { Double($0) * 1.25 })
      .int64sWithNull(9, (0..<12).map { $0 % 4 == 1 ? -1 : Int64($0) }, null: -1)
    if vector { _ = fixture.floats(10, (0..<36).map { Float($0) / 4 }) }
    _ = fixture.image(name: "MASK")
    return fixture.close()
  }
}
