r"""The cheat sheet, generated from :mod:`actlab` and checked against it.

One row per activation of the registry (:mod:`actlab.activations`) and one for
softmax: formula, derivative, range, whether it is zero-centred, where it
saturates, strengths, weaknesses and what to use it for. Every cell is a field of
the object that computes the function, so a change to the registry changes the
sheet. :func:`verify` then reads every printed formula and range back with
:mod:`actlab.reference.tex` and compares them with the code: a derivative typed
wrong, or a range the function leaves, is reported, and the unit tests and the
page itself fail on any report.

>>> print(str(activation_table(["relu"], page="reference/cheatsheet")).splitlines()[2][:62])
| [ReLU](../chapters/03_activation_zoo.md#relu) | $\max(0, z)$
>>> verify(["relu", "softmax"])
[]
"""

from dataclasses import dataclass

import numpy as np

from actlab import activations, losses
from actlab.reference import tex
from actlab.reference._markdown import Markdown
from actlab.reference.links import SECTIONS
from actlab.softmax import softmax

__all__ = [
    "Row",
    "SOFTMAX",
    "WHERE",
    "TASKS",
    "Task",
    "rows",
    "symbols",
    "activation_table",
    "output_table",
    "PrintStyle",
    "print_style",
    "rules",
    "verify",
]


@dataclass(frozen=True)
class Row:
    """What the cheat sheet prints about one function (an activation's registry fields)."""

    name: str
    label: str
    latex: str
    grad_latex: str
    output_range: str
    zero_centred: bool
    saturates: str
    pros: str
    cons: str
    use: str
    params: dict


#: Softmax is a vector-to-vector function, not an elementwise activation, so it is not in the
#: registry; its row lives here, and :func:`verify` checks it against :func:`actlab.softmax.softmax`.
SOFTMAX = Row(
    name="softmax",
    label="softmax",
    latex=r"p_i = \frac{e^{z_i}}{\sum_j e^{z_j}}",
    grad_latex=r"\frac{\partial p_i}{\partial z_j} = p_i(\delta_{ij} - p_j)",
    output_range=r"(0, 1)",
    zero_centred=False,
    saturates="dominant",
    pros="Scores to probabilities that sum to 1",
    cons="Couples the units; overflows unless the largest logit is subtracted",
    use="Output of a multi-class classifier; attention weights",
    params={},
)

#: Symbols some derivatives use, with their definitions (printed after the derivative).
WHERE = {
    "gelu_tanh": ("t", r"\tanh\left(\sqrt{2/\pi}\,(z + 0.044715 z^3)\right)"),
    "mish": ("t", r"\tanh(\log(1 + e^{z}))"),
}

_SATURATES = {
    "both": "both ends",
    "left": "negative side",
    "right": "positive side",
    "no": "no",
    "dominant": "when one logit dominates",
}
_GREEK = {"alpha": "α", "beta": "β", "lambda": "λ"}


def rows(names=None):
    """The sheet's rows: the registry's activations (all by default), then softmax."""
    names = list(names) if names is not None else [*activations.names(), "softmax"]
    out = []
    for name in names:
        if name == "softmax":
            out.append(SOFTMAX)
            continue
        a = activations.get(name)
        out.append(
            Row(
                name,
                a.label or name,
                a.latex,
                a.grad_latex,
                a.output_range,
                a.zero_centred,
                a.saturates,
                a.pros,
                a.cons,
                a.use,
                dict(a.params),
            )
        )
    return out


def _constants(name):
    """Values of the symbols an activation's formulas use besides z: its parameters, SELU's constants."""
    if name == "selu":  # fixed constants of the function, not parameters
        return {"alpha": activations._SELU_ALPHA, "lambda": activations._SELU_SCALE}
    return dict(activations.get(name).params) if name != "softmax" else {}


def symbols(name, z):
    """Every symbol an activation's printed formulas use, evaluated at ``z``.

    Examples
    --------
    >>> sorted(symbols("leaky_relu", 0.0))
    ['alpha', 'z']
    """
    env = {"z": np.asarray(z, dtype=float), **_constants(name)}
    if name in WHERE:
        symbol, definition = WHERE[name]
        env[symbol] = tex.evaluate(definition, **env)
    return env


def _math(latex):
    return "$" + latex.replace("|", r"\vert ") + "$"


def _label_cell(row, page):
    text = SECTIONS[row.name].link(row.label, page=page)
    constants = _constants(row.name)
    if constants:
        values = ", ".join(f"{_GREEK.get(k, k)} = {v:.4g}" for k, v in constants.items())
        if row.name == "selu":  # constants, not parameters: rounded
            values = f"λ ≈ {constants['lambda']:.3f}, α ≈ {constants['alpha']:.3f}"
        text += f" ({values})"
    return text


def _grad_cell(row):
    cell = _math(row.grad_latex)
    if row.name in WHERE:
        symbol, definition = WHERE[row.name]
        cell += f", ${symbol} = {definition}$"
    return cell


def activation_table(names=None, *, page):
    """The cheat sheet's main table, one row per function, as Markdown with MyST links.

    Parameters
    ----------
    names : list of str, optional
        Registry names and ``"softmax"``, in order; all of them by default.
    page : str
        The docname of the page that shows the table (links are relative to it),
        e.g. ``"reference/cheatsheet"``.

    Returns
    -------
    Markdown
    """
    header = [
        "activation",
        r"$\phi(z)$",
        r"$\phi'(z)$",
        "range",
        "zero-centred",
        "saturates",
        "strengths",
        "weaknesses",
        "use it for",
    ]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in rows(names):
        cells = [
            _label_cell(row, page),
            _math(row.latex),
            _grad_cell(row),
            _math(row.output_range),
            "yes" if row.zero_centred else "no",
            _SATURATES[row.saturates],
            row.pros,
            row.cons,
            row.use,
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return Markdown("\n".join(lines))


# ------------------------------------------------------------------------------ output layers


@dataclass(frozen=True)
class Task:
    """A kind of prediction and the output layer that fits it.

    ``output`` names an entry of :data:`actlab.losses.OUTPUTS`, which pairs it with its
    loss; ``grad_latex`` is the gradient of one example's loss with respect to its
    logits, checked by :func:`verify` against that loss's ``grad``.
    """

    task: str
    example: str
    output: str
    units: str
    grad_latex: str


TASKS = [
    Task("Regression", "a price, a temperature", "identity", "one per target", r"2(z - y)"),
    Task("Binary classification", "spam or not", "sigmoid", "1", r"\sigma(z) - y"),
    Task("Multi-label classification", "any of 12 topics", "sigmoid", "one per label", r"\sigma(z) - y"),
    Task("Multi-class classification", "one digit of ten", "softmax", "one per class", r"p - y"),
]

# the loss each output is paired with in actlab.losses, as the table names it
_LOSS_NAMES = {
    "MeanSquaredError": "mean squared error",
    "BinaryCrossEntropy": "binary cross-entropy",
    "CrossEntropy": "cross-entropy",
}
_OUTPUT_LABELS = {"identity": "identity", "sigmoid": "sigmoid", "softmax": "softmax"}


def _loss_name(output):
    return _LOSS_NAMES[type(losses.get(output)).__name__]


def output_table(*, page):
    """The output layer by task: activation, units, loss, and the gradient at the logits.

    Returns
    -------
    Markdown
    """
    header = ["task", "for example", "output", "units", "loss (computed from the logits)", r"$\partial L / \partial z$"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for t in TASKS:
        task = SECTIONS["by-task"].link(t.task, page=page)
        lines.append(
            f"| {task} | {t.example} | {_OUTPUT_LABELS[t.output]} | {t.units} | "
            f"{_loss_name(t.output)} | {_math(t.grad_latex)} |"
        )
    return Markdown("\n".join(lines))


# ------------------------------------------------------------------------------ rules of thumb


def _sigmoid_peak():
    return float(activations.get("sigmoid").grad(0.0))


def rules(*, page, depth=5):
    """The rules of thumb that pair each idea with what to do, with numbers computed here.

    Returns
    -------
    Markdown
    """
    peak = _sigmoid_peak()
    exp_limit = float(np.log(np.finfo(np.float64).max))
    s = SECTIONS
    items = [
        f"**Hidden layers:** ReLU by default; leaky ReLU where many units die; GELU or a gated unit in "
        "transformers; tanh for a recurrent state "
        f"({s['by-architecture'].link('by architecture', page=page)}).",
        f"**Output layer:** match the task, as in the table above ({s['by-task'].link('by task', page=page)}).",
        f"**Vanishing gradients** come from saturation: $\\sigma'(z) \\le {peak:g}$, so {depth} "
        f"sigmoid layers multiply the gradient by at most ${peak:g}^{depth} \\approx {peak**depth:.4f}$ "
        f"({s['product'].link('the product of derivatives', page=page)}). "
        f"Fix: ReLU family, He or Xavier scale, normalisation, residual connections "
        f"({s['init'].link('fixes', page=page)}).",
        "**Dying ReLU:** a unit whose pre-activation is negative on *every* input gets zero gradient "
        "and stops learning. Fix: leaky ReLU or GELU, He init, a smaller learning rate "
        f"({s['dead'].link('dying ReLU', page=page)}).",
        "**Softmax:** subtract the largest logit first "
        f"($e^z$ overflows above $z \\approx {exp_limit:.1f}$ in float64); compute cross-entropy from "
        "log_softmax; its gradient is $p - y$ "
        f"({s['stable'].link('the cure', page=page)}).",
    ]
    return Markdown("\n".join(f"- {item}" for item in items))


# ------------------------------------------------------------------------------ the checks

#: Inputs at which formulas are compared with the code: moderate, so that a formula typed
#: in its textbook form (e^z over a sum) does not overflow, with the kink at 0 included.
GRID = np.linspace(-6.0, 6.0, 121)


def _close(value, expected, rtol=1e-7, atol=1e-10):
    expected = np.asarray(expected, dtype=float)
    try:
        value = np.broadcast_to(np.asarray(value, dtype=float), expected.shape)
    except ValueError:
        return False
    return bool(np.allclose(value, expected, rtol=rtol, atol=atol))


def _check_formulas(row, problems):
    if row.name == "softmax":
        _check_softmax(row, problems)
        return
    act = activations.get(row.name)
    env = symbols(row.name, GRID)
    checks = (("formula", row.latex, act(GRID)), ("derivative", row.grad_latex, act.grad(GRID)))
    for what, latex, expected in checks:
        try:
            values = tex.sides(latex, **env)
        except tex.FormulaError as err:
            problems.append(f"{row.label}: the {what} cannot be read: {err}")
            continue
        for value in values:
            if not _close(value, expected):
                gap = np.nanmax(np.abs(np.broadcast_to(value, GRID.shape) - expected))
                problems.append(
                    f"{row.label}: the printed {what} '{latex}' differs from actlab's by up to "
                    f"{gap:.3g} for z in [-6, 6]."
                )


def _jacobian(f, z, h=1e-6):
    cols = [(f(z + h * e) - f(z - h * e)) / (2 * h) for e in np.eye(len(z))]
    return np.array(cols).T  # (i, j) = d f_i / d z_j


def _check_softmax(row, problems):
    z = np.array([1.5, -0.5, 0.25, 2.0])
    p = softmax(z)
    env = {
        "z": z,
        "p": p,
        "p_i": p[:, None],
        "p_j": p[None, :],
        "delta_ij": np.eye(len(z)),
        "dp_i/dz_j": _jacobian(softmax, z),
    }
    checks = (("formula", row.latex, p), ("derivative", row.grad_latex, env["dp_i/dz_j"]))
    for what, latex, expected in checks:
        env_side = dict(env, p_i=p) if what == "formula" else env
        try:
            values = tex.sides(latex, **env_side)
        except tex.FormulaError as err:
            problems.append(f"softmax: the {what} cannot be read: {err}")
            continue
        if not all(_close(v, expected, rtol=1e-6, atol=1e-9) for v in values):
            problems.append(f"softmax: the printed {what} '{latex}' differs from actlab.softmax.")


def _check_range(row, problems):
    if row.name == "softmax":
        p = softmax(np.array([[-15.0, 0.0, 15.0], [0.0, 0.0, 0.0]]))
        if not (np.all((p > 0) & (p < 1)) and np.allclose(p.sum(axis=-1), 1.0)):
            problems.append("softmax: its outputs do not all lie in (0, 1) and sum to 1.")
        return
    act = activations.get(row.name)
    try:
        r = tex.parse_range(row.output_range, **_constants(row.name))
    except tex.FormulaError as err:
        problems.append(f"{row.label}: the range cannot be read: {err}")
        return
    wide = np.linspace(-60.0, 60.0, 240_001)  # steps of 5e-4, 0 on the grid
    y = act(wide)
    far = act(np.array([-1e6, 1e6]))
    near = act(np.linspace(-15.0, 15.0, 6001))  # where float64 still tells the function from its limits
    if r.values:
        if set(np.unique(y)) != set(r.values):
            problems.append(f"{row.label}: takes the values {sorted(set(np.unique(y)))}, not {r.values}.")
        return
    said = f"the range '{row.output_range}'"
    for end, bound, closed, sign in ((0, r.low, r.closed_low, 1), (1, r.high, r.closed_high, -1)):
        side = "lower" if end == 0 else "upper"
        extreme = y.min() if end == 0 else y.max()
        if np.isinf(bound):
            if abs(far[end]) < 1e3:
                problems.append(
                    f"{row.label}: {said} has no {side} end, but the function stays near {far[end] + 0.0:.4g} far out."
                )
            continue
        if sign * (extreme - bound) < -r.tolerance:
            problems.append(f"{row.label}: {said} has {side} end {bound:g}, but the function reaches {extreme:.6g}.")
        elif abs(extreme - bound) > r.tolerance:
            problems.append(
                f"{row.label}: {said} has {side} end {bound:g}, but the function only gets to {extreme:.6g}."
            )
        elif closed and r.tolerance < 1e-6 and not np.any(np.isclose(y, bound, rtol=0, atol=1e-12)):
            problems.append(f"{row.label}: {said} includes its {side} end {bound:g}, which the function never reaches.")
        elif not closed:
            inner = near.min() if end == 0 else near.max()
            if sign * (inner - bound) <= 0:
                problems.append(
                    f"{row.label}: {said} excludes its {side} end {bound:g}, but the function "
                    f"reaches it at a finite input."
                )


def _saturating_sides(row):
    act = activations.get(row.name)
    left, right = np.abs(act.grad(np.array([-60.0, 60.0]))) < 1e-3
    sides = {(True, True): "both", (True, False): "left", (False, True): "right"}
    return sides.get((bool(left), bool(right)), "no")


def _check_shape(row, problems):
    if row.name == "softmax":
        if row.zero_centred or row.saturates != "dominant":
            problems.append(
                "softmax: its outputs are positive (not zero-centred) and it saturates when one logit dominates."
            )
        flat = np.abs(_jacobian(softmax, np.array([30.0, 0.0, 0.0]))).max()
        if flat > 1e-6:
            problems.append(
                f"softmax: with one logit 30 above the rest its slopes should vanish, but reach {flat:.3g}."
            )
        return
    act = activations.get(row.name)
    z = np.linspace(-5.0, 5.0, 1001)
    odd = bool(np.allclose(act(-z), -act(z), atol=1e-12))
    if odd != row.zero_centred:
        problems.append(
            f"{row.label}: printed as {'' if row.zero_centred else 'not '}zero-centred, but "
            f"phi(-z) {'==' if odd else '!='} -phi(z)."
        )
    found = _saturating_sides(row)
    if found != row.saturates:
        problems.append(
            f"{row.label}: printed as saturating on {_SATURATES[row.saturates]!r}, but its "
            f"derivative dies out on {_SATURATES[found]!r}."
        )


def _check_tasks(problems):
    rng = np.random.default_rng(0)
    n = 4
    for t in TASKS:
        loss = losses.get(t.output)
        k = 1 if t.units == "1" else 3
        z = rng.normal(size=(n, k))
        if t.output == "softmax":
            labels = rng.integers(0, k, size=n)
            env, targets, scale = {"z": z, "y": np.eye(k)[labels], "p": softmax(z)}, labels, n
        else:
            labels = rng.integers(0, 2, size=(n, k)).astype(float)
            y = labels if t.output == "sigmoid" else rng.normal(size=(n, k))
            env, targets, scale = {"z": z, "y": y}, y, z.size
        expected = loss.grad(z, targets) * scale  # one example's gradient, before the mean over the batch
        try:
            value = tex.evaluate(t.grad_latex, **env)
        except tex.FormulaError as err:
            problems.append(f"{t.task}: the gradient cannot be read: {err}")
            continue
        if not _close(value, expected):
            problems.append(f"{t.task}: the printed gradient '{t.grad_latex}' is not {type(loss).__name__}'s.")


def verify(names=None):
    """Compare every cell of the sheet with the code; return one sentence per disagreement.

    Parameters
    ----------
    names : list of str, optional
        The rows to check; every row and the output table by default.

    Returns
    -------
    list of str
        Empty when the sheet and :mod:`actlab` agree.
    """
    problems = []
    # a formula typed wrong may divide by zero or overflow: that is reported as a disagreement
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        for row in rows(names):
            _check_formulas(row, problems)
            _check_range(row, problems)
            _check_shape(row, problems)
        if names is None:
            _check_tasks(problems)
    return problems


# ------------------------------------------------------------------------------ printing


class PrintStyle:
    """The cheat sheet's style: on paper, the page's own content on one landscape sheet.

    Shown as HTML (a ``<style>`` element, nothing visible); a plain-text front end shows
    one line saying so. The rules live in ``actlab/cheatsheet.css``.
    """

    def __str__(self):
        return "(the cheat sheet's print style: one landscape sheet of A4 or Letter)"

    __repr__ = __str__

    def _repr_html_(self):
        from importlib import resources

        css = resources.files("actlab").joinpath("cheatsheet.css").read_text(encoding="utf-8")
        return f'<style class="actlab-cheatsheet-style">{css}</style>'


def print_style():
    """The style that fits the cheat sheet on one printed page (see :class:`PrintStyle`)."""
    return PrintStyle()
