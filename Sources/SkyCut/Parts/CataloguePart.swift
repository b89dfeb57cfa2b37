/// One of `count` parts of a catalogue's rows, for a job array: part `index` cleans the
/// `index`-th divmod slice of the rows (the same splitter as the engine's chunks, so slice
/// sizes differ by at most one row), and `skycut merge` joins the parts' outputs into the file
/// one run would have written.
public struct CataloguePart: Sendable, Hashable, CustomStringConvertible {
  /// Which part, in `0..<count`.
  public let index: Int
  /// How many parts.
  public let count: Int

  /// - Throws: ``CatalogueError/invalidArgument(_:)`` unless `0 ≤ index < count`.
  public init(index: Int, count: Int) throws {
    guard count >= 1, index >= 0, index < count else {
      throw CatalogueError.invalidArgument(
        "a part is I/N with 0 ≤ I < N, not \(index)/\(count)")
    }
    self.index = index
    self.count = count
  }

  /// `I/N`, as on the command line.
  public init(parsing text: String) throws {
    let pieces = text.split(separator: "/", omittingEmptySubsequences: false)
    guard pieces.count == 2, let index = Int(pieces[0]), let count = Int(pieces[1]) else {
      throw CatalogueError.invalidArgument("a part is I/N (e.g. 0/4), not '\(text)'")
    }
    try self.init(index: index, count: count)
  }

  /// The part of this task of a Slurm job array: `SLURM_ARRAY_TASK_ID − SLURM_ARRAY_TASK_MIN`
  /// of `SLURM_ARRAY_TASK_COUNT`.
  /// - Throws: ``CatalogueError/invalidArgument(_:)`` outside a job array.
  public init(slurmEnvironment environment: [String: String]) throws {
    let names = ["SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_MIN", "SLURM_ARRAY_TASK_COUNT"]
    let values = names.map { environment[$0].flatMap { Int($0) } }
    guard let id = values[0], let minimum = values[1], let count = values[2] else {
      let missing = zip(names, values).filter { $1 == nil }.map(\.0).joined(separator: ", ")
      throw CatalogueError.invalidArgument(
        "--part auto runs in a Slurm job array (sbatch --array), but \(missing) "
          + "\(missing.contains(",") ? "are" : "is") not set")
    }
    try self.init(index: id - minimum, count: count)
  }

  public var description: String { "\(index)/\(count)" }

  /// The rows of this part of a table of `total` rows.
  public func rows(of total: Int) -> Range<Int> {
    ChunkSplitter(count: total, chunks: count).range(ofChunk: index)
  }
}
