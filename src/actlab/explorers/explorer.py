"""The Explorer: controls declared as data, and a pure function from their values to a Scene.

Controls
--------
Each control (:class:`Slider`, :class:`Dropdown`, :class:`Checkbox`) knows its
name, its visible label, its default value and the finite list of values it can
take. That list is what makes an explorer bakeable: the static page holds one
scene per combination of values. A slider therefore moves over a fixed grid
``min, min + step, ..., max``, in Jupyter as on the page.

A slider made with ``play=True`` is a *time axis* (a training step, an epoch): it
gets a Play/Pause button that steps through its values and stops at the end
(nothing plays by itself). An explorer has at most one.

Training explorers: one run serves every step
---------------------------------------------
An explorer whose picture is a network being trained should train once per
setting of the *other* controls and read each step from that run. Put the run in
a function of those settings only, cached with :func:`functools.lru_cache`, and
let ``draw`` pick the step::

    @functools.lru_cache(maxsize=None)
    def run(activation, lr):                  # one training run per setting
        return train(activation, lr, steps=200)

    def draw(activation, lr, step):           # cheap: slices the run
        history = run(activation, lr)
        return Scene(...history.loss[:step + 1]...)

Then the grid costs one run per setting however many steps it has, the live
view trains only the settings the reader visits, and baking reuses each run for
all its steps. With a time axis the grid may be larger (:data:`MAX_TIMED_STATES`,
with at most :data:`MAX_STATES` settings of the other controls); give the panels
that grow with the steps fixed limits (those of the whole run) so that
consecutive steps share their arrays and cost little on the page.

Links to a setting
------------------
On the site, an explorer keeps its setting in the page's address
(``#grid-bending:activation=tanh&depth=3``), and opening such an address shows
that setting. :meth:`Explorer.fragment` writes one, checking the values.

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
>>> e.fragment(slope=1.5, negative=True)
'#slope:slope=1.5&negative=true'
"""

import builtins
import itertools
import math
import re
from urllib.parse import quote

from actlab.explorers.scene import Scene

__all__ = ["Explorer", "Slider", "Dropdown", "Checkbox", "MAX_STATES", "MAX_TIMED_STATES"]

#: Most control combinations one explorer may bake into a page (without a time axis).
MAX_STATES = 400
#: Most combinations with a time axis (``Slider(..., play=True)``): its steps share one run each.
MAX_TIMED_STATES = 10_000


def _check_name(name, kind):
    if not isinstance(name, str) or not name.isidentifier():
        raise ValueError(f"{kind} name {name!r} is not a Python identifier; expected a name such as 'depth'.")


class _Control:
    """What every control shares: ``name``, ``label``, ``values``, ``labels``, ``tokens`` and a default ``value``.

    ``tokens`` are the values as they are written in a link to a setting.
    """

    kind = "control"
    play = False

    @property
    def tokens(self):
        return list(self.labels)

    def index(self, value):
        """Position of ``value`` in :attr:`values`, or a ValueError that lists the valid values."""
        for i, candidate in enumerate(self.values):
            if self._same(candidate, value):
                return i
        shown = ", ".join(repr(v) for v in self.values[:12]) + (", ..." if len(self.values) > 12 else "")
        raise ValueError(f"{self.kind.capitalize()} {self.name!r} cannot take {value!r}; expected one of {shown}.")

    def _same(self, a, b):
        if a is b:
            return True
        if isinstance(a, bool) != isinstance(b, bool):
            return False
        try:
            return bool(a == b)
        except (TypeError, ValueError):  # e.g. arrays, whose == is elementwise
            return False

    def __repr__(self):
        return f"{type(self).__name__}({self.name!r}, value={self.value!r})"


class Slider(_Control):
    """A slider over the grid ``min, min + step, ..., max``.

    Parameters
    ----------
    name : str
        The keyword argument ``draw`` receives.
    min, max, step : int or float
        The grid; ``max - min`` must be a whole number of steps. All integers
        give integer values, otherwise floats.
    value : int or float, optional
        Default position; ``min`` when omitted. Must lie on the grid.
    label : str, optional
        The visible label; ``name`` by default.
    play : bool, default False
        Make this slider the explorer's time axis, with a Play/Pause button.

    Examples
    --------
    >>> Slider("depth", min=1, max=3, step=1, value=2, label="Layers").index(2)
    1
    >>> Slider("step", min=0, max=100, step=5, play=True).play
    True
    >>> Slider("depth", min=1, max=3, step=1).index(7)
    Traceback (most recent call last):
    ...
    ValueError: Slider 'depth' cannot take 7; expected one of 1, 2, 3.
    """

    kind = "slider"

    def __init__(self, name, *, min, max, step, value=None, label=None, play=False):
        _check_name(name, "Slider")
        if not isinstance(play, bool):
            raise ValueError(f"Slider {name!r} has play={play!r}; expected True or False.")
        if not step > 0:
            raise ValueError(f"Slider {name!r} has step {step!r}; expected a positive step.")
        if not max > min:
            raise ValueError(f"Slider {name!r} has min {min!r} and max {max!r}; expected min < max.")
        count = (max - min) / step
        if abs(count - round(count)) > 1e-9 * builtins.max(1.0, count):
            raise ValueError(
                f"Slider {name!r}: max - min = {max - min!r} is not a whole number of steps of {step!r}; "
                "choose a step that divides it."
            )
        integer = all(isinstance(v, int) and not isinstance(v, bool) for v in (min, max, step))
        if integer:
            self.values = list(range(min, max + 1, step))
        else:
            self.values = [float(f"{min + k * step:.12g}") for k in range(round(count) + 1)]
        self.name, self.label = name, label or name
        self.min, self.max, self.step = min, max, step
        self.value = self.values[0] if value is None else self.values[self.index(value)]
        self.labels = [self._format(v) for v in self.values]
        self.play = play

    def _same(self, a, b):
        if isinstance(b, bool) or not isinstance(b, (int, float)):
            return False
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9 * abs(self.step))

    def _format(self, value):
        if isinstance(value, int):
            return str(value)
        decimals = 0
        while decimals < 10 and any(abs(round(v, decimals) - v) > 1e-9 for v in (self.step, self.min)):
            decimals += 1
        return f"{value:.{decimals}f}"


class Dropdown(_Control):
    """A choice among named options.

    Parameters
    ----------
    name : str
    options : list of str, or list of (label, value) pairs
        Plain strings are both label and value.
    value : optional
        Default choice (a value, not a label); the first option when omitted.
    label : str, optional
        The visible label; ``name`` by default.

    Examples
    --------
    >>> d = Dropdown("activation", options=["relu", "tanh"], value="tanh")
    >>> d.values, d.value
    (['relu', 'tanh'], 'tanh')
    >>> d.index("gelu")
    Traceback (most recent call last):
    ...
    ValueError: Dropdown 'activation' cannot take 'gelu'; expected one of 'relu', 'tanh'.
    """

    kind = "dropdown"

    def __init__(self, name, *, options, value=None, label=None):
        _check_name(name, "Dropdown")
        pairs = []
        for option in options:
            if isinstance(option, str):
                pairs.append((option, option))
            elif isinstance(option, (tuple, list)) and len(option) == 2:
                pairs.append((str(option[0]), option[1]))
            else:
                raise ValueError(
                    f"Dropdown {name!r} has option {option!r}; expected a string or a (label, value) pair."
                )
        if not pairs:
            raise ValueError(f"Dropdown {name!r} has no options; expected at least one.")
        self.name, self.label = name, label or name
        self.labels = [label for label, _ in pairs]
        self.values = [value for _, value in pairs]
        self.value = self.values[0] if value is None else self.values[self.index(value)]

    @property
    def tokens(self):
        """Each option's value when it is a plain string or number, else its label."""
        plain = [str(v) if isinstance(v, (str, int, float)) and not isinstance(v, bool) else None for v in self.values]
        if None in plain or len(set(plain)) < len(plain):
            return list(self.labels)
        return plain


class Checkbox(_Control):
    """An on/off switch.

    Parameters
    ----------
    name : str
    value : bool, default False
    label : str, optional
        The visible label; ``name`` by default.

    Examples
    --------
    >>> Checkbox("show_derivative", label="Show derivative").values
    [False, True]
    """

    kind = "checkbox"

    def __init__(self, name, *, value=False, label=None):
        _check_name(name, "Checkbox")
        self.name, self.label = name, label or name
        self.values, self.labels = [False, True], ["off", "on"]
        if not isinstance(value, bool):
            raise ValueError(f"Checkbox {name!r} cannot take {value!r}; expected True or False.")
        self.value = value

    @property
    def tokens(self):
        return ["false", "true"]

    def _same(self, a, b):
        return isinstance(b, bool) and a == b


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
    max_states : int, optional
        Largest control grid allowed: :data:`MAX_STATES`, or with a time axis
        :data:`MAX_TIMED_STATES` (and :data:`MAX_STATES` settings of the other
        controls).

    Raises
    ------
    ValueError
        For a bad key, two controls of the same name, two time axes, or a
        control grid larger than allowed.

    Notes
    -----
    Displayed as the last expression of a cell, an Explorer produces one output
    holding both lives: the live ipywidgets view (which Jupyter shows) and the
    baked HTML (which the book shows); see :mod:`actlab.explorers`.

    Attributes
    ----------
    time : Slider or None
        The time axis (the slider made with ``play=True``), if any.
    state_count : int
        How many control combinations the page bakes.
    """

    def __init__(self, key, *, controls, draw, title=None, max_states=None):
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
        timed = [c.name for c in controls if c.play]
        if len(timed) > 1:
            raise ValueError(
                f"Explorer {key!r} has {len(timed)} time axes (play=True): {', '.join(timed)}; expected at most one."
            )
        self.key, self.controls, self.draw, self.title = key, controls, draw, title or ""
        self.time = self.control(timed[0]) if timed else None
        self.state_count = math.prod(len(c.values) for c in controls)
        sizes = " x ".join(f"{len(c.values)} ({c.name})" for c in controls)
        if self.time is not None:
            settings = self.state_count // len(self.time.values)
            if settings > MAX_STATES:
                raise ValueError(
                    f"Explorer {key!r} has {settings} settings besides its time axis ({sizes}), more than the "
                    f"{MAX_STATES} a page can bake; coarsen a slider's step or drop options."
                )
        max_states = max_states or (MAX_TIMED_STATES if self.time is not None else MAX_STATES)
        if self.state_count > max_states:
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
        from actlab.explorers.render import render

        return render(self.scene(**values))

    def fragment(self, **values):
        """The end of a link that opens this explorer at a setting on its page, e.g. ``'#grid-bending:depth=3'``.

        The values are checked as :meth:`scene` checks them; controls left out
        keep their defaults. Append it to the page's address:
        ``01_why_nonlinearity.html#grid-bending:activation=tanh&depth=3``.

        Examples
        --------
        >>> from actlab.explorers import Dropdown
        >>> e = Explorer("act", controls=[Dropdown("name", options=[("ReLU", "relu"), ("tanh", "tanh")]),
        ...                               Slider("depth", min=1, max=3, step=1)], draw=lambda name, depth: None)
        >>> e.fragment(name="tanh", depth=3)
        '#act:name=tanh&depth=3'
        >>> e.fragment(depth=4)
        Traceback (most recent call last):
        ...
        ValueError: Slider 'depth' cannot take 4; expected one of 1, 2, 3.
        """
        self.values(**values)
        parts = []
        for control in self.controls:
            if control.name in values:
                token = control.tokens[control.index(values[control.name])]
                parts.append(f"{control.name}={quote(token, safe='')}")
        return f"#{self.key}:" + "&".join(parts) if parts else f"#{self.key}"

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
        from actlab.explorers import bake

        view = self.live()
        baked = self.to_html() if bake.on_display() else bake.placeholder_html(self, view.image.value)
        return {
            "application/vnd.jupyter.widget-view+json": {
                "version_major": 2,
                "version_minor": 0,
                "model_id": view.widget.model_id,
            },
            "text/html": baked,
            "text/plain": repr(self),
        }

    def __repr__(self):
        names = ", ".join(c.name for c in self.controls)
        return f"<Explorer {self.key!r}: {names}; {self.state_count} states>"
