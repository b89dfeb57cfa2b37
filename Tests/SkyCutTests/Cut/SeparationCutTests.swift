import Testing

@testable import SkyCut

@Suite struct SeparationCutTests {
  static let sample: (objects: [UnitVector], index: ContaminantIndex) = {
    var random = TestRandom(seed: 21)
    let contaminants = (0..<400).map { _ in random.pointOnSphere() }
    let objects = (0..<3001).map { _ in random.pointOnSphere() }
    return (objects, ContaminantIndex(contaminants: contaminants, radius: .degrees(4)))
  }()

  @Test(arguments: [1, 2, 3, 7, 64, 3000, 3001, 3010, 10_000])
  func anyChunkCountGivesTheSequentialAnswer(chunks: Int) {
    let (objects, index) = Self.sample
    let sequential = SeparationCut(index: index, runner: ParallelRunner(jobs: 1), chunkCount: 1)
      .matchedRows(of: objects)
    #expect(!sequential.isEmpty)
    for jobs in [1, 2, 8] {
      let parallel = SeparationCut(
        index: index, runner: ParallelRunner(jobs: jobs), chunkCount: chunks
      )
      .matchedRows(of: objects)
      #expect(parallel == sequential, "jobs \(jobs), chunks \(chunks)")
    }
  }

  @Test func resultIsSortedOriginalRowNumbers() {
    let (objects, index) = Self.sample
    let rows = SeparationCut(index: index, runner: ParallelRunner(jobs: 2), chunkCount: 7)
      .matchedRows(of: objects)
    #expect(rows == rows.sorted())
    #expect(Set(rows).count == rows.count)
    #expect(rows == objects.indices.filter { index.containsMatch(for: objects[$0]) })
  }

  @Test func parallelRunnerKeepsChunkOrder() {
    let splitter = ChunkSplitter(count: 100, chunks: 13)
    let results = ParallelRunner(jobs: 4).map(splitter) { $0 }
    #expect(results == splitter.ranges)
  }

  @Test(arguments: [Angle.arcseconds(1), .arcminutes(10), .degrees(2), .degrees(45)])
  func zoneOrderedKernelGivesTheBruteForceAnswer(radius: Angle) {
    var random = TestRandom(seed: 31)
    let contaminants = (0..<3000).map { _ in random.pointOnSphere() }
    var objects = (0..<4000).map { _ in random.pointOnSphere() }
    for c in contaminants.prefix(300) {
      objects.append(
        random.point(at: radius.radians * Double.random(in: 0.9...1.1, using: &random), from: c))
    }
    let index = ContaminantIndex(contaminants: contaminants, radius: radius)
    let exact = bruteForceMatches(objects: objects, contaminants: contaminants, radius: radius)
    for threshold in [0, Int.max] {
      var points = objects.map { QueryPoint($0, longitude: $0.longitude) }
      let rows = points.withUnsafeMutableBufferPointer {
        CutKernel.matchedRows($0, index: index, zoneOrderAbove: threshold)
      }
      #expect(rows == exact, "threshold \(threshold)")
      // Positions given as longitude/latitude, with x and y computed lazily.
      var lazy = objects.map { QueryPoint(longitude: $0.longitude, latitude: $0.latitude) }
      let lazyRows = lazy.withUnsafeMutableBufferPointer {
        CutKernel.matchedRows($0, index: index, zoneOrderAbove: threshold)
      }
      let fromAngles = objects.map { UnitVector(longitude: $0.longitude, latitude: $0.latitude) }
      #expect(
        lazyRows
          == bruteForceMatches(objects: fromAngles, contaminants: contaminants, radius: radius))
    }
  }
}
