import Foundation

/// Fields of a CSV or TSV record, read straight from the bytes.
///
/// The dialect is RFC 4180 with the usual liberties: fields may be quoted with `"`, with `""`
/// for a quote inside, and a quoted field may hold the delimiter and line breaks; anything
/// between a closing quote and the delimiter is kept, as most readers do.
enum TextFields {
  /// The byte range of field `column` (0-based) of `record`, quotes included.
  @inline(__always)
  static func bounds(
    _ bytes: UnsafePointer<UInt8>, _ record: TextRecord, column: Int, delimiter: UInt8
  ) -> Range<Int> {
    var position = record.start
    var index = 0
    while true {
      let end = fieldEnd(bytes, from: position, limit: record.end, delimiter: delimiter)
      if index == column { return position..<end }
      position = end + 1
      index += 1
    }
  }

  /// The byte ranges of fields `first` and `second` (0-based, different) of `record`, found
  /// in one walk of the record (a position's two coordinates).
  @inline(__always)
  static func bounds(
    _ bytes: UnsafePointer<UInt8>, _ record: TextRecord, columns first: Int, _ second: Int,
    delimiter: UInt8
  ) -> (Range<Int>, Range<Int>) {
    let (low, high) = (min(first, second), max(first, second))
    var position = record.start
    var index = 0
    var lowBounds = position..<position
    while true {
      let end = fieldEnd(bytes, from: position, limit: record.end, delimiter: delimiter)
      if index == low { lowBounds = position..<end }
      if index == high {
        let highBounds = position..<end
        return first < second ? (lowBounds, highBounds) : (highBounds, lowBounds)
      }
      position = end + 1
      index += 1
    }
  }

  /// The index of the delimiter or record end after the field starting at `position`.
  ///
  /// Eight bytes at a time until the first delimiter or quote (a byte-by-byte loop was half
  /// the time of reading a CSV's coordinates); from a quote on, byte by byte.
  @inline(__always)
  static func fieldEnd(
    _ bytes: UnsafePointer<UInt8>, from position: Int, limit: Int, delimiter: UInt8
  ) -> Int {
    var i = position
    let (delimiters, quotes) = (
      ByteWords.repeated(delimiter), ByteWords.repeated(UInt8(ascii: "\""))
    )
    while i + 8 <= limit {
      let word = ByteWords.load(bytes + i)
      let found = ByteWords.matches(word, delimiters) | ByteWords.matches(word, quotes)
      if found != 0 {
        i += found.trailingZeroBitCount >> 3
        if bytes[i] == delimiter { return i }
        break  // a quote: the rest byte by byte
      }
      i += 8
    }
    var quoted = false
    while i < limit {
      let byte = bytes[i]
      if byte == UInt8(ascii: "\"") {
        quoted.toggle()
      } else if byte == delimiter && !quoted {
        return i
      }
      i += 1
    }
    return limit
  }

  /// The decoded text of the field occupying `bounds`: quotes removed, `""` made `"` (bytes
  /// that are not UTF-8 become U+FFFD; ``unquoted(_:_:)`` keeps them).
  static func decode(_ bytes: UnsafePointer<UInt8>, _ bounds: Range<Int>) -> String {
    guard !bounds.isEmpty, bytes[bounds.lowerBound] == UInt8(ascii: "\"") else {
      return String(decoding: UnsafeBufferPointer(rebasing: buffer(bytes, bounds)), as: UTF8.self)
    }
    return String(decoding: unquoted(bytes, bounds), as: UTF8.self)
  }

  /// The bytes of the field occupying `bounds`, quotes removed and `""` made `"`, whatever
  /// they are.
  static func unquoted(_ bytes: UnsafePointer<UInt8>, _ bounds: Range<Int>) -> [UInt8] {
    guard !bounds.isEmpty, bytes[bounds.lowerBound] == UInt8(ascii: "\"") else {
      return Array(buffer(bytes, bounds))
    }
    var value: [UInt8] = []
    var i = bounds.lowerBound + 1
    while i < bounds.upperBound {
      if bytes[i] == UInt8(ascii: "\"") {
        if i + 1 < bounds.upperBound && bytes[i + 1] == UInt8(ascii: "\"") {
          value.append(UInt8(ascii: "\""))
          i += 2
          continue
        }
        i += 1
        break
      }
      value.append(bytes[i])
      i += 1
    }
    // Anything between the closing quote and the delimiter is kept.
    while i < bounds.upperBound {
      value.append(bytes[i])
      i += 1
    }
    return value
  }

  /// Every field of a record, as its bytes (``unquoted(_:_:)``).
  static func allBytes(_ bytes: UnsafePointer<UInt8>, _ record: TextRecord, delimiter: UInt8)
    -> [[UInt8]]
  {
    fields(bytes, record, delimiter: delimiter, unquoted)
  }

  /// A field's bytes quoted when they hold the delimiter, a quote, a line break or edge
  /// spaces (bytes that are not UTF-8 pass through as they are).
  static func escape(bytes field: [UInt8], delimiter: UInt8) -> [UInt8] {
    var quoted: [UInt8] = []
    field.withUnsafeBufferPointer { appendEscaped($0, delimiter: delimiter, to: &quoted) }
    return quoted
  }

  /// Appends `field` to `text`, quoted as ``escape(bytes:delimiter:)`` quotes it.
  @inline(__always)
  static func appendEscaped(
    _ field: UnsafeBufferPointer<UInt8>, delimiter: UInt8, to text: inout [UInt8]
  ) {
    let quote = UInt8(ascii: "\"")
    let needsQuotes =
      field.contains { $0 == delimiter || $0 == quote || $0 == 10 || $0 == 13 }
      || field.first == UInt8(ascii: " ") || field.last == UInt8(ascii: " ")
    guard needsQuotes else {
      text += field
      return
    }
    text.append(quote)
    for byte in field {
      text.append(byte)
      if byte == quote { text.append(quote) }
    }
    text.append(quote)
  }

  /// Every decoded field of a record.
  static func all(_ bytes: UnsafePointer<UInt8>, _ record: TextRecord, delimiter: UInt8)
    -> [String]
  {
    fields(bytes, record, delimiter: delimiter, decode)
  }

  /// Each field of a record, read by `read` from its bounds.
  @inline(__always)
  private static func fields<Field>(
    _ bytes: UnsafePointer<UInt8>, _ record: TextRecord, delimiter: UInt8,
    _ read: (UnsafePointer<UInt8>, Range<Int>) -> Field
  ) -> [Field] {
    var fields: [Field] = []
    var position = record.start
    while true {
      let end = fieldEnd(bytes, from: position, limit: record.end, delimiter: delimiter)
      fields.append(read(bytes, position..<end))
      if end >= record.end { break }
      position = end + 1
    }
    return fields
  }

  /// Quotes a field when it holds the delimiter, a quote, a line break or edge spaces.
  static func escape(_ field: String, delimiter: UInt8) -> String {
    String(decoding: escape(bytes: Array(field.utf8), delimiter: delimiter), as: UTF8.self)
  }

  private static func buffer(_ bytes: UnsafePointer<UInt8>, _ bounds: Range<Int>)
    -> Slice<UnsafeBufferPointer<UInt8>>
  {
    UnsafeBufferPointer(start: bytes, count: bounds.upperBound)[bounds]
  }
}

/// Numbers in text fields.
enum TextNumber {
  /// The number in field `column` of `record`: `nil` when the field is empty or not a number.
  @inline(__always)
  static func parse(
    _ bytes: UnsafePointer<UInt8>, _ record: TextRecord, column: Int, delimiter: UInt8
  ) -> Double? {
    parse(bytes, TextFields.bounds(bytes, record, column: column, delimiter: delimiter))
  }

  /// The number in the field occupying `bounds`, or `nil` when it is not one.
  @inline(__always)
  static func parse(_ bytes: UnsafePointer<UInt8>, _ bounds: Range<Int>) -> Double? {
    if let value = fast(bytes, bounds) { return value }
    return Double(TextFields.decode(bytes, bounds).trimmingSpaces)
  }

  /// An unquoted field parsed straight from its bytes with `strtod` (which `Double(_:)` also
  /// uses, so the values are the same), or `nil` to take the general path: quoted, empty,
  /// long, or not entirely a number.
  @inline(__always)
  static func fast(_ bytes: UnsafePointer<UInt8>, _ bounds: Range<Int>) -> Double? {
    let count = bounds.count
    guard count > 0, count < 64, bytes[bounds.lowerBound] != UInt8(ascii: "\"") else {
      return nil
    }
    if let value = exact(bytes, bounds) { return value }
    return withUnsafeTemporaryAllocation(of: CChar.self, capacity: 65) { buffer -> Double? in
      guard let digits = buffer.baseAddress else { return nil }
      for offset in 0..<count {
        let byte = bytes[bounds.lowerBound + offset]
        // Only plain decimal notation: strtod would also take hex floats and "infinity".
        guard
          (48...57).contains(byte) || byte == 46 || byte == 45 || byte == 43 || byte == 101
            || byte == 69 || byte == 32
        else { return nil }
        digits[offset] = CChar(bitPattern: byte)
      }
      digits[count] = 0
      var end: UnsafeMutablePointer<CChar>?
      let value = strtod(digits, &end)
      guard let end, end != digits else { return nil }
      var rest = end
      while rest.pointee == 32 { rest += 1 }
      return rest.pointee == 0 ? value : nil
    }
  }
}

extension TextFields {
  /// Whether the field occupying `bounds` is unquoted ASCII: its text is then its bytes, and
  /// the byte-level readers below give what the `String` ones give.
  @inline(__always)
  static func isPlain(_ bytes: UnsafePointer<UInt8>, _ bounds: Range<Int>) -> Bool {
    guard !bounds.isEmpty else { return true }
    if bytes[bounds.lowerBound] == UInt8(ascii: "\"") { return false }
    var high: UInt8 = 0
    for i in bounds { high |= bytes[i] }
    return high < 0x80
  }

  /// `bounds` without leading and trailing spaces and tabs (as ``Swift/String/trimmingSpaces``).
  @inline(__always)
  static func trimmed(_ bytes: UnsafePointer<UInt8>, _ bounds: Range<Int>) -> Range<Int> {
    var (low, high) = (bounds.lowerBound, bounds.upperBound)
    while low < high && (bytes[low] == 32 || bytes[low] == 9) { low += 1 }
    while high > low && (bytes[high - 1] == 32 || bytes[high - 1] == 9) { high -= 1 }
    return low..<high
  }
}

extension TextNumber {
  /// Whether the bytes `bounds` spell a decimal number, `[+-](digits[.digits]|.digits)` with
  /// an optional `(e|E)[+-]digits`: text `strtod` reads whole, so `Double(String)` takes it
  /// (out of range, as an infinity). The type inference needs no more than this.
  @inline(__always)
  static func isDecimal(_ bytes: UnsafePointer<UInt8>, _ bounds: Range<Int>) -> Bool {
    var i = bounds.lowerBound
    let end = bounds.upperBound
    if i < end && (bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+")) { i += 1 }
    var digits = false
    while i < end && bytes[i] &- 48 <= 9 {
      digits = true
      i += 1
    }
    if i < end && bytes[i] == UInt8(ascii: ".") {
      i += 1
      while i < end && bytes[i] &- 48 <= 9 {
        digits = true
        i += 1
      }
    }
    guard digits else { return false }
    if i < end && bytes[i] | 0x20 == UInt8(ascii: "e") {
      i += 1
      if i < end && (bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+")) { i += 1 }
      var exponent = false
      while i < end && bytes[i] &- 48 <= 9 {
        exponent = true
        i += 1
      }
      guard exponent else { return false }
    }
    return i == end
  }

  /// Clinger's fast path: a decimal `[+-]digits[.digits][(e|E)[+-]digits]` whose digits,
  /// read as an integer *m*, are at most 2⁵³ and whose power of ten *e* is within ±22 is
  /// exactly `m × 10^e` or `m / 10^e` with *m* and 10^|e| both exact doubles: one IEEE
  /// operation, so correctly rounded, the value `strtod` gives. Anything else is `nil` (and
  /// left to `strtod`). Most catalogue values (16 significant digits or fewer, shortest
  /// round-trip output) take this path; `strtod` was 40 % of a CSV-to-FITS run.
  @inline(__always)
  static func exact(_ bytes: UnsafePointer<UInt8>, _ bounds: Range<Int>) -> Double? {
    if let value = plainDecimal(bytes, bounds) { return value }
    return careful(bytes, bounds)
  }

  /// ``exact(_:_:)`` for a decimal of at most 19 digits in all, leading zeros counted (a
  /// catalogue's usual value), read in tight loops: a digit costs a multiply-add where the
  /// general loop below tests for leading zeros, the digit limit and words of eight at every
  /// byte (most of a parse). `nil` for anything else, left to ``careful(_:_:)``: the same
  /// mantissa and power of ten, so the same value.
  @inline(__always)
  static func plainDecimal(_ bytes: UnsafePointer<UInt8>, _ bounds: Range<Int>) -> Double? {
    var i = bounds.lowerBound
    let end = bounds.upperBound
    guard i < end else { return nil }
    let negative = Self.sign(bytes, &i)
    var mantissa: UInt64 = 0
    var start = i
    while i < end, case let digit = bytes[i] &- 48, digit <= 9 {
      mantissa = mantissa &* 10 &+ UInt64(digit)
      i += 1
    }
    var count = i - start
    var exponent = 0
    if i < end && bytes[i] == UInt8(ascii: ".") {
      i += 1
      start = i
      while i + 8 <= end && count + (i - start) <= 11 {
        let word = ByteWords.load(bytes + i)
        guard Self.isEightDigits(word) else { break }
        mantissa = mantissa &* 100_000_000 &+ Self.eightDigits(word)
        i += 8
      }
      while i < end, case let digit = bytes[i] &- 48, digit <= 9 {
        mantissa = mantissa &* 10 &+ UInt64(digit)
        i += 1
      }
      count += i - start
      exponent = start - i
    }
    // Nineteen digits fit in 64 bits; more may have wrapped, and are read with care.
    guard count > 0 && count <= 19, let written = Self.exponent(bytes, &i, end), i == end else {
      return nil
    }
    return value(mantissa, exponent + written, negative: negative)
  }

  /// `±mantissa × 10^exponent` correctly rounded, or `nil` where the exact paths do not reach.
  @inline(__always)
  private static func value(_ mantissa: UInt64, _ exponent: Int, negative: Bool) -> Double? {
    var value: Double
    if mantissa == 0 {
      value = 0
    } else if mantissa <= 1 << 53 && exponent >= -22 && exponent <= 22 {
      value = Double(mantissa)
      value = exponent < 0 ? value / powersOfTen[-exponent] : value * powersOfTen[exponent]
    } else if let wide = wide(mantissa, exponent) {
      value = wide
    } else {
      return nil
    }
    return negative ? -value : value
  }

  /// Steps over a sign at `i`: whether it is a minus.
  @inline(__always)
  private static func sign(_ bytes: UnsafePointer<UInt8>, _ i: inout Int) -> Bool {
    let negative = bytes[i] == UInt8(ascii: "-")
    if negative || bytes[i] == UInt8(ascii: "+") { i += 1 }
    return negative
  }

  /// Reads an exponent `(e|E)[+-]digits` at `i`, if there is one: its value (0 without one),
  /// or `nil` for an `e` without digits or an exponent of four digits or more.
  @inline(__always)
  private static func exponent(_ bytes: UnsafePointer<UInt8>, _ i: inout Int, _ end: Int) -> Int? {
    guard i < end && (bytes[i] | 0x20) == UInt8(ascii: "e") else { return 0 }
    i += 1
    var negative = false
    if i < end { negative = sign(bytes, &i) }
    let first = i
    var written = 0
    while i < end, case let digit = bytes[i] &- 48, digit <= 9 {
      guard written < 1000 else { return nil }
      written = written * 10 + Int(digit)
      i += 1
    }
    guard i > first else { return nil }
    return negative ? -written : written
  }

  /// ``exact(_:_:)`` for any spelling: leading zeros not counted as digits, eight digits at
  /// once where they come.
  static func careful(_ bytes: UnsafePointer<UInt8>, _ bounds: Range<Int>) -> Double? {
    var i = bounds.lowerBound
    let end = bounds.upperBound
    guard i < end else { return nil }
    let negative = Self.sign(bytes, &i)
    var mantissa: UInt64 = 0
    var digits = 0  // significant digits taken (leading zeros are not)
    var exponent = 0
    var seen = false
    var fraction = false  // past the point: each digit lowers the exponent
    // Whether eight digits at once may come next: at the start of each part and after eight
    // taken, not again after a word that was not all digits (tried at every byte, the word
    // cost most of a parse).
    var tryWord = true
    while i < end {
      // Eight digits at once where they fit in the 19 kept (a coordinate's fraction).
      if tryWord && i + 8 <= end && digits <= 11
        && (mantissa != 0 || bytes[i] != UInt8(ascii: "0"))
      {
        let word = ByteWords.load(bytes + i)
        if Self.isEightDigits(word) {
          mantissa = mantissa &* 100_000_000 &+ Self.eightDigits(word)
          digits += 8
          seen = true
          if fraction { exponent -= 8 }
          i += 8
          continue
        }
        tryWord = false
      }
      let digit = bytes[i] &- 48
      if digit <= 9 {
        seen = true
        if mantissa != 0 || digit != 0 {
          guard digits < 19 else { return nil }
          mantissa = mantissa &* 10 &+ UInt64(digit)
          digits += 1
        }
        if fraction { exponent -= 1 }
      } else if bytes[i] == UInt8(ascii: ".") && !fraction {
        fraction = true
        tryWord = true
      } else {
        break
      }
      i += 1
    }
    guard seen, let written = Self.exponent(bytes, &i, end) else { return nil }
    exponent += written
    guard i == end else { return nil }
    return value(mantissa, exponent, negative: negative)
  }

  /// Whether the eight bytes of `word` (the first in its low byte) are all ASCII digits: each
  /// byte's high nibble is 3, and adding 6 does not carry it to 4.
  @inline(__always)
  static func isEightDigits(_ word: UInt64) -> Bool {
    let highNibbles: UInt64 = 0xF0F0_F0F0_F0F0_F0F0
    return (word & highNibbles) | (((word &+ 0x0606_0606_0606_0606) & highNibbles) >> 4)
      == 0x3333_3333_3333_3333
  }

  /// The value of eight ASCII digits (the first, most significant, in the low byte): pairs,
  /// then quadruples, then the eight combined by multiplications (the SWAR method of
  /// Lemire's fast_float).
  @inline(__always)
  static func eightDigits(_ word: UInt64) -> UInt64 {
    var value = word &- 0x3030_3030_3030_3030
    value = value &* 10 &+ (value >> 8)  // each even byte: two digits
    let pairs: UInt64 = 0x0000_00FF_0000_00FF
    return
      ((value & pairs) &* (100 &+ (1_000_000 << 32))
      &+ ((value >> 16) & pairs) &* (1 &+ (10_000 << 32))) >> 32
  }

  /// `mantissa × 10^exponent` correctly rounded (to nearest, ties to even, as `strtod`), for
  /// |exponent| ≤ 19, by exact integer arithmetic: the 128-bit product, or the 128-by-64-bit
  /// quotient scaled to 64 significant bits with the remainder as the sticky bit, rounded to
  /// 53 bits. (Where Clinger's path does not reach: 17 to 19 significant digits, half of the
  /// coordinates written as shortest round-trip decimals.) `nil` beyond that range.
  @inline(__always)
  static func wide(_ mantissa: UInt64, _ exponent: Int) -> Double? {
    guard exponent >= -19 && exponent <= 19 else { return nil }
    if exponent >= 0 {
      let product = mantissa.multipliedFullWidth(by: integerPowersOfTen[exponent])
      if product.high == 0 {
        let zeros = product.low.leadingZeroBitCount
        return rounded(product.low << zeros, sticky: false, scale: -zeros)
      }
      let zeros = product.high.leadingZeroBitCount
      let top = zeros == 0 ? product.high : product.high << zeros | product.low >> (64 - zeros)
      return rounded(top, sticky: product.low << zeros != 0, scale: 64 - zeros)
    }
    let divisor = integerPowersOfTen[-exponent]
    // The shift that puts the quotient in [2⁶³, 2⁶⁵); one less when it reaches 2⁶⁴.
    var shift = 64 + (64 - divisor.leadingZeroBitCount) - (64 - mantissa.leadingZeroBitCount)
    var numerator = shifted(mantissa, by: shift)
    if numerator.high >= divisor {
      shift -= 1
      numerator = shifted(mantissa, by: shift)
    }
    let (quotient, remainder) = divisor.dividingFullWidth(numerator)
    return rounded(quotient, sticky: remainder != 0, scale: -shift)
  }

  /// `mantissa << shift` as a 128-bit number, for `shift` in 0 ..< 128.
  @inline(__always)
  private static func shifted(_ mantissa: UInt64, by shift: Int) -> (high: UInt64, low: UInt64) {
    if shift >= 64 { return (mantissa << (shift - 64), 0) }
    if shift == 0 { return (0, mantissa) }
    return (mantissa >> (64 - shift), mantissa << shift)
  }

  /// `top × 2^scale` rounded to a double, `top` having its highest bit set and `sticky` saying
  /// whether anything non-zero lies below it.
  @inline(__always)
  private static func rounded(_ top: UInt64, sticky: Bool, scale: Int) -> Double {
    var significand = top >> 11
    let tail = top & 0x7FF
    if tail > 0x400 || (tail == 0x400 && (sticky || significand & 1 == 1)) { significand += 1 }
    // A carry out of 53 bits (2⁵³) is still exact as a double.
    return Double(sign: .plus, exponent: scale + 11, significand: Double(significand))
  }

  /// 10⁰ … 10¹⁹ as integers.
  private static let integerPowersOfTen: [UInt64] = (0...19).map { power in
    (0..<power).reduce(UInt64(1)) { value, _ in value * 10 }
  }

  /// 10⁰ … 10²², every one an exact double.
  private static let powersOfTen: [Double] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
  ]

  /// The integer spelled by the bytes `bounds` (an optional sign, then decimal digits), or
  /// `nil` for anything else or a value beyond `Int64`: what `Int64(String)` accepts.
  @inline(__always)
  static func integer(_ bytes: UnsafePointer<UInt8>, _ bounds: Range<Int>) -> Int64? {
    var i = bounds.lowerBound
    guard i < bounds.upperBound else { return nil }
    let negative = bytes[i] == UInt8(ascii: "-")
    if negative || bytes[i] == UInt8(ascii: "+") { i += 1 }
    guard i < bounds.upperBound else { return nil }
    // Accumulated negatively, so that Int64.min is reached without overflow.
    var value: Int64 = 0
    while i < bounds.upperBound {
      let digit = Int64(bytes[i]) - 48
      guard digit >= 0 && digit <= 9 else { return nil }
      let (times, overflow) = value.multipliedReportingOverflow(by: 10)
      let (next, under) = times.subtractingReportingOverflow(digit)
      guard !overflow && !under else { return nil }
      value = next
      i += 1
    }
    if negative { return value }
    return value == .min ? nil : -value
  }
}
