#!/usr/bin/env python3
"""Makes SkyCut's sample catalogues and the oracle answers the tests compare against.

    python3 data/make_samples.py        # from the repository root; needs numpy and astropy

Writes, into data/:
  objects.fits / objects.csv     5,000 objects uniform on the sphere: ID, RA, DEC (deg),
                                 MAG_G, MAG_R (float32), FLAGS (int16), NAME (12A)
  contaminants.fits / .csv       500 contaminants uniform on the sphere: ID, RA, DEC, MAG,
                                 RADIUS (arcsec, informational)
  objects_thetaphi.fits          the same objects as THETA (colatitude) / PHI, in radians
  contaminants_galactic.fits     the same contaminants as GLON / GLAT (deg), via astropy
  point_sources.csv              200 more contaminants (CMB point sources): NAME, RA, DEC
and, into Tests/SkyCutTests/Fixtures/Oracle/, one file per pair with the 0-based rows an
exact brute-force oracle removes at maxsep = 1 deg: an object goes when some contaminant has
|a - b|^2 < (2 sin(maxsep/2))^2 with float64 unit vectors. The oracle reads the files it
checks and converts Galactic and (theta, phi) positions with astropy, independently of
SkyCut. Re-running gives byte-identical files.

It also writes the answers astropy gives (SkyCoord.separation, Vincenty's formula) for
contaminants with radii of their own (the RADIUS column: arcsec in the FITS file's TUNIT, read
as arcmin from the CSV file, which has no units; and arcmin capped at 30') and for the two
contaminant catalogues contaminants.fits and point_sources.csv together at 1 deg, with how
many objects each removed (an object near both counts for the first).
"""
import json
import os

import numpy as np
from astropy import units as u
from astropy.coordinates import SkyCoord
from astropy.io import fits

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "data")
ORACLE = os.path.join(ROOT, "Tests", "SkyCutTests", "Fixtures", "Oracle")
SEED = 20261121
NOBJ, NCONT, MAXSEP_DEG = 5_000, 500, 1.0


def sphere(rng, n):
    ra = rng.random(n) * 360.0
    dec = np.degrees(np.arcsin(2.0 * rng.random(n) - 1.0))
    return ra, dec


def write_fits(path, columns, extname):
    cols = [fits.Column(name=name, format=fmt, unit=unit, array=data)
            for name, fmt, unit, data in columns]
    hdu = fits.BinTableHDU.from_columns(cols, name=extname)
    hdu.header["ORIGIN"] = ("SkyCut data/make_samples.py", "sample catalogue generator")
    hdu.header["SEED"] = (SEED, "numpy random seed")
    fits.HDUList([fits.PrimaryHDU(), hdu]).writeto(path, overwrite=True, checksum=False)


def write_csv(path, columns):
    names = [c[0] for c in columns]
    with open(path, "w", newline="\n") as fh:
        fh.write(",".join(names) + "\n")
        n = len(columns[0][3])
        for i in range(n):
            cells = []
            for _, fmt, _, data in columns:
                value = data[i]
                if fmt == "D":
                    cells.append(repr(float(value)))
                elif fmt == "E":
                    cells.append(repr(float(np.float32(value))))  # rounded values: exact text
                elif fmt.endswith("A"):
                    cells.append(value.decode() if isinstance(value, bytes) else str(value))
                else:
                    cells.append(str(int(value)))
            fh.write(",".join(cells) + "\n")


def unit_vectors(lon_rad, lat_rad):
    c = np.cos(lat_rad)
    return np.stack([c * np.cos(lon_rad), c * np.sin(lon_rad), np.sin(lat_rad)], axis=1)


def oracle(obj_xyz, cont_xyz, maxsep_deg):
    chord2 = (2.0 * np.sin(np.radians(maxsep_deg) / 2.0)) ** 2
    removed = np.zeros(len(obj_xyz), dtype=bool)
    for start in range(0, len(obj_xyz), 1000):
        block = obj_xyz[start:start + 1000]
        d = block[:, None, :] - cont_xyz[None, :, :]
        d2 = d[..., 0] * d[..., 0] + d[..., 1] * d[..., 1] + d[..., 2] * d[..., 2]
        removed[start:start + 1000] = (d2 < chord2).any(axis=1)
    return np.nonzero(removed)[0]


def read_vectors(path):
    """Unit vectors in ICRS of a sample file, converted with astropy where needed."""
    with fits.open(path) as h:
        d = h[1].data
        names = [n.upper() for n in d.columns.names]
        if "RA" in names:
            return unit_vectors(np.radians(d["RA"].astype(float)), np.radians(d["DEC"].astype(float)))
        if "THETA" in names:
            theta, phi = d["THETA"].astype(float), d["PHI"].astype(float)
            return unit_vectors(phi, np.pi / 2 - theta)
        c = SkyCoord(l=d["GLON"].astype(float) * u.deg, b=d["GLAT"].astype(float) * u.deg,
                     frame="galactic").icrs
        return unit_vectors(c.ra.radian, c.dec.radian)


def coords(path):
    """The RA/DEC of a sample file as astropy coordinates."""
    if path.endswith(".csv"):
        d = np.genfromtxt(path, delimiter=",", names=True, dtype=None, encoding="utf-8")
        return SkyCoord(ra=d["RA"] * u.deg, dec=d["DEC"] * u.deg)
    with fits.open(path) as h:
        d = h[1].data
        return SkyCoord(ra=d["RA"].astype(float) * u.deg, dec=d["DEC"].astype(float) * u.deg)


def astropy_removed(objects_path, contaminant_paths, radius_deg):
    """Rows of the objects that astropy finds strictly within radius_deg[k][j] of contaminant
    j of catalogue k, and per catalogue the objects it removed first."""
    objects = coords(objects_path)
    taken = np.zeros(len(objects), dtype=bool)
    removed_by = []
    for path, radii in zip(contaminant_paths, radius_deg):
        cont = coords(path)
        radii = np.broadcast_to(np.asarray(radii, dtype=float), (len(cont),))
        near = np.zeros(len(objects), dtype=bool)
        ic, io, _, _ = objects.search_around_sky(cont, radii.max() * 1.01 * u.deg)
        sep = objects[io].separation(cont[ic]).deg
        near[io[sep < radii[ic]]] = True
        removed_by.append(int((near & ~taken).sum()))
        taken |= near
    return np.nonzero(taken)[0], removed_by


def write_neighbour_oracle():
    """For objects.fits against contaminants.fits and point_sources.csv at 1 deg: per object
    with a contaminant within 1 deg, how many there are and the separation in arcsec to the
    nearest (astropy's SkyCoord.separation)."""
    objects = coords(os.path.join(DATA, "objects.fits"))
    count = np.zeros(len(objects), dtype=int)
    nearest = np.full(len(objects), np.inf)
    for name in ["contaminants.fits", "point_sources.csv"]:
        cont = coords(os.path.join(DATA, name))
        ic, io, _, _ = objects.search_around_sky(cont, 1.01 * u.deg)
        sep = objects[io].separation(cont[ic]).arcsec
        inside = sep < 3600.0
        np.add.at(count, io[inside], 1)
        np.minimum.at(nearest, io[inside], sep[inside])
    with open(os.path.join(ORACLE, "objects__contaminants+point_sources.neighbours.csv"), "w") as fh:
        fh.write("row,count,nearest_arcsec\n")
        for row in np.nonzero(count)[0]:
            fh.write(f"{row},{count[row]},{float(nearest[row])!r}\n")
    print(f"neighbours: {np.count_nonzero(count)} objects with a contaminant within 1 deg")


def write_radius_oracles():
    with fits.open(os.path.join(DATA, "contaminants.fits")) as h:
        radius_arcsec = h[1].data["RADIUS"].astype(float)
    cases = {
        "objects__contaminants.radius_arcsec": (
            "objects.fits", ["contaminants.fits"], [radius_arcsec / 3600]),
        "objects__contaminants.radius_arcmin": (
            "objects.csv", ["contaminants.csv"], [radius_arcsec / 60]),
        "objects__contaminants.radius_arcmin_cap30arcmin": (
            "objects.fits", ["contaminants.csv"], [np.minimum(radius_arcsec / 60, 0.5)]),
        "objects__contaminants+point_sources": (
            "objects.fits", ["contaminants.fits", "point_sources.csv"], [1.0, 1.0]),
    }
    for name, (obj, conts, radii) in cases.items():
        rows, removed_by = astropy_removed(
            os.path.join(DATA, obj), [os.path.join(DATA, c) for c in conts], radii)
        np.savetxt(os.path.join(ORACLE, name + ".removed.txt"), rows, fmt="%d")
        with open(os.path.join(ORACLE, name + ".json"), "w") as fh:
            json.dump({"removed": int(rows.size), "removed_by": removed_by}, fh)
            fh.write("\n")
        print(f"{name}: astropy removes {rows.size} ({removed_by})")


def main():
    rng = np.random.default_rng(SEED)
    ra, dec = sphere(rng, NOBJ)
    mag_g = np.round(rng.normal(22.0, 1.5, NOBJ).clip(14, 28), 3).astype(np.float32)
    mag_r = np.round(mag_g - (0.2 + 0.6 * rng.random(NOBJ)), 3).astype(np.float32)
    flags = rng.integers(0, 1024, NOBJ, dtype=np.int16)
    ids = np.arange(NOBJ, dtype=np.int64)
    names = np.char.mod("OBJ%09d", ids).astype("S12")
    objects = [("ID", "K", None, ids), ("RA", "D", "deg", ra), ("DEC", "D", "deg", dec),
               ("MAG_G", "E", "mag", mag_g), ("MAG_R", "E", "mag", mag_r),
               ("FLAGS", "I", None, flags), ("NAME", "12A", None, names)]

    cra, cdec = sphere(rng, NCONT)
    cmag = np.round(rng.uniform(6.0, 16.0, NCONT), 3).astype(np.float32)
    radius = np.round(np.clip(30.0 * 10 ** (-0.2 * (cmag - 12.0)), 2.0, 600.0), 2).astype(np.float32)
    cids = np.arange(NCONT, dtype=np.int64)
    contaminants = [("ID", "K", None, cids), ("RA", "D", "deg", cra), ("DEC", "D", "deg", cdec),
                    ("MAG", "E", "mag", cmag), ("RADIUS", "E", "arcsec", radius)]

    write_fits(os.path.join(DATA, "objects.fits"), objects, "OBJECTS")
    write_csv(os.path.join(DATA, "objects.csv"), objects)
    write_fits(os.path.join(DATA, "contaminants.fits"), contaminants, "CONTAMINANTS")
    write_csv(os.path.join(DATA, "contaminants.csv"), contaminants)

    theta = np.pi / 2 - np.radians(dec)
    phi = np.radians(ra)
    write_fits(os.path.join(DATA, "objects_thetaphi.fits"),
               [("ID", "K", None, ids), ("THETA", "D", "rad", theta), ("PHI", "D", "rad", phi),
                ("MAG_G", "E", "mag", mag_g)], "OBJECTS")
    gal = SkyCoord(ra=cra * u.deg, dec=cdec * u.deg, frame="icrs").galactic
    write_fits(os.path.join(DATA, "contaminants_galactic.fits"),
               [("ID", "K", None, cids), ("GLON", "D", "deg", gal.l.deg),
                ("GLAT", "D", "deg", gal.b.deg), ("MAG", "E", "mag", cmag)], "CONTAMINANTS")

    pra, pdec = sphere(rng, 200)
    with open(os.path.join(DATA, "point_sources.csv"), "w", newline="\n") as fh:
        fh.write("NAME,RA,DEC\n")
        for i in range(200):
            fh.write(f"PS{i:04d},{float(pra[i])!r},{float(pdec[i])!r}\n")

    os.makedirs(ORACLE, exist_ok=True)
    pairs = [("objects.fits", "contaminants.fits"),
             ("objects_thetaphi.fits", "contaminants.fits"),
             ("objects.fits", "contaminants_galactic.fits"),
             ("objects_thetaphi.fits", "contaminants_galactic.fits")]
    for obj, cont in pairs:
        removed = oracle(read_vectors(os.path.join(DATA, obj)),
                         read_vectors(os.path.join(DATA, cont)), MAXSEP_DEG)
        name = f"{obj.split('.')[0]}__{cont.split('.')[0]}.removed.txt"
        np.savetxt(os.path.join(ORACLE, name), removed, fmt="%d")
        print(f"{obj} x {cont}: oracle removes {removed.size} of {NOBJ}")
    write_radius_oracles()
    write_neighbour_oracle()


if __name__ == "__main__":
    main()
