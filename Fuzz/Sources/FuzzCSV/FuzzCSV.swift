import FuzzSupport

/// libFuzzer's callback: each input is taken for a CSV catalogue.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  if let data { FuzzCase.run(data, size, suffix: ".csv") }
  return 0
}

/// The fuzzer's entry point (SwiftPM makes `main` an alias of it): libFuzzer's driver.
@_cdecl("FuzzCSV_main")
public func fuzzCSVMain(
  _ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> Int32 {
  runFuzzer(argc, argv) { data, size in fuzzCSV(data, size) }
}
