/// What a mask does to the objects within reach of a contaminant.
public enum MaskAction: String, Sendable, Hashable, Codable, CaseIterable {
  /// Leave them out of the cleaned catalogue.
  case remove
  /// Keep them, with their bit set in the mask column (and the flag column true).
  case flag
}

/// A further zone around each contaminant of a catalogue: NEAR a bright star is, say, twice
/// its radius, flagged with a bit of its own.
public struct MaskZone: Sendable, Hashable {
  /// The zone's radius (or ellipse axes) as a multiple of the catalogue's; more than 0.
  public var radiusFactor: Double
  public var action: MaskAction
  /// The bit of the mask column it sets (0…61).
  public var bit: Int

  public init(radiusFactor: Double, action: MaskAction, bit: Int) {
    self.radiusFactor = radiusFactor
    self.action = action
    self.bit = bit
  }
}

/// One contaminant catalogue of a mask: where its contaminants are, how far they reach, what
/// happens to the objects within reach, and which bit records it.
public struct MaskCatalogue: Sendable, Hashable {
  /// The catalogue's file.
  public var path: String
  /// How to read it: HDU, coordinate columns, frame, radius column or expression, ellipses.
  public var options: CatalogueReadOptions
  /// The radius of every contaminant, or with a radius column, expression or ellipses the cap
  /// on each one's own; `nil` with those only.
  public var radius: Angle?
  /// How to move the contaminants to the objects' epoch, or `nil` to leave them where they are.
  public var epochs: EpochOptions?
  public var action: MaskAction
  /// The bit of the mask column this catalogue sets (0…61).
  public var bit: Int
  /// Further zones, each with its own action and bit.
  public var zones: [MaskZone]

  public init(
    path: String, options: CatalogueReadOptions = .init(), radius: Angle?,
    epochs: EpochOptions? = nil, action: MaskAction = .remove, bit: Int, zones: [MaskZone] = []
  ) {
    self.path = path
    self.options = options
    self.radius = radius
    self.epochs = epochs
    self.action = action
    self.bit = bit
    self.zones = zones
  }

  /// The catalogue's own zone (factor 1) and its further zones.
  var layers: [MaskZone] { [MaskZone(radiusFactor: 1, action: action, bit: bit)] + zones }
}

/// A whole mask: the contaminant catalogues, in order, and where the mask came from.
public struct Mask: Sendable, Hashable {
  public var catalogues: [MaskCatalogue]
  /// The file the mask was read from and its SHA-256 (hex), for the provenance.
  public var source: (path: String, sha256: String)?

  public init(catalogues: [MaskCatalogue], source: (path: String, sha256: String)? = nil) {
    self.catalogues = catalogues
    self.source = source
  }

  public static func == (lhs: Self, rhs: Self) -> Bool {
    lhs.catalogues == rhs.catalogues && lhs.source?.path == rhs.source?.path
      && lhs.source?.sha256 == rhs.source?.sha256
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(catalogues)
    hasher.combine(source?.sha256)
  }

  /// Every zone of every catalogue, in order: the catalogue's own, then its further zones.
  var layers: [MaskLayer] {
    catalogues.enumerated().flatMap { number, catalogue in
      catalogue.layers.map { MaskLayer(catalogue: number, zone: $0) }
    }
  }

  /// The most layers a cut tests (the kernel marks each point with its first layer's number
  /// in a byte).
  static let maximumLayers = 255
  /// The highest bit a mask column can hold (a 64-bit signed integer, bit 63 the sign's).
  static let maximumBit = 61
}

/// One zone of one catalogue: what the cut tests, with an index of its own.
struct MaskLayer: Sendable, Hashable {
  /// The catalogue's place in the mask.
  let catalogue: Int
  let zone: MaskZone
}
