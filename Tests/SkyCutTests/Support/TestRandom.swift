import Foundation
import SkyCut

/// A seeded generator (SplitMix64), so that every random test is reproducible.
struct TestRandom: RandomNumberGenerator {
  private var state: UInt64
  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A uniform point on the sphere.
  mutating func pointOnSphere() -> UnitVector {
    let z = Double.random(in: -1...1, using: &self)
    let lon = Double.random(in: 0..<(2 * .pi), using: &self)
    let rho = (1 - z * z).squareRoot()
    return UnitVector(x: rho * cos(lon), y: rho * sin(lon), z: z)
  }

  /// A point at `angle` (radians) from `centre`, in a uniformly random direction.
  mutating func point(at angle: Double, from centre: UnitVector) -> UnitVector {
    // An orthonormal basis (e1, e2) perpendicular to the centre.
    let helper = abs(centre.z) < 0.9 ? UnitVector(x: 0, y: 0, z: 1) : UnitVector(x: 1, y: 0, z: 0)
    var e1 = cross(centre, helper)
    e1 = normalised(e1)
    let e2 = cross(centre, e1)
    let bearing = Double.random(in: 0..<(2 * .pi), using: &self)
    let (s, c) = (sin(angle), cos(angle))
    return normalised(
      UnitVector(
        x: c * centre.x + s * (cos(bearing) * e1.x + sin(bearing) * e2.x),
        y: c * centre.y + s * (cos(bearing) * e1.y + sin(bearing) * e2.y),
        z: c * centre.z + s * (cos(bearing) * e1.z + sin(bearing) * e2.z)))
  }

  /// A point within `angle` of `centre`, uniform in area.
  mutating func point(within angle: Double, of centre: UnitVector) -> UnitVector {
    let cosMax = cos(angle)
    let cosTheta = Double.random(in: cosMax...1, using: &self)
    return point(at: acos(min(1, cosTheta)), from: centre)
  }
}

func cross(_ a: UnitVector, _ b: UnitVector) -> UnitVector {
  UnitVector(x: a.y * b.z - a.z * b.y, y: a.z * b.x - a.x * b.z, z: a.x * b.y - a.y * b.x)
}

func normalised(_ v: UnitVector) -> UnitVector {
  let n = (v.x * v.x + v.y * v.y + v.z * v.z).squareRoot()
  return UnitVector(x: v.x / n, y: v.y / n, z: v.z / n)
}

/// The exact answer by brute force: rows with some contaminant at `|a − b|² < chord²`.
func bruteForceMatches(objects: [UnitVector], contaminants: [UnitVector], radius: Angle) -> [Int] {
  let chordSquared = radius.chordSquared
  return objects.indices.filter { row in
    contaminants.contains { objects[row].chordSquared(to: $0) < chordSquared }
  }
}

/// The area (sr) common to two caps of angular radii `r1` and `r2` (radians) whose centres are
/// `d` apart: the lens's closed form (Gauss–Bonnet on its two arcs).
func capLens(_ r1: Double, _ r2: Double, _ d: Double) -> Double {
  if d >= r1 + r2 { return 0 }
  if d <= abs(r1 - r2) { return 4 * .pi * pow(sin(min(r1, r2) / 2), 2) }
  let (c1, c2, cd) = (cos(r1), cos(r2), cos(d))
  let (s1, s2, sd) = (sin(r1), sin(r2), sin(d))
  return 2
    * (.pi - acos((cd - c1 * c2) / (s1 * s2)) - c1 * acos((c2 - cd * c1) / (sd * s1))
      - c2 * acos((c1 - cd * c2) / (sd * s2)))
}
