"""Plot helpers and the one palette of the course.

Every activation has one colour, the same on every page, in every figure and in
every explorer. The colours come from the Okabe-Ito palette, which stays
distinguishable for the common forms of colour blindness; where the palette runs
out, a line style tells related activations apart (``gelu`` solid,
``gelu_tanh`` dashed).

Helpers take ``ax=None`` (draw on a new Axes) and return the Axes they drew on.
Nothing here changes matplotlib's global ``rcParams``.
"""

import matplotlib.pyplot as plt
import numpy as np

from actlab import activations

__all__ = ["PALETTE", "color", "linestyle", "new_axes", "plot_activation"]

#: Okabe-Ito colours by name (Okabe & Ito, *Color Universal Design*, 2008).
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "grey": "#7F7F7F",
}

#: The colour of each activation, by registry name.
PALETTE = {
    "identity": OKABE_ITO["grey"],
    "step": OKABE_ITO["black"],
    "sigmoid": OKABE_ITO["orange"],
    "tanh": OKABE_ITO["reddish_purple"],
    "relu": OKABE_ITO["blue"],
    "leaky_relu": OKABE_ITO["sky_blue"],
    "elu": OKABE_ITO["bluish_green"],
    "selu": OKABE_ITO["bluish_green"],
    "softplus": OKABE_ITO["grey"],
    "swish": OKABE_ITO["vermillion"],
    "silu": OKABE_ITO["vermillion"],
    "gelu": OKABE_ITO["black"],
    "gelu_tanh": OKABE_ITO["black"],
    "mish": OKABE_ITO["yellow"],
}

_LINESTYLES = {"selu": "--", "softplus": "-.", "gelu_tanh": "--", "silu": "--", "identity": ":"}


def color(name):
    """Return the course's colour for an activation.

    Parameters
    ----------
    name : str
        A registry name such as ``"relu"``.

    Returns
    -------
    str
        A hex colour string; unknown names get neutral grey.

    Examples
    --------
    >>> color("relu")
    '#0072B2'
    """
    return PALETTE.get(name, OKABE_ITO["grey"])


def linestyle(name):
    """Return the line style that tells ``name`` apart from an activation of the same colour.

    Examples
    --------
    >>> linestyle("gelu_tanh")
    '--'
    """
    return _LINESTYLES.get(name, "-")


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
    ax.plot(z, y, color=color(name), linestyle=linestyle(name), label=label or name)
    ax.axhline(0.0, color="0.8", linewidth=0.8, zorder=0)
    ax.axvline(0.0, color="0.8", linewidth=0.8, zorder=0)
    ax.set_xlabel("input $z$")
    return ax
