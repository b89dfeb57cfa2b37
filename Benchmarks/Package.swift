// swift-tools-version:6.0
import PackageDescription

// Benchmarks for SkyCut, kept out of the main package so that `swift test` never runs them.
//   swift run -c release --package-path Benchmarks skycut-bench --help
let package = Package(
  name: "SkyCutBenchmarks",
  dependencies: [
    .package(name: "SkyCut", path: ".."),
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
  ],
  targets: [
    .executableTarget(
      name: "skycut-bench",
      dependencies: [
        .product(name: "SkyCut", package: "SkyCut"),
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    )
  ],
  swiftLanguageModes: [.v6]
)
