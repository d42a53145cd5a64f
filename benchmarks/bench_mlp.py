"""Benchmarks of actlab.mlp: against scikit-learn, at playground size, and across activations.

Run by ``make bench`` (or ``.venv/bin/python benchmarks/bench_mlp.py``; name
``versus``, ``playground`` or ``table`` to print only those). Prints three
tables, each figure beside its goal:

1. actlab against scikit-learn's ``MLPClassifier`` on the digits set, with the
   same architecture, activation, optimizer, learning rate, batch size and
   epochs, no L2 penalty and no early stopping: test accuracy and time.
2. A playground-size run (2-16-16-1, 400 points, full batch, 1000 steps),
   against the floor a NumPy engine can reach (a minimal loop written out for
   this one network) and against the same loop in PyTorch's CPU build (when
   ``torch`` can be imported; it is not a dependency of the course). All three
   start from the same weights, so they must also end at the same loss.
3. The activation table: one deep network trained on digits once per
   activation with one recipe and seed, after the activation-functions
   tutorial of the University of Amsterdam deep-learning course.

All libraries run in this one process, with one thread each, in float64; the
runs being compared alternate, so each sees the same machine load. Times are
medians, wall-clock in tables 1 and 3; table 2 measures the CPU time of the
process and takes the median of paired ratios, which keeps its ratios steady on
a machine that other work shares. Peak memory is traced by tracemalloc in a
separate, untimed run.
"""

import argparse
import platform
import time
import warnings

from _common import blas_description, median_time, peak_mib, pin_threads, print_table, verdict

THREADS = pin_threads()

import numpy as np  # noqa: E402  (after the thread variables are set)
import sklearn  # noqa: E402
from sklearn.exceptions import ConvergenceWarning  # noqa: E402
from sklearn.neural_network import MLPClassifier  # noqa: E402

from actlab.datasets import load_digits, make_xor  # noqa: E402
from actlab.mlp import MLP  # noqa: E402

try:
    import torch  # noqa: E402
except ImportError:  # PyTorch is optional: its comparison is skipped
    torch = None
else:
    torch.set_num_threads(1)

# ---------------------------------------------------------------------------
# The recipes. Each is fixed here, before any result is seen.
# ---------------------------------------------------------------------------

#: 1. actlab against scikit-learn on digits.
VERSUS = dict(hidden=(128, 64), activation="relu", optimizer="adam", lr=1e-3, batch_size=64, epochs=50)
VERSUS_SEEDS = range(5)

#: 2. Playground size: a 2-D set, full batch, plain gradient descent.
PLAYGROUND = dict(hidden=(16, 16), activation="tanh", optimizer="sgd", lr=0.1, epochs=1000, n=400, noise=0.1)
PLAYGROUND_REPEATS = 7
#: Goals of the engine at playground size: time over the NumPy floor, time over PyTorch.
FLOOR_RATIO_GOAL = 1.25
TORCH_RATIO_GOAL = 0.6

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


def fit_actlab(
    X,
    y,
    *,
    hidden,
    activation,
    output,
    optimizer,
    lr,
    batch_size,
    epochs,
    seed,
    momentum=0.0,
    init="xavier",
    record=None,
):
    """Build and train an actlab network; returns it."""
    net = MLP(
        [X.shape[1], *hidden, 10 if output == "softmax" else 1],
        activation=activation,
        output=output,
        init=init,
        rng=seed,
    )
    net.fit(X, y, epochs=epochs, lr=lr, batch_size=batch_size, optimizer=optimizer, momentum=momentum, record=record)
    return net


def header():
    print("actlab.mlp benchmarks")
    print(
        f"  machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}, "
        f"numpy {np.__version__}, scikit-learn {sklearn.__version__}"
    )
    print(
        f"  threads: OMP_NUM_THREADS = OPENBLAS_NUM_THREADS = MKL_NUM_THREADS = {THREADS}, "
        f"for every library; BLAS: {blas_description()}"
    )
    if torch is None:
        print("  PyTorch: not installed, its comparison is skipped")
    else:
        print(f"  PyTorch: {torch.__version__}, torch.set_num_threads(1) -> {torch.get_num_threads()} thread")
    print("  dtype: float64 for every library")
    print()


def bench_versus_sklearn(digits):
    c = VERSUS
    common = dict(
        hidden=c["hidden"],
        activation=c["activation"],
        optimizer=c["optimizer"],
        lr=c["lr"],
        batch_size=c["batch_size"],
        epochs=c["epochs"],
    )
    acc_a, acc_s, time_a, time_s, epochs_s = [], [], [], [], []
    X, y = digits.X_train, digits.y_train
    for seed in VERSUS_SEEDS:  # interleaved, so both see the same machine load
        t, net = median_time(lambda seed=seed: fit_actlab(X, y, output="softmax", seed=seed, **common), 1)
        time_a.append(t)
        acc_a.append(net.accuracy(digits.X_test, digits.y_test))
        clf = sklearn_classifier(seed=seed, **common)
        t, _ = median_time(lambda clf=clf: fit_sklearn(clf, X, y), 1)
        time_s.append(t)
        acc_s.append(clf.score(digits.X_test, digits.y_test))
        epochs_s.append(clf.n_iter_)
    mem_a, _ = peak_mib(lambda: fit_actlab(X, y, output="softmax", seed=0, **common))
    mem_s, _ = peak_mib(lambda: fit_sklearn(sklearn_classifier(seed=0, **common), X, y))

    gap = 100 * (np.mean(acc_s) - np.mean(acc_a))
    ratio = np.median(time_a) / np.median(time_s)
    arch = "-".join(map(str, (64, *c["hidden"], 10)))
    print_table(
        f"1. actlab vs scikit-learn MLPClassifier on digits ({len(digits.y_train)} train / {len(digits.y_test)} test)",
        ["measure", "actlab", "scikit-learn", "goal", "status"],
        [
            [
                f"test accuracy, mean of {len(acc_a)} seeds",
                f"{100 * np.mean(acc_a):.2f} %",
                f"{100 * np.mean(acc_s):.2f} %",
                "within 1.5 points",
                f"{verdict(abs(gap) <= 1.5)} ({-gap:+.2f} points)",
            ],
            [
                "test accuracy, range over seeds",
                f"{100 * min(acc_a):.1f}-{100 * max(acc_a):.1f} %",
                f"{100 * min(acc_s):.1f}-{100 * max(acc_s):.1f} %",
                "",
                "",
            ],
            [
                "training time, median",
                f"{np.median(time_a):.3f} s",
                f"{np.median(time_s):.3f} s",
                "time ratio <= 1.0",
                f"{verdict(ratio <= 1.0)} (ratio {ratio:.2f})",
            ],
            ["peak memory (tracemalloc)", f"{mem_a:.1f} MiB", f"{mem_s:.1f} MiB", "", ""],
        ],
        notes=[
            f"recipe: {arch}, {c['activation']}, softmax + cross-entropy, {c['optimizer']} lr={c['lr']}, "
            f"batch {c['batch_size']}, {c['epochs']} epochs, shuffled, no L2, no early stopping",
            "init: actlab Glorot normal, scikit-learn Glorot uniform (the same variance)",
            f"scikit-learn ran {sorted(set(epochs_s))} epochs (must be {c['epochs']})",
        ],
    )


def numpy_loop(params, X, y, *, lr, steps, sum_rows=lambda d: d.sum(axis=0)):
    """The floor: plain gradient descent on a 2-16-16-1 tanh network, written out for it alone.

    What any NumPy engine must at least do per step: three affine maps, two
    tanh, the loss, the backward pass and six in-place updates. ``sum_rows``
    computes the bias gradients. Returns the loss before each step.
    """
    (W1, b1), (W2, b2), (W3, b3) = [(W.copy(), b.copy()) for W, b in params]
    t = y.astype(np.float64)[:, None]
    n = len(X)
    losses = np.empty(steps)
    for step in range(steps):
        h1 = np.tanh(X @ W1 + b1)  # (n, 2) @ (2, 16) -> (n, 16)
        h2 = np.tanh(h1 @ W2 + b2)  # (n, 16) @ (16, 16) -> (n, 16)
        z3 = h2 @ W3 + b3  # (n, 16) @ (16, 1) -> (n, 1)
        losses[step] = np.mean(np.logaddexp(0.0, z3) - t * z3)
        dz3 = (1.0 / (1.0 + np.exp(-z3)) - t) / n
        dz2 = (dz3 @ W3.T) * (1.0 - h2 * h2)  # (n, 1) @ (1, 16) -> (n, 16)
        dz1 = (dz2 @ W2.T) * (1.0 - h1 * h1)  # (n, 16) @ (16, 16) -> (n, 16)
        W3 -= lr * (h2.T @ dz3)  # (16, n) @ (n, 1) -> (16, 1)
        b3 -= lr * sum_rows(dz3)
        W2 -= lr * (h1.T @ dz2)  # (16, n) @ (n, 16) -> (16, 16)
        b2 -= lr * sum_rows(dz2)
        W1 -= lr * (X.T @ dz1)  # (2, n) @ (n, 16) -> (2, 16)
        b1 -= lr * sum_rows(dz1)
    return losses


def torch_model(params):
    """The same network in PyTorch, float64, starting from the same weights."""
    layers = []
    for i, (W, b) in enumerate(params):
        linear = torch.nn.Linear(*W.shape, dtype=torch.float64)
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(W.T))  # PyTorch stores (fan_out, fan_in)
            linear.bias.copy_(torch.from_numpy(b))
        layers += [linear, torch.nn.Tanh()] if i < len(params) - 1 else [linear]
    return torch.nn.Sequential(*layers)


def torch_loop(model, X, y, *, lr, steps):
    """The usual PyTorch training loop: forward, loss, backward, optimizer step; returns the losses."""
    X, t = torch.from_numpy(X), torch.from_numpy(y.astype(np.float64)[:, None])
    loss_fn = torch.nn.BCEWithLogitsLoss()
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    losses = []
    for _ in range(steps):
        opt.zero_grad()
        loss = loss_fn(model(X), t)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return np.array(losses)


def cpu_time(fn):
    """CPU seconds this process spent in ``fn()``, and its result.

    Every run here uses one thread, so on a quiet machine this is the wall-clock
    time; on a busy one it leaves out the time other processes held the CPU.
    """
    start = time.process_time()
    result = fn()
    return time.process_time() - start, result


def bench_playground():
    c = PLAYGROUND
    X, y = make_xor(c["n"], noise=c["noise"], rng=0)
    sizes = [2, *c["hidden"], 1]
    ones = np.ones(c["n"])

    def start(seed):
        return MLP(sizes, activation=c["activation"], output="sigmoid", init="xavier", rng=seed)

    def fit(net, record=None):
        return net.fit(X, y, epochs=c["epochs"], lr=c["lr"], optimizer=c["optimizer"], record=record)

    def sklearn(seed):
        return sklearn_classifier(
            seed=seed,
            batch_size=c["n"],
            hidden=c["hidden"],
            activation=c["activation"],
            optimizer=c["optimizer"],
            lr=c["lr"],
            epochs=c["epochs"],
        )

    def loop(params, **kwargs):
        return numpy_loop(params, X, y, lr=c["lr"], steps=c["epochs"], **kwargs)

    FLOOR, ONES, TORCH = "NumPy loop (floor)", "NumPy loop, db = ones @ dz", "PyTorch loop"
    labels = ["actlab", "actlab, record='step'", FLOOR, ONES, TORCH, "scikit-learn"]
    runs = {label: [] for label in labels if label != TORCH or torch is not None}
    final_loss, accuracy = {}, {}
    for seed in range(PLAYGROUND_REPEATS):  # the runs alternate, so each sees the same machine load
        net, params = start(seed), start(seed).params
        t, hist = cpu_time(lambda net=net: fit(net))
        runs["actlab"].append(t)
        final_loss["actlab"], accuracy["actlab"] = hist.loss[-1], net.accuracy(X, y)
        t, final_loss[FLOOR] = cpu_time(lambda params=params: loop(params)[-1])
        runs[FLOOR].append(t)
        t, final_loss[ONES] = cpu_time(lambda params=params: loop(params, sum_rows=lambda d: ones @ d)[-1])
        runs[ONES].append(t)
        if torch is not None:
            model = torch_model(params)
            t, losses = cpu_time(lambda model=model: torch_loop(model, X, y, lr=c["lr"], steps=c["epochs"]))
            runs[TORCH].append(t)
            final_loss[TORCH] = losses[-1]
        net = start(seed)
        t, _ = cpu_time(lambda net=net: fit(net, record="step"))
        runs["actlab, record='step'"].append(t)
        accuracy["actlab, record='step'"] = net.accuracy(X, y)
        clf = sklearn(seed)
        t, _ = cpu_time(lambda clf=clf: fit_sklearn(clf, X, y))
        runs["scikit-learn"].append(t)
        accuracy["scikit-learn"] = clf.score(X, y)

    memory = {
        "actlab": peak_mib(lambda: fit(start(0)))[0],
        "actlab, record='step'": peak_mib(lambda: fit(start(0), record="step"))[0],
        FLOOR: peak_mib(lambda: loop(start(0).params))[0],
        "scikit-learn": peak_mib(lambda: fit_sklearn(sklearn(0), X, y))[0],
    }
    times = {label: np.array(t) for label, t in runs.items()}

    def ratio(a, b):
        """Median over the seeds of the paired ratio a / b: both ran one after the other."""
        return float(np.median(times[a] / times[b])) if a in times and b in times else None

    rows = []
    for label in times:
        t = np.median(times[label])
        vs_torch = ratio(label, TORCH)
        rows.append(
            [
                label,
                f"{t:.3f} s",
                f"{1e6 * t / c['epochs']:.0f} us",
                f"{ratio(label, FLOOR):.2f}",
                "skipped" if vs_torch is None else f"{vs_torch:.2f}",
                f"{ratio(label, 'scikit-learn'):.2f}",
                f"{100 * accuracy[label]:.1f} %" if label in accuracy else "",
                f"{memory[label]:.2f} MiB" if label in memory else "",
            ]
        )
    floor_ratio, torch_ratio = ratio("actlab", FLOOR), ratio("actlab", TORCH)
    spread = max(final_loss.values()) - min(final_loss.values())
    notes = [
        f"data: make_xor({c['n']}, noise={c['noise']}); {c['activation']}, sigmoid + binary cross-entropy, "
        f"plain gradient descent lr={c['lr']}, float64, one thread; {PLAYGROUND_REPEATS} seeds",
        "times: CPU time of the process, median over the seeds; ratios: median of the paired ratios of "
        "runs made one after the other",
        "record='step' keeps the per-layer statistics of every step (instrumentation on)",
        "NumPy loop: the same network written out by hand, bias gradients as dz.sum(axis=0); the second "
        "sums the rows as actlab does, ones @ dz; PyTorch loop: nn.Sequential, BCEWithLogitsLoss, optim.SGD",
        f"goal: actlab within {FLOOR_RATIO_GOAL}x the NumPy loop: "
        f"{verdict(floor_ratio <= FLOOR_RATIO_GOAL)} (ratio {floor_ratio:.2f})",
        f"goal: actlab at most {TORCH_RATIO_GOAL}x the PyTorch loop: "
        + (
            "skipped (PyTorch not installed)"
            if torch_ratio is None
            else f"{verdict(torch_ratio <= TORCH_RATIO_GOAL)} (ratio {torch_ratio:.2f})"
        ),
        f"goal: actlab under 0.3 s: {verdict(np.median(times['actlab']) < 0.3)} "
        f"(the NumPy loop itself takes {np.median(times[FLOOR]):.3f} s here)",
        f"same network: final training loss {final_loss['actlab']:.6f} (actlab); largest difference between "
        f"the {len(final_loss)} engines {spread:.1e}: {verdict(spread < 1e-8)}",
    ]
    arch = "-".join(map(str, sizes))
    print_table(
        f"2. Playground size: {arch}, {c['n']} points, full batch, {c['epochs']} steps",
        [
            "run",
            "time (median)",
            "per step",
            "vs NumPy loop",
            "vs PyTorch",
            "vs sklearn",
            "train accuracy",
            "peak memory",
        ],
        rows,
        notes=notes,
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
            hist = net.fit(
                digits.X_train,
                digits.y_train,
                epochs=c["epochs"],
                lr=c["lr"],
                batch_size=c["batch_size"],
                optimizer=c["optimizer"],
                momentum=c["momentum"],
            )
            return net, at_init, hist

        seconds, (net, at_init, hist) = median_time(run, 1)
        memory, _ = peak_mib(run)
        accuracy[name] = net.accuracy(digits.X_test, digits.y_test)
        ratio = at_init["grad_W"][0] / at_init["grad_W"][-1]
        dead = np.concatenate(net.dead_units(digits.X_train)).mean()
        others = [run(seed=seed, inspect=False)[0].accuracy(digits.X_test, digits.y_test) for seed in TABLE_EXTRA_SEEDS]
        all_seeds = 100 * np.array([accuracy[name], *others])
        seed_means[name] = all_seeds.mean()
        rows.append(
            [
                name,
                f"{100 * accuracy[name]:.2f} %",
                f"{hist.loss[-1]:.4f}",
                f"{ratio:.3g}",
                f"{100 * dead:.1f} %",
                f"{seconds:.2f} s",
                f"{memory:.2f} MiB",
                f"{all_seeds.mean():.2f} +- {all_seeds.std(ddof=1):.2f} %",
            ]
        )
    family = [100 * accuracy[name] for name in RELU_FAMILY]
    spread = max(family) - min(family)
    family_means = [seed_means[name] for name in RELU_FAMILY]
    seeds = f"{c['seed']}-{max(TABLE_EXTRA_SEEDS)}"
    print_table(
        f"3. Activation table: {arch} on digits, one recipe, seed {c['seed']}",
        [
            "activation",
            "test accuracy",
            "final train loss",
            "grad ratio at init",
            "dead after",
            "time",
            "peak memory",
            f"seeds {seeds}: mean +- sd",
        ],
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


def main(argv=None):
    parser = argparse.ArgumentParser(description="Benchmarks of actlab.mlp.")
    parser.add_argument(
        "sections", nargs="*", metavar="{versus,playground,table}", help="the tables to print (default: all three)"
    )
    sections = parser.parse_args(argv).sections or ["versus", "playground", "table"]
    unknown = set(sections) - {"versus", "playground", "table"}
    if unknown:
        parser.error(f"unknown section {sorted(unknown)[0]!r}; expected versus, playground or table")
    header()
    digits = load_digits() if {"versus", "table"} & set(sections) else None
    if "versus" in sections:
        bench_versus_sklearn(digits)
    if "playground" in sections:
        bench_playground()
    if "table" in sections:
        bench_activation_table(digits)


if __name__ == "__main__":
    main()
