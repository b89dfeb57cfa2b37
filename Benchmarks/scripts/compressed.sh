#!/usr/bin/env bash
# Compressed objects against decompressing them: wall time of `gzip -dc FILE > /dev/null` and
# of skycut on FILE, interleaved over REPS rounds, for each FILE (.fits.gz or .csv.gz; the
# output is FITS for a FITS input, CSV for a CSV one).
#
#   Benchmarks/scripts/compressed.sh CONTAMINANTS RADIUS FILE... [-- SKYCUT]
set -euo pipefail
contaminants=$1 radius=$2
shift 2
files=()
skycut=$(cd "$(dirname "$0")/../.." && pwd)/.build/release/skycut
while [ $# -gt 0 ]; do
  if [ "$1" = "--" ]; then skycut=$2; break; fi
  files+=("$1")
  shift
done
reps=${REPS:-3}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
for rep in $(seq "$reps"); do
  for file in "${files[@]}"; do
    case $file in *.fits.gz) out=$scratch/out.fits ;; *) out=$scratch/out.csv ;; esac
    /usr/bin/time -f "%e %M" -o "$scratch/time" gzip -dc "$file" > /dev/null
    read -r wall rss < "$scratch/time"
    echo "rep=$rep file=$(basename "$file") tool=gzip-dc wall_s=$wall peak_rss_MiB=$((rss / 1024))"
    rm -f "$out"  # a new file each run: replacing the last made the kernel free it, timed
    /usr/bin/time -f "%e %M" -o "$scratch/time" "$skycut" "$file" "$contaminants" \
      --maxsep "$radius" -o "$out" --overwrite -q
    read -r wall rss < "$scratch/time"
    echo "rep=$rep file=$(basename "$file") tool=skycut wall_s=$wall peak_rss_MiB=$((rss / 1024))"
  done
done
