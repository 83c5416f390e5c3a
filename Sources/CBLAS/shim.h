// OpenBLAS's CBLAS and the LAPACKE C interface (Debian: libopenblas-dev, liblapacke-dev).
// Debian's libopenblas has no LAPACKE_* symbols, so lapacke is linked separately.
#define LAPACK_COMPLEX_STRUCTURE 1
#include <x86_64-linux-gnu/openblas-pthread/cblas.h>
#include <lapacke.h>
