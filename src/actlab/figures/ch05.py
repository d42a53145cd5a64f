"""Figure builders of chapter 5, *Dying ReLU*.

Each builder takes numbers the chapter has computed and returns an
:class:`actlab.explorers.Scene`, with alt text written from those numbers. The
docstring of each names the section of the chapter that shows it.
"""

import numpy as np

from actlab import activations
from actlab import explorers as ex
from actlab.plotting import color

__all__ = [
    "outputs_scene",
    "init_depth_scene",
    "lr_sweep_scene",
    "story_scene",
    "slopes_scene",
    "watch_scene",
    "markdown_table",
    "LAYER_COLORS",
]

#: Colours of hidden layers 1 and 2 in every figure of the chapter.
LAYER_COLORS = (color("blue"), color("orange"))


def _percent(x):
    return f"{100 * x:.0f}%"


def outputs_scene(outputs, titles):
    """The picture: the outputs of a hidden layer, one column per unit, one row per example.

    Used in *The picture*. A cell is blue where the unit's output is positive
    and white where it is exactly zero. A dead unit is a column that is white
    from top to bottom; a healthy sparse layer has white cells scattered
    everywhere.

    Parameters
    ----------
    outputs : list of ndarray, each (n_examples, units)
        The layer's outputs ``relu(z)``, one array per panel.
    titles : list of str
        One title per panel.

    Returns
    -------
    Scene

    Examples
    --------
    >>> h = np.maximum(np.random.default_rng(0).normal(size=(5, 4)), 0.0)
    >>> h[:, 1] = 0.0
    >>> outputs_scene([h], ["demo"]).alt.startswith("One panel")
    True
    """
    panels, sentences = [], []
    for h, title in zip(outputs, titles):
        h = np.asarray(h, dtype=float)
        n, units = h.shape
        dead = int(np.all(h == 0, axis=0).sum())
        zeros = float(np.mean(h == 0))
        panels.append(
            ex.Panel(
                [
                    ex.Heatmap(
                        (h > 0).astype(float),
                        extent=(0.5, units + 0.5, 0.5, n + 0.5),
                        colors=("#FFFFFF", color("blue")),
                        vmin=0.0,
                        vmax=1.0,
                    )
                ],
                title=title,
                xlabel="hidden unit",
                ylabel="example",
            )
        )
        sentences.append(
            f"{title}: {dead} of {units} columns are blank from top to bottom "
            f"(dead units), and {_percent(zeros)} of all cells are blank"
        )
    count = {1: "One panel", 2: "Two panels", 3: "Three panels"}.get(len(panels), f"{len(panels)} panels")
    return ex.Scene(
        panels,
        alt=f"{count} of a hidden layer's outputs, one column per unit and one row "
        "per example, blue where the output is positive and white where it is zero. " + "; ".join(sentences) + ".",
    )


def init_depth_scene(per_layer, *, width):
    """Dead fraction per layer of deep narrow ReLU networks at initialisation.

    Used in *How units die, measured: at initialisation*.

    Parameters
    ----------
    per_layer : dict of float to ndarray
        For each bias offset, the mean dead fraction of every hidden layer.
    width : int
        Units per hidden layer (for the title).

    Returns
    -------
    Scene
    """
    styles = ["--", None, ":"]
    items = []
    colours = ("vermillion", "blue", "bluish_green")
    for (bias, fractions), dash, name in zip(sorted(per_layer.items()), styles, colours):
        layers = np.arange(1, len(fractions) + 1)
        items.append(ex.Line(layers, fractions, color=color(name), dash=dash, width=2.0, label=f"bias {bias:+g}"))
        # each curve is named at its right end, where the curves are furthest apart
        items.append(ex.Text(layers[-1], fractions[-1] + 0.03, f"bias {bias:+g}", color=color(name), ha="right"))
    depth = len(next(iter(per_layer.values())))
    summary = "; ".join(
        f"with bias {b:+g}, {_percent(f[0])} dead in layer 1 and {_percent(f[-1])} in layer {depth}"
        for b, f in sorted(per_layer.items())
    )
    return ex.Scene(
        ex.Panel(
            items,
            title=f"{depth} hidden layers of {width} ReLU units, before training",
            xlabel="hidden layer",
            ylabel="fraction of units dead",
            ylim=(0, 1.08),
        ),
        alt=f"Three rising curves of the fraction of dead units against the layer's depth: {summary}.",
    )


def lr_sweep_scene(lrs, dead, accuracy):
    """Dead fraction per layer and test accuracy after training, for each learning rate.

    Used in *How units die, measured: during training*.

    Parameters
    ----------
    lrs : sequence of float
    dead : ndarray, shape (len(lrs), 2)
        Dead fraction of hidden layers 1 and 2 at the end of training.
    accuracy : sequence of float
        Test accuracy at the end of training.

    Returns
    -------
    Scene
    """
    lrs, dead, accuracy = np.asarray(lrs, float), np.asarray(dead, float), np.asarray(accuracy, float)
    layers = [
        ex.Line(lrs, dead[:, i], color=LAYER_COLORS[i], width=2.0, label=f"layer {i + 1}") for i in range(dead.shape[1])
    ]
    layers += [ex.Scatter(lrs, dead[:, i], color=LAYER_COLORS[i], size=20) for i in range(dead.shape[1])]
    acc = [
        ex.Line(lrs, accuracy, color=color("black"), width=2.0),
        ex.Scatter(lrs, accuracy, color=color("black"), size=20),
    ]
    pairs = ", ".join(
        f"{lr:g}: {_percent(d.mean())} dead, {_percent(a)} accuracy" for lr, d, a in zip(lrs, dead, accuracy)
    )
    return ex.Scene(
        [
            ex.Panel(
                layers,
                title="dead units after training",
                xlabel="learning rate",
                ylabel="fraction dead",
                xscale="log",
                ylim=(0, 1),
                legend=True,
            ),
            ex.Panel(acc, title="test accuracy", xlabel="learning rate", ylabel="accuracy", xscale="log", ylim=(0, 1)),
        ],
        alt="Two panels against the learning rate on a log axis. Left: the fraction of dead units in "
        "each hidden layer stays low and then jumps at the largest rate. Right: the test accuracy "
        f"rises and then collapses. Learning rate by learning rate: {pairs}.",
    )


def story_scene(stories):
    """One unit's largest pre-activation, and the loss, through training.

    Used in *One unit's story*.

    Parameters
    ----------
    stories : dict of str to actlab.dead_units.Story
        One story per activation name, e.g. ``{"relu": ..., "leaky_relu": ...}``.

    Returns
    -------
    Scene
    """
    z_items, loss_items, sentences = [ex.HLine(0.0, color=color("grey"))], [], []
    dashes = [None, "--", ":"]
    for (name, story), dash in zip(stories.items(), dashes):
        steps = np.arange(len(story.z_max))
        label = activations.display_name(name)
        style = dict(color=color(name), width=2.5 if dash is None else 2.0, dash=dash, label=label)
        z_items.append(ex.Line(steps, story.z_max, **style))
        loss_items.append(ex.Line(steps, story.loss, **style))
        back = (
            "never comes back" if story.recovered_at is None else f"climbs back above zero at step {story.recovered_at}"
        )
        sentences.append(
            f"with {label} the unit falls to {story.z_max[1]:.2f} after the large step "
            f"and {back}; the loss ends at {story.loss[-1]:.4f}"
        )
    return ex.Scene(
        [
            ex.Panel(
                z_items,
                title="the unit's largest pre-activation",
                xlabel="step",
                ylabel="max over inputs of z",
                legend=True,
            ),
            ex.Panel(loss_items, title="training loss", xlabel="step", ylabel="loss", yscale="log"),
        ],
        alt="Two panels against the training step. Left: the unit's largest pre-activation over all "
        "inputs, with a grey line at zero. Right: the training loss on a log axis. " + "; ".join(sentences) + ".",
    )


def slopes_scene(names, *, z=None, at=-1.0):
    """Activations and their derivatives on the negative side, with a read-out.

    Used in *Recovery and remedies* (the explorer there draws one of these per
    choice of activation). The left panel's read-out prints each function's
    value and slope at the guide, starting at ``z = at``.

    Parameters
    ----------
    names : list of str or Activation
        Registry names (``"relu"``) or activations with parameters bound
        (``activations.get("leaky_relu", alpha=0.1)``).
    z : array_like, optional
        Where to evaluate; 351 points on [-6, 1] by default.
    at : float, default -1.0
        Where the read-out starts.

    Returns
    -------
    Scene

    Examples
    --------
    >>> scene = slopes_scene(["relu", "elu"])
    >>> [item.label for item in scene.panels[0].items if getattr(item, "label", None)]
    ['ReLU', 'ELU']
    """
    z = np.linspace(-6.0, 1.0, 351) if z is None else np.asarray(z, dtype=float)
    values = [ex.HLine(0.0, color=color("grey"))]
    slopes = [ex.HLine(0.0, color=color("grey"))]
    sentences = []
    for number, entry in enumerate(names):
        act = activations.get(entry) if isinstance(entry, str) else entry
        label = _label(act)
        # the first curve is drawn wide, so that a later one on top of it stays visible
        style = dict(color=act.color, dash=act.linestyle, width=4.0 if number == 0 else 2.0, label=label)
        values.append(ex.Line(z, act(z), slope=act.grad(z), **style))
        slopes.append(ex.Line(z, act.grad(z), **style))
        g1, g5 = act.grad(np.array([-1.0, -5.0]))
        sentences.append(f"{label}: slope {g1:.3g} at -1 and {g5:.3g} at -5")
    return ex.Scene(
        [
            ex.Panel(
                values,
                title="the activation",
                xlabel="pre-activation z",
                ylabel="output",
                ylim=(-1.2, 1.05),
                legend=True,
                readout=ex.Readout(x=at, name="z"),
            ),
            ex.Panel(slopes, title="its slope", xlabel="pre-activation z", ylabel="derivative", ylim=(-0.15, 1.05)),
        ],
        alt="Left: the activations for inputs from -6 to 1; right: their derivatives. " + "; ".join(sentences) + ".",
    )


def _label(act):
    """The display name of an activation, with its alpha when it is not the default."""
    name = activations.display_name(act.name)
    alpha = act.params.get("alpha")
    if alpha is not None and (act.name == "leaky_relu" or alpha != activations.get(act.name).params["alpha"]):
        return f"{name} (α = {alpha:g})"
    return name


#: The loss axis of *Watch units die*: from LOSS_FLOOR to the first of LOSS_TOPS above the run's loss.
LOSS_FLOOR, LOSS_TOPS = 0.05, (20.0, 1e6, 1e12, 1e18)


def watch_scene(run, step, *, activation, lr, bias, z_range=(-4.0, 4.0)):
    """The explorer *Watch units die*: dead fraction, loss, and each unit's largest pre-activation.

    Used in *Explorer: watch units die*.

    Parameters
    ----------
    run : actlab.dead_units.Run
    step : int
        One of ``run.steps``: the current moment.
    activation : str
    lr, bias : float
        The settings, for the alt text.
    z_range : tuple of float
        Range of the histogram; values outside it are counted in its end bins.

    Returns
    -------
    Scene
    """
    frame = int(np.searchsorted(run.steps, step))
    seen = slice(0, frame + 1)
    steps = run.steps[seen]
    x_end = float(run.steps[-1])
    dead_items = [
        ex.Line(steps, run.dead[seen, i], color=LAYER_COLORS[i], dash=dash, width=2.0, label=f"layer {i + 1}")
        for i, dash in zip(range(run.dead.shape[1]), (None, "--"))
    ]
    loss_items = [ex.Line(steps, run.loss[seen], color=color(activation), width=2.0)]
    # The limits stay put while the run plays, and between settings too, so that two runs
    # compare at a glance (and the live view only redraws the lines): the loss axis grows
    # only for a run that blows up, the histogram's height is the number of units.
    finite_loss = run.loss[np.isfinite(run.loss)]
    top = max(finite_loss.max(), 1.0) * 1.5 if finite_loss.size else 1.0
    loss_lim = (LOSS_FLOOR, next((t for t in LOSS_TOPS if top <= t), top))
    lo, hi = z_range
    values = run.z_max[frame]
    z_items = []
    if np.all(np.isfinite(values)):  # values beyond the range are counted in the end bins
        z_items.append(ex.Histogram(np.clip(values, lo, hi), bins=16, range=z_range, color=color(activation)))
    z_items.append(ex.VLine(0.0, color=color("vermillion"), width=2.0))
    name = activations.display_name(activation)
    if np.isfinite(run.loss[frame]):
        dead_now = run.dead[frame]
        state = (
            f"At step {step}, {_percent(dead_now[0])} of layer 1 and {_percent(dead_now[1])} of layer 2 "
            f"are below zero on every example, and the loss is {run.loss[frame]:.3g}."
        )
    else:
        state = f"By step {step} training has diverged: the loss is no longer a finite number."
        z_items.append(ex.Text(0.0, 1.0, "training diverged", ha="center"))
    return ex.Scene(
        [
            ex.Panel(
                dead_items,
                title="dead: layer 1 (solid), layer 2 (dashed)",
                xlabel="step",
                ylabel="fraction of the layer",
                xlim=(0, x_end),
                ylim=(0, 1),
            ),
            ex.Panel(
                loss_items,
                title="training loss",
                xlabel="step",
                ylabel="loss (log scale)",
                xlim=(0, x_end),
                ylim=loss_lim,
                yscale="log",
            ),
            ex.Panel(
                z_items,
                title="each unit's largest z",
                xlabel="largest pre-activation over the data",
                ylabel="units",
                xlim=z_range,
                ylim=(0, run.z_max.shape[1]),
            ),
        ],
        alt=f"{name}, learning rate {lr:g}, hidden biases starting at {bias:+g}. {state} "
        "First panel: the fraction of dead units per layer so far (layer 1 solid, layer 2 dashed); "
        "second: the loss so far; third: a histogram of each unit's largest pre-activation over the "
        "data, with a line at zero: units left of the line are dead.",
    )


def markdown_table(header, rows):
    """Return a Markdown table (a string) for ``IPython.display.Markdown``.

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
