// libFuzzer itself provides LLVMFuzzerRunDriver; this target only declares it.
