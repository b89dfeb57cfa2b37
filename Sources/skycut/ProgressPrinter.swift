import Foundation
import SkyCut
import Synchronization

/// Prints a run's progress on standard error: on a terminal, one line rewritten in place
/// once the run has taken a second; with `--progress`, a line per phase and then one a
/// second, terminal or not.
final class ProgressPrinter: Sendable {
  private struct State {
    var lastPrint: Double = -.infinity
    var lastPhase: CleaningProgress.Phase?
    var printedInPlace = false
  }

  private let start = Date()
  private let forced: Bool
  private let terminal: Bool
  private let state = Mutex(State())

  /// A printer, or `nil` when nothing would be printed.
  init?(forced: Bool) {
    terminal = isatty(STDERR_FILENO) == 1
    guard forced || terminal else { return nil }
    self.forced = forced
  }

  func report(_ progress: CleaningProgress) {
    let elapsed = Date().timeIntervalSince(start)
    state.withLock { state in
      let newPhase = progress.phase != state.lastPhase
      state.lastPhase = progress.phase
      let due =
        forced
        ? newPhase || elapsed - state.lastPrint >= 1
        : elapsed >= 1 && elapsed - state.lastPrint >= 0.2
      guard due else { return }
      state.lastPrint = elapsed
      let line = Self.line(progress, elapsed: elapsed)
      if terminal && !forced {
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
        state.printedInPlace = true
      } else {
        FileHandle.standardError.write(Data((line + "\n").utf8))
      }
    }
  }

  /// Clears the line rewritten in place, before the summary is printed.
  func finish() {
    state.withLock { state in
      if state.printedInPlace { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
  }

  static func line(_ progress: CleaningProgress, elapsed: Double) -> String {
    var text = "skycut: \(progress.phase.rawValue)"
    if let total = progress.rowsTotal {
      text += " \(progress.rowsDone) of \(total) rows"
      if progress.rowsDone > 0 && elapsed > 0 {
        let rate = Double(progress.rowsDone) / elapsed
        text += String(format: " (%.1f M rows/s)", rate / 1e6)
      }
    }
    return text
  }
}
