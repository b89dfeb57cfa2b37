import FuzzSupport

/// libFuzzer's callback: each input is taken for a FITS catalogue.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFITS(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  if let data { FuzzCase.run(data, size, suffix: ".fits") }
  return 0
}

/// The fuzzer's entry point (SwiftPM makes `main` an alias of it): libFuzzer's driver.
@_cdecl("FuzzFITS_main")
public func fuzzFITSMain(
  _ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> Int32 {
  runFuzzer(argc, argv) { data, size in fuzzFITS(data, size) }
}
