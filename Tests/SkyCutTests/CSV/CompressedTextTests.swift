import Foundation
import Testing

@testable import SkyCut

/// `.csv.gz` (Gaia DR3 ships as 3,386 of them): read through zlib as the plain file reads,
/// several gzip members as one, written gzipped; a cut-short stream is an error naming it.
@Suite struct CompressedTextTests {
  let data = repositoryRoot + "/data"

  func gzip(_ path: String, to target: String, members: Int = 1) throws {
    let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
    var output = Data()
    // Split into `members` gzip members, as `cat a.gz b.gz` makes.
    let size = (bytes.count + members - 1) / members
    for start in stride(from: 0, to: bytes.count, by: size) {
      let piece = bytes[start..<min(start + size, bytes.count)]
      let process = Process()
      process.executableURL = URL(fileURLWithPath: "/bin/gzip")
      process.arguments = ["-c"]
      let input = Pipe()
      let result = Pipe()
      process.standardInput = input
      process.standardOutput = result
      try process.run()
      input.fileHandleForWriting.write(piece)
      try input.fileHandleForWriting.close()
      output.append(result.fileHandleForReading.readDataToEndOfFile())
      process.waitUntilExit()
    }
    try output.write(to: URL(fileURLWithPath: target))
  }

  @Test(arguments: [1, 3])
  func readsAsThePlainFile(members: Int) throws {
    let directory = try TemporaryDirectory()
    try gzip(data + "/objects.csv", to: directory.file("objects.csv.gz"), members: members)
    for (input, output) in [
      (data + "/objects.csv", "plain.csv"), (directory.file("objects.csv.gz"), "zipped.csv"),
    ] {
      var request = CleaningRequest(
        objectsPath: input, contaminantsPath: data + "/contaminants.fits", radius: .degrees(1),
        outputPath: directory.file(output))
      request.blockBytes = 4096
      let summary = try CatalogueCleaner.clean(request)
      #expect(summary.removed == 159)
    }
    #expect(
      FileManager.default.contents(atPath: directory.file("plain.csv"))
        == FileManager.default.contents(atPath: directory.file("zipped.csv")))
  }

  @Test func writesGzippedText() throws {
    let directory = try TemporaryDirectory()
    let request = CleaningRequest(
      objectsPath: data + "/objects.fits", contaminantsPath: data + "/contaminants.fits",
      radius: .degrees(1), outputPath: directory.file("clean.csv.gz"))
    _ = try CatalogueCleaner.clean(request)
    let back = try Catalogue.read(path: directory.file("clean.csv.gz"))
    #expect(back.rowCount == 4841)
    let bytes = try Data(contentsOf: URL(fileURLWithPath: directory.file("clean.csv.gz")))
    #expect(bytes.prefix(2) == Data([0x1f, 0x8b]))
  }

  @Test func aStreamCutShortIsNamed() throws {
    let directory = try TemporaryDirectory()
    try gzip(data + "/objects.csv", to: directory.file("whole.csv.gz"))
    let whole = try Data(contentsOf: URL(fileURLWithPath: directory.file("whole.csv.gz")))
    try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: directory.file("cut.csv.gz")))
    let request = CleaningRequest(
      objectsPath: directory.file("cut.csv.gz"), contaminantsPath: data + "/contaminants.fits",
      radius: .degrees(1), outputPath: directory.file("out.csv"))
    #expect {
      _ = try CatalogueCleaner.clean(request)
    } throws: { error in
      "\(error)".hasPrefix(directory.file("cut.csv.gz") + ": not a complete gzip stream")
        && (error as? CatalogueError)?.category == .dataError
    }
    #expect(!FileManager.default.fileExists(atPath: directory.file("out.csv")))
  }
}
