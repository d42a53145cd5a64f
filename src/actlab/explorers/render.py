"""Draw a Scene with matplotlib.

:func:`render` draws a :class:`~actlab.explorers.Scene` on a new (or given)
figure. :class:`Canvas` keeps one figure alive and turns scene after scene into
images *in place*: it moves the existing artists with ``set_data`` and friends
instead of building the figure again, and reuses the drawn axes, which is what
keeps a live explorer's redraw fast.

The axes' box, limits and ticks come from :func:`actlab.explorers.frame.frame`,
the same numbers the browser renderer receives, so both pictures agree. Items
are drawn in the order they are listed. :func:`render` makes an ordinary pyplot
figure, shown by a notebook like any other; :class:`Canvas` keeps a private
``matplotlib.figure.Figure`` that pyplot never sees.

Examples
--------
>>> import numpy as np
>>> from actlab.explorers import Line, Panel, Scene
>>> z = np.linspace(-2, 2, 5)
>>> fig = render(Scene([Panel([Line(z, np.tanh(z))], title="tanh")], alt="tanh is S-shaped."))
>>> fig.axes[0].get_title()
'tanh'
"""

import io

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure
from matplotlib.ticker import NullLocator

from actlab.explorers.frame import FONT, PANEL_HEIGHT, PANEL_WIDTH, frame
from actlab.explorers.scene import Bars, Heatmap, HLine, Line, Scatter, Text, VLine

__all__ = ["render", "Canvas", "png"]

_INK = "#222222"


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


def _draw_bars(ax, item, z):
    artist = ax.bar(_bar_x(item), item.heights, width=item.width, align="edge", zorder=z)
    _update_bars(artist, item)
    return artist


def _update_bars(artist, item):
    for rect, x, h in zip(artist.patches, _bar_x(item), item.heights):
        rect.set(x=x, y=0.0, width=item.width, height=h, facecolor=item.color, linewidth=0)
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
    artist.set(position=(item.x, item.y), text=item.text, color=item.color, fontsize=item.size,
               horizontalalignment=item.ha)


_PAINTERS = {
    Line: (_draw_line, _update_line),
    Scatter: (_draw_scatter, _update_scatter),
    Bars: (_draw_bars, _update_bars),
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
    return tuple((type(item).__name__, item.heights.size if isinstance(item, Bars) else 0) for item in panel.items)


def _lim(lim, scale):
    return tuple(10.0 ** np.asarray(lim)) if scale == "log" else lim


def _decorations(panel, f):
    """Everything about a panel that is drawn once per frame, not once per change."""
    return (f.box, f.xlim, f.ylim, tuple(f.xticks), tuple(f.xticklabels), tuple(f.yticks), tuple(f.yticklabels),
            panel.xscale, panel.yscale, panel.xlabel, panel.ylabel)


def _decorate(ax, panel, index, count, f):
    """Apply a panel's frame (box, scales, limits, ticks) and its text to ``ax``."""
    left, top, width, height = f.box
    total = count * PANEL_WIDTH
    ax.set_position([(index * PANEL_WIDTH + left) / total, (PANEL_HEIGHT - top - height) / PANEL_HEIGHT,
                     width / total, height / PANEL_HEIGHT])
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


def _legend(ax, panel):
    old = ax.get_legend()
    if old is not None:
        old.remove()
    return ax.legend(loc="upper left", fontsize=FONT["legend"]) if panel.legend else None


def _new_figure(count, dpi, fig=None):
    size = (count * PANEL_WIDTH / 100.0, PANEL_HEIGHT / 100.0)
    if fig is None:
        fig = Figure(figsize=size, dpi=dpi, facecolor="white")
        FigureCanvasAgg(fig)
    else:
        fig.clear()
        fig.set_size_inches(size)
    return fig


def _add_axes(fig):
    ax = fig.add_axes([0, 0, 1, 1])
    ax.spines[["top", "right"]].set_visible(False)
    return ax


class Canvas:
    """A matplotlib figure that turns one scene after another into PNG images, fast.

    Two things make a redraw cheap. When a panel holds the same kinds of items as
    before, its existing artists are moved in place instead of being created
    again (only a panel whose items changed kind gets new ones). And the parts
    that rarely change -- axes, ticks, labels, titles, which take most of
    matplotlib's drawing time -- are drawn once into a background that is
    reused (blitting) until a panel's frame changes; a change then only paints
    the items on top of it.

    Parameters
    ----------
    dpi : float, default 96
        Resolution of the images.

    Attributes
    ----------
    rebuilds_ : int
        How many times a panel's items were created anew (its structure changed).
    backgrounds_ : int
        How many times the background was drawn.

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

    def __init__(self, *, dpi=96):
        self.dpi = dpi
        self.figure_ = None
        self.rebuilds_ = 0
        self.backgrounds_ = 0
        self._artists, self._structures, self._decorations, self._background = [], [], None, None

    def _update(self, scene):
        if self.figure_ is None or len(self.figure_.axes) != len(scene.panels):
            self.figure_ = _new_figure(len(scene.panels), self.dpi, self.figure_)
            for _ in scene.panels:
                _add_axes(self.figure_)
            self._artists = [[] for _ in scene.panels]
            self._structures = [None for _ in scene.panels]
            self._decorations = None
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
        frames = [frame(panel) for panel in scene.panels]
        decorations = [_decorations(panel, f) for panel, f in zip(scene.panels, frames)]
        if decorations != self._decorations:
            for index, (ax, panel, f) in enumerate(zip(self.figure_.axes, scene.panels, frames)):
                _decorate(ax, panel, index, len(scene.panels), f)
                ax.title.set_animated(True)  # titles often name the values: painted with the items
            self.figure_.canvas.draw()
            self._background = self.figure_.canvas.copy_from_bbox(self.figure_.bbox)
            self._decorations = decorations
            self.backgrounds_ += 1
        else:
            self.figure_.canvas.restore_region(self._background)
        for ax, artists, panel in zip(self.figure_.axes, self._artists, scene.panels):
            for artist in (part for a in artists for part in _parts(a)):
                ax.draw_artist(artist)
            for side in ("left", "bottom"):
                ax.draw_artist(ax.spines[side])
            ax.title.set_text(panel.title)
            ax.draw_artist(ax.title)
            legend = _legend(ax, panel)
            if legend is not None:
                legend.set_animated(True)
                ax.draw_artist(legend)

    def rgb(self, scene):
        """Draw ``scene`` and return the picture as an array of shape (height, width, 3), uint8."""
        self._update(scene)
        return np.asarray(self.figure_.canvas.buffer_rgba())[..., :3]

    def png(self, scene):
        """Draw ``scene`` and return the picture as PNG bytes (see :func:`png`)."""
        return png(self.rgb(scene))


def png(rgb):
    """Encode an RGB image as a 256-colour PNG: line art loses nothing visible, and it is
    both quicker to encode and about half the size of a full-colour PNG.

    Examples
    --------
    >>> png(np.full((2, 2, 3), 255, dtype=np.uint8))[:4]
    b'\\x89PNG'
    """
    from PIL import Image

    image = Image.fromarray(np.ascontiguousarray(rgb)).quantize(
        colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    buffer = io.BytesIO()
    image.save(buffer, format="png", compress_level=1)
    return buffer.getvalue()


def render(scene, fig=None):
    """Draw a scene with matplotlib.

    Parameters
    ----------
    scene : Scene
    fig : matplotlib.figure.Figure, optional
        A figure to clear and draw on. By default a new pyplot figure, which a
        notebook shows at the end of the cell like any other (give it alt text
        with the cell option ``mystnb: image: alt:``, or display it with
        :func:`~actlab.explorers.show` instead).

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
    for index, panel in enumerate(scene.panels):
        ax = _add_axes(fig)
        for i, item in enumerate(panel.items):
            _PAINTERS[type(item)][0](ax, item, _zorder(i))
        _decorate(ax, panel, index, len(scene.panels), frame(panel))
        _legend(ax, panel)
    return fig
