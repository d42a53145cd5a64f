"""Figure builders of chapter 7, *Choosing activations*.

Each builder takes numbers the chapter has computed and returns an
:class:`actlab.explorers.Scene` whose alt text is written from those numbers (or,
for :func:`markdown_table`, the text of a table). The docstring of each names the
section of the chapter that shows it.
"""

import numpy as np

from actlab import activations
from actlab import explorers as ex
from actlab.plotting import color

__all__ = [
    "comparison_scene",
    "regression_scene",
    "recovery_scene",
    "recurrence_scene",
    "sweep_scene",
    "training_scene",
    "timeline_scene",
    "markdown_table",
]

_COUNT = {1: "One panel", 2: "Two panels", 3: "Three panels"}

#: The loss axis of the explorer, the same for every run so that two settings compare at a glance
#: (chance is ln 10 = 2.3; a run whose loss leaves the top has blown up).
LOSS_LIMITS = (0.01, 30.0)


#: Names short enough for seven bars side by side on a narrow screen.
_SHORT = {"leaky_relu": "leaky", "sigmoid": "sigm."}


def _name(activation):
    return activations.display_name(activation) if activation in activations.names() else activation


def _short(activation):
    return _SHORT.get(activation, _name(activation))


def _pct(x, digits=0):
    return "NaN" if not np.isfinite(x) else f"{100 * x:.{digits}f}%"


def markdown_table(header, rows):
    """Return a Markdown table (a string) for ``IPython.display.Markdown``.

    Used for every table of the chapter that is generated from code.

    Examples
    --------
    >>> print(markdown_table(["a", "b"], [[1, "x"]]))
    | a | b |
    |---|---|
    | 1 | x |
    """
    lines = ["| " + " | ".join(map(str, header)) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(map(str, row)) + " |" for row in rows]
    return "\n".join(lines)


def comparison_scene(runs, activations_, depths):
    """Final test accuracy of every run: a bar at each activation's mean, a dot per seed.

    Used in *The picture* and *A comparison trained on real data*.

    Parameters
    ----------
    runs : dict of (str, str) to list of actlab.compare.Run
        As returned by :func:`actlab.compare.compare`.
    activations_ : sequence of str
        The activations, in the order of the bars.
    depths : sequence of str
        One panel per depth.

    Returns
    -------
    Scene

    Examples
    --------
    >>> from actlab import compare as cm
    >>> runs = cm.compare(["relu"], ["shallow"], seeds=2, recipe=cm.Recipe(epochs=1))
    >>> comparison_scene(runs, ["relu"], ["shallow"]).alt.startswith("One panel")
    True
    """
    labels = [_short(a) for a in activations_]
    panels, sentences = [], []
    for depth in depths:
        items, means = [], []
        for i, a in enumerate(activations_):
            finals = np.array([r.final for r in runs[a, depth]])
            means.append(finals.mean())
            heights = np.where(np.arange(len(labels)) == i, finals.mean(), 0.0)
            shade = color(a) if a in activations.names() else color("grey")
            items.append(ex.Bars(labels, heights, color=shade, width=0.7))
            spread = np.linspace(-0.18, 0.18, len(finals)) if len(finals) > 1 else np.zeros(1)
            items.append(ex.Scatter(i + spread, finals, color=color("black"), size=10))
        items.append(ex.HLine(0.1, color=color("grey"), dash="--"))
        panels.append(ex.Panel(items, title=f"{depth} network", ylabel="test accuracy", ylim=(0, 1.05)))
        sentences.append(f"{depth}: " + ", ".join(f"{_name(a)} {_pct(m, 1)}" for a, m in zip(activations_, means)))
    seeds = len(next(iter(runs.values())))
    count = _COUNT.get(len(panels), f"{len(panels)} panels")
    alt = (
        f"{count} of bars, one per activation, at the mean test "
        f"accuracy over {seeds} seeds, with a dot for each seed and a dashed line at chance (10%). "
        + "; ".join(sentences)
        + "."
    )
    return ex.Scene(panels, alt=alt, sharey=True)


def regression_scene(x, y, fits):
    """The same frozen hidden layer fitted to a signed target through several output functions.

    Used in *The output layer by task*.

    Parameters
    ----------
    x, y : ndarray, shape (n,)
        Inputs and targets.
    fits : dict of str to ndarray
        For each output pairing's name, its predictions at ``x``.

    Returns
    -------
    Scene
    """
    palette = {"identity": "black", "tanh": "reddish_purple", "relu": "blue", "sigmoid": "orange"}
    items = [ex.Line(x, y, color=color("grey"), width=5.0, label="target")]
    sentences = []
    for name, pred in fits.items():
        key = name.split(" ")[0]
        items.append(
            ex.Line(
                x,
                pred,
                color=color(palette.get(key, "vermillion")),
                width=2.0,
                label=name,
                dash="--" if key in ("relu", "sigmoid") else None,
            )
        )
        sentences.append(
            f"{name} ranges from {pred.min():.2f} to {pred.max():.2f}, "
            f"root-mean-square error {np.sqrt(np.mean((pred - y) ** 2)):.2f}"
        )
    return ex.Scene(
        ex.Panel(
            items,
            title="one frozen hidden layer, four output layers",
            xlabel="input x",
            ylabel="prediction",
            ylim=(-1.3, 1.5),
            legend=True,
        ),
        alt=f"A target curve that goes from {y.min():.2f} to {y.max():.2f}, and the fits of four output "
        "layers trained on the same hidden features: " + "; ".join(sentences) + ".",
    )


def recovery_scene(steps, curves):
    """Test accuracy against gradient steps for one output unit started confidently wrong.

    Used in *The output layer by task*.

    Parameters
    ----------
    steps : ndarray of int
    curves : dict of str to ndarray
        The accuracy after each of ``steps``, for each pairing's name.

    Returns
    -------
    Scene
    """
    keys = list(curves)
    items = [
        ex.Line(
            steps,
            acc,
            color=color("blue" if i == 0 else "vermillion"),
            width=2.0,
            label=name,
            dash=None if i == 0 else "--",
        )
        for i, (name, acc) in enumerate(curves.items())
    ]
    sentences = []
    for name in keys:
        acc = np.asarray(curves[name])
        above = np.flatnonzero(acc >= 0.9)
        when = f"first reaches 90% after {steps[above[0]]} steps" if above.size else "never reaches 90%"
        sentences.append(f"{name} starts at {_pct(acc[0])} and {when}")
    return ex.Scene(
        ex.Panel(
            items,
            title="recovering from a confident wrong start",
            xlabel="gradient step",
            ylabel="test accuracy",
            ylim=(0, 1.05),
            legend=True,
        ),
        alt="Test accuracy of one sigmoid output unit against gradient steps: " + "; ".join(sentences) + ".",
    )


def recurrence_scene(steps, sizes):
    """The size of a recurrent state over time, with and without tanh.

    Used in *Recurrent networks: tanh for the state, sigmoid for the gates*.

    Parameters
    ----------
    steps : ndarray of int
    sizes : dict of str to ndarray
        For each recurrence, the largest absolute entry of its state after each step.

    Returns
    -------
    Scene
    """
    palette = ["vermillion", "reddish_purple", "bluish_green"]
    items = [
        ex.Line(steps, s, color=color(palette[i % 3]), width=2.0, label=name, dash=(None, "--", ":")[i % 3])
        for i, (name, s) in enumerate(sizes.items())
    ]
    items.append(ex.HLine(1.0, color=color("grey"), dash="--"))
    sentences = [f"{name}: {s[-1]:.3g} after {steps[-1]} steps" for name, s in sizes.items()]
    return ex.Scene(
        ex.Panel(
            items,
            title="largest |state| over time",
            xlabel="time step",
            ylabel="largest |entry|",
            yscale="log",
            legend=True,
        ),
        alt="Largest absolute entry of a recurrent network's state over time, on a log scale, with a dashed "
        "line at 1: " + "; ".join(sentences) + ".",
    )


def sweep_scene(lrs, accuracy, activations_, best):
    """Final test accuracy against the learning rate, one line per activation.

    Used in *Re-tune when you switch*.

    Parameters
    ----------
    lrs : sequence of float
    accuracy : ndarray, shape (len(activations_), len(lrs), seeds)
    activations_ : sequence of str
    best : dict of str to float
        Each activation's best learning rate, ringed on the plot.

    Returns
    -------
    Scene
    """
    lrs = np.asarray(lrs, dtype=float)
    items, sentences = [], []
    for a, acc in zip(activations_, accuracy):
        mean = acc.mean(axis=1)
        items.append(ex.Line(lrs, mean, color=color(a), width=2.0, label=_name(a), dash=activations.get(a).linestyle))
        for j in range(acc.shape[1]):
            items.append(ex.Scatter(lrs, acc[:, j], color=color(a), size=8))
        k = int(np.argmin(np.abs(lrs - best[a])))
        items.append(ex.Scatter([lrs[k]], [mean[k]], color=color(a), size=60))
        sentences.append(
            f"{_name(a)}: " + ", ".join(f"{_pct(m)} at {lr:g}" for lr, m in zip(lrs, mean)) + f", best at {best[a]:g}"
        )
    return ex.Scene(
        ex.Panel(
            items,
            title="the deep network, mean of the seeds",
            xlabel="learning rate (log scale)",
            ylabel="test accuracy",
            xscale="log",
            ylim=(0, 1.05),
            legend=True,
        ),
        alt="Mean test accuracy against the learning rate, with a small dot per seed and a large dot at each "
        "activation's best learning rate. " + "; ".join(sentences) + ".",
    )


def training_scene(run, epoch):
    """The explorer *Compare while training*: accuracy and loss per epoch, up to ``epoch``.

    Used in *Explorer: compare while training*. The limits are fixed, the same
    for every run and every epoch, so that the axes stay put while a run plays and
    two settings can be compared at a glance.

    Parameters
    ----------
    run : actlab.compare.Run
    epoch : int
        The current epoch, from 0 (before training) to the run's last.

    Returns
    -------
    Scene
    """
    epochs = np.arange(len(run.test_accuracy))
    seen = slice(0, epoch + 1)
    c = color(run.activation) if run.activation in activations.names() else color("grey")
    acc_items = [
        ex.HLine(0.1, color=color("grey"), dash=":"),
        ex.Line(epochs[seen], run.train_accuracy[seen], color=c, width=2.0, dash="--", label="training"),
        ex.Line(epochs[seen], run.test_accuracy[seen], color=c, width=2.5, label="test"),
    ]
    loss_items = [
        ex.Line(epochs[seen], run.train_loss[seen], color=c, width=2.0, dash="--", label="training"),
        ex.Line(epochs[seen], run.test_loss[seen], color=c, width=2.5, label="test"),
    ]
    last = len(epochs) - 1
    final = f"final test {_pct(run.test_accuracy[last], 1)}" if not run.diverged else "diverged: the loss became NaN"
    acc_items.append(ex.Text(last, 0.04, final, ha="right", size=10))
    name = _name(run.activation)
    now = (
        f"After epoch {epoch}, training accuracy {_pct(run.train_accuracy[epoch], 1)}, test accuracy "
        f"{_pct(run.test_accuracy[epoch], 1)}, test loss {run.test_loss[epoch]:.3g}."
        if np.isfinite(run.test_loss[epoch])
        else f"By epoch {epoch} training has diverged: the loss is NaN and the network answers one class."
    )
    return ex.Scene(
        [
            ex.Panel(
                acc_items,
                title=f"{name}, {run.depth}, learning rate {run.lr:g}: accuracy",
                xlabel="epoch",
                ylabel="fraction correct",
                xlim=(0, last),
                ylim=(0, 1.02),
                legend=True,
            ),
            ex.Panel(
                loss_items,
                title="cross-entropy (log scale)",
                xlabel="epoch",
                ylabel="loss",
                xlim=(0, last),
                ylim=LOSS_LIMITS,
                yscale="log",
                legend=True,
            ),
        ],
        alt=f"Training curves of the {run.depth} digit network with {name} at learning rate {run.lr:g}. "
        f"{now} At the end of the run: {final}. Left: accuracy per epoch (training dashed, test solid, "
        "chance dotted); right: the loss per epoch on a log scale.",
    )


def timeline_scene(entries):
    """A history line of activations, from the step function to gated units.

    Used in *How to choose, in one page*. One row per entry, oldest at the top:
    a dot at its year, and its name to the left of the dot.

    Parameters
    ----------
    entries : list of (int, str, str)
        ``(year, label, colour name)``, in order.

    Returns
    -------
    Scene
    """
    n = len(entries)
    items = []
    for i, (year, label, c) in enumerate(entries):
        row = n - 1 - i
        items.append(ex.HLine(row, color=color("grey"), width=0.3, dash=":"))
        items.append(ex.Scatter([year], [row], color=color(c), size=50))
        items.append(ex.Text(year - 2, row, f"{label}, {year}", ha="right", size=9))
    years = [e[0] for e in entries]
    return ex.Scene(
        ex.Panel(
            items,
            title="when each activation arrived",
            xlabel="year",
            xlim=(min(years) - 62, max(years) + 4),
            ylim=(-0.7, n - 0.3),
        ),
        alt="A time line of activations: " + "; ".join(f"{label} in {year}" for year, label, _ in entries) + ".",
    )
