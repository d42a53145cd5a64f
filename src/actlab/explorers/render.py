"""Draw a Scene with matplotlib, and show static figures with their alt text.

:func:`render` draws a :class:`~actlab.explorers.Scene` on a new (or given)
figure. :class:`Canvas` keeps one figure alive and turns scene after scene into
images *in place*: it moves the existing artists with ``set_data`` and friends
instead of building the figure again, and reuses the drawn axes, which is what
keeps a live explorer's redraw fast.

The axes' box, limits and ticks come from :func:`actlab.explorers.frame.frames`,
the same numbers the browser renderer receives, so both pictures agree. Items
are drawn in the order they are listed; on top of them, the marks of values
that cannot be placed (NaN, infinities: a marker at the edge of the plot for a
single value, two joined by a bar for a run of them, labelled once per kind
and item) and, on a panel with a read-out, its guide and a dot on each line
it reads. :func:`render` makes an ordinary pyplot
figure; :class:`Canvas` keeps a private ``matplotlib.figure.Figure`` that pyplot
never sees.

Static figures and alt text
---------------------------
A matplotlib figure displayed in a notebook becomes a bare ``image/png`` output,
and myst-nb gives it alt text only from cell metadata, never from the output.
:class:`Picture` (what :func:`show` displays) is a small MIME bundle whose
``text/html`` is an ``<img>`` with its ``alt``, which the book prefers; its
``text/plain`` is the alt text itself, so nbval sees a stable sentence. Importing
this module also tells IPython to display a :class:`~actlab.explorers.Scene` as
its Picture, so a cell that ends with a Scene shows the figure with its alt text.

Examples
--------
>>> import numpy as np
>>> from actlab.explorers import Line, Panel, Scene
>>> z = np.linspace(-2, 2, 5)
>>> fig = render(Scene([Panel([Line(z, np.tanh(z))], title="tanh")], alt="tanh is S-shaped."))
>>> fig.axes[0].get_title()
'tanh'
"""

import base64
import html
import io

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.ticker import NullLocator

from actlab.explorers import readout as reading
from actlab.explorers.frame import FONT, MARK_TEXT, PANEL_HEIGHT, PANEL_WIDTH, frames, marks
from actlab.explorers.scene import Bars, Heatmap, Histogram, HLine, Line, Scatter, Scene, Text, VLine

__all__ = ["render", "Canvas", "png", "Picture", "show", "GUIDE_COLOR"]

_INK = "#222222"
#: Colour of a read-out's guide.
GUIDE_COLOR = "#555555"
_MARK_INSET = 8.0  # units (1/100 inch) between a mark and the edge of the plot
_MARKERS = {"nan": "x", "+inf": "^", "-inf": "v", "zero": "v", "low": "v"}


def _style(dash):
    return "-" if dash is None else dash


def _zorder(index):
    # every item below the axis lines (2.5) and the legend (5), in list order
    return 1.0 + index / 1000.0


def _ramp(colors):
    return LinearSegmentedColormap.from_list("ramp", list(colors), N=256)


def _bar_x(item):
    return np.arange(item.heights.size) + item.offset - item.width / 2


# One pair of functions per item kind: draw it new, or update the artist drawn before.


def _draw_line(ax, item, z):
    (artist,) = ax.plot(item.x, item.y, zorder=z)
    _update_line(artist, item)
    return artist


def _update_line(artist, item):
    artist.set_data(item.x, item.y)
    artist.set(color=item.color, linewidth=item.width, linestyle=_style(item.dash), label=item.label or "_")


def _draw_scatter(ax, item, z):
    artist = ax.scatter(item.x, item.y, zorder=z, linewidths=0)
    _update_scatter(artist, item)
    return artist


def _update_scatter(artist, item):
    artist.set_offsets(np.column_stack([item.x, item.y]))
    artist.set_facecolor(item.color)
    artist.set_sizes([item.size])
    artist.set_label(item.label or "_")


def _placeable(heights):
    return np.where(np.isfinite(heights), heights, 0.0)  # a NaN or infinite bar is marked, not drawn


def _draw_bars(ax, item, z):
    artist = ax.bar(_bar_x(item), _placeable(item.heights), width=item.width, align="edge", zorder=z)
    _update_bars(artist, item)
    return artist


def _update_bars(artist, item):
    for rect, x, h in zip(artist.patches, _bar_x(item), _placeable(item.heights)):
        rect.set(x=x, y=0.0, width=item.width, height=h, facecolor=item.color, linewidth=0)
    artist.set_label(item.label or "_")


def _draw_histogram(ax, item, z):
    artist = ax.bar(item.edges[:-1], item.counts, width=np.diff(item.edges), align="edge", zorder=z)
    _update_histogram(artist, item)
    return artist


def _update_histogram(artist, item):
    for rect, x, w, h in zip(artist.patches, item.edges[:-1], np.diff(item.edges), item.counts):
        rect.set(x=x, y=0.0, width=w, height=h, facecolor=item.color, edgecolor="white", linewidth=0.5)
    artist.set_label(item.label or "_")


def _draw_heatmap(ax, item, z):
    artist = ax.imshow(item.z, origin="lower", interpolation="nearest", aspect="auto", zorder=z)
    _update_heatmap(artist, item)
    return artist


def _update_heatmap(artist, item):
    artist.set_data(item.z)
    artist.set_extent(item.extent)
    artist.set_cmap(_ramp(item.colors))
    artist.set_clim(item.vmin, item.vmax)
    artist.set_alpha(item.alpha)


def _draw_hline(ax, item, z):
    artist = ax.axhline(item.y, zorder=z)
    _update_hline(artist, item)
    return artist


def _update_hline(artist, item):
    artist.set_ydata([item.y, item.y])
    artist.set(color=item.color, linewidth=item.width, linestyle=_style(item.dash))


def _draw_vline(ax, item, z):
    artist = ax.axvline(item.x, zorder=z)
    _update_vline(artist, item)
    return artist


def _update_vline(artist, item):
    artist.set_xdata([item.x, item.x])
    artist.set(color=item.color, linewidth=item.width, linestyle=_style(item.dash))


def _draw_text(ax, item, z):
    artist = ax.text(item.x, item.y, item.text, zorder=z, va="baseline", clip_on=True)
    _update_text(artist, item)
    return artist


def _update_text(artist, item):
    artist.set(
        position=(item.x, item.y), text=item.text, color=item.color, fontsize=item.size, horizontalalignment=item.ha
    )


_PAINTERS = {
    Line: (_draw_line, _update_line),
    Scatter: (_draw_scatter, _update_scatter),
    Bars: (_draw_bars, _update_bars),
    Histogram: (_draw_histogram, _update_histogram),
    Heatmap: (_draw_heatmap, _update_heatmap),
    HLine: (_draw_hline, _update_hline),
    VLine: (_draw_vline, _update_vline),
    Text: (_draw_text, _update_text),
}


def _parts(artist):
    """The drawable artists behind what a painter returned (a bar chart is a container of patches)."""
    return getattr(artist, "patches", None) or [artist]


def _structure(panel):
    """What must match for an in-place update: the kinds of a panel's items (and bar counts)."""

    def size(item):
        return item.heights.size if isinstance(item, Bars) else item.counts.size if isinstance(item, Histogram) else 0

    return tuple((type(item).__name__, size(item)) for item in panel.items)


def _lim(lim, scale):
    return tuple(10.0 ** np.asarray(lim)) if scale == "log" else lim


def _decorations(panel, f):
    """Everything about a panel that is drawn once per frame, not once per change."""
    return (
        f.box,
        f.xlim,
        f.ylim,
        tuple(f.xticks),
        tuple(f.xticklabels),
        tuple(f.yticks),
        tuple(f.yticklabels),
        panel.xscale,
        panel.yscale,
        panel.xlabel,
        panel.ylabel,
    )


def _decorate(ax, panel, index, count, f):
    """Apply a panel's frame (box, scales, limits, ticks) and its text to ``ax``."""
    left, top, width, height = f.box
    total = count * PANEL_WIDTH
    ax.set_position(
        [
            (index * PANEL_WIDTH + left) / total,
            (PANEL_HEIGHT - top - height) / PANEL_HEIGHT,
            width / total,
            height / PANEL_HEIGHT,
        ]
    )
    ax.set_xscale(panel.xscale)
    ax.set_yscale(panel.yscale)
    ax.set_xlim(_lim(f.xlim, panel.xscale))
    ax.set_ylim(_lim(f.ylim, panel.yscale))
    ax.set_xticks(_lim(f.xticks, panel.xscale), f.xticklabels, fontsize=FONT["tick"], color=_INK)
    ax.set_yticks(_lim(f.yticks, panel.yscale), f.yticklabels, fontsize=FONT["tick"], color=_INK)
    ax.xaxis.set_minor_locator(NullLocator())
    ax.yaxis.set_minor_locator(NullLocator())
    ax.set_title(panel.title, fontsize=FONT["title"], color=_INK)
    ax.set_xlabel(panel.xlabel, fontsize=FONT["label"], color=_INK)
    ax.set_ylabel(panel.ylabel, fontsize=FONT["label"], color=_INK)


def _mark_positions(item):
    """(x positions, values) of an item whose values may need marks, or None."""
    if isinstance(item, Line):
        return item.x, item.y
    if isinstance(item, Bars):
        return np.arange(item.heights.size) + item.offset, item.heights
    return None


def _marks(ax, panel, f):
    """Artists that mark a panel's unplaceable values (NaN, infinities) at the edge of the plot."""
    artists = []
    inset = _MARK_INSET / f.box[3]
    for item in panel.items:
        placed = _mark_positions(item)
        if placed is None:
            continue
        xs, ys = placed
        labelled = set()
        for kind, start, stop in marks(ys, panel.yscale):
            at = xs[start:stop]
            at = at[np.isfinite(at)]
            if not at.size:
                continue
            top = kind == "+inf"
            y = 1 - inset if top else inset
            ends = at[[0, -1]] if at.size > 1 else at
            (run,) = ax.plot(
                ends,
                np.full(ends.size, y),
                linestyle="-",
                linewidth=1.5,
                marker=_MARKERS[kind],
                markersize=5,
                color=item.color,
                transform=ax.get_xaxis_transform(),
                clip_on=False,
            )
            artists.append(run)
            if kind not in labelled:
                labelled.add(kind)
                artists.append(
                    ax.annotate(
                        MARK_TEXT[kind],
                        ((ends[0] + ends[-1]) / 2, y),
                        xycoords=ax.get_xaxis_transform(),
                        xytext=(0, -8 if top else 8),
                        textcoords="offset points",
                        ha="center",
                        va="center",
                        fontsize=FONT["legend"],
                        color=item.color,
                    )
                )
    return artists


def _guide(ax, panel, x, guide=None):
    """The read-out's guide at ``x`` and a dot on each line it reads: ``(line, dots)``, made or moved."""
    if guide is None:
        line = ax.axvline(x, color=GUIDE_COLOR, linewidth=0.8, linestyle="--")
        dots = ax.scatter([], [], s=25, edgecolors="white", linewidths=0.8)
        guide = (line, dots)
    line, dots = guide
    line.set_xdata([x, x])
    points, colors = [], []
    for item, value, _ in reading.values(panel, x):
        if value is not None and np.isfinite(value) and (panel.yscale == "linear" or value > 0):
            points.append((x, value))
            colors.append(item.color)
    dots.set_offsets(np.array(points).reshape(-1, 2))
    dots.set_facecolor(colors or "none")
    return guide


def _guide_positions(scene, frames_, readouts):
    """The x of each panel's read-out guide (None where it has none), snapped to the read-out's grid."""
    readouts = readouts or {}
    out = []
    for p, (panel, f) in enumerate(zip(scene.panels, frames_)):
        if panel.readout is None:
            out.append(None)
            continue
        start = readouts.get(p, panel.readout.x)
        g = reading.grid(reading.Readout(start, panel.readout.step, panel.readout.name), f.xlim)
        out.append(reading.position(g, g["i"]))
    return out


def _legend(ax, panel):
    old = ax.get_legend()
    if old is not None:
        old.remove()
    return ax.legend(loc="upper left", fontsize=FONT["legend"], framealpha=1.0) if panel.legend else None


def _legend_key(panel):
    """What a panel's legend shows: when it is unchanged, the legend is drawn once, with the axes."""
    if not panel.legend:
        return None
    return tuple(
        (
            type(item).__name__,
            item.label,
            str(item.color),
            getattr(item, "width", None),
            getattr(item, "dash", None),
            getattr(item, "size", None),
        )
        for item in panel.items
        if getattr(item, "label", None)
    )


def _new_figure(count, dpi, fig=None):
    size = (count * PANEL_WIDTH / 100.0, PANEL_HEIGHT / 100.0)
    if fig is None:
        fig = Figure(figsize=size, dpi=dpi, facecolor="white")
        FigureCanvasAgg(fig)
    else:
        fig.clear()
        fig.set_size_inches(size)
    return fig


def _panel_cell(fig, index, count):
    """A white rectangle over panel ``index``'s share of the figure: drawn to wipe that panel."""
    cell = Rectangle(
        (index / count, 0.0), 1.0 / count, 1.0, transform=fig.transFigure, facecolor="white", edgecolor="none"
    )
    cell.set_figure(fig)
    return cell


def _add_axes(fig):
    ax = fig.add_axes([0, 0, 1, 1])
    ax.spines[["top", "right"]].set_visible(False)
    return ax


class Canvas:
    """A matplotlib figure that turns one scene after another into PNG images, fast.

    Two things make a redraw cheap. When a panel holds the same kinds of items as
    before, its existing artists are moved in place instead of being created
    again (only a panel whose items changed kind gets new ones). And the parts
    that rarely change -- axes, ticks, labels, which take most of matplotlib's
    drawing time -- are drawn once into a background that is reused (blitting)
    until a panel's frame changes; a change then only paints the items on top
    of it, and a new frame repaints the background of that panel alone. The
    backgrounds of the last :attr:`KEPT_CELLS` panel frames are kept, so going
    back to a frame seen before (a slider moved back and forth) lays its pixels
    back instead of drawing them. A legend is drawn over the items and its pixels kept: while its
    entries stay the same, they are laid back instead of drawn again. A
    read-out's guide is moved, not made anew.

    Parameters
    ----------
    dpi : float, default 96
        Resolution of the images.

    Attributes
    ----------
    rebuilds_ : int
        How many times a panel's items were created anew (its structure changed).
    backgrounds_ : int
        How many times the background changed.
    repaints_ : int
        How many times one panel's background was drawn again (not laid back from a kept one).

    Examples
    --------
    >>> from actlab.explorers import Line, Panel, Scene
    >>> canvas = Canvas()
    >>> scene = lambda a: Scene([Panel([Line([0, 1], [0, a])], ylim=(0, 2))], alt=f"A line of slope {a}.")
    >>> canvas.png(scene(1.0))[:4], canvas.png(scene(2.0))[:4]
    (b'\\x89PNG', b'\\x89PNG')
    >>> canvas.rebuilds_, canvas.backgrounds_
    (1, 1)
    """

    #: How many panel backgrounds are kept for reuse (about half a megabyte each at 96 dpi).
    KEPT_CELLS = 32

    def __init__(self, *, dpi=96):
        self.dpi = dpi
        self.figure_ = None
        self.rebuilds_ = 0
        self.backgrounds_ = 0
        self.repaints_ = 0
        self._artists, self._structures, self._decorations, self._background = [], [], None, None
        self._overlays, self._guides, self._legends = [], [], []
        self._cells = {}  # (panel index, its decorations) -> that panel's background pixels

    def _update(self, scene, readouts=None):
        if self.figure_ is None or len(self.figure_.axes) != len(scene.panels):
            self.figure_ = _new_figure(len(scene.panels), self.dpi, self.figure_)
            for _ in scene.panels:
                _add_axes(self.figure_)
            self._artists = [[] for _ in scene.panels]
            self._structures = [None for _ in scene.panels]
            self._guides = [None for _ in scene.panels]
            self._decorations, self._overlays = None, []
            self._legends = [None for _ in scene.panels]
            self._cells = {}
        for p, (ax, panel) in enumerate(zip(self.figure_.axes, scene.panels)):
            structure = _structure(panel)
            if structure == self._structures[p]:
                for artist, item in zip(self._artists[p], panel.items):
                    _PAINTERS[type(item)][1](artist, item)
                continue
            for artist in self._artists[p]:
                artist.remove()
            self._artists[p] = [_PAINTERS[type(item)][0](ax, item, _zorder(i)) for i, item in enumerate(panel.items)]
            for part in (part for artist in self._artists[p] for part in _parts(artist)):
                part.set_animated(True)  # painted over the background, never part of it
            self._structures[p] = structure
            self.rebuilds_ += 1
        frames_ = frames(scene)
        decorations = [_decorations(panel, f) for panel, f in zip(scene.panels, frames_)]
        canvas = self.figure_.canvas
        changed = [p for p, d in enumerate(decorations) if self._decorations is None or d != self._decorations[p]]
        for p in changed:
            ax = self.figure_.axes[p]
            _decorate(ax, scene.panels[p], p, len(scene.panels), frames_[p])
            ax.title.set_animated(True)  # titles often name the values: painted with the items
            if ax.get_legend() is not None:
                ax.get_legend().remove()
            self._legends[p] = None
        if self._decorations is None:
            canvas.draw()
            self._cells = {
                (p, d): canvas.copy_from_bbox(_panel_cell(self.figure_, p, len(scene.panels)).get_window_extent())
                for p, d in enumerate(decorations)
            }
        elif changed:  # repaint only the changed panels' part of the background, or lay back a kept one
            canvas.restore_region(self._background)
            renderer = canvas.get_renderer()
            for p in changed:
                key = (p, decorations[p])
                if key in self._cells:
                    self._cells[key] = self._cells.pop(key)  # the most recently used last
                    canvas.restore_region(self._cells[key])
                    continue
                cell = _panel_cell(self.figure_, p, len(scene.panels))
                self.repaints_ += 1
                cell.draw(renderer)
                self.figure_.axes[p].draw(renderer)
                self._cells[key] = canvas.copy_from_bbox(cell.get_window_extent())
                if len(self._cells) > self.KEPT_CELLS:
                    del self._cells[next(iter(self._cells))]
        if changed:
            self._background = canvas.copy_from_bbox(self.figure_.bbox)
            self._decorations = decorations
            self.backgrounds_ += 1
        else:
            canvas.restore_region(self._background)
        for artist in self._overlays:
            artist.remove()
        self._overlays = []
        guides = _guide_positions(scene, frames_, readouts)
        for p, (ax, artists, panel, f, x) in enumerate(
            zip(self.figure_.axes, self._artists, scene.panels, frames_, guides)
        ):
            overlays = _marks(ax, panel, f)
            self._overlays += overlays
            if x is not None:
                self._guides[p] = _guide(ax, panel, x, self._guides[p])
                overlays = overlays + list(self._guides[p])
            elif self._guides[p] is not None:
                for artist in self._guides[p]:
                    artist.remove()
                self._guides[p] = None
            for artist in (part for a in artists + overlays for part in _parts(a)):
                artist.set_animated(True)
                ax.draw_artist(artist)
            for side in ("left", "bottom"):
                ax.draw_artist(ax.spines[side])
            ax.title.set_text(panel.title)
            ax.draw_artist(ax.title)
            self._draw_legend(p, ax, panel)

    def _draw_legend(self, p, ax, panel):
        """Lay a panel's legend over its items: its pixels from last time if it shows the same entries."""
        key = _legend_key(panel)
        if key is not None and self._legends[p] is not None and self._legends[p][0] == key:
            self.figure_.canvas.restore_region(self._legends[p][1])
            return
        legend = _legend(ax, panel)
        self._legends[p] = None
        if legend is not None:
            legend.set_animated(True)
            ax.draw_artist(legend)
            self._legends[p] = (key, self.figure_.canvas.copy_from_bbox(legend.get_window_extent()))

    def rgb(self, scene, readouts=None):
        """Draw ``scene`` and return the picture as an array of shape (height, width, 3), uint8.

        ``readouts`` maps a panel's index to where its read-out guide stands
        (by default where the panel's :class:`~actlab.explorers.Readout` starts).
        """
        self._update(scene, readouts)
        return np.asarray(self.figure_.canvas.buffer_rgba())[..., :3]

    def png(self, scene, readouts=None):
        """Draw ``scene`` and return the picture as PNG bytes (see :func:`png`)."""
        self._update(scene, readouts)
        return png(self.figure_.canvas.buffer_rgba())


def png(pixels):
    """Encode an RGB(A) image as a 256-colour PNG: line art loses nothing visible, and it is
    both quicker to encode and about half the size of a full-colour PNG.

    ``pixels`` is an array of shape (height, width, 3 or 4), uint8, or an Agg
    canvas's ``buffer_rgba()``, which is encoded without a copy.

    Examples
    --------
    >>> png(np.full((2, 2, 3), 255, dtype=np.uint8))[:4]
    b'\\x89PNG'
    """
    from PIL import Image

    pixels = np.asarray(pixels)
    mode = "RGBA" if pixels.shape[2] == 4 else "RGB"
    image = Image.frombuffer(mode, (pixels.shape[1], pixels.shape[0]), np.ascontiguousarray(pixels), "raw", mode, 0, 1)
    if mode == "RGBA":  # the figure is opaque: its alpha says nothing
        image = image.convert("RGB")
    image = image.quantize(colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    buffer = io.BytesIO()
    image.save(buffer, format="png", compress_level=1)
    return buffer.getvalue()


def render(scene, fig=None, *, readouts=None):
    """Draw a scene with matplotlib.

    Parameters
    ----------
    scene : Scene
    fig : matplotlib.figure.Figure, optional
        A figure to clear and draw on. By default a new pyplot figure, which a
        notebook shows at the end of the cell like any other (give it alt text
        with the cell option ``mystnb: image: alt:``, or display it with
        :func:`~actlab.explorers.show` instead).
    readouts : dict, optional
        ``{panel index: x}``: where read-out guides stand, if not where they start.

    Returns
    -------
    matplotlib.figure.Figure
        One Axes per panel, side by side, each 4.2 by 3.2 inches.

    Examples
    --------
    >>> from actlab.explorers import Panel, Scene, VLine
    >>> fig = render(Scene([Panel([VLine(0.0)]), Panel([VLine(1.0)])], alt="Two panels."))
    >>> fig.get_size_inches().round(1).tolist()
    [8.4, 3.2]
    """
    if fig is None:
        import matplotlib.pyplot as plt

        fig = plt.figure(figsize=(len(scene.panels) * PANEL_WIDTH / 100.0, PANEL_HEIGHT / 100.0), facecolor="white")
    fig = _new_figure(len(scene.panels), 100, fig)
    frames_ = frames(scene)
    for index, (panel, f, x) in enumerate(zip(scene.panels, frames_, _guide_positions(scene, frames_, readouts))):
        ax = _add_axes(fig)
        for i, item in enumerate(panel.items):
            _PAINTERS[type(item)][0](ax, item, _zorder(i))
        _decorate(ax, panel, index, len(scene.panels), f)
        for artist in _marks(ax, panel, f) + (list(_guide(ax, panel, x)) if x is not None else []):
            artist.set_zorder(2.0)
        _legend(ax, panel)
    return fig


class Picture:
    """A figure (or Scene) and its alt text, displayed as an ``<img alt=...>``.

    Parameters
    ----------
    figure : matplotlib.figure.Figure or Scene
    alt : str, optional
        What the figure shows; required for a Figure, taken from ``Scene.alt``
        for a Scene.
    dpi : float, default 100

    Examples
    --------
    >>> from actlab.explorers import Panel, VLine
    >>> picture = Picture(Scene(Panel([VLine(0.0)]), alt="A vertical line at zero."))
    >>> bundle = picture._repr_mimebundle_()
    >>> bundle["text/plain"]
    'A vertical line at zero.'
    >>> 'alt="A vertical line at zero."' in bundle["text/html"]
    True
    """

    def __init__(self, figure, alt=None, *, dpi=100):
        if isinstance(figure, Scene):
            alt = alt or figure.alt
            # a figure outside pyplot: the notebook shows this picture once, not again at cell end
            figure = render(figure, fig=Figure())
        if not isinstance(figure, Figure):
            raise TypeError(f"show needs a matplotlib Figure or a Scene; got {type(figure).__name__}.")
        if not isinstance(alt, str) or not alt.strip():
            raise ValueError("show needs alt text: a sentence describing what the figure shows.")
        self.figure, self.alt, self.dpi = figure, alt.strip(), dpi

    def png(self):
        """The figure as a 256-colour PNG (line art needs no more, and pages stay light)."""
        from PIL import Image

        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png", dpi=self.dpi, facecolor="white")
        return png(np.asarray(Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")))

    def _repr_mimebundle_(self, include=None, exclude=None):
        data = base64.b64encode(self.png()).decode("ascii")
        width = round(self.figure.get_figwidth() * 100)
        img = (
            f'<img src="data:image/png;base64,{data}" alt="{html.escape(self.alt)}" width="{width}" '
            f'class="actlab-picture" style="max-width:100%;height:auto">'
        )
        return {"text/html": img, "image/png": data, "text/plain": self.alt}


def show(figure, alt=None, *, dpi=100):
    """Display a static figure with alt text (in a notebook and on the built page).

    Parameters
    ----------
    figure : matplotlib.figure.Figure or Scene
        A Scene brings its own alt text.
    alt : str, optional
        What the figure shows, in one or two sentences; required for a Figure.
    dpi : float, default 100

    Notes
    -----
    A figure made with ``pyplot`` is closed after it is shown, so the notebook
    does not show it a second time at the end of the cell.
    """
    import matplotlib.pyplot as plt
    from IPython.display import display

    picture = Picture(figure, alt, dpi=dpi)
    display(picture)
    plt.close(picture.figure)


def register_display(shell=None):
    """Tell an IPython shell (the running one by default) to display a Scene as its :class:`Picture`.

    Done when this module is imported; a shell created later can call it.
    """
    if shell is None:
        try:
            from IPython import get_ipython
        except ImportError:  # no IPython: nothing displays anything
            return
        shell = get_ipython()
    if shell is not None:
        shell.display_formatter.mimebundle_formatter.for_type(Scene, lambda scene: Picture(scene)._repr_mimebundle_())


register_display()
