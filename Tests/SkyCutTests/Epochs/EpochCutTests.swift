import Foundation
import Testing

@testable import SkyCut

/// The cut with contaminants moved to the objects' epoch, against astropy's positions of the
/// same stars: objects near where astropy puts each star at the epoch are removed, objects
/// near where the catalogue put it are kept (unless the star barely moves).
@Suite struct EpochCutTests {
  @Test func removesWhatIsNearTheStarsAtTheObjectsEpoch() throws {
    let directory = try TemporaryDirectory()
    let stars = SpaceMotionTests.cases.filter { $0.from == 2016 && $0.to == 2066 }
    #expect(stars.count == 44)
    // One more star without proper motion: it stays where it is.
    let still = UnitVector(raDegrees: 150, decDegrees: -40)
    var fixture = FITSFixture(path: directory.file("stars.fits")).primary()
      .table(
        name: "STARS",
        columns: [
          ("RA", "D", "deg"), ("DEC", "D", "deg"), ("PMRA", "D", "mas/yr"),
          ("PMDEC", "D", "mas/yr"), ("PARALLAX", "D", "mas"), ("RADIAL_VELOCITY", "D", "km/s"),
          ("REF_EPOCH", "D", "yr"),
        ], rows: stars.count + 1)
    let column = { (value: (SpaceMotionTests.Case) -> Double, extra: Double) in
      stars.map(value) + [extra]
    }
    fixture = fixture.doubles(1, column({ $0.ra }, 150)).doubles(2, column({ $0.dec }, -40))
      .doubles(3, column({ $0.pmRA }, .nan)).doubles(4, column({ $0.pmDec }, .nan))
      .doubles(5, column({ $0.parallax }, .nan)).doubles(6, column({ $0.radialVelocity }, .nan))
      .doubles(7, column({ $0.from }, 2016))
    #expect(fixture.close() == 0)

    // Objects 0.3″ from astropy's position at 2066 and 0.3″ from the catalogue's at 2016.
    var random = TestRandom(seed: 5)
    let offset = Angle.arcseconds(0.3).radians
    var objects: [UnitVector] = []
    var truth: [UnitVector] = stars.map { UnitVector(raDegrees: $0.raTo, decDegrees: $0.decTo) }
    truth.append(still)
    for star in stars {
      objects.append(
        random.point(at: offset, from: UnitVector(raDegrees: star.raTo, decDegrees: star.decTo)))
      objects.append(
        random.point(at: offset, from: UnitVector(raDegrees: star.ra, decDegrees: star.dec)))
    }
    objects.append(random.point(at: offset, from: still))
    var text = "ID,RA,DEC\n"
    for (id, object) in objects.enumerated() {
      text += "\(id),\(object.longitude * 180 / .pi),\(object.latitude * 180 / .pi)\n"
    }
    try directory.write(text, to: "objects.csv")

    var request = CleaningRequest(
      objectsPath: directory.file("objects.csv"), contaminantsPath: directory.file("stars.fits"),
      radius: .arcseconds(1), outputPath: directory.file("kept.csv"))
    request.rejectedPath = directory.file("removed.csv")
    request.epochs = EpochOptions(objectEpoch: 2066)
    let summary = try CatalogueCleaner.clean(request)

    // The brute-force answer on astropy's positions.
    let limit = Angle.arcseconds(1).chordSquared
    let expected = objects.indices.filter { row in
      truth.contains { objects[row].chordSquared(to: $0) < limit }
    }
    let removed = try String(contentsOfFile: directory.file("removed.csv"), encoding: .utf8)
      .split(separator: "\n").dropFirst().compactMap { Int($0.split(separator: ",")[0]) }
    #expect(removed == expected)
    #expect(summary.epoch?.moved == 44 && summary.epoch?.withoutMotion == 1)
    // Every object near a star's 2066 position is gone; near its 2016 one, only slow stars'.
    #expect(expected.count >= 33 && expected.count < objects.count)
  }
}
