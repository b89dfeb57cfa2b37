import CCFITSIO
import Foundation
import Testing

@testable import SkyCut

/// Catalogues for the profile tests, written as FITS tables with CFITSIO directly.
enum ProfileFixtures {
  /// Writes `points` as a table of RA, DEC (deg) and, if given, MAG.
  static func write(_ points: [UnitVector], magnitudes: [Double]? = nil, to path: String) {
    var columns = [("RA", "D", "deg"), ("DEC", "D", "deg")]
    if magnitudes != nil { columns.append(("MAG", "D", "mag")) }
    var fixture = FITSFixture(path: path).primary()
      .table(name: "CAT", columns: columns, rows: points.count)
      .doubles(1, points.map { $0.longitude * 180 / .pi })
      .doubles(2, points.map { $0.latitude * 180 / .pi })
    if let magnitudes { fixture = fixture.doubles(3, magnitudes) }
    #expect(fixture.close() == 0)
  }

  /// A uniform point in the patch `ra` × `dec` (degrees; `ra` may run past 360).
  static func point(
    ra: ClosedRange<Double>, dec: ClosedRange<Double>, random: inout TestRandom
  ) -> UnitVector {
    let z = Double.random(
      in: sin(dec.lowerBound * .pi / 180)...sin(dec.upperBound * .pi / 180),
      using: &random)
    let lon = Double.random(in: ra, using: &random)
    return UnitVector(
      raDegrees: lon.truncatingRemainder(dividingBy: 360), decDegrees: asin(z) * 180 / .pi)
  }
}
