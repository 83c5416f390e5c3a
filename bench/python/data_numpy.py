# numpy peers of the vector benchmarks, each timing only the operation:
#   axpy   z = a*x + y over the 10,000,000-row x, y of .bench/data/vec_10m_v1.csv, a = 2.5
#   sum    np.sum over 100,000,000 float64 (uniform [0, 1), seed 3)
#   dgemm  a @ b, 2000 x 2000 float64 (standard normal, seed 5), through numpy's OpenBLAS
#   stream STREAM-style copy, add and triad over 2^27-element arrays (1 GiB each,
#          4x this machine's 260 MB L3); triad is blocked so that a*s stays in cache
#          and memory sees exactly STREAM's traffic (read b, c; write a)
# Prints one JSON line: per benchmark the list of times in seconds, plus checks,
# bandwidths and the BLAS that numpy loaded (threadpoolctl).
import sys

import numpy as np

import data_common

AXPY_RUNS, SUM_RUNS, DGEMM_RUNS, STREAM_RUNS = 10, 7, 5, 5
SUM_N = 100_000_000
DGEMM_N = 2000
STREAM_N = 1 << 27
BLOCK = 1 << 15  # 256 KiB of float64: fits the 2 MiB L2 share


def axpy(out):
    import pandas as pd
    try:
        frame = pd.read_csv(data_common.VEC_CSV, engine="pyarrow")
    except (ImportError, ValueError):
        frame = pd.read_csv(data_common.VEC_CSV, engine="c")
    x = frame["x"].to_numpy(dtype=np.float64, copy=True)
    y = frame["y"].to_numpy(dtype=np.float64, copy=True)
    del frame
    a = data_common.AXPY_A
    times, z = data_common.timed(lambda: a * x + y, AXPY_RUNS)
    out["axpy"] = times
    out["axpy_check"] = float(np.sum(z))
    out["axpy_n"] = int(x.size)


def vsum(out):
    x = np.random.default_rng(3).random(SUM_N)
    times, s = data_common.timed(lambda: np.sum(x), SUM_RUNS)
    out["sum"] = times
    out["sum_n"] = SUM_N


def dgemm(out):
    rng = np.random.default_rng(5)
    a = rng.standard_normal((DGEMM_N, DGEMM_N))
    b = rng.standard_normal((DGEMM_N, DGEMM_N))
    a @ b  # warm-up: thread pool start
    times, c = data_common.timed(lambda: a @ b, DGEMM_RUNS)
    out["dgemm"] = times
    out["dgemm_n"] = DGEMM_N


def stream(out):
    n = STREAM_N
    a = np.full(n, 1.0)
    b = np.full(n, 2.0)
    c = np.full(n, 0.5)
    tmp = np.empty(BLOCK)
    s = 3.0

    def copy():
        np.copyto(c, a)

    def add():
        np.add(a, b, out=c)

    def triad():
        for i in range(0, n, BLOCK):
            j = i + BLOCK
            np.multiply(c[i:j], s, out=tmp)
            np.add(b[i:j], tmp, out=a[i:j])

    for name, fn, nbytes in (("stream_copy", copy, 16), ("stream_add", add, 24), ("stream_triad", triad, 24)):
        fn()  # warm-up
        times, _ = data_common.timed(fn, STREAM_RUNS)
        out[name] = times
        out[name + "_gbs_best"] = nbytes * n / min(times) / 1e9
        out[name + "_gbs_median"] = nbytes * n / data_common.median(times) / 1e9
    out["stream_n"] = n


def main():
    which = sys.argv[1:] or ["axpy", "sum", "dgemm", "stream"]
    out = {"numpy": np.__version__, "blas": data_common.blas_info()}
    for name in which:
        {"axpy": axpy, "sum": vsum, "dgemm": dgemm, "stream": stream}[name](out)
    out["peak_rss_mb"] = data_common.peak_rss_mb()
    data_common.emit(out)


main()
