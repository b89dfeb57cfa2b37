#!/usr/bin/env bash
# The survey mask taken apart: the plain cut and the mask with each layer added in turn, on
# OBJECTS, interleaved over REPS rounds; each figure is the mean wall time (s) of
# `perf stat -r RUNS`, the output replaced in a scratch directory. DIR holds what
# Benchmarks/scripts/mask_data.py writes (cont_pm.fits, ellipses.fits, mask.yaml);
# CONTAMINANTS is the plain cut's (the `large` contaminants). The table in docs/PERFORMANCE.md
# ("The survey mask against its floor") comes from this script. Run it with TMPDIR=/dev/shm:
# outputs written to disk make the plain cut's times swing with the write-back (0.34–0.63 s
# against 0.28–0.30 s in one session).
#
#   TMPDIR=/dev/shm Benchmarks/scripts/mask_layers.sh OBJECTS CONTAMINANTS DIR [SKYCUT]
set -euo pipefail
objects=$1 contaminants=$2 dir=$(cd "$3" && pwd)
skycut=${4:-$(cd "$(dirname "$0")/../.." && pwd)/.build/release/skycut}
reps=${REPS:-3} runs=${RUNS:-5}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
layer() { # name, then the catalogue lines of a mask file
  local name=$1
  shift
  { [ "${EPOCH:-}" ] && echo "epoch: $EPOCH"; echo "catalogues:"; printf '%s\n' "$@"; } \
    > "$scratch/$name.yaml"
}
stars="  - {path: $dir/cont_pm.fits, bit: 0"
law='radius_expression: "1630 * 1.396^(-MAG)", max_radius: 5arcmin'
ellipses="  - {path: $dir/ellipses.fits, ellipse_columns: [SMA, SMI, PA], bit: 1}"
layer stars30 "$stars, radius: 30arcsec}"
layer stars85 "$stars, radius: 85arcsec}"
layer law "$stars, $law}"
EPOCH=2025.0 layer motions "$stars, $law, pm_columns: [PMRA, PMDEC]}"
layer ellipses "$ellipses"
layer law_ellipses "$stars, $law}" "$ellipses"
cp "$dir/mask.yaml" "$scratch/mask.yaml"
sed -i "s|path: |path: $dir/|" "$scratch/mask.yaml"
wall() {
  perf stat -r "$runs" "$skycut" "$@" -o "$scratch/out.fits" --overwrite 2>&1 >/dev/null \
    | awk '/seconds time elapsed/ {print $1}'
}
for rep in $(seq "$reps"); do
  line="rep=$rep plain30=$(wall "$objects" "$contaminants" --maxsep 30arcsec)"
  line+=" plain85=$(wall "$objects" "$contaminants" --maxsep 85arcsec)"
  for name in stars30 stars85 law motions ellipses law_ellipses mask; do
    line+=" $name=$(wall "$objects" --mask "$scratch/$name.yaml" --mask-column MASK)"
  done
  echo "$line"
done
