import Foundation

/// A density profile drawn as an SVG image: one curve per bin of relative density against
/// separation, with Poisson error bars, the reference line at 1 with the tolerance band around
/// it, and each bin's suggested radius marked by a dashed line of its colour.
///
/// Each bin's curve is the one `<path>` of class `profile` drawn for it; every other mark is a
/// `<line>`, `<rect>`, `<circle>` or `<text>`.
public struct ProfilePlot {
  public let profile: DensityProfile
  /// Whether the separation axis is logarithmic (for logarithmic annuli).
  public let logarithmic: Bool

  public init(_ profile: DensityProfile, logarithmic: Bool) {
    self.profile = profile
    self.logarithmic = logarithmic && (profile.bins.first?.annuli.first?.innerArcsec ?? 0) > 0
  }

  // The canvas and the plot's box within it, in pixels.
  private let width = 800.0
  private let height = 500.0
  private let left = 80.0
  private let right = 620.0
  private let top = 50.0
  private let bottom = 430.0

  /// Colours that stay apart for the colour-blind (Okabe & Ito's, their yellow, too pale on
  /// white, replaced by Tol's wine), then repeat.
  static let palette = [
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#882255",
  ]

  /// The SVG document.
  public var svg: String {
    let (xLow, xHigh) = xRange
    let (yLow, yHigh) = yRange
    func x(_ value: Double) -> Double {
      let t =
        logarithmic
        ? (log10(value) - log10(xLow)) / (log10(xHigh) - log10(xLow))
        : (value - xLow) / (xHigh - xLow)
      return left + t * (right - left)
    }
    func y(_ value: Double) -> Double {
      let clamped = min(max(value, yLow), yHigh)
      return bottom - (clamped - yLow) / (yHigh - yLow) * (bottom - top)
    }
    var out: [String] = [
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(f(width))\" height=\"\(f(height))\" "
        + "viewBox=\"0 0 \(f(width)) \(f(height))\" font-family=\"Helvetica, Arial, sans-serif\" "
        + "font-size=\"13\">",
      "<rect x=\"0\" y=\"0\" width=\"\(f(width))\" height=\"\(f(height))\" fill=\"white\"/>",
      text(
        (left + right) / 2, 28, title, anchor: "middle", extra: "font-size=\"16\""),
    ]
    // The tolerance band and the reference line.
    let tolerance = profile.tolerance
    out.append(
      "<rect x=\"\(f(left))\" y=\"\(f(y(1 + tolerance)))\" width=\"\(f(right - left))\" "
        + "height=\"\(f(y(1 - tolerance) - y(1 + tolerance)))\" fill=\"#e8e8e8\"/>")
    out.append(line(left, y(1), right, y(1), stroke: "#555555", dashed: true))
    out += axes(x: x, y: y, xRange: (xLow, xHigh), yRange: (yLow, yHigh))
    for (number, bin) in profile.bins.enumerated() {
      out += curve(bin, colour: Self.palette[number % Self.palette.count], x: x, y: y)
    }
    out += legend()
    out.append("</svg>")
    return out.joined(separator: "\n") + "\n"
  }

  private var title: String {
    guard let column = profile.binColumn else { return "Object density around contaminants" }
    return "Object density around contaminants, by \(column)"
  }

  /// The separation axis: the annuli's span.
  private var xRange: (Double, Double) {
    let annuli = profile.bins.first?.annuli ?? []
    let low = annuli.first?.innerArcsec ?? 0
    let high = annuli.last?.outerArcsec ?? 1
    return (low, high > low ? high : low + 1)
  }

  /// The relative-density axis: 0 to at least 1.5, widened to the points and their errors
  /// (at most to 5; points beyond are drawn at the edge).
  private var yRange: (Double, Double) {
    var low = 0.0
    var high = 1.5
    for bin in profile.bins {
      for annulus in bin.annuli where annulus.relative.isFinite {
        let error = annulus.relativeError.isFinite ? annulus.relativeError : 0
        low = min(low, annulus.relative - error)
        high = max(high, annulus.relative + error)
      }
    }
    return (max(low, -1), min(high, 5))
  }

  /// One bin's curve, error bars and suggested radius.
  private func curve(
    _ bin: DensityProfile.Bin, colour: String, x: (Double) -> Double, y: (Double) -> Double
  ) -> [String] {
    var out: [String] = []
    let points = bin.annuli.filter { $0.relative.isFinite }.map { annulus in
      (x: x(middle(annulus)), y: y(annulus.relative), annulus: annulus)
    }
    for point in points where point.annulus.relativeError.isFinite {
      let error = point.annulus.relativeError
      out.append(
        line(
          point.x, y(point.annulus.relative - error), point.x, y(point.annulus.relative + error),
          stroke: colour, opacity: 0.6))
    }
    let d = points.enumerated().map { "\($0 == 0 ? "M" : "L")\(f($1.x)) \(f($1.y))" }
    out.append(
      "<path class=\"profile\" d=\"\(d.joined(separator: " "))\" fill=\"none\" "
        + "stroke=\"\(colour)\" stroke-width=\"1.8\"/>")
    for point in points {
      out.append(
        "<circle cx=\"\(f(point.x))\" cy=\"\(f(point.y))\" r=\"2.5\" fill=\"\(colour)\"/>")
    }
    if let radius = bin.suggestedRadiusArcsec {
      out.append(line(x(radius), top, x(radius), bottom, stroke: colour, dashed: true))
    }
    return out
  }

  /// Where an annulus is drawn: its middle (geometric on a logarithmic axis).
  private func middle(_ annulus: DensityProfile.Annulus) -> Double {
    logarithmic
      ? (annulus.innerArcsec * annulus.outerArcsec).squareRoot()
      : (annulus.innerArcsec + annulus.outerArcsec) / 2
  }

  /// The frame, ticks, tick labels and axis titles.
  private func axes(
    x: (Double) -> Double, y: (Double) -> Double, xRange: (Double, Double),
    yRange: (Double, Double)
  ) -> [String] {
    var out = [
      "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(right - left))\" "
        + "height=\"\(f(bottom - top))\" fill=\"none\" stroke=\"black\"/>"
    ]
    let xTicks = logarithmic ? Self.logTicks(xRange) : Self.linearTicks(xRange)
    for tick in xTicks {
      out.append(line(x(tick), bottom, x(tick), bottom + 5, stroke: "black"))
      out.append(text(x(tick), bottom + 20, Self.label(tick), anchor: "middle"))
    }
    for tick in Self.linearTicks(yRange) {
      out.append(line(left - 5, y(tick), left, y(tick), stroke: "black"))
      out.append(text(left - 9, y(tick) + 4, Self.label(tick), anchor: "end"))
    }
    out.append(
      text(
        (left + right) / 2, bottom + 45, "Separation from the contaminant (arcsec)",
        anchor: "middle"))
    out.append(
      text(
        22, (top + bottom) / 2, "Object density / reference density", anchor: "middle",
        extra: "transform=\"rotate(-90 22 \(f((top + bottom) / 2)))\""))
    return out
  }

  /// A key per bin: its colour, range, contaminants and suggested radius.
  private func legend() -> [String] {
    var out: [String] = []
    var row = top + 10
    for (number, bin) in profile.bins.enumerated() {
      let colour = Self.palette[number % Self.palette.count]
      var label = "all contaminants"
      if let column = profile.binColumn, let low = bin.low, let high = bin.high {
        label = "\(Self.label(low)) ≤ \(column) < \(Self.label(high))"
      }
      out.append(line(right + 15, row, right + 40, row, stroke: colour, width: 2))
      out.append(text(right + 46, row + 4, label, anchor: "start"))
      let radius = bin.suggestedRadiusArcsec.map { "r = \(Self.label($0))″" } ?? "no radius"
      out.append(
        text(
          right + 46, row + 20, "n = \(bin.contaminants), \(radius)", anchor: "start",
          extra: "fill=\"#555555\" font-size=\"11\""))
      row += 38
    }
    out.append(line(right + 15, row, right + 40, row, stroke: "#555555", dashed: true))
    out.append(
      text(
        right + 46, row + 4, "reference ± \(Self.label(profile.tolerance))", anchor: "start"))
    return out
  }

  private func line(
    _ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String,
    dashed: Bool = false, width: Double = 1, opacity: Double = 1
  ) -> String {
    "<line x1=\"\(f(x1))\" y1=\"\(f(y1))\" x2=\"\(f(x2))\" y2=\"\(f(y2))\" stroke=\"\(stroke)\" "
      + "stroke-width=\"\(f(width))\"" + (dashed ? " stroke-dasharray=\"5 4\"" : "")
      + (opacity < 1 ? " stroke-opacity=\"\(f(opacity))\"" : "") + "/>"
  }

  private func text(
    _ x: Double, _ y: Double, _ content: String, anchor: String, extra: String = ""
  ) -> String {
    "<text x=\"\(f(x))\" y=\"\(f(y))\" text-anchor=\"\(anchor)\"\(extra.isEmpty ? "" : " " + extra)>"
      + Self.escaped(content) + "</text>"
  }

  /// Pixels to two decimals.
  private func f(_ value: Double) -> String { String(format: "%.2f", value) }

  static func escaped(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
      .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
  }

  /// A tick value, in at most four significant digits.
  static func label(_ value: Double) -> String {
    abs(value) < 1e-12 ? "0" : String(format: "%.4g", value)
  }

  /// Ticks at 1, 2 or 5 × 10ᵏ, four to ten of them across `range`.
  static func linearTicks(_ range: (Double, Double)) -> [Double] {
    let span = range.1 - range.0
    guard span > 0 else { return [range.0] }
    let raw = span / 6
    let magnitude = pow(10, floor(log10(raw)))
    let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
    var ticks: [Double] = []
    var value = ceil(range.0 / step) * step
    while value <= range.1 * (1 + 1e-9) + 1e-12 {
      ticks.append(value)
      value += step
    }
    return ticks
  }

  /// Ticks at 1, 2 and 5 × 10ᵏ within a positive `range`.
  static func logTicks(_ range: (Double, Double)) -> [Double] {
    guard range.0 > 0 else { return linearTicks(range) }
    var ticks: [Double] = []
    for exponent in Int(floor(log10(range.0)))...Int(ceil(log10(range.1))) {
      for mantissa in [1.0, 2, 5] {
        let value = mantissa * pow(10, Double(exponent))
        if value >= range.0 * (1 - 1e-9) && value <= range.1 * (1 + 1e-9) { ticks.append(value) }
      }
    }
    return ticks
  }
}

extension ProfilePlot {
  /// Writes the SVG document to `path` (through a temporary file).
  /// - Throws: ``CatalogueError`` when the file cannot be written (or exists and `overwrite`
  ///   is false).
  public func write(to path: String, overwrite: Bool = false) throws {
    try CatalogueError.wrapping {
      try OutputFile.write(Data(svg.utf8), to: path, overwrite: overwrite)
    }
  }
}
