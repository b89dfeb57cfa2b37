#!/usr/bin/env bash
# `skycut profile` against the notebook way (astropy + cKDTree + numpy, profile_peer.py) on
# the same catalogues, interleaved over REPS rounds: wall time and peak RSS of each, and
# whether their pair counts agree.
#
#   Benchmarks/scripts/profile.sh OBJECTS.fits CONTAMINANTS.fits MAX_ARCSEC BINS [COLUMN EDGES]
set -euo pipefail
objects=$1 contaminants=$2 max=$3 bins=$4 column=${5:-} edges=${6:-}
here=$(cd "$(dirname "$0")" && pwd)
skycut=${SKYCUT:-$here/../../.build/release/skycut}
reps=${REPS:-3}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
by=()
[ -n "$column" ] && by=(--by "$column" --edges "$edges")
for round in $(seq "$reps"); do
  /usr/bin/time -f "skycut wall_s %e peak_rss_MiB %M" -o "$scratch/t1" \
    "$skycut" profile "$objects" "$contaminants" --max-radius "${max}arcsec" --bins "$bins" \
    "${by[@]}" -o "$scratch/skycut.csv" --overwrite > /dev/null
  /usr/bin/time -f "cKDTree wall_s %e peak_rss_MiB %M" -o "$scratch/t2" \
    python3 "$here/profile_peer.py" "$objects" "$contaminants" "$max" "$bins" $column $edges \
    > "$scratch/peer.csv" 2> "$scratch/peer.err"
  for t in "$scratch/t1" "$scratch/t2"; do
    awk '{ $5 = sprintf("%.0f", $5 / 1024); print }' "$t"
  done
  cat "$scratch/peer.err"
done
# Pair counts, row by row (skycut's table is bin-major, annulus-minor, like the peer's).
if diff <(tail -n +2 "$scratch/skycut.csv" | cut -d, -f7) <(tail -n +2 "$scratch/peer.csv" | cut -d, -f3) > /dev/null; then
  echo "pair counts: identical"
else
  echo "pair counts: DIFFER"
fi
