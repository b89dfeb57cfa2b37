import Foundation
import Testing

@testable import SkyCut

/// Reading mask files: every key, paths relative to the file, and one-line errors naming the
/// file, the line and the key.
@Suite struct MaskFileTests {
  func mask(_ text: String) throws -> Mask {
    try Mask(yaml: text, named: "m.yaml", relativeTo: "/masks")
  }

  @Test func everyKeyIsRead() throws {
    let mask = try mask(
      """
      epoch: 2024.9
      catalogues:
        - path: gaia.fits
          hdu: 1
          columns: RA, DEC
          frame: icrs
          invalid: drop
          radius_expression: "1630 * 1.396^(-G)"
          radius_unit: arcsec
          max_radius: 30arcmin
          epoch: 2016.0
          pm_columns: [PMRA, PMDEC]
          action: remove
          bit: 3
          zones:
            - {radius_factor: 2, action: flag, bit: 7}
        - path: /data/sga.fits
          hdu: ELLIPSES
          ellipse_columns: [D26_A, D26_B, PA]
          ellipse_unit: arcmin
          action: flag
      """)
    let (gaia, sga) = (mask.catalogues[0], mask.catalogues[1])
    #expect(gaia.path == "/masks/gaia.fits")
    #expect(gaia.options.hdu == .number(1))
    #expect(gaia.options.columns?.first == "RA" && gaia.options.columns?.second == "DEC")
    #expect(gaia.options.frame == .icrs)
    #expect(gaia.options.invalidRows == .drop)
    #expect(gaia.options.radiusExpression?.text == "1630 * 1.396^(-G)")
    #expect(gaia.radius == Angle(parsing: "30arcmin"))
    #expect(
      gaia.epochs
        == EpochOptions(
          objectEpoch: 2024.9, contaminantEpoch: 2016, properMotionColumns: ("PMRA", "PMDEC")))
    #expect(gaia.action == .remove && gaia.bit == 3)
    #expect(gaia.zones == [MaskZone(radiusFactor: 2, action: .flag, bit: 7)])
    #expect(sga.path == "/data/sga.fits")
    #expect(sga.options.hdu == .name("ELLIPSES"))
    #expect(sga.options.ellipseColumns?.a == "D26_A" && sga.options.ellipseUnit == .arcminutes)
    #expect(sga.epochs == nil)
    #expect(sga.action == .flag && sga.bit == 1)  // its place in the list
    #expect(mask.layers.count == 3)
  }

  @Test(arguments: [
    (
      "catalogues:\n  - path: a.fits\n    radius: 1deg\n    radius_fator: 2\n",
      "m.yaml: line 4: catalogues[0].radius_fator is not a key here (known: path,"
    ),
    ("catalogues:\n  - radius: 1deg\n", "m.yaml: line 2: catalogues[0] needs 'path'"),
    (
      "catalogues:\n  - path: a.fits\n    radius: 1deg\n    action: drop\n",
      "m.yaml: line 4: catalogues[0].action must be one of remove, flag, not 'drop'"
    ),
    (
      "catalogues:\n  - path: a.fits\n    radius: 1deg\n    zones:\n      - radius_factor: 2\n",
      "m.yaml: line 5: catalogues[0].zones[0] needs 'bit'"
    ),
    (
      "catalogues:\n  - path: a.fits\n    radius: 1deg\n    bit: 62\n",
      "catalogues[0].bit must be a bit number from 0 to 61"
    ),
    (
      "catalogues:\n  - path: a.fits\n    radius: 1deg\n    pm_columns: [PMRA, PMDEC]\n",
      "moves its stars, but the mask gives no objects' epoch"
    ),
    (
      "catalogues:\n  - path: a.fits\n    radius: 200deg\n",
      "catalogues[0].radius must be an angle in (0, 180°]"
    ),
    (
      "catalogues:\n  - path: a.fits\n    radius_expression: 1630 * (\n",
      "catalogues[0].radius_expression"
    ),
    ("catalogues: []\n", "m.yaml: line 1: catalogues lists no catalogues"),
    (
      "epoch_range: [2020, 2014]\ncatalogues:\n  - {path: a.fits, radius: 1deg}\n",
      "m.yaml: line 1: epoch_range is two Julian years, the earlier first"
    ),
    (
      "catalogs:\n  - path: a.fits\n",
      "catalogs is not a key here (known: epoch, epoch_column, epoch_range, catalogues)"
    ),
    ("catalogues:\n  - path: [a.fits\n", "m.yaml: not YAML"),
  ])
  func errorsNameTheLineAndTheKey(text: String, message: String) throws {
    do {
      _ = try mask(text)
      Issue.record("no error for \(text)")
    } catch let error as CatalogueError {
      #expect(error.category == .usage)
      #expect("\(error)".contains(message), "\(error)")
      #expect(!"\(error)".contains("\n"))
    }
  }

  @Test func aMissingFileIsNamed() {
    do {
      _ = try Mask(contentsOf: "/no/mask.yaml")
      Issue.record("no error")
    } catch {
      #expect("\(error)" == "/no/mask.yaml: no such file")
    }
  }
}

/// SHA-256 against the FIPS 180-4 examples and `sha256sum`.
@Suite struct SHA256Tests {
  @Test func fipsExamples() {
    #expect(
      SHA256.hex(Array("abc".utf8))
        == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    #expect(
      SHA256.hex([UInt8]())
        == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    #expect(
      SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
        == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
  }

  @Test func agreesWithSha256sum() throws {
    let directory = try TemporaryDirectory()
    var random = TestRandom(seed: 5)
    for length in [55, 56, 63, 64, 65, 1000, 4097] {
      let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
      let path = directory.file("b\(length)")
      FileManager.default.createFile(atPath: path, contents: Data(bytes))
      let process = Process()
      process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
      process.arguments = [path]
      let pipe = Pipe()
      process.standardOutput = pipe
      try process.run()
      let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
      process.waitUntilExit()
      #expect(SHA256.hex(bytes) == String(output.prefix(64)), "\(length) bytes")
    }
  }
}
