r"""The formula card: every formula of the course, each checked numerically against :mod:`actlab`.

A :class:`Formula` holds the LaTeX the card prints and a ``cases`` function that
returns, for a few inputs, the values of the formula's symbols and the value the
code computes. :func:`verify` evaluates *every side* of the printed equation
with :mod:`actlab.reference.tex` and compares it with the code, so the card
cannot print a formula the code contradicts: state ``\sigma' = \sigma(1 +
\sigma)`` and the check fails. Some formulas come in two forms, a textbook one
that overflows and a stable one; their ``extreme`` cases (logits of 1000) are
checked on the stable, last side only.

>>> [f.key for f in FORMULAS][:3]
['pre-activation', 'activation', 'backward']
>>> verify()
[]
>>> card(["sigmoid-derivative"])
**Sigmoid's derivative.** Computed from the sigmoid's own value; at most 0.25, at $z = 0$.
<BLANKLINE>
$$\sigma'(z) = \sigma(z)\,(1 - \sigma(z))$$
"""

import re
from dataclasses import dataclass, field

import numpy as np

from actlab import activations, layers, losses
from actlab.mlp import MLP
from actlab.reference import sheet, tex
from actlab.reference._markdown import Markdown
from actlab.softmax import log_softmax, logsumexp, softmax

__all__ = ["Case", "Formula", "FORMULAS", "GROUPS", "card", "group", "activation_card", "verify", "count_checks"]


@dataclass(frozen=True)
class Case:
    """One check of a formula: the values of its symbols, and what :mod:`actlab` computes.

    ``extreme=True`` marks inputs where only the formula's last side, its stable
    form, is expected to hold (the others overflow there).
    """

    env: dict
    expected: object
    extreme: bool = False
    rtol: float = 1e-7


@dataclass(frozen=True)
class Formula:
    """A formula of the card: what it prints and how it is checked.

    Parameters
    ----------
    key : str
        A short name, unique on the card.
    group : str
        The card's section, one of :data:`GROUPS`.
    title : str
        Bold words before the note, e.g. "Pre-activation".
    latex : str
        The equation, all sides of which must agree with the code.
    cases : callable
        ``cases() -> list of Case``.
    where : tuple of str
        Definitions ``"m = \\max_j z_j"`` printed after the equation and evaluated
        before it.
    note : str
        One line of Markdown after the title; ``[[name:format]]`` stands for a
        number computed from actlab (see ``_numbers``).
    """

    key: str
    group: str
    title: str
    latex: str
    cases: object = field(repr=False)
    where: tuple = ()
    note: str = ""


GROUPS = {
    "unit": "One unit, forward and backward",
    "identities": "Derivatives to know by heart",
    "softmax": "Softmax and its logarithms",
    "losses": "Losses from the logits, and their gradients",
    "init": "Initialisation scales",
}


# ---------------------------------------------------------------------------------- inputs


def _rng():
    return np.random.default_rng(0)


_Z = np.linspace(-6.0, 6.0, 121)  # moderate inputs, the kink at 0 included
_EXTREME_LOGITS = np.array([[1000.0, 1001.0, 1002.0], [0.0, -800.0, 800.0]])


def _logits():
    return _rng().normal(scale=3.0, size=(4, 5))  # 4 examples, 5 classes


def _math_derivatives():
    """Three activations and their derivatives, written independently of actlab."""
    return {
        "tanh": (np.tanh, lambda z: 1.0 - np.tanh(z) ** 2),
        "relu": (lambda z: np.maximum(z, 0.0), lambda z: (z > 0).astype(float)),  # slope 0 at the kink
        "sigmoid": (lambda z: 1.0 / (1.0 + np.exp(-z)), lambda z: np.exp(-z) / (1.0 + np.exp(-z)) ** 2),
    }


# ------------------------------------------------------------------------------- the cases


def _pre_activation():
    net = MLP([3, 4], output="identity", rng=0)  # no hidden layer: the output is the pre-activation
    W, b = net.params[0]
    X = _rng().normal(size=(5, 3))
    return [Case({"x": tex.matrix(X), "W": tex.matrix(W), "b": b, "z": net.forward(X)}, net.forward(X))]


def _activation():
    out = []
    for name, (phi, _) in _math_derivatives().items():
        a = layers.get(name).forward(_Z[None, :])
        out.append(Case({"z": _Z[None, :], "phi": phi, "a": a}, a))
    return out


def _backward():
    out = []
    upstream = _rng().normal(size=(1, _Z.size))
    for name, (_, slope) in _math_derivatives().items():
        dz = layers.get(name).backward(_Z[None, :], upstream)
        out.append(Case({"z": _Z, "phi'": slope, "dL/da": upstream, "dL/dz": dz}, dz))
    return out


def _sigmoid_env():
    sig = activations.get("sigmoid")
    return {"z": _Z, "sigma": sig, "sigma'": sig.grad}


def _sigmoid_derivative():
    return [Case(_sigmoid_env(), activations.get("sigmoid").grad(_Z))]


def _tanh_derivative():
    tanh = activations.get("tanh")
    return [Case({"z": _Z, "tanh'": tanh.grad}, tanh.grad(_Z))]


def _tanh_sigmoid():
    return [Case(_sigmoid_env(), activations.get("tanh")(_Z))]


def _tanh_slope():
    return [Case({**_sigmoid_env(), "tanh'": activations.get("tanh").grad}, activations.get("tanh").grad(_Z))]


def _softmax():
    z = _logits()
    out = [Case({"z": z, "softmax": softmax}, softmax(z))]
    out.append(Case({"z": _EXTREME_LOGITS, "softmax": softmax}, softmax(_EXTREME_LOGITS), extreme=True))
    return out


def _logsumexp():
    return [
        Case({"z": z}, logsumexp(z, keepdims=True), extreme=extreme)
        for z, extreme in ((_logits(), False), (_EXTREME_LOGITS, True))
    ]


def _log_softmax():
    return [
        Case({"z": z, "softmax": softmax}, log_softmax(z), extreme=extreme)
        for z, extreme in ((_logits(), False), (_EXTREME_LOGITS, True))
    ]


def _ce_env(z, labels):
    rows = np.arange(len(labels))
    p = softmax(z)
    return {
        "z": z,
        "p": p,
        "y": labels[:, None],
        "p_y": p[rows, labels][:, None],
        "z_y": z[rows, labels][:, None],
        "onehot": lambda y: np.eye(z.shape[1])[y[:, 0]],
    }


def _cross_entropy():
    ce = losses.get("softmax")
    out = []
    inputs = ((_logits(), np.array([0, 3, 1, 4]), False), (_EXTREME_LOGITS, np.array([0, 1]), True))
    for z, labels, extreme in inputs:
        per_example = np.array([[ce.value(z[i : i + 1], labels[i : i + 1])] for i in range(len(labels))])
        out.append(Case({**_ce_env(z, labels), "L": per_example}, per_example, extreme=extreme))
    return out


def _cross_entropy_grad():
    ce = losses.get("softmax")
    z, labels = _logits(), np.array([0, 3, 1, 4])
    grad = ce.grad(z, labels) * len(labels)  # one example's gradient: undo the mean over the batch
    return [Case({**_ce_env(z, labels), "dL/dz": grad}, grad)]


def _binary_env():
    z = np.linspace(-8.0, 8.0, 9)[:, None]
    y = (np.arange(9) % 2).astype(float)[:, None]
    return z, y, {"z": z, "y": y}


def _binary():
    bce = losses.get("sigmoid")
    z, y, env = _binary_env()
    per_example = np.array([[bce.value(z[i : i + 1], y[i : i + 1])] for i in range(len(z))])
    return [Case({**env, "ell": per_example}, per_example)]


def _binary_grad():
    bce = losses.get("sigmoid")
    z, y, env = _binary_env()
    grad = bce.grad(z, y) * z.size
    return [Case({**env, "dell/dz": grad}, grad)]


def _squared():
    mse = losses.get("identity")
    z, y = _rng().normal(size=(6, 1)), _rng().normal(size=(6, 1)) + 1.0
    per_example = np.array([[mse.value(z[i : i + 1], y[i : i + 1])] for i in range(len(z))])
    return [Case({"z": z, "y": y, "ell": per_example}, per_example)]


def _squared_grad():
    mse = losses.get("identity")
    z, y = _rng().normal(size=(6, 1)), _rng().normal(size=(6, 1)) + 1.0
    grad = mse.grad(z, y) * z.size
    return [Case({"z": z, "y": y, "dell/dz": grad}, grad)]


#: The layer the initialisation checks draw, and how close its sample variance must come.
FAN_IN, FAN_OUT, INIT_RTOL = 400, 600, 0.02


def _init(scheme):
    def cases():
        W = MLP([FAN_IN, FAN_OUT, 1], init=scheme, rng=0).params[0][0]  # (FAN_IN, FAN_OUT) draws
        env = {"W": W, "Var": np.var, "n_in": FAN_IN, "n_out": FAN_OUT}
        return [Case(env, np.var(W), rtol=INIT_RTOL)]  # a sample variance: close, not exact

    return cases


# ------------------------------------------------------------------------------- the card

FORMULAS = [
    Formula(
        "pre-activation",
        "unit",
        "Pre-activation.",
        r"z = x W + b",
        _pre_activation,
        note=r"One example is a row $x$ of $d$ inputs; $W$ is $d \times m$ and $b$ has length $m$.",
    ),
    Formula(
        "activation",
        "unit",
        "Activation.",
        r"a = \phi(z)",
        _activation,
        note=r"Applied to each of the $m$ entries of $z$ on its own.",
    ),
    Formula(
        "backward",
        "unit",
        "Backward step through the activation.",
        r"\frac{\partial L}{\partial z} = \frac{\partial L}{\partial a} \odot \phi'(z)",
        _backward,
        note=r"An elementwise product: each unit scales the gradient by its own slope.",
    ),
    Formula(
        "sigmoid-derivative",
        "identities",
        "Sigmoid's derivative.",
        r"\sigma'(z) = \sigma(z)\,(1 - \sigma(z))",
        _sigmoid_derivative,
        note="Computed from the sigmoid's own value; at most [[sigmoid_peak:g]], at $z = 0$.",
    ),
    Formula(
        "tanh-derivative",
        "identities",
        "tanh's derivative.",
        r"\tanh'(z) = 1 - \tanh^2 z",
        _tanh_derivative,
        note="Computed from tanh's own value; at most [[tanh_peak:g]], at $z = 0$.",
    ),
    Formula(
        "tanh-sigmoid",
        "identities",
        "tanh is a rescaled sigmoid.",
        r"\tanh z = 2\sigma(2z) - 1",
        _tanh_sigmoid,
        note="Stretched to $(-1, 1)$ and made twice as steep.",
    ),
    Formula(
        "tanh-slope",
        "identities",
        "Their slopes.",
        r"\tanh'(z) = 4\sigma'(2z)",
        _tanh_slope,
        note="tanh's is four times the sigmoid's at 0, but only while $|z|$ is below about "
        "[[crossover:.2f]]; beyond that, tanh is the flatter of the two.",
    ),
    Formula(
        "softmax",
        "softmax",
        "Softmax.",
        r"\operatorname{softmax}(z)_i = \frac{e^{z_i}}{\sum_j e^{z_j}} = \frac{e^{z_i - m}}{\sum_j "
        r"e^{z_j - m}}",
        _softmax,
        where=(r"m = \max_j z_j",),
        note="The second form never overflows: its largest exponent is $e^0 = 1$.",
    ),
    Formula(
        "logsumexp",
        "softmax",
        "Log-sum-exp.",
        r"\log \sum_j e^{z_j} = m + \log \sum_j e^{z_j - m}",
        _logsumexp,
        where=(r"m = \max_j z_j",),
        note="Use the stable form on the right: for $z = (1000, 1001, 1002)$ it gives [[lse_big:.4f]], "
        "where the left overflows.",
    ),
    Formula(
        "log-softmax",
        "softmax",
        "log_softmax.",
        r"\log \operatorname{softmax}(z)_i = z_i - m - \log \sum_j e^{z_j - m}",
        _log_softmax,
        where=(r"m = \max_j z_j",),
        note="Never takes $\\log 0$, as `np.log(softmax(z))` does when a probability underflows to 0.",
    ),
    Formula(
        "cross-entropy",
        "losses",
        "Cross-entropy of one example of class $y$.",
        r"L = -\log p_y = m + \log \sum_j e^{z_j - m} - z_y",
        _cross_entropy,
        where=(r"m = \max_j z_j",),
        note="Computed from the logits $z$, so a confident wrong answer costs a large finite number.",
    ),
    Formula(
        "cross-entropy-gradient",
        "losses",
        "Its gradient.",
        r"\frac{\partial L}{\partial z} = p - \operatorname{onehot}(y)",
        _cross_entropy_grad,
        note=r"With $p = \operatorname{softmax}(z)$: the prediction minus the target.",
    ),
    Formula(
        "binary-cross-entropy",
        "losses",
        "Binary cross-entropy of one logit $z$ with label $y \\in \\{0, 1\\}$.",
        r"\ell = \log(1 + e^{z}) - y z",
        _binary,
        note=r"Equal to $-y \log \sigma(z) - (1 - y) \log(1 - \sigma(z))$, without ever taking $\log "
        r"0$.",
    ),
    Formula(
        "binary-cross-entropy-gradient",
        "losses",
        "Its gradient.",
        r"\frac{\partial \ell}{\partial z} = \sigma(z) - y",
        _binary_grad,
        note="Prediction minus target again.",
    ),
    Formula(
        "squared-error",
        "losses",
        "Squared error of one output.",
        r"\ell = (z - y)^2",
        _squared,
        note="The identity output of a regression.",
    ),
    Formula(
        "squared-error-gradient",
        "losses",
        "Its gradient.",
        r"\frac{\partial \ell}{\partial z} = 2(z - y)",
        _squared_grad,
        note="Twice the error.",
    ),
    Formula(
        "xavier",
        "init",
        "Xavier (Glorot) scale.",
        r"\operatorname{Var}(W) = \frac{2}{n_{\text{in}} + n_{\text{out}}}",
        _init("xavier"),
        note="For tanh and sigmoid layers: keeps the variance of the activations, and of the "
        "gradients, roughly the same from layer to layer.",
    ),
    Formula(
        "he",
        "init",
        "He scale.",
        r"\operatorname{Var}(W) = \frac{2}{n_{\text{in}}}",
        _init("he"),
        note="For ReLU layers: twice Xavier's for a square layer, since ReLU zeroes about half of its inputs.",
    ),
]


def _numbers():
    """The numbers the notes print, computed from actlab."""
    sig, tanh = activations.get("sigmoid"), activations.get("tanh")
    z = np.linspace(0.0, 5.0, 500_001)
    crossover = float(z[np.argmax(tanh.grad(z) < sig.grad(z))])
    return {
        "sigmoid_peak": float(sig.grad(0.0)),
        "tanh_peak": float(tanh.grad(0.0)),
        "crossover": crossover,
        "lse_big": float(logsumexp(np.array([1000.0, 1001.0, 1002.0]))),
    }


#: ``[[name:format]]`` in a note: a number from :func:`_numbers`.
_PLACEHOLDER = re.compile(r"\[\[(\w+):([^\]]*)\]\]")


def _display(f):
    parts = [f.latex] + list(f.where)
    return r", \quad ".join(parts)


def card(keys=None):
    """The card's formulas as Markdown: the title, its note, then the formula on a line of its own.

    Parameters
    ----------
    keys : list of str, optional
        Which formulas, in order; all of them by default.

    Returns
    -------
    Markdown
    """
    numbers = _numbers()
    chosen = [f for f in FORMULAS if keys is None or f.key in keys]
    blocks = []
    for f in chosen:
        note = _PLACEHOLDER.sub(lambda m: format(numbers[m.group(1)], m.group(2)), f.note)
        blocks.append(f"**{f.title}** {note}".rstrip() + f"\n\n$${_display(f)}$$")
    return Markdown("\n\n".join(blocks))


def group(name):
    """The formulas of one section of the card, in order (see :data:`GROUPS`)."""
    if name not in GROUPS:
        raise KeyError(f"no group {name!r}; the groups are {list(GROUPS)}")
    return card([f.key for f in FORMULAS if f.group == name])


def activation_card(*, page):
    """Every activation of the registry with its derivative, as a table (the registry's LaTeX).

    Checked by :func:`actlab.reference.sheet.verify`, like the cheat sheet.
    """
    header = ["activation", r"$\phi(z)$", r"$\phi'(z)$"]
    lines = ["| " + " | ".join(header) + " |", "|---|---|---|"]
    for row in sheet.rows(activations.names()):
        label = sheet.SECTIONS[row.name].link(row.label, page=page)
        lines.append(f"| {label} | {sheet._math(row.latex)} | {sheet._grad_cell(row)} |")
    return Markdown("\n".join(lines))


def _check(f, problems):
    try:
        cases = f.cases()
    except Exception as err:  # a broken check is reported like a wrong formula
        problems.append(f"{f.key}: its check could not run ({type(err).__name__}: {err})")
        return 0
    for case in cases:
        env = dict(case.env)
        try:
            for definition in f.where:
                name, _, expression = definition.partition("=")
                env[name.strip()] = tex.evaluate(expression, **env)
            values = tex.sides(f.latex, **env)
        except tex.FormulaError as err:
            problems.append(f"{f.key}: {err}")
            continue
        expected = np.asarray(case.expected, dtype=float)
        checked = values[-1:] if case.extreme else values
        for i, value in enumerate(checked):
            try:
                value = np.broadcast_to(np.asarray(value, dtype=float), expected.shape)
            except ValueError:
                problems.append(
                    f"{f.key}: side {i + 1} has shape {np.shape(value)}, the code's value {expected.shape}."
                )
                continue
            if not np.allclose(value, expected, rtol=case.rtol, atol=1e-10):
                gap = np.max(np.abs(value - expected))
                which = "its stable side" if case.extreme else f"side {i + 1} of '{f.latex}'"
                problems.append(f"{f.key}: {which} differs from actlab by up to {gap:.3g}.")
    return len(cases)


def verify(keys=None):
    """Check every formula of the card against actlab; return one sentence per disagreement.

    Returns
    -------
    list of str
        Empty when every side of every formula agrees with the code on every case.
    """
    problems = []
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        for f in FORMULAS:
            if keys is None or f.key in keys:
                _check(f, problems)
    return problems


def count_checks():
    """How many (formula, input) comparisons :func:`verify` makes, for the page to report."""
    return sum(len(f.cases()) for f in FORMULAS)
