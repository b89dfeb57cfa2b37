/// A recursive-descent parser for ``RadiusExpression``:
///
///     expression := term (("+" | "-") term)*
///     term       := unary (("*" | "/") unary)*
///     unary      := "-" unary | "+" unary | power
///     power      := primary ("^" unary)?
///     primary    := number | name | name "(" expression ("," expression)* ")" | "(" expression ")"
struct RadiusExpressionParser {
  private let characters: [Character]
  private var position = 0
  /// The columns named, in order of first use.
  private(set) var columns: [String] = []

  typealias Node = RadiusExpression.Node
  typealias ParseError = RadiusExpression.ParseError

  init(_ text: String) { characters = Array(text) }

  /// The whole text as one expression.
  mutating func parseWhole() throws(ParseError) -> Node {
    skipSpaces()
    if position == characters.count { throw error("an empty expression") }
    let node = try expression()
    skipSpaces()
    if position < characters.count { throw error("unexpected '\(characters[position])'") }
    return node
  }

  private mutating func expression() throws(ParseError) -> Node {
    var node = try term()
    while let op = take(["+", "-"]) {
      node = .binary(op == "+" ? .add : .subtract, node, try term())
    }
    return node
  }

  private mutating func term() throws(ParseError) -> Node {
    var node = try unary()
    while let op = take(["*", "/"]) {
      node = .binary(op == "*" ? .multiply : .divide, node, try unary())
    }
    return node
  }

  private mutating func unary() throws(ParseError) -> Node {
    if let sign = take(["-", "+"]) {
      let operand = try unary()
      return sign == "-" ? .negate(operand) : operand
    }
    return try power()
  }

  private mutating func power() throws(ParseError) -> Node {
    let base = try primary()
    if take(["^"]) != nil { return .binary(.power, base, try unary()) }
    return base
  }

  private mutating func primary() throws(ParseError) -> Node {
    skipSpaces()
    guard position < characters.count else { throw error("the expression ends too soon") }
    let c = characters[position]
    if c == "(" {
      position += 1
      let node = try expression()
      try expect(")")
      return node
    }
    if c.isASCII && (c.isNumber || c == ".") { return try number() }
    if c == "`" { return column(try quotedName()) }
    if c.isASCII && (c.isLetter || c == "_") {
      let start = position
      let name = identifier()
      skipSpaces()
      if position < characters.count && characters[position] == "(" {
        return try call(name, at: start)
      }
      return column(name)
    }
    throw error("unexpected '\(c)'")
  }

  private mutating func number() throws(ParseError) -> Node {
    let start = position
    var text = ""
    while position < characters.count, characters[position].isASCII,
      characters[position].isNumber || characters[position] == "."
    {
      text.append(characters[position])
      position += 1
    }
    // An exponent: e or E, an optional sign, digits.
    if position < characters.count, characters[position] == "e" || characters[position] == "E" {
      var look = position + 1
      if look < characters.count, characters[look] == "+" || characters[look] == "-" { look += 1 }
      if look < characters.count, characters[look].isASCII, characters[look].isNumber {
        text += String(characters[position..<look])
        position = look
        while position < characters.count, characters[position].isASCII,
          characters[position].isNumber
        {
          text.append(characters[position])
          position += 1
        }
      }
    }
    guard let value = Double(text) else {
      throw ParseError(position: start + 1, reason: "'\(text)' is not a number")
    }
    return .number(value)
  }

  private mutating func identifier() -> String {
    var name = ""
    while position < characters.count, characters[position].isASCII,
      characters[position].isLetter || characters[position].isNumber || characters[position] == "_"
    {
      name.append(characters[position])
      position += 1
    }
    return name
  }

  private mutating func quotedName() throws(ParseError) -> String {
    let start = position
    position += 1
    var name = ""
    while position < characters.count && characters[position] != "`" {
      name.append(characters[position])
      position += 1
    }
    guard position < characters.count else {
      throw ParseError(position: start + 1, reason: "a name in backquotes is not closed")
    }
    position += 1
    if name.isEmpty { throw ParseError(position: start + 1, reason: "an empty column name") }
    return name
  }

  private mutating func call(_ name: String, at start: Int) throws(ParseError) -> Node {
    guard let function = RadiusExpression.Function(rawValue: name.lowercased()) else {
      let known = RadiusExpression.Function.allCases.map(\.rawValue).joined(separator: ", ")
      throw ParseError(
        position: start + 1, reason: "unknown function '\(name)' (the functions are \(known))")
    }
    position += 1  // "("
    var arguments = [try expression()]
    while take([","]) != nil { arguments.append(try expression()) }
    try expect(")")
    guard function.accepts(arguments.count) else {
      throw ParseError(
        position: start + 1,
        reason: "\(function.rawValue) takes \(function.arity), not \(arguments.count)")
    }
    return .call(function, arguments)
  }

  private mutating func column(_ name: String) -> Node {
    if let slot = columns.firstIndex(of: name) { return .column(slot) }
    columns.append(name)
    return .column(columns.count - 1)
  }

  /// Takes one of `operators` after any spaces, or nothing.
  private mutating func take(_ operators: [Character]) -> Character? {
    skipSpaces()
    guard position < characters.count, operators.contains(characters[position]) else {
      return nil
    }
    position += 1
    return characters[position - 1]
  }

  private mutating func expect(_ c: Character) throws(ParseError) {
    skipSpaces()
    guard position < characters.count, characters[position] == c else {
      throw error("expected '\(c)'")
    }
    position += 1
  }

  private mutating func skipSpaces() {
    while position < characters.count && characters[position].isWhitespace { position += 1 }
  }

  private func error(_ reason: String) -> ParseError {
    ParseError(position: position + 1, reason: reason)
  }
}
