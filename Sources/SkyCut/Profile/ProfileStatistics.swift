import Foundation

/// From pair counts to a ``DensityProfile``: areas, densities, the reference, errors and the
/// suggested radii.
struct ProfileStatistics {
  let annuli: Annuli
  let reference: ProfileReference
  let tolerance: Double

  /// Square degrees per steradian.
  static let squareDegrees = pow(180 / Double.pi, 2)

  /// The first annulus of the reference (`outer`): the first whose inner edge is at or beyond
  /// the fraction of the outer radius; the last annulus when none is.
  var referenceStart: Int {
    guard case .outer(let fraction) = reference else { return annuli.count }
    let from = fraction * annuli.outer.radians
    // A relative 1e-12 so that an edge computed as exactly the fraction counts.
    return annuli.edges.dropLast().firstIndex { $0.radians >= from * (1 - 1e-12) }
      ?? (annuli.count - 1)
  }

  /// One bin's profile from its pair counts (one per annulus).
  /// - Parameter objects: the objects counted, for the `mean` reference.
  func bin(
    counts: ArraySlice<Int>, contaminants: Int, range: (Double, Double)?, meanValue: Double?,
    objects: Int
  ) -> DensityProfile.Bin {
    let counts = Array(counts)
    let areas = (0..<annuli.count).map {
      annuli.solidAngle($0) * Self.squareDegrees * Double(contaminants)
    }
    let (referenceDensity, referencePairs) = referenceDensity(
      counts: counts, areas: areas, objects: objects)
    var result = DensityProfile.Bin(
      low: range?.0, high: range?.1, contaminants: contaminants, meanValue: meanValue,
      referenceDensityDeg2: referenceDensity, referencePairs: referencePairs,
      suggestedRadiusArcsec: nil, annuli: [])
    for k in 0..<annuli.count {
      let density = areas[k] > 0 ? Double(counts[k]) / areas[k] : .nan
      let relative = density / referenceDensity
      let countError = Double(max(counts[k], 1)).squareRoot() / areas[k] / referenceDensity
      let referenceError = relative / Double(referencePairs).squareRoot()
      result.annuli.append(
        DensityProfile.Annulus(
          innerArcsec: annuli.edges[k].arcseconds, outerArcsec: annuli.edges[k + 1].arcseconds,
          pairs: counts[k], areaDeg2: areas[k], densityDeg2: density, relative: relative,
          relativeError: (countError * countError + referenceError * referenceError)
            .squareRoot()))
    }
    let departing = RadiusSuggestion.outermostDeparting(
      relative: result.annuli.map(\.relative), expected: areas.map { $0 * referenceDensity },
      referencePairs: referencePairs, considered: referenceStart, tolerance: tolerance)
    result.suggestedRadiusArcsec = departing.map { annuli.edges[$0 + 1].arcseconds }
    return result
  }

  /// The reference density per deg² and the pairs (or objects) it rests on.
  private func referenceDensity(counts: [Int], areas: [Double], objects: Int) -> (Double, Int) {
    switch reference {
    case .outer:
      let range = referenceStart..<annuli.count
      let pairs = range.reduce(0) { $0 + counts[$1] }
      let area = range.reduce(0) { $0 + areas[$1] }
      return (Double(pairs) / area, pairs)
    case .mean(let solidAngle):
      return (Double(objects) / (solidAngle * Self.squareDegrees), objects)
    }
  }
}
