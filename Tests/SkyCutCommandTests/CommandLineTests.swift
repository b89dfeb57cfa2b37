import CCFITSIO
import Foundation
import Testing

/// Runs the built `skycut` binary and checks stdout, stderr, exit status and files.
@Suite struct CommandLineTests {
  struct Run {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  static var binary: String {
    // swift test runs from the package's build products directory.
    Bundle.main.bundleURL.appendingPathComponent("skycut").path
  }

  static let data: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path + "/data"
  }()

  /// Runs the binary in `directory`; `input` is a file to give it on standard input, and
  /// `environment` variables to add to the inherited ones.
  func run(
    _ arguments: [String], in directory: String, executable: String? = nil, input: String? = nil,
    environment: [String: String] = [:]
  ) throws -> Run {
    let process = Process()
    if !environment.isEmpty {
      process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    }
    if let input { process.standardInput = FileHandle(forReadingAtPath: input) }
    process.executableURL = URL(fileURLWithPath: executable ?? Self.binary)
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Run(
      status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
      stderr: String(decoding: stderr, as: UTF8.self))
  }

  func makeDirectory() throws -> String {
    let path = FileManager.default.temporaryDirectory.path + "/skycut-cli-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  func contents(_ directory: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
  }

  @Test func cleansTheSampleWithTheDefaultOutputName() throws {
    let directory = try makeDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let result = try run(
      ["\(Self.data)/objects.fits", "\(Self.data)/contaminants.fits", "--maxsep", "1.0"],
      in: directory)
    #expect(result.status == 0)
    #expect(result.stdout == "")
    #expect(
      result.stderr.hasPrefix(
        "skycut: read 5000 objects and 500 contaminants; removed 159, kept 4841; "
          + "wrote objects_clean.fits in "))
    #expect(result.stderr.hasSuffix(" s\n"))
    #expect(contents(directory) == ["objects_clean.fits"])

    // Again: the output exists now.
    let again = try run(
      ["\(Self.data)/objects.fits", "\(Self.data)/contaminants.fits", "--maxsep", "1.0"],
      in: directory)
    #expect(again.status == 73)
    #expect(
      again.stderr
        == "skycut: error: objects_clean.fits: output file exists; pass --overwrite to replace it\n"
    )
    let forced = try run(
      [
        "\(Self.data)/objects.fits", "\(Self.data)/contaminants.fits", "--maxsep", "1.0",
        "--overwrite", "-q",
      ],
      in: directory)
    #expect(forced.status == 0)
    #expect(forced.stderr == "" && forced.stdout == "")
    #expect(contents(directory) == ["objects_clean.fits"])
  }

  @Test func missingInputFile() throws {
    let directory = try makeDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let result = try run(
      ["nope.fits", "\(Self.data)/contaminants.fits", "--maxsep", "1"], in: directory)
    #expect(result.status == 66)
    #expect(result.stderr == "skycut: error: nope.fits: no such file\n")
    #expect(contents(directory).isEmpty)
  }

  @Test func missingColumn() throws {
    let directory = try makeDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let result = try run(
      [
        "\(Self.data)/objects.csv", "\(Self.data)/contaminants.csv", "--maxsep", "1",
        "--object-columns", "RA,DECL", "-o", "out.csv",
      ],
      in: directory)
    #expect(result.status == 65)
    #expect(
      result.stderr
        == "skycut: error: \(Self.data)/objects.csv: no column 'DECL'; the columns are 'ID', 'RA', "
        + "'DEC', 'MAG_G', 'MAG_R', 'FLAGS', 'NAME'\n")
    #expect(contents(directory).isEmpty)
  }

  @Test(arguments: [
    ("0", "Error: --maxsep must be greater than zero."),
    ("-2", "Error: --maxsep must be greater than zero."),
    ("190", "Error: --maxsep must be at most 180 degrees."),
    ("1parsec", "Error: The value '1parsec' is invalid for '--maxsep <angle>'"),
  ])
  func badMaxsepIsAUsageError(value: String, message: String) throws {
    let directory = try makeDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let result = try run(
      ["\(Self.data)/objects.fits", "\(Self.data)/contaminants.fits", "--maxsep=\(value)"],
      in: directory)
    #expect(result.status == 64)
    #expect(result.stderr.hasPrefix(message))
    #expect(result.stderr.contains("Usage: skycut"))
    #expect(contents(directory).isEmpty)
  }

  @Test func unwritableOutputDirectory() throws {
    let directory = try makeDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let result = try run(
      [
        "\(Self.data)/objects.fits", "\(Self.data)/contaminants.fits", "--maxsep", "1", "-o",
        "missing/out.fits",
      ],
      in: directory)
    #expect(result.status == 73)
    #expect(
      result.stderr
        == "skycut: error: missing/out.fits: cannot create output: directory 'missing' does not exist\n"
    )
  }

  @Test func helpDocumentsExitCodesAndUnits() throws {
    let result = try run(["--help"], in: FileManager.default.temporaryDirectory.path)
    #expect(result.status == 0)
    for text in [
      "--maxsep <angle>", "arcsec", "--overwrite", "--jobs", "65 bad input data", "73 output",
    ] {
      #expect(result.stdout.contains(text), "help lacks '\(text)'")
    }
  }

  /// The cut is what runs unless a subcommand or `--version` is named (`main()` routes it).
  @Test func theCutRunsUnlessASubcommandIsNamed() throws {
    let here = FileManager.default.temporaryDirectory.path
    let version = try run(["--version"], in: here)
    #expect(version.status == 0)
    #expect(version.stdout.first?.isNumber == true)
    let alone = try run([], in: here)
    #expect(alone.status == 64)
    #expect(alone.stderr.contains("Missing expected argument '<objects>'"))
    let cutHelp = try run(["--help"], in: here)
    #expect(cutHelp.stdout.contains("USAGE: skycut [<options>] <objects> [<contaminants> ...]"))
    let help = try run(["help"], in: here)
    #expect(help.status == 0)
    for subcommand in ["cut", "batch", "profile", "area", "merge", "info"] {
      #expect(help.stdout.contains("\n  \(subcommand) "), "help lacks \(subcommand)")
    }
    let info = try run(["info", "\(Self.data)/objects.fits"], in: here)
    #expect(info.status == 0)
    let completion = try run(["--generate-completion-script", "bash"], in: here)
    #expect(completion.status == 0)
    #expect(completion.stdout.hasPrefix("#!/bin/bash"))
    // A file named like nothing else is the cut's objects.
    let cut = try run(
      ["\(Self.data)/objects.fits", "\(Self.data)/contaminants.fits", "--maxsep", "1", "-o", "-"],
      in: here)
    #expect(cut.status == 0)
    #expect(cut.stderr.contains("removed"))
  }
}

/// Interrupted and failing writes leave nothing behind.
@Suite struct InterruptedRunTests {
  static let data = CommandLineTests.data

  /// A FITS table of `rows` random positions (big enough that a debug build takes a while to
  /// cut it), written with CFITSIO.
  func bigTable(rows: Int, in directory: String) throws -> String {
    let path = directory + "/big.fits"
    var status: Int32 = 0
    var random = SystemRandomNumberGenerator()
    var ra = (0..<rows).map { _ in Double.random(in: 0..<360, using: &random) }
    var dec = (0..<rows).map { _ in Double.random(in: -90...90, using: &random) }
    var file: UnsafeMutablePointer<fitsfile>?
    ffdkinit(&file, path, &status)
    var names = [strdup("RA"), strdup("DEC")]
    var formats = [strdup("D"), strdup("D")]
    defer { for pointer in names + formats { free(pointer) } }
    ffcrtb(file, BINARY_TBL, LONGLONG(rows), 2, &names, &formats, nil, "BIG", &status)
    ffpcld(file, 1, 1, 1, LONGLONG(rows), &ra, &status)
    ffpcld(file, 2, 1, 1, LONGLONG(rows), &dec, &status)
    ffclos(file, &status)
    #expect(status == 0)
    return path
  }

  @Test func sigtermRemovesTheTemporaryFile() throws {
    let tests = CommandLineTests()
    let directory = try tests.makeDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let objects = try bigTable(rows: 3_000_000, in: directory)
    let output = directory + "/out"
    try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: CommandLineTests.binary)
    process.arguments = [
      objects, "\(Self.data)/contaminants.fits", "--maxsep", "1", "-o", output + "/clean.fits",
    ]
    process.standardError = FileHandle.nullDevice
    try process.run()
    // Wait for the temporary file to appear, then interrupt.
    var sawTemporary = false
    for _ in 0..<2000 where process.isRunning {
      if tests.contents(output).contains(where: { $0.hasPrefix(".clean.fits.skycut-") }) {
        sawTemporary = true
        break
      }
      usleep(500)
    }
    process.terminate()  // SIGTERM
    process.waitUntilExit()
    #expect(sawTemporary, "the run ended before its temporary file was seen")
    #expect(process.terminationReason == .uncaughtSignal)
    #expect(process.terminationStatus == SIGTERM)
    #expect(tests.contents(output).isEmpty)
  }

  @Test func fileSizeLimitGivesAnIOErrorAndNoOutput() throws {
    let tests = CommandLineTests()
    let directory = try tests.makeDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    // `ulimit -f 64`: at most 64 KiB per file; the cleaned sample is 230 KiB.
    let result = try tests.run(
      [
        "-c",
        "ulimit -f 64; exec '\(CommandLineTests.binary)' '\(Self.data)/objects.fits' "
          + "'\(Self.data)/contaminants.fits' --maxsep 1 -o clean.fits",
      ],
      in: directory, executable: "/bin/sh")
    #expect(result.status == 74)
    #expect(result.stderr.hasPrefix("skycut: error: clean.fits[1], row "))
    #expect(result.stderr.contains(": error writing to FITS file (CFITSIO status 106 in ffptbb)"))
    #expect(tests.contents(directory).isEmpty)
  }
}
