import Foundation

/// The area of a footprint, and of what a mask leaves of it.
public struct FootprintSummary: Sendable, Hashable, Codable {
  enum CodingKeys: String, CodingKey {
    case path, deg2, outside, unmaskedDeg2, unmaskedLowerDeg2, unmaskedUpperDeg2
  }

  /// Every field, `null` when not measured.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(path, forKey: .path)
    try container.encode(deg2, forKey: .deg2)
    try container.encode(outside, forKey: .outside)
    try container.encode(unmaskedDeg2, forKey: .unmaskedDeg2)
    try container.encode(unmaskedLowerDeg2, forKey: .unmaskedLowerDeg2)
    try container.encode(unmaskedUpperDeg2, forKey: .unmaskedUpperDeg2)
  }

  public var path: String
  /// The footprint's area.
  public var deg2: Double
  /// Objects outside it (removed), in a cut.
  public var outside: Int?
  /// The footprint less the mask inside it, with its bounds (when the area was measured).
  public var unmaskedDeg2: Double?
  public var unmaskedLowerDeg2: Double?
  public var unmaskedUpperDeg2: Double?

  /// `the footprint's 1234.5 deg², leaving 1200.1 deg²`, when the mask's area inside it was
  /// measured: the summary lines' clause.
  var remainderDescription: String? {
    unmaskedDeg2.map {
      "the footprint's \(MaskArea.significant(deg2)) deg², leaving \(MaskArea.significant($0)) deg²"
    }
  }

  init(_ footprint: Footprint, masked: MaskArea?, outside: Int?) {
    let perSteradian = MaskArea.squareDegreesPerSteradian
    let total = footprint.steradians
    path = footprint.path
    deg2 = total * perSteradian
    self.outside = outside
    guard let masked else { return }
    unmaskedDeg2 = (total - masked.steradians) * perSteradian
    unmaskedLowerDeg2 = (total - masked.upperSteradians) * perSteradian
    unmaskedUpperDeg2 = (total - masked.lowerSteradians) * perSteradian
  }
}

extension MaskArea {
  /// The area of the union of `indexes`' regions inside `footprint`: a group wholly in it
  /// counts its exact area, one wholly out nothing, and one across its edge is clipped
  /// exactly to each of the footprint's cells it touches (``MaskGroups/clippedAreas(of:in:)``).
  static func inside(
    _ footprint: Footprint, _ indexes: [ContaminantIndex], sides: Int, runner: ParallelRunner
  ) -> MaskArea {
    let order = footprint.order
    let groups = MaskGroups(indexes, sides: sides, order: order, runner: runner)
    let inside = groups.touched.map { list in
      list.filter { footprint.contains(cell: HEALPixCell(order: order, pixel: $0)) }
    }
    var lower = 0.0
    var upper = 0.0
    var straddling: [Int] = []
    for slot in groups.roots.indices where !inside[slot].isEmpty {
      if inside[slot].count == groups.touched[slot].count {
        lower += groups.lower[slot]
        upper += groups.upper[slot]
      } else {
        straddling.append(slot)
      }
    }
    let work = straddling
    let clipped = runner.map(
      ChunkSplitter(count: work.count, chunks: max(1, min(work.count, runner.jobs * 16)))
    ) { range -> (Double, Double) in
      var bounds = (0.0, 0.0)
      for slot in range.map({ work[$0] }) {
        for part in groups.clippedAreas(of: slot, in: inside[slot]) {
          bounds.0 += part.lower
          bounds.1 += part.upper
        }
      }
      return bounds
    }
    for (l, u) in clipped {
      lower += l
      upper += u
    }
    return MaskArea(lowerSteradians: lower, upperSteradians: min(upper, footprint.steradians))
  }
}
