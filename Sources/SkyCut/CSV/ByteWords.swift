/// Eight bytes of text at a time, in a word (SWAR): the record scanner and the field finder
/// look for delimiters and quotes this way rather than byte by byte.
enum ByteWords {
  /// `byte` in every byte of a word.
  @inline(__always)
  static func repeated(_ byte: UInt8) -> UInt64 { 0x0101_0101_0101_0101 &* UInt64(byte) }

  /// The eight bytes at `bytes`, the first in the low byte.
  @inline(__always)
  static func load(_ bytes: UnsafePointer<UInt8>) -> UInt64 {
    UInt64(littleEndian: UnsafeRawPointer(bytes).loadUnaligned(as: UInt64.self))
  }

  /// The high bit of each byte of `word` that is zero, and no other bit: exact per byte (no
  /// carry crosses bytes, since each byte's low seven bits are added to 0x7F alone).
  @inline(__always)
  static func zeroBytes(_ word: UInt64) -> UInt64 {
    let lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
    return ~(((word & lows) &+ lows) | word | lows)
  }

  /// The high bit of each byte of `word` equal to `pattern`'s (a ``repeated(_:)`` byte).
  @inline(__always)
  static func matches(_ word: UInt64, _ pattern: UInt64) -> UInt64 { zeroBytes(word ^ pattern) }

  /// The number of bytes a ``matches(_:_:)`` word marks: its marks moved to each byte's low
  /// bit and summed into the top byte by one multiplication (eight at most). The baseline
  /// x86-64 target has no `popcnt`, and `nonzeroBitCount` took a dozen instructions a word.
  @inline(__always)
  static func markCount(_ marks: UInt64) -> Int {
    Int(truncatingIfNeeded: ((marks >> 7) &* 0x0101_0101_0101_0101) >> 56)
  }
}
