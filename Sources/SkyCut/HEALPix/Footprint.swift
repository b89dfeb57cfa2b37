import Foundation

/// A survey's footprint, an IVOA MOC: objects outside it are removed, and the area reported is
/// the footprint's less the mask inside it.
///
/// Held as sorted, disjoint ranges of order-29 pixels, so that a position is tested by one
/// pixel number and a binary search.
public struct Footprint: Sendable {
  public let path: String
  let cells: [HEALPixCell]
  /// Half-open ranges of NESTED order-29 pixels, sorted and disjoint.
  private let starts: [Int64]
  private let ends: [Int64]

  /// Reads the MOC at `path` (FITS, NUNIQ).
  ///
  /// - Throws: ``CatalogueError`` when it cannot be read or is not a NUNIQ MOC.
  public init(contentsOf path: String) throws {
    self.path = path
    cells = try CatalogueError.wrapping { try MOCFile.read(path) }
    var ranges = cells.map { cell -> (Int64, Int64) in
      let shift = Int64(2 * (HEALPixCell.maximumOrder - cell.order))
      return (cell.pixel << shift, (cell.pixel + 1) << shift)
    }
    ranges.sort { $0.0 < $1.0 }
    var merged: [(Int64, Int64)] = []
    for range in ranges {
      if let last = merged.last, range.0 <= last.1 {
        merged[merged.count - 1].1 = max(last.1, range.1)
      } else {
        merged.append(range)
      }
    }
    starts = merged.map(\.0)
    ends = merged.map(\.1)
  }

  /// The deepest order of its cells.
  var order: Int { cells.map(\.order).max() ?? 0 }

  /// Its area, in steradians.
  public var steradians: Double {
    cells.reduce(0) { $0 + HEALPixCell.area(order: $1.order) }
  }

  /// Whether `direction` (ICRS) lies in it.
  public func contains(_ direction: UnitVector) -> Bool {
    contains(pixel: HEALPixCell(holding: direction, order: HEALPixCell.maximumOrder).pixel)
  }

  /// Whether the order-29 pixel `pixel` lies in it.
  func contains(pixel: Int64) -> Bool {
    guard let range = range(holding: pixel) else { return false }
    return pixel < ends[range]
  }

  /// Whether `cell` lies wholly in it.
  func contains(cell: HEALPixCell) -> Bool {
    let shift = Int64(2 * (HEALPixCell.maximumOrder - cell.order))
    guard let range = range(holding: cell.pixel << shift) else { return false }
    return (cell.pixel + 1) << shift <= ends[range]
  }

  /// The last range starting at or before order-29 pixel `pixel`, if any.
  private func range(holding pixel: Int64) -> Int? {
    var (low, high) = (0, starts.count)
    while low < high {
      let middle = (low + high) / 2
      if starts[middle] <= pixel { low = middle + 1 } else { high = middle }
    }
    return low > 0 ? low - 1 : nil
  }
}
