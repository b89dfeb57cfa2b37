import Foundation
import Testing

/// Every output SkyCut writes, for every pairing of input and output format and every option
/// that changes the bytes, compared with the bytes recorded in `Golden/outputs.tsv`.
///
/// The record was made by the two engines SkyCut had before the streaming engine replaced
/// them (the streaming FITS path and the general in-memory path, whose outputs the tests
/// then compared with each other), so these tests hold the one engine to the same bytes.
/// To record again, on purpose, run the suite with `SKYCUT_GOLDEN_WRITE=1`.
///
/// FITS outputs are compared after blanking the `CHECKSUM` card and the comment of the
/// `DATASUM` card, which hold the time of writing; gzip outputs after decompression (the
/// gzip header holds no time, but the FITS inside does). fitsverify checks the checksums.
@Suite struct GoldenOutputTests {
  /// One run: its arguments (inputs are named as copied into the run's directory) and the
  /// files it writes.
  struct Case: CustomStringConvertible, Sendable {
    var name: String
    var arguments: [String]
    var outputs: [String]
    var description: String { name }
  }

  static let inputs = [
    "data/objects.fits", "data/objects.csv", "data/objects_thetaphi.fits",
    "data/contaminants.fits", "data/contaminants.csv", "data/point_sources.csv",
    "data/contaminants_galactic.fits", "Tests/SkyCutTests/Fixtures/Corpus/astropy_fixed.fits",
    "Tests/SkyCutTests/Fixtures/Corpus/astropy_variable.fits",
    "Tests/SkyCutTests/Fixtures/Corpus/stilts_plus.fits",
  ]

  static let cases: [Case] = {
    var cases: [Case] = []
    func add(_ name: String, _ arguments: String, outputs: [String]) {
      cases.append(
        Case(
          name: name, arguments: arguments.split(separator: " ").map(String.init),
          outputs: outputs))
    }
    let extras = "--flag-column NEAR --separation-column SEP --count-column NCONT"
    for (stem, objects) in [("fits", "objects.fits"), ("csv", "objects.csv")] {
      for ext in ["fits", "csv", "tsv", "fits.gz"] {
        add(
          "\(stem)-to-\(ext)", "\(objects) contaminants.fits --maxsep 1 -o out.\(ext)",
          outputs: ["out.\(ext)"])
        add(
          "\(stem)-to-\(ext)-rejected",
          "\(objects) contaminants.csv --maxsep 1 -o out.\(ext) --rejected rej.\(ext)",
          outputs: ["out.\(ext)", "rej.\(ext)"])
        add(
          "\(stem)-to-\(ext)-columns",
          "\(objects) contaminants.fits point_sources.csv --maxsep 1 -o out.\(ext) \(extras) "
            + "--rejected rej.\(ext)",
          outputs: ["out.\(ext)", "rej.\(ext)"])
      }
      add(
        "\(stem)-separation-only",
        "\(objects) contaminants.fits --maxsep 2 -o out.fits --separation-column SEP "
          + "--rejected rej.csv",
        outputs: ["out.fits", "rej.csv"])
      add(
        "\(stem)-radius-column",
        "\(objects) contaminants.fits --radius-column RADIUS --radius-unit arcmin --maxsep 30arcmin "
          + "-o out.fits --count-column N --rejected rej.fits",
        outputs: ["out.fits", "rej.fits"])
    }
    add(
      "thetaphi-galactic",
      "objects_thetaphi.fits contaminants_galactic.fits --maxsep 60arcmin "
        + "-o out.fits --flag-column NEAR",
      outputs: ["out.fits"])
    add(
      "thetaphi-to-csv", "objects_thetaphi.fits contaminants.csv --maxsep 1 -o out.csv",
      outputs: ["out.csv"])
    for corpus in ["astropy_fixed.fits", "astropy_variable.fits", "stilts_plus.fits"] {
      add(
        "corpus-\(corpus)",
        "\(corpus) contaminants.fits --maxsep 20 -o out.fits "
          + "--rejected rej.fits.gz",
        outputs: ["out.fits", "rej.fits.gz"])
    }
    add(
      "corpus-fixed-columns",
      "astropy_fixed.fits contaminants.fits --maxsep 20 -o out.fits "
        + "--flag-column NEAR --count-column N",
      outputs: ["out.fits"])
    return cases
  }()

  static let root: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
  }()

  static let recordPath = root + "/Tests/SkyCutCommandTests/Golden/outputs.tsv"

  /// The recorded hash of each `case/output`.
  static let record: [String: String] = {
    guard let text = try? String(contentsOfFile: recordPath, encoding: .utf8) else { return [:] }
    var record: [String: String] = [:]
    for line in text.split(separator: "\n") where !line.hasPrefix("#") {
      let fields = line.split(separator: "\t")
      if fields.count == 2 { record[String(fields[0])] = String(fields[1]) }
    }
    return record
  }()

  static let writing = ProcessInfo.processInfo.environment["SKYCUT_GOLDEN_WRITE"] == "1"

  @Test(arguments: cases)
  func outputIsTheRecordedBytes(_ testCase: Case) throws {
    let hashes = try Self.run(testCase)
    if Self.writing {
      Self.store(hashes)
      return
    }
    for (key, hash) in hashes {
      let recorded = try #require(Self.record[key], "no record for \(key)")
      #expect(hash == recorded, "\(key)")
    }
  }

  /// Runs a case in a fresh directory and returns each output's hash.
  static func run(_ testCase: Case) throws -> [(String, String)] {
    let directory =
      FileManager.default.temporaryDirectory.path + "/skycut-golden-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    for input in inputs {
      let name = URL(fileURLWithPath: input).lastPathComponent
      try FileManager.default.copyItem(atPath: root + "/" + input, toPath: directory + "/" + name)
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: CommandLineTests.binary)
    process.arguments = testCase.arguments + ["--quiet"]
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    let error = Pipe()
    process.standardError = error
    try process.run()
    let message = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    try #require(process.terminationStatus == 0, "\(testCase.name): \(message)")
    return try testCase.outputs.map { output in
      var bytes = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + output))
      if output.hasSuffix(".gz") { bytes = try gunzip(bytes) }
      return ("\(testCase.name)/\(output)", fnv1a(normalized(bytes)))
    }
  }

  /// FITS bytes with the `CHECKSUM` card blanked and `DATASUM`'s comment cut (both hold the
  /// time of writing); other bytes as they are.
  static func normalized(_ data: Data) -> [UInt8] {
    var bytes = [UInt8](data)
    guard bytes.starts(with: Array("SIMPLE  =".utf8)) else { return bytes }
    var card = 0
    while card + 80 <= bytes.count {
      let keyword = String(decoding: bytes[card..<(card + 8)], as: UTF8.self)
      if keyword == "CHECKSUM" {
        for i in card..<(card + 80) { bytes[i] = 32 }
      } else if keyword == "DATASUM " {
        // The value ends at its closing quote; the comment after it is blanked.
        if let close = bytes[(card + 11)..<(card + 80)].firstIndex(of: UInt8(ascii: "'")) {
          for i in (close + 1)..<(card + 80) { bytes[i] = 32 }
        }
      }
      card += 80
    }
    return bytes
  }

  /// The 64-bit FNV-1a hash, in hex.
  static func fnv1a(_ bytes: [UInt8]) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes {
      hash ^= UInt64(byte)
      hash = hash &* 0x100_0000_01b3
    }
    return String(hash, radix: 16)
  }

  static func gunzip(_ data: Data) throws -> Data {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/gzip")
    process.arguments = ["-dc"]
    let input = Pipe()
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    try process.run()
    input.fileHandleForWriting.write(data)
    try input.fileHandleForWriting.close()
    let result = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return result
  }

  private static let storeLock = NSLock()

  /// Adds hashes to the record file (used only with `SKYCUT_GOLDEN_WRITE=1`).
  static func store(_ hashes: [(String, String)]) {
    storeLock.lock()
    defer { storeLock.unlock() }
    var lines = ((try? String(contentsOfFile: recordPath, encoding: .utf8)) ?? "")
      .split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") }
    let keys = Set(hashes.map(\.0))
    lines.removeAll { keys.contains(String($0.split(separator: "\t").first ?? "")) }
    lines += hashes.map { "\($0.0)\t\($0.1)" }
    let header = "# case/output\tFNV-1a 64 of the normalized bytes (GoldenOutputTests)"
    let text = ([header] + lines.sorted()).joined(separator: "\n") + "\n"
    try? text.write(toFile: recordPath, atomically: true, encoding: .utf8)
  }
}
