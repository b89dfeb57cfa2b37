/// Radii of their own for contaminants, from a catalogue column (`--radius-column`): bright
/// stars mask larger areas than faint ones.
enum ContaminantRadii {
  /// The unit of a radius column: its FITS `TUNIT` when that names an angle, else `fallback`
  /// (a CSV column, or a FITS column without a unit).
  /// - Throws: ``CatalogueError/invalidValue(_:expected:_:)`` for a `TUNIT` that is not an
  ///   angle.
  static func unit(tunit: String?, fallback: Angle.Unit, at location: SourceLocation) throws
    -> Angle.Unit
  {
    let text = (tunit ?? "").trimmingSpaces.lowercased()
    if text.isEmpty { return fallback }
    let aliases: [String: Angle.Unit] = [
      "deg": .degrees, "degree": .degrees, "degrees": .degrees, "arcmin": .arcminutes,
      "arcsec": .arcseconds, "mas": .milliarcseconds, "rad": .radians, "radian": .radians,
      "radians": .radians,
    ]
    guard let unit = aliases[text] else {
      throw CatalogueError.invalidValue(
        tunit ?? "", expected: "an angle unit for a radius (deg, arcmin, arcsec, mas, rad)",
        location)
    }
    return unit
  }

  /// Whether `value` can be a radius: finite and not negative.
  static func isUsable(_ value: Double) -> Bool { value.isFinite && value >= 0 }

  /// Converts a column's values, in `unit`, to radii, checking every row: a NaN, infinite or
  /// negative radius is unusable. Under ``InvalidRowPolicy/error`` that is an error naming the
  /// first such row and counting them; otherwise the row's radius is 0 and its number is added
  /// to `invalid`. Radii beyond 180° are 180°.
  static func angles(
    _ values: [Double], unit: Angle.Unit, policy: InvalidRowPolicy,
    location: (Int) -> SourceLocation, invalid: inout [Int]
  ) throws -> [Angle] {
    // On every core: a million rows took 15 ms on one.
    let radii = ParallelRunner.allCores.mapElements(count: values.count) { row -> Angle in
      let value = values[row]
      return isUsable(value) ? .radians(min(unit.angle(value).radians, .pi)) : .radians(0)
    }
    let bad = values.indices.filter { !isUsable(values[$0]) }
    if let first = bad.first {
      if policy == .error {
        let others = bad.count > 1 ? " (and \(bad.count - 1) more rows)" : ""
        throw CatalogueError.invalidValue(
          values[first].isNaN ? "NaN" : "\(values[first])",
          expected: "a radius, a finite number ≥ 0\(others)",
          location(first))
      }
      invalid = Array(Set(invalid + bad)).sorted()
    }
    return radii
  }
}
