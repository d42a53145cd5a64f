"""The Scene: what a figure draws, as plain data.

A :class:`Scene` is one or more :class:`Panel` objects side by side, each a list
of items (:class:`Line`, :class:`Scatter`, :class:`Bars`, :class:`Heatmap`,
:class:`HLine`, :class:`VLine`, :class:`Text`) plus its titles, labels, limits
and scales, and one sentence of alt text for the whole picture.

Because a Scene is data and not pixels, two renderers can draw the same one:
matplotlib in Python (:mod:`actlab.explorers.render`) and a small SVG renderer
in the browser (``explorer.js``). Items are drawn in the order they are listed.

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

__all__ = ["Line", "Scatter", "Bars", "Heatmap", "HLine", "VLine", "Text", "Panel", "Scene"]

_DASHES = (None, "-", "--", ":", "-.")
_SCALES = ("linear", "log")


def _hex(value, what):
    """Return ``value`` as a ``#rrggbb`` (or ``#rrggbbaa``) string, or raise a ValueError."""
    try:
        rgba = mcolors.to_rgba(value)
    except ValueError:
        raise ValueError(
            f"{what} {value!r} is not a colour; expected a hex string such as '#0072B2' "
            "or a matplotlib colour name."
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
    """A polyline through the points ``(x[i], y[i])``; NaN breaks it.

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
        Legend entry.

    Examples
    --------
    >>> Line([0, 1], [0, 1], color="tab:blue").color
    '#1f77b4'
    """

    x: np.ndarray
    y: np.ndarray
    color: str = "#000000"
    width: float = 1.5
    dash: str | None = None
    label: str | None = None

    def __post_init__(self):
        self.x, self.y = _pair(self.x, self.y, "Line")
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
        rgb = (not isinstance(self.color, str) and len(self.color) in (3, 4)
               and all(isinstance(c, (int, float, np.floating)) for c in self.color))
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

    Parameters
    ----------
    labels : sequence of str
        Category names, shown as x tick labels.
    heights : array_like
        One height per label.
    color : str, default "#0072B2"
    label : str, optional
        Legend entry.
    width : float, default 0.8
        Bar width in category units; narrow it and use ``offset`` for grouped bars.
    offset : float, default 0.0
        Shift of every bar along x, in category units.

    Examples
    --------
    >>> Bars(["a", "b"], [1, 2]).heights.tolist()
    [1.0, 2.0]
    """

    labels: list
    heights: np.ndarray
    color: str = "#0072B2"
    label: str | None = None
    width: float = 0.8
    offset: float = 0.0

    def __post_init__(self):
        self.labels = [str(s) for s in self.labels]
        self.heights = _vector(self.heights, "Bars heights")
        if len(self.labels) != self.heights.size:
            raise ValueError(
                f"Bars has {len(self.labels)} labels but {self.heights.size} heights; "
                "expected one height per label."
            )
        self.color = _hex(self.color, "Bars colour")
        self.width, self.offset = float(self.width), float(self.offset)


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


ITEM_TYPES = (Line, Scatter, Bars, Heatmap, HLine, VLine, Text)


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

    Examples
    --------
    >>> Panel([HLine(0.0)], ylim=(-1, 1)).ylim
    (-1.0, 1.0)
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


@dataclass(eq=False)
class Scene:
    """A picture: panels side by side and a sentence of alt text describing it.

    Parameters
    ----------
    panels : list of Panel, or one Panel
    alt : str
        What the picture shows, for readers who cannot see it. Required.

    Examples
    --------
    >>> scene = Scene(Panel([VLine(0.0)]), alt="An empty panel with the y axis marked.")
    >>> len(scene.panels)
    1
    """

    panels: list
    alt: str

    def __post_init__(self):
        self.panels = [self.panels] if isinstance(self.panels, Panel) else list(self.panels)
        if not self.panels or not all(isinstance(p, Panel) for p in self.panels):
            raise TypeError("Scene panels must be a non-empty list of Panel objects.")
        if not isinstance(self.alt, str) or not self.alt.strip():
            raise ValueError("Scene alt must be a sentence describing what the picture shows; got none.")
        self.alt = self.alt.strip()

    def to_figure(self, fig=None):
        """Draw this scene with matplotlib and return the Figure (see :func:`render`).

        Examples
        --------
        >>> fig = Scene(Panel([VLine(0.0)]), alt="A vertical line.").to_figure()
        >>> len(fig.axes)
        1
        """
        from actlab.explorers.render import render

        return render(self, fig=fig)

    def _repr_mimebundle_(self, include=None, exclude=None):
        # as the last expression of a cell: the picture, with this scene's alt text
        from actlab.explorers.picture import Picture

        return Picture(self)._repr_mimebundle_(include, exclude)
