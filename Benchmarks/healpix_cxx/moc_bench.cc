// The MOC of many caps with healpix_cxx (Debian libhealpix-cxx-dev), to compare with
// `skycut area --moc` on the same caps: query_disc_inclusive per cap at ORDER (fact 4, as
// accurate as healpix_cxx offers), the ranges sorted and merged, then the NUNIQ cells.
// Build: g++ -O2 moc_bench.cc $(pkg-config --cflags --libs healpix_cxx) -o moc_bench
// Usage: ./moc_bench CAPS.txt ORDER   (CAPS.txt: "ra_deg dec_deg radius_arcsec" per line)
#include <healpix_base.h>
#include <moc.h>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <vector>
#include <algorithm>
#include <cmath>

static const double pi = 3.141592653589793238462643383279502884197;
static const double degr2rad = pi / 180, rad2degr = 180 / pi;

int main(int argc, char **argv) {
  if (argc < 3) { std::fprintf(stderr, "usage: moc_bench CAPS.txt ORDER\n"); return 64; }
  std::ifstream in(argv[1]);
  int order = std::atoi(argv[2]);
  std::vector<double> ra, dec, r;
  double a, b, c;
  while (in >> a >> b >> c) { ra.push_back(a); dec.push_back(b); r.push_back(c); }
  auto start = std::chrono::steady_clock::now();
  T_Healpix_Base<int64> base(order, NEST);
  std::vector<std::pair<int64, int64>> ranges;
  rangeset<int64> set;
  for (size_t i = 0; i < ra.size(); ++i) {
    pointing p(vec3(std::cos(dec[i] * degr2rad) * std::cos(ra[i] * degr2rad),
                    std::cos(dec[i] * degr2rad) * std::sin(ra[i] * degr2rad),
                    std::sin(dec[i] * degr2rad)));
    base.query_disc_inclusive(p, r[i] / 3600 * degr2rad, set, 4);
    for (tsize k = 0; k < set.nranges(); ++k) ranges.emplace_back(set.ivbegin(k), set.ivend(k));
  }
  std::sort(ranges.begin(), ranges.end());
  Moc<int64> moc;
  int64 lo = -1, hi = -1;
  for (auto &range : ranges) {
    if (range.first > hi) {
      if (hi > lo) moc.appendPixelRange(order, lo, hi);
      lo = range.first;
      hi = range.second;
    } else if (range.second > hi) {
      hi = range.second;
    }
  }
  if (hi > lo) moc.appendPixelRange(order, lo, hi);
  std::vector<int64> uniq = moc.toUniq();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  double area = 0;
  for (int64 u : uniq) {
    int o = 0;
    while ((int64(4) << (2 * (o + 1))) <= u) ++o;
    area += 4 * pi / (12.0 * double(int64(1) << (2 * o)));
  }
  std::printf("healpix_cxx: %zu caps, order %d: %.2f s, %zu cells, %.6f deg2\n", ra.size(), order,
              seconds, uniq.size(), area * rad2degr * rad2degr);
}
