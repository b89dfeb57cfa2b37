import Foundation
import Testing

@testable import SkyCut

/// The byte-level readers of text fields give what the `String` ones give: numbers against
/// `Double(String)` (glibc's `strtod`) and `Int64(String)`, kinds against the text
/// inference, and FITS rows made from text against values parsed independently.
@Suite struct TextBytesTests {
  /// Runs `body` on the bytes of `text` and their bounds.
  func withBytes<T>(_ text: String, _ body: (UnsafePointer<UInt8>, Range<Int>) -> T) -> T {
    var copy = text
    return copy.withUTF8 { buffer in
      // An empty string's buffer may have no address: give it one byte of room.
      withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(buffer.count, 1)) { room in
        for (index, byte) in buffer.enumerated() { room[index] = byte }
        return body(UnsafePointer(room.baseAddress!), 0..<buffer.count)
      }
    }
  }

  /// Decimal spellings of many doubles: shortest round trip, fixed and scientific at several
  /// precisions, leading zeros, signs, and hand-picked edges.
  func spellings(_ random: inout TestRandom) -> [String] {
    var list = [
      "0", "-0", "+0", "0.0", "-0.0", "00012.5000", "1.", ".5", "-.5", "+3", "1e5", "1E-5",
      "1e+22", "1e22", "1e23", "1e-22", "1e-23", "9007199254740992", "9007199254740993",
      "9007199254740991.5", "0.1", "0.2", "0.3", "123456789012345678", "1234567890123456789",
      "12345678901234567890", "4.9406564584124654e-324", "1.7976931348623157e308",
      "2.2250738585072014e-308", "184.2557848920924", "72.24814970271763", "-59.64375973456835",
      "1e", "1e+", ".", "-", "+", "e5", "1.2.3", "1e5.5", "0x10", "inf", "nan", " 1", "1 ",
      "1_0", "١", "0e999", "0e1000", "5e-324", "1e-400", "1e400", "9007199254740995",
      "18014398509481985", "18014398509481986", "0.30000000000000004", "9999999999999999999",
      "999999999999999999.9", "1e-19", "1e19", "123456789012345678e-5", "1.8446744073709551615",
      "8.888888888888888888e19",
      // Runs of eight digits (read eight at a time) after leading zeros, a point or a sign.
      "12345678", "-12345678.9", "0.12345678", "00000000123456789", "0.000000001234567890",
      "1234567.87654321", "99999999.99999999", "10000000000000000", "+00000000.00000001",
    ]
    // Long mantissas (17 to 19 digits), the integer-arithmetic path: the point anywhere, an
    // exponent or not.
    for _ in 0..<20_000 {
      let count = 17 + Int(random.next() % 3)
      var digits = String(1 + random.next() % 9)
      for _ in 1..<count { digits += String(random.next() % 10) }
      let point = Int(random.next() % UInt64(count + 1))
      var text = String(digits.prefix(point)) + "." + String(digits.dropFirst(point))
      if random.next() % 3 == 0 { text += "e\(Int(random.next() % 30) - 15)" }
      list.append(random.next() % 2 == 0 ? text : "-" + text)
    }
    for _ in 0..<4000 {
      let bits = random.next()
      var value = Double(bitPattern: bits)
      if !value.isFinite { continue }
      // Mostly catalogue-sized values, some from the whole range.
      if random.next() % 4 != 0 {
        value =
          Double(Int64(bitPattern: random.next() % 1_000_000_000_000)) / 1e9
          * (random.next() % 2 == 0 ? 1 : -1)
      }
      list.append("\(value)")
      for format in ["%.15g", "%.16g", "%.17g", "%.6f", "%.3e", "%.10f"] {
        list.append(String(format: format, value))
      }
    }
    return list
  }

  @Test func exactValuesAreStrtodsBitForBit() {
    var random = TestRandom(seed: 2026)
    var taken = 0
    let all = spellings(&random)
    for text in all {
      let exact = withBytes(text) { TextNumber.exact($0, $1) }
      let fast = withBytes(text) { TextNumber.fast($0, $1) }
      let reference = Double(text)
      if let exact {
        taken += 1
        #expect(exact.bitPattern == reference?.bitPattern, "\(text)")
      }
      // A decimal's spelling is a number `Double(String)` reads.
      if withBytes(text, { TextNumber.isDecimal($0, $1) }) {
        #expect(reference != nil, "\(text)")
      }
      // The whole fast path (exact, else strtod) agrees wherever it answers; it reads the
      // field's number as its callers do, spaces around it left out.
      if let fast {
        #expect(fast.bitPattern == Double(text.trimmingSpaces)?.bitPattern, "\(text)")
      }
    }
    #expect(
      all.filter { text in withBytes(text) { TextNumber.isDecimal($0, $1) } }.count > all.count / 2)
    // The exact path is the common one, not a path that never runs.
    #expect(taken > all.count / 2)
    // 2⁵³ + 1 lies halfway between two doubles: the even one.
    #expect(withBytes("9007199254740993") { TextNumber.exact($0, $1) } == 9_007_199_254_740_992)
    #expect(withBytes("1e23") { TextNumber.exact($0, $1) } == nil)
    #expect(withBytes("-0") { TextNumber.exact($0, $1) }?.sign == .minus)
    // Catalogue values take the tight loops; both readings agree wherever both answer.
    for text in ["184.2557848920924", "-59.64375973456835", "21.608", "0.000123", "195", "1e3"] {
      #expect(withBytes(text) { TextNumber.plainDecimal($0, $1) } != nil, "\(text)")
    }
    var both = 0
    for text in all {
      guard let plain = withBytes(text, { TextNumber.plainDecimal($0, $1) }),
        let careful = withBytes(text, { TextNumber.careful($0, $1) })
      else { continue }
      both += 1
      #expect(plain.bitPattern == careful.bitPattern, "\(text)")
    }
    #expect(both > all.count / 2)
  }

  /// A word's bytes equal to a byte, marked and counted, against a byte-by-byte count: every
  /// byte value, words with none to eight of them.
  @Test func bytesOfAWordAreMarkedAndCounted() {
    var random = TestRandom(seed: 9)
    for _ in 0..<20_000 {
      let target = UInt8(truncatingIfNeeded: random.next())
      let bytes = (0..<8).map { _ in
        random.next() % 3 == 0 ? target : UInt8(truncatingIfNeeded: random.next())
      }
      let word = bytes.withUnsafeBufferPointer { ByteWords.load($0.baseAddress!) }
      let marks = ByteWords.matches(word, ByteWords.repeated(target))
      #expect(ByteWords.markCount(marks) == bytes.filter { $0 == target }.count, "\(bytes)")
      #expect(marks.nonzeroBitCount == bytes.filter { $0 == target }.count, "\(bytes)")
    }
  }

  /// The first byte outside ASCII, and the first that is not UTF-8, against byte-by-byte
  /// references, for every length around the eight-byte words and every position.
  @Test func nonASCIIAndInvalidBytesAreFound() {
    var random = TestRandom(seed: 8)
    let extras: [[UInt8]] = [[0xC3, 0xA9], [0xE9], [0xE2, 0x82, 0xAC], [0xFF], [0xC3]]
    for _ in 0..<3000 {
      var bytes = (0..<Int(random.next() % 40)).map { _ in UInt8(32 + random.next() % 90) }
      if random.next() % 4 != 0 {
        let at = Int(random.next() % UInt64(bytes.count + 1))
        bytes.insert(contentsOf: extras[Int(random.next() % UInt64(extras.count))], at: at)
      }
      bytes.withUnsafeBufferPointer { buffer in
        #expect(UTF8Check.firstNonASCII(buffer) == bytes.firstIndex { $0 >= 0x80 }, "\(bytes)")
        let valid = String(validating: bytes, as: UTF8.self) != nil
        #expect((UTF8Check.firstInvalid(buffer) == nil) == valid, "\(bytes)")
      }
    }
  }

  @Test func integersAreInt64s() {
    var random = TestRandom(seed: 4)
    var list = [
      "0", "-0", "+0", "007", "-9223372036854775808", "9223372036854775807",
      "9223372036854775808", "-9223372036854775809", "99999999999999999999", "", "+", "-",
      "1.0", "1e3", " 1", "1 ", "--1", "+-1", "١",
    ]
    for _ in 0..<2000 {
      list.append("\(Int64(bitPattern: random.next()) >> (random.next() % 64))")
    }
    for text in list {
      #expect(withBytes(text) { TextNumber.integer($0, $1) } == Int64(text), "\(text)")
    }
  }

  @Test func byteInferenceIsTheTextInference() {
    let fields = [
      "", " ", "\t", "1", " 12 ", "\t3\t", "-7", "+3", "2.5", " 2.5 ", "1e3", "1.", ".5", "-0",
      "nan", "inf", "true", "TRUE", "t", " f ", "False", "tru", "truex", "abc", "1e", "0x10",
      "9223372036854775808", "12345678901234567890.5", "é", "\"x,y\"", "\"1\"", "\" true \"",
    ]
    for field in fields {
      var text = TextColumnKinds.Inference()
      text.add(withBytes(field) { TextFields.decode($0, $1) })
      var bytes = TextColumnKinds.Inference()
      withBytes(field) { bytes.add($0, $1) }
      #expect(text.kind == bytes.kind, "\(field)")
      #expect(text.hasNulls == bytes.hasNulls, "\(field)")
      #expect(text.any == bytes.any, "\(field)")
      #expect(text.width == bytes.width, "\(field)")
    }
    // And in any order: the bytes' shortcuts for bare numbers depend on what came before.
    var random = TestRandom(seed: 5)
    for _ in 0..<2000 {
      let sequence = (0..<(1 + random.next() % 6)).map { _ in
        fields[Int(random.next() % UInt64(fields.count))]
      }
      var (text, bytes) = (TextColumnKinds.Inference(), TextColumnKinds.Inference())
      for field in sequence {
        text.add(withBytes(field) { TextFields.decode($0, $1) })
        withBytes(field) { bytes.add($0, $1) }
      }
      let (a, b) = (text, bytes)
      #expect(
        [a.integer, a.double, a.logical, a.any, a.hasNulls]
          == [b.integer, b.double, b.logical, b.any, b.hasNulls], "\(sequence)")
      #expect(a.width == b.width && a.kind == b.kind, "\(sequence)")
    }
  }

  /// A text table through the FITS writer: each row's bytes are the values parsed from the
  /// text by `Int64(String)`, `Double(String)` and the logical words, big-endian, with the
  /// nulls FITS takes, and the strings padded with spaces.
  @Test(arguments: [1, 2])
  func textRowsBecomeTheirValues(jobs: Int) throws {
    var random = TestRandom(seed: UInt64(90 + jobs))
    let integers = ["1", " 12 ", "\t-3", "", "+7", "-9223372036854775808", "\"42\""]
    let doubles = [
      "2.5", " 1e3 ", "", "\"3.25\"", "184.2557848920924", "0.12345678901234567", "-0", "nan",
      "1.", "\t.5",
    ]
    let logicals = ["T", "false", "", " t ", "TRUE", "\"F\""]
    let strings = ["a", "", "\"b, c\"", " x ", "é", "\"q \"\"r\"\"\"", "longer text"]
    var rows: [[String]] = []
    for _ in 0..<3000 {
      rows.append(
        [integers, doubles, logicals, strings].map { $0[Int(random.next() % UInt64($0.count))] })
    }
    let directory = try TemporaryDirectory()
    let input = try directory.write(
      "RA,DEC,I,D,L,S\n"
        + rows.enumerated().map { "\($0.offset % 360),0,\($0.element.joined(separator: ","))\n" }
        .joined(), to: "in.csv")
    let contaminants = try directory.write("RA,DEC\n0,-80\n", to: "far.csv")
    let output = directory.file("out.fits")
    var request = CleaningRequest(
      objectsPath: input, contaminantsPath: contaminants, radius: .arcseconds(1),
      outputPath: output, runner: ParallelRunner(jobs: jobs))
    request.blockBytes = 16 * 1024
    let summary = try CatalogueCleaner.clean(request)
    #expect(summary.objectsRead == rows.count && summary.removed == 0)

    let file = try FITSFile.open(readingAtPath: output)
    _ = try file.moveToExtension(1)
    let width = try file.rowWidth()
    let stringWidth = strings.map { field in
      withBytes(field) { TextFields.decode($0, $1) }.utf8.count
    }.max()!
    #expect(width == 8 + 8 + 8 + 8 + 1 + stringWidth)
    var buffer = [UInt8](repeating: 0, count: width * rows.count)
    try buffer.withUnsafeMutableBytes {
      try file.readRowBytes(firstRow: 1, rowWidth: width, into: $0)
    }
    for (number, row) in rows.enumerated() {
      let text = row.map { field in withBytes(field) { TextFields.decode($0, $1) } }
      var expected: [UInt8] = []
      func append<T>(_ value: T) { withUnsafeBytes(of: value) { expected += $0 } }
      append(Int64(number % 360).bigEndian)
      append(Int64(0).bigEndian)
      let integer = text[0].trimmingSpaces
      append((integer.isEmpty ? Int64.min : Int64(integer)!).bigEndian)
      let double = text[1].trimmingSpaces
      append((double.isEmpty ? Double.nan : Double(double) ?? .nan).bitPattern.bigEndian)
      let logical = text[2].trimmingSpaces
      expected.append(
        logical.isEmpty
          ? 0 : TextColumnKinds.parseLogical(logical)! ? UInt8(ascii: "T") : UInt8(ascii: "F"))
      expected +=
        Array(text[3].utf8) + Array(repeating: 32, count: stringWidth - text[3].utf8.count)
      #expect(Array(buffer[(number * width)..<((number + 1) * width)]) == expected, "row \(number)")
    }
  }
}

/// Text to FITS and back to text gives the text again, through several of the FITS-to-text
/// writer's windows and parallel chunks, in order: numbers spelled as Swift spells them
/// (shortest round trip), strings quoted where they must be, nulls empty.
@Suite struct TextRoundTripTests {
  @Test func textComesBackThroughFITS() throws {
    var random = TestRandom(seed: 31)
    var text = "ID,RA,DEC,NAME,OK,MAG\n"
    let rows = FITSTextSink.windowRows * 2 + 4321
    for id in 0..<rows {
      let ra = Double(random.next() % 360_000_000_000) / 1e9
      let dec = Double(Int64(random.next() % 180_000_000_000) - 90_000_000_000) / 1e9
      let name = ["a", "\"b,c\"", "", "\"say \"\"x\"\"\"", "é"][Int(random.next() % 5)]
      let flag = ["true", "false", ""][Int(random.next() % 3)]
      let magnitude = random.next() % 7 == 0 ? "" : "\(Double(random.next() % 30_000) / 1000)"
      text += "\(id),\(ra),\(dec),\(name),\(flag),\(magnitude)\n"
    }
    let directory = try TemporaryDirectory()
    let input = try directory.write(text, to: "in.csv")
    let far = try directory.write("RA,DEC\n0,-89.99\n", to: "far.csv")
    var request = CleaningRequest(
      objectsPath: input, contaminantsPath: far, radius: .arcseconds(1),
      outputPath: directory.file("mid.fits"), runner: ParallelRunner(jobs: 2))
    _ = try CatalogueCleaner.clean(request)
    request = CleaningRequest(
      objectsPath: directory.file("mid.fits"), contaminantsPath: far, radius: .arcseconds(1),
      outputPath: directory.file("out.csv"), runner: ParallelRunner(jobs: 2))
    _ = try CatalogueCleaner.clean(request)
    let back = try String(contentsOfFile: directory.file("out.csv"), encoding: .utf8)
    #expect(back == text)
  }
}

/// A blank integer field (spaces or a tab) is a null, as an empty one is: the column gets its
/// `TNULL` and the field comes back empty.
@Suite struct BlankIntegerTests {
  @Test func blankIntegersAreNulls() throws {
    let directory = try TemporaryDirectory()
    let input = try directory.write("RA,DEC,N\n1,2,5\n3,4, \n5,6,\t\n", to: "in.csv")
    let far = try directory.write("RA,DEC\n0,-89.99\n", to: "far.csv")
    _ = try CatalogueCleaner.clean(
      CleaningRequest(
        objectsPath: input, contaminantsPath: far, radius: .arcseconds(1),
        outputPath: directory.file("mid.fits")))
    _ = try CatalogueCleaner.clean(
      CleaningRequest(
        objectsPath: directory.file("mid.fits"), contaminantsPath: far, radius: .arcseconds(1),
        outputPath: directory.file("out.csv")))
    #expect(
      try String(contentsOfFile: directory.file("out.csv"), encoding: .utf8)
        == "RA,DEC,N\n1,2,5\n3,4,\n5,6,\n")
  }
}
