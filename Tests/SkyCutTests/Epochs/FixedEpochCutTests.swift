import Foundation
import Testing

@testable import SkyCut

/// Objects all at one epoch, the stars moved only when an object comes near them: the answer
/// is the brute force of moving every star (and galaxy) to the epoch with the same ERFA call
/// and testing each region there, bits, separations and counts included, with several
/// threads sharing the stars they move.
@Suite struct FixedEpochCutTests {
  @Test(arguments: [1, 3])
  func theCutIsTheBruteForceOfEveryStarMoved(threads: Int) throws {
    let directory = try TemporaryDirectory()
    let scene = ObjectEpochCutTests()
    // Stars of up to 3″/yr whose radii are 3–20″, objects along their tracks over 1990–2040.
    let (stars, _) = try scene.scene(directory, fallback: false)
    let epoch = 2040.0
    // Two galaxies moving as the first two stars do, masked by their ellipses.
    let shapes = ["40,15,30", "30,20,120"]
    var text = "RA,DEC,PMRA,PMDEC,REF_EPOCH,A,B,PA\n"
    for (star, shape) in zip(stars.prefix(2), shapes) {
      text += "\(star.ra),\(star.dec),\(star.pmRA),\(star.pmDec),2016.0,\(shape)\n"
    }
    try directory.write(text, to: "galaxies.csv")
    let mask = try Mask(
      yaml: """
        catalogues:
          - path: stars.csv
            radius_column: R
            epoch_column: REF_EPOCH
            action: remove
            bit: 0
            zones: [{radius_factor: 3, action: flag, bit: 1}]
          - path: galaxies.csv
            ellipse_columns: [A, B, PA]
            epoch_column: REF_EPOCH
            action: flag
            bit: 2
        epoch: \(epoch)
        """, named: "m.yaml", relativeTo: directory.path)
    var request = CleaningRequest(
      objectsPath: directory.file("objects.csv"), mask: mask,
      outputPath: directory.file("kept.csv"))
    request.maskColumn = "MASK"
    request.separationColumn = "SEP"
    request.countColumn = "N"
    request.blockBytes = 16 * 1024
    request.runner = ParallelRunner(jobs: threads)
    let summary = try CatalogueCleaner.clean(request)

    // The galaxies where ERFA puts them at the epoch, as a catalogue that does not move.
    var moved = "RA,DEC,A,B,PA\n"
    for (star, shape) in zip(stars.prefix(2), shapes) {
      let place = scene.position(star, at: epoch)
      moved += "\(place.longitude * 180 / .pi),\(place.latitude * 180 / .pi),\(shape)\n"
    }
    try directory.write(moved, to: "moved.csv")
    var ellipses = CatalogueReadOptions()
    ellipses.ellipseColumns = ("A", "B", "PA")
    let galaxies = try Catalogue.read(path: directory.file("moved.csv"), options: ellipses)
    let galaxyIndex = try galaxies.contaminantIndex(in: .icrs, radius: nil)

    let read = try Catalogue.read(path: directory.file("objects.csv")).positions
    let places = stars.map { scene.position($0, at: epoch) }
    struct Expected {
      var bits = 0
      var count = 0
      var separation = Double.nan
    }
    let expected = read.indices.map { row -> Expected in
      var result = Expected()
      var nearest = Double.infinity
      for (star, place) in zip(stars, places) {
        let chord = read[row].chordSquared(to: place)
        if chord < Angle.arcseconds(star.radius).chordSquared { result.bits |= 1 }
        if chord < Angle.arcseconds(3 * star.radius).chordSquared {
          result.bits |= 2
          result.count += 1
          nearest = min(nearest, read[row].separation(from: place).arcseconds)
        }
      }
      let near = galaxyIndex.neighbourhood(of: read[row])
      if near.count > 0 {
        result.bits |= 4
        result.count += near.count
        nearest = min(nearest, read[row].separation(from: near.nearestPosition!).arcseconds)
      }
      if result.count > 0 { result.separation = nearest }
      return result
    }
    let lines = try String(contentsOfFile: directory.file("kept.csv"), encoding: .utf8)
      .split(separator: "\n")
    #expect(lines.first == "ID,RA,DEC,EPOCH,SEP,N,MASK")
    var seen: [Int: Expected] = [:]
    for line in lines.dropFirst() {
      let fields = line.split(separator: ",", omittingEmptySubsequences: false)
      seen[Int(fields[0])!] = Expected(
        bits: Int(fields[6])!, count: Int(fields[5])!, separation: Double(fields[4]) ?? .nan)
    }
    let kept = expected.indices.filter { expected[$0].bits & 1 == 0 }
    #expect(seen.keys.sorted() == kept)
    for row in kept {
      let (ours, theirs) = (seen[row]!, expected[row])
      #expect(ours.bits == theirs.bits && ours.count == theirs.count, "row \(row)")
      #expect(
        ours.separation.isNaN && theirs.separation.isNaN
          || abs(ours.separation - theirs.separation) < 1e-6, "row \(row)")
    }
    #expect(summary.removed == expected.count - kept.count)
    #expect(summary.epoch?.moved == stars.count + 2 && summary.epoch?.withoutMotion == 0)
    // Enough of each: removed, flagged by a star's zone and by a galaxy, and many the stars'
    // catalogue positions would have decided otherwise.
    #expect(summary.removed > 300)
    #expect(
      kept.contains { expected[$0].bits == 2 } && kept.contains { expected[$0].bits & 4 != 0 })
    let unmoved = read.indices.filter { row in
      stars.contains {
        read[row].chordSquared(to: UnitVector(raDegrees: $0.ra, decDegrees: $0.dec))
          < Angle.arcseconds($0.radius).chordSquared
      }
    }
    #expect(
      Set(unmoved).symmetricDifference(expected.indices.filter { expected[$0].bits & 1 != 0 }).count
        > 300)
  }

  /// Slow stars (1–100 mas/yr over 9 years) with radii of 5–60″: most objects are decided
  /// without moving the star (well inside its circle wherever it goes, or beyond its reach);
  /// objects placed within 5 mas of the moved circles' edges, inside and out, are not.
  @Test func pointsNearTheEdgesOfSlowStarsAreDecidedExactly() throws {
    let directory = try TemporaryDirectory()
    var random = TestRandom(seed: 43)
    let centre = UnitVector(raDegrees: 359.8, decDegrees: -30)
    var text = "RA,DEC,PMRA,PMDEC,PARALLAX,REF_EPOCH,R\n"
    var stars: [(SpaceMotion, UnitVector, Double)] = []
    for number in 0..<400 {
      let place = random.point(within: 0.5 * .pi / 180, of: centre)
      let speed = pow(10, Double.random(in: 0...2, using: &random))
      let bearing = Double.random(in: 0..<(2 * .pi), using: &random)
      let motion = SpaceMotion(
        pmRA: speed * sin(bearing), pmDec: speed * cos(bearing),
        parallax: number % 4 == 0 ? .nan : Double.random(in: 0.1...20, using: &random))
      let radius = Double.random(in: 5...60, using: &random)
      stars.append((motion, place, radius))
      text +=
        "\(place.longitude * 180 / .pi),\(place.latitude * 180 / .pi),\(motion.pmRA),"
        + "\(motion.pmDec),\(motion.parallax.isNaN ? "" : "\(motion.parallax)"),2016.0,\(radius)\n"
    }
    try directory.write(text, to: "stars.csv")
    let epoch = 2025.0
    let places = stars.map { star in
      let (motion, place, _) = star
      let moved = motion.position(
        ra: place.longitude, dec: place.latitude, from: 2016, to: epoch)!
      return UnitVector(longitude: moved.ra, latitude: moved.dec)
    }
    var objects: [UnitVector] = []
    for _ in 0..<6000 { objects.append(random.point(within: 0.5 * .pi / 180, of: centre)) }
    for (star, place) in zip(stars, places) {
      for offset in [-5e-3, -1e-3, 1e-3, 5e-3] {
        let angle = Angle.arcseconds(star.2 + offset).radians
        objects.append(random.point(at: angle, from: place))
      }
    }
    text = "ID,RA,DEC\n"
    for (id, object) in objects.enumerated() {
      text += "\(id),\(object.longitude * 180 / .pi),\(object.latitude * 180 / .pi)\n"
    }
    try directory.write(text, to: "objects.csv")
    var options = CatalogueReadOptions()
    options.radiusColumn = "R"
    var request = CleaningRequest(
      objectsPath: directory.file("objects.csv"), contaminantsPath: directory.file("stars.csv"),
      radius: nil, outputPath: directory.file("kept.csv"), contaminantOptions: options)
    request.rejectedPath = directory.file("removed.csv")
    request.epochs = EpochOptions(objectEpoch: epoch)
    request.runner = ParallelRunner(jobs: 2)
    _ = try CatalogueCleaner.clean(request)

    let read = try Catalogue.read(path: directory.file("objects.csv")).positions
    let expected = read.indices.filter { row in
      zip(stars, places).contains { star, place in
        read[row].chordSquared(to: place) < Angle.arcseconds(star.2).chordSquared
      }
    }
    let removed = try String(contentsOfFile: directory.file("removed.csv"), encoding: .utf8)
      .split(separator: "\n").dropFirst().compactMap { Int($0.split(separator: ",")[0]) }
    #expect(removed == expected)
    // The edge objects: those placed inside are removed, those outside mostly kept.
    #expect(expected.count > 1200)
  }
}
