#ifndef EMP_CLIBCSV_SHIM_H
#define EMP_CLIBCSV_SHIM_H
// libcsv ships no pkg-config file, so SwiftPM cannot print an install hint itself.
#if __has_include(<csv.h>)
#include <csv.h>
#else
#error "libcsv not found: install it with 'apt-get install libcsv-dev' (or run 'make run', which does)"
#endif
#endif
