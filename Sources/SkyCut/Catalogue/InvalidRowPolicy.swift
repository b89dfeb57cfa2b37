/// What to do with a row whose coordinates are unusable: NaN or infinite, a latitude beyond
/// ±90°, a colatitude outside [0, π].
public enum InvalidRowPolicy: String, Sendable, Hashable, CaseIterable {
  /// Stop with an error naming the first such row and counting them (the default).
  case error
  /// Leave the row out: an object is not written; a contaminant is not used.
  case drop
  /// Keep the row: an object is written as if no contaminant were near it. Not allowed for
  /// contaminants, since a contaminant that is silently ignored lets contaminated objects through.
  case keep
}
