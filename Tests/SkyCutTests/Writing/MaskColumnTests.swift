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
}
