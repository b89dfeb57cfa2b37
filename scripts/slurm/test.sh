#!/usr/bin/env bash
# make test-slurm: a real single-node Slurm cluster runs the documented job scripts, and the
# results must be byte for byte those of single runs.
#
#  1. scripts/slurm/cut-array.sbatch as a 4-task array (--part auto) on a FITS and a CSV
#     catalogue; `skycut merge` of the parts = the single run.
#  2. scripts/slurm/batch-array.sbatch as a 4-task array over 8 files; every output = the
#     single run of its file; resubmitted, it redoes nothing.
#
# Starts munged, slurmctld and slurmd (scripts/slurm/cluster.sh) and stops them at the end.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
skycut=${SKYCUT:-$root/.build/release/skycut}
work=$(mktemp -d /tmp/skycut-slurm.XXXXXX)
chmod 755 "$work"
cleanup() {
  "$root/scripts/slurm/cluster.sh" stop "$work/cluster" || true
  rm -rf "$work"
}
trap cleanup EXIT
"$root/scripts/slurm/cluster.sh" start "$work/cluster"
export SLURM_CONF=$work/cluster/slurm.conf
export SKYCUT=$skycut
cd "$work"
data=$root/data
failures=0
check() { # what, expected file, actual file
  if cmp -s "$2" "$3"; then echo "ok: $1"; else echo "FAILED: $1 ($3 differs from $2)"; failures=$((failures + 1)); fi
}

# 1. One catalogue, four slices of its rows.
for objects in objects.fits objects.csv; do
  ext=${objects##*.}
  "$skycut" "$data/$objects" "$data/contaminants.fits" --maxsep 1 --quiet -o "single.$ext"
  sbatch --wait --quiet --array=0-3 --output="$work/cut-%a.log" \
    "$root/scripts/slurm/cut-array.sbatch" "$data/$objects" "$data/contaminants.fits" 1 \
    "parts-$ext"
  "$skycut" merge --quiet -o "merged.$ext" parts-"$ext"/part_3."$ext" \
    parts-"$ext"/part_1."$ext" parts-"$ext"/part_0."$ext" parts-"$ext"/part_2."$ext"
  check "4-task array on $objects, merged" "single.$ext" "merged.$ext"
done

# 2. Eight files, four tasks.
mkdir -p files
files=()
for i in 1 2 3 4; do
  cp "$data/objects.fits" "files/tile$i.fits"
  files+=("$work/files/tile$i.fits")
done
for i in 5 6; do
  cp "$data/objects.csv" "files/tile$i.csv"
  files+=("$work/files/tile$i.csv")
done
cp "$data/objects_thetaphi.fits" files/tile7.fits
gzip -c "$data/objects.fits" > files/tile8.fits.gz
files+=("$work/files/tile7.fits" "$work/files/tile8.fits.gz")
sbatch --wait --quiet --array=0-3 --output="$work/batch-%a.log" \
  "$root/scripts/slurm/batch-array.sbatch" "$data/contaminants.fits" 1 "$work/out" "${files[@]}"
for file in "${files[@]}"; do
  name=$(basename "$file")
  case $name in
    *.fits.gz) out=${name%.fits.gz}_clean.fits.gz ;;
    *) out=${name%.*}_clean.${name##*.} ;;
  esac
  "$skycut" "$file" "$data/contaminants.fits" --maxsep 1 --quiet -o "single-$out"
  check "batch array: $name" "single-$out" "out/$out"
done
sbatch --wait --quiet --array=0-3 --output="$work/again-%a.log" \
  "$root/scripts/slurm/batch-array.sbatch" "$data/contaminants.fits" 1 "$work/out" "${files[@]}"
if [ "$(cat again-*.log | grep -c 'is up to date')" = 8 ]; then
  echo "ok: the resubmitted batch array redid nothing"
else
  echo "FAILED: the resubmitted batch array redid outputs:"; cat again-*.log
  failures=$((failures + 1))
fi
if [ "$failures" -gt 0 ]; then
  echo "make test-slurm: $failures checks failed; job logs:"
  tail -n +1 "$work"/*.log
  exit 1
fi
echo "make test-slurm: every check passed"
