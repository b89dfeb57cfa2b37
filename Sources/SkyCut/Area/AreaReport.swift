import Foundation

/// A mask's area as `--summary json` gives it: `{"deg2", "lower_deg2", "upper_deg2",
/// "sky_fraction", "tolerance", "layers"}`, with each layer's `{"path", "bit", "action",
/// "deg2", "added_deg2"}` when the mask has several.
public struct AreaReport: Codable, Sendable, Hashable {
  public struct Layer: Codable, Sendable, Hashable {
    public var path: String
    public var bit: Int
    public var action: MaskAction
    public var deg2: Double
    public var addedDeg2: Double
  }

  public var deg2: Double
  public var lowerDeg2: Double
  public var upperDeg2: Double
  public var skyFraction: Double
  /// The relative tolerance the bounds were refined to.
  public var tolerance: Double
  public var layers: [Layer]?

  enum CodingKeys: String, CodingKey {
    case deg2, lowerDeg2, upperDeg2, skyFraction, tolerance, layers
  }

  /// Every field, `layers` as `null` when the mask has one layer.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(deg2, forKey: .deg2)
    try container.encode(lowerDeg2, forKey: .lowerDeg2)
    try container.encode(upperDeg2, forKey: .upperDeg2)
    try container.encode(skyFraction, forKey: .skyFraction)
    try container.encode(tolerance, forKey: .tolerance)
    try container.encode(layers, forKey: .layers)
  }

  public init(_ area: MaskArea, tolerance: Double) {
    deg2 = area.squareDegrees
    lowerDeg2 = area.lowerSquareDegrees
    upperDeg2 = area.upperSquareDegrees
    skyFraction = area.skyFraction
    self.tolerance = tolerance
    let perSteradian = MaskArea.squareDegreesPerSteradian
    layers =
      area.layers.isEmpty
      ? nil
      : area.layers.map {
        Layer(
          path: $0.path, bit: $0.bit, action: $0.action, deg2: $0.steradians * perSteradian,
          addedDeg2: $0.addedSteradians * perSteradian)
      }
  }
}

extension MaskArea {
  /// `12.345 deg² (0.0299 % of the sky)`, for summary lines.
  public var description: String {
    let percent = skyFraction * 100
    return "\(Self.significant(squareDegrees)) deg² (\(Self.significant(percent)) % of the sky)"
  }

  /// `between 12.34567 and 12.34569 deg²`, with the digits that tell the bounds apart (or
  /// `bounds equal to 12 digits`).
  public var boundsDescription: String {
    for digits in 6...12 {
      let (low, high) = (
        Self.significant(lowerSquareDegrees, digits: digits),
        Self.significant(upperSquareDegrees, digits: digits)
      )
      if low != high { return "between \(low) and \(high) deg²" }
    }
    return "bounds equal to 12 digits"
  }

  /// `digits` significant digits (six by default), without an exponent for everyday sizes.
  static func significant(_ value: Double, digits significant: Int = 6) -> String {
    if value == 0 { return "0" }
    let digits = max(0, significant - 1 - Int(log10(abs(value)).rounded(.down)))
    if digits > 12 { return String(format: "%.5e", value) }
    return String(format: "%.\(digits)f", value)
  }
}
