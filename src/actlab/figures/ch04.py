"""Figure builders of chapter 4, "Saturation and vanishing gradients".

Each builder returns an :class:`actlab.explorers.Scene` whose alt text is
generated from the numbers it draws (how far the first layer's gradient lies
below the last one's, what share of units is saturated), or a Markdown table.
Per-layer quantities are drawn with layer 1 (next to the input) on the left.

>>> import numpy as np
>>> scene = gradient_bars({"sigmoid": np.array([1e-4, 1e-2, 1.0])})
>>> print(scene.alt.split(". ")[1])
sigmoid: the first layer gets 1e-04 of the last layer's gradient.
"""

import numpy as np

from actlab import activations
from actlab.explorers import Bars, Heatmap, HLine, Line, Panel, Scatter, Scene, Text
from actlab.gradient_flow import saturated
from actlab.palette import OKABE_ITO

__all__ = [
    "gradient_bars",
    "flat_regions",
    "layer_panel",
    "saturated_bars",
    "inside_layers",
    "per_layer_lines",
    "speed_bars",
    "ratio_table",
    "depth_explorer",
]

#: Where the activation histograms are drawn; values beyond are counted in the end bins.
VALUE_RANGES = {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0), "relu": (0.0, 3.0), "gelu": (-0.5, 3.0)}
#: How the pages name the initialisations of :data:`actlab.gradient_flow.INITS`.
INIT_NAMES = {"small": "small, std 0.01", "xavier": "Xavier", "he": "He", "large": "large, std 1"}
#: The lowest gradient norm a log-scale panel of the explorer shows; smaller values sit on this floor.
FLOOR = 1e-24


def _label(name):
    return activations.get(name).label


def _layer_labels(n, *, output=True):
    """``["1", "2", ..., "out"]``: the hidden layers, then the output layer; past 12, only 1, 5, 10, ..."""
    last = n - 2 if output else n  # keep a label off the one next to "out"
    labels = [str(i + 1) if n <= 12 or i == 0 or ((i + 1) % 5 == 0 and i < last) else "" for i in range(n)]
    if output:
        labels[-1] = "out"
    return labels


def _times(ratio):
    """'1e-06' for tiny ratios, '0.84' for moderate ones."""
    return f"{ratio:.0e}" if ratio < 0.01 or ratio >= 1000 else f"{ratio:.2g}"


def gradient_bars(norms, *, title=""):
    """Per-layer gradient norms of several networks as grouped bars on a log scale.

    Used by "The picture".

    Parameters
    ----------
    norms : dict
        Activation name -> array of the norm of dL/dW for each layer, the
        output layer last.
    title : str, optional

    Returns
    -------
    Scene
        One panel; its alt text gives each network's first-to-last ratio.
    """
    n = len(next(iter(norms.values())))
    labels = _layer_labels(n)
    items, sentences = [], []
    for i, (name, g) in enumerate(norms.items()):
        g = np.asarray(g, dtype=float)
        act = activations.get(name)
        items.append(Bars(labels, g, color=act.color, label=act.label, group=i, groups=len(norms)))
        ratio = _times(g[0] / g[-1])
        sentences.append(f"{act.label}: the first layer gets {ratio} of the last layer's gradient")
    panel = Panel(
        items,
        title=title,
        xlabel="layer (1 = next to the input)",
        ylabel="norm of dL/dW",
        yscale="log",
        ylim=_room_for_legend(norms.values(), 5),
        legend=True,
    )
    alt = (
        f"Bars on a log scale: the size of the gradient of each of the {n} weight matrices, layer 1 "
        f"on the left, the output layer on the right, for {len(norms)} activations. " + ". ".join(sentences) + "."
    )
    return Scene(panel, alt=alt)


def _room_for_legend(series, decades=3):
    """Log-axis limits from whole decades around the data, with ``decades`` to spare above for the legend."""
    values = np.concatenate([np.asarray(v, dtype=float).ravel() for v in series])
    values = values[np.isfinite(values) & (values > 0)]
    return 10.0 ** np.floor(np.log10(values.min())), 10.0 ** (np.ceil(np.log10(values.max())) + decades)


def flat_regions(names, *, z=None, margin=0.03, mark=4.0):
    """Activations with their saturated stretches highlighted, and their slopes.

    Used by "Saturation: where the curves go flat". A stretch of input is
    highlighted where :func:`actlab.gradient_flow.saturated` says the unit is
    saturated; the slope panel marks sigmoid's slope at ``mark``.

    Parameters
    ----------
    names : list of str
    z : array_like, optional
        Inputs; 801 points on [-8, 8] by default.
    margin : float, default 0.03
    mark : float, default 4.0

    Returns
    -------
    Scene
        Two panels: the functions, and their derivatives.
    """
    z = np.linspace(-8.0, 8.0, 801) if z is None else np.asarray(z, dtype=float)
    left, right, sentences = [HLine(0.0)], [HLine(0.0)], []
    for name in names:
        act = activations.get(name)
        y, slope = act(z), act.grad(z)
        flat = saturated(name, z, margin=margin)
        for start, stop in _runs(flat):
            left.append(Line(z[start:stop], y[start:stop], color=_pale(act.color), width=8.0))
        left.append(Line(z, y, color=act.color, width=1.8, dash=act.linestyle, label=act.label))
        right.append(Line(z, slope, color=act.color, width=1.8, dash=act.linestyle, label=act.label))
        sentences.append(f"{act.label} is flat {_where(z, flat)}")
    sig = activations.get("sigmoid")
    if "sigmoid" in names:
        at = float(sig.grad(mark))
        right.append(Scatter([mark], [at], color=sig.color, size=30))
        right.append(Text(mark + 0.4, at + 0.06, f"σ'({mark:g}) ≈ {at:.3f}", color=OKABE_ITO["black"]))
    panels = [
        Panel(left, title="the functions; flat stretches highlighted", xlabel="input z", ylim=(-1.2, 3.0), legend=True),
        Panel(right, title="their slopes", xlabel="input z", ylim=(-0.05, 1.1)),
    ]
    alt = (
        "Two panels over inputs from -8 to 8. Left: the activations, with the stretches where a unit is "
        "saturated drawn as a thick band. " + "; ".join(sentences) + ". Right: their slopes; sigmoid's "
        "is a bump of height 0.25, tanh's a narrower bump of height 1, ReLU's a step from 0 to 1."
    )
    return Scene(panels, alt=alt)


def _pale(color, amount=0.65):
    """``color`` (a hex string) mixed with white."""
    rgb = [int(color[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c + (255 - c) * amount):02X}" for c in rgb)


def _runs(mask):
    """``(start, stop)`` of every run of True in a boolean vector."""
    edges = np.flatnonzero(np.diff(np.concatenate([[0], mask.astype(int), [0]])))
    return list(zip(edges[::2], edges[1::2]))


def _where(z, flat):
    """Where ``flat`` holds, in words: 'for every negative input', 'below -3.48 and above 3.48'."""
    parts = []
    negative, positive = z < 0, z > 0
    if flat[negative].all():
        parts.append("for every negative input")
    elif flat[negative].any():
        parts.append(f"below {z[flat & negative].max():.2f}")
    if flat[positive].all():
        parts.append("for every positive input")
    elif flat[positive].any():
        parts.append(f"above {z[flat & positive].min():.2f}")
    return " and ".join(parts) if parts else "nowhere"


def _histogram_columns(hs, value_range, bins):
    """Shares of each layer's values per bin, shape (bins, layers); values outside go to the end bins."""
    lo, hi = value_range
    columns = []
    for h in hs:
        v = np.nan_to_num(np.asarray(h, dtype=float).ravel(), nan=lo)
        index = np.clip((v - lo) / (hi - lo) * bins, 0, bins - 1).astype(int)
        columns.append(np.bincount(index, minlength=bins) / max(v.size, 1))
    return np.array(columns).T


def layer_panel(hs, activation, *, title="", bins=20, value_range=None, vmax=0.2):
    """One panel: each layer's outputs as a column of shaded bins (a histogram seen from above).

    Used by "Inside the layers" and by the explorer "Gradients through depth".
    The darker a bin, the larger the share of the layer's outputs that fall in
    it; a share of ``vmax`` or more is the full colour. Values beyond
    ``value_range`` are counted in the end bins, so a layer whose outputs blow
    up shows a dark top row.

    Parameters
    ----------
    hs : list of ndarray
        Each hidden layer's outputs, first layer first.
    activation : str
    title : str, optional
    bins : int, default 20
    value_range : tuple of float, optional
        From :data:`VALUE_RANGES` by default.
    vmax : float, default 0.2

    Returns
    -------
    Panel

    Examples
    --------
    >>> panel = layer_panel([np.zeros((4, 3)), np.ones((4, 3))], "tanh")
    >>> panel.items[0].z.shape
    (20, 2)
    """
    lo, hi = VALUE_RANGES[activation] if value_range is None else value_range
    shares = _histogram_columns(hs, (lo, hi), bins)
    n = len(hs)
    color = activations.get(activation).color
    heat = Heatmap(shares, extent=(0.5, n + 0.5, lo, hi), colors=("#ffffff", color), vmin=0.0, vmax=vmax)
    return Panel([heat], title=title, xlabel="hidden layer", ylabel="output value", xlim=(0.5, n + 0.5), ylim=(lo, hi))


def saturated_bars(zs, activation, *, title="saturated units"):
    """One panel: the share of saturated (example, unit) pairs in each hidden layer.

    Used by the explorer "Gradients through depth".

    Examples
    --------
    >>> saturated_bars([np.array([[-9.0, 0.0]])], "tanh").items[0].heights.tolist()
    [0.5]
    """
    shares = [float(saturated(activation, z).mean()) for z in zs]
    color = activations.get(activation).color
    return Panel(
        [Bars(_layer_labels(len(zs), output=False), shares, color=color)],
        title=title,
        xlabel="hidden layer",
        ylabel="share of units",
        ylim=(0.0, 1.0),
    )


def inside_layers(settings):
    """Histograms of every layer's outputs, one panel per setting.

    Used by "Inside the layers".

    Parameters
    ----------
    settings : dict
        Panel title -> ``(activation, zs, hs)``: the activation and each hidden
        layer's pre-activations and outputs.

    Returns
    -------
    Scene
        With alt text giving each setting's share of saturated units and the
        spread of its last layer.
    """
    panels, sentences = [], []
    for title, (activation, zs, hs) in settings.items():
        share = float(np.mean([saturated(activation, z).mean() for z in zs]))
        panels.append(layer_panel(hs, activation, title=f"{title}: {share:.0%} saturated"))
        sentences.append(
            f"{title}: {share:.0%} of the units are saturated; the last layer's outputs have "
            f"standard deviation {np.std(hs[-1]):.2f}"
        )
    n = len(next(iter(settings.values()))[2])
    alt = (
        f"{len(panels)} panels, each a column of shaded bins for every one of {n} hidden layers: the "
        "darker a bin, the more of that layer's outputs fall in it. " + ". ".join(sentences) + "."
    )
    return Scene(panels, alt=alt)


def per_layer_lines(panels, *, xlabel="layer (1 = next to the input)", alt_intro=""):
    """Per-layer quantities as lines on log scales, one panel per quantity.

    Used by "Inside the layers", "Initialisation scaled to the activation" and
    "Residual connections".

    Parameters
    ----------
    panels : dict
        Panel title -> {series label -> (values, colour, dash)}; the values are
        one per layer, layer 1 first.
    xlabel : str
    alt_intro : str
        The first sentence of the alt text (what is compared).

    Returns
    -------
    Scene
        With alt text giving, for each series, its first and last value and
        their ratio.

    Examples
    --------
    >>> scene = per_layer_lines({"gradient": {"plain": ([1e-6, 1e-3, 1.0], "#000000", None)}},
    ...                         alt_intro="A test.")
    >>> scene.alt.split(" gradient: ")[1]
    'plain goes from 1e-06 at layer 1 to 1 at layer 3 (1e-06 times).'
    """
    out, sentences = [], []
    for p, (title, series) in enumerate(panels.items()):
        items, parts = [], []
        for label, (values, color, dash) in series.items():
            values = np.asarray(values, dtype=float)
            layers = np.arange(1, len(values) + 1)
            items.append(Line(layers, values, color=color, dash=dash, width=1.8, label=label))
            items.append(Scatter(layers, values, color=color, size=10))
            parts.append(
                f"{label} goes from {values[0]:.2g} at layer 1 to {values[-1]:.2g} at layer "
                f"{len(values)} ({_times(values[0] / values[-1])} times)"
            )
        out.append(Panel(items, title=title, xlabel=xlabel, yscale="log", legend=(p == 0)))
        sentences.append(f"{title}: " + "; ".join(parts) + ".")
    return Scene(out, alt=(alt_intro + " " + " ".join(sentences)).strip())


def speed_bars(speeds):
    """How fast each layer's weights moved during training, grouped by activation, on a log scale.

    Used by "During training".

    Parameters
    ----------
    speeds : dict
        Activation name -> array of the average per-epoch change of each
        layer's weights, the output layer last.

    Returns
    -------
    Scene
    """
    n = len(next(iter(speeds.values())))
    labels = _layer_labels(n)
    items, sentences = [], []
    for i, (name, s) in enumerate(speeds.items()):
        s = np.asarray(s, dtype=float)
        act = activations.get(name)
        items.append(Bars(labels, s, color=act.color, label=act.label, group=i, groups=len(speeds)))
        ratio = _times(s[0] / s[-2])
        sentences.append(f"{act.label}: hidden layer 1 moves {ratio} as fast as hidden layer {n - 1}")
    panel = Panel(
        items,
        xlabel="layer (1 = next to the input)",
        ylabel="weight change per epoch",
        yscale="log",
        ylim=_room_for_legend(speeds.values(), 2),
        legend=True,
    )
    alt = (
        f"Bars on a log scale: how much the weights of each of {n} layers changed per epoch of training, "
        "averaged over the run, for " + ", ".join(_label(k) for k in speeds) + ". " + ". ".join(sentences) + "."
    )
    return Scene(panel, alt=alt)


def ratio_table(ratios, depths, inits):
    """A Markdown table of first-to-last gradient ratios: one row per activation, one column per depth.

    Used by "Per-layer gradients through depth".

    Parameters
    ----------
    ratios : dict
        Activation name -> one ratio per depth.
    depths : list of int
    inits : dict
        Activation name -> its initialisation (a key of :data:`INIT_NAMES`).

    Examples
    --------
    >>> print(ratio_table({"relu": [1.5, 0.9]}, [2, 5], {"relu": "he"}))
    | activation (initialisation) | 2 hidden layers | 5 hidden layers |
    |---|---|---|
    | ReLU (He) | 1.5 | 0.9 |
    """
    head = "| activation (initialisation) | " + " | ".join(f"{d} hidden layers" for d in depths) + " |"
    rows = [head, "|---|" + "---|" * len(depths)]
    for name, values in ratios.items():
        label = f"{_label(name)} ({INIT_NAMES[inits[name]]})"
        rows.append(f"| {label} | " + " | ".join(_times(v) for v in values) + " |")
    return "\n".join(rows)


def depth_explorer(activation, init, grad_norms, zs, hs):
    """The explorer's picture: per-layer gradient norms, and per-layer histograms with the saturated share.

    Used by the explorer "Gradients through depth". Gradient norms below
    :data:`FLOOR` are drawn on the floor and said so in the alt text.

    Parameters
    ----------
    activation : str
    init : str
        How the weights were drawn, a key of :data:`INIT_NAMES`.
    grad_norms : array_like
        Norm of dL/dW per layer, the output layer last.
    zs, hs : list of ndarray
        Each hidden layer's pre-activations and outputs.

    Returns
    -------
    Scene
    """
    g = np.asarray(grad_norms, dtype=float)
    depth = len(hs)
    act = activations.get(activation)
    shown = np.maximum(g, FLOOR)
    bars = Panel(
        [Bars(_layer_labels(len(g)), shown, color=act.color)],
        title="gradient of each layer's weights",
        xlabel="layer",
        ylabel="norm of dL/dW",
        yscale="log",
        ylim=(FLOOR, 1e18),
    )
    share = float(np.mean([saturated(activation, z).mean() for z in zs]))
    heat = layer_panel(hs, activation, title=f"outputs of each layer: {share:.0%} saturated")
    below = int(np.sum(g < FLOOR))
    floor_note = f" {below} of the bars are below {FLOOR:.0e} and drawn on the floor." if below else ""
    alt = (
        f"{act.label}, {depth} hidden layers, initial weights {INIT_NAMES[init]}. The first layer's "
        f"gradient is {g[0]:.1e} and the output layer's {g[-1]:.1e}, a ratio of "
        f"{_times(g[0] / g[-1])}.{floor_note} The last hidden layer's outputs have standard deviation "
        f"{np.std(hs[-1]):.2g}; {share:.0%} of all hidden units are saturated."
    )
    return Scene([bars, heat], alt=alt)
