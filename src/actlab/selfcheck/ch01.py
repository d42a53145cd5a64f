"""Self-checks of chapter 1, *Why nonlinearity?*: its quiz and exercises 1.1-1.3.

The chapter's "Self-check" section shows ``quiz``; ``exercises/01_nonlinearity.md``
checks the learner's functions with ``collapse``, ``xor_net`` and ``relu_sum``.
Each reference solution below is written once, under the name the learner's
function has in the notebook, and uses only what the notebook's first cell
defines (``np`` and ``relu``).

Examples
--------
>>> from actlab.selfcheck import ch01
>>> ch01.collapse.check(ch01.collapse.reference).status
'correct'
>>> ch01.quiz.grade("pieces", 6).correct
True
"""

import numpy as np

from actlab.checks import Case, Exercise, NotYet, expect_shape
from actlab.quiz import Mistake, MultipleChoice, Numeric, Option, Quiz, SingleChoice

__all__ = ["quiz", "collapse", "xor_net", "relu_sum"]


def relu(z):
    """max(z, 0), elementwise: the helper the exercise notebook defines too."""
    return np.maximum(z, 0.0)


# ----------------------------------------------------------------------------------- quiz

_DEEP = [20] + [100] * 10 + [3]  # input, ten hidden layers, output
_DEEP_PARAMETERS = sum(m * n + n for m, n in zip(_DEEP[:-1], _DEEP[1:]))
_SHALLOW_PARAMETERS = _DEEP[0] * _DEEP[-1] + _DEEP[-1]
_UNITS = 6

quiz = Quiz(
    "ch01",
    title="Quick check: why nonlinearity?",
    questions=[
        Numeric(
            "collapse",
            f"A network has {len(_DEEP) - 2} hidden layers of width {_DEEP[1]} and **no** activation functions; "
            f"its input has {_DEEP[0]} features and its output {_DEEP[-1]}. The smallest network that computes "
            "exactly the same functions is a single affine layer. How many parameters (weights and biases) "
            "does it have?",
            answer=_SHALLOW_PARAMETERS,
            tolerance=0,
            mistakes=[
                Mistake(
                    _DEEP[0] * _DEEP[-1],
                    f"Those are the weights of \\( W' \\) ({_DEEP[0]} × {_DEEP[-1]}); "
                    f"the collapsed layer keeps a bias \\( b' \\) too, one per output.",
                ),
                Mistake(
                    _DEEP_PARAMETERS,
                    "That is the deep network's count. Its layers multiply out into one "
                    "affine map, so almost all of those parameters add nothing it can express.",
                ),
                Mistake(
                    _DEEP[0] * _DEEP[1] + _DEEP[1] * _DEEP[-1] + _DEEP[-1],
                    "No hidden layer is needed at all: \\( W' = W_1 W_2 \\cdots W_{11} \\) maps the input "
                    "straight to the output.",
                ),
            ],
            explanation=f"\\( x W_1 \\cdots W_{{11}} + b' \\) is one affine map: \\( W' \\) has "
            f"{_DEEP[0]} × {_DEEP[-1]} = {_DEEP[0] * _DEEP[-1]} entries and "
            f"\\( b' \\) has {_DEEP[-1]}, "
            f"{_SHALLOW_PARAMETERS} in all, against {_DEEP_PARAMETERS:,} in the deep network.",
        ),
        MultipleChoice(
            "affine",
            "Put each function between two affine layers. With which ones do the two layers still collapse "
            "into one affine layer?",
            [
                Option("\\( \\phi(z) = z \\) (no activation)", correct=True),
                Option(
                    "\\( \\phi(z) = 3z - 1 \\)",
                    correct=True,
                    feedback="\\( 3z - 1 \\) is affine, so it folds into the next layer's weights and bias.",
                ),
                Option(
                    "\\( \\phi(z) = \\max(z, 0) \\) (ReLU)",
                    feedback="ReLU is not affine: \\( \\max(1 + (-1), 0) = 0 \\) but "
                    "\\( \\max(1, 0) + \\max(-1, 0) = 1 \\). Its kink is what stops the collapse.",
                ),
                Option(
                    "\\( \\phi(z) = \\tanh z \\)",
                    feedback="tanh bends: \\( \\tanh 2 \\approx 0.96 \\) is not "
                    "\\( 2 \\tanh 1 \\approx 1.52 \\), "
                    "so no matrix can stand in for it.",
                ),
            ],
            explanation="Only affine activations \\( \\phi(z) = cz + d \\) collapse: "
            "\\( (c(xW_1 + b_1) + d) W_2 + b_2 \\) is again \\( x W' + b' \\). "
            "Any function that is not of this form breaks the product apart.",
        ),
        SingleChoice(
            "xor",
            "Label XOR's corners \\( (1, 1) \\) and \\( (-1, -1) \\) class 0, \\( (1, -1) \\) and "
            "\\( (-1, 1) \\) class 1. Why does no affine classifier "
            "\\( w_1 x_1 + w_2 x_2 + b > 0 \\) get all four right?",
            [
                Option(
                    "The two class-1 corners force \\( b > 0 \\) and the two class-0 corners force "
                    "\\( b \\le 0 \\), whatever the weights.",
                    correct=True,
                    feedback="Adding each pair of inequalities cancels the weights, and what is left "
                    "contradicts itself.",
                ),
                Option(
                    "It would need weights larger than any finite number.",
                    feedback="No weight size helps: the weights cancel out of both sums, leaving only "
                    "\\( b \\), which cannot be both positive and not positive.",
                ),
                Option(
                    "A separating line exists, but gradient descent cannot find it.",
                    feedback="This is not a training failure: the proof shows that no such line exists. "
                    "The chapter's search over 10,000 lines never got more than 3 of 4.",
                ),
                Option(
                    "The corners should first be centred and scaled.",
                    feedback="They are already centred at 0, and rescaling is affine: it keeps lines "
                    "straight, so it cannot make XOR separable.",
                ),
            ],
            explanation="For class 1: \\( w_1 - w_2 + b > 0 \\) and \\( -w_1 + w_2 + b > 0 \\), so "
            "\\( b > 0 \\). For class 0: \\( w_1 + w_2 + b \\le 0 \\) and "
            "\\( -w_1 - w_2 + b \\le 0 \\), so \\( b \\le 0 \\). One hidden layer of ReLU units "
            "escapes this, e.g. \\( |x_1 - x_2| - |x_1 + x_2| \\).",
        ),
        SingleChoice(
            "polynomial",
            "Between the layers we use \\( \\phi(z) = z^2 \\). Which statement is true?",
            [
                Option(
                    "The network is no longer affine, but with a fixed depth it only computes polynomials "
                    "of bounded degree, so it cannot approximate every continuous function.",
                    correct=True,
                ),
                Option(
                    "It collapses into one affine layer, like the identity.",
                    feedback="\\( z^2 \\) is not affine: \\( (u + v)^2 \\ne u^2 + v^2 \\), so the layers do "
                    "not multiply out.",
                ),
                Option(
                    "It is as good as ReLU: every nonlinear activation gives universal approximation.",
                    feedback="Nonlinear is not enough. The approximation theorems need an activation that "
                    "is not a polynomial: squaring \\( L \\) times gives degree at most \\( 2^L \\), "
                    "and polynomials of bounded degree cannot follow \\( |x| \\) on \\( [-1, 1] \\) "
                    "as closely as we like.",
                ),
                Option(
                    "It cannot even separate XOR.",
                    feedback="It can: \\( (x_1 - x_2)^2 - (x_1 + x_2)^2 = -4 x_1 x_2 \\) is positive exactly "
                    "on XOR's class 1, with two squaring units.",
                ),
            ],
            explanation="With a polynomial activation, a network of fixed depth is a polynomial of bounded "
            "degree in its input. Useful activations are nonlinear **and** not polynomials "
            "(ReLU, tanh, sigmoid, GELU).",
        ),
        Numeric(
            "pieces",
            f"A network with one input \\( x \\), one hidden layer of {_UNITS} ReLU units and a linear output "
            "draws a broken line. At most how many kinks (changes of slope) can it have?",
            answer=_UNITS,
            tolerance=0,
            mistakes=[
                Mistake(
                    _UNITS + 1,
                    f"{_UNITS + 1} is the number of straight pieces: "
                    f"{_UNITS} kinks split the line "
                    f"into one piece more.",
                ),
                Mistake(
                    2 * _UNITS,
                    "Each unit \\( \\operatorname{relu}(wx + b) \\) bends once, at \\( x = -b/w \\), not twice.",
                ),
                Mistake(
                    2**_UNITS,
                    f"\\( 2^{{{_UNITS}}} \\) counts the on/off patterns of the units, "
                    "but with one "
                    "input each unit switches at a single point of the line: one kink per unit.",
                ),
            ],
            explanation=f"Each unit adds one kink, at \\( x = -b/w \\); "
            f"{_UNITS} units give at most {_UNITS} kinks "
            f"(fewer when two units share a kink, or an output weight is 0) and {_UNITS + 1} pieces.",
        ),
    ],
)


# ----------------------------------------------------------------------- exercise 1.1


def _layers(sizes, seed):
    rng = np.random.default_rng(seed)
    return [(rng.normal(size=(m, n)), rng.normal(size=n)) for m, n in zip(sizes[:-1], sizes[1:])]


def collapse(layers):
    """Return (W, b) so that x @ W + b equals the whole stack."""
    W, b = layers[0]
    for V, c in layers[1:]:
        # (fan_in, k) @ (k, fan_out) -> (fan_in, fan_out);  (k,) @ (k, fan_out) -> (fan_out,)
        W, b = W @ V, b @ V + c
    return W, b


def _compare_collapse(got, expected, case):
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        raise NotYet(f"expected a pair (W, b), but got {type(got).__name__}.")
    (W_ref, b_ref), (layers,) = expected, case.args
    W, b = got
    expect_shape(W, W_ref.shape, what="W")
    expect_shape(b, b_ref.shape, what="b")
    x = np.random.default_rng(0).normal(size=(7, W_ref.shape[0]))
    stack = x
    for V, c in layers:
        stack = stack @ V + c  # (7, fan_in) @ (fan_in, fan_out) -> (7, fan_out)
    got_out = x @ np.asarray(W, dtype=float) + np.asarray(b, dtype=float)  # (7, in) @ (in, out) -> (7, out)
    if not np.allclose(got_out, stack, atol=1e-9):
        gap = float(np.max(np.abs(got_out - stack)))
        why = ""
        if np.allclose(np.asarray(W, dtype=float), W_ref):
            why = " W is right, so the bias is off: each bias collected so far must go through every later matrix."
        raise NotYet(f"x @ W + b differs from the stack by up to {gap:.3g}.{why}")


collapse = Exercise(  # the Exercise takes the reference function's name: ch01.collapse
    "ch01.collapse",
    "Exercise 1.1: collapse a stack of layers",
    solution=collapse,
    cases=[
        Case(_layers(sizes, seed), label=f"layer sizes {sizes}")
        for seed, sizes in enumerate(([2, 2], [3, 4, 2], [2, 5, 5, 3, 1], [4, 3, 6, 2, 2, 3]))
    ],
    compare=_compare_collapse,
    hints=[
        "Start from the first layer's pair `(W, b)` and ask what one more layer `(V, c)` does to it: "
        "expand `(x @ W + b) @ V + c`.",
        "`(x @ W + b) @ V + c = x @ (W @ V) + (b @ V + c)`: the new matrix is `W @ V` and the new bias is "
        "`b @ V + c`. Repeat for every remaining layer.",
        "The usual slip is to add the biases without carrying the earlier ones through the later matrices "
        "(`b + c` instead of `b @ V + c`); the shapes only match by luck when the layers have equal widths.",
    ],
    explanation="Appending a layer `(V, c)` to `x @ W + b` gives `x @ (W @ V) + (b @ V + c)`: the matrix is "
    "multiplied through, and so is the bias collected so far.",
)


# ----------------------------------------------------------------------- exercise 1.2


def net(X):
    """One score per row of X (n, 2): positive in quadrants II and IV."""
    a, b = X[:, 0], X[:, 1]
    return relu(a - b) + relu(b - a) - relu(a + b) - relu(-a - b)  # |a - b| - |a + b|


_CORNERS = np.array([[1.0, 1.0], [-1.0, 1.0], [-1.0, -1.0], [1.0, -1.0]])


def _square_points(n, seed):
    X = np.random.default_rng(seed).uniform(-1.0, 1.0, size=(n, 2))
    return X[np.abs(X).min(axis=1) > 0.05]  # off the axes, where the class flips


def _compare_signs(got, expected, case):
    (X,) = case.args
    expect_shape(got, (len(X),), what="the scores")
    scores = np.asarray(got, dtype=float)
    wrong = np.flatnonzero((scores > 0) != (expected > 0))
    if wrong.size == 0:
        return
    if len(X) <= 4:
        points = ", ".join(f"({X[i, 0]:g}, {X[i, 1]:g})" for i in wrong)
        raise NotYet(
            f"the sign is wrong at {points}: a score should be positive exactly where one "
            "coordinate is negative, as at (-1, 1) and (1, -1)."
        )
    raise NotYet(
        f"{wrong.size} of {len(X)} points get the wrong sign, e.g. ({X[wrong[0], 0]:.2f}, "
        f"{X[wrong[0], 1]:.2f}) scores {scores[wrong[0]]:.3g}; the score should change sign on "
        "both axes, not only at the corners."
    )


xor_net = Exercise(
    "ch01.xor_net",
    "Exercise 1.2: a network for XOR",
    solution=net,
    cases=[
        Case(_CORNERS, label="the four corners (1, 1), (-1, 1), (-1, -1), (1, -1)"),
        Case(_square_points(400, 7), label="random points in the square (off the axes)"),
    ],
    compare=_compare_signs,
    hints=[
        "An absolute value is two ReLU units: \\( |a| = \\operatorname{relu}(a) + \\operatorname{relu}(-a) \\).",
        "Compare \\( |x_1 - x_2| \\) with \\( |x_1 + x_2| \\): which one is larger when \\( x_1 \\) and "
        "\\( x_2 \\) have opposite signs?",
        "\\( |x_1 - x_2| - |x_1 + x_2| \\) is positive exactly when \\( x_1 x_2 < 0 \\). Write each absolute "
        "value with two `relu` calls on the columns `X[:, 0]` and `X[:, 1]`.",
    ],
    explanation="\\( |x_1 - x_2| - |x_1 + x_2| \\) is positive exactly when \\( x_1 x_2 < 0 \\). "
    "Each absolute "
    "value is two ReLU units, so this is a network with four hidden units: input weights "
    "\\( (1,-1), (-1,1), (1,1), (-1,-1) \\) and output weights \\( 1, 1, -1, -1 \\).",
)


# ----------------------------------------------------------------------- exercise 1.3


def coefficients(t, y):
    """(c0, c) so that c0 + sum_j c[j] * relu(x - t[j]) passes the knots."""
    slopes = np.diff(y) / np.diff(t)
    return y[0], np.diff(slopes, prepend=0.0)  # each ramp adds one change of slope


def _knots(k, seed):
    rng = np.random.default_rng(seed)
    return np.sort(rng.uniform(-3, 3, size=k + 1)), rng.normal(size=k + 1)


def _compare_curve(got, expected, case):
    t, y = case.args
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        raise NotYet(f"expected a pair (c0, c), but got {type(got).__name__}.")
    expect_shape(got[0], (), what="c0")
    expect_shape(got[1], (len(t) - 1,), what=f"c for {len(t)} knots")
    c0, c = float(got[0]), np.asarray(got[1], dtype=float)
    at_knots = c0 + relu(t[:, None] - t[:-1]) @ c  # (k+1, k) @ (k,) -> (k+1,)
    if np.allclose(at_knots, y, atol=1e-8):
        return  # a sum of these ramps is straight between knots: passing every knot is enough
    bad = int(np.argmax(np.abs(at_knots - y)))
    if np.allclose(c, np.diff(y) / np.diff(t)):
        why = " c holds the slopes themselves; each c[j] should be by how much the slope changes at knot j."
    else:
        why = " Each c[j] should be the change of slope at knot j (the first one is the first slope itself)."
    raise NotYet(
        f"at knot {bad} (t = {t[bad]:.3g}) the sum gives {at_knots[bad]:.4g} where the curve is {y[bad]:.4g}.{why}"
    )


relu_sum = Exercise(
    "ch01.relu_sum",
    "Exercise 1.3: a curve from ReLUs",
    solution=coefficients,
    cases=[Case(*_knots(k, seed), label=f"{k + 1} random knots") for seed, k in enumerate((1, 3, 8))],
    compare=_compare_curve,
    hints=[
        "At \\( x = t_0 \\) every ReLU is still 0, so \\( c_0 = y_0 \\).",
        "\\( \\operatorname{relu}(x - t_j) \\) has slope 0 left of \\( t_j \\) and 1 right of it, so "
        "\\( c_j \\) is by how much the slope *changes* at \\( t_j \\).",
        "Compute the slopes of the segments, `np.diff(y) / np.diff(t)`; then `c` is the first slope followed "
        "by the differences of consecutive slopes, which `np.diff(slopes, prepend=0.0)` gives in one go.",
    ],
    explanation="At \\( t_0 \\) every ReLU is still zero, so \\( c_0 = y_0 \\). "
    "The slope of segment \\( j \\) "
    "is \\( s_j = (y_{j+1} - y_j)/(t_{j+1} - t_j) \\); the first ReLU sets the slope to "
    "\\( s_0 \\), and each later one adds the change \\( s_j - s_{j-1} \\).",
)
