#!/usr/bin/env python3
"""Writes a FITS file whose first table is INPUT's first table repeated COUNT times.

    python3 repeat_table.py INPUT.fits COUNT OUTPUT.fits

Copies the primary HDU and the table header (with NAXIS2 multiplied), then appends the table's
data bytes COUNT times and pads to a 2880-byte block; used by scaling.sh for 10^8 rows without
holding them in memory. The input table must have no heap (PCOUNT = 0) and be the last HDU."""
import sys

from astropy.io import fits


def main():
    source, count, target = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    with fits.open(source, memmap=True) as hdul:
        table = hdul[1]
        assert table.header.get("PCOUNT", 0) == 0 and len(hdul) == 2
        rows = table.header["NAXIS2"]
        width = table.header["NAXIS1"]
        header = table.header.copy()
        header["NAXIS2"] = rows * count
        primary = hdul[0].header.tostring().encode("ascii")
        data_start = table._data_offset
    data_bytes = rows * width
    with open(source, "rb") as src, open(target, "wb") as out:
        out.write(primary)
        out.write(header.tostring().encode("ascii"))
        for _ in range(count):
            src.seek(data_start)
            left = data_bytes
            while left:
                chunk = src.read(min(left, 64 << 20))
                out.write(chunk)
                left -= len(chunk)
        total = data_bytes * count
        out.write(b"\0" * ((2880 - total % 2880) % 2880))


if __name__ == "__main__":
    main()
