#!/usr/bin/env bash
# Wall time and peak RSS of skycut for each pairing of formats and the options that add to
# the output, on one objects/contaminants pair, interleaved over REPS rounds, for one or more
# skycut binaries (to compare two builds in one run).
#
#   Benchmarks/scripts/options.sh OBJECTS_STEM CONTAMINANTS RADIUS [SKYCUT ...]
#
# OBJECTS_STEM.fits and OBJECTS_STEM.csv must exist (../shared/peers/gen.py writes both).
# Prints one line per run: binary, case, wall_s, peak_rss_MiB and skycut's --timings.
set -euo pipefail
stem=$1 contaminants=$2 radius=$3
shift 3
binaries=("$@")
[ ${#binaries[@]} -gt 0 ] || binaries=("$(cd "$(dirname "$0")/../.." && pwd)/.build/release/skycut")
reps=${REPS:-3}
cases=${CASES:-plain columns rejected csv-csv csv-fits fits-csv}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

arguments() {
  case $1 in
    plain) echo "$stem.fits $contaminants --maxsep $radius -o $scratch/out.fits" ;;
    columns) echo "$stem.fits $contaminants --maxsep $radius -o $scratch/out.fits --flag-column NEAR --separation-column SEP --count-column NCONT" ;;
    rejected) echo "$stem.fits $contaminants --maxsep $radius -o $scratch/out.fits --rejected $scratch/rej.fits" ;;
    all) echo "$stem.fits $contaminants --maxsep $radius -o $scratch/out.fits --rejected $scratch/rej.fits --flag-column NEAR --separation-column SEP --count-column NCONT" ;;
    csv-csv) echo "$stem.csv $contaminants --maxsep $radius -o $scratch/out.csv" ;;
    csv-fits) echo "$stem.csv $contaminants --maxsep $radius -o $scratch/out.fits" ;;
    fits-csv) echo "$stem.fits $contaminants --maxsep $radius -o $scratch/out.csv" ;;
  esac
}

for rep in $(seq "$reps"); do
  for case in $cases; do
    for binary in "${binaries[@]}"; do
      rm -f "$scratch"/out.* "$scratch"/rej.*
      # shellcheck disable=SC2046
      /usr/bin/time -f "%e %M" -o "$scratch/time" "$binary" $(arguments "$case") --timings -q \
        2> "$scratch/timings" || { echo "$binary $case failed: $(cat "$scratch/timings")"; continue; }
      read -r wall rss < "$scratch/time"
      echo "rep=$rep binary=$binary case=$case wall_s=$wall peak_rss_MiB=$((rss / 1024)) $(tr '\n' ' ' < "$scratch/timings")"
    done
  done
done
