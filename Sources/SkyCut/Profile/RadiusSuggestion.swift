import Foundation

/// Reading a mask radius off a density profile, and a radius law off the radii of several
/// bins.
public enum RadiusSuggestion {
  /// How many null-hypothesis standard deviations beyond the tolerance an annulus must lie to
  /// count as departing from 1.
  public static let significance = 3.0

  /// The index of the outermost annulus where the objects have not recovered, or `nil`.
  ///
  /// Annulus *k* *departs* when `|relₖ − 1| > tolerance + 3 σₖ`, where
  /// `σₖ = √(1/Eₖ + 1/N_ref)` is the relative error a density equal to the reference would
  /// have (`Eₖ` pairs expected in the annulus, `N_ref` pairs behind the reference): the noise
  /// of the expected count, so that an annulus with no pair at all is judged too. The radius is
  /// the outer edge of the outermost departing annulus whose inner neighbour departs as well
  /// (or the innermost annulus): a single annulus departing by chance — about 3 in 1,000 at
  /// 3σ — cannot move it, since two neighbours would have to depart together.
  ///
  /// - Parameters:
  ///   - relative: each annulus's relative density.
  ///   - expected: the pairs each annulus would hold at the reference density.
  ///   - referencePairs: the pairs behind the reference density.
  ///   - considered: how many annuli, from the innermost, may be judged (those of the
  ///     reference are not).
  static func outermostDeparting(
    relative: [Double], expected: [Double], referencePairs: Int, considered: Int,
    tolerance: Double
  ) -> Int? {
    func departs(_ k: Int) -> Bool {
      guard expected[k] > 0, relative[k].isFinite, referencePairs > 0 else { return false }
      let sigma = (1 / expected[k] + 1 / Double(referencePairs)).squareRoot()
      return abs(relative[k] - 1) > tolerance + significance * sigma
    }
    let departing = (0..<min(considered, relative.count)).map(departs)
    return departing.indices.last { k in departing[k] && (k == 0 || departing[k - 1]) }
  }

  /// The least-squares fit of `log₁₀ r = log₁₀ A − m log₁₀ B` to `(m, r)` points (r in
  /// arcsec), or `nil` with fewer than two distinct `m`.
  public static func fitLaw(_ points: [(m: Double, radiusArcsec: Double)], column: String)
    -> RadiusLaw?
  {
    let usable = points.filter { $0.m.isFinite && $0.radiusArcsec > 0 }
    guard usable.count >= 2, Set(usable.map(\.m)).count >= 2 else { return nil }
    let n = Double(usable.count)
    let xs = usable.map(\.m)
    let ys = usable.map { log10($0.radiusArcsec) }
    let meanX = xs.reduce(0, +) / n
    let meanY = ys.reduce(0, +) / n
    let sxy = zip(xs, ys).reduce(0) { $0 + ($1.0 - meanX) * ($1.1 - meanY) }
    let sxx = xs.reduce(0) { $0 + ($1 - meanX) * ($1 - meanX) }
    let slope = sxy / sxx
    let intercept = meanY - slope * meanX
    let a = pow(10, intercept)
    let b = pow(10, -slope)
    return RadiusLaw(
      aArcsec: a, b: b, column: column,
      residualsDex: zip(xs, ys).map { $1 - (intercept + slope * $0) },
      expression: "\(format(a)) * \(format(b))^(-\(column))")
  }

  /// Five significant digits, without trailing zeros.
  static func format(_ value: Double) -> String {
    String(format: "%.5g", value)
  }
}
