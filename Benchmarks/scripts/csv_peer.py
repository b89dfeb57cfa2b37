#!/usr/bin/env python3
"""The pandas + cKDTree + astropy way of cutting a CSV catalogue into FITS, as a user would
write it: pandas reads the objects, astropy the contaminants, scipy's cKDTree finds each
object's nearest contaminant within the chord of the radius, astropy writes the kept rows.

    csv_peer.py OBJECTS.csv CONTAMINANTS.fits RADIUS_DEG OUT.fits
"""
import sys

import numpy as np
import pandas as pd
from astropy.io import fits
from astropy.table import Table
from scipy.spatial import cKDTree


def unit(ra, dec):
    ra, dec = np.radians(ra), np.radians(dec)
    return np.column_stack((np.cos(dec) * np.cos(ra), np.cos(dec) * np.sin(ra), np.sin(dec)))


objects_path, contaminants_path, radius, out = sys.argv[1:5]
objects = pd.read_csv(objects_path)
contaminants = fits.getdata(contaminants_path, 1)
chord = 2 * np.sin(np.radians(float(radius)) / 2)
tree = cKDTree(unit(contaminants["RA"], contaminants["DEC"]))
distance, _ = tree.query(unit(objects["RA"].to_numpy(), objects["DEC"].to_numpy()), k=1,
                         distance_upper_bound=chord, workers=-1)
Table.from_pandas(objects[~(distance < chord)]).write(out, overwrite=True)
