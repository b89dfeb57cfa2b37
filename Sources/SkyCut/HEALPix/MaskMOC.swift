import Foundation

/// A MOC written of a mask: where, its order, how many cells and how much sky they cover.
public struct MOCSummary: Sendable, Hashable, Codable {
  public var path: String
  public var order: Int
  public var cells: Int
  /// The cells' area in square degrees (at least the mask's: the cells hold it).
  public var deg2: Double
}

extension Mask {
  /// Writes the part of the sky this mask removes objects from (its layers that remove) as an
  /// IVOA MOC 2.0 FITS file: every HEALPix cell of `order` (by default about an eighth of the
  /// smallest radius, docs/AREA.md) that touches it, so that every
  /// object the cut removes lies in a cell of the MOC.
  ///
  /// - Throws: ``CatalogueError`` as reading the catalogues and writing the file do.
  public func writeMOC(
    to path: String, order: Int? = nil, overwrite: Bool = false,
    runner: ParallelRunner = .allCores
  ) throws -> MOCSummary {
    try OutputFile.checkCreatable(path: path, overwrite: overwrite)
    let set = try ContaminantSet(mask: self)
    return try set.writeMOC(to: path, order: order, overwrite: overwrite, runner: runner)
  }
}

extension ContaminantSet {
  /// Writes the MOC of the layers that remove; see ``Mask/writeMOC(to:order:overwrite:runner:)``.
  func writeMOC(to path: String, order: Int?, overwrite: Bool, runner: ParallelRunner) throws
    -> MOCSummary
  {
    let indexes = try indexes(in: .icrs, runner: runner)
    let shapes = layers.indices.filter { layers[$0].zone.action == .remove }
      .flatMap { indexes[$0].coverageShapes() }
    let order = order ?? MaskCoverage.defaultOrder(for: shapes)
    let cells = MaskCoverage(shapes: shapes, order: order).cells(runner: runner)
    try MOCFile.write(cells, order: order, to: path, overwrite: overwrite)
    let steradians = cells.reduce(0) { $0 + HEALPixCell.area(order: $1.order) }
    return MOCSummary(
      path: path, order: order, cells: cells.count,
      deg2: steradians * MaskArea.squareDegreesPerSteradian)
  }
}

extension MaskCoverage {
  /// The order whose cells are at most an eighth of the smallest radius (or minor semi-axis)
  /// across, so that the MOC follows the smallest disc closely; 29 at most.
  static func defaultOrder(for shapes: [Shape]) -> Int {
    let smallest =
      shapes.map { shape -> Double in
        switch shape {
        case .cap(_, let radius): radius
        case .ellipse(_, let ellipse): min(ellipse.a.radians, ellipse.b.radians)
        }
      }.min() ?? .pi
    var order = 0
    while order < HEALPixCell.maximumOrder && HEALPixCell.radiusBound(order: order) > smallest / 8 {
      order += 1
    }
    return order
  }
}
