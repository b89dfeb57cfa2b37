import Foundation
import Testing

@testable import SkyCut

/// A mask file with two catalogues and a zone each (remove/flag both ways round, circles with
/// capped radii and ellipses), through the cleaner, against a brute-force evaluation of every
/// layer for every object: the rows kept and removed, each row's bits, and the counts per
/// catalogue and per bit.
@Suite struct MaskLayerTests {
  struct Star {
    var position: UnitVector
    var radiusArcsec: Double
  }

  struct Galaxy {
    var ra, dec, a, b, pa: Double  // degrees
  }

  /// Inside the ellipse (the definition with trigonometry), axes times `factor`.
  func inside(_ p: UnitVector, _ e: Galaxy, factor: Double) -> Bool {
    let value = ellipseDefinition(
      p, ra: e.ra, dec: e.dec, a: e.a * factor, b: e.b * factor, pa: e.pa)
    return (value ?? 2) < 1
  }

  static let maskText = """
    # Bright stars remove within their radius (capped at 4′) and are flagged out to twice it;
    # galaxies flag their ellipse and remove half of it.
    catalogues:
      - path: stars.csv
        radius_column: R
        radius_unit: arcsec
        max_radius: 4arcmin
        action: remove
        bit: 0
        zones:
          - {radius_factor: 2, action: flag, bit: 1}
      - path: galaxies.csv
        ellipse_columns: [SMA, SMI, PA]
        action: flag
        bit: 4
        zones:
          - radius_factor: 0.5
            action: remove
            bit: 5
    """

  @Test func everyLayerIsTheBruteForceAnswer() throws {
    let directory = try TemporaryDirectory()
    var random = TestRandom(seed: 77)
    let centre = UnitVector(raDegrees: 0, decDegrees: 0)
    var stars: [Star] = []
    var text = "RA,DEC,R\n"
    for _ in 0..<40 {
      let p = random.point(within: 0.8 * .pi / 180, of: centre)
      let radius = Double.random(in: 20...400, using: &random)
      stars.append(Star(position: p, radiusArcsec: radius))
      text += "\(p.longitude * 180 / .pi),\(p.latitude * 180 / .pi),\(radius)\n"
    }
    try directory.write(text, to: "stars.csv")
    var galaxies: [Galaxy] = []
    text = "RA,DEC,SMA,SMI,PA\n"
    for _ in 0..<15 {
      let p = random.point(within: 0.8 * .pi / 180, of: centre)
      let a = Double.random(in: 60...900, using: &random)
      let g = Galaxy(
        ra: p.longitude * 180 / .pi, dec: p.latitude * 180 / .pi, a: a / 3600,
        b: a * Double.random(in: 0.2...1, using: &random) / 3600,
        pa: Double.random(in: 0..<180, using: &random))
      galaxies.append(g)
      text += "\(g.ra),\(g.dec),\(g.a * 3600),\(g.b * 3600),\(g.pa)\n"
    }
    try directory.write(text, to: "galaxies.csv")
    text = "ID,RA,DEC\n"
    for id in 0..<20_000 {
      let p = random.point(within: 1.0 * .pi / 180, of: centre)
      text += "\(id),\(p.longitude * 180 / .pi),\(p.latitude * 180 / .pi)\n"
    }
    try directory.write(text, to: "objects.csv")
    let maskPath = try directory.write(Self.maskText, to: "mask.yaml")

    var request = CleaningRequest(
      objectsPath: directory.file("objects.csv"), mask: try Mask(contentsOf: maskPath),
      outputPath: directory.file("kept.csv"))
    request.rejectedPath = directory.file("removed.csv")
    request.maskColumn = "MASK"
    request.runner = ParallelRunner(jobs: 2)
    request.blockBytes = 64 * 1024
    let summary = try CatalogueCleaner.clean(request)

    // The brute force, on the positions as read back from the text.
    let objects = try Catalogue.read(path: directory.file("objects.csv")).positions
    let starsRead = try Catalogue.read(path: directory.file("stars.csv")).positions
    let expected = objects.map { object -> Int in
      var bits = 0
      for (star, position) in zip(stars, starsRead) {
        let radius = Angle.arcseconds(min(star.radiusArcsec, 240))
        if object.chordSquared(to: position) < radius.chordSquared { bits |= 1 << 0 }
        if object.chordSquared(to: position) < Angle.radians(2 * radius.radians).chordSquared {
          bits |= 1 << 1
        }
      }
      for galaxy in galaxies {
        if inside(object, galaxy, factor: 1) { bits |= 1 << 4 }
        if inside(object, galaxy, factor: 0.5) { bits |= 1 << 5 }
      }
      return bits
    }
    let removes = { (bits: Int) in bits & (1 << 0 | 1 << 5) != 0 }
    let kept = try rows(in: directory.file("kept.csv"))
    let removed = try rows(in: directory.file("removed.csv"))
    #expect(kept.map(\.id) == expected.indices.filter { !removes(expected[$0]) })
    #expect(removed.map(\.id) == expected.indices.filter { removes(expected[$0]) })
    for row in kept + removed { #expect(row.bits == expected[row.id], "row \(row.id)") }

    #expect(summary.removed == expected.filter(removes).count)
    #expect(summary.flagged == expected.filter { $0 != 0 && !removes($0) }.count)
    for bit in [0, 1, 4, 5] {
      let with = expected.filter { $0 & (1 << bit) != 0 }
      #expect(
        summary.bits.first { $0.bit == bit }
          == MaskBitSummary(
            bit: bit, removed: with.filter(removes).count,
            flagged: with.filter { !removes($0) }.count))
    }
    #expect(summary.bits.map(\.bit) == [0, 1, 4, 5])
    // A star's removal comes first; a galaxy removes what no star removes.
    #expect(
      summary.contaminants.map(\.removed) == [
        expected.filter { $0 & 1 != 0 }.count,
        expected.filter { $0 & 1 == 0 && $0 & (1 << 5) != 0 }.count,
      ])
    #expect(
      summary.contaminants.map(\.flagged) == [
        expected.filter { !removes($0) && $0 & 2 != 0 }.count,
        expected.filter { !removes($0) && $0 & 2 == 0 && $0 & (1 << 4) != 0 }.count,
      ])
    // Every kind of row is there to be checked.
    for bits in [1 | 2, 2, 1 << 4, 1 << 4 | 1 << 5] { #expect(expected.contains(bits)) }
    #expect(summary.maskFile?.path == maskPath)
    #expect(summary.maskFile?.sha256 == SHA256.hex(Array(Self.maskText.utf8)))
  }

  /// The ID and MASK of each row of a CSV output.
  private func rows(in path: String) throws -> [(id: Int, bits: Int)] {
    let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
    let header = lines[0].split(separator: ",").map(String.init)
    let id = try #require(header.firstIndex(of: "ID"))
    let mask = try #require(header.firstIndex(of: "MASK"))
    return lines.dropFirst().map { line in
      let fields = line.split(separator: ",", omittingEmptySubsequences: false)
      return (Int(fields[id]) ?? -1, Int(fields[mask]) ?? -1)
    }
  }

  /// The command-line options mean the one-catalogue mask: the same output bytes.
  @Test func optionsAreTheOneCatalogueMask() throws {
    let directory = try TemporaryDirectory()
    let data = repositoryRoot + "/data"
    let plain = CleaningRequest(
      objectsPath: data + "/objects.fits", contaminantsPath: data + "/contaminants.fits",
      radius: .degrees(1), outputPath: directory.file("plain.fits"))
    _ = try CatalogueCleaner.clean(plain)
    let maskPath = try directory.write(
      "catalogues:\n  - path: \(data)/contaminants.fits\n    radius: 1deg\n", to: "m.yaml")
    let masked = CleaningRequest(
      objectsPath: data + "/objects.fits", mask: try Mask(contentsOf: maskPath),
      outputPath: directory.file("masked.fits"))
    let summary = try CatalogueCleaner.clean(masked)
    #expect(summary.removed == 159)
    #expect(summary.bits == [MaskBitSummary(bit: 0, removed: 159, flagged: 0)])
    // The same rows; the mask file's name and hash are recorded.
    let a = try Catalogue.read(path: directory.file("plain.fits"))
    let b = try Catalogue.read(path: directory.file("masked.fits"))
    #expect(a.positions == b.positions && a.rowCount == 4841)
    let header = try String(contentsOfFile: directory.file("masked.fits"), encoding: .isoLatin1)
    let hash = SHA256.hex(try Data(contentsOf: URL(fileURLWithPath: maskPath)))
    #expect(header.contains("SCMASKSH= '\(hash)'"))
    #expect(header.contains("SCMASK  = '"))
  }
}
