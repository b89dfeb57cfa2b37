#ifndef SKYCUT_CPREFETCH_H
#define SKYCUT_CPREFETCH_H

/// Asks the memory system to bring the cache line holding `address` into cache, without
/// waiting for it: the index's queries name the lines their next queries will read (Swift has
/// no prefetch of its own). Inlined into the Swift callers.
static inline void skycut_prefetch(const void *address) {
  __builtin_prefetch(address, 0, 3);
}

#endif
