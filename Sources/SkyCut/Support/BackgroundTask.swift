import Dispatch

/// Work run on a worker thread while the calling thread goes on (reading or writing), and
/// waited for when its value is needed.
///
/// `@unchecked Sendable`: `value` is written once by the task before it leaves the dispatch
/// group, and read only after `DispatchGroup.wait()` has returned, which orders the two.
final class BackgroundTask<Value: Sendable>: @unchecked Sendable {
  private var value: Value?
  private let group = DispatchGroup()

  init(_ work: @escaping @Sendable () -> Value) {
    DispatchQueue.global().async(group: group) { self.value = work() }
  }

  /// The value, once computed.
  func wait() -> Value {
    group.wait()
    return value!
  }
}
