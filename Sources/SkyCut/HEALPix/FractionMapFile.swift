import Foundation

/// A full-sky HEALPix map in FITS as healpy's `read_map` reads it: a binary table of one
/// float32 column `UNMASKED`, one row per pixel, with `PIXTYPE`, `ORDERING`, `NSIDE`,
/// `FIRSTPIX`, `LASTPIX`, `INDXSCHM = 'IMPLICIT'` and `COORDSYS = 'C'`.
enum FractionMapFile {
  static func write(
    _ map: FractionMap, ordering: HEALPixOrdering, tolerance: Double, to path: String,
    overwrite: Bool
  ) throws {
    var values = map.unmasked
    if ordering == .ring {
      for pixel in map.unmasked.indices {
        values[Int(HEALPixCell(order: map.order, pixel: Int64(pixel)).ringPixel)] =
          map.unmasked[pixel]
      }
    }
    try FITSFile.writeOutput(path: path, overwrite: overwrite) { file in
      try file.createBinaryTable(names: ["UNMASKED"], formats: ["1E"], units: [""])
      try file.setKeyword("PIXTYPE", string: "HEALPIX", comment: "HEALPix map")
      try file.setKeyword(
        "ORDERING", string: ordering == .ring ? "RING" : "NESTED", comment: "pixel ordering")
      try file.setKeyword("NSIDE", integer: 1 << map.order, comment: "HEALPix Nside")
      try file.setKeyword("FIRSTPIX", integer: 0, comment: "first pixel")
      try file.setKeyword("LASTPIX", integer: values.count - 1, comment: "last pixel")
      try file.setKeyword("INDXSCHM", string: "IMPLICIT", comment: "one row per pixel")
      try file.setKeyword("OBJECT", string: "FULLSKY", comment: "")
      try file.setKeyword("COORDSYS", string: "C", comment: "ICRS")
      try file.setKeyword(
        "SCTOL", double: tolerance, comment: "SkyCut area tolerance (ellipses' polygons)")
      try file.setKeyword(
        "SCMAXGAP", double: map.largestGap, comment: "widest gap of a pixel's bounds (fraction)")
      // Written through Double a block at a time (CFITSIO stores them as 1E).
      try file.writeColumn(values.lazy.map(Double.init), column: 1, as: ColumnValues.doubles)
    }
  }
}

/// The pixel ordering of a HEALPix map.
public enum HEALPixOrdering: String, Sendable, Hashable, Codable, CaseIterable {
  case nested, ring
}

/// Where to write a mask's unmasked-fraction map, at which N_side and ordering.
public struct FractionMapRequest: Sendable, Hashable {
  public var path: String
  /// A power of two, 1 to 8192.
  public var nside: Int
  public var ordering: HEALPixOrdering

  public init(path: String, nside: Int, ordering: HEALPixOrdering = .nested) {
    self.path = path
    self.nside = nside
    self.ordering = ordering
  }

  /// The largest N_side written (a full-sky map of 805 million pixels, 3.2 GB).
  public static let largestNside = 8192

  var order: Int { nside.trailingZeroBitCount }

  /// Refuses a footprint with cells finer than the map's pixels.
  func check(footprint: Footprint?) throws {
    if let footprint, footprint.order > order {
      throw CatalogueError.invalidArgument(
        "\(footprint.path) has cells of order \(footprint.order), finer than the map's pixels: "
          + "give an N_side of at least \(1 << footprint.order)")
    }
  }

  func check() throws {
    guard nside > 0, nside & (nside - 1) == 0, nside <= Self.largestNside else {
      throw CatalogueError.invalidArgument(
        "the map's N_side is a power of two from 1 to \(Self.largestNside), not \(nside)")
    }
    guard [".fits", ".fit", ".fts"].contains(where: path.lowercased().hasSuffix) else {
      throw CatalogueError.invalidArgument("\(path): a HEALPix map is written as FITS (.fits)")
    }
  }
}

/// A fraction map written: where, N_side, ordering, and the widest gap of a pixel's bounds.
public struct FractionMapSummary: Sendable, Hashable, Codable {
  public var path: String
  public var nside: Int
  public var ordering: HEALPixOrdering
  public var largestGap: Double
}

extension ContaminantSet {
  /// Writes the unmasked-fraction map of the layers that remove.
  /// With a footprint (no finer than the map), pixels outside it are healpy's UNSEEN.
  func writeFractionMap(
    _ request: FractionMapRequest, tolerance: Double, footprint: Footprint? = nil,
    overwrite: Bool, runner: ParallelRunner
  ) throws -> FractionMapSummary {
    try request.check(footprint: footprint)
    let indexes = try indexes(in: .icrs, runner: runner)
    let removing = layers.indices.filter { layers[$0].zone.action == .remove }.map {
      indexes[$0]
    }
    let sides = MaskArea.sides(for: removing, tolerance: tolerance, runner: runner)
    var map = FractionMap(removing, order: request.order, sides: sides, runner: runner)
    if let footprint {
      for pixel in map.unmasked.indices
      where !footprint.contains(cell: HEALPixCell(order: request.order, pixel: Int64(pixel))) {
        map.unmasked[pixel] = FractionMap.unseen
      }
    }
    try FractionMapFile.write(
      map, ordering: request.ordering, tolerance: tolerance, to: request.path,
      overwrite: overwrite)
    return FractionMapSummary(
      path: request.path, nside: request.nside, ordering: request.ordering,
      largestGap: map.largestGap)
  }
}
