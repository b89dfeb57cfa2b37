import Foundation
import Testing

@testable import SkyCut

/// Every object a cut removes lies in the MOC the same run writes, for objects crowded at the
/// edges of the caps (inside and outside by a milliarcsecond).
@Suite struct MOCOfACutTests {
  @Test func everyRemovedObjectIsInTheMOC() throws {
    let directory = try TemporaryDirectory()
    var random = TestRandom(seed: 21)
    var stars = "RA,DEC,R\n"
    var objects = "ID,RA,DEC\n"
    var id = 0
    for _ in 0..<40 {
      let centre = random.pointOnSphere()
      let radius = Double.random(in: 5...600, using: &random)  // arcsec
      stars += "\(centre.longitude * 180 / .pi),\(centre.latitude * 180 / .pi),\(radius)\n"
      for _ in 0..<100 {
        let offset = Double.random(in: -0.001...0.001, using: &random)  // arcsec
        let p = random.point(at: (radius + offset) / 3600 * .pi / 180, from: centre)
        id += 1
        objects += "\(id),\(p.longitude * 180 / .pi),\(p.latitude * 180 / .pi)\n"
      }
    }
    try stars.write(toFile: directory.file("stars.csv"), atomically: true, encoding: .utf8)
    try objects.write(toFile: directory.file("objects.csv"), atomically: true, encoding: .utf8)
    var options = CatalogueReadOptions()
    options.radiusColumn = "R"
    options.radiusUnit = .arcseconds
    var request = CleaningRequest(
      objectsPath: directory.file("objects.csv"), contaminantsPath: directory.file("stars.csv"),
      radius: nil, outputPath: directory.file("kept.csv"), contaminantOptions: options,
      runner: ParallelRunner(jobs: 2))
    request.rejectedPath = directory.file("removed.csv")
    request.moc = MOCRequest(path: directory.file("mask.fits"), order: 13)
    request.areaTolerance = 1e-4
    let summary = try CatalogueCleaner.clean(request)
    #expect(summary.removed > 1_000 && summary.kept > 1_000)
    #expect(summary.moc?.order == 13)
    let cells = Set(try MOCFile.read(directory.file("mask.fits")))
    #expect(cells.count == summary.moc?.cells)
    let removed = try Catalogue.read(path: directory.file("removed.csv"))
    for p in removed.positions {
      let finest = HEALPixCell(holding: p, order: 13)
      let covered = (0...13).contains { k in
        cells.contains(HEALPixCell(order: k, pixel: finest.pixel >> (2 * Int64(13 - k))))
      }
      #expect(covered)
    }
    #expect(removed.rowCount == summary.removed)
    #expect(summary.area.map { $0.upperSquareDegrees <= summary.moc!.deg2 } == true)
  }
}
