/// The stacked density of objects around contaminants, per bin and annulus, relative to a
/// reference density; with a suggested mask radius per bin and, over the bins, a fitted
/// radius law `r = A · B^(−m)`.
///
/// Densities are per square degree. The area of an annulus is that of the annulus around one
/// contaminant times the bin's contaminants: overlapping annuli of close contaminants count
/// once for each, as their pairs do.
public struct DensityProfile: Sendable, Hashable, Codable {
  /// One annulus of one bin.
  public struct Annulus: Sendable, Hashable, Codable {
    public var innerArcsec: Double
    public var outerArcsec: Double
    /// Object–contaminant pairs with a separation in `[inner, outer)`.
    public var pairs: Int
    /// The annulus's area summed over the bin's contaminants, in deg².
    public var areaDeg2: Double
    /// `pairs / areaDeg2`.
    public var densityDeg2: Double
    /// The density over the bin's reference density.
    public var relative: Double
    /// The Poisson error of `relative`: `√max(pairs, 1)` pairs, and the reference's own.
    public var relativeError: Double
  }

  /// One bin of contaminants.
  public struct Bin: Sendable, Hashable, Codable {
    /// The bin's range of the binning column, `[low, high)`; `nil` without a binning.
    public var low: Double?
    public var high: Double?
    /// The contaminants in the bin.
    public var contaminants: Int
    /// Their mean value of the binning column.
    public var meanValue: Double?
    /// The density the bin's profile is divided by, per deg², and the pairs it rests on.
    public var referenceDensityDeg2: Double
    public var referencePairs: Int
    /// The radius beyond which the relative density stays within the tolerance of 1 (see
    /// ``RadiusSuggestion``); `nil` when no annulus departs from 1 beyond the noise.
    public var suggestedRadiusArcsec: Double?
    public var annuli: [Annulus]
  }

  /// The objects counted (those with usable coordinates), and those left out.
  public var objects: Int
  public var invalidObjects: Int
  /// The contaminants stacked, and those outside every bin (or with a null value there).
  public var contaminants: Int
  public var contaminantsOutsideBins: Int
  public var invalidContaminants: Int
  /// The binning column, if any.
  public var binColumn: String?
  /// `outer` or `mean`.
  public var reference: String
  public var tolerance: Double
  public var bins: [Bin]
  /// The radius law fitted to the bins' suggested radii, when at least two bins have one.
  public var fit: RadiusLaw?
}

/// A mask radius that falls with a contaminant's magnitude: `r = A · B^(−m)`, as DESI's
/// `1630″ · 1.396^(−G)`.
public struct RadiusLaw: Sendable, Hashable, Codable {
  /// A, in arcseconds.
  public var aArcsec: Double
  public var b: Double
  /// The column `m` is read from.
  public var column: String
  /// Per bin with a suggested radius: `log₁₀ r − log₁₀(A · B^(−m))`, in dex.
  public var residualsDex: [Double]
  /// The law as a `--radius-expression` for the cut (radius in arcsec).
  public var expression: String
}
