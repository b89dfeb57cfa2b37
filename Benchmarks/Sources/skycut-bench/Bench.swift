import ArgumentParser
import Dispatch
import Foundation
import SkyCut

/// Times SkyCut's phases on fixed-seed synthetic catalogues or on given files, reporting the
/// median of several repetitions.
@main
struct Bench: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "skycut-bench",
    abstract: "Time index build, cut, and file reading and writing.",
    subcommands: [Cut.self, Files.self])
}

/// Median seconds of `repetitions` runs of `body`.
func median(_ repetitions: Int, _ body: () throws -> Void) rethrows -> Double {
  var times: [Double] = []
  for _ in 0..<repetitions {
    let start = DispatchTime.now()
    try body()
    times.append(Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9)
  }
  return times.sorted()[times.count / 2]
}

func format(_ seconds: Double) -> String { String(format: "%.4f", seconds) }

/// A seeded generator (SplitMix64).
struct SplitMix: RandomNumberGenerator {
  var state: UInt64
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// Uniform points on the sphere, or points in a cap of `capDegrees` around the north pole
/// (or, with `atEquator`, around RA = 0, Dec = 0).
func points(_ count: Int, seed: UInt64, capDegrees: Double? = nil, atEquator: Bool = false)
  -> [UnitVector]
{
  var random = SplitMix(state: seed)
  let zMin = capDegrees.map { cos($0 * .pi / 180) } ?? -1
  return (0..<count).map { _ in
    let z = Double.random(in: zMin...1, using: &random)
    let lon = Double.random(in: 0..<(2 * .pi), using: &random)
    let rho = (1 - z * z).squareRoot()
    let v = UnitVector(x: rho * cos(lon), y: rho * sin(lon), z: z)
    return atEquator ? UnitVector(x: v.z, y: v.y, z: -v.x) : v
  }
}

struct Cut: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Index build and cut on synthetic catalogues (positions already in memory).")

  @Option(help: "Objects.") var objects = 2_000_000
  @Option(help: "Contaminants.") var contaminants = 200_000
  @Option(help: "Radius, e.g. 3arcmin.") var radius = "3arcmin"
  @Option(help: "Repetitions.") var repetitions = 5
  @Option(
    help: "Put all contaminants (and objects) in a cap of this many degrees at the north pole.")
  var capDegrees: Double?
  @Flag(help: "Centre the cap on RA = 0, Dec = 0 instead of the pole.") var atEquator = false

  func run() throws {
    guard let angle = Angle(parsing: radius) else { throw ValidationError("bad --radius") }
    let objectPositions = points(objects, seed: 1, capDegrees: capDegrees, atEquator: atEquator)
    let contaminantPositions = points(
      contaminants, seed: 2, capDegrees: capDegrees, atEquator: atEquator)
    var index = ContaminantIndex(contaminants: contaminantPositions, radius: angle)
    let build = median(repetitions) {
      index = ContaminantIndex(contaminants: contaminantPositions, radius: angle)
    }
    var removed = 0
    var results: [String] = []
    for jobs in Set([1, ProcessInfo.processInfo.activeProcessorCount]).sorted() {
      let cut = SeparationCut(index: index, runner: ParallelRunner(jobs: jobs))
      let seconds = median(repetitions) { removed = cut.matchedRows(of: objectPositions).count }
      results.append("cut_s[jobs=\(jobs)]=\(format(seconds))")
    }
    print(
      "objects=\(objects) contaminants=\(contaminants) radius=\(angle) "
        + "cap=\(capDegrees.map { "\($0)" } ?? "none")\(atEquator ? "@equator" : "") "
        + "removed=\(removed) build_s=\(format(build)) " + results.joined(separator: " "))
  }
}

struct Files: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Read a catalogue and write it back (all rows) in each format; MB/s by input size.")

  @Argument(help: "A catalogue file (FITS or CSV).") var path: String
  @Option(help: "Where to write the copies.") var scratch = "/tmp"
  @Option(help: "Repetitions.") var repetitions = 3
  @Flag(help: "Only read (for profiling the read).") var readOnly = false

  func run() throws {
    let bytes = Double((try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0)
    var catalogue = try Catalogue.read(path: path)
    let read = try median(repetitions) { catalogue = try Catalogue.read(path: path) }
    var line =
      "file=\(path) rows=\(catalogue.rowCount) read_s=\(format(read)) read_MBps=\(Int(bytes / read / 1e6))"
    for ext in readOnly ? [] : ["fits", "csv"] {
      let target = "\(scratch)/skycut-bench-copy.\(ext)"
      let write = try median(repetitions) {
        try catalogue.write(removingRows: [], to: target, options: .init(overwrite: true))
      }
      let written = Double(
        (try FileManager.default.attributesOfItem(atPath: target)[.size] as? Int) ?? 0)
      line += " write_\(ext)_s=\(format(write)) write_\(ext)_MBps=\(Int(written / write / 1e6))"
      try? FileManager.default.removeItem(atPath: target)
    }
    print(line)
  }
}
