"""Shared helpers of the benchmark scripts: threads, timing, peak memory, tables.

Import this module before numpy, scikit-learn or actlab: :func:`pin_threads`
must set the thread variables before a BLAS library reads them.
"""

import os
import statistics
import time
import tracemalloc

THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def pin_threads(default="1"):
    """Set every BLAS/OpenMP thread variable to one value (``default`` unless already set) and return it."""
    value = os.environ.get(THREAD_VARIABLES[0], default)
    for name in THREAD_VARIABLES:
        os.environ[name] = value
    return value


def blas_description():
    """Describe the BLAS libraries in use and their thread counts, after numpy is imported."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return "threadpoolctl not installed"
    pools = threadpool_info()
    return ", ".join(f"{p['internal_api']} {p.get('version') or ''} ({p['num_threads']} threads)" for p in pools)


def median_time(fn, repeat):
    """Run ``fn`` ``repeat`` times; return the median wall-clock seconds and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def peak_mib(fn):
    """Run ``fn`` once under tracemalloc; return its peak traced allocation in MiB and its result.

    Traced: everything allocated through Python's and numpy's allocators (arrays
    included); not traced: the BLAS library's private buffers.
    """
    tracemalloc.start()
    try:
        result = fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 2**20, result


def verdict(ok):
    """'met' or 'not met'."""
    return "met" if ok else "not met"


def print_table(title, header, rows, notes=()):
    """Print a plain-text table: a title, aligned columns, then notes."""
    cells = [[str(c) for c in header]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]

    def line(row):
        return "  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths)))

    print(title)
    print(line(cells[0]))
    print("  ".join("-" * w for w in widths))
    for row in cells[1:]:
        print(line(row))
    for note in notes:
        print(f"  {note}")
    print()
