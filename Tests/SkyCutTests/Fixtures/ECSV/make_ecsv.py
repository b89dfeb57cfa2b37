"""Writes the ECSV fixtures with astropy (8.0.2 made the committed files):
objects_rad.ecsv, space-separated, RA/DEC in radians, names with spaces, a masked magnitude;
objects_comma.ecsv, comma-separated, the same positions in degrees;
expected_removed.txt, the IDs within 0.2 deg of RA 0.5 deg, Dec 0 (astropy separations)."""
import numpy as np
from astropy.table import Table, MaskedColumn
from astropy.coordinates import SkyCoord
import astropy.units as u

rng = np.random.default_rng(12)
n = 300
ra = np.radians(rng.uniform(-0.5, 1.5, n)) % (2 * np.pi)
dec = np.radians(rng.uniform(-0.6, 0.6, n))
mag = MaskedColumn(rng.uniform(15, 22, n), mask=rng.uniform(size=n) < 0.1)
t = Table({"ID": np.arange(n), "RA": ra, "DEC": dec, "NAME": [f"obj {i}" for i in range(n)],
           "MAG": mag})
t["RA"].unit = "rad"
t["DEC"].unit = "rad"
t["MAG"].unit = "mag"
t.write("objects_rad.ecsv", overwrite=True)
d = t.copy()
d["RA"] = np.degrees(ra)
d["DEC"] = np.degrees(dec)
d["RA"].unit = "deg"
d["DEC"].unit = "deg"
d.write("objects_comma.ecsv", overwrite=True, delimiter=",")
sep = SkyCoord(ra * u.rad, dec * u.rad).separation(SkyCoord(0.5 * u.deg, 0 * u.deg)).deg
with open("expected_removed.txt", "w") as f:
    f.write(" ".join(str(i) for i in np.nonzero(sep < 0.2)[0]) + "\n")
