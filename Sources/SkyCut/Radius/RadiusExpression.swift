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
  /// The expression in postfix order, evaluated on a stack.
  let program: [Instruction]
  /// The deepest the stack gets.
  let stackDepth: Int

  /// Parses `text`.
  /// - Throws: ``ParseError`` naming the 1-based character where the expression goes wrong.
  public init(parsing text: String) throws(ParseError) {
    var parser = RadiusExpressionParser(text)
    let root = try parser.parseWhole()
    self.text = text
    columns = parser.columns
    var program: [Instruction] = []
    root.compile(into: &program)
    self.program = program
    stackDepth = root.depth
  }

  public var description: String { text }

  public static func == (lhs: Self, rhs: Self) -> Bool { lhs.text == rhs.text }
  public func hash(into hasher: inout Hasher) { hasher.combine(text) }

  /// The value for one row, given the values of ``columns`` in that order. NaN propagates.
  public func evaluate(_ values: [Double]) -> Double {
    var result = Double.nan
    values.withUnsafeBufferPointer { values in
      // Column `j`'s row 0 is `values[j]`.
      let columns = (0..<values.count).map { values.baseAddress! + $0 }
      evaluate(columns: columns, rows: 0..<1, into: &result)
    }
    return result
  }

  /// The rows the program is run over at a time.
  static let batchRows = 256

  /// The value of each row of `rows` into `results[row]`, from `columns` (one pointer per
  /// entry of ``columns``, indexed by row). NaN propagates.
  ///
  /// The program runs an instruction at a time over a batch of rows, each stack slot a batch
  /// of values: run a row at a time, dispatching each instruction cost more than the
  /// arithmetic (168 instructions a row for DESI's radius law, besides its `pow`). Each row's
  /// value is computed by the same operations in the same order either way.
  func evaluate(
    columns: [UnsafePointer<Double>], rows: Range<Int>, into results: UnsafeMutablePointer<Double>
  ) {
    let batch = Self.batchRows
    let stack = UnsafeMutablePointer<Double>.allocate(capacity: stackDepth * batch)
    let arguments = UnsafeMutablePointer<Double>.allocate(capacity: stackDepth)
    defer {
      stack.deallocate()
      arguments.deallocate()
    }
    for first in stride(from: rows.lowerBound, to: rows.upperBound, by: batch) {
      let count = min(batch, rows.upperBound - first)
      // Slot `k` of the stack: values `k * batch ..< k * batch + count`.
      func slot(_ k: Int) -> UnsafeMutablePointer<Double> { stack + k * batch }
      var top = 0
      for instruction in program {
        switch instruction {
        case .number(let value):
          slot(top).update(repeating: value, count: count)
          top += 1
        case .column(let column):
          slot(top).update(from: columns[column] + first, count: count)
          top += 1
        case .negate:
          let a = slot(top - 1)
          for i in 0..<count { a[i] = -a[i] }
        case .binary(let op):
          let (a, b) = (slot(top - 2), slot(top - 1))
          top -= 1
          switch op {
          case .add: for i in 0..<count { a[i] = a[i] + b[i] }
          case .subtract: for i in 0..<count { a[i] = a[i] - b[i] }
          case .multiply: for i in 0..<count { a[i] = a[i] * b[i] }
          case .divide: for i in 0..<count { a[i] = a[i] / b[i] }
          case .power: for i in 0..<count { a[i] = pow(a[i], b[i]) }
          }
        case .call(let function, let arity):
          let base = top - arity
          for i in 0..<count {
            for k in 0..<arity { arguments[k] = slot(base + k)[i] }
            slot(base)[i] = function.apply(UnsafeBufferPointer(start: arguments, count: arity))
          }
          top = base + 1
        }
      }
      (results + first).update(from: slot(0), count: count)
    }
  }

  /// One step of the postfix program.
  enum Instruction: Sendable {
    case number(Double)
    case column(Int)
    case negate
    case binary(Node.Operator)
    /// Applies the function to the top `count` values.
    case call(Function, count: Int)
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

    /// Appends the node's postfix instructions.
    func compile(into program: inout [Instruction]) {
      switch self {
      case .number(let value): program.append(.number(value))
      case .column(let slot): program.append(.column(slot))
      case .negate(let node):
        node.compile(into: &program)
        program.append(.negate)
      case .binary(let op, let left, let right):
        left.compile(into: &program)
        right.compile(into: &program)
        program.append(.binary(op))
      case .call(let function, let arguments):
        for argument in arguments { argument.compile(into: &program) }
        program.append(.call(function, count: arguments.count))
      }
    }

    /// The stack depth its evaluation needs.
    var depth: Int {
      switch self {
      case .number, .column: 1
      case .negate(let node): node.depth
      case .binary(_, let left, let right): max(left.depth, 1 + right.depth)
      case .call(_, let arguments):
        arguments.enumerated().map { $0 + $1.depth }.max() ?? 1
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

    func apply(_ a: UnsafeBufferPointer<Double>) -> Double {
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
      case .interp: return Self.interpolate(a[0], points: UnsafeBufferPointer(rebasing: a[1...]))
      }
    }

    /// Piecewise linear through `(x₁, y₁), (x₂, y₂), …` (`points` alternates them), constant
    /// beyond the ends; NaN when the x do not increase.
    static func interpolate(_ x: Double, points: UnsafeBufferPointer<Double>) -> Double {
      let pairs = points.count / 2
      for k in 1..<Swift.max(pairs, 1) where !(points[2 * k - 2] < points[2 * k]) { return .nan }
      if x <= points[0] { return points[1] }
      for k in 1..<Swift.max(pairs, 1) where x <= points[2 * k] {
        let (x0, y0, x1, y1) = (
          points[2 * k - 2], points[2 * k - 1], points[2 * k], points[2 * k + 1]
        )
        return y0 + (x - x0) / (x1 - x0) * (y1 - y0)
      }
      return points[2 * pairs - 1]
    }
  }
}
