import CCFITSIO

/// The type of a FITS table column's values, as its `TFORMn` gives it (FITS Standard 4.0,
/// §7.3.1) and as CFITSIO reports it (`ffgtclll`, `ffeqtyll`).
enum FITSColumnType: Sendable, Hashable {
  /// `X`: bits.
  case bit
  /// `B`: unsigned bytes (`TZERO = -128` makes them signed).
  case unsignedByte
  case signedByte
  /// `L`: logicals.
  case logical
  /// `A`, or an ASCII table's `Aw`: characters.
  case string
  /// `I`: 16-bit integers.
  case short
  case unsignedShort
  /// `J` (or an ASCII table's `Iw`): 32-bit integers.
  case int
  case unsignedInt
  /// `K`: 64-bit integers.
  case longLong
  case unsignedLongLong
  /// `E` (or an ASCII table's `Ew`, `Fw`): single precision.
  case float
  /// `D` (or an ASCII table's `Dw`): double precision.
  case double
  /// `C`: pairs of single precision.
  case complex
  /// `M`: pairs of double precision.
  case doubleComplex

  /// The type of CFITSIO's type code `code` (its absolute value, for variable-length arrays),
  /// or `nil` for a code SkyCut does not know.
  init?(code: Int32) {
    switch abs(code) {
    case TBIT: self = .bit
    case TBYTE: self = .unsignedByte
    case TSBYTE: self = .signedByte
    case TLOGICAL: self = .logical
    case TSTRING: self = .string
    case TSHORT: self = .short
    case TUSHORT: self = .unsignedShort
    case TINT, TLONG: self = .int
    case TUINT, TULONG: self = .unsignedInt
    case TLONGLONG: self = .longLong
    case TULONGLONG: self = .unsignedLongLong
    case TFLOAT: self = .float
    case TDOUBLE: self = .double
    case TCOMPLEX: self = .complex
    case TDBLCOMPLEX: self = .doubleComplex
    default: return nil
    }
  }

  /// Whether values are numbers SkyCut can read as a `Double` (not bits, logicals,
  /// characters or complex pairs).
  var isReal: Bool {
    switch self {
    case .bit, .logical, .string, .complex, .doubleComplex: false
    default: true
    }
  }

  /// The size in bits of one element.
  var elementBits: Int {
    switch self {
    case .bit: 1
    case .unsignedByte, .signedByte, .logical, .string: 8
    case .short, .unsignedShort: 16
    case .int, .unsignedInt, .float: 32
    case .longLong, .unsignedLongLong, .double, .complex: 64
    case .doubleComplex: 128
    }
  }
}
