/// A set of rows of a catalogue, as sorted 0-based row numbers.
struct RowSelection: Sendable {
  /// The selected rows, strictly increasing.
  let rows: [Int]
  /// The number of rows in the catalogue.
  let total: Int

  /// The rows of `0 ..< total` that are not in `removed` (sorted, 0-based).
  static func complement(of removed: [Int], total: Int) -> RowSelection {
    var kept: [Int] = []
    kept.reserveCapacity(total - removed.count)
    var next = 0
    for row in removed {
      while next < row {
        kept.append(next)
        next += 1
      }
      next = row + 1
    }
    while next < total {
      kept.append(next)
      next += 1
    }
    return RowSelection(rows: kept, total: total)
  }

  /// The union of two increasing lists of rows, increasing. Written straight into its
  /// storage: an `append` per row cost as much again in uniqueness checks.
  static func merged(_ a: [Int], _ b: [Int]) -> [Int] {
    if b.isEmpty { return a }
    if a.isEmpty { return b }
    return a.withUnsafeBufferPointer { a in
      b.withUnsafeBufferPointer { b in
        [Int](uninitializedCount: a.count + b.count) { result, count in
          var (i, j, k) = (0, 0, 0)
          while i < a.count && j < b.count {
            let (x, y) = (a[i], b[j])
            result[k] = min(x, y)
            if x <= y { i += 1 }
            if y <= x { j += 1 }
            k += 1
          }
          while i < a.count {
            result[k] = a[i]
            (i, k) = (i + 1, k + 1)
          }
          while j < b.count {
            result[k] = b[j]
            (j, k) = (j + 1, k + 1)
          }
          count = k
        }
      }
    }
  }

  /// Merges `count` increasing rows, `other(0) < other(1) < …`, into the `existing`
  /// increasing rows at `rows`, in place and from the back (`rows` has room for both, and no
  /// row is in both); returns how many rows `rows` then holds.
  @inline(__always)
  static func merge(
    into rows: UnsafeMutablePointer<Int>, existing: Int, count: Int, _ other: (Int) -> Int
  ) -> Int {
    var (i, j, k) = (existing - 1, count - 1, existing + count - 1)
    while j >= 0 {
      let next = other(j)
      if i >= 0 && rows[i] > next {
        rows[k] = rows[i]
        i -= 1
      } else {
        rows[k] = next
        j -= 1
      }
      k -= 1
    }
    return existing + count
  }

  /// The selected rows as runs of consecutive rows.
  var runs: [Range<Int>] {
    var runs: [Range<Int>] = []
    var index = 0
    while index < rows.count {
      let start = rows[index]
      var end = start + 1
      index += 1
      while index < rows.count && rows[index] == end {
        end += 1
        index += 1
      }
      runs.append(start..<end)
    }
    return runs
  }
}

/// Packing selected rows of a block of whole FITS rows for writing.
enum RowPacking {
  /// Copies the rows of `runs` (block-relative, increasing) of `block` one after another into
  /// `packed`, a run in one copy, and returns the packed bytes.
  static func pack(
    runs: [Range<Int>], of block: UnsafeRawPointer, width: Int,
    into packed: UnsafeMutableRawBufferPointer
  ) -> UnsafeRawBufferPointer {
    guard let target = packed.baseAddress else { return UnsafeRawBufferPointer(packed) }
    var written = 0
    for run in runs {
      (target + written).copyMemory(
        from: block + run.lowerBound * width, byteCount: run.count * width)
      written += run.count * width
    }
    return UnsafeRawBufferPointer(rebasing: packed[..<written])
  }
}
