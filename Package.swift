// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "SkyCut",
  products: [
    .library(name: "SkyCut", targets: ["SkyCut"]),
    .executable(name: "skycut", targets: ["skycut"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    // Mask files (YAML), with the line of each node for error messages.
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    // `swift package generate-documentation --target SkyCut` (make docs); a plugin only.
    .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
  ],
  targets: [
    // CFITSIO (Debian's libcfitsio-dev), linked statically so that its libcurl is loaded only
    // when a URL is opened (curl_on_demand.c): start-up is part of every small run.
    .target(
      name: "CCFITSIO",
      linkerSettings: [
        .linkedLibrary(":libcfitsio.a"), .linkedLibrary("z"), .linkedLibrary("bz2"),
        .linkedLibrary("m"),
      ]
    ),
    .systemLibrary(
      name: "CERFA",
      pkgConfig: "erfa",
      providers: [.apt(["liberfa-dev"]), .brew(["erfa"])]
    ),
    // Linked statically (module.modulemap): the shared library would load CFITSIO's.
    .systemLibrary(
      name: "CHEALPix",
      providers: [.apt(["libchealpix-dev"]), .brew(["healpix"])]
    ),
    // A cache prefetch hint for the index's queries (`__builtin_prefetch`).
    .target(name: "CPrefetch"),
    // Starting a text output's writeback early (`sync_file_range`).
    .target(name: "CWriteback"),
    .target(
      name: "SkyCut",
      dependencies: [
        "CPrefetch", "CWriteback", "CCFITSIO", "CERFA", "CHEALPix",
        .product(name: "Yams", package: "Yams"),
      ]
    ),
    .executableTarget(
      name: "skycut",
      dependencies: [
        "SkyCut",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    // An example of the library in use, with the public API only; the tests run it.
    .executableTarget(
      name: "skycut-example",
      dependencies: ["SkyCut"],
      path: "Examples/CleanCatalogue"
    ),
    .testTarget(
      name: "SkyCutTests",
      dependencies: ["SkyCut", "CCFITSIO"],
      exclude: ["Fixtures"]
    ),
    .testTarget(
      name: "SkyCutCommandTests",
      dependencies: [
        "skycut", "skycut-example", "CCFITSIO",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      // The recorded output hashes, read by path.
      exclude: ["Golden"]
    ),
  ],
  swiftLanguageModes: [.v6]
)
