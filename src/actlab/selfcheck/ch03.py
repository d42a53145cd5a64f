"""Self-checks of chapter 3, *The activation zoo*: its quiz and exercises 3.1-3.4.

The chapter's "Self-check" section shows ``quiz``; ``exercises/03_activation_zoo.md``
checks the learner's functions with ``sigmoid``, ``leaky_relu``, ``gelu_tanh`` and
``largest_gap``. Each reference solution below is written once, under the name the
learner's function has in the notebook, and uses only what the notebook's first
cell defines (``np`` and the exact ``gelu``) and the solutions before it.

Every number a question or an explanation states is computed here from
:mod:`actlab.activations`, so the quiz cannot disagree with the chapter.

Examples
--------
>>> from actlab.selfcheck import ch03
>>> ch03.overflow_safe_sigmoid.check(ch03.overflow_safe_sigmoid.reference).status
'correct'
>>> ch03.quiz.grade("gelu-at-1", "1").feedback[:40]
'1 is ReLU (and the identity) at z = 1: G'
"""

import numpy as np
from scipy.special import erf

from actlab import activations
from actlab.checks import Case, Exercise, NotYet, expect_close, expect_shape
from actlab.quiz import Mistake, MultipleChoice, Numeric, Option, Quiz, SingleChoice

__all__ = ["quiz", "overflow_safe_sigmoid", "leaky", "gelu_approximation", "gelu_gap"]


def gelu(z):
    """Exact GELU, z * Phi(z): the helper the exercise notebook defines too."""
    return 0.5 * z * (1.0 + erf(z / np.sqrt(2.0)))


# ----------------------------------------------------------------------------------- quiz


def _at(name, z, **params):
    return float(activations.get(name, **params)(z))


def _slope(name, z, **params):
    return float(activations.get(name, **params).grad(z))


_GELU_1, _SIGMOID_1, _TANH_1 = _at("gelu", 1.0), _at("sigmoid", 1.0), _at("tanh", 1.0)
_GELU_MIN = float(activations.get("gelu")(np.linspace(-2.0, 0.0, 20_001)).min())
_SLOPES_0 = {name: _slope(name, 0.0) for name in ("sigmoid", "tanh", "relu", "gelu", "softplus")}
_NORMAL = np.random.default_rng(0).normal(size=100_000)
_ELU_MEAN, _RELU_MEAN = (float(np.mean(activations.get(n)(_NORMAL))) for n in ("elu", "relu"))
_ZS = np.linspace(-6.0, 6.0, 12_001)
_GAP = float(np.max(np.abs(activations.get("gelu")(_ZS) - activations.get("gelu_tanh")(_ZS))))

quiz = Quiz(
    "ch03",
    title="Quick check: the activation zoo",
    questions=[
        MultipleChoice(
            "ranges",
            "Which of these ranges are right?",
            [
                Option("sigmoid: \\( (0, 1) \\)", correct=True),
                Option(
                    "tanh: \\( (0, 1) \\)",
                    feedback="That is the sigmoid's range. tanh is the sigmoid stretched and shifted, "
                    "\\( 2\\sigma(2z) - 1 \\): its range is \\( (-1, 1) \\), centred on 0.",
                ),
                Option(
                    "leaky ReLU: \\( [0, \\infty) \\)",
                    feedback="Leaky ReLU keeps a slope \\( \\alpha \\) on the left, so its negative side "
                    "goes on for ever: the range is \\( (-\\infty, \\infty) \\), only "
                    "\\( \\alpha \\) times as steep on the left.",
                ),
                Option(
                    "GELU: \\( (-\\infty, \\infty) \\)",
                    feedback=f"GELU is bounded below: it dips to about {_GELU_MIN:.2f} near \\( z = -0.75 \\) "
                    "and rises back to 0 on the far left, so its range is about "
                    f"\\( [{_GELU_MIN:.2f}, \\infty) \\).",
                ),
                Option(
                    "ELU with \\( \\alpha = 1 \\): \\( (-1, \\infty) \\)",
                    correct=True,
                    feedback="Right: \\( \\alpha(e^z - 1) \\) approaches \\( -\\alpha \\) without reaching it.",
                ),
            ],
            explanation="sigmoid \\( (0, 1) \\); tanh \\( (-1, 1) \\); ReLU \\( [0, \\infty) \\); leaky ReLU "
            "\\( (-\\infty, \\infty) \\); ELU \\( (-\\alpha, \\infty) \\); GELU about "
            f"\\( [{_GELU_MIN:.2f}, \\infty) \\).",
        ),
        MultipleChoice(
            "zero-centred",
            "Which of these activations are zero-centred, in the strict sense that "
            "\\( \\phi(-z) = -\\phi(z) \\), so that a symmetric input gives outputs with mean 0?",
            [
                Option(
                    "sigmoid",
                    feedback="The sigmoid's outputs all lie in \\( (0, 1) \\), with mean "
                    "\\( \\tfrac12 \\) for a symmetric input: that is why tanh "
                    "replaced it.",
                ),
                Option(
                    "ReLU",
                    feedback="ReLU's outputs are never negative, so their mean is positive "
                    f"(about {_RELU_MEAN:.2f} for a standard normal input).",
                ),
                Option("tanh", correct=True),
                Option(
                    "ELU",
                    feedback=f"ELU's negative outputs pull the mean down, to about {_ELU_MEAN:.2f} "
                    "for a standard normal input: nearer 0 than ReLU, but not 0. Its left "
                    "side is bounded by \\( -\\alpha \\) while its right side is not.",
                ),
            ],
            explanation="Only tanh is odd. ELU moves the mean towards 0 without reaching it; sigmoid and ReLU "
            "are positive (or zero) everywhere.",
        ),
        Numeric(
            "gelu-at-1",
            "What is \\( \\operatorname{GELU}(1) = 1 \\cdot \\Phi(1) \\), to two decimals?",
            answer=round(_GELU_1, 2),
            tolerance=0.006,
            mistakes=[
                Mistake(
                    1.0,
                    "1 is ReLU (and the identity) at z = 1: GELU's switch \\( \\Phi(1) \\) is not fully "
                    "on yet, so GELU lies *below* both.",
                    tolerance=0.006,
                ),
                Mistake(
                    round(_SIGMOID_1, 2),
                    "That is \\( \\sigma(1) \\), the sigmoid (and Swish) at 1. GELU "
                    "uses the normal CDF \\( \\Phi \\), which is steeper.",
                    tolerance=0.006,
                ),
                Mistake(round(_TANH_1, 2), "That is \\( \\tanh(1) \\).", tolerance=0.006),
            ],
            explanation=f"\\( \\Phi(1) \\approx {_GELU_1:.3f} \\), so GELU(1) \\( \\approx {_GELU_1:.3f} \\): "
            f"above the sigmoid's {_SIGMOID_1:.3f} and tanh's {_TANH_1:.3f}, below ReLU's 1.",
        ),
        SingleChoice(
            "slope-at-0",
            "Which derivative is largest at \\( z = 0 \\) (taking the course's convention at a kink)?",
            [
                Option(
                    "sigmoid",
                    feedback=f"\\( \\sigma'(0) = \\sigma(0)(1 - \\sigma(0)) = "
                    f"{_SLOPES_0['sigmoid']:g} \\): the sigmoid's largest slope, "
                    "but a quarter of tanh's.",
                ),
                Option("tanh", correct=True, feedback=f"\\( \\tanh'(0) = 1 - \\tanh^2 0 = {_SLOPES_0['tanh']:g} \\)."),
                Option(
                    "ReLU",
                    feedback="At the kink the derivative takes its left-hand value, "
                    f"\\( \\operatorname{{relu}}'(0) = {_SLOPES_0['relu']:g} \\), as PyTorch "
                    "does. Just to the right it would be 1, which only ties with tanh.",
                ),
                Option("GELU", feedback=f"\\( \\operatorname{{gelu}}'(0) = \\Phi(0) = {_SLOPES_0['gelu']:g} \\)."),
                Option(
                    "softplus", feedback=f"softplus' is the sigmoid, \\( \\sigma(0) = {_SLOPES_0['softplus']:g} \\)."
                ),
            ],
            explanation="Slopes at 0: "
            + ", ".join(f"{n} {v:g}" for n, v in _SLOPES_0.items())
            + ". tanh's is four times the sigmoid's, because \\( \\tanh'(z) = 4\\sigma'(2z) \\); "
            "away from 0 it decays faster.",
        ),
        SingleChoice(
            "deterministic",
            "GELU's paper explains \\( z\\,\\Phi(z) \\) as the expected output of a unit that keeps its input "
            "with probability \\( \\Phi(z) \\). What happens when a trained network with GELU runs twice on the "
            "same input?",
            [
                Option(
                    "The outputs differ a little, because GELU draws a random mask.",
                    feedback="The randomness is only in the derivation: GELU is the *expected value* of the "
                    "random mask, computed exactly. Nothing is drawn when it runs.",
                ),
                Option(
                    "The outputs differ during training only, as with dropout.",
                    feedback="Dropout draws masks during training; GELU never does. It adds no noise and no "
                    "regularisation of its own.",
                ),
                Option(
                    "It gives exactly the same output both times: GELU is an ordinary deterministic function.",
                    correct=True,
                ),
                Option(
                    "It depends on the tanh approximation being used.",
                    feedback=f"Both forms are deterministic; they differ by at most about {_GAP:.0e}.",
                ),
            ],
            explanation="\\( \\operatorname{GELU}(z) = z\\,\\Phi(z) \\) is a fixed function of \\( z \\): the "
            "random mask belongs to the argument that motivates it, not to the function.",
        ),
        Numeric(
            "leaky-far-left",
            "Leaky ReLU with \\( \\alpha = 0.01 \\): what is its value at \\( z = -1000 \\)?",
            answer=_at("leaky_relu", -1000.0),
            tolerance=1e-9,
            mistakes=[
                Mistake(
                    0.0,
                    "That would be ReLU. Leaky ReLU keeps the slope \\( \\alpha \\) on the left: "
                    "\\( 0.01 \\times (-1000) \\).",
                ),
                Mistake(
                    10.0,
                    "Check the sign: the left side of leaky ReLU is \\( \\alpha z \\), negative for "
                    "negative \\( z \\).",
                ),
                Mistake(-0.01, "That is the slope; the value is the slope times \\( z \\)."),
            ],
            explanation="\\( \\alpha z = 0.01 \\times (-1000) = -10 \\): leaky ReLU is unbounded below, "
            "only a hundred times less steep on the left than on the right.",
        ),
    ],
)


# ----------------------------------------------------------------------- exercise 3.1


def sigmoid(z):
    """1 / (1 + exp(-z)), finite and warning-free for every finite z, in z's float dtype."""
    e = np.exp(-np.abs(z))  # never larger than 1
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


#: Where exp overflows: the log of the largest number of each dtype.
_EXP_LIMIT = {t: float(np.log(np.finfo(t).max)) for t in (np.float64, np.float32)}
_EXTREMES = [-1000.0, -100.0, -20.0, -1.0, 0.0, 1.0, 20.0, 100.0, 1000.0]


def _compare_sigmoid(got, expected, case):
    (z,) = case.args
    expect_shape(got, z.shape, what="sigmoid(z)")
    got_dtype = np.asarray(got).dtype
    if got_dtype != z.dtype:
        raise NotYet(
            f"for a {z.dtype} input the result should stay {z.dtype}, but it is {got_dtype}; "
            "use numbers of the input's dtype (np.exp of a float32 array stays float32)."
        )
    tol = 1e-6 if z.dtype == np.float32 else 1e-12
    expect_close(got, expected, what="sigmoid(z)", rtol=tol, atol=tol)


overflow_safe_sigmoid = Exercise(
    "ch03.overflow_safe_sigmoid",
    "Exercise 3.1: an overflow-safe sigmoid",
    solution=sigmoid,
    cases=[
        Case(np.array(_EXTREMES, dtype=np.float64), label="z = [-1000, -100, -20, -1, 0, 1, 20, 100, 1000] in float64"),
        Case(np.array(_EXTREMES, dtype=np.float32), label="the same z in float32"),
        Case(
            np.random.default_rng(3).normal(scale=30.0, size=50).astype(np.float32),
            label="50 random float32 numbers of size up to about 100",
        ),
    ],
    compare=_compare_sigmoid,
    warning_free=True,
    hints=[
        "`1 / (1 + np.exp(-z))` computes \\( e^{1000} \\) for \\( z = -1000 \\): an overflow, in float64 "
        f"beyond about {_EXP_LIMIT[np.float64]:.0f}, in float32 already beyond about "
        f"{_EXP_LIMIT[np.float32]:.1f}. Find a form that never takes exp of a large positive number.",
        "For \\( z < 0 \\), multiply the top and bottom of \\( 1/(1 + e^{-z}) \\) by \\( e^{z} \\): "
        "\\( e^{z}/(1 + e^{z}) \\). Now the exponent is negative on that side.",
        "`np.where(cond, a, b)` computes **both** `a` and `b` everywhere, so each must be safe for every z. "
        "Compute `e = np.exp(-np.abs(z))` once (never above 1) and build both branches from it.",
    ],
    explanation="With \\( e = e^{-|z|} \\le 1 \\), the sigmoid is \\( 1/(1 + e) \\) for \\( z \\ge 0 \\) and "
    "\\( e/(1 + e) \\) for \\( z < 0 \\): the same function, with no exponential of a positive "
    "number anywhere, so it is finite and warning-free in every float dtype.",
)


# ----------------------------------------------------------------------- exercise 3.2


def leaky_relu(z, alpha=0.01):
    """(value, slope) of leaky ReLU; at z = 0 the slope is alpha, the left-hand value."""
    value = np.where(z > 0, z, alpha * z)
    slope = np.where(z > 0, 1.0, alpha)
    return value, slope


_KINKED = np.array([-3.0, -0.5, 0.0, 0.5, 3.0])


def _compare_leaky(got, expected, case):
    z, alpha = case.args[0], case.kwargs.get("alpha", 0.01)
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        raise NotYet(f"expected a pair (value, slope), e.g. `return value, slope`, but got {type(got).__name__}.")
    value, slope = got
    expect_shape(value, z.shape, what="the value")
    if not np.allclose(value, expected[0]):
        if np.allclose(value, np.maximum(alpha * z, z)):
            raise NotYet(
                f"with alpha = {alpha:g} this is np.maximum(alpha * z, z), which equals leaky ReLU "
                "only for 0 < alpha < 1; write it with np.where(z > 0, z, alpha * z)."
            )
        if np.allclose(value, np.maximum(z, 0.0)):
            raise NotYet("the value is ReLU's: on the left it should be alpha * z, not 0.")
    expect_close(value, expected[0], what="the value")
    expect_shape(slope, z.shape, what="the slope")
    kink = np.flatnonzero(z == 0)
    if kink.size and not np.isclose(np.asarray(slope, dtype=float)[kink[0]], alpha):
        got_at_0 = float(np.asarray(slope, dtype=float)[kink[0]])
        fix = ": use z > 0, not z >= 0" if np.isclose(got_at_0, 1.0) else ""
        raise NotYet(
            f"at the kink z = 0 the slope should take the left-hand value alpha = {alpha:g}, as the "
            f"usual formulas and PyTorch do, but it is {got_at_0:g}{fix}."
        )
    expect_close(slope, expected[1], what="the slope")


leaky = Exercise(
    "ch03.leaky",
    "Exercise 3.2: leaky ReLU and its derivative",
    solution=leaky_relu,
    cases=[
        Case(_KINKED, label="z = [-3, -0.5, 0, 0.5, 3], alpha = 0.01 (the default)"),
        Case(_KINKED, alpha=0.2, label="the same z with alpha = 0.2"),
        Case(np.linspace(-4.0, 4.0, 9), alpha=2.0, label="z from -4 to 4 with alpha = 2"),
    ],
    compare=_compare_leaky,
    hints=[
        "On the right (\\( z > 0 \\)) the value is \\( z \\) and the slope 1; on the left the value is "
        "\\( \\alpha z \\) and the slope \\( \\alpha \\).",
        "`np.where(z > 0, a, b)` picks `a` where the condition holds and `b` elsewhere, element by element.",
        "At \\( z = 0 \\) the course takes the left-hand slope, \\( \\alpha \\): the strict `z > 0` "
        "sends 0 to the left branch. And `np.maximum(alpha * z, z)` is leaky ReLU only for "
        "\\( 0 < \\alpha < 1 \\).",
    ],
    explanation="Two `np.where` calls with the strict condition `z > 0`: it works for every \\( \\alpha \\), "
    "and at the kink it gives the left-hand slope \\( \\alpha \\).",
)


# ----------------------------------------------------------------------- exercise 3.3


def gelu_tanh(z):
    """The tanh approximation of GELU."""
    inner = np.sqrt(2.0 / np.pi) * (z + 0.044715 * z**3)
    return 0.5 * z * (1.0 + np.tanh(inner))


gelu_approximation = Exercise(
    "ch03.gelu_approximation",
    "Exercise 3.3: the tanh approximation of GELU",
    solution=gelu_tanh,
    cases=[Case(np.array([-3.0, -1.0, -0.5, 0.0, 0.5, 1.0, 3.0])), Case(np.linspace(-6.0, 6.0, 25))],
    hints=[
        "The formula is \\( \\tfrac{z}{2}\\bigl(1 + \\tanh\\bigl(\\sqrt{2/\\pi}\\,(z + 0.044715\\,z^3)"
        "\\bigr)\\bigr) \\).",
        "Compute the inner part first, `inner = np.sqrt(2 / np.pi) * (z + 0.044715 * z**3)`, then "
        "`0.5 * z * (1 + np.tanh(inner))`.",
    ],
    explanation="The tanh replaces the normal CDF: \\( \\Phi(z) \\approx \\tfrac12(1 + \\tanh(\\sqrt{2/\\pi}"
    "(z + 0.044715 z^3))) \\), and GELU is \\( z \\) times that.",
)


# ----------------------------------------------------------------------- exercise 3.4


def largest_gap(z):
    """(gap, where): the largest |gelu - gelu_tanh| over the inputs z, and the input where it occurs."""
    gap = np.abs(gelu(z) - gelu_tanh(z))
    i = np.argmax(gap)
    return gap[i], z[i]


def _compare_gap(got, expected, case):
    (z,) = case.args
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        raise NotYet(f"expected a pair (gap, where), but got {type(got).__name__}.")
    gap, where = (np.asarray(g, dtype=float) for g in got)
    expect_shape(gap, (), what="the gap")
    expect_shape(where, (), what="where")
    if gap < 0:
        raise NotYet(f"the gap is {float(gap):.3g}, negative: take the absolute value of the difference.")
    expect_close(gap, expected[0], what="the largest gap", rtol=1e-6, atol=1e-12)
    # the gap is even in z: either sign of the input is right
    if not np.isclose(abs(float(where)), abs(float(expected[1])), atol=1e-9):
        raise NotYet(
            f"the largest gap is right, but it occurs at z = ±{abs(float(expected[1])):.4g}, "
            f"not at {float(where):.4g}: return the input, z[i], not the index i."
        )


gelu_gap = Exercise(
    "ch03.gelu_gap",
    "Exercise 3.4: how close is the approximation?",
    solution=largest_gap,
    cases=[
        Case(np.linspace(-6.0, 6.0, 12_001), label="12,001 inputs from -6 to 6"),
        Case(np.linspace(0.0, 2.0, 201), label="201 inputs from 0 to 2"),
    ],
    compare=_compare_gap,
    hints=[
        "Compute `np.abs(gelu(z) - gelu_tanh(z))` for the whole array at once.",
        "`np.argmax` gives the index `i` of the largest entry; return the gap there and `z[i]`, the input.",
    ],
    explanation="The gap is even in \\( z \\) (both forms satisfy \\( f(z) - f(-z) = z \\)), so it peaks "
    f"at a pair \\( \\pm z \\); over \\( [-6, 6] \\) it never exceeds {_GAP:.1e}.",
)
