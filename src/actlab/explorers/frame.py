"""The frame of a panel: its box, limits and ticks, decided once for both renderers.

Matplotlib and the browser would each pick different automatic limits, ticks
and margins. So neither picks: :func:`frame` decides them in Python, the
matplotlib renderer applies them, and the baked page carries them to the SVG
renderer. Both pictures then share the same axes to the last tick label.

Lengths are in *units* of 1/100 inch, measured from the top left of a panel,
which is :data:`PANEL_WIDTH` by :data:`PANEL_HEIGHT` units. Limits and ticks are
in *axis space*: the data itself on a linear axis, ``log10`` of it on a log axis.

Panels of a Scene made with ``sharex=True`` (``sharey=True``) share their x (y)
limits: :func:`frames` decides all the panels of a scene at once.

Examples
--------
>>> from actlab.explorers import Line, Panel
>>> f = frame(Panel([Line([0, 10], [0, 1])]))
>>> f.xlim, f.xticks
((-0.5, 10.5), [0.0, 2.0, 4.0, 6.0, 8.0, 10.0])
"""

import functools
import math
import re
from dataclasses import dataclass

import numpy as np
from matplotlib.ticker import MaxNLocator

from actlab.explorers.scene import Bars, Heatmap, Histogram, HLine, Line, Scatter, Text, VLine

__all__ = [
    "Frame",
    "frame",
    "frames",
    "marks",
    "to_axis",
    "plain_text",
    "PANEL_WIDTH",
    "PANEL_HEIGHT",
    "MARGINS",
    "FONT",
]

#: Size of one panel in units (1/100 inch).
PANEL_WIDTH, PANEL_HEIGHT = 420, 320
#: Space around the axes box: left, right, top, bottom, in units.
MARGINS = (64, 16, 34, 50)
#: Font sizes in points.
FONT = {"tick": 9.0, "label": 10.0, "title": 11.0, "legend": 8.0}
_MARGIN = 0.05


@dataclass
class Frame:
    """Where a panel's axes sit and what they show.

    ``box`` is ``(left, top, width, height)`` in units; ``xlim``/``ylim`` and the
    ticks are in axis space; tick labels are plain strings.
    """

    box: tuple
    xlim: tuple
    ylim: tuple
    xticks: list
    xticklabels: list
    yticks: list
    yticklabels: list


def to_axis(values, scale):
    """Map data to axis space: unchanged when linear, ``log10`` when log (NaN where not positive).

    Examples
    --------
    >>> to_axis([100.0, -1.0], "log").tolist()
    [2.0, nan]
    """
    values = np.asarray(values, dtype=float)
    if scale == "linear":
        return values
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(values > 0, np.log10(np.where(values > 0, values, 1.0)), np.nan)


def _extents(panel):
    """Data bounds along x and y (axis space), and values the margin must not pass."""
    xs, ys, x_sticky, y_sticky = [], [], [], []
    for item in panel.items:
        if isinstance(item, (Line, Scatter)):
            xs.append(to_axis(item.x, panel.xscale))
            ys.append(to_axis(item.y, panel.yscale))
        elif isinstance(item, Bars):
            pos = np.arange(item.heights.size) + item.offset
            xs.append(to_axis(np.concatenate([pos - item.width / 2, pos + item.width / 2]), panel.xscale))
            ys.append(to_axis(np.append(item.heights, 0.0), panel.yscale))
            y_sticky.append(0.0)
        elif isinstance(item, Histogram):
            xs.append(to_axis(item.edges, panel.xscale))
            ys.append(to_axis(np.append(item.counts, 0.0), panel.yscale))
            y_sticky.append(0.0)
        elif isinstance(item, Heatmap):
            x0, x1, y0, y1 = item.extent
            xs.append(to_axis([x0, x1], panel.xscale))
            ys.append(to_axis([y0, y1], panel.yscale))
            x_sticky += list(to_axis([x0, x1], panel.xscale))
            y_sticky += list(to_axis([y0, y1], panel.yscale))
        elif isinstance(item, Text):
            xs.append(to_axis([item.x], panel.xscale))
            ys.append(to_axis([item.y], panel.yscale))
        elif isinstance(item, HLine):
            ys.append(to_axis([item.y], panel.yscale))
        elif isinstance(item, VLine):
            xs.append(to_axis([item.x], panel.xscale))
    return xs, ys, x_sticky, y_sticky


def _auto_limits(parts, sticky):
    """Data bounds plus a 5 % margin on each side, except at a sticky value (a bar base, a heatmap edge)."""
    values = np.concatenate(parts) if parts else np.array([])
    values = values[np.isfinite(values)]
    if values.size == 0:
        return (0.0, 1.0)
    lo, hi = float(values.min()), float(values.max())
    if lo == hi:
        pad = 0.5 * max(1.0, abs(lo))
        return (lo - pad, hi + pad)
    pad = _MARGIN * (hi - lo)
    lo = lo if any(np.isclose(lo, s) for s in sticky) else lo - pad
    hi = hi if any(np.isclose(hi, s) for s in sticky) else hi + pad
    return (lo, hi)


def _limits(given, parts, sticky, scale):
    if given is None:
        return _auto_limits(parts, sticky)
    lim = to_axis(given, scale)
    if not np.all(np.isfinite(lim)):
        raise ValueError(f"Limits {given!r} cannot be shown on a log axis; expected two positive numbers.")
    return (float(lim[0]), float(lim[1]))


def _decimals(ticks, step):
    """Fewest decimals that write every tick exactly."""
    for d in range(0, 8):
        if all(abs(round(t, d) - t) < abs(step) * 1e-6 for t in ticks):
            return d
    return 8


def _fmt(value, decimals):
    text = f"{value:.{decimals}f}"
    if float(text) == 0.0:
        text = text.lstrip("-")
    return text.replace("-", "\u2212")


_SUPERSCRIPT = str.maketrans("-0123456789", "\u207b\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079")


@functools.lru_cache(maxsize=4096)  # explorers ask again and again for the same limits
def _linear_ticks(lo, hi):
    a, b = min(lo, hi), max(lo, hi)
    ticks = MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10]).tick_values(a, b)
    eps = (b - a) * 1e-9
    ticks = [float(t) for t in ticks if a - eps <= t <= b + eps]
    ticks = [0.0 if abs(t) < eps else t for t in ticks]
    if not ticks:
        return [], []
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1.0
    biggest = max(abs(t) for t in ticks)
    if biggest >= 1e5 or (biggest < 1e-3 and biggest > 0):
        labels = [f"{t:.3g}".replace("-", "\u2212") for t in ticks]
    else:
        d = _decimals(ticks, step)
        labels = [_fmt(t, d) for t in ticks]
    return ticks, labels


@functools.lru_cache(maxsize=4096)
def _log_ticks(lo, hi):
    a, b = min(lo, hi), max(lo, hi)
    decades = list(range(math.ceil(a - 1e-9), math.floor(b + 1e-9) + 1))
    if len(decades) >= 2:
        # at most about 7 ticks, every 1, 2, 5, 10, 20, 50, ... decades, on multiples of that
        every = next(m * 10**e for e in range(6) for m in (1, 2, 5) if m * 10**e >= len(decades) / 7)
        decades = [k for k in decades if k % every == 0]
        return [float(k) for k in decades], ["10" + str(k).translate(_SUPERSCRIPT) for k in decades]
    ticks = []
    for k in range(math.floor(a), math.ceil(b) + 1):
        for m in (1, 2, 5):
            t = math.log10(m) + k
            if a - 1e-9 <= t <= b + 1e-9:
                ticks.append(t)
    return ticks, [f"{10**t:.3g}".replace("-", "\u2212") for t in ticks]


def _ticks(lo, hi, scale, categories=None):
    if categories is not None:
        pos = [float(i) for i in range(len(categories)) if min(lo, hi) <= i <= max(lo, hi)]
        return pos, [categories[int(i)] for i in pos]
    ticks, labels = _linear_ticks(lo, hi) if scale == "linear" else _log_ticks(lo, hi)
    return list(ticks), list(labels)


def _box(panel, xlim, ylim):
    left, right, top, bottom = MARGINS
    width, height = PANEL_WIDTH - left - right, PANEL_HEIGHT - top - bottom
    if panel.aspect == "equal":
        # shrink the box about its centre until one unit is as long on both axes
        dx, dy = abs(xlim[1] - xlim[0]), abs(ylim[1] - ylim[0])
        if dy / dx > height / width:
            new = height * dx / dy
            left, width = left + (width - new) / 2, new
        else:
            new = width * dy / dx
            top, height = top + (height - new) / 2, new
    return (float(left), float(top), float(width), float(height))


def frame(panel, *, xlim=None, ylim=None):
    """Decide a panel's box, limits and ticks.

    Parameters
    ----------
    panel : Panel
    xlim, ylim : tuple of float, optional
        Limits in axis space that override the panel's own (a shared axis).

    Returns
    -------
    Frame

    Examples
    --------
    >>> from actlab.explorers import Bars, Panel
    >>> f = frame(Panel([Bars(["a", "b"], [3.0, 1.0])]))
    >>> f.ylim[0], f.xticklabels
    (0.0, ['a', 'b'])
    """
    xs, ys, x_sticky, y_sticky = _extents(panel)
    xlim = _limits(panel.xlim, xs, x_sticky, panel.xscale) if xlim is None else tuple(xlim)
    ylim = _limits(panel.ylim, ys, y_sticky, panel.yscale) if ylim is None else tuple(ylim)
    bars = next((item for item in panel.items if isinstance(item, Bars)), None)
    xticks, xticklabels = _ticks(*xlim, panel.xscale, bars.labels if bars is not None else None)
    yticks, yticklabels = _ticks(*ylim, panel.yscale)
    return Frame(_box(panel, xlim, ylim), xlim, ylim, xticks, xticklabels, yticks, yticklabels)


def frames(scene):
    """Decide the frames of all the panels of a scene, sharing limits where the scene asks.

    A shared axis takes the first limits a panel gives, or else the range of all
    the panels' data.

    Examples
    --------
    >>> from actlab.explorers import Line, Panel, Scene
    >>> scene = Scene([Panel([Line([0, 1], [0, 1])]), Panel([Line([0, 1], [0, 3])])], alt="Two lines.",
    ...               sharey=True)
    >>> [tuple(round(v, 2) for v in f.ylim) for f in frames(scene)]
    [(-0.15, 3.15), (-0.15, 3.15)]
    """
    shared = {}
    for axis, index in (("x", 0), ("y", 1)):
        if not getattr(scene, f"share{axis}"):
            continue
        given = [getattr(p, f"{axis}lim") for p in scene.panels if getattr(p, f"{axis}lim") is not None]
        scale = getattr(scene.panels[0], f"{axis}scale")
        parts, sticky = [], []
        for panel in scene.panels:
            extents = _extents(panel)
            parts += extents[index]
            sticky += extents[index + 2]
        shared[axis] = _limits(given[0] if given else None, parts, sticky, scale)
    return [frame(panel, xlim=shared.get("x"), ylim=shared.get("y")) for panel in scene.panels]


#: What a mark says, by kind.
MARK_TEXT = {"nan": "NaN", "+inf": "+\u221e", "-inf": "\u2212\u221e", "zero": "0", "low": "\u22640"}


def marks(values, scale):
    """Runs of values a panel cannot place: ``[(kind, start, stop), ...]``, ``stop`` exclusive.

    ``kind`` is ``"nan"``, ``"+inf"`` or ``"-inf"``; on a log axis also ``"zero"``
    for zeros and ``"low"`` for other values at or below zero. Both renderers mark
    each such value at the edge of the plot (:data:`MARK_TEXT` says how).

    Examples
    --------
    >>> marks([1.0, float("nan"), float("nan"), 2.0, float("inf")], "linear")
    [('nan', 1, 3), ('+inf', 4, 5)]
    >>> marks([1.0, 0.0, -1.0], "log")
    [('zero', 1, 2), ('low', 2, 3)]
    """
    values = np.asarray(values, dtype=float)
    if np.isfinite(values).all() and (scale == "linear" or (values > 0).all()):
        return []
    kinds = np.full(values.shape, "", dtype=object)
    kinds[np.isnan(values)] = "nan"
    kinds[values == np.inf] = "+inf"
    kinds[values == -np.inf] = "-inf"
    if scale == "log":
        kinds[values == 0] = "zero"
        kinds[np.isfinite(values) & (values < 0)] = "low"
    runs, start = [], None
    for i, kind in enumerate(list(kinds) + [""]):
        if start is not None and kind != kinds[start]:
            runs.append((str(kinds[start]), start, i))
            start = None
        if start is None and kind:
            start = i
    return runs


_GREEK = {
    name: chr(code)
    for name, code in [
        ("alpha", 945),
        ("beta", 946),
        ("gamma", 947),
        ("delta", 948),
        ("epsilon", 949),
        ("eta", 951),
        ("theta", 952),
        ("lambda", 955),
        ("mu", 956),
        ("pi", 960),
        ("sigma", 963),
        ("tau", 964),
        ("phi", 966),
        ("Phi", 934),
        ("psi", 968),
        ("omega", 969),
        ("Delta", 916),
        ("Sigma", 931),
        ("cdot", 183),
        ("times", 215),
        ("infty", 8734),
        ("leq", 8804),
        ("geq", 8805),
        ("approx", 8776),
        ("partial", 8706),
        ("to", 8594),
    ]
}
_SUBSCRIPT = str.maketrans(
    "0123456789+-=()", "\u2080\u2081\u2082\u2083\u2084\u2085\u2086\u2087\u2088\u2089\u208a\u208b\u208c\u208d\u208e"
)


def _plain_math(tex):
    tex = re.sub(r"\\(?:mathrm|text|mathit|operatorname)\{([^}]*)\}", r"\1", tex)
    tex = re.sub(r"\\([A-Za-z]+)", lambda m: _GREEK.get(m.group(1), m.group(1)), tex)
    tex = re.sub(r"\^\{([^}]*)\}|\^(.)", lambda m: (m.group(1) or m.group(2)).translate(_SUPERSCRIPT), tex)
    tex = re.sub(r"_\{([^}]*)\}|_(.)", lambda m: (m.group(1) or m.group(2)).translate(_SUBSCRIPT), tex)
    return tex.replace("{", "").replace("}", "").replace("\\,", " ")


def plain_text(text):
    """Turn matplotlib math text into plain Unicode for the browser.

    Examples
    --------
    >>> plain_text(r"input $z$, slope $\\alpha$, $x^2$")
    'input z, slope α, x²'
    """
    return re.sub(r"\$([^$]*)\$", lambda m: _plain_math(m.group(1)), text)
