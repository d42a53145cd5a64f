"""Figure builders of chapter 6, "Softmax and numerical stability".

Each builder returns an :class:`actlab.explorers.Scene` whose alt text is
generated from the numbers it draws.

>>> scene = temperature_bars([2.0, 1.0, 0.0], temperatures=(1.0,))
>>> scene.alt
'One panel of probability bars for the logits 2, 1, 0. At temperature 1: 0.665, 0.245, 0.090.'
"""

import numpy as np

from actlab.explorers import Bars, Line, Panel, Scene, Text
from actlab.palette import OKABE_ITO
from actlab.softmax import softmax

__all__ = ["temperature_bars", "attention_sharpness", "probability_panel"]

_NUMBER_WORDS = {1: "One", 2: "Two", 3: "Three", 4: "Four"}


def _fmt(values):
    return ", ".join(f"{v:.3f}" for v in values)


def temperature_bars(logits, temperatures=(0.5, 1.0, 4.0), *, labels=None):
    r"""Softmax of the same logits at several temperatures, one panel of bars each.

    Used by "The picture". At temperature :math:`T` the probabilities are
    :math:`\operatorname{softmax}(z / T)`: a small :math:`T` sharpens them towards
    the largest logit, a large one flattens them towards uniform.

    Parameters
    ----------
    logits : array_like of shape (k,)
    temperatures : tuple of float
        One panel per temperature, each positive.
    labels : list of str, optional
        A name per class; ``"class 0"``, ``"class 1"``, ... by default.

    Returns
    -------
    Scene
        Alt text lists every probability drawn.
    """
    z = np.asarray(logits, dtype=float)
    labels = labels or [f"class {i}" for i in range(z.size)]
    panels, sentences = [], []
    for T in temperatures:
        if T <= 0:
            raise ValueError(f"A temperature must be positive; got {T}.")
        p = softmax(z / T)
        items = [Bars(labels, p, color=OKABE_ITO["blue"], width=0.6)]
        items += [Text(i, pi + 0.03, f"{pi:.2f}", size=9, ha="center") for i, pi in enumerate(p)]
        panels.append(Panel(items, title=f"temperature {T:g}", ylim=(0, 1.1)))
        sentences.append(f"At temperature {T:g}: {_fmt(p)}.")
    count = _NUMBER_WORDS.get(len(panels), str(len(panels)))
    noun = "panel" if len(panels) == 1 else "panels"
    head = f"{count} {noun} of probability bars for the logits {', '.join(f'{v:g}' for v in z)}."
    return Scene(panels, alt=" ".join([head, *sentences]))


def attention_sharpness(dims, largest_weight, largest_weight_scaled):
    r"""The largest attention weight against the key dimension, with and without the :math:`1/\sqrt d` scaling.

    Used by "Softmax inside networks".

    Parameters
    ----------
    dims : array_like of int
        Key dimensions :math:`d`.
    largest_weight, largest_weight_scaled : array_like
        The mean largest softmax weight per query, unscaled and scaled.

    Returns
    -------
    Scene
    """
    d = np.asarray(dims, dtype=float)
    plain, scaled = np.asarray(largest_weight), np.asarray(largest_weight_scaled)
    panel = Panel(
        [
            Line(d, plain, color=OKABE_ITO["vermillion"], label="scores $q \\cdot k$"),
            Line(d, scaled, color=OKABE_ITO["blue"], label="scores $q \\cdot k / \\sqrt{d}$"),
        ],
        title="largest attention weight",
        xlabel="key dimension $d$",
        xscale="log",
        ylim=(0, 1.05),
        legend=True,
    )
    alt = (
        f"Line chart over key dimensions {int(d[0])} to {int(d[-1])}. Without scaling the largest weight "
        f"rises from {plain[0]:.2f} to {plain[-1]:.2f}; with the 1/sqrt(d) scaling it stays between "
        f"{scaled.min():.2f} and {scaled.max():.2f}."
    )
    return Scene(panel, alt=alt)


def probability_panel(probabilities, *, title="", true_class=None, labels=None):
    """Bars of a probability vector in which NaN and infinite entries are marked in words.

    Used by the explorer "Softmax under pressure": a bar that is NaN or infinite
    cannot be drawn, so it gets a label instead ("NaN", "inf").

    Parameters
    ----------
    probabilities : array_like of shape (k,)
    title : str
    true_class : int, optional
        Drawn in orange, the others in blue.
    labels : list of str, optional
        A name per class; ``"0"``, ``"1"``, ... by default.

    Returns
    -------
    Panel
    """
    p = np.asarray(probabilities, dtype=float)
    k = p.size
    finite = np.where(np.isfinite(p), p, 0.0)
    labels = labels or [str(i) for i in range(k)]
    is_true = np.arange(k) == true_class
    items = [
        Bars(labels, np.where(is_true, 0.0, finite), color=OKABE_ITO["blue"], width=0.6),
        Bars(labels, np.where(is_true, finite, 0.0), color=OKABE_ITO["orange"], width=0.6, label="true class"),
    ]
    for i, v in enumerate(p):
        if np.isnan(v):
            items.append(Text(i, 0.06, "NaN", size=11, color=OKABE_ITO["vermillion"], ha="center"))
        elif np.isinf(v):
            items.append(Text(i, 0.06, "inf" if v > 0 else "-inf", size=11, color=OKABE_ITO["vermillion"], ha="center"))
        else:
            items.append(Text(i, min(v, 1.0) + 0.04, f"{v:.2f}", size=9, ha="center"))
    return Panel(items, title=title, xlabel="class", ylabel="probability", ylim=(0, 1.15))
