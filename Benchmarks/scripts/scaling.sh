#!/usr/bin/env bash
# Scaling curve of skycut: wall time and peak RSS for 10^5 … 10^8 objects against 10^6
# contaminants at maxsep = 30", FITS in → FITS out.
#
#   Benchmarks/scripts/scaling.sh [SCRATCH_DIR] [MAX_EXPONENT]
#
# Catalogues come from ../shared/peers/gen.py (uniform on the sphere, fixed seeds). The
# 10^8-row file is the 10^7-row table repeated ten times (same header, NAXIS2 = 10^8, the
# data appended ten times): gen.py would need ~15 GB of memory for it, and a repeated table
# costs skycut exactly as much as a fresh one (every row is read, tested and copied).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
peers=$(cd "$root/../shared/peers" && pwd)
scratch=${1:-/tmp/skycut-scaling}
max=${2:-8}
skycut=${SKYCUT:-$root/.build/release/skycut}
mkdir -p "$scratch"

if [ ! -f "$scratch/contaminants/contaminants.fits" ]; then
  python3 "$peers/gen.py" --nobj 1000 --ncont 1000000 --seed 7 --maxsep-deg 0.008333333333333333 \
    --out "$scratch/contaminants" --no-csv >&2
fi
for exponent in $(seq 5 "$max"); do
  n=$((10 ** exponent))
  dir="$scratch/e$exponent"
  if [ ! -f "$dir/objects.fits" ]; then
    if [ "$exponent" -le 7 ]; then
      python3 "$peers/gen.py" --nobj "$n" --ncont 1 --seed "$exponent" --out "$dir" --no-csv >&2
    else
      mkdir -p "$dir"
      python3 "$here/repeat_table.py" "$scratch/e7/objects.fits" 10 "$dir/objects.fits" >&2
    fi
  fi
  rm -f "$scratch/out.fits"
  /usr/bin/time -f "wall_s=%e peak_rss_MiB=%M" -o "$scratch/time.txt" \
    "$skycut" "$dir/objects.fits" "$scratch/contaminants/contaminants.fits" --maxsep 30arcsec \
    -o "$scratch/out.fits" --timings -q 2> "$scratch/timings.txt"
  rss_kib=$(sed -n 's/.*peak_rss_MiB=\([0-9]*\).*/\1/p' "$scratch/time.txt")
  wall=$(sed -n 's/.*wall_s=\([0-9.]*\).*/\1/p' "$scratch/time.txt")
  bytes=$(stat -c %s "$dir/objects.fits")
  echo "objects=$n file_MB=$((bytes / 1000000)) wall_s=$wall peak_rss_MiB=$((rss_kib / 1024)) $(tr '\n' ' ' < "$scratch/timings.txt")"
  rm -f "$scratch/out.fits"
done
