import Foundation
import Testing

/// The `Examples/` program, built with the tests, runs and gives astropy's answer.
@Suite struct ExampleTests {
  @Test func exampleCleansTheSample() throws {
    let cli = CommandLineTests()
    let directory = try cli.makeDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let data = CommandLineTests.data
    let example = Bundle.main.bundleURL.appendingPathComponent("skycut-example").path
    let result = try cli.run(
      ["\(data)/objects.fits", "\(data)/contaminants.csv", "clean.fits"], in: directory,
      executable: example)
    #expect(result.status == 0, "\(result.stderr)")
    // data/make_samples.py: astropy removes 27 objects with the radii in arcmin capped at 30′.
    #expect(result.stdout.contains("removed 27 of 5000 objects\n"))
    #expect(result.stdout.contains("wrote 27 rejected rows to clean_rejected.csv\n"))
    #expect(cli.contents(directory) == ["clean.fits", "clean_rejected.csv"])
  }

  @Test func completionScriptsKnowEveryOption() throws {
    let cli = CommandLineTests()
    for shell in ["bash", "zsh", "fish"] {
      let result = try cli.run(
        ["--generate-completion-script", shell], in: FileManager.default.temporaryDirectory.path)
      #expect(result.status == 0)
      for option in ["--radius-column", "--flag-column", "--summary", "--rejected", "info"] {
        #expect(result.stdout.contains(option.trimmingCharacters(in: ["-"])), "\(shell) \(option)")
      }
    }
  }
}
