#ifndef SKYCUT_CWRITEBACK_H
#define SKYCUT_CWRITEBACK_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <fcntl.h>

/// Asks the kernel to start writing `count` bytes from `offset` of the file open as
/// `descriptor` to its device, without waiting (Linux's `sync_file_range` with
/// `SYNC_FILE_RANGE_WRITE`, which Swift's Glibc module does not declare). A hint: a later
/// `fsync` still waits for the data, but for less of it. Returns 0, or -1 with `errno` set.
static inline int skycut_start_writeback(int descriptor, long long offset, long long count) {
  return sync_file_range(descriptor, offset, count, SYNC_FILE_RANGE_WRITE);
}

#endif
