"""Plot helpers and the one palette of the course.

Every activation has one colour and one line style, the same on every page, in
every figure and in every explorer: they are fields of its entry in
:mod:`actlab.activations`, so there is one place to change them. The colours come
from the Okabe-Ito palette (:mod:`actlab.palette`); where the palette runs out, a
line style tells related activations apart (``gelu`` solid, ``gelu_tanh``
dashed).

Helpers take ``ax=None`` (draw on a new Axes) and return the Axes they drew on.
Nothing here changes matplotlib's global ``rcParams``.
"""

import matplotlib.pyplot as plt
import numpy as np

from actlab import activations
from actlab.palette import OKABE_ITO

__all__ = ["color", "linestyle", "new_axes", "plot_activation"]


def color(name):
    """Return the course's colour for an activation.

    Parameters
    ----------
    name : str
        A registry name such as ``"relu"``, or a palette colour such as
        ``"orange"`` (a key of :data:`actlab.palette.OKABE_ITO`).

    Returns
    -------
    str
        A hex colour string.

    Examples
    --------
    >>> color("relu"), color("orange")
    ('#0072B2', '#E69F00')
    """
    if name in OKABE_ITO:
        return OKABE_ITO[name]
    return activations.get(name).color


def linestyle(name):
    """Return the line style that tells ``name`` apart from an activation of the same colour.

    Examples
    --------
    >>> linestyle("gelu_tanh")
    '--'
    """
    return activations.get(name).linestyle


def new_axes(ax=None, *, figsize=(6.4, 4.0)):
    """Return ``ax`` if given, else a fresh Axes on a new figure of size ``figsize``.

    Examples
    --------
    >>> ax = new_axes()
    >>> ax.figure.get_size_inches().tolist()
    [6.4, 4.0]
    """
    if ax is not None:
        return ax
    _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def plot_activation(name, *, ax=None, z=None, derivative=False, label=None, **params):
    """Plot one activation (or its derivative) in the course's colour.

    Parameters
    ----------
    name : str
        Registry name of the activation.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new Axes when omitted.
    z : array_like, optional
        Inputs to evaluate at; 401 points on [-5, 5] by default.
    derivative : bool, default False
        Draw the derivative with respect to the input instead of the function.
    label : str, optional
        Legend label; the registry name by default.
    **params
        Keyword parameters of the activation, such as ``alpha=0.1``.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> ax = plot_activation("tanh", derivative=True)
    >>> ax.lines[0].get_ydata().max().round(3)
    np.float64(1.0)
    """
    act = activations.get(name)
    ax = new_axes(ax)
    z = np.linspace(-5.0, 5.0, 401) if z is None else np.asarray(z, dtype=float)
    y = act.grad(z, **params) if derivative else act(z, **params)
    ax.plot(z, y, color=act.color, linestyle=act.linestyle, label=label or act.label)
    ax.axhline(0.0, color="0.8", linewidth=0.8, zorder=0)
    ax.axvline(0.0, color="0.8", linewidth=0.8, zorder=0)
    ax.set_xlabel("input $z$")
    return ax
