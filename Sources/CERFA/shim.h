// ERFA (Essential Routines for Fundamental Astronomy, Debian's liberfa-dev), the C library
// astropy uses for the same computations: SkyCut moves stars to an epoch with eraPmsafe.
#include <erfa.h>
