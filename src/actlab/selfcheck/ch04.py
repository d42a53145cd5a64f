"""Self-checks of chapter 4, *Saturation and vanishing gradients*: its quiz and exercises 4.1-4.3.

The chapter's "Self-check" section shows ``quiz``; ``exercises/04_saturation.md``
checks the learner's functions with ``layer_gradients``, ``init_scale`` and
``saturated_share``. Each reference solution below is written once, under the
name the learner's function has in the notebook, and uses only what the
notebook's first cell defines (``np``).

Examples
--------
>>> from actlab.selfcheck import ch04
>>> ch04.init_scale.check(ch04.init_scale.reference).status
'correct'
>>> ch04.quiz.grade("slope-at-4", "0.0177").correct
True
"""

import numpy as np

from actlab.checks import Case, Exercise, NotYet, expect_close, expect_shape
from actlab.quiz import Mistake, Numeric, Option, Quiz, SingleChoice

__all__ = ["quiz", "layer_gradients", "init_scale", "saturated_share"]


def _sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))  # the sigmoid, with no overflow


# ----------------------------------------------------------------------------------- quiz

_S4 = float(_sigmoid(4.0) * (1.0 - _sigmoid(4.0)))
_WIDTH = 64

quiz = Quiz(
    "ch04",
    title="Quick check: saturation and vanishing gradients",
    questions=[
        SingleChoice(
            "bound-direction",
            "Backpropagation through five sigmoid layers multiplies the gradient by five slopes "
            "\\( \\sigma'(z_5) \\cdots \\sigma'(z_1) \\). What does \\( 0.25^5 \\approx 0.001 \\) tell you?",
            [
                Option(
                    "The gradient shrinks by a factor of **at most** about 1000.",
                    feedback="This reverses the bound. Each slope is at most 0.25, so the product is at most "
                    "0.001: the shrinkage is at least 1000, and larger wherever a unit is away "
                    "from 0.",
                ),
                Option(
                    "The five slopes multiply to **at most** 0.001, so the activations shrink the gradient "
                    "by a factor of **at least** about 1000.",
                    correct=True,
                    feedback="Right: \\( \\sigma' \\le 0.25 \\) gives an upper bound on the product, which is "
                    "a lower bound on how much the gradient shrinks.",
                ),
                Option(
                    "The gradient is multiplied by exactly 0.001.",
                    feedback="0.25 is sigmoid's slope only at \\( z = 0 \\); anywhere else it is smaller, "
                    "and the weight matrices multiply in as well. 0.001 is a bound, not a value.",
                ),
                Option(
                    "It only matters once the units are saturated.",
                    feedback="0.25 is the slope at the centre, where a unit is not saturated at all. The "
                    "chapter's unsaturated network already lost a factor of about 1400 in five "
                    "layers.",
                ),
            ],
            explanation="Every \\( \\sigma'(z) \\le 1/4 \\), so five of them multiply to at most "
            "\\( 4^{-5} = 1/1024 \\). The activations alone shrink the gradient by at least about "
            "1000; the weights can shrink or grow it further.",
        ),
        SingleChoice(
            "one-sided",
            "Which of these activations saturates on **one** side only?",
            [
                Option("sigmoid", feedback="Sigmoid goes flat at both ends, near 0 and near 1."),
                Option("tanh", feedback="tanh goes flat at both ends, near -1 and near +1, even sooner than sigmoid."),
                Option(
                    "ReLU",
                    correct=True,
                    feedback="Its slope is exactly 0 for every negative input and exactly 1 for every "
                    "positive one, however large.",
                ),
                Option(
                    "the identity",
                    feedback="The identity never goes flat: its slope is 1 everywhere. It "
                    "saturates nowhere, and it is not a useful activation "
                    "(chapter 1).",
                ),
            ],
            explanation="Sigmoid and tanh are bounded on both sides, so both ends are flat. ReLU is flat only "
            "on the left; on the right its slope is 1 for any input.",
        ),
        SingleChoice(
            "init-tanh",
            "Which initialisation suits a deep tanh network, and why?",
            [
                Option(
                    "Small weights, standard deviation 0.01, so that no unit starts saturated.",
                    feedback="No unit saturates, but each layer multiplies the signal by about "
                    "\\( 0.01 \\sqrt{n_\\text{in}} \\ll 1 \\): it vanishes forward and backward.",
                ),
                Option(
                    "Xavier: \\( \\operatorname{Var}(w) = 2/(n_\\text{in} + n_\\text{out}) \\), because tanh "
                    "is close to the identity near 0, so this keeps the variance of the activations "
                    "(forward) and of the gradients (backward) roughly constant.",
                    correct=True,
                ),
                Option(
                    "He: \\( \\operatorname{Var}(w) = 2/n_\\text{in} \\), because deep networks need larger weights.",
                    feedback="He's factor 2 makes up for ReLU setting half of its inputs to 0. tanh zeroes "
                    "nothing, so with He's scale the signal grows until tanh's flat ends stop it.",
                ),
                Option(
                    "A standard normal (`np.random.randn`), the natural scale.",
                    feedback="Each pre-activation then sums \\( n_\\text{in} \\) terms of variance about 1, "
                    "so \\( |z| \\) is large: most units saturate and the gradients explode towards "
                    "the input.",
                ),
            ],
            explanation="\\( \\operatorname{Var}(z) = n_\\text{in} \\operatorname{Var}(w) \\mathbb{E}[h^2] \\). "
            "With \\( \\tanh z \\approx z \\) near 0, keeping the forward variance asks for "
            "\\( n_\\text{in} \\operatorname{Var}(w) = 1 \\) and keeping the backward one for "
            "\\( n_\\text{out} \\operatorname{Var}(w) = 1 \\); Xavier's scale is the compromise.",
        ),
        SingleChoice(
            "residual",
            "A residual block computes \\( h_\\ell = h_{\\ell-1} + \\phi(z_\\ell) \\). What does the skip "
            "connection add to the backward pass?",
            [
                Option(
                    "It makes \\( \\phi'(z_\\ell) \\) equal to 1.",
                    feedback="The branch through the layer is still multiplied by \\( \\phi' \\) and the "
                    "weights; the skip adds a second, separate path.",
                ),
                Option(
                    "It normalises the activations of the block.",
                    feedback="That is what normalisation does. A skip connection adds to the signal, which "
                    "grows with depth; residual networks add normalisation for that reason.",
                ),
                Option(
                    "A path that hands \\( \\partial L / \\partial h_\\ell \\) down to \\( h_{\\ell-1} \\) "
                    "unchanged (multiplied by 1), next to the path through \\( \\phi' \\) and "
                    "\\( W_\\ell^\\top \\).",
                    correct=True,
                    feedback="So the gradient reaches early layers even where the layer's own factor is tiny.",
                ),
                Option(
                    "It removes the weights from the backward pass.",
                    feedback="The weights still act on the branch through the layer, and still get "
                    "gradients; the skip connection is an extra path, not a replacement.",
                ),
            ],
            explanation="\\( \\partial L/\\partial h_{\\ell-1} = \\partial L/\\partial h_\\ell + "
            "(\\partial L/\\partial h_\\ell \\odot \\phi'(z_\\ell)) W_\\ell^\\top \\): the first "
            "term is the skip connection's, and it does not shrink with depth.",
        ),
        Numeric(
            "slope-at-4",
            "Sigmoid's derivative is \\( \\sigma'(z) = \\sigma(z)(1 - \\sigma(z)) \\). What is "
            "\\( \\sigma'(4) \\), to three significant digits?",
            answer=round(_S4, 4),
            tolerance=0.0005,
            mistakes=[
                Mistake(
                    round(float(_sigmoid(4.0)), 3),
                    "That is \\( \\sigma(4) \\) itself, the output; the slope is \\( \\sigma(4)(1 - \\sigma(4)) \\).",
                    tolerance=0.002,
                ),
                Mistake(
                    0.25,
                    "0.25 is the slope at \\( z = 0 \\), the top of the bump. At \\( z = 4 \\) the "
                    "curve is nearly flat.",
                ),
                Mistake(
                    -12,
                    "That puts \\( z = 4 \\) where \\( \\sigma(z) \\) belongs: compute "
                    "\\( \\sigma(4) \\approx 0.982 \\) first.",
                ),
                Mistake(
                    round(float(1 - np.tanh(4.0) ** 2), 5),
                    "That is \\( \\tanh'(4) \\), which falls even faster than sigmoid's slope.",
                    tolerance=0.0002,
                ),
            ],
            explanation=f"\\( \\sigma(4) \\approx {_sigmoid(4.0):.4f} \\), so \\( \\sigma'(4) \\approx "
            f"{_sigmoid(4.0):.4f} \\times {1 - _sigmoid(4.0):.4f} \\approx {_S4:.4f} \\): about 14 "
            "times smaller than at the centre.",
        ),
        Numeric(
            "explode-factor",
            f"A deep ReLU network has {_WIDTH} units per layer and weights drawn with standard deviation 1 "
            f"instead of He's \\( \\sqrt{{2/{_WIDTH}}} \\). By about what factor does the **standard "
            "deviation** of the signal grow from one layer to the next?",
            answer=round(float(np.sqrt(_WIDTH / 2)), 2),
            tolerance=0.3,
            mistakes=[
                Mistake(
                    float(np.sqrt(_WIDTH)),
                    "That forgets that ReLU sets half of each layer's inputs to 0, "
                    "which halves the second moment: the factor is \\( \\sqrt{n/2} \\).",
                ),
                Mistake(
                    _WIDTH / 2, "That is the factor for the variance; the standard deviation grows by its square root."
                ),
                Mistake(
                    _WIDTH,
                    "That is the variance factor without ReLU's half; take the square root of "
                    "\\( n \\operatorname{Var}(w) / 2 \\).",
                ),
            ],
            explanation=f"\\( \\operatorname{{Var}}(z) = n \\operatorname{{Var}}(w) \\mathbb{{E}}[h^2] \\) and "
            f"ReLU keeps half of the second moment, so the variance is multiplied by "
            f"\\( {_WIDTH} \\times 1 / 2 = {_WIDTH // 2} \\) per layer and the standard deviation by "
            f"\\( \\sqrt{{{_WIDTH // 2}}} \\approx {np.sqrt(_WIDTH / 2):.2f} \\): over 20 layers, "
            "about \\( 10^{15} \\).",
        ),
    ],
)


# ----------------------------------------------------------------------- exercise 4.1


def _stack(sizes, seed, scale=1.0):
    rng = np.random.default_rng(seed)
    return [
        (rng.normal(scale=scale / np.sqrt(m), size=(m, n)), rng.normal(scale=0.1, size=n))
        for m, n in zip(sizes[:-1], sizes[1:])
    ]


def grad_norms(params, X, grad_out):
    """Norm of dL/dW for every layer of h = tanh(h @ W + b), first layer first."""
    inputs, zs = [], []
    h = X
    for W, b in params:
        inputs.append(h)
        z = h @ W + b  # (n, fan_in) @ (fan_in, fan_out) -> (n, fan_out)
        zs.append(z)
        h = np.tanh(z)
    norms = []
    dh = grad_out  # dL/dh of the last layer's output: (n, fan_out)
    for (W, _), h_in, z in zip(reversed(params), reversed(inputs), reversed(zs)):
        dz = dh * (1.0 - np.tanh(z) ** 2)  # through tanh: times tanh'(z)
        norms.append(np.linalg.norm(h_in.T @ dz))  # (fan_in, n) @ (n, fan_out) -> (fan_in, fan_out)
        dh = dz @ W.T  # (n, fan_out) @ (fan_out, fan_in) -> (n, fan_in)
    return np.array(norms[::-1])


def _gradient_case(sizes, seed, n=16, scale=1.0):
    rng = np.random.default_rng(100 + seed)
    params = _stack(sizes, seed, scale)
    X = rng.normal(size=(n, sizes[0]))
    G = rng.normal(size=(n, sizes[-1]))
    return Case(params, X, G, label=f"a tanh stack of layer sizes {sizes}, {n} examples")


def _norms_without_slope(params, X, G):
    """What the norms come to when tanh's slope is left out of the backward pass."""
    h, inputs = X, []
    for W, b in params:
        inputs.append(h)
        h = np.tanh(h @ W + b)
    dh, norms = G, []
    for (W, _), h_in in zip(reversed(params), reversed(inputs)):
        norms.append(np.linalg.norm(h_in.T @ dh))
        dh = dh @ W.T
    return np.array(norms[::-1])


def _compare_gradients(got, expected, case):
    expect_shape(got, expected.shape, what=f"the norms (one per layer, {len(expected)} layers)")
    got = np.asarray(got, dtype=float)
    if np.allclose(got, expected, rtol=1e-6):
        return
    if np.allclose(got[::-1], expected, rtol=1e-6):
        raise NotYet(
            "the norms are right but in the wrong order: give the first layer's (next to the "
            "input) first, as the backward pass finds it last."
        )
    if np.allclose(got, _norms_without_slope(*case.args), rtol=1e-6):
        raise NotYet(
            "the norms leave out tanh's slope: on the way down, multiply dL/dh by tanh'(z) = "
            "1 - tanh(z)**2 before using it for dW and before passing it to the layer below."
        )
    if np.isclose(got[-1], expected[-1], rtol=1e-6):
        raise NotYet(
            f"the last layer's norm is right ({expected[-1]:.4g}) but layer 1's is {got[0]:.4g} "
            f"where {expected[0]:.4g} was expected: check what you pass down, "
            "dL/dh = (dL/dz) @ W.T with the layer's own W, and which layer's z the slope is "
            "taken at."
        )
    expect_close(got, expected, what="the norms", rtol=1e-6)


layer_gradients = Exercise(
    "ch04.layer_gradients",
    "Exercise 4.1: per-layer gradient norms",
    solution=grad_norms,
    cases=[
        _gradient_case([3, 4], 0),
        _gradient_case([5, 8, 8, 3], 1),
        _gradient_case([6, 6, 6, 6, 6, 6], 2),
        _gradient_case([4, 16, 16, 16, 2], 3, n=32, scale=3.0),
    ],
    compare=_compare_gradients,
    hints=[
        "Run the forward pass first and keep, for every layer, its input `h` and its pre-activation `z`: "
        "the backward pass needs both.",
        "Go through the layers in reverse. With `dh` the gradient of the layer's output, "
        "`dz = dh * (1 - np.tanh(z)**2)`, then `dW = h_in.T @ dz` and the gradient for the layer below "
        "is `dz @ W.T`.",
        "Collect `np.linalg.norm(dW)` for each layer on the way down, then reverse the list so that the "
        "first layer comes first.",
    ],
    explanation="The forward pass keeps each layer's input and pre-activation. Backward, each layer turns "
    "\\( \\partial L/\\partial h \\) into "
    "\\( \\delta = \\partial L/\\partial h \\odot \\tanh'(z) \\), reads off "
    "\\( \\partial L/\\partial W = h_\\text{in}^\\top \\delta \\) and passes "
    "\\( \\delta W^\\top \\) down.",
)


# ----------------------------------------------------------------------- exercise 4.2


def init_scale(fan_in, activation, alpha=0.01):
    """Standard deviation of the weights that keeps the signal's second moment from layer to layer."""
    if activation == "relu":
        gain = 2.0  # relu keeps half of E[z^2]
    elif activation == "leaky_relu":
        gain = 2.0 / (1.0 + alpha**2)  # keeps (1 + alpha^2) / 2 of it
    else:
        gain = 1.0  # identity, and tanh near 0 where tanh(z) ~ z
    return np.sqrt(gain / fan_in)


def _simulate(std, fan_in, activation, alpha, *, depth=10, n=400, seed=0):
    """The signal's mean square after ``depth`` random layers with weights of standard deviation ``std``."""
    rng = np.random.default_rng(seed)
    scale = 1e-3 if activation == "tanh" else 1.0  # tanh: stay in its nearly linear middle
    h = rng.normal(scale=scale, size=(n, fan_in))
    start = np.mean(h**2)
    for _ in range(depth):
        z = h @ rng.normal(scale=std, size=(fan_in, fan_in))  # (n, fan_in) @ (fan_in, fan_in)
        if activation == "relu":
            h = np.maximum(z, 0.0)
        elif activation == "leaky_relu":
            h = np.where(z > 0, z, alpha * z)
        elif activation == "tanh":
            h = np.tanh(z)
        else:
            h = z
    return float(np.mean(h**2) / start)


def _compare_scale(got, expected, case):
    expect_shape(got, (), what="the standard deviation")
    std = float(got)
    if not np.isfinite(std) or std <= 0:
        raise NotYet(f"expected a positive standard deviation, but got {std!r}.")
    fan_in, activation = case.args[:2]
    alpha = case.args[2] if len(case.args) > 2 else case.kwargs.get("alpha", 0.01)
    if np.isclose(std, expected, rtol=0.01):
        return
    ratio = _simulate(std, fan_in, activation, alpha)
    trend = "shrinks (vanishing)" if ratio < 1 else "grows (exploding)"
    why = ""
    if np.isclose(std, float(expected) ** 2, rtol=0.01):
        why = " That looks like the variance: the standard deviation is its square root."
    elif np.isclose(std**2, 2.0 / fan_in, rtol=0.01) and activation != "relu":
        why = (
            f" That is He's scale; its factor 2 makes up for ReLU zeroing half the units, which "
            f"{activation} does not do."
        )
    elif np.isclose(std**2, 1.0 / fan_in, rtol=0.01) and activation in ("relu", "leaky_relu"):
        why = " That ignores the units the activation (almost) zeroes: their half of the signal is lost."
    raise NotYet(
        f"with a standard deviation of {std:.4g} the simulation pushes a signal through 10 random "
        f"{activation} layers of {fan_in} units and its mean square {trend}: it ends at "
        f"{ratio:.3g} times its start, where about 1 was expected (standard deviation "
        f"{float(expected):.4g}).{why}"
    )


init_scale = Exercise(
    "ch04.init_scale",
    "Exercise 4.2: a variance-preserving initialisation",
    solution=init_scale,
    cases=[
        Case(64, "relu", label="fan_in = 64, ReLU"),
        Case(256, "tanh", label="fan_in = 256, tanh"),
        Case(100, "identity", label="fan_in = 100, no activation"),
        Case(128, "leaky_relu", 0.2, label="fan_in = 128, leaky ReLU with alpha = 0.2"),
        Case(30, "relu", label="fan_in = 30, ReLU"),
    ],
    compare=_compare_scale,
    hints=[
        "Start from \\( \\operatorname{Var}(z) = n_\\text{in} \\operatorname{Var}(w)\\, \\mathbb{E}[h^2] \\) "
        "and ask what fraction of \\( \\operatorname{Var}(z_\\text{prev}) \\) the activation keeps in "
        "\\( \\mathbb{E}[h^2] \\).",
        "The identity keeps all of it (so does tanh near 0); ReLU keeps half; leaky ReLU keeps "
        "\\( (1 + \\alpha^2)/2 \\).",
        "Set \\( n_\\text{in} \\operatorname{Var}(w) \\times \\text{kept fraction} = 1 \\), solve for the "
        "variance, and return its square root.",
    ],
    explanation="\\( \\operatorname{Var}(z) = n_\\text{in} \\operatorname{Var}(w) \\mathbb{E}[h^2] \\), and "
    "\\( \\mathbb{E}[h^2] \\) is the fraction the activation keeps of the previous "
    "\\( \\operatorname{Var}(z) \\): 1 for the identity and tanh near 0, 1/2 for ReLU, "
    "\\( (1 + \\alpha^2)/2 \\) for leaky ReLU. So \\( \\operatorname{Var}(w) = "
    "\\text{gain}/n_\\text{in} \\) with gain 1, 2 or \\( 2/(1 + \\alpha^2) \\).",
)


# ----------------------------------------------------------------------- exercise 4.3


def saturated_share(a, activation):
    """Fraction of the outputs a of a sigmoid or tanh layer that lie within 0.03 of an end of the range."""
    if activation == "sigmoid":
        return float(np.mean((a < 0.03) | (a > 0.97)))  # the range is (0, 1)
    return float(np.mean(np.abs(a) > 0.97))  # tanh: the range is (-1, 1)


def _outputs(activation, scale, shape, seed):
    z = np.random.default_rng(seed).normal(scale=scale, size=shape)
    return _sigmoid(z) if activation == "sigmoid" else np.tanh(z)


def _compare_share(got, expected, case):
    expect_shape(got, (), what="the share")
    share = float(got)
    a, activation = case.args
    if np.isclose(share, expected, atol=1e-12):
        return
    if np.isclose(share, expected * a.size, atol=1e-9):
        raise NotYet(
            f"got {share:g}, the number of saturated outputs; return the fraction, "
            f"{share:g} / {a.size} = {expected:.4g}."
        )
    inclusive = np.abs(a) >= 0.97 if activation == "tanh" else (a <= 0.03) | (a >= 0.97)
    if np.isclose(share, np.mean(inclusive)):
        raise NotYet(
            f"got {share:.4g}, which counts outputs lying exactly on the edge (0.97, or 0.03 for "
            "sigmoid); the edge itself is not saturated: use > and <, not >= and <=. Expected "
            f"{expected:.4g}."
        )
    if activation == "sigmoid" and np.isclose(share, np.mean(np.abs(a) > 0.97)):
        raise NotYet(
            f"got {share:.4g}, which counts only outputs near 1: sigmoid's range is (0, 1), so "
            f"outputs below 0.03 are saturated too. Expected {expected:.4g}."
        )
    if activation == "tanh" and np.isclose(share, np.mean(a > 0.97)):
        raise NotYet(
            f"got {share:.4g}, which counts only the end at +1; tanh also saturates near -1. Expected {expected:.4g}."
        )
    raise NotYet(
        f"expected a share of {expected:.4g}, but got {share:.4g}. The input holds the layer's "
        "outputs (already passed through the activation): compare them with the ends of the "
        "range."
    )


saturated_share = Exercise(
    "ch04.saturated_share",
    "Exercise 4.3: the share of saturated units",
    solution=saturated_share,
    cases=[
        Case(_outputs("tanh", 3.0, (200, 64), 0), "tanh", label="a tanh layer's outputs, 200 x 64"),
        Case(_outputs("sigmoid", 4.0, (100, 30), 1), "sigmoid", label="a sigmoid layer's outputs, 100 x 30"),
        Case(np.array([[0.0, 0.97, -0.971, 0.5]]), "tanh", label="tanh outputs [[0, 0.97, -0.971, 0.5]]"),
        Case(np.array([0.02, 0.5, 0.99, 0.03]), "sigmoid", label="sigmoid outputs [0.02, 0.5, 0.99, 0.03]"),
    ],
    compare=_compare_share,
    hints=[
        "The outputs are already through the activation: a tanh unit is saturated when its output is "
        "within 0.03 of -1 or +1, a sigmoid unit when it is within 0.03 of 0 or 1.",
        "For tanh, `np.abs(a) > 0.97`; for sigmoid, `(a < 0.03) | (a > 0.97)`. Exactly 0.97 does not count.",
        "The mean of a boolean array is the fraction of `True` entries: `float(np.mean(mask))`.",
    ],
    explanation="A unit is saturated when its output is within 0.03 of an end of the activation's range: "
    "\\( |a| > 0.97 \\) for tanh, \\( a < 0.03 \\) or \\( a > 0.97 \\) for sigmoid. The mean "
    "of that boolean mask is the share.",
)
