extension StringProtocol {
  /// The text without leading and trailing characters from `characters`.
  func trimming(_ characters: String) -> Substring {
    var slice = self[...]
    while let first = slice.first, characters.contains(first) { slice.removeFirst() }
    while let last = slice.last, characters.contains(last) { slice.removeLast() }
    return Substring(slice)
  }

  /// The text without leading and trailing spaces and tabs.
  var trimmingSpaces: Substring { trimming(" \t") }
}
