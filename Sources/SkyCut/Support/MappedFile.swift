import Foundation

/// A file mapped read-only into memory.
///
/// The streaming cut reads an uncompressed FITS table's rows straight from the mapping: no
/// copy from the page cache into a buffer, and no fresh pages to fault in. The mapping is
/// private and read-only; a file truncated by another process while it is mapped would end
/// the process with SIGBUS, as with any mapped reader.
final class MappedFile: @unchecked Sendable {
  /// The whole file.
  let bytes: UnsafeRawBufferPointer

  /// Maps `path`, or returns `nil` when it cannot be mapped (the caller then reads it).
  init?(path: String) {
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var status = stat()
    guard fstat(descriptor, &status) == 0, status.st_size > 0 else { return nil }
    let size = Int(status.st_size)
    guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0),
      base != MAP_FAILED
    else { return nil }
    madvise(base, size, MADV_SEQUENTIAL)
    bytes = UnsafeRawBufferPointer(start: base, count: size)
  }

  /// Lets the kernel drop the pages of `range` (byte offsets) from this process: they stay in
  /// the page cache, but no longer count towards the process's resident memory, so a long
  /// table streams through in bounded memory.
  func release(_ range: Range<Int>) {
    guard let base = bytes.baseAddress else { return }
    let page = Int(sysconf(Int32(_SC_PAGESIZE)))
    let start = (range.lowerBound + page - 1) / page * page  // whole pages inside the range
    let end = range.upperBound / page * page
    guard end > start else { return }
    madvise(UnsafeMutableRawPointer(mutating: base + start), end - start, MADV_DONTNEED)
  }

  deinit {
    if let base = bytes.baseAddress { munmap(UnsafeMutableRawPointer(mutating: base), bytes.count) }
  }
}
