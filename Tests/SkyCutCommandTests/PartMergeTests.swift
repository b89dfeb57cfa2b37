import Foundation
import Testing

/// `--part I/N` and `skycut merge`: the merged parts are the single run's file, byte for byte,
/// for every pairing of formats; and a merge of parts that do not belong together writes
/// nothing.
@Suite struct PartMergeTests {
  let cli = CommandLineTests()
  let data = CommandLineTests.data
  static let corpus: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<2 { url.deleteLastPathComponent() }
    return url.path + "/SkyCutTests/Fixtures/Corpus"
  }()

  func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

  /// Runs the cut whole and in `parts` parts (with `--rejected`), merges the parts in reverse
  /// order, and compares both outputs with the single run's.
  func checkIdentical(
    objects: String, extension ext: String, parts: Int, extra: [String] = []
  ) throws {
    let directory = try cli.makeDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let cut = [objects, "\(data)/contaminants.fits", "--maxsep", "1", "-q"] + extra
    let single = try cli.run(
      cut + ["-o", "single.\(ext)", "--rejected", "single_rejected.\(ext)"], in: directory)
    #expect(single.status == 0, "\(single.stderr)")
    for part in 0..<parts {
      let result = try cli.run(
        cut + [
          "--part", "\(part)/\(parts)", "-o", "clean_\(part).\(ext)", "--rejected",
          "rejected_\(part).\(ext)",
        ], in: directory)
      #expect(result.status == 0, "\(result.stderr)")
    }
    for role in ["clean", "rejected"] {
      let merge = try cli.run(
        ["merge", "-o", "merged_\(role).\(ext)"]
          + (0..<parts).reversed().map { "\(role)_\($0).\(ext)" }, in: directory)
      #expect(merge.status == 0, "\(merge.stderr)")
      let expected = role == "clean" ? "single.\(ext)" : "single_rejected.\(ext)"
      #expect(
        try bytes("\(directory)/merged_\(role).\(ext)") == bytes("\(directory)/\(expected)"),
        "\(objects) → \(ext), \(role), \(parts) parts")
    }
  }

  @Test(arguments: [
    ("objects.fits", "fits"), ("objects.csv", "csv"), ("objects.csv", "fits"),
    ("objects.fits", "csv"), ("objects.fits", "fits.gz"), ("objects.fits", "tsv"),
  ])
  func mergedPartsAreTheSingleRun(objects: String, ext: String) throws {
    try checkIdentical(objects: "\(data)/\(objects)", extension: ext, parts: 3)
  }

  @Test func addedColumnsOnePartAndEmptyParts() throws {
    try checkIdentical(
      objects: "\(data)/objects.fits", extension: "fits", parts: 4,
      extra: ["--flag-column", "NEAR", "--separation-column", "SEP", "--count-column", "N"])
    try checkIdentical(objects: "\(data)/objects.csv", extension: "csv", parts: 1)
    // A table with a CHECKSUM of its own, in 4 parts.
    try checkIdentical(
      objects: "\(Self.corpus)/astropy_fixed.fits", extension: "fits", parts: 4,
      extra: ["--maxsep", "20"])
    // 3 rows in 5 parts: two are empty.
    let directory = try cli.makeDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let tiny = directory + "/tiny.csv"
    try "RA,DEC,NAME\n10,20,a\n11,21,b\n200,-30,c\n".write(
      toFile: tiny, atomically: true, encoding: .utf8)
    try checkIdentical(objects: tiny, extension: "csv", parts: 5)
    try checkIdentical(objects: tiny, extension: "fits", parts: 5)
  }

  @Test func partAutoReadsTheSlurmArray() throws {
    let directory = try cli.makeDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let cut = ["\(data)/objects.fits", "\(data)/contaminants.fits", "--maxsep", "1", "-q"]
    let slurm = [
      "SLURM_ARRAY_TASK_ID": "11", "SLURM_ARRAY_TASK_MIN": "10", "SLURM_ARRAY_TASK_COUNT": "3",
    ]
    let auto = try cli.run(
      cut + ["--part", "auto", "-o", "auto.fits"], in: directory, environment: slurm)
    #expect(auto.status == 0, "\(auto.stderr)")
    let explicit = try cli.run(cut + ["--part", "1/3", "-o", "explicit.fits"], in: directory)
    #expect(explicit.status == 0)
    #expect(try bytes("\(directory)/auto.fits") == bytes("\(directory)/explicit.fits"))
    let record =
      try JSONSerialization.jsonObject(
        with: bytes("\(directory)/auto.fits.skycut.json")) as? [String: Any]
    #expect(record?["part"] as? Int == 1 && record?["parts"] as? Int == 3)
    #expect(record?["first_row"] as? Int == 1667 && record?["end_row"] as? Int == 3334)

    let outside = try cli.run(
      cut + ["--part", "auto", "-o", "outside.fits"], in: directory,
      environment: ["SLURM_ARRAY_TASK_ID": ""])
    #expect(outside.status == 64)
    #expect(outside.stderr.contains("SLURM_ARRAY_TASK_ID"), "\(outside.stderr)")
  }

  /// Parts 0..<3 of the sample, cleaned with `maxsep` degrees, in `directory`.
  func makeParts(in directory: String, maxsep: String = "1", names: String = "p") throws {
    for part in 0..<3 {
      let result = try cli.run(
        [
          "\(data)/objects.fits", "\(data)/contaminants.fits", "--maxsep", maxsep, "-q",
          "--part", "\(part)/3", "-o", "\(names)\(part).fits",
        ], in: directory)
      #expect(result.status == 0, "\(result.stderr)")
    }
  }

  @Test func refusesPartsThatDoNotMakeAWhole() throws {
    let directory = try cli.makeDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try makeParts(in: directory)
    try makeParts(in: directory, maxsep: "2", names: "q")
    let cases: [([String], Int32, String)] = [
      (["p0.fits", "p2.fits"], 64, "part 1/3 missing"),
      (["p0.fits", "p1.fits", "p1.fits", "p2.fits"], 64, "part 1/3 is given twice"),
      (["p0.fits", "q1.fits", "p2.fits"], 64, "other options"),
      (["p0.fits", "p1.fits", "nothere.fits"], 66, "nothere.fits"),
    ]
    for (parts, status, message) in cases {
      let result = try cli.run(["merge", "-o", "out.fits"] + parts, in: directory)
      #expect(result.status == status, "\(parts): \(result.stderr)")
      #expect(result.stderr.contains(message), "\(result.stderr)")
      #expect(!FileManager.default.fileExists(atPath: "\(directory)/out.fits"))
    }
    // A part changed after it was written (one byte of its data).
    let handle = try #require(FileHandle(forUpdatingAtPath: "\(directory)/p1.fits"))
    try handle.seek(toOffset: 5_800)
    try handle.write(contentsOf: Data([0x42]))
    try handle.close()
    let damaged = try cli.run(
      ["merge", "-o", "out.fits", "p0.fits", "p1.fits", "p2.fits"], in: directory)
    #expect(damaged.status == 65)
    #expect(damaged.stderr.contains("p1.fits") && damaged.stderr.contains("damaged or changed"))
    // A part without its record.
    unlink("\(directory)/p2.fits.skycut.json")
    let unrecorded = try cli.run(
      ["merge", "-o", "out.fits", "p0.fits", "q1.fits", "p2.fits"], in: directory)
    #expect(unrecorded.status == 66)
    #expect(unrecorded.stderr.contains("p2.fits.skycut.json"))
    #expect(cli.contents(directory).filter { $0.hasPrefix("out") || $0.hasPrefix(".") }.isEmpty)
  }

  @Test func aTableWithAHeapIsRefusedClearly() throws {
    let directory = try cli.makeDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    for part in 0..<2 {
      let result = try cli.run(
        [
          "\(Self.corpus)/astropy_variable.fits", "\(data)/contaminants.fits", "--maxsep", "1mas",
          "-q", "--part", "\(part)/2", "-o", "v\(part).fits",
        ], in: directory)
      #expect(result.status == 0, "\(result.stderr)")
    }
    let merge = try cli.run(["merge", "-o", "v.fits", "v0.fits", "v1.fits"], in: directory)
    #expect(merge.status == 64)
    #expect(merge.stderr.contains("variable-length arrays"), "\(merge.stderr)")
    #expect(!FileManager.default.fileExists(atPath: "\(directory)/v.fits"))
  }
}
