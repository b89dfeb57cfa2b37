import Foundation
import Testing

@testable import SkyCut

/// The density profile against independent computations: brute-force pair counts, numerical
/// integration of annulus areas, a χ² test of flatness on uniform objects, and the recovery
/// of a known deficit radius law.
@Suite struct DensityProfileTests {
  /// `∫ 2π sin θ dθ` from `a` to `b` by Simpson's rule: the annulus area, computed another way.
  func integratedArea(_ a: Double, _ b: Double) -> Double {
    let steps = 2_000
    let h = (b - a) / Double(steps)
    var sum = sin(a) + sin(b)
    for k in 1..<steps { sum += (k % 2 == 1 ? 4 : 2) * sin(a + Double(k) * h) }
    return 2 * .pi * sum * h / 3
  }

  @Test(arguments: [Angle.arcseconds(1), .arcminutes(5), .degrees(1), .degrees(30), .degrees(90)])
  func annulusAreasMatchIntegration(outer: Angle) {
    for logarithmic in [false, true] {
      let annuli = Annuli(
        inner: .radians(outer.radians / 50), outer: outer, count: 12, logarithmic: logarithmic)
      for k in 0..<annuli.count {
        let expected = integratedArea(annuli.edges[k].radians, annuli.edges[k + 1].radians)
        #expect(abs(annuli.solidAngle(k) - expected) <= 1e-9 * expected)
      }
      let whole = (0..<annuli.count).reduce(0) { $0 + annuli.solidAngle($1) }
      // 2π (cos a − cos b), written as a product that keeps its precision at 1″.
      let (a, b) = (annuli.edges[0].radians, outer.radians)
      let cap = 4 * .pi * sin((a + b) / 2) * sin((b - a) / 2)
      #expect(abs(whole - cap) <= 1e-9 * cap)
    }
  }

  @Test func annulusOfAPairFollowsItsSeparation() {
    var random = TestRandom(seed: 3)
    let annuli = Annuli(inner: .arcseconds(2), outer: .degrees(2), count: 17, logarithmic: true)
    for _ in 0..<20_000 {
      let separation = Double.random(in: 0...(2.2 * .pi / 180), using: &random)
      let bySeparation = annuli.edges.indices.dropLast().first {
        annuli.edges[$0].radians <= separation && separation < annuli.edges[$0 + 1].radians
      }
      #expect(annuli.annulus(chordSquared: Angle.radians(separation).chordSquared) == bySeparation)
    }
  }

  /// Objects and contaminants around the poles, across RA = 0/360 and elsewhere.
  func awkwardSky(_ random: inout TestRandom) -> (objects: [UnitVector], stars: [UnitVector]) {
    let centres = [
      UnitVector(x: 0, y: 0, z: 1), UnitVector(x: 0, y: 0, z: -1),
      UnitVector(raDegrees: 0, decDegrees: 0), UnitVector(raDegrees: 359.9999, decDegrees: 45),
    ]
    var objects = (0..<1_500).map { _ in random.pointOnSphere() }
    var stars = (0..<60).map { _ in random.pointOnSphere() }
    for centre in centres {
      objects += (0..<600).map { _ in random.point(within: 0.05, of: centre) }
      stars += (0..<15).map { _ in random.point(within: 0.03, of: centre) }
    }
    return (objects, stars)
  }

  @Test(arguments: [(1, 1 << 30, false), (2, 4_096, true), (2, 64, false), (1, 1 << 30, true)])
  func pairCountsMatchBruteForce(jobs: Int, blockBytes: Int, zoneOrder: Bool) throws {
    let directory = try TemporaryDirectory()
    var random = TestRandom(seed: 17)
    let (objects, stars) = awkwardSky(&random)
    let magnitudes = stars.map { _ in Double.random(in: 5...11, using: &random) }
    ProfileFixtures.write(objects, to: directory.file("objects.fits"))
    ProfileFixtures.write(stars, magnitudes: magnitudes, to: directory.file("stars.fits"))
    let annuli = Annuli(inner: .arcminutes(1), outer: .degrees(3), count: 9)
    let edges = [5.0, 7, 9, 10.5]
    var request = ProfileRequest(
      objectsPath: directory.file("objects.fits"), contaminantPaths: [directory.file("stars.fits")],
      annuli: annuli, runner: ParallelRunner(jobs: jobs))
    request.binning = ContaminantBinning(column: "MAG", edges: edges)
    request.blockBytes = blockBytes
    if zoneOrder { request.zoneOrderAbove = 0 }
    let profile = try DensityProfiler.profile(request)

    // Every pair, its separation from atan2(|a × b|, a · b) against the edges in radians.
    var expected = Array(repeating: Array(repeating: 0, count: annuli.count), count: 3)
    for (star, magnitude) in zip(stars, magnitudes) {
      guard
        let bin = edges.indices.dropLast().first(where: {
          edges[$0] <= magnitude && magnitude < edges[$0 + 1]
        })
      else { continue }
      for object in objects {
        let separation = object.separation(from: star).radians
        if let k = annuli.edges.indices.dropLast().first(where: {
          annuli.edges[$0].radians <= separation && separation < annuli.edges[$0 + 1].radians
        }) {
          expected[bin][k] += 1
        }
      }
    }
    #expect(profile.bins.map { $0.annuli.map(\.pairs) } == expected)
    #expect(profile.objects == objects.count)
    #expect(profile.contaminants + profile.contaminantsOutsideBins == stars.count)
    #expect(profile.bins.map(\.contaminants).reduce(0, +) == profile.contaminants)
    for bin in profile.bins {
      for (k, annulus) in bin.annuli.enumerated() {
        let area =
          2 * .pi * (cos(annuli.edges[k].radians) - cos(annuli.edges[k + 1].radians))
          * pow(180 / .pi, 2) * Double(bin.contaminants)
        #expect(abs(annulus.areaDeg2 - area) <= 1e-9 * area)
      }
    }
  }

  /// Uniform objects over the whole sky, around random contaminants, optionally thinned by
  /// `deficit` within `stepRadius` of every contaminant.
  func uniformProfile(deficit: Double, stepRadius: Angle, reference: ProfileReference) throws
    -> DensityProfile
  {
    let directory = try TemporaryDirectory()
    var random = TestRandom(seed: 29)
    let stars = (0..<2_000).map { _ in random.pointOnSphere() }
    let index = ContaminantIndex(contaminants: stars, radius: stepRadius)
    let objects = (0..<200_000).compactMap { _ -> UnitVector? in
      let point = random.pointOnSphere()
      if deficit > 0 && index.containsMatch(for: point)
        && Double.random(in: 0..<1, using: &random) < deficit
      {
        return nil
      }
      return point
    }
    ProfileFixtures.write(objects, to: directory.file("objects.fits"))
    ProfileFixtures.write(stars, to: directory.file("stars.fits"))
    var request = ProfileRequest(
      objectsPath: directory.file("objects.fits"), contaminantPaths: [directory.file("stars.fits")],
      annuli: Annuli(outer: .degrees(2), count: 10))
    request.reference = reference
    return try DensityProfiler.profile(request)
  }

  /// `Σ ((rel − 1) / σ)²` over the annuli of the one bin.
  func chiSquared(_ profile: DensityProfile) -> Double {
    profile.bins[0].annuli.reduce(0) { $0 + pow(($1.relative - 1) / $1.relativeError, 2) }
  }

  @Test func uniformObjectsGiveAFlatProfile() throws {
    // 10 annuli: χ² above 29.6 has a probability of 0.001 for a flat profile.
    let flat = try uniformProfile(
      deficit: 0, stepRadius: .degrees(1), reference: .mean(solidAngle: 4 * .pi))
    #expect(chiSquared(flat) < 29.6)
    #expect(flat.bins[0].suggestedRadiusArcsec == nil)
    // The same test rejects a 5 % deficit within 1°.
    let step = try uniformProfile(
      deficit: 0.05, stepRadius: .degrees(1), reference: .mean(solidAngle: 4 * .pi))
    #expect(chiSquared(step) > 29.6)
  }

  @Test func outerReferenceIsFlatToo() throws {
    let flat = try uniformProfile(
      deficit: 0, stepRadius: .degrees(1), reference: .outer(fraction: 0.8))
    #expect(chiSquared(flat) < 29.6)
    #expect(flat.bins[0].suggestedRadiusArcsec == nil)
  }

  /// A deficit inside `r₀(m) = A · B^(−m)` around each star, in a patch across RA = 0/360:
  /// the suggested radii within one annulus of r₀, and the fitted law within 5 % of A and B.
  @Test func recoversADeficitRadiusLaw() throws {
    let (a, b) = (1630.0, 1.396)
    func r0(_ m: Double) -> Double { a * pow(b, -m) }  // arcsec
    let directory = try TemporaryDirectory()
    var random = TestRandom(seed: 41)
    var stars: [UnitVector] = []
    var magnitudes: [Double] = []
    for m in [6.0, 7, 8, 9, 10] {
      for _ in 0..<200 {
        stars.append(ProfileFixtures.point(ra: 357.7...362.3, dec: -2.3...2.3, random: &random))
        magnitudes.append(m)
      }
    }
    let radii = magnitudes.map { Angle.arcseconds(r0($0)) }
    let masks = ContaminantIndex(contaminants: stars, radii: radii)
    var objects: [UnitVector] = []
    while objects.count < 150_000 {
      let point = ProfileFixtures.point(ra: 357...363, dec: -3...3, random: &random)
      if !masks.containsMatch(for: point) { objects.append(point) }
    }
    ProfileFixtures.write(objects, to: directory.file("objects.fits"))
    ProfileFixtures.write(stars, magnitudes: magnitudes, to: directory.file("stars.fits"))
    let annuli = Annuli(
      inner: .arcseconds(20), outer: .arcseconds(600), count: 160, logarithmic: true)
    var request = ProfileRequest(
      objectsPath: directory.file("objects.fits"), contaminantPaths: [directory.file("stars.fits")],
      annuli: annuli)
    request.binning = ContaminantBinning(column: "MAG", edges: [5.5, 6.5, 7.5, 8.5, 9.5, 10.5])
    let profile = try DensityProfiler.profile(request)
    let ratio = annuli.edges[1].radians / annuli.edges[0].radians
    for bin in profile.bins {
      let expected = r0(bin.meanValue ?? .nan)
      let found = try #require(bin.suggestedRadiusArcsec)
      #expect(found >= expected / ratio * (1 - 1e-9) && found <= expected * ratio * (1 + 1e-9))
    }
    let fit = try #require(profile.fit)
    #expect(abs(fit.aArcsec / a - 1) < 0.05)
    #expect(abs(fit.b / b - 1) < 0.05)
    #expect(fit.expression.hasSuffix("^(-MAG)"))
  }

  /// Stars moving 60″/yr, a deficit within 60″ of where they are in 2066: the profile sees it
  /// with `--epoch 2066` and not at the catalogue's epoch, 50′ away.
  @Test func profilesAtTheObjectsEpoch() throws {
    let directory = try TemporaryDirectory()
    var random = TestRandom(seed: 61)
    let stars = (0..<300).map { _ in
      ProfileFixtures.point(ra: 22...30, dec: -4...4, random: &random)
    }
    let pmDec = 60_000.0  // mas/yr north: 50′ in 50 years
    let motion = SpaceMotion(pmRA: 0, pmDec: pmDec)
    let moved = stars.map { star -> UnitVector in
      let to = motion.position(ra: star.longitude, dec: star.latitude, from: 2016, to: 2066)!
      return UnitVector(longitude: to.ra, latitude: to.dec)
    }
    let masks = ContaminantIndex(contaminants: moved, radius: .arcseconds(60))
    var objects: [UnitVector] = []
    while objects.count < 100_000 {
      let p = ProfileFixtures.point(ra: 21...31, dec: -5...6, random: &random)
      if !masks.containsMatch(for: p) { objects.append(p) }
    }
    ProfileFixtures.write(objects, to: directory.file("objects.fits"))
    let fixture = FITSFixture(path: directory.file("stars.fits")).primary()
      .table(
        name: "STARS",
        columns: [("RA", "D", "deg"), ("DEC", "D", "deg"), ("PMRA", "D", ""), ("PMDEC", "D", "")],
        rows: stars.count
      )
      .doubles(1, stars.map { $0.longitude * 180 / .pi })
      .doubles(2, stars.map { $0.latitude * 180 / .pi })
      .doubles(3, stars.map { _ in 0 }).doubles(4, stars.map { _ in pmDec })
    #expect(fixture.close() == 0)
    var request = ProfileRequest(
      objectsPath: directory.file("objects.fits"), contaminantPaths: [directory.file("stars.fits")],
      annuli: Annuli(outer: .arcseconds(300), count: 10))
    let still = try DensityProfiler.profile(request)
    #expect(still.bins[0].suggestedRadiusArcsec == nil)
    request.epochs = EpochOptions(objectEpoch: 2066, contaminantEpoch: 2016)
    let moving = try DensityProfiler.profile(request)
    #expect(moving.bins[0].suggestedRadiusArcsec == 60)
  }

}
