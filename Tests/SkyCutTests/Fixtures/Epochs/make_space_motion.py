#!/usr/bin/env python3
"""The oracle for SpaceMotionTests: astropy (SkyCoord.apply_space_motion, which calls
ERFA's pmsafe) moves stars between epochs. Stars without a parallax get no distance;
stars without a radial velocity get 0 km/s. Run: python3 make_space_motion.py >
astropy_space_motion.csv (astropy 8.0.2 made the committed file)."""
import numpy as np, astropy.units as u, warnings
from astropy.coordinates import SkyCoord, Distance
from astropy.time import Time
import erfa
warnings.simplefilter("ignore")
rng = np.random.default_rng(7)
rows = []
# name, ra, dec, pmra (mu_a cos d, mas/yr), pmdec, parallax (mas; nan: none), rv (km/s; nan: none)
rows.append(("barnard", 269.452082500, 4.693391, -801.551, 10362.394, 548.31, -110.6))
rows.append(("north_pole_1", 10.0, 89.9999, 50.0, -30.0, 10.0, 5.0))
rows.append(("south_pole_1", 200.0, -89.99, -120.0, 80.0, float('nan'), float('nan')))
rows.append(("ra_zero", 0.0001, -12.0, -400.0, 30.0, 20.0, float('nan')))
rows.append(("ra_359", 359.9999, 45.0, 600.0, -10.0, float('nan'), 30.0))
rows.append(("no_parallax", 120.0, 30.0, 1000.0, -2000.0, float('nan'), float('nan')))
rows.append(("slow", 33.0, 33.0, 0.5, -0.3, 1.0, 12.0))
for k in range(25):
    ra = rng.uniform(0, 360); dec = np.degrees(np.arcsin(rng.uniform(-1, 1)))
    pmra, pmdec = rng.normal(0, 300, 2)
    plx = rng.uniform(0.5, 200) if k % 3 else float('nan')
    rv = rng.normal(0, 50) if k % 2 else float('nan')
    rows.append((f"random_{k}", ra, dec, pmra, pmdec, plx, rv))
# Fast stars without parallax or radial velocity, where Debian's ERFA 2.0.0 alone would be
# off by milliarcseconds (liberfa/erfa#95; SpaceMotion.stillRadialVelocity).
for k in range(12):
    ra = rng.uniform(0, 360); dec = np.degrees(np.arcsin(rng.uniform(-0.99, 0.99)))
    pm = rng.uniform(1000, 10000); angle = rng.uniform(0, 2 * np.pi)
    plx = rng.uniform(1, 500) if k % 3 == 2 else float('nan')
    rows.append((f"fast_{k}", ra, dec, pm * np.cos(angle), pm * np.sin(angle), plx, float('nan')))
print("NAME,RA,DEC,PMRA,PMDEC,PARALLAX,RADIAL_VELOCITY,EPOCH_FROM,EPOCH_TO,RA_TO,DEC_TO")
for (name, ra, dec, pmra, pmdec, plx, rv) in rows:
    for (e1, e2) in [(2016.0, 1966.0), (2016.0, 2066.0), (1991.25, 2024.9), (2016.0, 2016.0)]:
        kwargs = dict(ra=ra*u.deg, dec=dec*u.deg, pm_ra_cosdec=pmra*u.mas/u.yr, pm_dec=pmdec*u.mas/u.yr,
                      obstime=Time(e1, format='jyear', scale='tdb'), frame='icrs')
        if np.isfinite(plx): kwargs['distance'] = Distance(parallax=plx*u.mas)
        kwargs['radial_velocity'] = (rv if np.isfinite(rv) else 0.0)*u.km/u.s
        c = SkyCoord(**kwargs)
        m = c.apply_space_motion(new_obstime=Time(e2, format='jyear', scale='tdb'))
        def f(x): return "" if not np.isfinite(x) else repr(float(x))
        print(",".join([name, repr(float(ra)), repr(float(dec)), repr(float(pmra)), repr(float(pmdec)), f(plx), f(rv), repr(e1), repr(e2), repr(float(m.ra.deg)), repr(float(m.dec.deg))]))
