import Foundation
import Testing

@testable import SkyCut

/// `skycut info`: what a file holds and which columns would be the coordinates.
@Suite struct CatalogueDescriptionTests {
  @Test func fitsFileWithTablesAndImages() throws {
    let directory = try TemporaryDirectory()
    let path = try #require(FITSCorpus.writeFixed(to: directory.file("fixed.fits")))
    let description = try CatalogueDescription.describe(path: path)
    #expect(description.tables.map(\.kind) == ["image", "binary table", "binary table", "image"])
    #expect(description.tables.map(\.name) == ["", "OBJECTS", "EXTRA", "MASK"])
    #expect(description.tables[1].rows == 60 && description.tables[2].rows == 3)
    #expect(description.tables[1].columns.count == 21)
    #expect(
      description.tables[1].columns[17]
        == CatalogueDescription.Column(name: "MATRIX", format: "6D", unit: "m"))
    #expect(description.coordinates?.first == "RA" && description.coordinateTable == 1)
    let text = description.description
    #expect(
      text.hasPrefix("\(path): FITS, 4 HDUs\nHDU 0: image\nHDU 1 OBJECTS: binary table, 60 rows"))
    #expect(text.hasSuffix("coordinates: RA/DEC (icrs, deg) in HDU 1"))
  }

  @Test func csvFileAndAFileWithoutCoordinates() throws {
    let directory = try TemporaryDirectory()
    let csv = try directory.write("NAME,GLON,GLAT,OK\na,1.5,2,true\nb,3,-4,false\n", to: "g.csv")
    let description = try CatalogueDescription.describe(path: csv)
    #expect(description.tables.count == 1 && description.tables[0].rows == 2)
    #expect(
      description.tables[0].columns.map(\.format) == ["text", "number", "integer", "logical"])
    #expect(description.coordinates?.frame == .galactic)
    let none = try directory.write("X,Y\n1,2\n", to: "none.csv")
    let noCoordinates = try CatalogueDescription.describe(path: none)
    #expect(noCoordinates.coordinates == nil)
    #expect(noCoordinates.description.contains("coordinates: none found ("))
  }
}
