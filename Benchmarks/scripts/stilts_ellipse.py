#!/usr/bin/env python3
"""SkyCut's ellipses against STILTS's skyellipse matcher, side by side on the same files.

400 galaxies (axes 2''-30', any PA), half across RA = 0/360 near the equator and half at
Dec 80-89.5; 200,000 objects scattered over them. Both tools remove the objects inside a
galaxy (STILTS: tmatch2 matcher=skyellipse, join=1not2 find=all, params = the largest axis,
which it needs to find every match); then every object they disagree on is placed by the
definition of docs/USAGE.md (Ellipses) evaluated with trigonometry: sqrt(q) = 1 is the edge.

  python3 Benchmarks/scripts/stilts_ellipse.py [SKYCUT] [WORKDIR]
"""
import os, subprocess, sys, time
import numpy as np
from astropy.table import Table

skycut = sys.argv[1] if len(sys.argv) > 1 else ".build/release/skycut"
work = sys.argv[2] if len(sys.argv) > 2 else "/tmp/skycut-stilts-ellipse"
os.makedirs(work, exist_ok=True)
rng = np.random.default_rng(5)
n, m = 400, 200_000
ra = np.concatenate([rng.uniform(-3, 3, n // 2) % 360, rng.uniform(0, 360, n // 2)])
dec = np.concatenate([rng.uniform(-3, 3, n // 2), rng.uniform(80, 89.5, n // 2)])
a = 10 ** rng.uniform(np.log10(2), np.log10(1800), n)
b = a * rng.uniform(0.1, 1, n)
pa = rng.uniform(0, 180, n)
Table({"RA": ra, "DEC": dec, "A": a, "B": b, "PA": pa}).write(f"{work}/galaxies.fits", overwrite=True)
k = rng.integers(0, n, m)
r = a[k] / 3600 * rng.uniform(0, 1.5, m) ** 0.5
th = rng.uniform(0, 2 * np.pi, m)
odec = np.clip(dec[k] + r * np.cos(th), -90, 90)
ora = (ra[k] + r * np.sin(th) / np.cos(np.radians(dec[k]))) % 360
Table({"ID": np.arange(m), "RA": ora, "DEC": odec}).write(f"{work}/objects.fits", overwrite=True)

def run(command):
    start = time.time()
    subprocess.run(command, check=True, capture_output=True)
    return time.time() - start

t_stilts = run(["stilts", "tmatch2", f"in1={work}/objects.fits", f"in2={work}/galaxies.fits",
                "matcher=skyellipse", "values1=RA DEC 0 0 0", "values2=RA DEC A B PA",
                f"params={a.max():.0f}", "join=1not2", "find=all", f"out={work}/stilts.fits"])
t_skycut = run([skycut, f"{work}/objects.fits", f"{work}/galaxies.fits", "--ellipse-columns",
                "A,B,PA", "-o", f"{work}/skycut.fits", "--overwrite", "-q"])
kept_stilts = set(Table.read(f"{work}/stilts.fits")["ID"])
kept_skycut = set(Table.read(f"{work}/skycut.fits")["ID"])

def edge(i):
    """sqrt(q) of the nearest galaxy in the definition's terms, its major axis and Dec."""
    rad = np.radians
    p_ra, p_dec, c_ra, c_dec = rad(ora[i]), rad(odec[i]), rad(ra), rad(dec)
    cosc = np.sin(c_dec) * np.sin(p_dec) + np.cos(c_dec) * np.cos(p_dec) * np.cos(p_ra - c_ra)
    xi = np.cos(p_dec) * np.sin(p_ra - c_ra) / cosc
    eta = (np.cos(c_dec) * np.sin(p_dec) - np.sin(c_dec) * np.cos(p_dec) * np.cos(p_ra - c_ra)) / cosc
    s, c = np.sin(rad(pa)), np.cos(rad(pa))
    q = ((xi * s + eta * c) / np.tan(rad(a / 3600))) ** 2 + ((xi * c - eta * s) / np.tan(rad(b / 3600))) ** 2
    q[cosc <= 0] = np.inf
    j = np.argmin(q)
    return np.sqrt(q[j]), a[j], dec[j]

print(f"objects {m}, galaxies {n}; removed: SkyCut {m - len(kept_skycut)}, STILTS {m - len(kept_stilts)}")
print(f"wall: SkyCut {t_skycut:.2f} s, STILTS {t_stilts:.2f} s")
disagree = sorted(kept_stilts ^ kept_skycut)
print(f"disagreements: {len(disagree)}")
for i in disagree:
    root, axis, gdec = edge(i)
    side = "kept by STILTS only" if i in kept_stilts else "kept by SkyCut only"
    print(f"  object {i}: {side}; sqrt(q) = {root:.4f} ({abs(root - 1) * axis:.2f}\" from the edge "
          f"of a {axis:.1f}\" ellipse at Dec {gdec:.2f})")
