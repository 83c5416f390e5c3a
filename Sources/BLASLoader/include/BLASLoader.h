#ifndef LATHE_BLAS_LOADER_H
#define LATHE_BLAS_LOADER_H

/// Loads OpenBLAS and LAPACKE on the first BLAS or LAPACK call instead of at start-up
/// (dlopen saves the 3-7 ms the dynamic loader spent on them for every `lathe` run).
/// The cblas_*, LAPACKE_* and openblas_* functions Lathe calls are defined in
/// BLASLoader.c with the headers' own prototypes; each resolves its library symbol once.
/// Returns 1 when both libraries are loaded (loading them if need be), 0 otherwise.
int lathe_blas_load(void);

#endif
