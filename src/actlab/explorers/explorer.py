"""The Explorer: controls declared as data and a pure function from their values to a Scene.

Examples
--------
>>> import numpy as np
>>> from actlab.explorers import Explorer, Line, Panel, Scene, Slider, Checkbox
>>> def draw(slope, negative):
...     z = np.linspace(-1, 1, 3)
...     s = -slope if negative else slope
...     return Scene([Panel([Line(z, s * z)])], alt=f"A line through the origin with slope {s}.")
>>> e = Explorer("slope", controls=[Slider("slope", min=0.5, max=1.5, step=0.5, value=1.0),
...                                  Checkbox("negative")], draw=draw)
>>> e.scene(slope=1.5).alt
'A line through the origin with slope 1.5.'
>>> e.state_count
6
>>> e.scene(slop=1.5)
Traceback (most recent call last):
...
ValueError: Explorer 'slope' has no control 'slop'; its controls are slope, negative.
"""

import itertools
import re

from actlab.explorers.controls import Checkbox, Dropdown, Slider
from actlab.explorers.scene import Scene

__all__ = ["Explorer", "MAX_STATES"]

#: Most control combinations one explorer may bake into a page.
MAX_STATES = 400


class Explorer:
    """An interactive figure, defined once, live in Jupyter and baked on the static site.

    Parameters
    ----------
    key : str
        Unique on its page; letters, digits, ``-`` and ``_``, starting with a
        letter. It becomes part of HTML ids.
    controls : list of Slider, Dropdown, Checkbox
        In the order they are shown.
    draw : callable
        ``draw(**values) -> Scene``; pure: the same values give the same scene.
    title : str, optional
        A heading shown above the explorer.
    max_states : int, default MAX_STATES
        Largest control grid allowed.

    Raises
    ------
    ValueError
        For a bad key, two controls of the same name, or a control grid larger
        than ``max_states``.

    Notes
    -----
    Displayed as the last expression of a cell, an Explorer produces one output
    holding both lives: the live ipywidgets view (which Jupyter shows) and the
    baked HTML (which the book shows); see :mod:`actlab.explorers`.
    """

    def __init__(self, key, *, controls, draw, title=None, max_states=MAX_STATES):
        if not isinstance(key, str) or not re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", key):
            raise ValueError(
                f"Explorer key {key!r} cannot be an HTML id; expected letters, digits, '-' and '_', "
                "starting with a letter, such as 'grid-bending'."
            )
        controls = list(controls)
        for control in controls:
            if not isinstance(control, (Slider, Dropdown, Checkbox)):
                raise TypeError(f"Explorer controls must be Slider, Dropdown or Checkbox; got {control!r}.")
        names = [c.name for c in controls]
        for name in names:
            if names.count(name) > 1:
                raise ValueError(f"Explorer {key!r} has two controls named {name!r}; expected unique names.")
        if not callable(draw):
            raise TypeError(f"Explorer draw must be a function of the control values; got {draw!r}.")
        self.key, self.controls, self.draw, self.title = key, controls, draw, title or ""
        self.state_count = 1
        for control in controls:
            self.state_count *= len(control.values)
        if self.state_count > max_states:
            sizes = " x ".join(f"{len(c.values)} ({c.name})" for c in controls)
            raise ValueError(
                f"Explorer {key!r} has {self.state_count} control combinations ({sizes}), more than the "
                f"{max_states} a page can bake; coarsen a slider's step or drop options."
            )

    def control(self, name):
        """The control called ``name``, or a ValueError listing the controls."""
        for control in self.controls:
            if control.name == name:
                return control
        known = ", ".join(c.name for c in self.controls) or "none"
        raise ValueError(f"Explorer {self.key!r} has no control {name!r}; its controls are {known}.")

    def values(self, **values):
        """All control values: the defaults, overridden by ``values`` (checked, sliders snapped to their grid).

        Examples
        --------
        >>> e = Explorer("e", controls=[Slider("a", min=0.0, max=1.0, step=0.5)], draw=lambda a: None)
        >>> e.values(a=0.5000000001)
        {'a': 0.5}
        """
        result = {c.name: c.value for c in self.controls}
        for name, value in values.items():
            control = self.control(name)
            result[name] = control.values[control.index(value)]
        return result

    def grid(self):
        """Every combination of control values, as dicts, in the order the page numbers its states."""
        names = [c.name for c in self.controls]
        for combo in itertools.product(*(c.values for c in self.controls)):
            yield dict(zip(names, combo))

    def scene(self, **values):
        """The Scene for these control values (the others at their defaults)."""
        scene = self.draw(**self.values(**values))
        if not isinstance(scene, Scene):
            raise TypeError(
                f"Explorer {self.key!r}: draw must return an actlab.explorers.Scene; got {type(scene).__name__}."
            )
        return scene

    def figure(self, **values):
        """A matplotlib Figure of the Scene for these control values."""
        return self.scene(**values).to_figure()

    def bake(self):
        """The baked payload: every state's scene as compact data (see :func:`actlab.explorers.bake.bake`)."""
        from actlab.explorers.bake import bake

        return bake(self)

    def to_html(self):
        """The self-contained static HTML of this explorer."""
        from actlab.explorers.bake import to_html

        return to_html(self)

    def live(self, *, dpi=96):
        """A new live ipywidgets view of this explorer (:class:`~actlab.explorers.live.LiveView`)."""
        from actlab.explorers.live import LiveView

        return LiveView(self, dpi=dpi)

    def _repr_mimebundle_(self, include=None, exclude=None):
        view = self.live()
        return {
            "application/vnd.jupyter.widget-view+json": {
                "version_major": 2, "version_minor": 0, "model_id": view.widget.model_id,
            },
            "text/html": self.to_html(),
            "text/plain": repr(self),
        }

    def __repr__(self):
        names = ", ".join(c.name for c in self.controls)
        return f"<Explorer {self.key!r}: {names}; {self.state_count} states>"
