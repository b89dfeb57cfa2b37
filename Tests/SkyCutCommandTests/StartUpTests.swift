import Foundation
import Testing

/// What the binary loads when it starts: start-up is part of every small run, and libcurl's
/// two dozen libraries (which CFITSIO's shared library would bring) cost more than a small cut.
@Suite struct StartUpTests {
  let cli = CommandLineTests()

  @Test func aCutLoadsNoNetworkLibraries() throws {
    let directory = try cli.makeDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let data = CommandLineTests.data
    // glibc's loader lists every library it loads on standard error.
    let result = try cli.run(
      ["\(data)/objects.fits", "\(data)/contaminants.fits", "--maxsep", "1", "-o", "out.fits"],
      in: directory, environment: ["LD_DEBUG": "libs"])
    #expect(result.status == 0)
    #expect(result.stderr.contains("calling init"))
    for library in ["libcurl", "libgnutls", "libcfitsio.so", "libchealpix.so"] {
      #expect(!result.stderr.contains(library), "\(library) was loaded")
    }
  }
}
