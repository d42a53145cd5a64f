"""The live life of an explorer: ipywidgets controls and a picture redrawn by the kernel.

Each control becomes an ipywidget with a visible label (``description``), all
operable from the keyboard: a ``SelectionSlider`` over exactly the slider's grid
(so the live explorer can only show states the static page also holds; arrow
keys move it), a ``Dropdown`` (in JupyterLab, Alt+Down or Space opens it, since
a bare Down arrow moves to the next cell there) and a ``Checkbox`` (Space). The
picture is an ``ipywidgets.Image`` showing a PNG of the scene. Below it, the scene's
alt text is shown as a caption, updated with the picture.

Fast, flicker-free redraws
--------------------------
One :class:`~actlab.explorers.render.Canvas` (a matplotlib figure) lives as long
as the view. A control change calls ``draw`` for the new values and, when the
scene's structure is unchanged, moves the existing artists in place
(``set_data``) instead of building a figure; the PNG is encoded with light
compression and swapped into the ``Image`` in one message, so the old picture
stays up until the new one replaces it -- no blank frame.

Playback and read-outs
----------------------
A time axis (``Slider(..., play=True)``) gets an ``ipywidgets.Play`` button linked
to its slider: it steps through the values and stops at the end, and nothing
plays until the reader presses it. A panel with a read-out gets a slider for the
guide's position (on the same grid as on the page) and, under the picture, the
read-out's sentence computed in Python (:func:`actlab.explorers.readout.text`),
in a live region; moving the guide redraws the picture with the guide and its
dots, without calling ``draw`` again.

No backlog while dragging
-------------------------
Sliders use ``continuous_update=False``: a drag sends one change, when the
slider is released, and each arrow-key press sends one. The kernel handles comm
messages one at a time and cannot see the ones queued behind the current one, so
it cannot drop stale positions itself; sending only settled values means there
is never a queue of intermediate positions to work through. (On the static page,
where a redraw costs well under a frame, the picture follows the drag.)
"""

import html
import time

import ipywidgets as widgets

from actlab.explorers import readout as reading
from actlab.explorers.bake import _play_ms
from actlab.explorers.frame import PANEL_WIDTH, frames, plain_text
from actlab.explorers.render import Canvas

__all__ = ["LiveView"]

_STYLE = {"description_width": "initial"}
_MARGIN = "2px 1.5em 2px 0"


def _widget(control):
    options = list(zip(control.labels, control.values))
    if control.kind == "slider":
        return widgets.SelectionSlider(
            options=options,
            value=control.value,
            description=control.label,
            continuous_update=False,
            style=_STYLE,
            layout=widgets.Layout(width="30em", max_width="100%", margin=_MARGIN),
        )
    if control.kind == "dropdown":
        return widgets.Dropdown(
            options=options,
            value=control.value,
            description=control.label,
            style=_STYLE,
            layout=widgets.Layout(width="auto", margin=_MARGIN),
        )
    return widgets.Checkbox(
        value=control.value,
        description=control.label,
        indent=False,
        layout=widgets.Layout(width="auto", margin=_MARGIN),
    )


def _caption(alt):
    return f'<p style="margin:0.25em 0;font-size:90%" aria-live="polite">{html.escape(alt)}</p>'


def _play(control, slider):
    play = widgets.Play(
        value=control.index(control.value),
        min=0,
        max=len(control.values) - 1,
        step=1,
        interval=max(100, _play_ms(control)),
        repeat=False,
        description=f"Play {control.label}",
        layout=widgets.Layout(width="auto", margin=_MARGIN),
    )
    widgets.link((play, "value"), (slider, "index"))
    return play


def _readout_widget(panel, f, many):
    g = reading.grid(panel.readout, f.xlim)
    options = [(reading._format_x(reading.position(g, i), g["d"]), i) for i in range(g["lo"], g["hi"] + 1)]
    where = f" ({plain_text(panel.title)})" if many and panel.title else ""
    return widgets.SelectionSlider(
        options=options,
        value=g["i"],
        description=f"Read values at {panel.readout.name}" + where,
        continuous_update=False,
        style=_STYLE,
        layout=widgets.Layout(width="30em", max_width="100%", margin=_MARGIN),
    )


class LiveView:
    """An explorer's ipywidgets: controls, the picture, and its alt text.

    Parameters
    ----------
    explorer : Explorer
    dpi : float, default 96
        Resolution of the picture.

    Attributes
    ----------
    widget : ipywidgets.VBox
        What the notebook displays.
    controls : dict
        The control widgets by control name.
    play : ipywidgets.Play or None
        The Play button of the time axis, if there is one.
    readouts : dict
        The read-out sliders by panel index; their values are grid positions.
    readout_text : ipywidgets.HTML
        The read-out sentences, under the picture.
    redraw_ms_ : list of float
        Time each redraw took (draw, update the figure, encode the PNG), in ms.

    Examples
    --------
    >>> import numpy as np
    >>> from actlab.explorers import Explorer, Line, Panel, Scene, Slider
    >>> draw = lambda slope: Scene([Panel([Line([0, 1], [0, slope])])], alt=f"Slope {slope}.")
    >>> view = LiveView(Explorer("s", controls=[Slider("slope", min=0, max=2, step=1)], draw=draw))
    >>> view.set(slope=2)
    >>> view.values, view.alt.value.count("Slope 2.")
    ({'slope': 2}, 1)
    """

    def __init__(self, explorer, *, dpi=96):
        self.explorer = explorer
        self.canvas = Canvas(dpi=dpi)
        self.values = explorer.values()
        self.redraw_ms_ = []
        self.controls = {c.name: _widget(c) for c in explorer.controls}
        self.play = None
        if explorer.time is not None:
            self.play = _play(explorer.time, self.controls[explorer.time.name])
        self.scene_ = explorer.scene(**self.values)
        frames_ = frames(self.scene_)
        many = sum(p.readout is not None for p in self.scene_.panels) > 1
        self.readouts = {
            p: _readout_widget(panel, f, many)
            for p, (panel, f) in enumerate(zip(self.scene_.panels, frames_))
            if panel.readout is not None
        }
        width = len(self.scene_.panels) * PANEL_WIDTH * dpi / 100
        self.image = widgets.Image(
            value=self.canvas.png(self.scene_, self._guides()),
            format="png",
            layout=widgets.Layout(width="100%", max_width=f"{width:.0f}px"),
        )
        self.alt = widgets.HTML(_caption(self.scene_.alt))
        self.readout_text = widgets.HTML(self._readout_html())
        header = [widgets.HTML(f"<strong>{html.escape(explorer.title)}</strong>")] if explorer.title else []
        row = widgets.Box(
            ([self.play] if self.play else []) + list(self.controls.values()),
            layout=widgets.Layout(display="flex", flex_flow="row wrap"),
        )
        below = [self.readout_text] if self.readouts else []
        self.widget = widgets.VBox(header + [row, self.image] + list(self.readouts.values()) + below + [self.alt])
        for control in self.controls.values():
            control.observe(self._changed, names="value")
        for slider in self.readouts.values():
            slider.observe(self._moved, names="value")

    def _guides(self):
        """``{panel index: x}`` of the read-out guides, where their sliders stand."""
        out = {}
        frames_ = frames(self.scene_)
        for p, slider in self.readouts.items():
            panel = self.scene_.panels[p] if p < len(self.scene_.panels) else None
            if panel is not None and panel.readout is not None:
                g = reading.grid(panel.readout, frames_[p].xlim)
                out[p] = reading.position(g, min(max(slider.value, g["lo"]), g["hi"]))
        return out

    def _readout_html(self):
        frames_ = frames(self.scene_)
        guides = self._guides()
        lines = [
            reading.text(panel, guides.get(p), f.xlim)
            for p, (panel, f) in enumerate(zip(self.scene_.panels, frames_))
            if panel.readout is not None
        ]
        body = "<br>".join(html.escape(line) for line in lines)
        return f'<p style="margin:0.25em 0;font-variant-numeric:tabular-nums" aria-live="polite">{body}</p>'

    def _redraw(self):
        self.image.value = self.canvas.png(self.scene_, self._guides())
        self.alt.value = _caption(self.scene_.alt)
        if self.readouts:
            self.readout_text.value = self._readout_html()

    def _changed(self, change):
        name = next(n for n, w in self.controls.items() if w is change.owner)
        self.values = {**self.values, name: change.new}
        start = time.perf_counter()
        try:
            self.scene_ = self.explorer.scene(**self.values)
        except Exception as error:  # shown where the reader looks, then raised for the log
            self.alt.value = _caption(f"No picture for these values: {error}")
            raise
        self._redraw()
        self.redraw_ms_.append((time.perf_counter() - start) * 1000.0)

    def _moved(self, change):
        start = time.perf_counter()
        self._redraw()
        self.redraw_ms_.append((time.perf_counter() - start) * 1000.0)

    def read_at(self, x, panel=None):
        """Move a read-out's guide to ``x`` (snapped to its grid), as a reader would; ``panel`` is its index."""
        p = next(iter(self.readouts)) if panel is None else panel
        if p not in self.readouts:
            raise ValueError(f"Panel {p} of explorer {self.explorer.key!r} has no read-out.")
        readout = self.scene_.panels[p].readout
        g = reading.grid(reading.Readout(x, readout.step, readout.name), frames(self.scene_)[p].xlim)
        self.readouts[p].value = g["i"]

    def set(self, **values):
        """Move controls as a reader would (each change redraws once)."""
        self.explorer.values(**values)  # a clear error for an unknown name or value
        for name, value in values.items():
            control = self.controls[name]
            control.value = next(v for v in self.explorer.control(name).values if v == value)
