import Foundation
import Testing

/// HEASARC's fitsverify (`make test` installs Debian's package).
enum Fitsverify {
  /// Expects fitsverify to report no error and no warning for `path`.
  static func expectValid(
    _ path: String, sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/fitsverify")
    process.arguments = ["-q", path]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(output.hasPrefix("verification OK"), "\(output)", sourceLocation: sourceLocation)
    #expect(process.terminationStatus == 0, sourceLocation: sourceLocation)
  }
}
