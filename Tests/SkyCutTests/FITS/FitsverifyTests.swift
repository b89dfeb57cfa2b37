import Foundation
import Testing

@testable import SkyCut

/// Every kind of FITS file SkyCut writes passes HEASARC's fitsverify with no error and no
/// warning (`make test` installs Debian's fitsverify).
@Suite struct FitsverifyTests {
  func verify(_ path: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
    try Fitsverify.expectValid(path, sourceLocation: sourceLocation)
  }

  @Test func everyWriterProducesValidFITS() throws {
    let directory = try TemporaryDirectory()
    let rich = directory.file("rich.fits")
    #expect(SampleTables.writeRich(to: rich) == 0)
    let provenance = CutProvenance(
      radius: .arcseconds(30), contaminantPaths: ["stars.fits"], contaminantCount: 3,
      rowsRead: 12, rowsRemoved: 2)
    // FITS → FITS (general path), plain and gzip.
    let catalogue = try Catalogue.read(path: rich)
    for name in ["general.fits", "general.fits.gz"] {
      try catalogue.write(
        removingRows: [1, 5], to: directory.file(name), options: .init(provenance: provenance))
      try verify(directory.file(name))
    }
    // Contaminant paths longer than a card: SCCONT continues on CONTINUE cards, announced by
    // LONGSTRN (fitsverify warns without it).
    let long = CutProvenance(
      radius: .arcseconds(30),
      contaminantPaths: ["/a/rather/long/directory/" + String(repeating: "x", count: 60) + ".fits"],
      contaminantCount: 3, rowsRead: 12, rowsRemoved: 2)
    try catalogue.write(
      removingRows: [1, 5], to: directory.file("long.fits"), options: .init(provenance: long))
    try verify(directory.file("long.fits"))
    // CSV → FITS.
    let csv = try directory.write(
      "ID,RA,DEC,FLAG,NAME,MAYBE\n1,10.5,20,true,a,\n2,11,-21.25,F,\"b, c\",7\n", to: "in.csv")
    try Catalogue.read(path: csv).write(
      removingRows: [], to: directory.file("fromcsv.fits"), options: .init(provenance: provenance))
    try verify(directory.file("fromcsv.fits"))
    // The streaming path.
    let summary = try CatalogueCleaner.clean(
      CleaningRequest(
        objectsPath: repositoryRoot + "/data/objects.fits",
        contaminantsPath: repositoryRoot + "/data/contaminants.csv", radius: .degrees(1),
        outputPath: directory.file("streamed.fits")))
    #expect(summary.removed == 159)
    try verify(directory.file("streamed.fits"))
  }
}
