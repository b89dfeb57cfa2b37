import Foundation
import Testing

@testable import SkyCut

/// Radius expressions: values computed by hand, precedence, every function, and errors that
/// point at the character.
@Suite struct RadiusExpressionTests {
  func value(_ text: String, _ values: [String: Double] = [:]) throws -> Double {
    let expression = try RadiusExpression(parsing: text)
    return expression.evaluate(expression.columns.map { values[$0] ?? .nan })
  }

  @Test func desiAndLegacypipeBrightStarRadii() throws {
    // DESI DR9: 1630″ · 1.396^(−G); 1630 / 1.396¹⁰ = 57.987″.
    #expect(abs(try value("1630 * 1.396^(-G)", ["G": 10]) - 57.987) < 5e-4)
    #expect(abs(try value("1630 * 1.396^(-G)", ["G": 0]) - 1630) < 1e-9)
    // legacypipe: min(1800, 150 · 2.5^((11 − m)/3)) · 0.262″.
    let legacy = "min(1800, 150 * 2.5^((11 - m) / 3)) * 0.262"
    #expect(abs(try value(legacy, ["m": 11]) - 39.3) < 1e-12)
    #expect(abs(try value(legacy, ["m": 5]) - 937.5 * 0.262) < 1e-9)
    #expect(abs(try value(legacy, ["m": 0]) - 1800 * 0.262) < 1e-9)  // the cap
  }

  @Test(arguments: [
    ("-2^2", -4.0), ("2^3^2", 512), ("2^-1", 0.5), ("1 - 2 - 3", -4), ("8 / 2 / 2", 2),
    ("2 + 3 * 4", 14), ("(2 + 3) * 4", 20), ("--3", 3), ("+3", 3), ("1.5e2 + 2E-1", 150.2),
    (".5 * 4", 2), ("max(1, 7, 3)", 7), ("min(4, -2)", -2), ("clamp(5, 0, 3)", 3),
    ("clamp(-5, 0, 3)", 0), ("abs(-2.5)", 2.5), ("sqrt(16)", 4), ("ln(exp(2))", 2),
    ("log10(1000)", 3), ("pow(2, 10)", 1024), ("interp(5, 0, 0, 10, 100)", 50),
    ("interp(-1, 0, 10, 10, 20)", 10), ("interp(99, 0, 10, 10, 20)", 20),
    ("interp(15, 0, 0, 10, 100, 20, 120)", 110), ("interp(10, 0, 0, 10, 100, 20, 120)", 100),
    ("MAX(1, 2)", 2),
  ])
  func evaluates(text: String, expected: Double) throws {
    #expect(abs(try value(text) - expected) <= 1e-12 * max(1, abs(expected)))
  }

  @Test func columnsAreNamedOnceInOrderOfUse() throws {
    let expression = try RadiusExpression(parsing: "G + BP * G - `phot rp` + _x1")
    #expect(expression.columns == ["G", "BP", "phot rp", "_x1"])
    #expect(expression.evaluate([1, 2, 3, 4]) == 1 + 2 * 1 - 3 + 4)
  }

  @Test func manyRowsAtOnceAreEachRowsOwnValue() throws {
    // Rows are evaluated in batches of `batchRows`: 1,000 rows from row 3 cross several, with
    // NaNs among them, each against the same arithmetic written out in Swift.
    let expression = try RadiusExpression(
      parsing: "clamp(1630 * 1.396^(-G), 8, 300) + max(G, BP) * 0.5 - interp(G, 4, 10, 16, 1)")
    var random = SystemRandomNumberGenerator()
    let rows = 3..<1003
    let g = (0..<rows.upperBound).map { row in
      row % 97 == 0 ? .nan : Double.random(in: 3...18, using: &random)
    }
    let bp = (0..<rows.upperBound).map { _ in Double.random(in: 3...18, using: &random) }
    var results = [Double](repeating: -1, count: rows.upperBound)
    g.withUnsafeBufferPointer { g in
      bp.withUnsafeBufferPointer { bp in
        results.withUnsafeMutableBufferPointer { results in
          expression.evaluate(
            columns: [g.baseAddress!, bp.baseAddress!], rows: rows, into: results.baseAddress!)
        }
      }
    }
    #expect(results[..<rows.lowerBound].allSatisfy { $0 == -1 })
    for row in rows {
      let (x, y) = (g[row], bp[row])
      let law = min(max(1630 * pow(1.396, -x), 8), 300)
      let interpolated = x <= 4 ? 10 : x >= 16 ? 1 : 10 + (x - 4) / (16 - 4) * (1 - 10)
      let expected = x.isNaN ? Double.nan : law + max(x, y) * 0.5 - interpolated
      #expect(
        results[row] == expected || (results[row].isNaN && expected.isNaN),
        "row \(row): \(results[row]) against \(expected)")
    }
  }

  @Test func nanPropagatesAndBadInterpolationIsNaN() throws {
    #expect(try value("1630 * 1.396^(-G)").isNaN)
    #expect(try value("max(1, G)").isNaN)
    #expect(try value("interp(1, 2, 0, 1, 5)").isNaN)  // x not increasing
  }

  @Test(arguments: [
    ("1630 * 1.396^(-G", 17, "expected ')'"), ("", 1, "empty"), ("1 +", 4, "ends too soon"),
    ("1 2", 3, "unexpected '2'"), ("foo(1)", 1, "unknown function 'foo'"),
    ("clamp(1, 2)", 1, "clamp takes 3 arguments"), ("interp(1, 2)", 1, "interp takes"),
    ("2 * $", 5, "unexpected '$'"), ("`G", 1, "not closed"), ("1..2", 1, "not a number"),
    ("(1", 3, "expected ')'"), ("1)", 2, "unexpected ')'"),
  ])
  func errorsPointAtTheCharacter(text: String, position: Int, reason: String) {
    #expect {
      _ = try RadiusExpression(parsing: text)
    } throws: { error in
      guard let error = error as? RadiusExpression.ParseError else { return false }
      return error.position == position && error.reason.contains(reason)
    }
  }

  @Test func contaminantsReadWithAnExpressionHaveItsRadii() throws {
    var options = CatalogueReadOptions()
    options.radiusExpression = try RadiusExpression(parsing: "1630 * 1.396^(-MAG)")
    let stars = try Catalogue.read(
      path: repositoryRoot + "/data/contaminants.fits", options: options)
    var plain = CatalogueReadOptions()
    plain.valueColumns = ["MAG"]
    let magnitudes = try #require(
      try Catalogue.read(path: repositoryRoot + "/data/contaminants.fits", options: plain)
        .values["MAG"])
    let radii = try #require(stars.radii)
    #expect(radii.count == magnitudes.count)
    for (radius, magnitude) in zip(radii, magnitudes) {
      let expected = Angle.arcseconds(1630 * pow(1.396, -magnitude))
      #expect(abs(radius.radians - expected.radians) <= 1e-15 * expected.radians)
    }
  }

  @Test func unusableRadiiFollowThePolicy() throws {
    var options = CatalogueReadOptions()
    options.radiusExpression = try RadiusExpression(parsing: "sqrt(MAG - 10)")
    let error = #expect(throws: CatalogueError.self) {
      _ = try Catalogue.read(path: repositoryRoot + "/data/contaminants.fits", options: options)
    }
    #expect(error?.description.contains("radius sqrt(MAG - 10)") == true)
    #expect(error?.description.contains("NaN") == true)
    options.invalidRows = .drop
    let stars = try Catalogue.read(
      path: repositoryRoot + "/data/contaminants.fits", options: options)
    let magnitudes =
      try Catalogue.read(
        path: repositoryRoot + "/data/contaminants.fits",
        options: {
          var o = CatalogueReadOptions()
          o.valueColumns = ["MAG"]
          return o
        }()
      ).values["MAG"] ?? []
    #expect(stars.invalidRows == magnitudes.indices.filter { magnitudes[$0] < 10 })
  }
}
