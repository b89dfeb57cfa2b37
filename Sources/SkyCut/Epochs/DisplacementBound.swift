import CERFA
import Foundation

extension SpaceMotion {
  /// An upper bound, in radians, of how far ``position(ra:dec:from:to:)`` moves a star at
  /// `place` between Julian epochs `from` and `to`, found without moving it; `nil` for a
  /// star too fast for the bound (over 5 % of the speed of light, or one that could pass the
  /// Sun), which must be moved with ERFA to know.
  ///
  /// Moving only the stars an object comes near needs to know how far each can have gone
  /// beforehand: an index of the stars where the catalogue puts them, each radius widened by
  /// this bound, finds every candidate, and ERFA then decides each one exactly.
  ///
  /// Why it holds, step by step through `eraPmsafe` and `eraStarpm` (ERFA 2.0):
  /// - the parallax ERFA uses is `w = max(ϖ, 326 s, 5·10⁻⁷″)`, `s` the star's one-year
  ///   motion (`eraSeps`), so its distance is `r = 206265 / w` au;
  /// - `eraStarpv` gives it a velocity of transverse speed `r µ` and radial speed `v_r`, and
  ///   scales them by its relativistic terms: with `β_t = r µ / c ≤ 0.05` and
  ///   `β_r = |v_r| / c ≤ 0.05`, every iterate of its loop keeps `|β_r′| ≤ B = 1.25 (β_r + β_t²)`
  ///   (the map `B ↦ (1 + B) β_r + B² + (1 + B)² β_t²` sends `[0, B]` into itself there), so
  ///   the transverse speed is at most `(1 + B) r µ`, the radial `B c`, the whole `β c` with
  ///   `β = (1 + B) β_t + B`;
  /// - `eraStarpm` moves it in a straight line for `τ = Δt + (t₁ − t₂)` days, the light
  ///   times differing by at most `β τ`: `|τ| ≤ T = |Δt| / (1 − β)`;
  /// - from `r` along the line of sight, the transverse part of the path subtends
  ///   `tan θ ≤ (1 + B) µ T / (1 − B c T / r)`.
  ///
  /// The result is widened by 10⁻⁶ of itself and 10⁻¹² rad for rounding, ERFA's and ours.
  func displacementBound(at place: UnitVector, from: Double, to: Double) -> Double? {
    guard isKnown else { return 0 }
    let masToRadians = Double.pi / (180 * 3_600_000)
    // ERFA's transverse rate is |dα/dt| cos δ ⊕ |dδ/dt| = |µα*| ⊕ |µδ| (0 ⊕ |µδ| at a pole).
    let rate = (pmRA * pmRA + pmDec * pmDec).squareRoot() * masToRadians / Self.daysPerYear
    let (_, _, px, rv) = erfaArguments(cosDec: 1)
    // The one-year motion is at most |dδ/dt| + |dα/dt| (along the meridian, then the
    // parallel): only when 326 times that could exceed the parallax is the one ERFA computes
    // needed (``yearlySeparation(at:)``, with the arguments ``position(ra:dec:from:to:)``
    // gives ERFA).
    var w = max(px, Self.minimumParallax)
    let cosDec = (place.x * place.x + place.y * place.y).squareRoot()
    let yearly = (abs(pmDec) + abs(pmRA) / cosDec) * masToRadians
    if cosDec < 1e-6 || !(Self.speedFactor * yearly * (1 + 1e-6) <= w) {
      w = max(w, Self.speedFactor * yearlySeparation(at: place))
    }
    guard w.isFinite else { return nil }
    let distance = Self.arcsecondsPerRadian / w
    let lightSpeed = Self.lightSpeedAUPerDay
    let transverse = distance * rate / lightSpeed
    let radial = abs(rv) / Self.lightSpeedKilometresPerSecond
    guard transverse <= 0.05, radial <= 0.05 else { return nil }
    let b = 1.25 * (radial + transverse * transverse)
    let beta = (1 + b) * transverse + b
    let days = abs(to - from) * Self.daysPerYear / (1 - beta)
    let approach = b * lightSpeed * days / distance
    guard approach < 0.5 else { return nil }
    // tan θ ≤ t gives θ ≤ atan t ≤ t: the tangent itself bounds the angle, over it by less
    // than t³/3 (10⁻⁹ of it for 10″ of motion), where atan was a call per star.
    let bound = min((1 + b) * rate * days / (1 - approach), .pi)
    return bound.isFinite ? bound * (1 + 1e-6) + 1e-12 : nil
  }

  /// The separation (radians) of the star at `place` from where its proper motion puts it a
  /// year on, the one `eraPmsafe` computes with `eraSeps` to decide its parallax. For
  /// motions under 10⁻³ rad a year (every catalogued star) it comes from the haversine
  /// formula, `s = 2 asin √h`, `h = sin²(Δδ/2) + cos δ cos(δ + Δδ) sin²(Δα/2)`, each function
  /// replaced by its series: within 10⁻¹² of ERFA's, relative, measured
  /// (`DisplacementBoundTests`), where the bound's widening allows 10⁻⁶. Three arctangents,
  /// four sines and a cosine a star were a tenth of preparing a mask of 10⁶ stars.
  func yearlySeparation(at place: UnitVector) -> Double {
    let cosDec = (place.x * place.x + place.y * place.y).squareRoot()
    let (pmr, pmd, _, _) = erfaArguments(cosDec: cosDec)
    guard cosDec >= 1e-6, abs(pmr) <= 1e-3, abs(pmd) <= 1e-3 else {
      let (ra, dec) = (place.longitude, place.latitude)
      let (pmr, pmd, _, _) = erfaArguments(cosDec: cos(dec))
      return eraSeps(ra, dec, ra + pmr, dec + pmd)
    }
    // Series to the term beyond which they are under 10⁻¹⁵ of themselves here.
    let (d2, a2) = (pmd * pmd, pmr * pmr)
    let cosStep = 1 - d2 / 2 + d2 * d2 / 24
    let sinStep = pmd * (1 - d2 / 6)
    let cosEnd = cosDec * cosStep - place.z * sinStep
    let halfD = pmd / 2 * (1 - d2 / 24)
    let halfA = pmr / 2 * (1 - a2 / 24)
    let h = halfD * halfD + cosDec * cosEnd * halfA * halfA
    let y = max(h, 0).squareRoot()
    return 2 * y * (1 + h / 6)
  }

  /// `eraPmsafe`'s constants: its smallest parallax (arcseconds) and the factor of the
  /// one-year motion the parallax is raised to (a transverse speed of about 1 % of c).
  static let minimumParallax = 5e-7
  static let speedFactor = 326.0
  /// ERFA's: arcseconds per radian, the speed of light in au a day and in km/s, days a year.
  static let arcsecondsPerRadian = 206_264.806_247_096_36
  static let lightSpeedAUPerDay = 173.144_632_674_240_34
  static let lightSpeedKilometresPerSecond = 299_792.458
  static let daysPerYear = 365.25
}
