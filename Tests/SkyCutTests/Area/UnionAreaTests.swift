import Foundation
import Testing

@testable import SkyCut

/// The area of a union of caps and ellipses against independent computations: the cap's
/// `2π(1 − cos r)`, the lens of two caps by its closed form, an ellipse by numerical
/// integration, and many overlapping regions by throwing random points through the cut.
@Suite struct UnionAreaTests {
  let runner = ParallelRunner(jobs: 2)

  func capsArea(_ centres: [UnitVector], _ radii: [Angle]) -> MaskArea {
    let index = ContaminantIndex(contaminants: centres, radii: radii, runner: runner)
    return MaskArea.union([index], tolerance: 1e-4, runner: runner).0
  }

  func ellipsesArea(_ centres: [UnitVector], _ shapes: [EllipseShape?], tolerance: Double = 1e-4)
    -> MaskArea
  {
    let index = ContaminantIndex(contaminants: centres, ellipses: shapes, runner: runner)
    return MaskArea.union([index], tolerance: tolerance, runner: runner).0
  }

  /// `2π(1 − cos r)` as `4π sin²(r/2)`.
  func cap(_ r: Angle) -> Double { 4 * .pi * pow(sin(r.radians / 2), 2) }

  @Test(arguments: [
    Angle.arcseconds(1), .arcseconds(30), .arcminutes(3), .degrees(1), .degrees(10),
    .degrees(45), .degrees(90), .degrees(135),
  ])
  func oneCapIsTwoPiOneMinusCosR(radius: Angle) {
    for centre in [
      UnitVector(x: 0, y: 0, z: 1), UnitVector(raDegrees: 0, decDegrees: 0),
      UnitVector(raDegrees: 359.9999, decDegrees: -89.99),
    ] {
      let area = capsArea([centre], [radius])
      let expected = cap(radius)
      #expect(area.lowerSteradians <= expected && expected <= area.upperSteradians)
      #expect(abs(area.steradians - expected) <= 1e-12 * expected)
    }
  }

  /// The union of two caps, `A₁ + A₂ − lens`, with the lens from its closed form (Gauss–
  /// Bonnet on its two arcs), at separations from nested to apart.
  @Test func twoCapsAreTheirAreasLessTheLens() {
    let a = UnitVector(raDegrees: 359.5, decDegrees: 30)
    for (r1, r2) in [(2.0, 3.0), (5.0, 5.0), (1.0, 20.0), (40.0, 70.0)] {
      for d in [0.3, 1.5, 4.0, 6.0, 22.0, 30.0, 80.0] {
        let b = UnitVector(raDegrees: 359.5 + d, decDegrees: 30)
        let separation = a.separation(from: b).radians
        let (x, y) = (r1 * .pi / 180, r2 * .pi / 180)
        let expected = cap(.radians(x)) + cap(.radians(y)) - capLens(x, y, separation)
        let area = capsArea([a, b], [.radians(x), .radians(y)])
        #expect(
          abs(area.steradians - expected) <= 1e-10 * expected, "r \(r1), \(r2), d \(d)")
      }
    }
  }

  /// An ellipse's area by integrating in the gnomonic plane at its centre, where it is a plane
  /// ellipse and the area element is `(1 + ρ²)^(−3/2) ρ dρ dφ`: `∮ 1 − (1 + ρ(φ)²)^(−1/2) dφ`
  /// with `ρ(φ)` the ellipse's radius in direction φ (the trapezoid rule, exact to rounding
  /// for this smooth periodic integrand).
  func integratedEllipse(a: Angle, b: Angle) -> Double {
    let (ta, tb) = (tan(a.radians), tan(b.radians))
    let steps = 200_000
    var sum = 0.0
    for k in 0..<steps {
      let phi = 2 * .pi * Double(k) / Double(steps)
      let rho2 = 1 / (pow(cos(phi) / ta, 2) + pow(sin(phi) / tb, 2))
      sum += 1 - 1 / (1 + rho2).squareRoot()
    }
    return sum * 2 * .pi / Double(steps)
  }

  @Test func anEllipseIsBoundedAroundItsIntegral() throws {
    let cases: [(ra: Double, dec: Double, a: Angle, b: Angle, pa: Double)] = [
      (0, 0, .arcseconds(1), .arcseconds(0.4), 10),
      (359.99, 45, .arcminutes(10), .arcminutes(3), 100),
      (120, 89.99, .degrees(2), .degrees(0.5), 250), (300, -89.5, .degrees(10), .degrees(9), 0),
      (10, -30, .degrees(40), .degrees(5), 45),
    ]
    for e in cases {
      let centre = UnitVector(raDegrees: e.ra, decDegrees: e.dec)
      let shape = try #require(
        EllipseShape(centre: centre, a: e.a, b: e.b, positionAngle: .degrees(e.pa)))
      let area = ellipsesArea([centre], [shape])
      let expected = integratedEllipse(a: e.a, b: e.b)
      #expect(area.lowerSteradians <= expected && expected <= area.upperSteradians, "\(e)")
      #expect(area.upperSteradians - area.lowerSteradians <= 1e-4 * expected, "\(e)")
    }
  }

  @Test func tighterToleranceNarrowsTheBounds() throws {
    let centre = UnitVector(raDegrees: 10, decDegrees: 10)
    let shape = try #require(
      EllipseShape(centre: centre, a: .degrees(1), b: .degrees(0.3), positionAngle: .degrees(20)))
    let expected = integratedEllipse(a: .degrees(1), b: .degrees(0.3))
    let loose = ellipsesArea([centre], [shape], tolerance: 1e-2)
    let tight = ellipsesArea([centre], [shape], tolerance: 1e-6)
    #expect(tight.upperSteradians - tight.lowerSteradians <= 1e-6 * expected)
    #expect(
      tight.upperSteradians - tight.lowerSteradians < loose.upperSteradians
        - loose.lowerSteradians)
    #expect(tight.lowerSteradians <= expected && expected <= tight.upperSteradians)
  }

  @Test func duplicatesNestedAndWholeSky() {
    let a = UnitVector(raDegrees: 40, decDegrees: -10)
    let b = UnitVector(raDegrees: 40.2, decDegrees: -10)
    // The same cap three times, and a small one inside: one cap's area.
    let area = capsArea([a, a, b, a], [.degrees(1), .degrees(1), .degrees(0.1), .degrees(1)])
    #expect(abs(area.steradians - cap(.degrees(1))) <= 1e-12)
    #expect(capsArea([a, b], [.degrees(180), .degrees(1)]).steradians == 4 * .pi)
    #expect(capsArea([], []).steradians == 0)
  }

  /// Thousands of disjoint arcsecond caps: the sum of their areas, to 10⁻¹⁰.
  @Test func manySmallCapsAddUp() {
    var random = TestRandom(seed: 5)
    var centres: [UnitVector] = []
    var radii: [Angle] = []
    // On a grid 0.1° apart, so none overlap; radii 1″–30″.
    for i in 0..<100 {
      for j in 0..<50 {
        centres.append(UnitVector(raDegrees: Double(i) * 0.1, decDegrees: Double(j) * 0.1 - 60))
        radii.append(.arcseconds(Double.random(in: 1...30, using: &random)))
      }
    }
    let expected = radii.reduce(0) { $0 + cap($1) }
    let area = capsArea(centres, radii)
    #expect(abs(area.steradians - expected) <= 1e-10 * expected)
  }

  /// Hundreds of overlapping caps and ellipses crowded into a patch: the fraction of random
  /// points in the patch that the cut removes is the fraction of the patch the union covers,
  /// within 4σ of the binomial scatter.
  @Test func crowdedUnionMatchesRandomPointsThroughTheCut() throws {
    var random = TestRandom(seed: 11)
    let patchCentre = UnitVector(raDegrees: 0.5, decDegrees: 80)
    let patch = Angle.degrees(8)
    var centres: [UnitVector] = []
    var radii: [Angle] = []
    for _ in 0..<250 {
      centres.append(
        random.point(within: 5 * .pi / 180, of: patchCentre))
      radii.append(.degrees(Double.random(in: 0.05...1.5, using: &random)))
    }
    var ellipseCentres: [UnitVector] = []
    var shapes: [EllipseShape?] = []
    for _ in 0..<60 {
      let centre = random.point(within: 5 * .pi / 180, of: patchCentre)
      let a = Double.random(in: 0.1...1.5, using: &random)
      ellipseCentres.append(centre)
      shapes.append(
        EllipseShape(
          centre: centre, a: .degrees(a),
          b: .degrees(a * Double.random(in: 0.2...1, using: &random)),
          positionAngle: .degrees(Double.random(in: 0..<360, using: &random))))
    }
    let caps = ContaminantIndex(contaminants: centres, radii: radii, runner: runner)
    let ellipses = ContaminantIndex(
      contaminants: ellipseCentres, ellipses: shapes, runner: runner)
    let area = MaskArea.union([caps, ellipses], tolerance: 1e-5, runner: runner).0
    let fraction = area.steradians / cap(patch)
    let n = 400_000
    var inside = 0
    for _ in 0..<n {
      let p = random.point(within: patch.radians, of: patchCentre)
      if caps.containsMatch(for: p) || ellipses.containsMatch(for: p) { inside += 1 }
    }
    let sigma = (fraction * (1 - fraction) / Double(n)).squareRoot()
    #expect(fraction > 0.2 && fraction < 0.9)
    #expect(abs(Double(inside) / Double(n) - fraction) < 4 * sigma)
  }
}
