"""Controls declared as data: a slider, a dropdown, a checkbox.

Each control knows its name, its visible label, its default value and the
finite list of values it can take. That list is what makes an explorer bakeable:
the static page holds one picture per combination of values. A slider therefore
moves over a fixed grid ``min, min + step, ..., max``, in Jupyter as on the page.

Examples
--------
>>> Slider("depth", min=1, max=5, step=1, value=3).values
[1, 2, 3, 4, 5]
>>> Slider("scale", min=0.0, max=1.0, step=0.25, value=0.5).values
[0.0, 0.25, 0.5, 0.75, 1.0]
>>> Dropdown("act", options=[("ReLU", "relu"), ("tanh", "tanh")]).labels
['ReLU', 'tanh']
"""

import builtins
import math

__all__ = ["Slider", "Dropdown", "Checkbox"]


def _check_name(name, kind):
    if not isinstance(name, str) or not name.isidentifier():
        raise ValueError(f"{kind} name {name!r} is not a Python identifier; expected a name such as 'depth'.")


class _Control:
    """What every control shares: ``name``, ``label``, ``values``, ``labels`` and a default ``value``."""

    kind = "control"

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

    Examples
    --------
    >>> Slider("depth", min=1, max=3, step=1, value=2, label="Layers").index(2)
    1
    >>> Slider("depth", min=1, max=3, step=1).index(7)
    Traceback (most recent call last):
    ...
    ValueError: Slider 'depth' cannot take 7; expected one of 1, 2, 3.
    """

    kind = "slider"

    def __init__(self, name, *, min, max, step, value=None, label=None):
        _check_name(name, "Slider")
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

    def _same(self, a, b):
        return isinstance(b, bool) and a == b
