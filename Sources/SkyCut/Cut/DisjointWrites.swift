/// A buffer that several threads write at once, each to its own disjoint range.
///
/// `@unchecked Sendable`: correct only when every parallel iteration writes a range no other
/// iteration touches, and the buffer outlives the parallel phase (`ParallelRunner.map` returns
/// only when all iterations are done). Each use states which ranges are written.
struct DisjointWrites<Element>: @unchecked Sendable {
  let base: UnsafeMutablePointer<Element>
}
