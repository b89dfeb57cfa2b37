import Foundation

/// Which two columns of a catalogue hold its positions, and how to read them.
public struct CoordinateColumns: Sendable, Hashable, CustomStringConvertible {
  /// How the two columns describe a direction.
  public enum Convention: String, Sendable, Hashable {
    /// Longitude then latitude (RA/Dec, l/b), in degrees unless the unit says otherwise.
    case longitudeLatitude
    /// Colatitude θ from the north pole, then longitude φ (the HEALPix/healpy convention),
    /// in radians unless the unit says otherwise.
    case colatitudeLongitude
  }

  /// The unit the values of a coordinate column are in.
  public enum Unit: String, Sendable, Hashable {
    case degrees = "deg"
    case radians = "rad"

    /// The unit a FITS `TUNIT` names, `nil` for an empty one; throws for any other unit.
    static func parse(_ text: String, at location: SourceLocation) throws -> Unit? {
      switch text.trimmingCharacters(in: .whitespaces).lowercased() {
      case "": return nil
      case "deg", "degree", "degrees": return .degrees
      case "rad", "radian", "radians": return .radians
      default:
        throw CatalogueError.invalidValue(
          text, expected: "a coordinate unit SkyCut knows ('deg' or 'rad') in TUNIT", location)
      }
    }
  }

  /// The first column: RA, l, or θ.
  public var first: String
  /// The second column: Dec, b, or φ.
  public var second: String
  /// How the two columns describe a direction.
  public var convention: Convention
  /// The frame of the positions.
  public var frame: SkyFrame
  /// The units of the first and second column.
  public var units: (first: Unit, second: Unit)

  public static func == (lhs: CoordinateColumns, rhs: CoordinateColumns) -> Bool {
    lhs.first == rhs.first && lhs.second == rhs.second && lhs.convention == rhs.convention
      && lhs.frame == rhs.frame && lhs.units == rhs.units
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(first)
    hasher.combine(second)
    hasher.combine(convention)
    hasher.combine(frame)
    hasher.combine(units.first)
    hasher.combine(units.second)
  }

  public var description: String {
    switch convention {
    case .longitudeLatitude:
      "\(first)/\(second) (\(frame), \(units.first.rawValue))"
    case .colatitudeLongitude:
      "\(first)/\(second) (θ/φ, \(frame), \(units.first.rawValue))"
    }
  }

  /// A known pair of coordinate column names.
  struct KnownPair: Sendable {
    var first: String
    var second: String
    var convention: Convention
    var frame: SkyFrame
  }

  /// The pairs SkyCut looks for, by family in order of preference: equatorial, Galactic,
  /// then θ/φ. A catalogue with pairs from two families (a Planck catalogue has RA/DEC and
  /// GLON/GLAT) uses the first family's; two pairs of one family are ambiguous.
  static let knownFamilies: [[KnownPair]] = [
    [
      KnownPair(first: "RA", second: "DEC", convention: .longitudeLatitude, frame: .icrs),
      KnownPair(first: "RAJ2000", second: "DEJ2000", convention: .longitudeLatitude, frame: .icrs),
      KnownPair(first: "RA_ICRS", second: "DE_ICRS", convention: .longitudeLatitude, frame: .icrs),
      KnownPair(
        first: "ALPHA_J2000", second: "DELTA_J2000", convention: .longitudeLatitude, frame: .icrs),
    ],
    [
      KnownPair(first: "GLON", second: "GLAT", convention: .longitudeLatitude, frame: .galactic)
    ],
    [
      KnownPair(first: "THETA", second: "PHI", convention: .colatitudeLongitude, frame: .icrs)
    ],
  ]

  /// The known pair whose names these are, if any (for names given with `--columns`).
  static func knownPair(first: String, second: String) -> KnownPair? {
    knownFamilies.joined().first {
      $0.first.lowercased() == first.lowercased() && $0.second.lowercased() == second.lowercased()
    }
  }
}
