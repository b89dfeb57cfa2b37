import Foundation

extension DensityProfile {
  /// Writes the profile as a table, one row per bin and annulus: a FITS binary table
  /// (`EXTNAME = 'PROFILE'`) or CSV/TSV, by the path's extension.
  /// - Throws: ``CatalogueError`` when the file cannot be written (or exists and `overwrite`
  ///   is false); nothing is left behind then.
  public func write(to path: String, overwrite: Bool = false) throws {
    try CatalogueError.wrapping { try table.write(to: path, overwrite: overwrite) }
  }

  /// The table ``write(to:overwrite:)`` writes.
  var table: NumericTable {
    let rows = bins.enumerated().flatMap { number, bin in bin.annuli.map { (number, bin, $0) } }
    func doubles(_ name: String, _ unit: String, _ value: (Bin, Annulus) -> Double?)
      -> NumericTable.Column
    {
      NumericTable.Column(
        name: name, unit: unit, values: .doubles(rows.map { value($0.1, $0.2) ?? .nan }))
    }
    func integers(_ name: String, _ value: (Int, Bin, Annulus) -> Int) -> NumericTable.Column {
      NumericTable.Column(
        name: name, values: .integers(rows.map { Int64(value($0.0, $0.1, $0.2)) }))
    }
    var table = NumericTable(
      columns: [
        integers("BIN") { number, _, _ in number },
        doubles("BIN_LOW", "") { bin, _ in bin.low },
        doubles("BIN_HIGH", "") { bin, _ in bin.high },
        integers("CONTAMINANTS") { _, bin, _ in bin.contaminants },
        doubles("R_INNER", "arcsec") { $1.innerArcsec },
        doubles("R_OUTER", "arcsec") { $1.outerArcsec },
        integers("PAIRS") { _, _, annulus in annulus.pairs },
        doubles("AREA", "deg2") { $1.areaDeg2 },
        doubles("DENSITY", "deg-2") { $1.densityDeg2 },
        doubles("RELATIVE", "") { $1.relative },
        doubles("RELATIVE_ERR", "") { $1.relativeError },
        doubles("REFERENCE_DENSITY", "deg-2") { bin, _ in bin.referenceDensityDeg2 },
        doubles("SUGGESTED_RADIUS", "arcsec") { bin, _ in bin.suggestedRadiusArcsec },
      ], extensionName: "PROFILE")
    if let binColumn {
      table.keywords.append(("BINCOL", binColumn, "SkyCut column the contaminants are binned by"))
    }
    table.keywords.append(("REFDENS", reference, "SkyCut reference density: outer or mean"))
    if let fit {
      table.keywords.append(("RADLAW", fit.expression, "SkyCut fitted radius law, arcsec"))
    }
    return table
  }

  /// The profile as one line of JSON (keys in snake case, sorted; absent values as `null`).
  public var json: String {
    let encoder = JSONEncoder()
    encoder.keyEncodingStrategy = .convertToSnakeCase
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    guard let data = try? encoder.encode(self), let text = String(data: data, encoding: .utf8)
    else { return "{}" }
    return text
  }

  /// A few lines for a person: per bin, its contaminants, reference density and suggested
  /// radius; then the fitted law as an option for the cut.
  public var report: String {
    var lines = [
      "\(objects) objects around \(contaminants) contaminants"
        + (contaminantsOutsideBins > 0 ? " (\(contaminantsOutsideBins) outside the bins)" : "")
        + ", reference density: \(reference)"
    ]
    for bin in bins {
      var label = "all"
      if let column = binColumn, let low = bin.low, let high = bin.high {
        label = "\(column) \(Self.number(low))–\(Self.number(high))"
      }
      let radius = bin.suggestedRadiusArcsec.map { "\(Self.number($0))″" } ?? "none"
      lines.append(
        "\(label): \(bin.contaminants) contaminants, reference \(Self.number(bin.referenceDensityDeg2)) "
          + "deg⁻², suggested radius \(radius)")
    }
    if let fit {
      lines.append(
        "fit: r = \(RadiusSuggestion.format(fit.aArcsec))″ · \(RadiusSuggestion.format(fit.b))"
          + "^(−\(fit.column)), residuals "
          + fit.residualsDex.map { String(format: "%+.3f", $0) }.joined(separator: " ") + " dex")
      lines.append("  --radius-expression '\(fit.expression)'")
    }
    return lines.joined(separator: "\n")
  }

  /// A number in at most five significant digits.
  static func number(_ value: Double) -> String { String(format: "%.5g", value) }
}
