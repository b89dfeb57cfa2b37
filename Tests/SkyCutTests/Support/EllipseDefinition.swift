import Foundation
import SkyCut

/// The ellipse definition of docs/USAGE.md evaluated with trigonometry (the standard
/// coordinates ξ, η of the gnomonic projection at the centre), independent of SkyCut's dot
/// products: `(u / tan a)² + (v / tan b)²` of `p` for the ellipse centred at (`ra`, `dec`)
/// with semi-axes `a`, `b` and position angle `pa` (all degrees), or `nil` outside its
/// hemisphere. Inside is below 1.
func ellipseDefinition(
  _ p: UnitVector, ra: Double, dec: Double, a: Double, b: Double, pa: Double
) -> Double? {
  let r = Double.pi / 180
  let (pRA, pDec) = (p.longitude, p.latitude)
  let (ra0, dec0) = (ra * r, dec * r)
  let cosc = sin(dec0) * sin(pDec) + cos(dec0) * cos(pDec) * cos(pRA - ra0)
  guard cosc > 0 else { return nil }
  let xi = cos(pDec) * sin(pRA - ra0) / cosc
  let eta = (cos(dec0) * sin(pDec) - sin(dec0) * cos(pDec) * cos(pRA - ra0)) / cosc
  let (s, c) = (sin(pa * r), cos(pa * r))
  let u = xi * s + eta * c
  let v = xi * c - eta * s
  return pow(u / tan(a * r), 2) + pow(v / tan(b * r), 2)
}
