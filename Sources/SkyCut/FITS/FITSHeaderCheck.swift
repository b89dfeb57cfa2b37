import CCFITSIO
import Foundation
import Synchronization

/// Checks the headers of a FITS file before CFITSIO parses them, for faults that CFITSIO 4.2
/// does not survive: a `TTYPEn` (or `TFORMn`, `TUNITn`, `TDISPn`, `TDIMn`) whose value is not
/// a quoted string and fills the card makes it overflow a buffer (`ffgtbp`'s `strcpy`), which
/// ends the process. The check walks the HDUs by their `BITPIX`, `NAXISn`, `PCOUNT` and
/// `GCOUNT` and refuses, naming the HDU and card:
/// - a header byte that is not printable ASCII (0x20–0x7E), which the FITS standard forbids;
/// - one of those table keywords whose value is not a quoted string.
///
/// A header whose data size it cannot work out (BITPIX, NAXISn, PCOUNT, GCOUNT missing, not
/// integers, or too large) is refused too, so that no later header escapes the check. What
/// else is wrong (a file that is not FITS, a header that never ends, a truncated file) is left
/// to CFITSIO, which reports it as an error. The bytes are those CFITSIO reads, so files it
/// decompresses itself (gzip, compress, zip) are checked too. Each file is checked once per
/// process (by path, size and modification time).
enum FITSHeaderCheck {
  /// Checks the file `file` has just opened (CFITSIO parses only the primary header when it
  /// opens a file, and a primary header is never a table's). The bytes are read through
  /// CFITSIO itself, so a gzip file is not decompressed a second time.
  static func check(_ file: FITSFile) throws(FITSError) {
    let path = file.path
    var status = stat()
    guard stat(path, &status) == 0, let handle = file.rawHandle else { return }
    let key =
      "\(path)\u{0}\(status.st_size)\u{0}\(status.st_mtim.tv_sec).\(status.st_mtim.tv_nsec)"
    if checked.withLock({ $0.contains(key) }) { return }
    if let problem = firstProblem(BlockReader(handle, path: path)) {
      throw FITSError(
        status: FITSStatus.valueUndefined.rawValue, routine: "header check",
        location: SourceLocation(path: file.displayPath, hdu: problem.0), reason: problem.1)
    }
    checked.withLock { _ = $0.insert(key) }
  }

  private static let checked = Mutex(Set<String>())

  /// Keywords whose values the FITS standard makes strings, and CFITSIO copies blindly.
  private static let stringKeywords = ["TTYPE", "TFORM", "TUNIT", "TDISP", "TDIM"]

  private static func firstProblem(_ reader: consuming BlockReader) -> (Int, String)? {
    var reader = reader
    var hdu = 0
    while true {
      var values: [String: String] = [:]
      var cardNumber = 0
      var ended = false
      while !ended {
        // A short last block is checked too: CFITSIO parses what there is of it. At the end
        // of the file CFITSIO reports a truncated header itself.
        guard let block = reader.next(2880), !block.isEmpty else { return nil }
        if cardNumber == 0 {
          // Not FITS at all, or bytes after the last HDU: CFITSIO parses no table header
          // there, and says what it found.
          guard block.starts(with: Array((hdu == 0 ? "SIMPLE" : "XTENSION").utf8)) else {
            return nil
          }
        }
        for card in stride(from: 0, to: block.count, by: 80) {
          cardNumber += 1
          let bytes = block[card..<min(card + 80, block.count)]
          if let byte = bytes.first(where: { $0 < 0x20 || $0 > 0x7E }) {
            let hex = String(byte, radix: 16, uppercase: true)
            return (
              hdu,
              "header card \(cardNumber) holds the byte 0x\(hex), which is not printable ASCII "
                + "as FITS headers must be"
            )
          }
          let keyword = String(decoding: bytes.prefix(8), as: UTF8.self)
            .trimmingCharacters(in: .whitespaces)
          if keyword == "END" {
            ended = true
            break
          }
          guard bytes.dropFirst(8).starts(with: Array("= ".utf8)) else { continue }
          let value = String(decoding: bytes.dropFirst(10), as: UTF8.self)
            .trimmingCharacters(in: .whitespaces)
          if stringKeywords.contains(where: { keyword.hasPrefix($0) && keyword.count > $0.count }),
            keyword.drop(while: { $0.isLetter }).allSatisfy(\.isNumber), !value.hasPrefix("'")
          {
            return (hdu, "header card \(cardNumber): \(keyword) is not a quoted string")
          }
          values[keyword] = value
        }
        if block.count < 2880 { return nil }
      }
      // The data's size, to find the next header; a header that does not give it is refused
      // rather than passed to CFITSIO unchecked.
      switch dataBytes(values) {
      case .failure(let problem): return (hdu, problem.reason)
      case .success(let size): guard reader.skip(size) else { return nil }
      }
      hdu += 1
    }
  }

  /// Why an HDU's data size cannot be known.
  private struct SizeProblem: Error {
    let reason: String
  }

  /// The size of an HDU's data, padded to whole blocks, from its header's values.
  private static func dataBytes(_ values: [String: String]) -> Result<Int, SizeProblem> {
    func integer(_ key: String) -> Int? {
      values[key].flatMap {
        Int($0.split(separator: "/").first?.trimmingCharacters(in: .whitespaces) ?? "")
      }
    }
    func problem(_ key: String, _ expected: String) -> Result<Int, SizeProblem> {
      .failure(SizeProblem(reason: "\(key) = \(values[key] ?? "(missing)") is not \(expected)"))
    }
    guard let bitpix = integer("BITPIX"), [8, 16, 32, 64, -32, -64].contains(bitpix) else {
      return problem("BITPIX", "8, 16, 32, 64, -32 or -64")
    }
    guard let axes = integer("NAXIS"), (0...999).contains(axes) else {
      return problem("NAXIS", "an integer from 0 to 999")
    }
    // Random groups (GROUPS = T, NAXIS1 = 0) leave NAXIS1 out of the product.
    let groups = values["GROUPS"]?.hasPrefix("T") == true && integer("NAXIS1") == 0
    var count = axes == 0 ? 0 : 1
    for axis in stride(from: groups ? 2 : 1, through: axes, by: 1) {
      guard let length = integer("NAXIS\(axis)"), length >= 0 else {
        return problem("NAXIS\(axis)", "a non-negative integer")
      }
      let (product, overflow) = count.multipliedReportingOverflow(by: length)
      guard !overflow else { return problem("NAXIS\(axis)", "a size that fits in 64 bits") }
      count = product
    }
    guard let pcount = values["PCOUNT"] == nil ? 0 : integer("PCOUNT"), pcount >= 0 else {
      return problem("PCOUNT", "a non-negative integer")
    }
    guard let gcount = values["GCOUNT"] == nil ? 1 : integer("GCOUNT"), gcount >= 0 else {
      return problem("GCOUNT", "a non-negative integer")
    }
    let (sum, overflowA) = count.addingReportingOverflow(pcount)
    let (elements, overflowB) = sum.multipliedReportingOverflow(by: gcount)
    let (bytes, overflowC) = elements.multipliedReportingOverflow(by: abs(bitpix) / 8)
    guard !overflowA, !overflowB, !overflowC, bytes <= Int.max - 2880 else {
      return problem("PCOUNT", "a size that fits in 64 bits with the others")
    }
    return .success((bytes + 2879) / 2880 * 2880)
  }

}

/// Reads a FITS file's bytes through CFITSIO (`ffmbyt`, `ffgbyt`), so that a gzip file is not
/// decompressed a second time. CFITSIO reads whole 2880-byte records, so a last block cut
/// short by the end of the file is read from the file itself: CFITSIO's header parser still
/// sees what there is of it.
private struct BlockReader {
  let handle: UnsafeMutablePointer<fitsfile>
  let path: String
  private var position = 0

  init(_ handle: UnsafeMutablePointer<fitsfile>, path: String) {
    self.handle = handle
    self.path = path
  }

  /// The next `count` bytes, fewer at the end of the file.
  mutating func next(_ count: Int) -> [UInt8]? {
    var bytes = [UInt8](repeating: 0, count: count)
    var status: Int32 = 0
    CFITSIOLibrary.serialized {
      ffmbyt(handle, LONGLONG(position), 0, &status)  // 0: REPORT_EOF, never extend
      ffgbyt(handle, LONGLONG(count), &bytes, &status)
      if status != 0 { _ = FITSError.drainMessages() }
    }
    if status != 0 { bytes = Self.tail(of: path, at: position, count: count) }
    position += bytes.count
    return bytes
  }

  /// Skips `count` bytes (reading starts again at the next header).
  mutating func skip(_ count: Int) -> Bool {
    let (next, overflow) = position.addingReportingOverflow(count)
    position = next
    return !overflow
  }

  /// Up to `count` bytes of the file's content (decompressed, for gzip) from `offset`.
  static func tail(of path: String, at offset: Int, count: Int) -> [UInt8] {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return [] }
    defer { close(descriptor) }
    var header = [UInt8](repeating: 0, count: 2)
    guard pread(descriptor, &header, 2, 0) == 2 else { return [] }
    if header != [0x1F, 0x8B] {
      var bytes = [UInt8](repeating: 0, count: count)
      let got = pread(descriptor, &bytes, count, off_t(offset))
      return got > 0 ? Array(bytes.prefix(got)) : []
    }
    // gzip: the trailer's last four bytes are the content's size modulo 2³²; at that point the
    // content has ended, and decompressing again to find nothing is not worth it.
    var status = stat()
    var trailer = [UInt8](repeating: 0, count: 4)
    guard fstat(descriptor, &status) == 0, status.st_size >= 4,
      pread(descriptor, &trailer, 4, status.st_size - 4) == 4
    else { return [] }
    let size = trailer.reversed().reduce(0) { $0 << 8 | Int($1) }
    if offset & 0xFFFF_FFFF == size { return [] }
    guard let file = gzopen(path, "rb") else { return [] }
    defer { gzclose(file) }
    guard gzseek(file, offset, SEEK_SET) == offset else { return [] }
    var bytes = [UInt8](repeating: 0, count: count)
    let got = bytes.withUnsafeMutableBytes { gzread(file, $0.baseAddress, UInt32(count)) }
    return got > 0 ? Array(bytes.prefix(Int(got))) : []
  }
}
