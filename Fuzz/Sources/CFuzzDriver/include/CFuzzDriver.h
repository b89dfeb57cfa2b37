#ifndef SKYCUT_FUZZ_DRIVER_H
#define SKYCUT_FUZZ_DRIVER_H
#include <stddef.h>
#include <stdint.h>

/// libFuzzer's driver (LLVM 12 and later), for a program that has its own `main`.
int LLVMFuzzerRunDriver(int *argc, char ***argv,
                        int (*callback)(const uint8_t *data, size_t size));

#endif
