#!/usr/bin/env bash
# The density-profile plot of docs/: the peers' `large` objects (5 M, uniform) masked with the
# peers' own per-star radii (RADIUS = 30″ · 10^(−0.2 (MAG − 12)), 2″–600″), then profiled
# around the same stars in magnitude bins: the profile should find the radius law back.
#
#   Benchmarks/scripts/profile_demo.sh PEERS_DATA_DIR/large [OUT_DIR]
#
# Writes OUT_DIR/profile.svg, OUT_DIR/profile.png (rsvg-convert, Debian's librsvg2-bin) and
# prints skycut's report. OUT_DIR defaults to docs/.
set -euo pipefail
large=$1
here=$(cd "$(dirname "$0")" && pwd)
out=${2:-$here/../../docs}
skycut=${SKYCUT:-$here/../../.build/release/skycut}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
"$skycut" "$large/objects.fits" "$large/contaminants.fits" --radius-column RADIUS \
  -o "$scratch/masked.fits"
"$skycut" profile "$scratch/masked.fits" "$large/contaminants.fits" --max-radius 20arcmin \
  --min-radius 5arcsec --bins 60 --log-bins --by MAG --edges 6,7,8,9,10,11,12,13,14 \
  --plot "$scratch/profile.svg"
cp "$scratch/profile.svg" "$out/profile.svg"
rsvg-convert -w 800 "$out/profile.svg" -o "$out/profile.png"
