"""Read-outs: a curve's value (and slope) under a vertical guide, as a sentence.

A panel declared with ``readout=Readout(x=1.0)`` lets the reader point at the
plot -- mouse, touch, or the arrow keys -- and read, for each labelled
:class:`~actlab.explorers.Line`, its value at that x and, where the line was
given one (``Line(x, y, slope=dy_dx)``), its slope. The result is a sentence::

    x = 1.00: ReLU 1.00, slope 1.00; sigmoid 0.731, slope 0.197.

which the page puts in a live region (a screen reader announces it) and the
live Jupyter view prints under the figure.

Both lives must print the same sentence, so everything about it is decided
here, in a way the browser can repeat exactly:

- **Where.** The guide moves on a grid ``x = i * step`` (``step`` a 1, 2 or 5
  times a power of ten, at most 200 positions across the panel), so the x printed
  is a short decimal, and ``i * m / 10**d`` (``step = m / 10**d``) is the same
  double in Python and JavaScript.
- **What.** Between two samples the value is interpolated linearly, on the
  line's values rounded to seven significant digits (relative to the largest),
  which is what the page receives (:func:`fine`). At a sample it is the sample.
  Next to a NaN or infinite sample the read-out says so (``NaN``, ``+∞``).
- **How printed.** :func:`format_number`: three significant digits, rounding
  halves away from zero as JavaScript's ``toExponential`` does.

Examples
--------
>>> import numpy as np
>>> from actlab.explorers import Line, Panel
>>> z = np.linspace(-3, 3, 61)
>>> panel = Panel([Line(z, np.maximum(z, 0), slope=(z > 0) * 1.0, label="ReLU"),
...                Line(z, np.tanh(z), slope=1 - np.tanh(z) ** 2, label="tanh")],
...               xlim=(-3, 3), readout=Readout(x=1.0))
>>> text(panel)
'x = 1.00: ReLU 1.00, slope 1.00; tanh 0.762, slope 0.420.'
"""

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext

import numpy as np

__all__ = ["Readout", "grid", "fine", "value_at", "format_number", "text", "values"]

#: Significant digits kept of the values a read-out reads (see :func:`fine`).
DIGITS = 7
#: About how many positions the guide takes across a panel.
POSITIONS = 200

_SUPERSCRIPT = str.maketrans("-0123456789", "\u207b\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079")


@dataclass(eq=False)
class Readout:
    """Where a panel's read-out starts, and how it moves.

    Parameters
    ----------
    x : float
        The guide's first position; the static picture shows the read-out there.
    step : float, optional
        Distance between the guide's positions (one arrow-key press). By default
        a 1, 2 or 5 times a power of ten that gives at most 200 positions across
        the panel.
    name : str, default "x"
        What the x axis is called in the sentence (``"z = 1.00: ..."``).

    Examples
    --------
    >>> Readout(x=1.0).x
    1.0
    >>> Readout(x=float("nan"))
    Traceback (most recent call last):
    ...
    ValueError: Readout x must be a finite number; got nan.
    """

    x: float
    step: float | None = None
    name: str = "x"

    def __post_init__(self):
        try:
            self.x = float(self.x)
        except (TypeError, ValueError):
            raise ValueError(f"Readout x must be a finite number; got {self.x!r}.") from None
        if not math.isfinite(self.x):
            raise ValueError(f"Readout x must be a finite number; got {self.x!r}.")
        if self.step is not None:
            step = float(self.step)
            if not (math.isfinite(step) and step > 0):
                raise ValueError(f"Readout step must be a positive number; got {self.step!r}.")
            _decimal_step(step)  # raises for a step with too many digits
            self.step = step
        self.name = str(self.name)


def _decimal_step(step):
    """``step`` as ``(m, d)`` with ``step == m / 10**d``, ``m`` a positive integer."""
    for d in range(0, 9):
        m = round(step * 10**d)
        if m >= 1 and abs(m / 10**d - step) <= 1e-12 * step:
            return int(m), d
    raise ValueError(f"Readout step {step!r} has too many digits; expected a step such as 0.01, 0.05 or 0.25.")


def _nice_step(span):
    raw = span / POSITIONS
    power = 10.0 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * power >= raw:
            return factor * power
    return 10 * power  # unreachable


def grid(readout, xlim):
    """The guide's positions across ``xlim``, as a dict the page reads too.

    Returns
    -------
    dict
        ``m``, ``d`` (the step is ``m / 10**d``), ``lo`` and ``hi`` (first and last
        position index), ``i`` (the index of the start, ``readout.x`` snapped to
        the grid and into the panel).

    Examples
    --------
    >>> grid(Readout(x=1.0), (-3.0, 3.0))  # steps of 0.05 from -3 to 3
    {'m': 5, 'd': 2, 'lo': -60, 'hi': 60, 'i': 20}
    """
    lo, hi = min(xlim), max(xlim)
    m, d = _decimal_step(readout.step if readout.step is not None else _nice_step(hi - lo))
    step = m / 10.0**d
    first, last = math.ceil(lo / step - 1e-9), math.floor(hi / step + 1e-9)
    start = min(max(round(readout.x / step), first), last)
    return {"m": m, "d": d, "lo": first, "hi": last, "i": start}


def position(g, i):
    """The x of grid position ``i`` (the same double as the page computes)."""
    return (i * g["m"]) / _power(g["d"])


def fine(values):
    """Round values to :data:`DIGITS` significant digits of the largest: integers and a power of ten.

    Returns ``(ints, k)`` with ``values ≈ ints / 10**k`` (``ints`` a float array
    holding integers, non-finite values kept as they are). :func:`unfine`
    inverts it exactly as the page does.

    Examples
    --------
    >>> ints, k = fine([0.5, 0.25, float("inf")])
    >>> ints.tolist(), k
    ([5000000.0, 2500000.0, inf], 7)
    """
    values = np.asarray(values, dtype=float)
    finite = np.abs(values[np.isfinite(values)])
    biggest = float(finite.max()) if finite.size else 0.0
    k = DIGITS - 1 - math.floor(math.log10(biggest)) if biggest > 0 else 0
    k = max(-290, min(290, k))
    with np.errstate(invalid="ignore", over="ignore"):
        ints = np.where(np.isfinite(values), np.round(values * _power(k) if k >= 0 else values / _power(-k)), values)
    return ints, k


def _power(k):
    return float(f"1e{k}")  # exactly the double nearest 10**k, as JavaScript's Number("1e" + k)


def unfine(ints, k):
    """The values :func:`fine` stands for: ``ints / 10**k``, computed as the page computes it."""
    ints = np.asarray(ints, dtype=float)
    return ints / _power(k) if k >= 0 else ints * _power(-k)


def value_at(xs, ys, x):
    """The value of the polyline ``(xs, ys)`` at ``x``, or None outside it.

    ``xs`` must increase. Linear interpolation between neighbouring samples; at a
    sample, the sample itself; between a sample and a NaN or infinite one, that
    value (NaN when the two differ).

    Examples
    --------
    >>> value_at([0.0, 1.0, 2.0], [0.0, 10.0, float("inf")], 0.25)
    2.5
    >>> value_at([0.0, 1.0, 2.0], [0.0, 10.0, float("inf")], 1.5)
    inf
    >>> value_at([0.0, 1.0], [0.0, 1.0], 3.0) is None
    True
    """
    n = len(xs)
    if n == 0 or x < xs[0] or x > xs[n - 1]:
        return None
    i = int(np.searchsorted(xs, x, side="right")) - 1
    if i >= n - 1 or x == xs[i]:
        return float(ys[min(i, n - 1)])
    a, b = float(ys[i]), float(ys[i + 1])
    if math.isfinite(a) and math.isfinite(b):
        t = (x - float(xs[i])) / (float(xs[i + 1]) - float(xs[i]))
        return a + t * (b - a)
    if a == b:  # the same infinity
        return a
    if not math.isfinite(a) and not math.isfinite(b):
        return math.nan
    return a if not math.isfinite(a) else b


def format_number(value):
    """Print a number with three significant digits, as the page prints it.

    Fixed notation from 0.001 up to 100 000, otherwise ``1.23×10⁻⁵``; a true
    minus sign; ``NaN``, ``+∞`` and ``−∞`` for what is not a number.

    Examples
    --------
    >>> [format_number(v) for v in (0.7310585786, -2.0, 0.125, 1234.5, 3.2e-7, 0.0, float("-inf"))]
    ['0.731', '−2.00', '0.125', '1230', '3.20×10⁻⁷', '0', '−∞']
    """
    if value is None:
        return "\u2014"
    value = float(value)
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+\u221e" if value > 0 else "\u2212\u221e"
    if value == 0:
        return "0"
    with localcontext() as ctx:
        ctx.rounding = ROUND_HALF_UP
        mantissa, exponent = format(Decimal(value), ".2e").split("e")
    exponent = int(exponent)
    if -3 <= exponent < 5:
        text = format(Decimal(f"{mantissa}e{exponent}"), "f")
    else:
        text = f"{mantissa}\u00d710{str(exponent).translate(_SUPERSCRIPT)}"
    return text.replace("-", "\u2212")


def readable(item):
    """Whether a read-out reads this item: a line (the only item with a ``slope``) with a label."""
    return hasattr(item, "slope") and bool(item.label)


def values(panel, x):
    """``[(line, value, slope), ...]`` for the labelled lines of ``panel`` at ``x``.

    ``value`` is None outside a line's samples; ``slope`` is None for a line given
    no slope, and also outside a line that has one.
    """
    out = []
    for item in panel.items:
        if readable(item):
            xs = unfine(*fine(item.x))
            value = value_at(xs, unfine(*fine(item.y)), x)
            slope = None if item.slope is None else value_at(xs, unfine(*fine(item.slope)), x)
            out.append((item, value, slope))
    return out


def text(panel, x=None, xlim=None):
    """The read-out sentence of ``panel`` with the guide at ``x`` (where the read-out starts, by default).

    ``x`` is snapped to the guide's grid, which spans ``xlim``: the x limits the
    panel is drawn with (``frames(scene)[i].xlim``), or the panel's own ``xlim``
    when it sets them.
    """
    readout = panel.readout
    xlim = panel.xlim if xlim is None else xlim
    if xlim is None:
        raise ValueError("The read-out's grid spans the panel's x limits: give xlim, as frames(scene) decides it.")
    g = grid(Readout(readout.x if x is None else x, readout.step, readout.name), xlim)
    at = position(g, g["i"])
    parts = []
    for line, value, slope in values(panel, at):
        part = f"{line.label} {format_number(value)}"
        if line.slope is not None:
            part += f", slope {format_number(slope)}"
        parts.append(part)
    head = f"{readout.name} = {_format_x(at, g['d'])}"
    return f"{head}: {'; '.join(parts)}." if parts else f"{head}."


def _format_x(x, decimals):
    text = f"{x:.{decimals}f}"
    if float(text) == 0:
        text = text.lstrip("-")
    return text.replace("-", "\u2212")
