import Foundation
import Testing

/// `skycut batch`: each output is the single run's, a rerun redoes only what is stale or
/// incomplete, one bad file fails alone with --keep-going, and --part shares the files.
@Suite struct BatchCommandTests {
  let cli = CommandLineTests()
  let data = CommandLineTests.data

  func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

  /// A directory with three object files (FITS, CSV, θ/φ FITS) and an empty `out/`.
  func makeInputs() throws -> String {
    let directory = try cli.makeDirectory()
    let manager = FileManager.default
    try manager.copyItem(atPath: "\(data)/objects.fits", toPath: "\(directory)/a.fits")
    try manager.copyItem(atPath: "\(data)/objects.csv", toPath: "\(directory)/b.csv")
    try manager.copyItem(atPath: "\(data)/objects_thetaphi.fits", toPath: "\(directory)/c.fits")
    try manager.createDirectory(atPath: "\(directory)/out", withIntermediateDirectories: true)
    return directory
  }

  func batch(
    _ extra: [String], in directory: String, files: [String] = ["a.fits", "b.csv", "c.fits"]
  )
    throws -> CommandLineTests.Run
  {
    try cli.run(
      ["batch"] + files + [
        "--contaminants", "\(data)/contaminants.fits", "--maxsep", "1",
        "--output-dir", "out",
      ] + extra, in: directory)
  }

  func statuses(_ run: CommandLineTests.Run) throws -> [String] {
    let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
    return (object?["files"] as? [[String: Any]] ?? []).compactMap { $0["status"] as? String }
  }

  @Test func eachOutputIsTheSingleRunsAndRerunsSkipThem() throws {
    let directory = try makeInputs()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let first = try batch(["--summary", "json", "--rejected-dir", "out"], in: directory)
    #expect(first.status == 0, "\(first.stderr)")
    #expect(try statuses(first) == ["cleaned", "cleaned", "cleaned"])
    for (input, output) in [("a.fits", "a_clean.fits"), ("b.csv", "b_clean.csv")] {
      let single = try cli.run(
        [
          input, "\(data)/contaminants.fits", "--maxsep", "1", "-o", "single_\(output)",
          "--rejected", "single_rejected_\(output)",
        ], in: directory)
      #expect(single.status == 0)
      #expect(try bytes("\(directory)/out/\(output)") == bytes("\(directory)/single_\(output)"))
      let rejected = output.replacingOccurrences(of: "_clean", with: "_rejected")
      #expect(
        try bytes("\(directory)/out/\(rejected)")
          == bytes("\(directory)/single_rejected_\(output)"))
    }
    // The same command again: nothing to do.
    let again = try batch(["--summary", "json", "--rejected-dir", "out"], in: directory)
    #expect(try statuses(again) == ["skipped", "skipped", "skipped"])
    // A changed input, a damaged output, a lost record: those are redone.
    try Data("\n".utf8).write(to: URL(fileURLWithPath: "\(directory)/b.csv"), options: .atomic)
    try FileManager.default.copyItem(atPath: "\(data)/objects.csv", toPath: "\(directory)/b2.csv")
    try FileManager.default.removeItem(atPath: "\(directory)/b.csv")
    try FileManager.default.moveItem(atPath: "\(directory)/b2.csv", toPath: "\(directory)/b.csv")
    let handle = try #require(FileHandle(forUpdatingAtPath: "\(directory)/out/c_clean.fits"))
    try handle.truncate(atOffset: 8_640)
    try handle.close()
    let redo = try batch(["--summary", "json", "--rejected-dir", "out"], in: directory)
    #expect(try statuses(redo) == ["skipped", "cleaned", "cleaned"], "\(redo.stderr)")
    // Other options make every output stale; --overwrite redoes even current ones.
    let other = try batch(["--summary", "json"], in: directory)
    #expect(try statuses(other) == ["cleaned", "cleaned", "cleaned"])
    let forced = try batch(["--summary", "json", "--overwrite"], in: directory)
    #expect(try statuses(forced) == ["cleaned", "cleaned", "cleaned"])
    #expect(!cli.contents("\(directory)/out").contains { $0.hasPrefix(".") })
  }

  @Test func aBadFileFailsAloneWithKeepGoing() throws {
    let directory = try makeInputs()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try "not FITS".write(toFile: "\(directory)/bad.fits", atomically: true, encoding: .utf8)
    let files = ["a.fits", "bad.fits", "b.csv"]
    let stopped = try batch(["--summary", "json"], in: directory, files: files)
    #expect(stopped.status == 65)
    #expect(try statuses(stopped) == ["cleaned", "failed"])
    #expect(stopped.stderr.contains("bad.fits"))
    let going = try batch(["--summary", "json", "--keep-going"], in: directory, files: files)
    #expect(going.status == 65)
    #expect(try statuses(going) == ["skipped", "failed", "cleaned"])
    #expect(going.stderr.contains("3 files: 1 cleaned, 1 up to date, 1 failed"))
    #expect(!FileManager.default.fileExists(atPath: "\(directory)/out/bad_clean.fits"))
  }

  @Test func partsShareTheFiles() throws {
    let directory = try makeInputs()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let first = try batch(["--part", "0/2", "--summary", "json"], in: directory)
    #expect(try statuses(first).count == 2)
    let second = try batch(["--part", "1/2", "--summary", "json"], in: directory)
    #expect(try statuses(second) == ["cleaned"])
    #expect(
      cli.contents("\(directory)/out").filter { !$0.hasSuffix(".json") }
        == ["a_clean.fits", "b_clean.csv", "c_clean.fits"])
  }

  @Test func refusesWhatWouldFailEveryFile() throws {
    let directory = try makeInputs()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try FileManager.default.createDirectory(
      atPath: "\(directory)/sub", withIntermediateDirectories: true)
    try FileManager.default.copyItem(
      atPath: "\(data)/objects.fits", toPath: "\(directory)/sub/a.fits")
    let clash = try batch([], in: directory, files: ["a.fits", "sub/a.fits"])
    #expect(clash.status == 64)
    #expect(clash.stderr.contains("would both be written to out/a_clean.fits"), "\(clash.stderr)")
    let missing = try cli.run(
      [
        "batch", "a.fits", "--contaminants", "\(data)/contaminants.fits", "--maxsep", "1",
        "--output-dir", "nowhere",
      ], in: directory)
    #expect(missing.status == 73)
    #expect(cli.contents("\(directory)/out").isEmpty)
    // A MOC where a file's removed rows would go: refused before any file is cleaned.
    try FileManager.default.createDirectory(
      atPath: "\(directory)/rejected", withIntermediateDirectories: true)
    let onRejected = try batch(
      ["--rejected-dir", "rejected", "--moc", "rejected/a_rejected.fits"], in: directory,
      files: ["a.fits"])
    #expect(onRejected.status == 64, "\(onRejected.stderr)")
    #expect(onRejected.stderr.contains("each output needs a file of its own"))
    #expect(cli.contents("\(directory)/out").isEmpty)
    #expect(cli.contents("\(directory)/rejected").isEmpty)
  }

  /// `--area` and `--moc`: the mask's, measured once, as `skycut area` measures and writes
  /// them; an existing MOC stops the batch before any file unless --overwrite.
  @Test func theMasksAreaAndMOCAreSkycutAreas() throws {
    let directory = try makeInputs()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let run = try batch(["--area", "--moc", "mask.fits", "--summary", "json"], in: directory)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(try statuses(run) == ["cleaned", "cleaned", "cleaned"])
    let single = try cli.run(
      [
        "area", "\(data)/contaminants.fits", "--maxsep", "1", "--moc", "single.fits",
        "--summary", "json",
      ], in: directory)
    #expect(single.status == 0)
    #expect(try bytes("\(directory)/mask.fits") == bytes("\(directory)/single.fits"))
    func area(_ text: String) throws -> [String: Double] {
      let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
      let area = object?["area"] as? [String: Any] ?? [:]
      return area.compactMapValues { $0 as? Double }
    }
    let measured = try area(run.stdout)
    #expect(measured["deg2"] != nil)
    #expect(measured == (try area(single.stdout)))
    #expect(run.stderr.contains("500 contaminants cover 1539.34 deg²"))
    // Again, without --overwrite: the MOC is there, and no file is cleaned.
    let outputs = try FileManager.default.contentsOfDirectory(atPath: "\(directory)/out")
    let again = try batch(["--area", "--moc", "mask.fits", "--overwrite"], in: directory)
    #expect(again.status == 0)
    try FileManager.default.removeItem(atPath: "\(directory)/out/a_clean.fits")
    let refused = try batch(["--moc", "mask.fits"], in: directory)
    #expect(refused.status == 73)
    #expect(refused.stderr.contains("mask.fits: output file exists"))
    #expect(!FileManager.default.fileExists(atPath: "\(directory)/out/a_clean.fits"))
    #expect(outputs.count == 6)
  }
}
