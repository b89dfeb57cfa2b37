// The target's code is the inline function in include/CWriteback.h; SwiftPM needs a source.
#include "CWriteback.h"
