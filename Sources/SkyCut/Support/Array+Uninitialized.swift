extension Array {
  /// `init(unsafeUninitializedCapacity:initializingWith:)`, except that a `count` of 0 calls
  /// `body` with an empty buffer and makes `[]` itself. The standard library's initializer
  /// writes the count of the one empty array every thread shares even then: a write of 0 over
  /// 0, but ThreadSanitizer reports it as a race with any thread reading an empty array (as
  /// the standard library's own paths were fixed to avoid, swiftlang/swift#14778, #27808).
  init(
    uninitializedCount count: Int,
    initializingWith body: (inout UnsafeMutableBufferPointer<Element>, inout Int) throws -> Void
  ) rethrows {
    guard count > 0 else {
      var buffer = UnsafeMutableBufferPointer<Element>(start: nil, count: 0)
      var initialized = 0
      try body(&buffer, &initialized)
      precondition(initialized == 0, "no elements in an empty array")
      self = []
      return
    }
    try self.init(unsafeUninitializedCapacity: count, initializingWith: body)
  }
}
