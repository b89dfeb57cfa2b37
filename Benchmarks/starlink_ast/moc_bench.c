/* The MOC of many caps with Starlink AST (Debian libstarlink-ast-dev), to compare with
 * `skycut area --moc` and healpix_cxx on the same caps: one AstCircle per cap, added to an
 * AstMoc of MaxOrder ORDER with AST__OR, then its area and cell count.
 * Build: cc -O2 moc_bench.c -o moc_bench -lstarlink_ast -lstarlink_ast_grf3d -lstarlink_ast_err -lm
 * Usage: ./moc_bench CAPS.txt ORDER   (CAPS.txt: "ra_deg dec_deg radius_arcsec" per line) */
#include <star/ast.h>
#include <star/grf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* Debian's AST needs a 2-D graphics module, which it does not ship: none is used here. */
int astGAttr(int a, double v, double *o, int p) { return 0; }
int astGScales(float *a, float *b) { return 0; }
int astGBBuf(void) { return 0; }
int astGEBuf(void) { return 0; }
int astGFlush(void) { return 0; }
int astGLine(int n, const float *x, const float *y) { return 0; }
int astGMark(int n, const float *x, const float *y, int t) { return 0; }
int astGQch(float *a, float *b) { return 0; }
int astGText(const char *t, float x, float y, const char *j, float u, float v) { return 0; }
int astGTxExt(const char *t, float x, float y, const char *j, float u, float v, float *a,
              float *b) { return 0; }
int astGCap(int c, int v) { return 0; }

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + 1e-9 * t.tv_nsec;
}

int main(int argc, char **argv) {
  if (argc < 3) { fprintf(stderr, "usage: moc_bench CAPS.txt ORDER\n"); return 64; }
  FILE *in = fopen(argv[1], "r");
  if (!in) { perror(argv[1]); return 66; }
  int order = atoi(argv[2]);
  size_t n = 0, capacity = 1024;
  double *caps = malloc(3 * capacity * sizeof(double));
  while (fscanf(in, "%lf %lf %lf", &caps[3 * n], &caps[3 * n + 1], &caps[3 * n + 2]) == 3) {
    if (++n == capacity) caps = realloc(caps, 3 * (capacity *= 2) * sizeof(double));
  }
  fclose(in);
  const double rad = M_PI / 180;
  double start = now();
  astBegin;
  AstSkyFrame *sky = astSkyFrame("System=ICRS");
  AstMoc *moc = astMoc("MaxOrder=%d", order);
  for (size_t i = 0; i < n; ++i) {
    double centre[2] = {caps[3 * i] * rad, caps[3 * i + 1] * rad};
    double radius[1] = {caps[3 * i + 2] / 3600 * rad};
    AstCircle *circle = astCircle(sky, 1, centre, radius, NULL, " ");
    astAddRegion(moc, AST__OR, circle);
    astAnnul(circle);
    if (!astOK) { fprintf(stderr, "AST failed at cap %zu\n", i); return 70; }
  }
  /* MocArea is in square arcminutes. */
  double area = astGetD(moc, "MocArea") / 3600;
  int cells = astGetI(moc, "MocLength");
  astEnd;
  printf("%zu caps, order %d: %.3f s, %d cells, %.4f deg2\n", n, order, now() - start, cells,
         area);
  return 0;
}
