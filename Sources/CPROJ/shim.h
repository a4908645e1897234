// PROJ's transformation API (proj.h) and Karney's geodesic routines (geodesic.h), both from libproj.
#ifndef GEOTRACK_CPROJ_SHIM_H
#define GEOTRACK_CPROJ_SHIM_H
#include <proj.h>
#include <geodesic.h>
#endif
