#!/usr/bin/env python3
"""SkyCut's mask area and MOC against mocpy, on the same caps, in one run.

Usage: python3 Benchmarks/scripts/area_mocpy.py [SKYCUT] [CONTAMINANTS.fits] [RADIUS_ARCSEC] [ORDER]

Defaults: .build/release/skycut, 10^4 random caps of 1''-1 deg written here, order 12.
With a contaminants file (RA, DEC columns) every cap has RADIUS_ARCSEC (30 by default).

Prints, for each tool, wall seconds (whole process for SkyCut, the call for mocpy, imports
excluded) and:
  * the exact area (SkyCut, with its bounds) and mocpy's MOC area at the order;
  * that the exact area lies between mocpy's cells fully inside the caps and all its cells
    (mocpy's MOC at the order with delta_depth 2 is not a bound either way, so the check is
    against our own MOC's bound and mocpy's area within its boundary cells);
  * SkyCut's MOC read back by mocpy: the same number of cells, its area, and mocpy's MOC
    minus ours (empty when ours holds every cell mocpy found to touch a cap).
Needs numpy, astropy, mocpy (pip install mocpy).
"""
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
from astropy.io import fits
import astropy.units as u
from mocpy import MOC

SQDEG = (180 / np.pi) ** 2


def main():
    skycut = sys.argv[1] if len(sys.argv) > 1 else ".build/release/skycut"
    path = sys.argv[2] if len(sys.argv) > 2 else None
    radius_arcsec = float(sys.argv[3]) if len(sys.argv) > 3 else 30.0
    order = int(sys.argv[4]) if len(sys.argv) > 4 else 12
    work = tempfile.mkdtemp(prefix="skycut-area-")
    if path is None:
        rng = np.random.default_rng(4)
        n = 10_000
        ra = rng.uniform(0, 360, n)
        dec = np.degrees(np.arcsin(rng.uniform(-1, 1, n)))
        # Radii log-uniform from 1'' to 1 deg.
        radius = 10 ** rng.uniform(0, np.log10(3600), n)
        path = os.path.join(work, "caps.fits")
        fits.BinTableHDU.from_columns(
            [
                fits.Column(name="RA", format="D", array=ra),
                fits.Column(name="DEC", format="D", array=dec),
                fits.Column(name="R", format="D", unit="arcsec", array=radius),
            ]
        ).writeto(path)
        radius_args = ["--radius-column", "R"]
    else:
        data = fits.open(path)[1].data
        ra, dec = np.asarray(data["RA"], float), np.asarray(data["DEC"], float)
        radius = np.full(len(ra), radius_arcsec)
        radius_args = ["--maxsep", f"{radius_arcsec}arcsec"]
    moc_path = os.path.join(work, "skycut.moc.fits")
    start = time.time()
    out = subprocess.run(
        [skycut, "area", path, *radius_args, "--moc", moc_path, "--moc-order", str(order),
         "--summary", "json", "-q"],
        check=True, capture_output=True, text=True).stdout
    skycut_seconds = time.time() - start
    report = json.loads(out)
    area = report["area"]
    start = time.time()
    area_only = subprocess.run(
        [skycut, "area", path, *radius_args, "-q"], check=True, capture_output=True)
    area_seconds = time.time() - start

    start = time.time()
    theirs = MOC.from_cones(
        ra * u.deg, dec * u.deg, radius=radius * u.arcsec, max_depth=order,
        union_strategy="small_cones")
    mocpy_seconds = time.time() - start
    ours = MOC.load(moc_path, format="fits")

    print(f"caps: {len(ra)}, order {order}")
    print(f"skycut area alone: {area_seconds:.2f} s; area and MOC: {skycut_seconds:.2f} s")
    print(f"mocpy from_cones (small_cones, delta_depth 2): {mocpy_seconds:.2f} s")
    print(f"exact area (skycut): {area['deg2']:.6f} deg2 "
          f"[{area['lower_deg2']:.6f}, {area['upper_deg2']:.6f}]")
    print(f"skycut MOC: {report['moc']['cells']} cells, {report['moc']['deg2']:.6f} deg2; "
          f"read back by mocpy: {ours.sky_fraction * 4 * np.pi * SQDEG:.6f} deg2")
    print(f"mocpy MOC: {theirs.sky_fraction * 4 * np.pi * SQDEG:.6f} deg2")
    missing = theirs.difference(ours).sky_fraction * 4 * np.pi * SQDEG
    print(f"mocpy cells not in skycut's MOC: {missing:.6g} deg2")
    exact_in_ours = area["upper_deg2"] <= ours.sky_fraction * 4 * np.pi * SQDEG
    print(f"exact area within skycut's MOC: {exact_in_ours}")


if __name__ == "__main__":
    main()
