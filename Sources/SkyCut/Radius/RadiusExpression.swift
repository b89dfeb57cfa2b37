import Foundation

/// A formula for each contaminant's radius over its catalogue's numeric columns, such as
/// DESI's bright-star radius `1630 * 1.396^(-G)` (arcseconds) or legacypipe's
/// `min(1800, 150 * 2.5^((11 - m) / 3)) * 0.262`.
///
/// The language: numbers (`12`, `0.262`, `1e-3`), column names (letters, digits and `_`,
/// starting with a letter or `_`; any other name between backquotes: `` `phot g` ``),
/// `+ - * / ^` with the usual precedence (`^` binds tightest and to the right, so `-G^2` is
/// `-(G^2)` and `2^-1` is `0.5`), parentheses, and the functions `min(a, b, …)`,
/// `max(a, b, …)`, `clamp(x, lo, hi)`, `abs(x)`, `sqrt(x)`, `exp(x)`, `ln(x)`, `log10(x)`,
/// `pow(x, y)` and `interp(x, x₁, y₁, x₂, y₂, …)` — piecewise linear through the points
/// (whose x must increase), constant beyond the first and the last.
public struct RadiusExpression: Sendable, Hashable, CustomStringConvertible {
  /// The expression as written.
  public let text: String
  /// The columns it reads, in order of first use.
  public let columns: [String]
  let root: Node

  /// Parses `text`.
  /// - Throws: ``ParseError`` naming the 1-based character where the expression goes wrong.
  public init(parsing text: String) throws(ParseError) {
    var parser = RadiusExpressionParser(text)
    root = try parser.parseWhole()
    self.text = text
    columns = parser.columns
  }

  public var description: String { text }

  public static func == (lhs: Self, rhs: Self) -> Bool { lhs.text == rhs.text }
  public func hash(into hasher: inout Hasher) { hasher.combine(text) }

  /// The value for one row, given the values of ``columns`` in that order. NaN propagates.
  public func evaluate(_ values: [Double]) -> Double {
    values.withUnsafeBufferPointer { root.evaluate($0) }
  }

  /// Where and why an expression does not parse.
  public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The 1-based character (not byte) where it goes wrong.
    public var position: Int
    public var reason: String
    public var description: String { "\(reason) at character \(position)" }
  }

  /// A parsed expression.
  indirect enum Node: Sendable {
    case number(Double)
    /// The column's place in ``RadiusExpression/columns``.
    case column(Int)
    case negate(Node)
    case binary(Operator, Node, Node)
    case call(Function, [Node])

    enum Operator: Sendable { case add, subtract, multiply, divide, power }

    func evaluate(_ values: UnsafeBufferPointer<Double>) -> Double {
      switch self {
      case .number(let value): return value
      case .column(let slot): return values[slot]
      case .negate(let node): return -node.evaluate(values)
      case .binary(let op, let left, let right):
        let (a, b) = (left.evaluate(values), right.evaluate(values))
        switch op {
        case .add: return a + b
        case .subtract: return a - b
        case .multiply: return a * b
        case .divide: return a / b
        case .power: return pow(a, b)
        }
      case .call(let function, let arguments):
        return function.apply(arguments.map { $0.evaluate(values) })
      }
    }
  }

  /// The functions, with the number of arguments each takes.
  enum Function: String, Sendable, CaseIterable {
    case min, max, clamp, abs, sqrt, exp, ln, log10, pow, interp

    /// Whether `count` arguments suit the function.
    func accepts(_ count: Int) -> Bool {
      switch self {
      case .min, .max: count >= 1
      case .clamp: count == 3
      case .abs, .sqrt, .exp, .ln, .log10: count == 1
      case .pow: count == 2
      case .interp: count >= 3 && count % 2 == 1
      }
    }

    var arity: String {
      switch self {
      case .min, .max: "one or more arguments"
      case .clamp: "3 arguments (x, lo, hi)"
      case .abs, .sqrt, .exp, .ln, .log10: "1 argument"
      case .pow: "2 arguments (x, y)"
      case .interp: "x and one or more pairs (x1, y1, x2, y2, …)"
      }
    }

    func apply(_ a: [Double]) -> Double {
      if a.contains(where: \.isNaN) { return .nan }
      switch self {
      case .min: return a.min() ?? .nan
      case .max: return a.max() ?? .nan
      case .clamp: return Swift.min(Swift.max(a[0], a[1]), a[2])
      case .abs: return Swift.abs(a[0])
      case .sqrt: return a[0].squareRoot()
      case .exp: return Foundation.exp(a[0])
      case .ln: return Foundation.log(a[0])
      case .log10: return Foundation.log10(a[0])
      case .pow: return Foundation.pow(a[0], a[1])
      case .interp: return Self.interpolate(a[0], points: a[1...])
      }
    }

    /// Piecewise linear through `(x₁, y₁), (x₂, y₂), …`, constant beyond the ends; NaN when the
    /// x do not increase.
    static func interpolate(_ x: Double, points: ArraySlice<Double>) -> Double {
      let values = Array(points)
      let xs = stride(from: 0, to: values.count, by: 2).map { values[$0] }
      let ys = stride(from: 1, to: values.count, by: 2).map { values[$0] }
      guard zip(xs, xs.dropFirst()).allSatisfy(<) else { return .nan }
      if x <= xs[0] { return ys[0] }
      for k in 1..<xs.count where x <= xs[k] {
        let t = (x - xs[k - 1]) / (xs[k] - xs[k - 1])
        return ys[k - 1] + t * (ys[k] - ys[k - 1])
      }
      return ys[ys.count - 1]
    }
  }
}
