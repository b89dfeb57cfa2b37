#ifndef SKYCUT_CCFITSIO_H
#define SKYCUT_CCFITSIO_H

// CFITSIO's public API. SkyCut calls only the short `ff…` names; the long
// `fits_…` names are C macros that Swift cannot import.
#include <fitsio.h>

// zlib, which CFITSIO itself links: used to gzip `.fits.gz` output, since
// CFITSIO's disk-file routines (`ffdkinit`) write plain FITS whatever the name.
#include <zlib.h>

// CFITSIO's low-level byte reader, exported by the library but declared only in its internal
// fitsio2.h: SkyCut reads header bytes with it (after `ffmbyt`, which fitsio.h declares) to
// check them before CFITSIO parses them (FITSHeaderCheck).
int ffgbyt(fitsfile *fptr, LONGLONG nbytes, void *buffer, int *status);

#endif
