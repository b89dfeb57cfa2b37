import CCFITSIO
import Foundation

/// Finding and checking a catalogue's table in a FITS file.
enum FITSTables {
  /// Moves to the requested HDU, or to the first table HDU, and returns its extension number.
  static func moveToTable(_ file: FITSFile, _ hdu: CatalogueReadOptions.HDU?) throws -> Int {
    switch hdu {
    case .number(let number):
      let count = try file.hduCount()
      guard number >= 0 && number < count else {
        if number >= count, let error = damagedHDU(file, number: count) { throw error }
        throw CatalogueError.malformedFile(
          SourceLocation(path: file.displayPath),
          reason: "no HDU \(number); the file has HDUs 0 to \(count - 1)")
      }
      let type = try file.moveToExtension(number)
      if type == .image { throw notATable(file) }
    case .name(let name):
      let type: FITSFile.HDUType
      do {
        type = try file.moveToExtension(named: name)
      } catch {
        throw CatalogueError.malformedFile(
          SourceLocation(path: file.displayPath), reason: "no HDU with EXTNAME '\(name)'")
      }
      if type == .image { throw notATable(file) }
    case nil:
      let count = try file.hduCount()
      var found = false
      for number in 1..<max(count, 1) where try file.moveToExtension(number) != .image {
        found = true
        break
      }
      guard found else {
        if let error = damagedHDU(file, number: count) { throw error }
        throw CatalogueError.malformedFile(
          SourceLocation(path: file.displayPath), reason: "no table HDU in the file")
      }
    }
    if file.hasKeyword("ZTABLE") {
      throw CatalogueError.malformedFile(
        file.location(),
        reason: "the table is fpack-compressed (ZTABLE), which SkyCut does not read; "
          + "unpack it with funpack first")
    }
    try checkDataIsPresent(file)
    return file.extensionNumber
  }

  /// Why the file seems to end after HDU `number - 1`: CFITSIO stops counting HDUs at the
  /// first header it cannot read, so a damaged extension header would otherwise look like
  /// the end of the file. Returns the error moving to HDU `number` gives, or, when CFITSIO
  /// takes the bytes after the last HDU for the end of the file, an error saying they are
  /// not an extension; `nil` when the file really ends there.
  private static func damagedHDU(_ file: FITSFile, number: Int) -> (any Error)? {
    do {
      try file.moveToExtension(number)
      return nil
    } catch  where error.status == .endOfFile {
      guard FITSInput.isPlain(file.path),
        (try? file.moveToExtension(number - 1)) != nil,
        let end = try? file.hduByteRange().end,
        let size = fileSize(file.path),
        size > end
      else { return nil }
      return CatalogueError.malformedFile(
        SourceLocation(path: file.displayPath, hdu: number),
        reason: "the \(size - end) bytes after HDU \(number - 1) do not start with a FITS "
          + "extension header")
    } catch {
      var located = error
      located.location = SourceLocation(path: file.displayPath, hdu: number)
      return located
    }
  }

  /// Refuses a table whose data runs past the end of a plain (not compressed) file: NAXIS2
  /// promises more rows than the file holds.
  private static func checkDataIsPresent(_ file: FITSFile) throws {
    guard FITSInput.isPlain(file.path),
      let size = fileSize(file.path)
    else { return }
    let range = try file.hduByteRange()
    let (tableBytes, tooWide) = try file.rowWidth().multipliedReportingOverflow(
      by: try file.rowCount())
    let (needed, tooLarge) = range.data.addingReportingOverflow(tableBytes)
    if tooWide || tooLarge || needed > size {
      let need = tooWide || tooLarge ? "more bytes than any file holds" : "\(needed) bytes"
      throw CatalogueError.malformedFile(
        file.location(),
        reason:
          "the file is truncated: NAXIS2 = \(try file.rowCount()) rows need \(need), "
          + "the file has \(size)")
    }
  }

  /// The size of the file `path` names, following symbolic links (a catalogue linked into
  /// a working directory is the file it links to).
  private static func fileSize(_ path: String) -> Int? {
    var info = stat()
    return stat(path, &info) == 0 ? Int(info.st_size) : nil
  }

  private static func notATable(_ file: FITSFile) -> CatalogueError {
    .malformedFile(file.location(), reason: "HDU is an image, not a table")
  }

  static func checkNumericScalar(
    _ column: FITSColumn, _ file: FITSFile, role: String = "a coordinate"
  ) throws {
    let location = file.location(column: column.name)
    if [.string, .logical, .bit].contains(column.type) {
      throw CatalogueError.invalidValue(
        column.format, expected: "a numeric column format for \(role)", location)
    }
    if column.isVariableLength || column.repeatCount != 1 || !column.type.isReal {
      throw CatalogueError.invalidValue(
        column.format, expected: "a scalar column format for \(role) (one value per row)",
        location)
    }
  }
}
