#!/usr/bin/env python3
"""Randoms through the cut: the fraction of uniform random points SkyCut keeps against the
unmasked fraction of the sky it reports, 1 - area/4pi, with the binomial sigma.

Usage: python3 Benchmarks/scripts/area_randoms.py [SKYCUT] [N_POINTS] [N_CAPS] [SEED]
Defaults: .build/release/skycut, 10^7 points, 10^4 caps of 1''-1 deg (log-uniform), seed 9.
Needs numpy and astropy.
"""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
from astropy.io import fits


def uniform(rng, n):
    return rng.uniform(0, 360, n), np.degrees(np.arcsin(rng.uniform(-1, 1, n)))


def main():
    skycut = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".build/release/skycut")
    n = int(float(sys.argv[2])) if len(sys.argv) > 2 else 10_000_000
    caps = int(float(sys.argv[3])) if len(sys.argv) > 3 else 10_000
    work = tempfile.mkdtemp(prefix="skycut-randoms-")
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 9
    rng = np.random.default_rng(seed)
    ra, dec = uniform(rng, caps)
    radius = 10 ** rng.uniform(0, np.log10(3600), caps)
    fits.BinTableHDU.from_columns([
        fits.Column(name="RA", format="D", array=ra),
        fits.Column(name="DEC", format="D", array=dec),
        fits.Column(name="R", format="D", unit="arcsec", array=radius),
    ]).writeto(os.path.join(work, "caps.fits"))
    ra, dec = uniform(rng, n)
    fits.BinTableHDU.from_columns([
        fits.Column(name="RA", format="D", array=ra),
        fits.Column(name="DEC", format="D", array=dec),
    ]).writeto(os.path.join(work, "randoms.fits"))
    out = subprocess.run(
        [skycut, "randoms.fits", "caps.fits", "--radius-column", "R", "-o", "kept.fits",
         "--area", "--summary", "json", "-q"],
        cwd=work, check=True, capture_output=True, text=True).stdout
    report = json.loads(out)
    f = report["area"]["sky_fraction"]
    kept = report["kept"] / report["objects"]["rows"]
    sigma = (f * (1 - f) / n) ** 0.5
    print(f"seed {seed}: {n} randoms, {caps} caps: kept {kept:.7f}, 1 - area fraction {1 - f:.7f}, "
          f"difference {(kept - (1 - f)) / sigma:+.2f} sigma (sigma {sigma:.2e})")


if __name__ == "__main__":
    main()
