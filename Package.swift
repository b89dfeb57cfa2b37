// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "SkyCut",
  products: [
    .library(name: "SkyCut", targets: ["SkyCut"]),
    .executable(name: "skycut", targets: ["skycut"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
  ],
  targets: [
    .systemLibrary(
      name: "CCFITSIO",
      pkgConfig: "cfitsio",
      providers: [.apt(["libcfitsio-dev"]), .brew(["cfitsio"])]
    ),
    .target(
      name: "SkyCut",
      dependencies: ["CCFITSIO"]
    ),
    .executableTarget(
      name: "skycut",
      dependencies: [
        "SkyCut",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .testTarget(
      name: "SkyCutTests",
      dependencies: ["SkyCut", "CCFITSIO"],
      exclude: ["Fixtures"]
    ),
    .testTarget(
      name: "SkyCutCommandTests",
      dependencies: [
        "skycut", "CCFITSIO",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
  ],
  swiftLanguageModes: [.v6]
)
