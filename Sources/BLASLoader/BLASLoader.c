// Lazy OpenBLAS and LAPACKE: see include/BLASLoader.h.
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#define LAPACK_COMPLEX_STRUCTURE 1
#include <x86_64-linux-gnu/openblas-pthread/cblas.h>
#include <lapacke.h>
#include "BLASLoader.h"

static void *openblas_handle;
static void *lapacke_handle;
static pthread_once_t load_once = PTHREAD_ONCE_INIT;

static void load_libraries(void) {
    // RTLD_GLOBAL: BLASRuntime finds gotoblas_dynamic_* with dlsym(NULL, …).
    openblas_handle = dlopen("libopenblas.so.0", RTLD_NOW | RTLD_GLOBAL);
    lapacke_handle = dlopen("liblapacke.so.3", RTLD_NOW | RTLD_GLOBAL);
}

int lathe_blas_load(void) {
    pthread_once(&load_once, load_libraries);
    return openblas_handle != NULL && lapacke_handle != NULL;
}

// A missing library is a broken installation, not a user error that a script could
// recover from: say what to install and stop, rather than jump through a null pointer.
static void *resolve(int from_lapacke, const char *name) {
    lathe_blas_load();
    void *handle = from_lapacke ? lapacke_handle : openblas_handle;
    void *symbol = handle ? dlsym(handle, name) : NULL;
    if (symbol == NULL) {
        fprintf(stderr, "error: cannot load %s for %s: %s\n  hint: install the Debian packages "
                "libopenblas0 and liblapacke (make deps does)\n",
                from_lapacke ? "liblapacke.so.3" : "libopenblas.so.0", name, dlerror());
        exit(70);
    }
    return symbol;
}

#define RESOLVED(from_lapacke, name) \
    static __typeof__(name) *fn = NULL; \
    if (fn == NULL) fn = (__typeof__(name) *)resolve(from_lapacke, #name);

void openblas_set_num_threads(int num_threads) {
    RESOLVED(0, openblas_set_num_threads)
    fn(num_threads);
}

int openblas_get_num_threads(void) {
    RESOLVED(0, openblas_get_num_threads)
    return fn();
}

char *openblas_get_corename(void) {
    RESOLVED(0, openblas_get_corename)
    return fn();
}

double cblas_ddot(OPENBLAS_CONST blasint n, OPENBLAS_CONST double *x, OPENBLAS_CONST blasint incx,
                  OPENBLAS_CONST double *y, OPENBLAS_CONST blasint incy) {
    RESOLVED(0, cblas_ddot)
    return fn(n, x, incx, y, incy);
}

void cblas_dgemv(OPENBLAS_CONST enum CBLAS_ORDER order, OPENBLAS_CONST enum CBLAS_TRANSPOSE trans,
                 OPENBLAS_CONST blasint m, OPENBLAS_CONST blasint n, OPENBLAS_CONST double alpha,
                 OPENBLAS_CONST double *a, OPENBLAS_CONST blasint lda, OPENBLAS_CONST double *x,
                 OPENBLAS_CONST blasint incx, OPENBLAS_CONST double beta, double *y, OPENBLAS_CONST blasint incy) {
    RESOLVED(0, cblas_dgemv)
    fn(order, trans, m, n, alpha, a, lda, x, incx, beta, y, incy);
}

void cblas_dgemm(OPENBLAS_CONST enum CBLAS_ORDER Order, OPENBLAS_CONST enum CBLAS_TRANSPOSE TransA,
                 OPENBLAS_CONST enum CBLAS_TRANSPOSE TransB, OPENBLAS_CONST blasint M, OPENBLAS_CONST blasint N,
                 OPENBLAS_CONST blasint K, OPENBLAS_CONST double alpha, OPENBLAS_CONST double *A,
                 OPENBLAS_CONST blasint lda, OPENBLAS_CONST double *B, OPENBLAS_CONST blasint ldb,
                 OPENBLAS_CONST double beta, double *C, OPENBLAS_CONST blasint ldc) {
    RESOLVED(0, cblas_dgemm)
    fn(Order, TransA, TransB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
}

void cblas_dsyrk(OPENBLAS_CONST enum CBLAS_ORDER Order, OPENBLAS_CONST enum CBLAS_UPLO Uplo,
                 OPENBLAS_CONST enum CBLAS_TRANSPOSE Trans, OPENBLAS_CONST blasint N, OPENBLAS_CONST blasint K,
                 OPENBLAS_CONST double alpha, OPENBLAS_CONST double *A, OPENBLAS_CONST blasint lda,
                 OPENBLAS_CONST double beta, double *C, OPENBLAS_CONST blasint ldc) {
    RESOLVED(0, cblas_dsyrk)
    fn(Order, Uplo, Trans, N, K, alpha, A, lda, beta, C, ldc);
}

lapack_int LAPACKE_dgelsd(int matrix_layout, lapack_int m, lapack_int n, lapack_int nrhs, double *a,
                          lapack_int lda, double *b, lapack_int ldb, double *s, double rcond, lapack_int *rank) {
    RESOLVED(1, LAPACKE_dgelsd)
    return fn(matrix_layout, m, n, nrhs, a, lda, b, ldb, s, rcond, rank);
}

lapack_int LAPACKE_dgesv(int matrix_layout, lapack_int n, lapack_int nrhs, double *a, lapack_int lda,
                         lapack_int *ipiv, double *b, lapack_int ldb) {
    RESOLVED(1, LAPACKE_dgesv)
    return fn(matrix_layout, n, nrhs, a, lda, ipiv, b, ldb);
}

lapack_int LAPACKE_dposv(int matrix_layout, char uplo, lapack_int n, lapack_int nrhs, double *a,
                         lapack_int lda, double *b, lapack_int ldb) {
    RESOLVED(1, LAPACKE_dposv)
    return fn(matrix_layout, uplo, n, nrhs, a, lda, b, ldb);
}

lapack_int LAPACKE_dsyevd(int matrix_layout, char jobz, char uplo, lapack_int n, double *a, lapack_int lda,
                          double *w) {
    RESOLVED(1, LAPACKE_dsyevd)
    return fn(matrix_layout, jobz, uplo, n, a, lda, w);
}
