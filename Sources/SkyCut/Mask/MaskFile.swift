import Foundation
import Yams

extension Mask {
  /// Reads a mask file (YAML; every key in docs/MASKS.md): the objects' `epoch` and a list of
  /// `catalogues`, each with its `path` (relative to the mask file's folder), how to read it,
  /// its radius, ellipses, epoch, `action`, `bit` and further `zones`. An unknown key, a
  /// value of the wrong kind or a missing one is an error naming the file, the line and the
  /// key. The file's name and SHA-256 become ``source``.
  ///
  /// - Throws: ``CatalogueError/fileNotFound(path:)`` and the other read errors for the file;
  ///   ``CatalogueError/invalidArgument(_:)`` (a usage error) for its contents.
  public init(contentsOf path: String) throws {
    guard let data = FileManager.default.contents(atPath: path) else {
      if FileManager.default.fileExists(atPath: path) {
        throw CatalogueError.unreadableFile(
          SourceLocation(path: path), reason: "cannot read the mask file")
      }
      throw CatalogueError.fileNotFound(path: path)
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw CatalogueError.invalidArgument("\(path): a mask file is UTF-8 text")
    }
    let folder = (path as NSString).deletingLastPathComponent
    try self.init(yaml: text, named: path, relativeTo: folder)
    source = (path, SHA256.hex(data))
  }

  /// Reads a mask from YAML text; `name` names it in errors, relative paths are taken from
  /// `folder`.
  init(yaml text: String, named name: String, relativeTo folder: String) throws {
    let node: Node?
    do {
      node = try Yams.compose(yaml: text)
    } catch let error as YamlError {
      throw CatalogueError.invalidArgument("\(name): not YAML: \(Self.describe(error))")
    }
    let top = try MaskNode(node ?? Node(""), file: name, path: "the mask").mapping(
      allowing: ["epoch", "epoch_column", "epoch_range", "catalogues"])
    let epoch = try top["epoch"]?.number()
    let objectEpochColumn = try top["epoch_column"]?.string()
    var objectEpochRange: ClosedRange<Double>?
    if let range = top["epoch_range"] {
      let ends = try range.sequence().elements.map { try $0.number() }
      guard ends.count == 2, ends[0] <= ends[1] else {
        throw range.error("is two Julian years, the earlier first: [2014, 2020]")
      }
      objectEpochRange = ends[0]...ends[1]
    }
    let list = try top.required("catalogues").sequence()
    if list.isEmpty { throw list.node.error("lists no catalogues") }
    var catalogues: [MaskCatalogue] = []
    for (number, entry) in list.elements.enumerated() {
      var catalogue = try MaskCatalogue(
        entry, number: number, objectEpoch: epoch ?? (objectEpochColumn == nil ? nil : .nan),
        relativeTo: folder)
      catalogue.epochs?.objectEpochColumn = objectEpochColumn
      catalogue.epochs?.objectEpochRange = objectEpochRange
      catalogues.append(catalogue)
    }
    self.init(catalogues: catalogues)
  }

  private static func describe(_ error: YamlError) -> String {
    "\(error)".split(separator: "\n").first.map(String.init) ?? "\(error)"
  }
}

extension MaskCatalogue {
  static let keys = [
    "path", "hdu", "columns", "frame", "invalid", "radius", "radius_column",
    "radius_expression", "radius_unit", "max_radius", "ellipse_columns", "ellipse_unit",
    "proper_motions", "epoch", "epoch_column", "pm_columns", "action", "bit", "zones",
  ]

  /// One entry of a mask file's `catalogues`.
  fileprivate init(_ entry: MaskNode, number: Int, objectEpoch: Double?, relativeTo folder: String)
    throws
  {
    let fields = try entry.mapping(allowing: Self.keys)
    let file = try fields.required("path").string()
    let path = file.hasPrefix("/") || folder.isEmpty ? file : folder + "/" + file
    var options = CatalogueReadOptions()
    if let hdu = fields["hdu"] {
      if let number = Int(try hdu.string()) {
        guard number >= 0 else { throw hdu.error("is an HDU number, 0 or more") }
        options.hdu = .number(number)
      } else {
        options.hdu = .name(try hdu.string())
      }
    }
    if let columns = try fields["columns"]?.names(count: 2) {
      options.columns = (columns[0], columns[1])
    }
    options.frame = try fields["frame"]?.choice(SkyFrame.self)
    options.invalidRows = try fields["invalid"]?.choice(InvalidRowPolicy.self) ?? .error
    options.radiusColumn = try fields["radius_column"]?.string()
    if let expression = fields["radius_expression"] {
      do {
        options.radiusExpression = try RadiusExpression(parsing: try expression.string())
      } catch let error as RadiusExpression.ParseError {
        throw expression.error("\(error)")
      }
    }
    options.radiusUnit = try fields["radius_unit"]?.choice(Angle.Unit.self) ?? .arcseconds
    if let axes = try fields["ellipse_columns"]?.names(count: 3) {
      options.ellipseColumns = (axes[0], axes[1], axes[2])
    }
    options.ellipseUnit = try fields["ellipse_unit"]?.choice(Angle.Unit.self) ?? .arcseconds
    let fixed = try fields["radius"]?.angle()
    let cap = try fields["max_radius"]?.angle()
    if fixed != nil && cap != nil {
      throw fields.node.error("gives a radius and a max_radius: the radius is fixed, or capped")
    }
    if fixed != nil && (options.radiusColumn != nil || options.radiusExpression != nil) {
      throw fields.node.error(
        "gives a radius and a radius_column or radius_expression: give max_radius for a cap")
    }
    self.init(
      path: path, options: options, radius: fixed ?? cap,
      epochs: try Self.epochs(fields, objectEpoch: objectEpoch),
      action: try fields["action"]?.choice(MaskAction.self) ?? .remove,
      bit: try fields["bit"]?.bit() ?? number,
      zones: try fields["zones"]?.sequence().elements.map(MaskZone.init) ?? [])
    if number > Mask.maximumBit && fields["bit"] == nil {
      throw fields.node.error("needs a bit: the default (its place, \(number)) is beyond 61")
    }
  }

  /// The catalogue's motion, when it asks for one.
  private static func epochs(_ fields: MaskNode.Fields, objectEpoch: Double?) throws
    -> EpochOptions?
  {
    let moves =
      try fields["proper_motions"]?.bool()
      ?? (fields["epoch"] != nil || fields["epoch_column"] != nil || fields["pm_columns"] != nil)
    guard moves else { return nil }
    guard let objectEpoch else {
      throw fields.node.error(
        "moves its stars, but the mask gives no objects' epoch (epoch: or epoch_column:)")
    }
    let motions = try fields["pm_columns"]?.names(count: 2)
    return EpochOptions(
      objectEpoch: objectEpoch, contaminantEpoch: try fields["epoch"]?.number(),
      epochColumn: try fields["epoch_column"]?.string(),
      properMotionColumns: motions.map { ($0[0], $0[1]) })
  }
}

extension MaskZone {
  fileprivate init(_ entry: MaskNode) throws {
    let fields = try entry.mapping(allowing: ["radius_factor", "action", "bit"])
    let factor = try fields.required("radius_factor")
    radiusFactor = try factor.number()
    guard radiusFactor > 0 else { throw factor.error("is a radius factor, more than 0") }
    action = try fields["action"]?.choice(MaskAction.self) ?? .remove
    bit = try fields.required("bit").bit()
  }
}

/// A node of a mask file, with what errors need: the file, the line and the key's path.
private struct MaskNode {
  let node: Node
  let file: String
  /// `catalogues[1].zones[0].bit`.
  let path: String

  init(_ node: Node, file: String, path: String) {
    self.node = node
    self.file = file
    self.path = path
  }

  func error(_ message: String) -> CatalogueError {
    let line = node.mark.map { " line \($0.line):" } ?? ""
    return CatalogueError.invalidArgument("\(file):\(line) \(path) \(message)")
  }

  /// A mapping's entries, by key; a key not in `allowing` is an error listing those.
  struct Fields {
    let node: MaskNode
    let entries: [String: MaskNode]
    subscript(key: String) -> MaskNode? { entries[key] }
    func required(_ key: String) throws -> MaskNode {
      guard let value = entries[key] else { throw node.error("needs '\(key)'") }
      return value
    }
  }

  func mapping(allowing keys: [String]) throws -> Fields {
    guard let mapping = node.mapping else { throw error("must be a mapping of keys to values") }
    var entries: [String: MaskNode] = [:]
    for (key, value) in mapping {
      let name = key.string ?? ""
      let child = MaskNode(value, file: file, path: path == "the mask" ? name : "\(path).\(name)")
      guard keys.contains(name) else {
        throw MaskNode(key, file: file, path: child.path).error(
          "is not a key here (known: \(keys.joined(separator: ", ")))")
      }
      entries[name] = child
    }
    return Fields(node: self, entries: entries)
  }

  struct Elements {
    let node: MaskNode
    let elements: [MaskNode]
    var isEmpty: Bool { elements.isEmpty }
  }

  func sequence() throws -> Elements {
    guard let sequence = node.sequence else { throw error("must be a list") }
    return Elements(
      node: self,
      elements: sequence.enumerated().map {
        MaskNode($1, file: file, path: "\(path)[\($0)]")
      })
  }

  func string() throws -> String {
    guard case .scalar(let scalar) = node, !scalar.string.isEmpty else {
      throw error("must be a text value")
    }
    return scalar.string
  }

  func number() throws -> Double {
    guard let value = node.float ?? node.int.map(Double.init), value.isFinite else {
      throw error("must be a number, not '\(node.string ?? "a list or mapping")'")
    }
    return value
  }

  func bool() throws -> Bool {
    guard let value = node.bool else { throw error("must be true or false") }
    return value
  }

  func bit() throws -> Int {
    guard let value = node.int, (0...Mask.maximumBit).contains(value) else {
      throw error("must be a bit number from 0 to \(Mask.maximumBit)")
    }
    return value
  }

  func angle() throws -> Angle {
    let text = try string()
    guard let angle = Angle(parsing: text), angle.radians > 0, angle.radians <= .pi else {
      throw error("must be an angle in (0, 180°], e.g. 30arcsec, 2arcmin or 1deg, not '\(text)'")
    }
    return angle
  }

  /// Column names: a list, or one text with commas (`RA,DEC`).
  func names(count: Int) throws -> [String] {
    let names: [String]
    if let sequence = node.sequence {
      names = try sequence.enumerated().map {
        try MaskNode($1, file: file, path: "\(path)[\($0)]").string()
      }
    } else {
      names = try string().split(separator: ",", omittingEmptySubsequences: false)
        .map { $0.trimmingCharacters(in: .whitespaces) }
    }
    guard names.count == count, names.allSatisfy({ !$0.isEmpty }) else {
      throw error("must name \(count) columns")
    }
    return names
  }

  func choice<Choice: RawRepresentable & CaseIterable>(_ type: Choice.Type) throws -> Choice
  where Choice.RawValue == String {
    let text = try string()
    guard let value = Choice(rawValue: text.lowercased()) else {
      throw error(
        "must be one of \(Choice.allCases.map(\.rawValue).joined(separator: ", ")), not '\(text)'")
    }
    return value
  }
}
