"""Figure and table builders of chapter 3, "The activation zoo".

Each figure builder returns an :class:`actlab.explorers.Scene` whose alt text is
generated from the numbers it draws (the lowest value of each curve, the largest
slope, where two curves cross), so what a screen reader hears cannot drift from
the picture. Each table builder returns a :class:`MarkdownTable`, shown as a
table on the page and in JupyterLab, and as plain Markdown text elsewhere.

The facts the chapter states about every activation (its lowest value, its mean
output, whether it is monotonic, whether its derivative jumps, where it
saturates) are computed here from the functions themselves by :func:`properties`,
never typed in; the unit tests compare them with the registry's descriptions.

>>> props = properties("relu")
>>> props["lowest"], props["monotonic"], props["shape"], props["saturates"]
(0.0, True, 'kink', 'left')
"""

import numpy as np
from scipy.optimize import minimize_scalar

from actlab import activations
from actlab.explorers import HLine, Line, Panel, Readout, Scatter, Scene, Text, VLine
from actlab.palette import OKABE_ITO

__all__ = [
    "MarkdownTable",
    "properties",
    "mean_output",
    "zoo",
    "family",
    "formulas",
    "facts",
    "cheat_sheet",
    "trade_offs",
    "readouts",
    "selu_depth",
    "gelu_gap",
    "costs",
    "compare",
]

#: The inputs every picture of the chapter shows.
WINDOW = (-4.0, 4.0)
_GREY = OKABE_ITO["grey"]


class MarkdownTable:
    """A Markdown table that a notebook front end shows as a table.

    The page renders ``text/markdown`` (with math); a plain-text front end, and
    nbval, see the Markdown source itself.

    Examples
    --------
    >>> t = MarkdownTable(["a", "b"], [[1, 2]])
    >>> print(t)
    | a | b |
    |---|---|
    | 1 | 2 |
    """

    def __init__(self, header, rows):
        self.header = [str(h) for h in header]
        self.rows = [[str(c) for c in row] for row in rows]

    def __str__(self):
        lines = ["| " + " | ".join(self.header) + " |", "|" + "---|" * len(self.header)]
        lines += ["| " + " | ".join(row) + " |" for row in self.rows]
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_markdown_(self):
        return str(self)


def _label(name):
    return activations.get(name).label or name


def _z(n=801):
    return np.linspace(*WINDOW, n)


# ---------------------------------------------------------------------------
# Facts computed from the functions.
# ---------------------------------------------------------------------------

# (derivative dies out on the left, on the right) -> where the function saturates
_SIDES = {(True, True): "both", (True, False): "left", (False, True): "right"}


def mean_output(name, **params):
    r"""The mean output :math:`E[\phi(Z)]` for a standard normal input :math:`Z`.

    Computed with the trapezoid rule on 20,001 points of ``[-12, 12]``, where the
    normal density is not yet 0 to the last bit that matters.

    Examples
    --------
    >>> round(mean_output("relu"), 4)   # 1 / sqrt(2 pi)
    0.3989
    >>> abs(mean_output("tanh")) < 1e-12
    True
    """
    z = np.linspace(-12.0, 12.0, 20_001)
    density = np.exp(-0.5 * z * z) / np.sqrt(2.0 * np.pi)
    return float(np.trapezoid(activations.get(name)(z, **params) * density, z))


def properties(name, **params):
    """What the chapter says about an activation, computed from the function.

    Parameters
    ----------
    name : str
        A registry name.
    **params
        Parameters of the activation, such as ``alpha=0.5``.

    Returns
    -------
    dict
        ``lowest`` (the smallest value, or ``-inf`` when the function falls
        without bound), ``bottom`` (``"point"``: reached at one input,
        ``argmin``; ``"flat"``: reached on the whole left half-line;
        ``"limit"``: only approached as the input goes to minus infinity;
        ``"unbounded"``), ``argmin`` (or ``None``), ``mean`` (for a
        standard normal input, :func:`mean_output`), ``monotonic`` (never
        decreasing), ``shape`` (``"smooth"``: the derivative is continuous;
        ``"kink"``: the derivative jumps; ``"jump"``: the function itself jumps),
        ``saturates`` (where the derivative dies out: ``"both"``, ``"left"``,
        ``"right"`` or ``"no"``) and ``odd`` (``phi(-z) = -phi(z)``).

    Examples
    --------
    >>> p = properties("gelu")
    >>> round(p["lowest"], 4), round(p["argmin"], 4), p["monotonic"]
    (-0.17, -0.7518, False)
    >>> properties("elu", alpha=0.5)["shape"], properties("elu")["shape"]
    ('kink', 'smooth')
    """
    act = activations.get(name, **params)
    far = np.linspace(-60.0, 60.0, 240_001)  # steps of 5e-4, with 0 on the grid
    y, dy = act(far), act.grad(far)
    i = int(np.argmin(y))
    if y[0] < -10.0 or dy[0] > 1e-6:  # still falling far out to the left
        lowest, argmin, bottom = -np.inf, None, "unbounded"
    elif y[0] > y[i] + 1e-9:  # a dip, then a rise: refine the bottom of the dip
        found = minimize_scalar(
            lambda t: float(act(t)), bracket=(far[i - 1], far[i], far[i + 1]), options={"xtol": 1e-12}
        )
        lowest, argmin, bottom = float(found.fun), float(found.x), "point"
    else:  # the bottom lies far to the left: reached on a half-line, or only approached
        lowest, argmin = round(float(y[0]), 8) + 0.0, None
        bottom = "flat" if abs(float(act(-1.0)) - lowest) < 1e-12 else "limit"
    jumps_f = np.abs(np.diff(y)).max() > 0.1
    jumps_df = np.abs(np.diff(dy)).max() > 1e-2
    left, right = abs(float(dy[0])) < 1e-3, abs(float(dy[-1])) < 1e-3
    zs = np.linspace(-5.0, 5.0, 1001)
    return {
        "lowest": lowest,
        "argmin": argmin,
        "bottom": bottom,
        "mean": mean_output(name, **params),
        "monotonic": bool(np.all(dy >= -1e-12) and np.all(np.diff(y) >= -1e-12)),
        "shape": "jump" if jumps_f else "kink" if jumps_df else "smooth",
        "saturates": _SIDES.get((left, right), "no"),
        "odd": bool(np.allclose(act(-zs), -act(zs), atol=1e-12)),
    }


# ---------------------------------------------------------------------------
# Figures.
# ---------------------------------------------------------------------------


def _curves(names, z, derivative, params, *, slopes=False, labels=True):
    items = []
    for name in names:
        act = activations.get(name, **params.get(name, {}))
        y = act.grad(z) if derivative else act(z)
        slope = act.grad(z) if slopes else None
        label = _describe(name, params) if labels else _label(name)
        items.append(Line(z, y, color=act.color, dash=act.linestyle, width=1.8, label=label, slope=slope))
    return items


def _axes_lines():
    return [HLine(0.0), VLine(0.0)]


def _range_sentence(name, z, params):
    act = activations.get(name, **params.get(name, {}))
    y, dy = act(z), act.grad(z)
    return f"{_label(name)} from {y.min():.2f} to {y.max():.2f}, slope from {dy.min():.2f} to {dy.max():.2f}"


def zoo(names, *, params=None):
    """The whole zoo on shared axes: every function on the left, every derivative on the right.

    Used by "The picture". Inputs run over :data:`WINDOW`; each curve has its
    registry colour and line style. The legend is split: the first half of
    ``names`` is listed on the left panel, the rest on the right.

    Parameters
    ----------
    names : list of str
        Registry names, drawn in this order.
    params : dict, optional
        ``{name: {parameter: value}}`` for activations drawn with other than
        their default parameters.

    Returns
    -------
    Scene
        Two panels; the alt text gives, for each activation, the range of its
        values and of its slope over the window.

    Examples
    --------
    >>> scene = zoo(["relu", "tanh"])
    >>> scene.alt.split("; ")[1]
    'tanh from -1.00 to 1.00, slope from 0.00 to 1.00.'
    """
    params = params or {}
    z = _z()
    # one legend would cover the curves: the first half of the names is listed on the left
    # panel, the rest on the right, each in the upper left where no curve is
    half = (len(names) + 1) // 2
    left_curves = _curves(names, z, False, params, labels=False)
    right_curves = _curves(names, z, True, params, labels=False)
    for i, (fn, dfn) in enumerate(zip(left_curves, right_curves)):
        (dfn if i < half else fn).label = None
    left = Panel(
        _axes_lines() + left_curves,
        title="the functions",
        xlabel="input $z$",
        ylabel=r"$\phi(z)$",
        xlim=WINDOW,
        ylim=(-1.9, 4.2),
        legend=True,
    )
    right = Panel(
        _axes_lines() + right_curves,
        title="their derivatives",
        xlabel="input $z$",
        ylabel=r"$\phi'(z)$",
        xlim=WINDOW,
        ylim=(-0.3, 2.1),
        legend=True,
    )
    alt = (
        f"Two panels over inputs from {WINDOW[0]:g} to {WINDOW[1]:g}: {len(names)} activations on the "
        "left and their derivatives on the right. " + "; ".join(_range_sentence(n, z, params) for n in names) + "."
    )
    return Scene([left, right], alt=alt)


def family(names, *, params=None, ylim=None, dylim=None, marks=(), guides=()):
    """One family of activations: the functions and, beside them, their derivatives.

    Used by "The S-shapes", "The ReLU family" and "The smooth ReLUs".

    Parameters
    ----------
    names : list of str
        Registry names of the family's members.
    params : dict, optional
        ``{name: {parameter: value}}``, as in :func:`zoo`.
    ylim, dylim : tuple of float, optional
        Limits of the function panel and of the derivative panel.
    marks : sequence of (x, y, text)
        Points to mark on the function panel (a minimum, say), with a short label.
    guides : sequence of float
        Inputs to mark with a dotted vertical line on the derivative panel (where
        two derivatives cross, say).

    Returns
    -------
    Scene
        Two panels, with alt text as in :func:`zoo` plus the marked points.

    Examples
    --------
    >>> scene = family(["sigmoid", "tanh"])
    >>> scene.alt.split(": ")[0]
    'The sigmoid and tanh over inputs from -4 to 4'
    """
    params = params or {}
    z = _z()
    items = _axes_lines() + _curves(names, z, False, params)
    for x, y, text in marks:
        below = y - 0.12 * (ylim[1] - ylim[0] if ylim else 1.0)
        items += [Scatter([x], [y], color=_GREY, size=30), Text(x, below, text, ha="center")]
    left = Panel(items, title="function", xlabel="input $z$", xlim=WINDOW, ylim=ylim, legend=True)
    dotted = [VLine(g, color=_GREY, dash=":", width=1.2) for g in guides]
    right = Panel(
        _axes_lines() + dotted + _curves(names, z, True, params),
        title="derivative",
        xlabel="input $z$",
        xlim=WINDOW,
        ylim=dylim,
    )
    labels = [_label(n) for n in names]
    who = ", ".join(labels[:-1]) + " and " + labels[-1] if len(labels) > 1 else labels[0]
    alt = (
        f"The {who} over inputs from {WINDOW[0]:g} to {WINDOW[1]:g}: functions on the left, derivatives "
        "on the right. " + "; ".join(_range_sentence(n, z, params) for n in names) + "."
    )
    if marks:
        points = "; of ".join(f"{t}, at ({x:.2f}, {y:.2f})" for x, y, t in marks)
        alt += f" Marked: the lowest point of {points}."
    if guides:
        at = " and ".join(f"{g:.2f}" for g in guides)
        alt += f" Dotted lines on the derivative panel at z = {at}."
    return Scene([left, right], alt=alt)


def gelu_gap(z, gap):
    """The gap between exact GELU and its tanh approximation, with its largest value marked.

    Used by "GELU".

    Parameters
    ----------
    z, gap : ndarray
        Inputs and ``gelu(z) - gelu_tanh(z)`` there.

    Returns
    -------
    Scene

    Examples
    --------
    >>> z = np.linspace(-1, 1, 3)
    >>> gelu_gap(z, np.array([0.0, 0.0, 1e-4])).alt.split(", ")[0]
    'The difference exact GELU minus its tanh approximation for inputs from -1 to 1'
    """
    i = int(np.argmax(np.abs(gap)))
    scale = 1e4
    panel = Panel(
        [
            HLine(0.0),
            Line(z, gap * scale, color=activations.get("gelu").color, width=1.8),
            Scatter([z[i]], [gap[i] * scale], color=OKABE_ITO["vermillion"], size=40),
        ],
        title="exact GELU minus the tanh approximation",
        xlabel="input $z$",
        ylabel="difference (units of $10^{-4}$)",
    )
    alt = (
        f"The difference exact GELU minus its tanh approximation for inputs from {z[0]:g} to {z[-1]:g}, "
        f"in units of 1e-4. It never exceeds {np.abs(gap).max():.1e} in size; the largest gap, marked, "
        "is at "
        f"z = {z[i]:.2f}."
    )
    return Scene(panel, alt=alt)


def selu_depth(stats):
    """Mean and variance of the activations, layer by layer, for each activation in ``stats``.

    Used by "SELU".

    Parameters
    ----------
    stats : dict
        ``{name: (means, variances)}``, one entry per layer, from the input (layer 0) on.

    Returns
    -------
    Scene
        Two panels: the mean on a linear axis, the variance on a log axis.
    """
    left_items, right_items = [HLine(0.0)], [HLine(1.0)]
    sentences = []
    for name, (means, variances) in stats.items():
        act = activations.get(name)
        layers = np.arange(len(means))
        style = {"color": act.color, "dash": act.linestyle, "width": 1.8}
        left_items.append(Line(layers, means, label=_label(name), **style))
        right_items.append(Line(layers, variances, **style))
        sentences.append(f"{_label(name)} ends with mean {means[-1]:.2f} and variance {variances[-1]:.2g}")
    left = Panel(left_items, title="mean of the activations", xlabel="layer", legend=True)
    right = Panel(right_items, title="variance (log scale)", xlabel="layer", yscale="log")
    depth = len(next(iter(stats.values()))[0]) - 1
    alt = (
        f"Two panels over {depth} layers: the mean of the activations on the left, their variance on "
        "a log scale on the right. " + "; ".join(sentences) + "."
    )
    return Scene([left, right], alt=alt)


def compare(names, *, derivative=False, params=None, x=1.0):
    """The explorer's picture: up to three activations, optionally with their derivatives.

    Used by the explorer "Function and derivative". The function panel has a
    read-out of each curve's value and slope, starting at ``x``; the alt text
    reads the same values out.

    Parameters
    ----------
    names : list of str
        One to three registry names.
    derivative : bool, default False
        Add a second panel with the derivatives.
    params : dict, optional
        ``{name: {parameter: value}}``.
    x : float, default 1.0
        The input read out.

    Returns
    -------
    Scene

    Examples
    --------
    >>> compare(["relu", "gelu"]).alt.split(". ")[1]
    'At z = 1: ReLU 1.000 (slope 1.000), GELU 0.841 (slope 1.083).'
    """
    params = params or {}
    z = _z()
    panels = [
        Panel(
            _axes_lines() + _curves(names, z, False, params, slopes=True),
            title="function",
            xlabel="input $z$",
            xlim=WINDOW,
            ylim=(-1.5, 4.0),
            legend=True,
            readout=Readout(x=x, name="z"),
        )
    ]
    if derivative:
        panels.append(
            Panel(
                _axes_lines() + _curves(names, z, True, params),
                title="derivative",
                xlabel="input $z$",
                xlim=WINDOW,
                ylim=(-0.3, 2.1),
            )
        )
    reads = []
    for name in names:
        act = activations.get(name, **params.get(name, {}))
        reads.append(f"{_describe(name, params)} {float(act(x)):.3f} (slope {float(act.grad(x)):.3f})")
    shown = "functions and derivatives" if derivative else "functions"
    alt = (
        f"The {shown} of "
        + ", ".join(_describe(n, params) for n in names)
        + f" for inputs from {WINDOW[0]:g} to {WINDOW[1]:g}. At z = {x:g}: "
        + ", ".join(reads)
        + "."
    )
    return Scene(panels, alt=alt)


def _describe(name, params):
    given = params.get(name, {})
    symbols = {"alpha": "α", "beta": "β"}
    extra = ", ".join(f"{symbols.get(k, k)} = {v:g}" for k, v in given.items())
    return f"{_label(name)} ({extra})" if extra else _label(name)


# ---------------------------------------------------------------------------
# Tables.
# ---------------------------------------------------------------------------


def _math(latex):
    return "$" + latex.replace("|", r"\vert ") + "$"


def formulas(names):
    """Formula, derivative and range of each activation, as the registry writes them.

    Used by each family's section.

    Examples
    --------
    >>> print(formulas(["relu"]).rows[0][2])
    $\\begin{cases}1 & z > 0\\\\ 0 & z \\le 0\\end{cases}$
    """
    rows = []
    for name in names:
        act = activations.get(name)
        rows.append([_label(name), _math(act.latex), _math(act.grad_latex), _math(act.output_range)])
    return MarkdownTable(["activation", r"$\phi(z)$", r"$\phi'(z)$", "range"], rows)


def _yes(flag):
    return "yes" if flag else "no"


_SHAPES = {"smooth": "smooth", "kink": "kink", "jump": "jump"}
_SATURATES = {"both": "both sides", "left": "left", "right": "right", "no": "no"}


def _number(value, digits):
    return f"{value:.{digits}f}".rstrip("0").rstrip(".").replace("-", "−") if value else "0"


def _lowest(p):
    if p["bottom"] == "unbounded":
        return "−∞"
    if p["bottom"] == "point":
        return f"{p['lowest']:.4f} (z = {p['argmin']:.4f})".replace("-", "−")
    if p["bottom"] == "flat":
        return f"{_number(p['lowest'], 4)} (z ≤ 0)"
    return f"{_number(p['lowest'], 4)} (limit)"


def facts(names, *, cost=None):
    """The facts card of each activation, computed by :func:`properties`.

    Used by "How to read an activation" and "The cheat sheet". The mean output
    is for a standard normal input.

    Parameters
    ----------
    names : list of str
    cost : dict, optional
        ``{name: ratio}``, time per element relative to ReLU, measured on the page.

    Examples
    --------
    >>> facts(["tanh", "gelu"]).rows[1][:4]
    ['GELU', '−0.1700 (z = −0.7518)', '0.28', 'no']
    """
    header = ["activation", "lowest value", "mean output", "monotonic", "shape", "saturates"]
    if cost is not None:
        header.append("cost vs ReLU")
    rows = []
    for name in names:
        p = properties(name)
        row = [
            _label(name),
            _lowest(p),
            f"{p['mean']:.2f}".replace("-0.00", "0.00"),
            _yes(p["monotonic"]),
            _SHAPES[p["shape"]],
            _SATURATES[p["saturates"]],
        ]
        if cost is not None:
            row.append(f"{cost[name]:.0f}×" if cost[name] >= 2 else f"{cost[name]:.1f}×")
        rows.append(row)
    return MarkdownTable(header, rows)


def cheat_sheet(names):
    """The cheat sheet, part one: formula, range and where it is used, from the registry.

    Used by "The cheat sheet"; :func:`trade_offs` is part two. Both print fields
    of the registry entries (:mod:`actlab.activations`), so the sheet cannot
    drift from the functions.

    Examples
    --------
    >>> cheat_sheet(["relu"]).rows[0][3:]
    ['Default for hidden layers of MLPs and CNNs']
    """
    rows = []
    for name in names:
        act = activations.get(name)
        rows.append([_label(name), _math(act.latex), _math(act.output_range), act.use])
    return MarkdownTable(["activation", "formula", "range", "when to use"], rows)


def trade_offs(names):
    """The cheat sheet, part two: strengths, weaknesses, cost and year of each activation, from the registry.

    Used by "The cheat sheet".

    Examples
    --------
    >>> trade_offs(["relu"]).rows[0][3:]
    ['one comparison', '2010']
    """
    rows = []
    for name in names:
        act = activations.get(name)
        rows.append([_label(name), act.pros, act.cons, act.cost, str(act.year) if act.year else "—"])
    return MarkdownTable(["activation", "strengths", "weaknesses", "computes", "since"], rows)


def readouts(names, x=1.0):
    """Value and slope of each activation at one input: what the explorer's read-out shows.

    Used by "Read-outs at z = 1".

    Examples
    --------
    >>> readouts(["sigmoid"]).rows
    [['sigmoid', '0.7311', '0.1966']]
    """
    rows = []
    for name in names:
        act = activations.get(name)
        rows.append([_label(name), f"{float(act(x)):.4f}", f"{float(act.grad(x)):.4f}"])
    return MarkdownTable(["activation", f"value at $z = {x:g}$", f"slope at $z = {x:g}$"], rows)


def costs(forward, backward):
    """Measured time per element of each function and of its derivative, relative to ReLU.

    Used by "What each one costs".

    Parameters
    ----------
    forward, backward : dict
        ``{name: ratio}``.

    Examples
    --------
    >>> costs({"relu": 1.0}, {"relu": 0.9}).rows
    [['ReLU', '1.0×', '0.9×']]
    """

    def fmt(r):
        return f"{r:.0f}×" if r >= 10 else f"{r:.1f}×"

    rows = [[_label(n), fmt(forward[n]), fmt(backward[n])] for n in forward]
    return MarkdownTable(["activation", "function", "derivative"], rows)
