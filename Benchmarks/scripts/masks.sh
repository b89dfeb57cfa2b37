#!/usr/bin/env bash
# A survey-grade mask against the plain cut, interleaved over REPS rounds: wall time and peak
# RSS of (a) OBJECTS against CONTAMINANTS at 30″ and (b) OBJECTS through MASK (a mask file:
# see docs/PERFORMANCE.md for the one measured) with a mask column.
#
#   Benchmarks/scripts/masks.sh OBJECTS CONTAMINANTS MASK [SKYCUT]
set -euo pipefail
objects=$1 contaminants=$2 mask=$3
skycut=${4:-$(cd "$(dirname "$0")/../.." && pwd)/.build/release/skycut}
reps=${REPS:-3}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
for rep in $(seq "$reps"); do
  for case in plain mask; do
    if [ "$case" = plain ]; then
      arguments=("$objects" "$contaminants" --maxsep 30arcsec)
    else
      arguments=("$objects" --mask "$mask" --mask-column MASK)
    fi
    # Each run writes a new file (replacing the last run's made the kernel free its pages
    # inside the timed run). The previous run's output still being written back to disk slows
    # whichever run follows it (seen as a plain run taking 1.2 s or 1.7 s in turn): flush it
    # first.
    rm -f "$scratch/out.fits"
    sync
    /usr/bin/time -f "%e %M" -o "$scratch/time" "$skycut" "${arguments[@]}" \
      -o "$scratch/out.fits" --overwrite --timings 2> "$scratch/log"
    read -r wall rss < "$scratch/time"
    echo "rep=$rep case=$case wall_s=$wall peak_rss_MiB=$((rss / 1024)) $(grep -o 'removed [0-9]*' "$scratch/log" | head -1) $(grep timings -A0 "$scratch/log" || grep -o 'read_s.*' "$scratch/log")"
  done
done
