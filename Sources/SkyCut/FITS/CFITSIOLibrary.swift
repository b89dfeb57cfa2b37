import CCFITSIO
import Foundation

/// The CFITSIO library SkyCut is linked with, and the one rule for calling it from threads.
///
/// SkyCut never shares a `fitsfile` between threads: each ``FITSFile`` is used by the thread
/// that opened it, and the parallel cut works on bytes already read. Different files may
/// still be open on different threads (a library user reading two catalogues at once), which
/// is safe only when CFITSIO was built reentrant. That is checked once, here; when it was
/// not, every CFITSIO call SkyCut makes takes one process-wide lock.
enum CFITSIOLibrary {
  /// Whether CFITSIO was built thread-safe (`fits_is_reentrant`); Debian's build is.
  static let isReentrant: Bool = fits_is_reentrant() != 0

  /// CFITSIO's version number (`ffvers`), e.g. 4.02.
  static let version: Float = {
    var number: Float = 0
    return ffvers(&number)
  }()

  private static let lock = NSLock()

  /// Runs `body`, which calls CFITSIO, under the process-wide lock when CFITSIO is not
  /// reentrant.
  static func serialized<Result>(_ body: () -> Result) -> Result {
    if isReentrant { return body() }
    lock.lock()
    defer { lock.unlock() }
    return body()
  }
}
