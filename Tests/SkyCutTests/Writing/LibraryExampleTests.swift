import Foundation
import SkyCut  // not @testable: the README's example uses only the public API
import Testing

/// The README's library example, run as written (paths made absolute).
@Suite struct LibraryExampleTests {
  @Test func readmeExample() throws {
    let directory = try TemporaryDirectory()
    let data = repositoryRoot + "/data/"

    // Read, cut, write, step by step.
    let objects = try Catalogue.read(path: data + "objects.fits")
    let stars = try Catalogue.read(path: data + "contaminants.csv")
    let removed = try objects.cut(against: [stars], radius: .arcminutes(30)).rows  // sorted, 0-based
    try objects.write(removingRows: removed, to: directory.file("objects_clean.fits"))

    // Or all three in one call, as the command line does.
    let summary = try CatalogueCleaner.clean(
      CleaningRequest(
        objectsPath: data + "objects.fits", contaminantsPath: data + "contaminants.fits",
        radius: .degrees(1), outputPath: directory.file("clean.fits"), overwrite: true))

    #expect(removed.count == 37)
    #expect(summary.removed == 159 && summary.kept == 4841)
    #expect(try Catalogue.read(path: directory.file("objects_clean.fits")).rowCount == 4963)
  }
}
