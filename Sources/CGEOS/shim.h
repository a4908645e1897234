// Only the reentrant (_r) GEOS C API is visible to Swift: every call names its context handle.
#ifndef GEOTRACK_CGEOS_SHIM_H
#define GEOTRACK_CGEOS_SHIM_H
#define GEOS_USE_ONLY_R_API
#include <geos_c.h>
#endif
