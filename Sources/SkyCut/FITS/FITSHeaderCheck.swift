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
/// Whatever else is wrong (a file that is not FITS, a header that never ends, a truncated
/// file) is left to CFITSIO, which reports it as an error. Each file is checked once per
/// process (by path, size and modification time).
enum FITSHeaderCheck {
  static func check(path: String) throws(FITSError) {
    var status = stat()
    guard stat(path, &status) == 0 else { return }  // CFITSIO reports a missing file
    let key =
      "\(path)\u{0}\(status.st_size)\u{0}\(status.st_mtim.tv_sec).\(status.st_mtim.tv_nsec)"
    if checked.withLock({ $0.contains(key) }) { return }
    guard let reader = BlockReader(path: path) else { return }
    if let problem = firstProblem(reader) {
      throw FITSError(
        status: 207, routine: "header check",  // VALUE_UNDEFINED: the card is unusable
        location: SourceLocation(path: path, hdu: problem.hdu), reason: problem.reason)
    }
    checked.withLock { _ = $0.insert(key) }
  }

  private static let checked = Mutex(Set<String>())

  /// Keywords whose values the FITS standard makes strings, and CFITSIO copies blindly.
  private static let stringKeywords = ["TTYPE", "TFORM", "TUNIT", "TDISP", "TDIM"]

  private static func firstProblem(_ reader: BlockReader) -> (hdu: Int, reason: String)? {
    for hdu in 0..<1000 {
      var values: [String: String] = [:]
      var cardNumber = 0
      var ended = false
      while !ended {
        // A short last block is checked too: CFITSIO parses what there is of it.
        guard let block = reader.next(2880), !block.isEmpty else { return nil }
        if cardNumber == 0 {
          let start = hdu == 0 ? "SIMPLE  =" : "XTENSION="
          guard block.starts(with: Array(start.utf8)) else { return nil }
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
      guard let size = dataBytes(values), reader.skip(size) else { return nil }
    }
    return nil
  }

  /// The size of an HDU's data, padded to whole blocks, from its header's values; `nil` when
  /// they do not say (CFITSIO then reports it).
  private static func dataBytes(_ values: [String: String]) -> Int? {
    func integer(_ key: String) -> Int? {
      values[key].flatMap {
        Int($0.split(separator: "/").first?.trimmingCharacters(in: .whitespaces) ?? "")
      }
    }
    guard let bitpix = integer("BITPIX"), let axes = integer("NAXIS"), axes >= 0, axes <= 999
    else { return nil }
    var count = axes == 0 ? 0 : 1
    for axis in stride(from: 1, through: axes, by: 1) {
      guard let length = integer("NAXIS\(axis)"), length >= 0 else { return nil }
      let (product, overflow) = count.multipliedReportingOverflow(by: length)
      guard !overflow else { return nil }
      count = product
    }
    let pcount = integer("PCOUNT") ?? 0
    let gcount = integer("GCOUNT") ?? 1
    guard pcount >= 0, gcount >= 0 else { return nil }
    let (elements, overflowA) = (count + pcount).multipliedReportingOverflow(by: gcount)
    let (bytes, overflowB) = elements.multipliedReportingOverflow(by: abs(bitpix) / 8)
    guard !overflowA, !overflowB, bytes < Int.max - 2880 else { return nil }
    return (bytes + 2879) / 2880 * 2880
  }
}

/// Reads a file block by block, plain or gzip-compressed (through zlib, which reads both).
private final class BlockReader {
  private let file: gzFile

  init?(path: String) {
    guard let file = gzopen(path, "rb") else { return nil }
    self.file = file
  }

  deinit { gzclose(file) }

  /// The next `count` bytes, fewer at the end of the file, or `nil` on a read error.
  func next(_ count: Int) -> [UInt8]? {
    var block = [UInt8](repeating: 0, count: count)
    let got = block.withUnsafeMutableBytes { gzread(file, $0.baseAddress, UInt32(count)) }
    guard got >= 0 else { return nil }
    block.removeSubrange(Int(got)...)
    return block
  }

  /// Skips `count` bytes; `false` when the file ends first or the skip fails.
  func skip(_ count: Int) -> Bool {
    guard count > 0 else { return true }
    return gzseek(file, Int(count), SEEK_CUR) >= 0
  }
}
