import Foundation

/// The temporary output files in progress, so that an interrupted run can remove them.
///
/// The output writer registers its temporary paths here; a command-line program calls
/// ``removeOnTerminationSignals()`` once to have SIGINT, SIGTERM and SIGHUP remove them before
/// the process dies. The registry is a fixed table of C strings, because a signal handler may
/// only call async-signal-safe functions such as `unlink`.
package enum TemporaryFiles {
  private static let capacity = 16
  // Written only by `register`/`unregister` (under `lock`), read by the signal handler.
  nonisolated(unsafe) private static let table: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> =
    {
      let table = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: capacity)
      table.initialize(repeating: nil, count: capacity)
      return table
    }()
  private static let lock = NSLock()

  /// Adds a path to remove if the process is interrupted.
  static func register(_ path: String) {
    lock.lock()
    defer { lock.unlock() }
    for slot in 0..<capacity where table[slot] == nil {
      table[slot] = strdup(path)
      return
    }
  }

  /// Forgets a path (after it was renamed into place or removed).
  static func unregister(_ path: String) {
    lock.lock()
    defer { lock.unlock() }
    for slot in 0..<capacity {
      if let entry = table[slot], String(cString: entry) == path {
        table[slot] = nil
        free(entry)
      }
    }
  }

  /// Installs handlers for SIGINT, SIGTERM and SIGHUP that remove the registered temporary
  /// files and then let the signal end the process as it would have; and ignores SIGXFSZ,
  /// so that a file-size limit makes a write fail with an error instead of killing the
  /// process before it can clean up.
  package static func removeOnTerminationSignals() {
    _ = table  // allocate before any signal can arrive
    // A parent may have started us with these signals blocked (a blocked signal is inherited
    // across exec); unblock them, before any worker thread inherits this thread's mask.
    var unblock = sigset_t()
    sigemptyset(&unblock)
    for signalNumber in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&unblock, signalNumber) }
    pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
    for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
      signal(signalNumber) { received in
        for slot in 0..<TemporaryFiles.capacity {
          if let path = TemporaryFiles.table[slot] { unlink(path) }
        }
        signal(received, SIG_DFL)
        raise(received)
      }
    }
    signal(SIGXFSZ, SIG_IGN)
  }
}
