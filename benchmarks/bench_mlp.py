"""Benchmarks of actlab.mlp: against scikit-learn, at playground size, and across activations.

Run by ``make bench`` (or ``.venv/bin/python benchmarks/bench_mlp.py``). Prints
three tables, each figure beside its goal:

1. actlab against scikit-learn's ``MLPClassifier`` on the digits set, with the
   same architecture, activation, optimizer, learning rate, batch size and
   epochs, no L2 penalty and no early stopping: test accuracy and time.
2. A playground-size run (2-16-16-1, 400 points, full batch, 1000 steps): is it
   fast enough to retrain on every change of an explorer's controls?
3. The activation table: one deep network trained on digits once per
   activation with one recipe and seed, after the activation-functions
   tutorial of the University of Amsterdam deep-learning course.

Both libraries run in this one process, with the same thread settings, in
float64. Times are wall-clock medians; peak memory is traced by tracemalloc in
a separate, untimed run.
"""

import platform
import warnings

from _common import blas_description, median_time, peak_mib, pin_threads, print_table, verdict

THREADS = pin_threads()

import numpy as np  # noqa: E402  (after the thread variables are set)
import sklearn  # noqa: E402
from sklearn.exceptions import ConvergenceWarning  # noqa: E402
from sklearn.neural_network import MLPClassifier  # noqa: E402

from actlab.datasets import load_digits, make_xor  # noqa: E402
from actlab.mlp import MLP  # noqa: E402

# ---------------------------------------------------------------------------
# The recipes. Each is fixed here, before any result is seen.
# ---------------------------------------------------------------------------

#: 1. actlab against scikit-learn on digits.
VERSUS = dict(hidden=(128, 64), activation="relu", optimizer="adam", lr=1e-3, batch_size=64, epochs=50)
VERSUS_SEEDS = range(5)

#: 2. Playground size: a 2-D set, full batch, plain gradient descent.
PLAYGROUND = dict(hidden=(16, 16), activation="tanh", optimizer="sgd", lr=0.1, epochs=1000, n=400, noise=0.1)
PLAYGROUND_REPEATS = 5

#: 3. The activation table: six hidden layers, He initialisation (actlab's default),
#: SGD with momentum as in the tutorial it follows.
TABLE = dict(hidden=(64,) * 6, init="he", optimizer="sgd", lr=0.01, momentum=0.9, batch_size=64, epochs=40, seed=0)
#: Extra seeds, only to show how much of a difference between activations one seed can make.
TABLE_EXTRA_SEEDS = range(1, 5)
TABLE_ACTIVATIONS = ["sigmoid", "tanh", "relu", "leaky_relu", "elu", "swish", "gelu"]
RELU_FAMILY = ["relu", "leaky_relu", "elu", "swish", "gelu"]

# scikit-learn's names for the activations both libraries have.
SKLEARN_ACTIVATION = {"relu": "relu", "tanh": "tanh", "sigmoid": "logistic", "identity": "identity"}


def sklearn_classifier(hidden, activation, optimizer, lr, batch_size, epochs, seed, momentum=0.0):
    """An MLPClassifier set up to do exactly ``epochs`` epochs of the given optimizer."""
    return MLPClassifier(
        hidden_layer_sizes=hidden,
        activation=SKLEARN_ACTIVATION[activation],
        solver=optimizer,
        learning_rate_init=lr,
        learning_rate="constant",
        momentum=momentum,
        nesterovs_momentum=False,
        batch_size=batch_size,
        max_iter=epochs,
        shuffle=True,
        alpha=0.0,
        tol=0.0,
        n_iter_no_change=epochs,
        early_stopping=False,
        random_state=seed,
    )


def fit_sklearn(clf, X, y):
    """Fit, silencing the warning that max_iter was reached (that is the point here)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return clf.fit(X, y)


def fit_actlab(X, y, *, hidden, activation, output, optimizer, lr, batch_size, epochs, seed,
               momentum=0.0, init="xavier", record=None):
    """Build and train an actlab network; returns it."""
    net = MLP([X.shape[1], *hidden, 10 if output == "softmax" else 1], activation=activation,
              output=output, init=init, rng=seed)
    net.fit(X, y, epochs=epochs, lr=lr, batch_size=batch_size, optimizer=optimizer,
            momentum=momentum, record=record)
    return net


def header():
    print("actlab.mlp benchmarks")
    print(f"  machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}, "
          f"numpy {np.__version__}, scikit-learn {sklearn.__version__}")
    print(f"  threads: OMP_NUM_THREADS = OPENBLAS_NUM_THREADS = MKL_NUM_THREADS = {THREADS}, "
          f"for both libraries; BLAS: {blas_description()}")
    print("  dtype: float64 for both libraries")
    print()


def bench_versus_sklearn(digits):
    c = VERSUS
    common = dict(hidden=c["hidden"], activation=c["activation"], optimizer=c["optimizer"], lr=c["lr"],
                  batch_size=c["batch_size"], epochs=c["epochs"])
    acc_a, acc_s, time_a, time_s, epochs_s = [], [], [], [], []
    for seed in VERSUS_SEEDS:  # interleaved, so both see the same machine load
        t, net = median_time(lambda: fit_actlab(digits.X_train, digits.y_train, output="softmax",
                                                seed=seed, **common), 1)
        time_a.append(t)
        acc_a.append(net.accuracy(digits.X_test, digits.y_test))
        clf = sklearn_classifier(seed=seed, **common)
        t, _ = median_time(lambda: fit_sklearn(clf, digits.X_train, digits.y_train), 1)
        time_s.append(t)
        acc_s.append(clf.score(digits.X_test, digits.y_test))
        epochs_s.append(clf.n_iter_)
    mem_a, _ = peak_mib(lambda: fit_actlab(digits.X_train, digits.y_train, output="softmax", seed=0, **common))
    mem_s, _ = peak_mib(lambda: fit_sklearn(sklearn_classifier(seed=0, **common), digits.X_train, digits.y_train))

    gap = 100 * (np.mean(acc_s) - np.mean(acc_a))
    ratio = np.median(time_a) / np.median(time_s)
    arch = "-".join(map(str, (64, *c["hidden"], 10)))
    print_table(
        f"1. actlab vs scikit-learn MLPClassifier on digits ({len(digits.y_train)} train / {len(digits.y_test)} test)",
        ["measure", "actlab", "scikit-learn", "goal", "status"],
        [
            ["test accuracy, mean of %d seeds" % len(acc_a), f"{100 * np.mean(acc_a):.2f} %",
             f"{100 * np.mean(acc_s):.2f} %", "within 1.5 points",
             f"{verdict(abs(gap) <= 1.5)} ({-gap:+.2f} points)"],
            ["test accuracy, range over seeds", f"{100 * min(acc_a):.1f}-{100 * max(acc_a):.1f} %",
             f"{100 * min(acc_s):.1f}-{100 * max(acc_s):.1f} %", "", ""],
            ["training time, median", f"{np.median(time_a):.3f} s", f"{np.median(time_s):.3f} s",
             "time ratio <= 1.0", f"{verdict(ratio <= 1.0)} (ratio {ratio:.2f})"],
            ["peak memory (tracemalloc)", f"{mem_a:.1f} MiB", f"{mem_s:.1f} MiB", "", ""],
        ],
        notes=[
            f"recipe: {arch}, {c['activation']}, softmax + cross-entropy, {c['optimizer']} lr={c['lr']}, "
            f"batch {c['batch_size']}, {c['epochs']} epochs, shuffled, no L2, no early stopping",
            "init: actlab Glorot normal, scikit-learn Glorot uniform (the same variance)",
            f"scikit-learn ran {sorted(set(epochs_s))} epochs (must be {c['epochs']})",
        ],
    )


def bench_playground():
    c = PLAYGROUND
    X, y = make_xor(c["n"], noise=c["noise"], rng=0)
    common = dict(hidden=c["hidden"], activation=c["activation"], optimizer=c["optimizer"], lr=c["lr"],
                  batch_size=c["n"], epochs=c["epochs"])
    runs = {"actlab": [], "actlab, record='step'": [], "scikit-learn": []}
    nets = {}
    for seed in range(PLAYGROUND_REPEATS):
        for label, record in (("actlab", None), ("actlab, record='step'", "step")):
            t, nets[label] = median_time(lambda: fit_actlab(X, y, output="sigmoid", seed=seed, record=record,
                                                            **common), 1)
            runs[label].append(t)
        clf = sklearn_classifier(seed=seed, **common)
        t, _ = median_time(lambda: fit_sklearn(clf, X, y), 1)
        runs["scikit-learn"].append(t)
        nets["scikit-learn"] = clf
    memory = {
        "actlab": peak_mib(lambda: fit_actlab(X, y, output="sigmoid", seed=0, **common))[0],
        "actlab, record='step'": peak_mib(lambda: fit_actlab(X, y, output="sigmoid", seed=0, record="step",
                                                             **common))[0],
        "scikit-learn": peak_mib(lambda: fit_sklearn(sklearn_classifier(seed=0, **common), X, y))[0],
    }
    accuracy = {label: (net.accuracy(X, y) if label != "scikit-learn" else net.score(X, y))
                for label, net in nets.items()}
    sk = np.median(runs["scikit-learn"])
    rows = []
    for label, times in runs.items():
        t = np.median(times)
        goal, status = ("< 0.3 s", verdict(t < 0.3)) if label == "actlab" else ("", "")
        rows.append([label, f"{t:.3f} s", f"{1e6 * t / c['epochs']:.0f} us", f"{t / sk:.2f}",
                     f"{100 * accuracy[label]:.1f} %", f"{memory[label]:.2f} MiB", goal, status])
    arch = "-".join(map(str, (2, *c["hidden"], 1)))
    print_table(
        f"2. Playground size: {arch}, {c['n']} points, full batch, {c['epochs']} steps",
        ["run", "time (median)", "per step", "vs sklearn", "train accuracy", "peak memory", "goal", "status"],
        rows,
        notes=[
            f"data: make_xor({c['n']}, noise={c['noise']}); {c['activation']}, sigmoid + binary cross-entropy, "
            f"plain gradient descent lr={c['lr']}; median of {PLAYGROUND_REPEATS} seeds",
            "record='step' keeps the per-layer statistics of every step (instrumentation on)",
        ],
    )


def bench_activation_table(digits):
    c = TABLE
    arch = "-".join(map(str, (64, *c["hidden"], 10)))
    rows, accuracy = [], {}
    seed_means = {}
    for name in TABLE_ACTIVATIONS:

        def run(name=name, seed=c["seed"], inspect=True):
            net = MLP([64, *c["hidden"], 10], activation=name, output="softmax", init=c["init"], rng=seed)
            at_init = net.inspect(digits.X_train, digits.y_train) if inspect else None
            hist = net.fit(digits.X_train, digits.y_train, epochs=c["epochs"], lr=c["lr"],
                           batch_size=c["batch_size"], optimizer=c["optimizer"], momentum=c["momentum"])
            return net, at_init, hist

        seconds, (net, at_init, hist) = median_time(run, 1)
        memory, _ = peak_mib(run)
        accuracy[name] = net.accuracy(digits.X_test, digits.y_test)
        ratio = at_init["grad_W"][0] / at_init["grad_W"][-1]
        dead = np.concatenate(net.dead_units(digits.X_train)).mean()
        others = [run(seed=seed, inspect=False)[0].accuracy(digits.X_test, digits.y_test)
                  for seed in TABLE_EXTRA_SEEDS]
        all_seeds = 100 * np.array([accuracy[name], *others])
        seed_means[name] = all_seeds.mean()
        rows.append([name, f"{100 * accuracy[name]:.2f} %", f"{hist.loss[-1]:.4f}", f"{ratio:.3g}",
                     f"{100 * dead:.1f} %", f"{seconds:.2f} s", f"{memory:.2f} MiB",
                     f"{all_seeds.mean():.2f} +- {all_seeds.std(ddof=1):.2f} %"])
    family = [100 * accuracy[name] for name in RELU_FAMILY]
    spread = max(family) - min(family)
    family_means = [seed_means[name] for name in RELU_FAMILY]
    seeds = f"{c['seed']}-{max(TABLE_EXTRA_SEEDS)}"
    print_table(
        f"3. Activation table: {arch} on digits, one recipe, seed {c['seed']}",
        ["activation", "test accuracy", "final train loss", "grad ratio at init", "dead after",
         "time", "peak memory", f"seeds {seeds}: mean +- sd"],
        rows,
        notes=[
            f"recipe: {c['init']} init, {c['optimizer']} lr={c['lr']} momentum={c['momentum']}, "
            f"batch {c['batch_size']}, {c['epochs']} epochs, softmax + cross-entropy",
            "grad ratio at init: |dL/dW| of the first layer over |dL/dW| of the output layer, whole training set",
            "dead after: hidden units whose output is 0 on every training example, after training",
            "peak memory: includes the inspection of the whole training set at initialisation",
            f"last column: the same recipe with seeds {seeds}, only to show the seed-to-seed variation",
            f"expected shape 1, sigmoid fails to train (test accuracy < 20 %): "
            f"{verdict(accuracy['sigmoid'] < 0.2)} ({100 * accuracy['sigmoid']:.1f} %)",
            f"expected shape 2, ReLU family ({', '.join(RELU_FAMILY)}) within 1.5 points: "
            f"{verdict(spread <= 1.5)} (spread {spread:.2f} points; one test example = "
            f"{100 / len(digits.y_test):.2f} points)",
            f"the same over seeds {seeds}: spread of the mean accuracies "
            f"{max(family_means) - min(family_means):.2f} points",
        ],
    )


def main():
    header()
    digits = load_digits()
    bench_versus_sklearn(digits)
    bench_playground()
    bench_activation_table(digits)


if __name__ == "__main__":
    main()
