import Foundation

/// A fresh directory for one test, removed when the value is released.
final class TemporaryDirectory {
  let path: String

  init() throws {
    let base = FileManager.default.temporaryDirectory.path
    path = base + "/skycut-tests-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(atPath: path) }

  /// A path inside the directory.
  func file(_ name: String) -> String { path + "/" + name }

  /// The names of the files in the directory, sorted (hidden ones too).
  func contents() -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
  }

  /// Writes text to a file in the directory and returns its path.
  @discardableResult
  func write(_ text: String, to name: String) throws -> String {
    let target = file(name)
    try Data(text.utf8).write(to: URL(fileURLWithPath: target))
    return target
  }
}

/// The repository's root, for tests that read `data/`.
let repositoryRoot: String = {
  var url = URL(fileURLWithPath: #filePath)
  for _ in 0..<4 { url.deleteLastPathComponent() }
  return url.path
}()

/// The path of a committed fixture.
func fixturePath(_ name: String) -> String {
  repositoryRoot + "/Tests/SkyCutTests/Fixtures/" + name
}
