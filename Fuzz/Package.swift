// swift-tools-version:6.0
import PackageDescription

// libFuzzer fuzzers for SkyCut's readers, kept out of the main package: they are built with
// `-sanitize=fuzzer,address` (see `make fuzz` in the top-level Makefile).
//
// SwiftPM links an executable with `main` defined as `<Module>_main`, which libFuzzer's own
// `main` cannot replace; so each fuzzer defines `<Module>_main` and hands over to libFuzzer's
// driver, `LLVMFuzzerRunDriver`.
let package = Package(
  name: "SkyCutFuzz",
  dependencies: [.package(name: "SkyCut", path: "..")],
  targets: [
    .target(name: "CFuzzDriver"),
    .target(
      name: "FuzzSupport",
      dependencies: ["CFuzzDriver", .product(name: "SkyCut", package: "SkyCut")]),
    .executableTarget(name: "FuzzCSV", dependencies: ["FuzzSupport"]),
    .executableTarget(name: "FuzzFITS", dependencies: ["FuzzSupport"]),
  ],
  swiftLanguageModes: [.v6]
)
