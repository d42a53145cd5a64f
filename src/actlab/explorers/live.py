"""The live life of an explorer: ipywidgets controls and a picture redrawn by the kernel.

Each control becomes an ipywidget with a visible label (``description``), all
operable from the keyboard: a ``SelectionSlider`` over exactly the slider's grid
(so the live explorer can only show states the static page also holds; arrow
keys move it), a ``Dropdown`` (in JupyterLab, Alt+Down or Space opens it, since
a bare Down arrow moves to the next cell there) and a ``Checkbox`` (Space). The picture is an ``ipywidgets.Image`` showing a
PNG of the scene. Below it, the scene's alt text is shown as a caption, updated
with the picture.

Fast, flicker-free redraws
--------------------------
One :class:`~actlab.explorers.render.Canvas` (a matplotlib figure) lives as long
as the view. A control change calls ``draw`` for the new values and, when the
scene's structure is unchanged, moves the existing artists in place
(``set_data``) instead of building a figure; the PNG is encoded with light
compression and swapped into the ``Image`` in one message, so the old picture
stays up until the new one replaces it -- no blank frame.

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

from actlab.explorers.frame import PANEL_WIDTH
from actlab.explorers.render import Canvas

__all__ = ["LiveView"]

_STYLE = {"description_width": "initial"}
_MARGIN = "2px 1.5em 2px 0"


def _widget(control):
    options = list(zip(control.labels, control.values))
    if control.kind == "slider":
        return widgets.SelectionSlider(options=options, value=control.value, description=control.label,
                                       continuous_update=False, style=_STYLE,
                                       layout=widgets.Layout(width="30em", max_width="100%", margin=_MARGIN))
    if control.kind == "dropdown":
        return widgets.Dropdown(options=options, value=control.value, description=control.label, style=_STYLE,
                                layout=widgets.Layout(width="auto", margin=_MARGIN))
    return widgets.Checkbox(value=control.value, description=control.label, indent=False,
                            layout=widgets.Layout(width="auto", margin=_MARGIN))


def _caption(alt):
    return f'<p style="margin:0.25em 0;font-size:90%" aria-live="polite">{html.escape(alt)}</p>'


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
        scene = explorer.scene(**self.values)
        self.image = widgets.Image(value=self.canvas.png(scene), format="png",
                                   layout=widgets.Layout(width="100%", max_width=f"{len(scene.panels) * PANEL_WIDTH * dpi / 100:.0f}px"))
        self.alt = widgets.HTML(_caption(scene.alt))
        header = [widgets.HTML(f"<strong>{html.escape(explorer.title)}</strong>")] if explorer.title else []
        row = widgets.Box(list(self.controls.values()), layout=widgets.Layout(display="flex", flex_flow="row wrap"))
        self.widget = widgets.VBox(header + [row, self.image, self.alt])
        for name, control in self.controls.items():
            control.observe(self._changed, names="value")

    def _changed(self, change):
        name = next(n for n, w in self.controls.items() if w is change.owner)
        self.values = {**self.values, name: change.new}
        start = time.perf_counter()
        try:
            scene = self.explorer.scene(**self.values)
        except Exception as error:  # shown where the reader looks, then raised for the log
            self.alt.value = _caption(f"No picture for these values: {error}")
            raise
        self.image.value = self.canvas.png(scene)
        self.alt.value = _caption(scene.alt)
        self.redraw_ms_.append((time.perf_counter() - start) * 1000.0)

    def set(self, **values):
        """Move controls as a reader would (each change redraws once)."""
        self.explorer.values(**values)  # a clear error for an unknown name or value
        for name, value in values.items():
            control = self.controls[name]
            control.value = next(v for v in self.explorer.control(name).values if v == value)
