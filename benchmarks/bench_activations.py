"""What each activation costs: time per element of the function and of its derivative, relative to ReLU.

Run by ``make bench`` (or ``.venv/bin/python benchmarks/bench_activations.py``).
Chapter 3 ("What each one costs") makes the same measurement on a smaller
array while the page executes; this script repeats it with more elements and
more runs, in float64 and float32, so the page's ratios can be checked against
a steadier measurement.

Each registered activation (``actlab.activations``) and its derivative run on
the same standard normal array; the time of one call is the best of
``--repeat`` runs, the runs of all activations interleaved so that a slow
moment of the machine does not fall on one activation only. Ratios are to
ReLU's *function* in the same dtype. They describe this implementation (NumPy,
one thread) on this machine: another library or a GPU gives other ratios.

Usage: ``python benchmarks/bench_activations.py [--size 1048576] [--repeat 7]``.
"""

import argparse
import platform
import time

from _common import blas_description, pin_threads, print_table

THREADS = pin_threads()

import numpy as np  # noqa: E402  (after the thread variables are set)

from actlab import activations  # noqa: E402

#: The chapter's loose band: every function with an exp, erf or tanh costs this many ReLUs.
BAND = (1.5, 300.0)
SMOOTH = ["sigmoid", "tanh", "elu", "selu", "softplus", "swish", "silu", "gelu", "gelu_tanh", "mish"]


def best_times(names, z, repeat):
    """{name: (function seconds, derivative seconds)}, each the best of ``repeat`` interleaved runs."""
    best = {name: [np.inf, np.inf] for name in names}
    for _ in range(repeat):
        for name in names:
            act = activations.get(name)
            for k, f in enumerate((act, act.grad)):
                start = time.perf_counter()
                f(z)
                best[name][k] = min(best[name][k], time.perf_counter() - start)
    return best


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=2**20, help="elements per call")
    parser.add_argument("--repeat", type=int, default=7, help="runs per activation; the best counts")
    args = parser.parse_args()

    names = activations.names()
    print(
        f"Python {platform.python_version()}, NumPy {np.__version__}, {platform.machine()}; "
        f"BLAS: {blas_description()}; threads: {THREADS}"
    )
    print(f"{args.size:,} standard normal elements per call, best of {args.repeat} runs\n")
    in_band = True
    for dtype in (np.float64, np.float32):
        z = np.random.default_rng(0).normal(size=args.size).astype(dtype)
        best = best_times(names, z, args.repeat)
        relu = best["relu"][0]
        rows = []
        for name in names:
            fwd, bwd = best[name]
            rows.append(
                [
                    name,
                    f"{fwd / z.size * 1e9:.2f}",
                    f"{bwd / z.size * 1e9:.2f}",
                    f"{fwd / relu:.1f}",
                    f"{bwd / relu:.1f}",
                ]
            )
        ratios = {name: best[name][0] / relu for name in SMOOTH}
        ok = all(BAND[0] < r < BAND[1] for r in ratios.values())
        in_band &= ok
        print_table(
            f"Time per element, {np.dtype(dtype).name}",
            ["activation", "function ns", "derivative ns", "function / ReLU", "derivative / ReLU"],
            rows,
            notes=[
                f"every exp/erf/tanh function between {BAND[0]:g} and {BAND[1]:g} ReLUs "
                f"(the chapter's pinned band): {'yes' if ok else 'NO'}"
            ],
        )
    print("The chapter's band holds in both dtypes." if in_band else "The chapter's band does NOT hold.")


if __name__ == "__main__":
    main()
