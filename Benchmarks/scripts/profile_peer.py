#!/usr/bin/env python3
"""The notebook way to a stacked density profile, for comparison with `skycut profile`:
astropy to read, scipy's cKDTree for the pairs, numpy for the histogram.

    profile_peer.py OBJECTS.fits CONTAMINANTS.fits MAX_ARCSEC BINS [COLUMN EDGE,EDGE,...]

Prints the pair counts per (bin, annulus) as CSV on standard output (BIN,ANNULUS,PAIRS), so
that they can be compared with skycut's table, and the seconds per phase on standard error.
Annuli are of equal width from 0 to MAX_ARCSEC; a pair is in annulus k when
c_k <= |a - b| < c_{k+1}, c = 2 sin(r/2), as in skycut.
"""
import sys
import time

import numpy as np
from astropy.io import fits
from scipy.spatial import cKDTree


def unit_vectors(table):
    ra = np.radians(table["RA"].astype(np.float64))
    dec = np.radians(table["DEC"].astype(np.float64))
    return np.column_stack((np.cos(dec) * np.cos(ra), np.cos(dec) * np.sin(ra), np.sin(dec)))


def main():
    objects_path, contaminants_path, max_arcsec, bins = sys.argv[1:5]
    column, edges = (sys.argv[5], np.array([float(e) for e in sys.argv[6].split(",")])) if len(sys.argv) > 6 else (None, None)
    start = time.perf_counter()
    objects = unit_vectors(fits.getdata(objects_path, 1))
    stars_table = fits.getdata(contaminants_path, 1)
    stars = unit_vectors(stars_table)
    read = time.perf_counter()
    star_bin = np.zeros(len(stars), dtype=np.int64)
    if column is not None:
        star_bin = np.searchsorted(edges, stars_table[column].astype(np.float64), side="right") - 1
        star_bin[(star_bin < 0) | (star_bin >= len(edges) - 1)] = -1
    radii = np.radians(np.linspace(0, float(max_arcsec), int(bins) + 1) / 3600)
    chords = 2 * np.sin(radii / 2)
    tree = cKDTree(stars)
    pairs = tree.sparse_distance_matrix(cKDTree(objects), chords[-1], output_type="ndarray")
    built = time.perf_counter()
    distance = pairs["v"]
    keep = distance < chords[-1]
    annulus = np.searchsorted(chords, distance[keep], side="right") - 1
    bin_of_pair = star_bin[pairs["i"][keep]]
    used = bin_of_pair >= 0
    nbins = 1 if column is None else len(edges) - 1
    counts = np.bincount(bin_of_pair[used] * int(bins) + annulus[used], minlength=nbins * int(bins))
    done = time.perf_counter()
    print("BIN,ANNULUS,PAIRS")
    for b in range(nbins):
        for k in range(int(bins)):
            print(f"{b},{k},{counts[b * int(bins) + k]}")
    print(f"read_s {read - start:.2f} pairs_s {built - read:.2f} histogram_s {done - built:.2f} "
          f"total_s {done - start:.2f}", file=sys.stderr)


if __name__ == "__main__":
    main()
