import Foundation
import Testing

@testable import SkyCut

/// Objects each at an epoch of their own (`--object-epoch-column`): the answer is the brute
/// force of moving every star to each object's epoch (with the same ERFA call as a fixed
/// epoch) and testing its radius; a mask zone and an ellipse catalogue move with them; rows
/// without an epoch take the fallback; epochs outside a given range stop the run at the row.
@Suite struct ObjectEpochCutTests {
  struct Star {
    var ra, dec, pmRA, pmDec, parallax, radius: Double  // degrees, mas/yr, mas, arcsec
  }

  /// Fast stars (up to 3″/yr, with and without parallax) near RA 0/360, and objects scattered
  /// around their tracks over 1990–2040.
  func scene(_ directory: TemporaryDirectory, fallback: Bool) throws -> (
    stars: [Star], objects: [(UnitVector, Double?)]
  ) {
    var random = TestRandom(seed: 41)
    var stars: [Star] = []
    var text = "RA,DEC,PMRA,PMDEC,PARALLAX,REF_EPOCH,R\n"
    for number in 0..<25 {
      let centre = random.point(
        within: 0.3 * .pi / 180, of: UnitVector(raDegrees: 0, decDegrees: 1))
      let star = Star(
        ra: centre.longitude * 180 / .pi, dec: centre.latitude * 180 / .pi,
        pmRA: Double.random(in: -3000...3000, using: &random),
        pmDec: Double.random(in: -3000...3000, using: &random),
        parallax: number % 3 == 0 ? .nan : Double.random(in: 1...400, using: &random),
        radius: Double.random(in: 3...20, using: &random))
      stars.append(star)
      text +=
        "\(star.ra),\(star.dec),\(star.pmRA),\(star.pmDec),"
        + "\(star.parallax.isNaN ? "" : "\(star.parallax)"),2016.0,\(star.radius)\n"
    }
    try directory.write(text, to: "stars.csv")
    var objects: [(UnitVector, Double?)] = []
    text = "ID,RA,DEC,EPOCH\n"
    for id in 0..<6000 {
      let star = stars[Int.random(in: 0..<stars.count, using: &random)]
      let epoch = Double.random(in: 1990...2040, using: &random)
      let years = epoch - 2016
      let track = UnitVector(
        raDegrees: star.ra + star.pmRA * years / 3.6e6 / cos(star.dec * .pi / 180),
        decDegrees: star.dec + star.pmDec * years / 3.6e6)
      let object = random.point(within: 25.0 / 3600 * .pi / 180, of: track)
      let known = !fallback || id % 97 != 0
      objects.append((object, known ? epoch : nil))
      text +=
        "\(id),\(object.longitude * 180 / .pi),\(object.latitude * 180 / .pi),"
        + (known ? "\(epoch)" : "") + "\n"
    }
    try directory.write(text, to: "objects.csv")
    return (stars, objects)
  }

  /// Where `star` is at `epoch`, with the ERFA call the cut makes.
  func position(_ star: Star, at epoch: Double) -> UnitVector {
    let motion = SpaceMotion(pmRA: star.pmRA, pmDec: star.pmDec, parallax: star.parallax)
    let start = UnitVector(raDegrees: star.ra, decDegrees: star.dec)
    guard
      let moved = motion.position(
        ra: start.longitude, dec: start.latitude, from: 2016, to: epoch)
    else { return start }
    return UnitVector(longitude: moved.ra, latitude: moved.dec)
  }

  func removedIDs(_ path: String) throws -> [Int] {
    try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").dropFirst()
      .compactMap { Int($0.split(separator: ",")[0]) }
  }

  @Test(arguments: [nil, 1990.0...2040.0] as [ClosedRange<Double>?])
  func eachObjectMeetsTheStarsOfItsEpoch(range: ClosedRange<Double>?) throws {
    let directory = try TemporaryDirectory()
    let (stars, objects) = try scene(directory, fallback: true)
    var options = CatalogueReadOptions()
    options.radiusColumn = "R"
    var request = CleaningRequest(
      objectsPath: directory.file("objects.csv"), contaminantsPath: directory.file("stars.csv"),
      radius: nil, outputPath: directory.file("kept.csv"), contaminantOptions: options)
    request.rejectedPath = directory.file("removed.csv")
    var epochs = EpochOptions(objectEpoch: 2016)
    epochs.objectEpochColumn = "EPOCH"
    epochs.objectEpochRange = range
    request.epochs = epochs
    request.separationColumn = "SEP"
    request.blockBytes = 32 * 1024
    request.runner = ParallelRunner(jobs: 2)
    _ = try CatalogueCleaner.clean(request)

    // The objects as read back from the text, each against every star moved to its epoch.
    let read = try Catalogue.read(path: directory.file("objects.csv")).positions
    let expected = read.indices.filter { row in
      let epoch = objects[row].1 ?? 2016
      return stars.contains {
        read[row].chordSquared(to: position($0, at: epoch))
          < Angle.arcseconds($0.radius)
          .chordSquared
      }
    }
    #expect(try removedIDs(directory.file("removed.csv")) == expected)
    // Many removed, and many that the stars' 2016 positions alone would have decided
    // otherwise.
    let atReference = read.indices.filter { row in
      stars.contains {
        read[row].chordSquared(to: position($0, at: 2016))
          < Angle.arcseconds($0.radius)
          .chordSquared
      }
    }
    #expect(expected.count > 500)
    #expect(Set(expected).symmetricDifference(atReference).count > 500)
    // The separation is to the star where it was at the object's epoch.
    let lines = try String(contentsOfFile: directory.file("removed.csv"), encoding: .utf8)
      .split(separator: "\n").dropFirst()
    for line in lines.prefix(200) {
      let fields = line.split(separator: ",", omittingEmptySubsequences: false)
      let row = Int(fields[0])!
      let epoch = objects[row].1 ?? 2016
      let nearest = stars.map { read[row].separation(from: position($0, at: epoch)).arcseconds }
        .min()!
      #expect(abs(Double(fields.last!)! - nearest) < 1e-9, "row \(row)")
    }
  }

  /// A mask file: the stars remove within their radius and flag out to three times it, while
  /// a galaxy catalogue (not moving) flags its ellipse.
  @Test func masksMoveWithTheirStars() throws {
    let directory = try TemporaryDirectory()
    let (stars, objects) = try scene(directory, fallback: false)
    // Two galaxies where stars cross: on the 2016 positions of the first two.
    try directory.write(
      "RA,DEC,A,B,PA\n\(stars[0].ra),\(stars[0].dec),40,15,30\n"
        + "\(stars[1].ra),\(stars[1].dec),30,20,120\n", to: "galaxies.csv")
    let mask = """
      catalogues:
        - path: stars.csv
          radius_column: R
          epoch_column: REF_EPOCH
          action: remove
          bit: 0
          zones: [{radius_factor: 3, action: flag, bit: 1}]
        - path: galaxies.csv
          ellipse_columns: [A, B, PA]
          action: flag
          bit: 2
      epoch_column: EPOCH
      """
    let parsed = try Mask(yaml: mask, named: "m.yaml", relativeTo: directory.path)
    #expect(parsed.catalogues[0].epochs?.objectEpochColumn == "EPOCH")
    #expect(parsed.catalogues[1].epochs == nil)
    var request = CleaningRequest(
      objectsPath: directory.file("objects.csv"), mask: parsed,
      outputPath: directory.file("kept.csv"))
    request.maskColumn = "MASK"
    request.runner = ParallelRunner(jobs: 2)
    let summary = try CatalogueCleaner.clean(request)

    let read = try Catalogue.read(path: directory.file("objects.csv")).positions
    let galaxies = try Catalogue.read(
      path: directory.file("galaxies.csv"),
      options: {
        var options = CatalogueReadOptions()
        options.ellipseColumns = ("A", "B", "PA")
        return options
      }())
    let galaxyIndex = try galaxies.contaminantIndex(in: .icrs, radius: nil)
    let expected = read.indices.map { row -> Int in
      let epoch = objects[row].1!
      var bits = 0
      for star in stars {
        let chord = read[row].chordSquared(to: position(star, at: epoch))
        if chord < Angle.arcseconds(star.radius).chordSquared { bits |= 1 }
        if chord < Angle.arcseconds(3 * star.radius).chordSquared { bits |= 2 }
      }
      if galaxyIndex.containsMatch(for: read[row]) { bits |= 4 }
      return bits
    }
    let lines = try String(contentsOfFile: directory.file("kept.csv"), encoding: .utf8)
      .split(separator: "\n").dropFirst()
    var seen: [Int: Int] = [:]
    for line in lines {
      let fields = line.split(separator: ",", omittingEmptySubsequences: false)
      seen[Int(fields[0])!] = Int(fields.last!)!
    }
    let kept = expected.indices.filter { expected[$0] & 1 == 0 }
    #expect(seen.keys.sorted() == kept)
    for row in kept { #expect(seen[row] == expected[row], "row \(row)") }
    #expect(summary.removed == expected.count - kept.count)
    #expect(kept.contains { expected[$0] == 2 } && kept.contains { expected[$0] & 4 != 0 })
  }

  @Test func epochsThatCannotBeUsedNameTheRow() throws {
    let directory = try TemporaryDirectory()
    _ = try scene(directory, fallback: true)
    var options = CatalogueReadOptions()
    options.radiusColumn = "R"
    for (fallback, range, message) in [
      (Double.nan, nil, "column 'EPOCH': value '' is not an epoch (or --epoch"),
      (2016.0, 2000.0...2030.0, "is not an epoch within --epoch-range 2000.0,2030.0"),
    ] as [(Double, ClosedRange<Double>?, String)] {
      var request = CleaningRequest(
        objectsPath: directory.file("objects.csv"), contaminantsPath: directory.file("stars.csv"),
        radius: nil, outputPath: directory.file("kept.csv"), contaminantOptions: options)
      var epochs = EpochOptions(objectEpoch: fallback)
      epochs.objectEpochColumn = "EPOCH"
      epochs.objectEpochRange = range
      request.epochs = epochs
      #expect {
        _ = try CatalogueCleaner.clean(request)
      } throws: { error in
        "\(error)".contains(message)
      }
      #expect(!FileManager.default.fileExists(atPath: directory.file("kept.csv")))
    }
  }
}

/// The review's cases: an epoch outside the range far from every star's range-time track is
/// still an error; ECSV's `""` null takes the fallback; more catalogues than mask bits.
@Suite struct ObjectEpochEdgeTests {
  /// Barnard's star (10″/yr) at J2016, and an object where it was in 1950, 11′ away.
  let star =
    "RA,DEC,PMRA,PMDEC,PARALLAX,REF_EPOCH\n269.4520825,4.693391,-801.551,10362.394,548.31,2016\n"

  func objectAt1950() -> String {
    let motion = SpaceMotion(pmRA: -801.551, pmDec: 10362.394, parallax: 548.31)
    let start = UnitVector(raDegrees: 269.4520825, decDegrees: 4.693391)
    let then = motion.position(ra: start.longitude, dec: start.latitude, from: 2016, to: 1950)!
    return "ID,RA,DEC,EPOCH\n1,\(then.ra * 180 / .pi),\(then.dec * 180 / .pi),1950\n"
  }

  @Test func anEpochOutsideTheRangeIsAnErrorWherever() throws {
    let directory = try TemporaryDirectory()
    try directory.write(star, to: "star.csv")
    try directory.write(objectAt1950(), to: "objects.csv")
    var request = CleaningRequest(
      objectsPath: directory.file("objects.csv"), contaminantsPath: directory.file("star.csv"),
      radius: .arcseconds(5), outputPath: directory.file("kept.csv"))
    var epochs = EpochOptions(objectEpoch: .nan)
    epochs.objectEpochColumn = "EPOCH"
    epochs.objectEpochRange = 2015...2017
    request.epochs = epochs
    #expect {
      _ = try CatalogueCleaner.clean(request)
    } throws: { error in
      "\(error)".contains("line 2, column 'EPOCH': value '1950.0' is not an epoch within")
        || "\(error)".contains("line 2, column 'EPOCH': value '1950' is not an epoch within")
    }
    // Without the range (found by a first pass) the object is removed, as brute force says;
    // a FITS output records the epoch column (no epoch: there is no fallback).
    request.epochs?.objectEpochRange = nil
    request.outputPath = directory.file("kept.fits")
    let summary = try CatalogueCleaner.clean(request)
    #expect(summary.removed == 1)
    let header = try String(contentsOfFile: directory.file("kept.fits"), encoding: .isoLatin1)
    #expect(header.contains("SCEPOCOL= 'EPOCH   '"))
    #expect(!header.contains("SCEPOCH ="))
  }

  @Test func anECSVNullTakesTheFallback() throws {
    let directory = try TemporaryDirectory()
    try directory.write(star, to: "star.csv")
    let ecsv = """
      # %ECSV 1.0
      # ---
      # datatype:
      # - {name: ID, datatype: int64}
      # - {name: RA, unit: deg, datatype: float64}
      # - {name: DEC, unit: deg, datatype: float64}
      # - {name: EPOCH, datatype: float64}
      # schema: astropy-2.0
      ID RA DEC EPOCH
      1 269.4520825 4.693391 ""
      2 269.4520825 4.693391 2016.0

      """
    try directory.write(ecsv, to: "objects.ecsv")
    var request = CleaningRequest(
      objectsPath: directory.file("objects.ecsv"), contaminantsPath: directory.file("star.csv"),
      radius: .arcseconds(1), outputPath: directory.file("kept.ecsv"))
    var epochs = EpochOptions(objectEpoch: 2016)
    epochs.objectEpochColumn = "EPOCH"
    request.epochs = epochs
    let summary = try CatalogueCleaner.clean(request)
    #expect(summary.removed == 2)
  }

  @Test func moreCataloguesThanBitsNeedNoBits() throws {
    let directory = try TemporaryDirectory()
    let path = try directory.write(star, to: "star.csv")
    try directory.write(
      "ID,RA,DEC,EPOCH\n1,269.4520825,4.693391,2016\n2,10,10,2016\n", to: "objects.csv")
    var request = CleaningRequest(
      objectsPath: directory.file("objects.csv"),
      contaminantPaths: Array(repeating: path, count: 70), radius: .arcseconds(1),
      outputPath: directory.file("kept.csv"))
    var epochs = EpochOptions(objectEpoch: 2016)
    epochs.objectEpochColumn = "EPOCH"
    request.epochs = epochs
    let summary = try CatalogueCleaner.clean(request)
    #expect(summary.removed == 1)
    #expect(summary.bits.allSatisfy { $0.bit <= 61 })
  }
}
