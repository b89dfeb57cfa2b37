import CFuzzDriver
import Foundation
import SkyCut

/// One fuzz input run through SkyCut as the command would: read it as a catalogue, and when
/// that works, cut it against a few contaminants and write the result in every format.
///
/// Any error SkyCut throws is a pass (bad input must give an error); a crash, a sanitizer
/// report or a broken invariant (checked with `fatalError`, which libFuzzer records) is a
/// failure.
public enum FuzzCase {
  /// A scratch directory in memory, one per fuzzing process.
  static let directory: String = {
    let base =
      FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
    let path = base + "/skycut-fuzz-\(getpid())"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }()

  /// Three contaminants, written once.
  static let contaminants: String = {
    let path = directory + "/contaminants.csv"
    let text = "RA,DEC\n0,0\n180,-45\n359.9999,89.9\n"
    _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
    return path
  }()

  /// Runs one input, given as libFuzzer's bytes, stored under a name with `suffix`.
  public static func run(_ data: UnsafePointer<UInt8>, _ size: Int, suffix: String) {
    let input = directory + "/input" + suffix
    let bytes = Data(bytes: data, count: size)
    guard FileManager.default.createFile(atPath: input, contents: bytes) else {
      fatalError("cannot write the fuzz input to \(input)")
    }
    // The input's length picks the policy for invalid coordinates, so all three are fuzzed.
    let policies: [InvalidRowPolicy] = [.error, .drop, .keep]
    let options = CatalogueReadOptions(invalidRows: policies[size % 3])
    guard let catalogue = try? Catalogue.read(path: input, options: options) else { return }
    guard let stars = try? Catalogue.read(path: contaminants) else {
      fatalError("cannot read the fixed contaminants")
    }
    guard let removed = try? catalogue.cut(against: [stars], radius: .degrees(1)).rows else {
      fatalError("the cut of a catalogue that was read failed")
    }
    if removed.contains(where: { $0 < 0 || $0 >= catalogue.rowCount })
      || removed != removed.sorted()
    {
      fatalError("removed rows out of range or unsorted: \(removed)")
    }
    for output in ["out.fits", "out.csv", "out.fits.gz"] {
      try? catalogue.write(
        removingRows: removed, to: directory + "/" + output, options: .init(overwrite: true))
    }
    // The whole run as the command does it, streaming when the input allows.
    _ = try? CatalogueCleaner.clean(
      CleaningRequest(
        objectsPath: input, contaminantsPath: contaminants, radius: .arcminutes(30),
        outputPath: directory + "/cleaned" + suffix, overwrite: true, objectOptions: options))
  }
}

/// Runs libFuzzer's driver with the process's arguments and `callback` for each input.
public func runFuzzer(
  _ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
  _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32 {
  var count = argc
  var arguments = argv
  return LLVMFuzzerRunDriver(&count, &arguments, callback)
}
