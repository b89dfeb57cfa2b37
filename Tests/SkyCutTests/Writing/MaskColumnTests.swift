import Foundation
import Testing

@testable import SkyCut

/// `--mask-column`: bit *k* of each row written is set exactly when a contaminant of the
/// *k*-th catalogue lies strictly within reach (brute force over both catalogues).
@Suite struct MaskColumnTests {
  @Test(arguments: [false, true])
  func bitsAreThoseOfEachCatalogue(flag: Bool) throws {
    let directory = try TemporaryDirectory()
    let data = repositoryRoot + "/data"
    var request = CleaningRequest(
      objectsPath: data + "/objects.fits",
      contaminantPaths: [data + "/contaminants.fits", data + "/point_sources.csv"],
      radius: .degrees(1), outputPath: directory.file("kept.csv"))
    request.rejectedPath = directory.file("removed.csv")
    request.maskColumn = "MASK"
    if flag { request.flagColumn = "NEAR" }
    _ = try CatalogueCleaner.clean(request)

    let objects = try Catalogue.read(path: data + "/objects.fits").positions
    let catalogues = try request.contaminantPaths.map { try Catalogue.read(path: $0).positions }
    let limit = Angle.degrees(1).chordSquared
    let expected = objects.map { object in
      catalogues.enumerated().reduce(0) { bits, item in
        item.element.contains { object.chordSquared(to: $0) < limit }
          ? bits | (1 << item.offset) : bits
      }
    }
    var seen: [Int: Int] = [:]
    for file in ["kept.csv", "removed.csv"] {
      let lines = try String(contentsOfFile: directory.file(file), encoding: .utf8)
        .split(separator: "\n")
      let header = lines[0].split(separator: ",").map(String.init)
      let id = try #require(header.firstIndex(of: "ID"))
      let mask = try #require(header.firstIndex(of: "MASK"))
      for line in lines.dropFirst() {
        let fields = line.split(separator: ",", omittingEmptySubsequences: false)
        if let row = Int(fields[id]), let bits = Int(fields[mask]) { seen[row] = bits }
      }
    }
    // ID is the row number in the sample; every row is in one of the two outputs (or both,
    // flagged ones, with the same bits).
    #expect(seen.count == objects.count)
    for (row, bits) in seen { #expect(bits == expected[row], "row \(row)") }
    #expect(expected.contains(3) && expected.contains(1) && expected.contains(2))
  }

  /// The FITS column is the narrowest integer holding the mask's highest bit, and its values
  /// read back as the brute force's bits, the highest among them.
  @Test(arguments: [(2, "B"), (7, "B"), (9, "I"), (14, "I"), (20, "J"), (40, "K")])
  func columnIsTheNarrowestIntegerForItsBits(highest: Int, format: String) throws {
    let directory = try TemporaryDirectory()
    let data = repositoryRoot + "/data"
    let yaml = """
      catalogues:
        - {path: \(data)/contaminants.fits, radius: 1deg, bit: 0}
        - {path: \(data)/point_sources.csv, radius: 1deg, bit: \(highest)}
      """
    var request = CleaningRequest(
      objectsPath: data + "/objects.fits",
      mask: try Mask(yaml: yaml, named: "m.yaml", relativeTo: directory.path),
      outputPath: directory.file("kept.fits"))
    request.rejectedPath = directory.file("removed.fits")
    request.maskColumn = "MASK"
    request.flagColumn = "NEAR"
    _ = try CatalogueCleaner.clean(request)

    let cards = FITSInspector.headers(directory.file("kept.fits"))[1]
    let column = try #require(
      cards.first { $0.hasPrefix("TTYPE") && $0.contains("'MASK") }.map { $0.prefix(8) })
    let number = column.dropFirst(5).trimmingCharacters(in: .whitespaces)
    let tform = "TFORM\(number)".padding(toLength: 8, withPad: " ", startingAt: 0) + "= '"
    #expect(cards.contains { $0.hasPrefix(tform + format + " ") })

    let objects = try Catalogue.read(path: data + "/objects.fits").positions
    let catalogues = try [data + "/contaminants.fits", data + "/point_sources.csv"].map {
      try Catalogue.read(path: $0).positions
    }
    let limit = Angle.degrees(1).chordSquared
    let expected = objects.map { object in
      zip(catalogues, [0, highest]).reduce(0) { bits, item in
        item.0.contains { object.chordSquared(to: $0) < limit } ? bits | (1 << item.1) : bits
      }
    }
    var options = CatalogueReadOptions()
    options.valueColumns = ["ID", "MASK"]
    var seen: [Int: Int] = [:]
    for file in ["kept.fits", "removed.fits"] {
      let read = try Catalogue.read(path: directory.file(file), options: options)
      for (id, bits) in zip(try #require(read.values["ID"]), try #require(read.values["MASK"])) {
        seen[Int(id)] = Int(bits)
      }
    }
    #expect(seen.count == objects.count)
    for (row, bits) in seen { #expect(bits == expected[row], "row \(row)") }
    #expect(expected.contains(1 << highest) && expected.contains(1 | 1 << highest))
  }
}
