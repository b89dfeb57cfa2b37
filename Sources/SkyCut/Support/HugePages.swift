import Foundation

/// Asks the kernel to back a large buffer with 2 MiB pages, before its first write.
///
/// A buffer of tens of megabytes is otherwise faulted in 4 KiB at a time on first write, and
/// on this project's machine (a VM with memory accounting) a fault costs microseconds, more
/// with two threads faulting at once: a fifth of preparing a mask of 10⁶ stars went to page
/// faults in `perf`. With transparent huge pages in `madvise` mode (Debian's default) only
/// advised memory gets them; in `always` mode this changes nothing, and in `never` mode the
/// kernel ignores it. A hint: it changes no byte of the buffer.
enum HugePages {
  static let size = 2 << 20

  /// Advises the whole 2 MiB pages within `count` bytes from `start`, when there are any.
  static func advise(_ start: UnsafeMutableRawPointer, count: Int) {
    let first = (Int(bitPattern: start) + size - 1) / size * size
    let end = (Int(bitPattern: start) + count) / size * size
    guard end > first, let base = UnsafeMutableRawPointer(bitPattern: first) else { return }
    madvise(base, end - first, MADV_HUGEPAGE)
  }

  /// `UnsafeMutablePointer<T>.allocate(capacity:)`, advised.
  static func allocate<T>(_ type: T.Type, capacity: Int) -> UnsafeMutablePointer<T> {
    let pointer = UnsafeMutablePointer<T>.allocate(capacity: capacity)
    advise(UnsafeMutableRawPointer(pointer), count: capacity * MemoryLayout<T>.stride)
    return pointer
  }
}
