"""Figure builders of chapter 1, "Why nonlinearity?".

Each builder returns an :class:`actlab.explorers.Scene`, whose alt text is
generated from the data it draws (how many grid lines stay straight, which
corners a model gets wrong, how far a fit is from its target), so the words a
screen reader hears cannot drift from the picture.

>>> import numpy as np
>>> scene = bent_grids(lambda points, layers, activation: points @ layers, np.eye(2), ["identity"])
>>> scene.alt
'The square grid after 1 random hidden layer. With no activation, all 18 grid lines stay straight.'
"""

import numpy as np

from actlab import activations
from actlab.explorers import Heatmap, Line, Panel, Scatter, Scene
from actlab.palette import OKABE_ITO, pale

__all__ = ["grid_lines", "bent_grids", "decision_regions", "relu_sums"]

_ROWS, _COLUMNS = OKABE_ITO["blue"], OKABE_ITO["orange"]
_CLASS_COLORS = (OKABE_ITO["orange"], OKABE_ITO["blue"])
_REGION_COLORS = (pale("orange"), pale("blue"))


def grid_lines(n_lines=9, n_points=41, half_width=1.5):
    """Return the lines of a square grid, each an array of shape ``(n_points, 2)``.

    Used by "The picture" and the explorer "Bend the grid yourself".

    Parameters
    ----------
    n_lines : int, default 9
        Lines in each direction.
    n_points : int, default 41
        Points along each line.
    half_width : float, default 1.5
        The grid covers ``[-half_width, half_width]`` squared.

    Returns
    -------
    list of ndarray
        ``n_lines`` horizontal lines, then ``n_lines`` vertical ones.

    Examples
    --------
    >>> lines = grid_lines(n_lines=3, n_points=5)
    >>> len(lines), lines[0].shape
    (6, (5, 2))
    """
    ticks = np.linspace(-half_width, half_width, n_lines)
    dense = np.linspace(-half_width, half_width, n_points)
    horizontal = [np.column_stack([dense, np.full_like(dense, t)]) for t in ticks]
    vertical = [np.column_stack([np.full_like(dense, t), dense]) for t in ticks]
    return horizontal + vertical


def _is_straight(line, tol=1e-6):
    """Whether every point of a polyline lies on the chord through its ends."""
    chord = line[-1] - line[0]
    length = np.hypot(*chord)
    if length < tol:
        return bool(np.all(np.hypot(*(line - line[0]).T) < tol))
    offsets = line - line[0]
    distance = np.abs(offsets[:, 0] * chord[1] - offsets[:, 1] * chord[0]) / length
    return bool(distance.max() < tol * max(1.0, length))


def _describe(activation):
    return "no activation" if activation == "identity" else activations.get(activation).label


def bent_grids(push, layers, names):
    """The square grid after a network, one panel per activation between its layers.

    Used by "The picture" (three activations, one set of weights) and by the
    explorer "Bend the grid yourself" (one panel). The grid's rows are blue and its
    columns orange. Each panel is rescaled to a standard box: the rescaling is
    affine, so it can neither bend a straight line nor straighten a bent one.

    Parameters
    ----------
    push : callable
        ``push(points, layers, activation) -> points``, the chapter's network:
        ``(n, 2)`` points in, ``(n, 2)`` points out.
    layers : object
        The weights, passed to ``push`` unchanged; ``len(layers) - 1`` is the
        number of hidden layers shown in the titles.
    names : list of str
        Registry names of the activations, one panel each (``"identity"`` is
        titled "no activation").

    Returns
    -------
    Scene
        With alt text that counts, for each panel, the grid lines that stay
        straight.
    """
    lines = grid_lines()
    n_rows = len(lines) // 2
    depth = len(layers) - 1
    layers_word = "layer" if depth == 1 else "layers"
    panels, sentences = [], []
    for name in names:
        out = [np.asarray(push(line, layers, name), dtype=float) for line in lines]
        points = np.concatenate(out)
        centre, spread = points.mean(axis=0), points.std(axis=0) + 1e-12
        out = [(line - centre) / spread for line in out]
        items = [Line(*line.T, color=_ROWS if i < n_rows else _COLUMNS, width=1.0) for i, line in enumerate(out)]
        title = f"{_describe(name)}, {depth} hidden {layers_word}" if depth >= 1 else _describe(name)
        panels.append(Panel(items, title=title, xlim=(-3, 3), ylim=(-3, 3)))
        bent = len(out) - sum(_is_straight(line) for line in out)
        if bent == 0:
            verdict = f"all {len(out)} grid lines stay straight"
        elif bent == len(out):
            verdict = f"all {len(out)} grid lines are bent or broken"
        else:
            verdict = f"{bent} of the {len(out)} grid lines are bent or broken"
        sentences.append(f"With {_describe(name)}, {verdict}.")
    if len(panels) == 1:
        alt = f"The square grid after {depth} random hidden {layers_word}. " + sentences[0]
    else:
        alt = f"{len(panels)} panels show the square grid after the same random network. " + " ".join(sentences)
    return Scene(panels, alt=alt)


def decision_regions(models, corners, labels, *, half_width=1.5):
    """Where each model says class 1, shaded, with the four corners of XOR on top.

    Used by "XOR: no line works, four ReLUs do".

    Parameters
    ----------
    models : dict
        Panel title -> ``score(X)``, a function from ``(n, 2)`` points to ``(n,)``
        scores; the model says class 1 where the score is positive.
    corners : ndarray of shape (4, 2)
    labels : ndarray of shape (4,)
        0 or 1 for each corner.
    half_width : float, default 1.5
        The panels show ``[-half_width, half_width]`` squared.

    Returns
    -------
    Scene
        With alt text naming the corners each model gets wrong.

    Examples
    --------
    >>> corners = np.array([[1.0, 1.0], [-1.0, -1.0], [1.0, -1.0], [-1.0, 1.0]])
    >>> scene = decision_regions({"a line": lambda X: X[:, 0]}, corners, np.array([0, 0, 1, 1]))
    >>> scene.alt.split(". ")[1]
    'a line: 2 of 4 corners right, wrong at (1, 1) and (-1, 1).'
    """
    side = np.linspace(-half_width, half_width, 121)
    gx, gy = np.meshgrid(side, side)
    grid = np.column_stack([gx.ravel(), gy.ravel()])  # (121 * 121, 2)
    panels, sentences = [], []
    for title, score in models.items():
        regions = (np.asarray(score(grid)) > 0).astype(float).reshape(gx.shape)
        colors = [_CLASS_COLORS[int(t)] for t in labels]
        panels.append(
            Panel(
                [
                    Heatmap(regions, extent=(-half_width, half_width) * 2, colors=_REGION_COLORS, vmin=0.0, vmax=1.0),
                    Scatter(corners[:, 0], corners[:, 1], size=60, color=colors),
                ],
                title=title,
                xlabel="$x_1$",
                ylabel="$x_2$",
                aspect="equal",
            )
        )
        said = (np.asarray(score(corners)) > 0).astype(int)
        wrong = [f"({c[0]:g}, {c[1]:g})" for c, s, t in zip(corners, said, labels) if s != t]
        right = len(corners) - len(wrong)
        sentence = f"{title}: {right} of {len(corners)} corners right"
        if wrong:
            sentence += ", wrong at " + " and ".join(wrong)
        sentences.append(sentence)
    alt = (
        f"{len(panels)} panels over the square from {-half_width:g} to {half_width:g}, the class-1 region "
        f"shaded blue, the class-1 corners blue and the class-0 corners orange. " + ". ".join(sentences) + "."
    )
    return Scene(panels, alt=alt)


def relu_sums(target, fit, evaluate, units=(3, 6, 12), *, lo=0.0, hi=2 * np.pi):
    """A curve and its approximations by sums of ReLU ramps, one panel per number of units.

    Used by "Enough ReLUs follow any curve".

    Parameters
    ----------
    target : callable
        The curve, e.g. ``np.sin``.
    fit : callable
        ``fit(target, n_units) -> (knots, c0, c)``, the chapter's fitting rule.
    evaluate : callable
        ``evaluate(x, knots, c0, c) -> y``, the sum of ramps.
    units : tuple of int, default (3, 6, 12)
    lo, hi : float
        The interval shown.

    Returns
    -------
    Scene
        With alt text giving each fit's largest error.
    """
    x = np.linspace(lo, hi, 801)
    grey, blue = OKABE_ITO["grey"], activations.get("relu").color
    panels, errors = [], []
    for i, n in enumerate(units):
        knots, c0, c = fit(target, n)
        approx = evaluate(x, knots, c0, c)
        errors.append(f"{n} units, largest error {np.max(np.abs(approx - target(x))):.2f}")
        panels.append(
            Panel(
                [
                    Line(x, target(x), color=grey, width=3.0, label="target"),
                    Line(x, approx, color=blue, width=1.5, label="sum of ReLUs"),
                    Scatter(knots, evaluate(knots, knots, c0, c), color=blue, size=18),
                ],
                title=f"{n} ReLU units",
                xlabel="$x$",
                ylim=(-1.3, 1.3),
                legend=(i == 0),
            )
        )
    alt = (
        f"{len(panels)} panels: the target curve in thick grey and, in blue, a broken line made of ReLU ramps "
        "whose starts are marked with dots; " + "; ".join(errors) + "."
    )
    return Scene(panels, alt=alt)
