"""The Scene: what a figure draws, as plain data.

A :class:`Scene` is one or more :class:`Panel` objects side by side, each a list
of items (:class:`Line`, :class:`Scatter`, :class:`Bars`, :class:`Histogram`,
:class:`Heatmap`, :class:`HLine`, :class:`VLine`, :class:`Text`) plus its titles,
labels, limits, scales and an optional :class:`Readout`, and one sentence of alt
text for the whole picture.

Because a Scene is data and not pixels, two renderers can draw the same one:
matplotlib in Python (:mod:`actlab.explorers.render`) and a small SVG renderer
in the browser (``explorer.js``). Items are drawn in the order they are listed.
A Scene knows nothing of its renderers: :mod:`~actlab.explorers.render` tells
IPython how to display one (as a picture with its alt text).

Values a panel cannot place are marked, not dropped: a NaN or infinite value of
a :class:`Line` or a bar (and, on a log axis, a value at or below zero) is drawn
as a small triangle or cross at the edge of the plot, labelled ``NaN``, ``+∞``,
``−∞`` or ``0``, in the item's colour. A NaN in a line's *x* is a plain break.

Examples
--------
>>> import numpy as np
>>> from actlab.explorers import Line, Panel, Scene
>>> z = np.linspace(-3, 3, 7)
>>> scene = Scene([Panel([Line(z, np.maximum(z, 0), color="#0072B2")], title="ReLU")],
...               alt="ReLU is zero for negative inputs and the identity for positive ones.")
>>> scene.panels[0].items[0].y.tolist()
[0.0, 0.0, 0.0, 0.0, 1.0, 2.0, 3.0]
"""

from dataclasses import dataclass, field

import matplotlib.colors as mcolors
import numpy as np

from actlab.explorers.readout import Readout

__all__ = ["Line", "Scatter", "Bars", "Histogram", "Heatmap", "HLine", "VLine", "Text", "Readout", "Panel", "Scene"]

_DASHES = (None, "-", "--", ":", "-.")
_SCALES = ("linear", "log")


def _hex(value, what):
    """Return ``value`` as a ``#rrggbb`` (or ``#rrggbbaa``) string, or raise a ValueError."""
    try:
        rgba = mcolors.to_rgba(value)
    except ValueError:
        raise ValueError(
            f"{what} {value!r} is not a colour; expected a hex string such as '#0072B2' or a matplotlib colour name."
        ) from None
    return mcolors.to_hex(rgba, keep_alpha=rgba[3] < 1.0)


def _vector(values, what):
    """Return ``values`` as a 1-D float array, or raise a ValueError."""
    array = np.asarray(values, dtype=float)
    if array.ndim != 1:
        raise ValueError(f"{what} must be one-dimensional; got shape {array.shape}.")
    return array


def _pair(xs, ys, kind):
    x, y = _vector(xs, f"{kind} x"), _vector(ys, f"{kind} y")
    if x.shape != y.shape:
        raise ValueError(f"{kind} x and y must have the same length; got {x.size} and {y.size}.")
    return x, y


@dataclass(eq=False)
class Line:
    """A polyline through the points ``(x[i], y[i])``.

    A NaN in ``x`` breaks the line; a NaN or infinite ``y`` breaks it too and is
    marked at the edge of the plot (see the module's notes).

    Parameters
    ----------
    x, y : array_like
        One-dimensional coordinates of equal length.
    color : str, default "#000000"
        Any matplotlib colour; stored as hex.
    width : float, default 1.5
        Line width in points.
    dash : {None, "-", "--", ":", "-."}
        Line style; ``None`` and ``"-"`` are solid.
    label : str, optional
        Legend entry, and the line's name in a read-out.
    slope : array_like, optional
        ``dy/dx`` at each ``x``: a panel's read-out prints it next to the value.

    Examples
    --------
    >>> Line([0, 1], [0, 1], color="tab:blue").color
    '#1f77b4'
    >>> Line([0, 1, 2], [0, 1, 4], slope=[0, 2, 4]).slope.tolist()
    [0.0, 2.0, 4.0]
    """

    x: np.ndarray
    y: np.ndarray
    color: str = "#000000"
    width: float = 1.5
    dash: str | None = None
    label: str | None = None
    slope: np.ndarray | None = None

    def __post_init__(self):
        self.x, self.y = _pair(self.x, self.y, "Line")
        if self.slope is not None:
            self.slope = _vector(self.slope, "Line slope")
            if self.slope.shape != self.x.shape:
                raise ValueError(
                    f"Line slope must give one slope per point; got {self.slope.size} slopes for {self.x.size} points."
                )
        self.color = _hex(self.color, "Line colour")
        self.width = float(self.width)
        if self.dash not in _DASHES:
            raise ValueError(f"Line dash {self.dash!r} is unknown; expected one of {_DASHES}.")
        self.dash = None if self.dash == "-" else self.dash


@dataclass(eq=False)
class Scatter:
    """Points as filled discs.

    Parameters
    ----------
    x, y : array_like
        One-dimensional coordinates of equal length.
    color : str or sequence of str, default "#000000"
        One colour for all points, or one per point.
    size : float, default 12
        Marker area in points squared, as in :meth:`matplotlib.axes.Axes.scatter`.
    label : str, optional
        Legend entry.

    Examples
    --------
    >>> Scatter([0, 1], [1, 0], color=["#E69F00", "#56B4E9"]).color
    ['#e69f00', '#56b4e9']
    """

    x: np.ndarray
    y: np.ndarray
    color: str | list = "#000000"
    size: float = 12.0
    label: str | None = None

    def __post_init__(self):
        self.x, self.y = _pair(self.x, self.y, "Scatter")
        rgb = (
            not isinstance(self.color, str)
            and len(self.color) in (3, 4)
            and all(isinstance(c, (int, float, np.floating)) for c in self.color)
        )
        if isinstance(self.color, str) or rgb:  # one colour for every point
            self.color = _hex(self.color, "Scatter colour")
        else:
            colors = list(self.color)
            if len(colors) != self.x.size:
                raise ValueError(
                    f"Scatter has {self.x.size} points but {len(colors)} colours; "
                    "expected one colour, or one per point."
                )
            self.color = [_hex(c, "Scatter colour") for c in colors]
        self.size = float(self.size)


@dataclass(eq=False)
class Bars:
    """Vertical bars, one per label, at x = 0, 1, 2, ... (plus ``offset``).

    For grouped bars, give each series its place in the group: ``Bars(labels,
    heights_a, group=0, groups=2)`` and ``Bars(labels, heights_b, group=1,
    groups=2)`` stand side by side within each category.

    Parameters
    ----------
    labels : sequence of str
        Category names, shown as x tick labels.
    heights : array_like
        One height per label; a NaN or infinite height is marked.
    color : str, default "#0072B2"
    label : str, optional
        Legend entry.
    width : float, optional
        Bar width in category units: 0.8, or 0.8 / ``groups`` in a group.
    offset : float, default 0.0
        Shift of every bar along x, in category units (added to the group's).
    group, groups : int, optional
        This series' position (0, 1, ...) among ``groups`` series.

    Examples
    --------
    >>> Bars(["a", "b"], [1, 2]).heights.tolist()
    [1.0, 2.0]
    >>> second = Bars(["a", "b"], [1, 2], group=1, groups=2)
    >>> second.width, second.offset
    (0.4, 0.2)
    """

    labels: list
    heights: np.ndarray
    color: str = "#0072B2"
    label: str | None = None
    width: float | None = None
    offset: float = 0.0
    group: int | None = None
    groups: int | None = None

    def __post_init__(self):
        self.labels = [str(s) for s in self.labels]
        self.heights = _vector(self.heights, "Bars heights")
        if len(self.labels) != self.heights.size:
            raise ValueError(
                f"Bars has {len(self.labels)} labels but {self.heights.size} heights; expected one height per label."
            )
        self.color = _hex(self.color, "Bars colour")
        self.offset = float(self.offset)
        if (self.group is None) != (self.groups is None):
            raise ValueError("Bars in a group need both group (this series' position) and groups (how many series).")
        if self.groups is not None:
            if not (
                isinstance(self.groups, (int, np.integer))
                and self.groups >= 1
                and isinstance(self.group, (int, np.integer))
                and 0 <= self.group < self.groups
            ):
                raise ValueError(
                    f"Bars group {self.group!r} of groups {self.groups!r}: expected whole numbers with "
                    "0 <= group < groups."
                )
            slot = 0.8 / self.groups
            self.width = slot if self.width is None else self.width
            self.offset += (self.group - (self.groups - 1) / 2) * slot
        self.width = 0.8 if self.width is None else float(self.width)
        if not self.width > 0:
            raise ValueError(f"Bars width must be positive; got {self.width!r}.")


@dataclass(eq=False)
class Histogram:
    """How many values fall in each bin, drawn as bars that touch.

    Parameters
    ----------
    values : array_like
        The numbers to count (any shape; flattened).
    bins : int, default 20
        Number of equal bins across ``range``.
    range : tuple of float, optional
        ``(lo, hi)``, the outer edges; the smallest and largest finite value by
        default. Values outside it are not counted (nor NaN and infinities):
        ``dropped`` says how many.
    color : str, default "#0072B2"
    label : str, optional
        Legend entry.
    density : bool, default False
        Divide the counts so that the bars' area is 1.

    Attributes
    ----------
    edges : ndarray, shape (bins + 1,)
    counts : ndarray, shape (bins,)
    dropped : int

    Examples
    --------
    >>> h = Histogram([0.1, 0.2, 0.7, 5.0, float("nan")], bins=2, range=(0, 1))
    >>> h.counts.tolist(), h.edges.tolist(), h.dropped
    ([2.0, 1.0], [0.0, 0.5, 1.0], 2)
    """

    values: np.ndarray
    bins: int = 20
    range: tuple | None = None
    color: str = "#0072B2"
    label: str | None = None
    density: bool = False

    def __post_init__(self):
        values = np.asarray(self.values, dtype=float).ravel()
        if not isinstance(self.bins, (int, np.integer)) or isinstance(self.bins, bool) or self.bins < 1:
            raise ValueError(f"Histogram bins must be a positive whole number; got {self.bins!r}.")
        finite = values[np.isfinite(values)]
        if self.range is None:
            lo, hi = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
            if lo == hi:
                lo, hi = lo - 0.5, hi + 0.5
        else:
            if len(self.range) != 2 or not np.all(np.isfinite(self.range)) or not self.range[0] < self.range[1]:
                raise ValueError(f"Histogram range must be (lo, hi) with lo < hi; got {self.range!r}.")
            lo, hi = float(self.range[0]), float(self.range[1])
        self.range = (lo, hi)
        counts, edges = np.histogram(finite, bins=int(self.bins), range=self.range, density=bool(self.density))
        self.values = values
        self.bins, self.density = int(self.bins), bool(self.density)
        self.counts, self.edges = counts.astype(float), edges
        inside = int(np.count_nonzero((finite >= lo) & (finite <= hi)))
        self.dropped = int(values.size - inside)
        self.color = _hex(self.color, "Histogram colour")


@dataclass(eq=False)
class Heatmap:
    """A grid of values coloured on a ramp between two colours.

    ``z[i, j]`` fills the cell in row ``i`` (counted from the bottom, ``y0``) and
    column ``j`` (counted from the left, ``x0``). Values are mapped to 256 shades
    exactly as a matplotlib colormap with 256 entries does; NaN is transparent.

    Parameters
    ----------
    z : array_like, shape (rows, columns)
    extent : tuple of float
        ``(x0, x1, y0, y1)``, the outer edges of the grid.
    colors : tuple of str, default ("#FFFFFF", "#000000")
        Colours at ``vmin`` and at ``vmax``.
    vmin, vmax : float, optional
        The ends of the ramp; the data's minimum and maximum by default.
    alpha : float, default 1.0
        Opacity, so that points drawn on top stay visible.

    Examples
    --------
    >>> Heatmap([[0.0, 1.0]], extent=(0, 2, 0, 1)).vmax
    1.0
    """

    z: np.ndarray
    extent: tuple
    colors: tuple = ("#FFFFFF", "#000000")
    vmin: float | None = None
    vmax: float | None = None
    alpha: float = 1.0

    def __post_init__(self):
        self.z = np.asarray(self.z, dtype=float)
        if self.z.ndim != 2:
            raise ValueError(f"Heatmap z must be two-dimensional; got shape {self.z.shape}.")
        if len(self.extent) != 4:
            raise ValueError(f"Heatmap extent must be (x0, x1, y0, y1); got {self.extent!r}.")
        self.extent = tuple(float(e) for e in self.extent)
        if len(self.colors) != 2:
            raise ValueError(f"Heatmap colors must be two colours (low, high); got {self.colors!r}.")
        self.colors = tuple(_hex(c, "Heatmap colour") for c in self.colors)
        finite = self.z[np.isfinite(self.z)]
        if self.vmin is None:
            self.vmin = float(finite.min()) if finite.size else 0.0
        if self.vmax is None:
            self.vmax = float(finite.max()) if finite.size else 1.0
        self.vmin, self.vmax, self.alpha = float(self.vmin), float(self.vmax), float(self.alpha)


@dataclass(eq=False)
class HLine:
    """A horizontal reference line across the whole panel at height ``y``.

    Examples
    --------
    >>> HLine(0.0).color
    '#b0b0b0'
    """

    y: float
    color: str = "#B0B0B0"
    width: float = 0.8
    dash: str | None = None

    def __post_init__(self):
        self.y, self.width = float(self.y), float(self.width)
        self.color = _hex(self.color, "HLine colour")
        if self.dash not in _DASHES:
            raise ValueError(f"HLine dash {self.dash!r} is unknown; expected one of {_DASHES}.")


@dataclass(eq=False)
class VLine:
    """A vertical reference line across the whole panel at ``x``.

    Examples
    --------
    >>> VLine(1.5).x
    1.5
    """

    x: float
    color: str = "#B0B0B0"
    width: float = 0.8
    dash: str | None = None

    def __post_init__(self):
        self.x, self.width = float(self.x), float(self.width)
        self.color = _hex(self.color, "VLine colour")
        if self.dash not in _DASHES:
            raise ValueError(f"VLine dash {self.dash!r} is unknown; expected one of {_DASHES}.")


@dataclass(eq=False)
class Text:
    """A short text anchored at the data point ``(x, y)``.

    Parameters
    ----------
    x, y : float
    text : str
    color : str, default "#222222"
    size : float, default 9
        Font size in points.
    ha : {"left", "center", "right"}, default "left"
        Which end of the text sits at ``x``.

    Examples
    --------
    >>> Text(0, 1, "kink").text
    'kink'
    """

    x: float
    y: float
    text: str
    color: str = "#222222"
    size: float = 9.0
    ha: str = "left"

    def __post_init__(self):
        self.x, self.y, self.size = float(self.x), float(self.y), float(self.size)
        self.text = str(self.text)
        self.color = _hex(self.color, "Text colour")
        if self.ha not in ("left", "center", "right"):
            raise ValueError(f"Text ha {self.ha!r} is unknown; expected 'left', 'center' or 'right'.")


ITEM_TYPES = (Line, Scatter, Bars, Histogram, Heatmap, HLine, VLine, Text)


@dataclass(eq=False)
class Panel:
    """One set of axes: its items, titles, limits and scales.

    Parameters
    ----------
    items : list
        Scene items, drawn in order.
    title, xlabel, ylabel : str, default ""
        Text around the axes; ``$...$`` is matplotlib math text (the browser shows
        a plain-text version of it).
    xlim, ylim : tuple of float, optional
        Axis limits; chosen from the data (plus a 5 % margin) when omitted.
    xscale, yscale : {"linear", "log"}, default "linear"
    aspect : {"auto", "equal"}, default "auto"
        ``"equal"`` shrinks the axes box so that one unit is as long on both axes.
    legend : bool, default False
        Show a legend (upper left) of the items that have a label.
    readout : Readout, optional
        Let the reader point at the plot and read each labelled line's value
        (and slope) at that x; ``Readout(x=1.0)`` starts there. Needs a linear x
        axis, and labelled lines whose x increases.

    Examples
    --------
    >>> Panel([HLine(0.0)], ylim=(-1, 1)).ylim
    (-1.0, 1.0)
    >>> Panel([Line([0, 1, 2], [0, 1, 4], label="x²")], readout=Readout(x=1.0)).readout.x
    1.0
    """

    items: list = field(default_factory=list)
    title: str = ""
    xlabel: str = ""
    ylabel: str = ""
    xlim: tuple | None = None
    ylim: tuple | None = None
    xscale: str = "linear"
    yscale: str = "linear"
    aspect: str = "auto"
    legend: bool = False
    readout: Readout | None = None

    def __post_init__(self):
        self.items = list(self.items)
        for item in self.items:
            if not isinstance(item, ITEM_TYPES):
                names = ", ".join(t.__name__ for t in ITEM_TYPES)
                raise TypeError(f"Panel items must be scene items ({names}); got {type(item).__name__}.")
        for name in ("xlim", "ylim"):
            lim = getattr(self, name)
            if lim is not None:
                if len(lim) != 2 or not np.all(np.isfinite(lim)) or lim[0] == lim[1]:
                    raise ValueError(f"Panel {name} must be two different finite numbers; got {lim!r}.")
                setattr(self, name, (float(lim[0]), float(lim[1])))
        for name in ("xscale", "yscale"):
            if getattr(self, name) not in _SCALES:
                raise ValueError(f"Panel {name} {getattr(self, name)!r} is unknown; expected 'linear' or 'log'.")
        if self.aspect not in ("auto", "equal"):
            raise ValueError(f"Panel aspect {self.aspect!r} is unknown; expected 'auto' or 'equal'.")
        self.title, self.xlabel, self.ylabel = str(self.title), str(self.xlabel), str(self.ylabel)
        self.legend = bool(self.legend)
        if self.readout is not None:
            self._check_readout()

    def _check_readout(self):
        if not isinstance(self.readout, Readout):
            raise TypeError(f"Panel readout must be a Readout, such as Readout(x=1.0); got {self.readout!r}.")
        if self.xscale != "linear":
            raise ValueError("Panel readout needs a linear x axis; this panel's x axis is logarithmic.")
        if self.xlim is not None and not min(self.xlim) <= self.readout.x <= max(self.xlim):
            raise ValueError(f"Panel readout starts at x = {self.readout.x}, outside the panel's xlim {self.xlim}.")
        for item in self.items:
            if (
                isinstance(item, Line)
                and item.label
                and not (np.all(np.isfinite(item.x)) and np.all(np.diff(item.x) > 0))
            ):
                raise ValueError(
                    f"Panel readout reads line {item.label!r} at any x, so its x must be finite and increasing."
                )


@dataclass(eq=False)
class Scene:
    """A picture: panels side by side and a sentence of alt text describing it.

    Parameters
    ----------
    panels : list of Panel, or one Panel
    alt : str
        What the picture shows, for readers who cannot see it. Required.
    sharex, sharey : bool, default False
        Give every panel the same x (y) limits: the limits one panel sets, or
        else the range of all their data.

    Examples
    --------
    >>> scene = Scene(Panel([VLine(0.0)]), alt="An empty panel with the y axis marked.")
    >>> len(scene.panels)
    1
    """

    panels: list
    alt: str
    sharex: bool = False
    sharey: bool = False

    def __post_init__(self):
        self.panels = [self.panels] if isinstance(self.panels, Panel) else list(self.panels)
        if not self.panels or not all(isinstance(p, Panel) for p in self.panels):
            raise TypeError("Scene panels must be a non-empty list of Panel objects.")
        if not isinstance(self.alt, str) or not self.alt.strip():
            raise ValueError("Scene alt must be a sentence describing what the picture shows; got none.")
        self.alt = self.alt.strip()
        self.sharex, self.sharey = bool(self.sharex), bool(self.sharey)
        for axis in ("x", "y"):
            if getattr(self, f"share{axis}") and len({getattr(p, f"{axis}scale") for p in self.panels}) > 1:
                raise ValueError(f"Scene share{axis}: the panels mix linear and log {axis} axes; expected one scale.")
