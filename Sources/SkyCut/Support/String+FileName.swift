extension String {
  /// The last component of a path (`stars.fits` of `data/stars.fits`), for messages and
  /// headers; the path itself when it has none.
  var fileName: String { split(separator: "/").last.map(String.init) ?? self }
}
