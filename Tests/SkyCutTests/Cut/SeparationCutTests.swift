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
}
