import Foundation

/// How much sky a mask takes: the area of the union of its regions (caps and ellipses), with
/// a lower and an upper bound that hold.
///
/// Caps are exact but for float64 rounding (bounded, and added to the bounds); an ellipse is
/// bounded by polygons inside and around it, with sides doubled until the bounds are within
/// the tolerance (docs/AREA.md).
public struct MaskArea: Sendable, Hashable {
  /// The area in steradians: the middle of the bounds.
  public var steradians: Double { (lowerSteradians + upperSteradians) / 2 }
  /// A lower bound of the area, in steradians.
  public var lowerSteradians: Double
  /// An upper bound of the area, in steradians.
  public var upperSteradians: Double

  /// The area in square degrees.
  public var squareDegrees: Double { steradians * Self.squareDegreesPerSteradian }
  public var lowerSquareDegrees: Double { lowerSteradians * Self.squareDegreesPerSteradian }
  public var upperSquareDegrees: Double { upperSteradians * Self.squareDegreesPerSteradian }
  /// The area as a fraction of the whole sky (4π sr).
  public var skyFraction: Double { steradians / (4 * .pi) }

  /// Each layer of the mask (each catalogue's own zone and its further zones, in order),
  /// when it has more than one.
  public var layers: [Layer] = []

  /// One layer's area.
  public struct Layer: Sendable, Hashable {
    /// The catalogue's path.
    public var path: String
    /// The bit the layer sets, and what it does.
    public var bit: Int
    public var action: MaskAction
    /// The layer's own area, in steradians (middle of its bounds).
    public var steradians: Double
    /// The area it adds to the layers before it, in steradians.
    public var addedSteradians: Double
  }

  public init(lowerSteradians: Double, upperSteradians: Double) {
    self.lowerSteradians = lowerSteradians
    self.upperSteradians = upperSteradians
  }

  static let squareDegreesPerSteradian = (180 / Double.pi) * (180 / Double.pi)

  /// The default tolerance: bounds within 10⁻⁴ of the area.
  public static let defaultTolerance = 1e-4
}

extension Mask {
  /// The area of the sky this mask removes objects from (the union of its layers that
  /// remove), with each layer's own and added area when it has several; the bounds within
  /// `tolerance` of the area (relative).
  ///
  /// - Throws: ``CatalogueError`` as reading the catalogues does.
  public func area(
    tolerance: Double = MaskArea.defaultTolerance, runner: ParallelRunner = .allCores
  ) throws -> MaskArea {
    let set = try ContaminantSet(mask: self)
    return try MaskArea.measure(set, tolerance: tolerance, runner: runner)
  }
}

extension MaskArea {
  /// Refuses a tolerance outside (0, 1), and a MOC that is not a FITS file or whose order is
  /// not 0…29.
  static func check(tolerance: Double?, moc: MOCRequest?) throws {
    if let tolerance, !(tolerance > 0 && tolerance < 1) {
      throw CatalogueError.invalidArgument(
        "the area tolerance is relative: more than 0 and less than 1, not \(tolerance)")
    }
    guard let moc else { return }
    if let order = moc.order, !(0...HEALPixCell.maximumOrder).contains(order) {
      throw CatalogueError.invalidArgument(
        "a MOC order is 0 to \(HEALPixCell.maximumOrder), not \(order)")
    }
    let name = moc.path.lowercased()
    guard [".fits", ".fit", ".fts"].contains(where: name.hasSuffix) else {
      throw CatalogueError.invalidArgument("\(moc.path): a MOC is written as FITS (.fits)")
    }
  }

  /// Refuses a MOC or map path that another output (or an input) has, or that exists
  /// without `overwrite`.
  static func checkOutputs(
    moc: MOCRequest?, fractionMap: FractionMapRequest?, besides others: [String],
    inputs: [String], overwrite: Bool
  ) throws {
    var taken = others
    for path in [moc?.path, fractionMap?.path].compactMap({ $0 }) {
      if taken.contains(where: { $0 == path || OutputFile.sameTarget($0, path) }) {
        throw CatalogueError.invalidArgument("\(path): each output needs a file of its own")
      }
      taken.append(path)
      try OutputFile.checkCreatable(path: path, overwrite: overwrite)
      try SameFileCheck.refuse(output: path, inputs: inputs)
    }
  }

  /// The area of the contaminants' layers that remove, and of each layer (inside
  /// `footprint`, when given).
  static func measure(
    _ set: ContaminantSet, tolerance: Double, footprint: Footprint? = nil, runner: ParallelRunner
  ) throws -> MaskArea {
    let indexes = try set.indexes(in: .icrs, runner: runner)
    let removing = set.layers.indices.filter { set.layers[$0].zone.action == .remove }
    // The union of some of the indexes' regions (inside the footprint), its ellipses bounded
    // by polygons of `sides` sides.
    func area(_ chosen: [ContaminantIndex], sides: Int?) -> (MaskArea, Int) {
      guard let footprint else {
        return union(chosen, tolerance: tolerance, runner: runner, sides: sides)
      }
      let sides = sides ?? self.sides(for: chosen, tolerance: tolerance, runner: runner)
      return (
        inside(footprint, chosen, sides: sides, runner: runner), sides
      )
    }
    let (total, sides) = area(removing.map { indexes[$0] }, sides: nil)
    guard set.layers.count > 1 else { return total }
    var measured = total
    var before = 0.0
    for (number, layer) in set.layers.enumerated() {
      let own = area([indexes[number]], sides: sides).0
      // The union up to this layer. The first layer's is its own; the last's, when every
      // layer removes, the total: not measured again (with a footprint, each is a clipping).
      let upTo: Double
      if number == 0 {
        upTo = own.steradians
      } else if number == set.layers.count - 1 && removing.count == set.layers.count {
        upTo = total.steradians
      } else {
        upTo = area(Array(indexes[...number]), sides: sides).0.steradians
      }
      measured.layers.append(
        Layer(
          path: set.mask.catalogues[layer.catalogue].path, bit: layer.zone.bit,
          action: layer.zone.action, steradians: own.steradians, addedSteradians: upTo - before))
      before = upTo
    }
    return measured
  }

  /// The union of the indexes' regions, and the polygons' sides that bounded it to
  /// `tolerance` (or those given).
  static func union(
    _ indexes: [ContaminantIndex], tolerance: Double, runner: ParallelRunner,
    sides given: Int? = nil
  ) -> (MaskArea, Int) {
    var sides = given ?? initialSides
    while true {
      let inner = UnionArea.area(
        of: indexes.flatMap { $0.areaRegions(sides: sides, side: .inner) }, runner: runner)
      guard indexes.contains(where: { $0.storage.shapes != nil }) else {
        return (bounded(inner, inner), sides)
      }
      let outer = UnionArea.area(
        of: indexes.flatMap { $0.areaRegions(sides: sides, side: .outer) }, runner: runner)
      let area = bounded(inner, outer)
      let gap = area.upperSteradians - area.lowerSteradians
      if given != nil || gap <= tolerance * area.upperSteradians || sides >= maximumSides {
        return (area, sides)
      }
      // The gap shrinks as 1/N²: enough sides at once, to a power of two.
      let wanted = Double(sides) * (gap / (tolerance * area.upperSteradians)).squareRoot() * 1.2
      while Double(sides) < wanted && sides < maximumSides { sides *= 2 }
    }
  }

  /// The polygons' sides that bound the ellipses of `indexes` to `tolerance`; without
  /// ellipses, no union is needed to know.
  static func sides(for indexes: [ContaminantIndex], tolerance: Double, runner: ParallelRunner)
    -> Int
  {
    guard indexes.contains(where: { $0.storage.shapes != nil }) else { return initialSides }
    return union(indexes, tolerance: tolerance, runner: runner).1
  }

  /// The sides an ellipse's polygons start with.
  static let initialSides = 64

  /// The most sides an ellipse's polygons get (a relative gap of about 10⁻⁶).
  static let maximumSides = 4096

  private static func bounded(_ lower: UnionArea.Result, _ upper: UnionArea.Result) -> MaskArea {
    MaskArea(
      lowerSteradians: max(0, lower.area - lower.rounding),
      upperSteradians: min(4 * .pi, upper.area + upper.rounding))
  }
}

extension ContaminantIndex {
  /// The regions of this index's contaminants: caps, or each ellipse's polygon of `sides`
  /// sides inside or around it. Contaminants that match nothing (radius or an axis 0) have
  /// none.
  func areaRegions(sides: Int, side: EllipsePolygon.Side) -> [AreaRegion] {
    var regions: [AreaRegion] = []
    regions.reserveCapacity(storage.count)
    forEachRegion(
      cap: { regions.append(AreaRegion(centre: $0, chordSquared: $1)) },
      ellipse: {
        regions.append(AreaRegion(EllipsePolygon($1, centre: $0, sides: sides, side: side)))
      })
    return regions
  }
}
