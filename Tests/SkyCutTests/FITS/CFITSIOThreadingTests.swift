import Foundation
import Testing

@testable import SkyCut

/// CFITSIO from several threads: each thread its own `fitsfile`, never one shared.
@Suite struct CFITSIOThreadingTests {
  @Test func reentrancyIsCheckedOnce() {
    // Debian's CFITSIO is built reentrant; were it not, SkyCut would serialize its calls.
    #expect(CFITSIOLibrary.isReentrant)
    #expect(CFITSIOLibrary.version >= 3.4)
  }

  @Test func catalogueReadsOnManyThreadsAtOnceAgree() throws {
    let paths = ["objects.fits", "contaminants.fits", "objects_thetaphi.fits"].map {
      repositoryRoot + "/data/" + $0
    }
    let expected = try paths.map { try Catalogue.read(path: $0).positions }
    let results = ResultSlots(count: 24)
    DispatchQueue.concurrentPerform(iterations: results.count) { index in
      results.set(index, try? Catalogue.read(path: paths[index % paths.count]).positions)
    }
    for index in 0..<results.count {
      #expect(results.get(index) == expected[index % paths.count])
    }
  }
}

/// One result per thread, behind a lock.
private final class ResultSlots: @unchecked Sendable {
  private let lock = NSLock()
  private var slots: [[UnitVector]?]
  init(count: Int) { slots = Array(repeating: nil, count: count) }
  var count: Int { slots.count }
  func set(_ index: Int, _ value: [UnitVector]?) { lock.withLock { slots[index] = value } }
  func get(_ index: Int) -> [UnitVector]? { lock.withLock { slots[index] } }
}
