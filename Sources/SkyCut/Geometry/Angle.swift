import Foundation

/// An angle on the sky that carries its unit.
///
/// SkyCut stores every angle in radians and converts at the edges, so an API that takes an
/// `Angle` never has to say which unit it expects:
///
/// ```swift
/// let radius = Angle.arcseconds(30)
/// radius.degrees        // 0.008333…
/// ```
public struct Angle: Sendable, Hashable, Comparable, CustomStringConvertible {
  /// The angle in radians.
  public var radians: Double

  /// Creates an angle from a value in radians.
  public init(radians: Double) { self.radians = radians }

  /// An angle of `value` radians.
  public static func radians(_ value: Double) -> Angle { Angle(radians: value) }
  /// An angle of `value` degrees.
  public static func degrees(_ value: Double) -> Angle { Angle(radians: value * .pi / 180) }
  /// An angle of `value` arcminutes.
  public static func arcminutes(_ value: Double) -> Angle { .degrees(value / 60) }
  /// An angle of `value` arcseconds.
  public static func arcseconds(_ value: Double) -> Angle { .degrees(value / 3600) }
  /// An angle of `value` milliarcseconds.
  public static func milliarcseconds(_ value: Double) -> Angle { .degrees(value / 3_600_000) }

  /// The angle in degrees.
  public var degrees: Double { radians * 180 / .pi }
  /// The angle in arcminutes.
  public var arcminutes: Double { degrees * 60 }
  /// The angle in arcseconds.
  public var arcseconds: Double { degrees * 3600 }

  /// The squared length of the chord that subtends this angle on the unit sphere,
  /// `4 sin²(θ/2)`.
  ///
  /// Two unit vectors `a` and `b` are separated by less than this angle exactly when
  /// `|a − b|² < chordSquared`. Unlike `cos θ`, which is 1 to within float64 rounding for
  /// angles below about a milliarcsecond, the chord keeps full relative precision at every
  /// angle from 0 to 180°.
  public var chordSquared: Double {
    let half = sin(radians / 2)
    return 4 * half * half
  }

  /// At least ``chordSquared``, without a sine, for an angle in `[0, π]`: `θ²`, since
  /// |sin x| ≤ |x|, raised by 10⁻¹⁵ for its rounding. Over it by about θ²/12, relative, for
  /// small angles.
  var chordSquaredAbove: Double { radians * radians * (1 + 1e-15) }

  /// At most ``chordSquared``, without a sine, for an angle in `[0, π]`: `θ² (1 − θ²/12)`,
  /// since sin x ≥ x − x³/6 for x ≥ 0, lowered by 10⁻¹⁵ for its rounding. Under it by about
  /// θ⁴/360, relative, for small angles.
  var chordSquaredBelow: Double {
    let square = radians * radians
    return square * (1 - square / 12) * (1 - 1e-15)
  }

  public static func < (lhs: Angle, rhs: Angle) -> Bool { lhs.radians < rhs.radians }

  /// The angle in the largest unit that keeps the value at or above 1, for messages:
  /// `1 deg`, `30 arcmin`, `2.5 arcsec`, `0.5 mas`.
  public var description: String {
    let deg = abs(degrees)
    if deg >= 1 || radians == 0 { return "\(Angle.format(degrees)) deg" }
    if deg * 60 >= 1 { return "\(Angle.format(arcminutes)) arcmin" }
    if deg * 3600 >= 1 { return "\(Angle.format(arcseconds)) arcsec" }
    return "\(Angle.format(arcseconds * 1000)) mas"
  }

  private static func format(_ value: Double) -> String {
    let rounded = (value * 1e9).rounded() / 1e9
    if rounded == rounded.rounded() && abs(rounded) < 1e15 { return String(Int64(rounded)) }
    return String(rounded)
  }
}

extension Angle {
  /// The units an angle can be written in, with the suffixes `Angle(parsing:)` accepts.
  public enum Unit: String, Sendable, CaseIterable {
    case degrees = "deg"
    case arcminutes = "arcmin"
    case arcseconds = "arcsec"
    case milliarcseconds = "mas"
    case radians = "rad"

    /// The angle of `value` in this unit.
    public func angle(_ value: Double) -> Angle {
      switch self {
      case .degrees: .degrees(value)
      case .arcminutes: .arcminutes(value)
      case .arcseconds: .arcseconds(value)
      case .milliarcseconds: .milliarcseconds(value)
      case .radians: .radians(value)
      }
    }
  }

  /// Parses an angle written as a number with an optional unit suffix, as on the command
  /// line: `1` and `1.0deg` are one degree; `30arcsec`, `3 arcmin`, `5mas` and `0.01rad` carry
  /// their unit. A bare number is in `defaultUnit`.
  ///
  /// Returns `nil` when the text is not a finite number followed by one of the suffixes of
  /// ``Unit``.
  public init?(parsing text: String, defaultUnit: Unit = .degrees) {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    var unit = defaultUnit
    var number = Substring(trimmed)
    for candidate in Unit.allCases where trimmed.lowercased().hasSuffix(candidate.rawValue) {
      unit = candidate
      number = trimmed.dropLast(candidate.rawValue.count)
      break
    }
    let digits = number.trimmingCharacters(in: .whitespaces)
    // Plain decimal notation only: Double(_:) would also take "nan", "inf" and hex floats.
    guard !digits.isEmpty, digits.allSatisfy({ "0123456789.eE+-".contains($0) }),
      let value = Double(digits), value.isFinite
    else { return nil }
    self = unit.angle(value)
  }
}
