/// Elliptical contaminants from three columns (`--ellipse-columns A,B,PA`): semi-major and
/// semi-minor axes (unit from `TUNIT`, else the fallback) and the position angle of the major
/// axis, east of north (degrees unless `TUNIT` says otherwise).
enum ContaminantEllipses {
  /// Each row's ellipse; rows with unusable coordinates or shape get `nil` (added to
  /// `invalid` under a policy other than `.error`, which throws naming the first).
  static func shapes(
    _ columns: (a: String, b: String, positionAngle: String), values: [String: [Double]],
    positions: [UnitVector], source: any RowSource, fallback: Angle.Unit,
    policy: InvalidRowPolicy, invalid: inout [Int]
  ) throws -> [EllipseShape?] {
    let location = source.tableLocation
    let names = source.columnNames
    func unit(_ name: String, _ fallback: Angle.Unit) throws -> Angle.Unit {
      let index = try ColumnResolver.resolve(name, in: names, at: location)
      return try ContaminantRadii.unit(
        tunit: source.columnUnits?[index], fallback: fallback,
        at: location.with(column: names[index]))
    }
    let (unitA, unitB) = (try unit(columns.a, fallback), try unit(columns.b, fallback))
    let unitPA = try unit(columns.positionAngle, .degrees)
    let (a, b, pa) = (
      values[columns.a] ?? [], values[columns.b] ?? [], values[columns.positionAngle] ?? []
    )
    let skip = Set(invalid)
    // On every core (a sine and a cosine or two each); the rows without a shape found after.
    let shapes = ParallelRunner.allCores.mapElements(count: positions.count) {
      row -> EllipseShape? in
      if skip.contains(row) { return nil }
      return EllipseShape(
        centre: positions[row], a: unitA.angle(a[row]), b: unitB.angle(b[row]),
        positionAngle: unitPA.angle(pa[row]))
    }
    let bad = shapes.indices.filter { shapes[$0] == nil && !skip.contains($0) }
    if let first = bad.first {
      if policy == .error {
        let others = bad.count > 1 ? " (and \(bad.count - 1) more rows)" : ""
        throw CatalogueError.invalidValue(
          "\(a[first]), \(b[first]), \(pa[first])",
          expected: "an ellipse: axes finite, ≥ 0 and under 90°, a finite position angle\(others)",
          location.with(
            row: first + 1, column: "\(columns.a),\(columns.b),\(columns.positionAngle)"))
      }
      invalid = Array(Set(invalid + bad)).sorted()
    }
    return shapes
  }
}
