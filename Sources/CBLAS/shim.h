// OpenBLAS's CBLAS and the LAPACKE C interface (Debian: libopenblas-dev, liblapacke-dev).
// Debian's libopenblas has no LAPACKE_* symbols, so lapacke is a library of its own.
// Nothing is linked here: Sources/BLASLoader defines these functions and loads both
// libraries with dlopen on the first call.
#define LAPACK_COMPLEX_STRUCTURE 1
#include <x86_64-linux-gnu/openblas-pthread/cblas.h>
#include <lapacke.h>
