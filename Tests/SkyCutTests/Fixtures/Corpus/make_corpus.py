#!/usr/bin/env python3
"""Writes the real-world part of SkyCut's FITS corpus: tables written by astropy and STILTS.

The other part of the corpus (every column type, written with CFITSIO itself) is generated
by the tests (Tests/SkyCutTests/Support/FITSCorpus.swift); these files are here because other
writers make other choices (TZERO for unsigned types, TDIM, TNULL for masked columns, heaps,
STILTS's FITS-plus primary HDU that carries VOTable metadata).

Every table has RA/DEC in degrees with 60 rows, all at least a degree apart; the tests put a
contaminant on every third row and check that exactly those rows go.

Run from the repository root: python3 Tests/SkyCutTests/Fixtures/Corpus/make_corpus.py
(astropy 8.0.2 and STILTS 3.4.7 wrote the committed files.)
"""

import os
import subprocess
import tempfile

import numpy as np
from astropy.io import fits
from astropy.table import Table, MaskedColumn

HERE = os.path.dirname(os.path.abspath(__file__))
ROWS = 60


def positions():
    index = np.arange(ROWS)
    ra = (index * 47.25 + 359.5) % 360.0  # crosses RA = 0/360
    dec = -89.5 + index * 3.0  # from the south pole upwards, multiples of 0.5
    return ra, dec


def astropy_fixed(path):
    """Every fixed-width type astropy writes, with units, a masked column and a checksum."""
    index = np.arange(ROWS)
    ra, dec = positions()
    table = Table()
    table["RA"] = ra
    table["RA"].unit = "deg"
    table["DEC"] = dec.astype(np.float32)
    table["DEC"].unit = "deg"
    table["FLAG"] = index % 2 == 0
    # (No int8 column: astropy 8.0.2 writes int8 as TFORM L, so the values come back as logicals.)
    table["U8"] = (index * 4).astype(np.uint8)
    table["I16"] = (index * -500).astype(np.int16)
    table["U16"] = (65535 - index).astype(np.uint16)
    table["I32"] = (index * -70000).astype(np.int32)
    table["U32"] = (4294967295 - index).astype(np.uint32)
    table["I64"] = (index * -(10**15)).astype(np.int64)
    table["U64"] = (np.uint64(2**64 - 1) - index.astype(np.uint64)).astype(np.uint64)
    table["F32"] = (index / 7).astype(np.float32)
    table["C64"] = (index + 1j * index).astype(np.complex64)
    table["C128"] = (index - 0.5j * index).astype(np.complex128)
    table["NAME"] = [f"src{i:03d}" for i in index]
    table["VEC"] = np.stack([index, index * 2, index * 3], axis=1).astype(np.float32)
    table["MATRIX"] = (index[:, None, None] * np.ones((1, 2, 3))).astype(np.int16)
    table["MASKED"] = MaskedColumn(index.astype(np.int32), mask=index % 5 == 0)
    table.meta["SURVEY"] = "CORPUS"
    table.meta["EXTNAME"] = "OBJECTS"
    table.meta["COMMENT"] = ["written by astropy for the SkyCut corpus"]
    hdu = fits.table_to_hdu(table)
    fits.HDUList([fits.PrimaryHDU(), hdu]).writeto(path, overwrite=True, checksum=True)


def astropy_variable(path):
    """Variable-length array columns (P descriptors and a heap), as astropy writes them."""
    index = np.arange(ROWS)
    ra, dec = positions()
    lengths = index % 4
    columns = [
        fits.Column(name="RA", format="D", unit="deg", array=ra),
        fits.Column(name="DEC", format="D", unit="deg", array=dec),
        fits.Column(
            name="SPECTRUM", format="PE()",
            array=np.array([np.arange(n, dtype=np.float32) + i for i, n in zip(index, lengths)],
                           dtype=object)),
        fits.Column(
            name="HITS", format="PJ()",
            array=np.array([np.full(n, i, dtype=np.int32) for i, n in zip(index, lengths)],
                           dtype=object)),
    ]
    hdu = fits.BinTableHDU.from_columns(columns, name="VARIABLE")
    fits.HDUList([fits.PrimaryHDU(), hdu]).writeto(path, overwrite=True)


def stilts_plus(path):
    """STILTS's default FITS output: a FITS-plus file whose primary HDU holds VOTable XML."""
    ra, dec = positions()
    with tempfile.TemporaryDirectory() as work:
        csv = os.path.join(work, "objects.csv")
        with open(csv, "w") as out:
            out.write("RA,DEC,ID\n")
            for i, (r, d) in enumerate(zip(ra, dec)):
                out.write(f"{float(r)!r},{float(d)!r},{i}\n")
        subprocess.run(
            ["stilts", "tpipe", "in=objects.csv", "ifmt=csv", f"out={path}", "ofmt=fits-plus",
             "cmd=addcol SHORT (short)(ID*3);"
             " addcol BYTE (byte)(ID);"
             " addcol FLOAT (float)(ID/7.);"
             " addcol FLAG ID%2==0;"
             " addcol LABEL '\"star-\"+ID';"
             " addcol -units deg GLON radiansToDegrees(0.1*ID);"
             " colmeta -units deg RA; colmeta -units deg DEC"],
            check=True, cwd=work)


if __name__ == "__main__":
    astropy_fixed(os.path.join(HERE, "astropy_fixed.fits"))
    astropy_variable(os.path.join(HERE, "astropy_variable.fits"))
    stilts_plus(os.path.join(HERE, "stilts_plus.fits"))
