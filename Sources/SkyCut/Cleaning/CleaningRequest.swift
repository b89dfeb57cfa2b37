/// Everything one cleaning run needs: the catalogues, the radius, the output and how to run.
public struct CleaningRequest: Sendable {
  /// The catalogue to clean.
  public var objectsPath: String
  /// The catalogues of contaminants, one or more: an object near a contaminant of any of them
  /// is removed.
  public var contaminantPaths: [String]
  /// Objects strictly closer than this to a contaminant are removed; with a radius column
  /// (``CatalogueReadOptions/radiusColumn`` in ``contaminantOptions``) it caps each
  /// contaminant's own radius, and may be `nil`.
  public var radius: Angle?
  /// Where to write the cleaned catalogue; `nil` for ``defaultOutputPath(for:)``.
  public var outputPath: String?
  /// Replace an existing output file.
  public var overwrite: Bool
  /// How to read the objects catalogue.
  public var objectOptions: CatalogueReadOptions
  /// How to read the contaminants catalogue.
  public var contaminantOptions: CatalogueReadOptions
  /// The threads to use.
  public var runner: ParallelRunner
  /// Where to write the rows the cut removes (or, with ``flagColumn``, flags), if anywhere.
  public var rejectedPath: String?
  /// Keep every row and add a logical column of this name, true for the rows within reach
  /// of a contaminant, instead of removing them.
  public var flagColumn: String?
  /// Add a column of this name: the separation in arcseconds from each row written to the
  /// nearest contaminant within reach (null when there is none).
  public var separationColumn: String?
  /// Add a column of this name: how many contaminants are within reach of each row written.
  public var countColumn: String?
  /// Move the contaminants with proper motions to the objects' epoch first.
  public var epochs: EpochOptions?
  /// Add an integer column of this name: bit *k* set when the row is within reach of a
  /// contaminant of the *k*-th catalogue (with ``flagColumn``, every row is kept and this says
  /// which masks it is in). In FITS, the narrowest integer that holds the mask's highest bit
  /// (``AddedColumn/Values/bitBytes(highestBit:)``).
  public var maskColumn: String?
  /// A mask of several catalogues, each with its own reading options, radius, epoch, action
  /// and bit (a mask file, ``Mask/init(contentsOf:)``). Without it, the mask is one catalogue
  /// per ``contaminantPaths`` entry, each read with ``contaminantOptions``, ``radius`` and
  /// ``epochs``, removing (or flagging, with ``flagColumn``) with bit *k* for the *k*-th.
  public var mask: Mask? {
    didSet { if let mask { contaminantPaths = mask.catalogues.map(\.path) } }
  }
  /// Clean only this part of the objects' rows, for a job array; each output then gets a
  /// ``OutputRecord`` beside it, and ``PartMerger`` joins the parts.
  public var part: CataloguePart?
  /// Measure the area of the sky the mask removes objects from, with bounds within this
  /// relative tolerance (``MaskArea``), into ``CleaningSummary/area``.
  public var areaTolerance: Double?
  /// Write the mask as an IVOA MOC (``Mask/writeMOC(to:order:overwrite:runner:)``).
  public var moc: MOCRequest?
  /// Write the mask's unmasked-fraction HEALPix map (to ``areaTolerance`` of each pixel's
  /// area, or ``MaskArea/defaultTolerance``).
  public var fractionMap: FractionMapRequest?
  /// A survey footprint, an IVOA MOC (FITS): objects outside it are removed, and with
  /// ``areaTolerance`` the area is of the mask inside it (``CleaningSummary/footprint``).
  public var footprintPath: String?
  /// Keep the objects outside the footprint, with this bit of ``maskColumn`` set, instead of
  /// removing them.
  public var footprintBit: Int?
  /// Called as the run goes: between phases, and after each block of objects is written.
  public var progress: CleaningProgressHandler?

  /// Write an ``OutputRecord`` beside each output even when not a part (`skycut batch`
  /// does, to know on a rerun which outputs are complete and current).
  var recordsOutputs = false

  /// The size of the blocks the objects are read in, when not the source's own (tests make
  /// it small, to exercise many blocks).
  var blockBytes: Int?

  /// The mask the run applies: ``mask``, or the one the other options describe.
  var effectiveMask: Mask {
    if let mask { return mask }
    return Mask(
      catalogues: contaminantPaths.enumerated().map { number, path in
        MaskCatalogue(
          path: path, options: contaminantOptions, radius: radius, epochs: epochs,
          action: flagColumn == nil ? .remove : .flag, bit: number)
      })
  }

  /// The objects' epoch column, when each object has an epoch of its own.
  var objectEpochColumn: String? {
    effectiveMask.catalogues.lazy.compactMap(\.epochs?.objectEpochColumn).first
  }

  /// Reports progress, if anyone listens.
  func report(_ phase: CleaningProgress.Phase, _ done: Int, of total: Int?) {
    progress?(CleaningProgress(phase: phase, rowsDone: done, rowsTotal: total))
  }

  /// A request with a mask (a mask file, ``Mask/init(contentsOf:)``).
  public init(
    objectsPath: String, mask: Mask, outputPath: String? = nil, overwrite: Bool = false,
    objectOptions: CatalogueReadOptions = .init(), runner: ParallelRunner = .allCores
  ) {
    self.init(
      objectsPath: objectsPath, contaminantPaths: mask.catalogues.map(\.path), radius: nil,
      outputPath: outputPath, overwrite: overwrite, objectOptions: objectOptions,
      runner: runner)
    self.mask = mask
  }

  /// A request with one contaminant catalogue.
  public init(
    objectsPath: String, contaminantsPath: String, radius: Angle?, outputPath: String? = nil,
    overwrite: Bool = false, objectOptions: CatalogueReadOptions = .init(),
    contaminantOptions: CatalogueReadOptions = .init(), runner: ParallelRunner = .allCores
  ) {
    self.init(
      objectsPath: objectsPath, contaminantPaths: [contaminantsPath], radius: radius,
      outputPath: outputPath, overwrite: overwrite, objectOptions: objectOptions,
      contaminantOptions: contaminantOptions, runner: runner)
  }

  /// A request with one or more contaminant catalogues.
  public init(
    objectsPath: String, contaminantPaths: [String], radius: Angle?, outputPath: String? = nil,
    overwrite: Bool = false, objectOptions: CatalogueReadOptions = .init(),
    contaminantOptions: CatalogueReadOptions = .init(), runner: ParallelRunner = .allCores
  ) {
    self.objectsPath = objectsPath
    self.contaminantPaths = contaminantPaths
    self.radius = radius
    self.outputPath = outputPath
    self.overwrite = overwrite
    self.objectOptions = objectOptions
    self.contaminantOptions = contaminantOptions
    self.runner = runner
  }

  /// The objects file's name with `_clean` before its extension, in the current directory:
  /// `data/objects.fits.gz` → `objects_clean.fits.gz` (but an fpack-compressed
  /// `objects.fits.fz` → `objects_clean.fits`, which SkyCut can write).
  public static func defaultOutputPath(for objectsPath: String) -> String {
    let name = objectsPath.fileName
    let lower = name.lowercased()
    if lower.hasSuffix(".fits.fz") { return String(name.dropLast(8)) + "_clean.fits" }
    for ext in [
      ".fits.gz", ".fit.gz", ".fts.gz", ".csv.gz", ".tsv.gz", ".ecsv.gz", ".fits", ".fit", ".fts",
      ".csv", ".tsv", ".ecsv",
    ]
    where lower.hasSuffix(ext) {
      return String(name.dropLast(ext.count)) + "_clean" + String(name.suffix(ext.count))
    }
    return name + "_clean"
  }

  /// The output path this request writes to.
  /// Objects read from standard input (`-`) go to standard output unless an output is given.
  public var resolvedOutputPath: String {
    if let outputPath { return outputPath }
    if objectsPath == Catalogue.standardStream { return Catalogue.standardStream }
    return Self.defaultOutputPath(for: objectsPath)
  }
}

/// Where to write a mask's MOC, and at which order (`nil`: from the smallest radius).
public struct MOCRequest: Sendable, Hashable {
  public var path: String
  public var order: Int?

  public init(path: String, order: Int? = nil) {
    self.path = path
    self.order = order
  }
}
