"""Figure builders of chapter 2, "Gradient descent and the learning signal".

Each builder takes the numbers the chapter computed (runs of
:func:`actlab.descent.train_unit`, weight paths, loss histories) and returns an
:class:`actlab.explorers.Scene` whose alt text is generated from those numbers:
how many steps a run needed, whether a path overshot, how far the weights
travelled. What a screen reader hears is what the picture shows.

>>> from actlab.descent import train_unit
>>> run = train_unit("relu", z0=-1.0, lr=1.0, steps=20)
>>> print(one_unit(run, step=20).alt.split(". ")[1])
Its weight has not moved since the start: the slope there is 0, so every gradient is 0.
"""

import functools

import numpy as np

from actlab import activations
from actlab.descent import steps_to_reach
from actlab.explorers import HLine, Line, Panel, Readout, Scatter, Scene, Text, VLine
from actlab.palette import OKABE_ITO

__all__ = ["unit_runs", "learning_rates", "zigzag", "training_curves", "one_unit"]

_GREY = OKABE_ITO["grey"]
#: The output axis of :func:`one_unit` by activation; (-0.6, 1.6) for the others (ReLU and its kin).
_OUTPUT_RANGE = {"sigmoid": (-0.1, 1.1), "tanh": (-1.15, 1.15)}
_DASHES = (None, "--", ":", "-.")


def _fmt(value, digits=3):
    """A number for alt text and titles: three significant digits, no trailing noise."""
    if not np.isfinite(value):
        return "undefined"
    if value == 0:
        return "0"
    return f"{value:.{digits}g}"


@functools.lru_cache(maxsize=32)
def _curve(name, lo, hi, n=121):
    """An activation's values and slopes on ``n`` points from lo to hi (cached: explorers redraw it often)."""
    z = np.linspace(lo, hi, n)
    act = activations.get(name)
    return z, act(z), act.grad(z)


def _tangent(z0, a0, slope, span):
    """A short tangent segment at (z0, a0), at most 1.5 wide on each side and 0.3 * span high on each side."""
    half = 1.5 if abs(slope) * 1.5 <= 0.3 * span else 0.3 * span / abs(slope)
    z = np.array([z0 - half, z0 + half])
    return z, a0 + slope * (z - z0)


def unit_runs(runs, labels, *, target_loss, z_range=(-6.0, 6.0)):
    """Where each run of a one-unit model starts on its activation, and how its loss falls.

    Used by "The picture" of chapter 2 (one sigmoid unit started at two places).

    Parameters
    ----------
    runs : list of actlab.descent.UnitRun
        Runs of :func:`actlab.descent.train_unit`, all with the same target ``y``.
    labels : list of str
        One short name per run, e.g. ``"start z = 0"``.
    target_loss : float
        The loss each run must reach; drawn as a dashed line, and the step at
        which each run first reaches it is marked and put in the alt text.
    z_range : tuple of float, default (-6, 6)
        The pre-activations shown in the left panel.

    Returns
    -------
    Scene
        Left: the activation curve(s), each start marked with the tangent of the
        curve there (its slope is the activation's share of the gradient).
        Right: the loss of every run over the steps.

    Examples
    --------
    >>> from actlab.descent import train_unit
    >>> runs = [train_unit("sigmoid", z0=z0, lr=5.0, steps=200) for z0 in (0.0, 5.0)]
    >>> scene = unit_runs(runs, ["start z = 0", "start z = 5"], target_loss=5e-5)
    >>> print(scene.alt.split("To get there, ")[1].replace("; ", ";\\n"))
    from start z = 0 (sigmoid, slope 0.25) it takes 13 steps;
    from start z = 5 (sigmoid, slope 0.0066) it takes 152 steps.
    """
    if len(runs) != len(labels):
        raise ValueError(f"got {len(runs)} runs but {len(labels)} labels; expected one label per run.")
    curve_items, loss_items, sentences = [], [], []
    drawn = set()
    for i, (run, label) in enumerate(zip(runs, labels)):
        act = activations.get(run.activation)
        dash = _DASHES[i % len(_DASHES)]
        if run.activation not in drawn:
            z, a, slope = _curve(run.activation, *z_range)
            curve_items.append(Line(z, a, color=act.color, width=2.0, label=act.label, slope=slope))
            drawn.add(run.activation)
        z0, a0, s0 = run.z[0], run.a[0], run.slope[0]
        if a0 > 0.85:  # on the upper shoulder: label above, to the left
            where = dict(x=z0 - 0.3, y=a0 + 0.07, ha="right")
        elif a0 < 0.15:  # on the lower shoulder: label above, to the right
            where = dict(x=z0 + 0.3, y=a0 + 0.07, ha="left")
        else:  # on the steep part: label below, to the right
            where = dict(x=z0 + 0.4, y=a0 - 0.1, ha="left")
        curve_items += [
            Line(*_tangent(z0, a0, s0, span=1.25), color=_GREY, width=1.2, dash="--"),
            Scatter([z0], [a0], color=act.color, size=50),
            Text(text=f"{label}: slope {_fmt(s0, 2)}", **where),
        ]
        steps = np.arange(run.steps + 1)
        loss_items.append(Line(steps, run.loss, color=act.color, width=2.0, dash=dash, label=f"{act.label}, {label}"))
        reached = steps_to_reach(run.loss, target_loss)
        if reached is None:
            sentences.append(
                f"from {label} ({act.label}, slope {_fmt(s0, 2)}) the loss never reaches "
                f"{_fmt(target_loss)} in {run.steps} steps"
            )
        else:
            loss_items.append(Scatter([reached], [run.loss[reached]], color=act.color, size=40))
            sentences.append(f"from {label} ({act.label}, slope {_fmt(s0, 2)}) it takes {reached} steps")
    curve_items.append(HLine(runs[0].y, color=_GREY, dash=":"))
    curve_items.append(Text(z_range[0] + 0.2, runs[0].y + 0.04, f"target {runs[0].y:g}"))
    panels = [
        Panel(
            curve_items,
            title="where each run starts",
            xlabel="pre-activation $z$",
            ylabel="$a = \\phi(z)$",
            xlim=z_range,
            ylim=(-0.1, 1.15),
        ),
        Panel(
            loss_items,
            title="loss over the steps",
            xlabel="step",
            ylabel="loss $L$",
            legend=True,
            ylim=(0.0, 1.1 * float(np.nanmax([np.nanmax(r.loss) for r in runs]))),
        ),
    ]
    alt = (
        f"Two panels. Left: the activation curve with each starting point marked and the tangent there. "
        f"Right: the loss of each run over {runs[0].steps} steps, with a dot where it first falls to "
        f"{_fmt(target_loss)}. To get there, " + "; ".join(sentences) + "."
    )
    return Scene(panels, alt=alt)


def learning_rates(loss, paths, *, w_star):
    """Gradient descent on a one-weight loss: the same curve, one panel per learning rate.

    Used by "Gradient descent on one weight".

    Parameters
    ----------
    loss : callable
        ``loss(w)`` for an array of weights.
    paths : dict
        Learning rate -> the weights visited, ``w_0, w_1, ..., w_T``.
    w_star : float
        The minimiser, drawn as a vertical line.

    Returns
    -------
    Scene
        Each panel: the loss curve, the weights visited as dots joined in order,
        and a title saying whether the steps crept, converged, overshot or diverged.

    Examples
    --------
    >>> paths = {0.1: 2 * 0.8 ** np.arange(6), 1.9: 2 * (-0.9) ** np.arange(6)}
    >>> scene = learning_rates(lambda w: w ** 2, paths, w_star=0.0)
    >>> [p.title for p in scene.panels]
    ['η = 0.1: creeps', 'η = 1.9: overshoots, converges']
    """
    panels, sentences = [], []
    for lr, path in paths.items():
        path = np.asarray(path, dtype=float)
        error = path - w_star
        span = 1.1 * max(float(np.nanmax(np.abs(error))), 1e-9)
        w = np.linspace(w_star - span, w_star + span, 201)
        curve = loss(w)
        flips = np.count_nonzero(np.sign(error[1:]) != np.sign(error[:-1]))
        shrink = abs(error[-1]) / abs(error[0]) if error[0] != 0 else 0.0
        if shrink > 1:
            verdict = "overshoots, diverges"
        elif flips:
            verdict = "overshoots, converges"
        elif shrink > 0.1:
            verdict = "creeps"
        else:
            verdict = "converges"
        color = OKABE_ITO["blue"]
        panels.append(
            Panel(
                [
                    Line(w, curve, color=_GREY, width=2.0),
                    VLine(w_star, color=_GREY, dash=":"),
                    Line(path, loss(path), color=color, width=1.0),
                    Scatter(path, loss(path), color=color, size=22),
                    Scatter(path[:1], loss(path[:1]), color=OKABE_ITO["vermillion"], size=45),
                ],
                title=f"η = {lr:g}: {verdict}",
                xlabel="weight $w$",
                ylabel="loss $L(w)$",
                xlim=(w[0], w[-1]),
                ylim=(min(curve.min(), 0.0), curve.max() * 1.05),
            )
        )
        sentences.append(
            f"with learning rate {lr:g} the weight {verdict}: after {len(path) - 1} steps it is "
            f"{_fmt(abs(error[-1]))} from the minimum, against {_fmt(abs(error[0]))} at the start"
            + (f", crossing it {flips} times" if flips else "")
        )
    count = "One panel shows" if len(panels) == 1 else f"{len(panels)} panels show"
    alt = (
        f"{count} the same loss curve, a parabola in the weight w with its minimum at "
        f"w = {w_star:.2f} (each panel zoomed to the weights it visits), and the weights that gradient "
        f"descent visits, starting from the red dot. " + " ".join(s[0].upper() + s[1:] + "." for s in sentences)
    )
    return Scene(panels, alt=alt)


def _ellipse(C, w_star, level, n=121):
    """Points where 0.5 (w - w*)^T C (w - w*) equals ``level``."""
    values, vectors = np.linalg.eigh(C)
    t = np.linspace(0, 2 * np.pi, n)
    circle = np.stack([np.cos(t), np.sin(t)])  # (2, n)
    radii = np.sqrt(2 * level / values)[:, None]  # (2, 1)
    return (vectors @ (radii * circle)).T + w_star  # (2, 2) @ (2, n) -> (2, n), transposed to (n, 2)


def zigzag(cases, *, w_star, levels=(1.0, 0.4, 0.1, 0.02)):
    """Paths of per-example gradient descent over the loss contours of a two-weight unit.

    Used by "Zero-centred inputs".

    Parameters
    ----------
    cases : list of (title, path, C)
        ``path`` is an array ``(T + 1, 2)`` of the weights visited; ``C`` the
        ``(2, 2)`` matrix of the quadratic loss ``0.5 (w - w*)^T C (w - w*)``
        (the mean of ``x x^T`` over the inputs), whose level sets are drawn.
    w_star : array_like, shape (2,)
        The weights that fit the data exactly.
    levels : tuple of float
        Loss levels of the contour lines, as fractions of the loss at the start
        of each path (so the outermost contour passes through the start).

    Returns
    -------
    Scene
        One panel per case, equal aspect, with the fraction of steps that moved
        both weights the same way in the alt text.

    Examples
    --------
    >>> path = np.array([[0.0, 0.0], [0.5, 0.5], [0.5, -0.5], [1.0, -1.0]])
    >>> scene = zigzag([("demo", path, np.eye(2))], w_star=[1.0, -1.0])
    >>> "1 of its 3 steps" in scene.alt
    True
    """
    w_star = np.asarray(w_star, dtype=float)
    panels, sentences = [], []
    color = OKABE_ITO["blue"]
    for title, path, C in cases:
        path = np.asarray(path, dtype=float)
        C = np.asarray(C, dtype=float)
        steps = np.diff(path, axis=0)
        same = int(np.count_nonzero(np.sign(steps[:, 0]) * np.sign(steps[:, 1]) > 0))
        length = float(np.sum(np.hypot(steps[:, 0], steps[:, 1])))
        offset = path[0] - w_star
        start_loss = 0.5 * float(offset @ C @ offset)  # (2,) @ (2, 2) @ (2,) -> scalar
        items = [Line(*_ellipse(C, w_star, level * start_loss).T, color=_GREY, width=0.8) for level in levels]
        items += [
            Line(path[:, 0], path[:, 1], color=color, width=1.0),
            Scatter(path[:, 0], path[:, 1], color=color, size=10),
            Scatter([path[0, 0]], [path[0, 1]], color=OKABE_ITO["vermillion"], size=45),
            Scatter([w_star[0]], [w_star[1]], color=OKABE_ITO["black"], size=60),
        ]
        panels.append(Panel(items, title=title, xlabel="$w_1$", ylabel="$w_2$", aspect="equal"))
        sentences.append(
            f"{title}: {same} of its {len(steps)} steps move both weights the same way, and the path is "
            f"{length:.2f} long"
        )
    count = "One panel" if len(panels) == 1 else f"{len(panels)} panels"
    start = np.asarray(cases[0][1][0], dtype=float)
    alt = (
        f"{count} of the plane of two weights, with grey loss contours around the best weights "
        f"({w_star[0]:g}, {w_star[1]:g}), marked by a black dot, and the path of gradient descent "
        f"from the red dot at ({start[0]:g}, {start[1]:g}). "
        + "; ".join(sentences)
        + f"; the straight line is {float(np.hypot(*(w_star - start))):.2f} long."
    )
    return Scene(panels, alt=alt, sharex=True, sharey=True)


def training_curves(curves, *, title="", ylabel="training loss"):
    """Loss histories of several trainings on one set of axes.

    Used by "Trainable, not only expressive".

    Parameters
    ----------
    curves : list of (label, loss, activation)
        ``loss`` is one value per epoch; ``activation`` a registry name, which
        gives the colour.
    title, ylabel : str

    Returns
    -------
    Scene

    Examples
    --------
    >>> scene = training_curves([("tanh", [0.7, 0.3, 0.1], "tanh"), ("dead", [0.69, 0.69, 0.69], "relu")])
    >>> scene.alt.split(": ")[1]
    'tanh from 0.7 to 0.1; dead from 0.69 to 0.69.'
    """
    items, sentences = [], []
    for i, (label, loss, name) in enumerate(curves):
        loss = np.asarray(loss, dtype=float)
        act = activations.get(name)
        items.append(
            Line(
                np.arange(1, loss.size + 1),
                loss,
                color=act.color,
                width=2.0,
                dash=_DASHES[i % len(_DASHES)],
                label=label,
            )
        )
        sentences.append(f"{label} from {_fmt(loss[0], 2)} to {_fmt(loss[-1], 2)}")
    top = max(float(np.nanmax(np.asarray(loss, dtype=float))) for _, loss, _ in curves)
    panel = Panel(
        items, title=title, xlabel="epoch", ylabel=ylabel, legend=True, ylim=(0.0, 1.6 * top)
    )  # room above the curves for the legend
    return Scene(
        panel,
        alt=f"Training loss over {len(curves[0][1])} epochs for {len(curves)} networks: " + "; ".join(sentences) + ".",
    )


def one_unit(run, step, *, z_range=(-6.0, 6.0), loss_range=None):
    """One unit learning: where it sits on its activation at a step, and its loss so far.

    Used by the explorer "One unit learning".

    Parameters
    ----------
    run : actlab.descent.UnitRun
        A run of :func:`actlab.descent.train_unit`.
    step : int
        Which step to show, 0 to ``run.steps``.
    z_range : tuple of float, default (-6, 6)
        The pre-activations shown; a unit beyond them is drawn at the edge.
    loss_range : tuple of float, optional
        The loss axis; by default from 0 to the largest loss of the whole run,
        so that every step of one run shares its axes.

    Returns
    -------
    Scene
        Left: the activation curve, the target output (dotted), the unit's
        current pre-activation marked with the tangent there, and a read-out of
        the curve's value and slope. Right: the loss from step 0 to ``step``.
    """
    if isinstance(step, bool) or not isinstance(step, (int, np.integer)) or not 0 <= step <= run.steps:
        raise ValueError(f"step must be a whole number from 0 to {run.steps}; got {step!r}.")
    act = activations.get(run.activation)
    z, a, slope = _curve(run.activation, *z_range)
    zt, at, st, lt = run.z[step], run.a[step], run.slope[step], run.loss[step]
    finite = np.isfinite(zt)
    shown_z = float(np.clip(zt, *z_range)) if finite else z_range[1]
    lo, hi = _OUTPUT_RANGE.get(run.activation, (-0.6, 1.6))
    left = [
        Line(z, a, color=act.color, width=2.0, label=act.label, slope=slope),
        HLine(run.y, color=_GREY, dash=":"),
        Text(z_range[0] + 0.2, run.y + 0.05 * (hi - lo), f"target {run.y:g}"),
    ]
    if finite:
        shown_a = float(np.clip(at, lo, hi))
        left += [
            Line(*_tangent(shown_z, shown_a, st, span=hi - lo), color=_GREY, width=1.2, dash="--"),
            Scatter([shown_z], [shown_a], color=OKABE_ITO["vermillion"], size=55),
        ]
    where = f"z = {zt:.2f}" if finite else "z diverged"
    if finite and shown_z != zt:
        where += " (off the chart)"
    steps = np.arange(run.steps + 1)
    losses = run.loss
    if loss_range is None:
        valid = losses[np.isfinite(losses)]
        loss_range = (0.0, 1.1 * float(valid.max()) if valid.max() > 0 else 1.0)
    right = [
        Line(steps[: step + 1], losses[: step + 1], color=act.color, width=2.0),
        Scatter(
            [step],
            [losses[step] if np.isfinite(losses[step]) else loss_range[1]],
            color=OKABE_ITO["vermillion"],
            size=40,
        ),
    ]
    panels = [
        Panel(
            left,
            title=f"step {step}: {where}, slope {_fmt(st, 2)}",
            xlabel="pre-activation $z$",
            ylabel="output $a$",
            xlim=z_range,
            ylim=(lo, hi),
            readout=Readout(x=shown_z, name="z"),
        ),
        Panel(
            right, title=f"loss {_fmt(lt, 2)}", xlabel="step", ylabel="loss $L$", xlim=(0, run.steps), ylim=loss_range
        ),
    ]
    moved = run.w[: step + 1]
    if step > 0 and np.all(moved == moved[0]):
        story = "Its weight has not moved since the start: the slope there is 0, so every gradient is 0."
    elif run.diverged and not np.isfinite(zt):
        story = "The steps grew until the weight ran off to infinity."
    else:
        story = (
            f"Its loss went from {_fmt(run.loss[0], 2)} at the start to {_fmt(lt, 2)}"
            + (", reaching the target" if finite and abs(at - run.y) < 0.01 else "")
            + "."
        )
    alt = (
        f"A {act.label} unit trained with learning rate {run.lr:g} from z = {run.z[0]:g}, "
        f"shown at step {step}: {where}, output {_fmt(at)}, slope {_fmt(st, 2)}, "
        f"loss {_fmt(lt, 2)}. {story}"
    )
    return Scene(panels, alt=alt)
