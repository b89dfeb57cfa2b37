#!/usr/bin/env python3
"""The survey-grade mask measured in docs/PERFORMANCE.md, made from a `large` contaminants file.

    python3 Benchmarks/scripts/mask_data.py PEERS/data/large/contaminants.fits OUT_DIR

writes OUT_DIR/cont_pm.fits (the contaminants with PMRA/PMDEC, mas/yr, normal with σ = 30;
PARALLAX, mas, for 80 % of them, NaN for the rest; REF_EPOCH 2016.0), OUT_DIR/ellipses.fits
(10^5 galaxies uniform on the sky, semi-major axes log-uniform in 5″–10′, axis ratios uniform
in 0.2–1, position angles uniform in 0–180°) and OUT_DIR/mask.yaml (the stars moved to J2025.0
with DESI's radius law capped at 5′, bit 0; the ellipses, bit 1). Seeded: the same files each
time.
"""
import sys
from pathlib import Path

import numpy as np
from astropy.io import fits
from astropy.table import Table

MASK = """epoch: 2025.0
catalogues:
  - path: cont_pm.fits
    pm_columns: [PMRA, PMDEC]
    radius_expression: "1630 * 1.396^(-MAG)"
    max_radius: 5arcmin
    bit: 0
  - path: ellipses.fits
    ellipse_columns: [SMA, SMI, PA]
    bit: 1
"""


def main(contaminants: str, out: str) -> None:
    random = np.random.default_rng(2026)
    directory = Path(out)
    directory.mkdir(parents=True, exist_ok=True)
    stars = Table.read(contaminants, hdu=1)
    count = len(stars)
    stars["PMRA"] = random.normal(0, 30, count)
    stars["PMDEC"] = random.normal(0, 30, count)
    parallax = random.uniform(0.1, 20, count)
    parallax[random.uniform(size=count) >= 0.8] = np.nan
    stars["PARALLAX"] = parallax
    stars["REF_EPOCH"] = np.full(count, 2016.0)
    for column, unit in [("PMRA", "mas/yr"), ("PMDEC", "mas/yr"), ("PARALLAX", "mas")]:
        stars[column].unit = unit
    stars.write(directory / "cont_pm.fits", overwrite=True)

    galaxies = 100_000
    z = random.uniform(-1, 1, galaxies)
    sma = np.exp(random.uniform(np.log(5), np.log(600), galaxies))
    ellipses = Table(
        {
            "ID": np.arange(galaxies),
            "RA": random.uniform(0, 360, galaxies),
            "DEC": np.degrees(np.arcsin(z)),
            "SMA": sma,
            "SMI": sma * random.uniform(0.2, 1, galaxies),
            "PA": random.uniform(0, 180, galaxies),
        }
    )
    for column, unit in [("RA", "deg"), ("DEC", "deg"), ("SMA", "arcsec"), ("SMI", "arcsec")]:
        ellipses[column].unit = unit
    ellipses["PA"].unit = "deg"
    ellipses.write(directory / "ellipses.fits", overwrite=True)
    (directory / "mask.yaml").write_text(MASK)
    print(f"wrote {directory}/cont_pm.fits ({count} stars), ellipses.fits, mask.yaml")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
