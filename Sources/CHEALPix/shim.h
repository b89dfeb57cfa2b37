// HEALPix's C library (Debian's libchealpix-dev): the nested pixel of a direction and the
// centre of a pixel, to order 29 with the 64-bit calls. SkyCut writes MOCs with it.
#include <stdint.h>
#include <chealpix.h>
