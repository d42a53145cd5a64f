"""Self-checks of chapter 6, *Softmax and numerical stability*: its quiz and exercises 6.1-6.3.

The chapter's "Self-check" section shows ``quiz``; ``exercises/06_softmax.md``
checks the learner's functions with ``stable_softmax``, ``cross_entropy`` and
``logit_gradient``. Each reference solution is written once, under the name the
learner's function has in the notebook, and uses only NumPy (``np``).

Examples
--------
>>> from actlab.selfcheck import ch06
>>> ch06.stable_softmax.check(ch06.stable_softmax.reference).status
'correct'
>>> ch06.quiz.grade("three-classes", "3").correct
True
"""

import numpy as np

from actlab.checks import Case, Exercise, NotYet, expect_close, expect_finite, expect_rows_sum_to_one, expect_shape
from actlab.quiz import Mistake, Numeric, Option, Quiz, SingleChoice

__all__ = ["quiz", "stable_softmax", "cross_entropy", "logit_gradient"]

# ----------------------------------------------------------------------------------- quiz

quiz = Quiz(
    "ch06",
    [
        SingleChoice(
            "shift",
            r"What is \( \operatorname{softmax}([a + c,\ b + c]) \) for any number \( c \)?",
            [
                Option(
                    r"\( \operatorname{softmax}([a, b]) \)",
                    correct=True,
                    feedback="Right: the factor \\( e^{c} \\) cancels between numerator and denominator.",
                ),
                Option(
                    r"\( \operatorname{softmax}([a, b]) + c \)",
                    feedback="Probabilities must still add up to 1, so they cannot all grow by \\( c \\): "
                    "the shift cancels inside the ratio.",
                ),
                Option(
                    r"\( e^{c} \operatorname{softmax}([a, b]) \)",
                    feedback="\\( e^{c} \\) appears in the numerator **and** in every term of the "
                    "denominator, so it cancels.",
                ),
                Option(
                    "It depends on whether \\( c \\) is positive",
                    feedback="The cancellation works for every real \\( c \\); that is exactly why "
                    "subtracting the maximum is safe.",
                ),
            ],
            explanation=r"\( e^{a+c}/(e^{a+c} + e^{b+c}) = e^{a}/(e^{a} + e^{b}) \): only differences between "
            r"logits matter, which is why the stable softmax may subtract the largest logit.",
        ),
        Numeric(
            "float16",
            "A naive softmax computes `exp(z)` in float16. Above which logit \\( z \\) does `exp` overflow "
            "to `inf`? (Two decimals.)",
            answer=float(np.log(np.finfo(np.float16).max)),
            tolerance=0.01,
            mistakes=[
                Mistake(
                    float(np.log(np.finfo(np.float32).max)),
                    "That is the float32 threshold; float16 has far fewer exponent bits and overflows much sooner.",
                    tolerance=0.05,
                ),
                Mistake(
                    float(np.log(np.finfo(np.float64).max)),
                    "That is the float64 threshold; half precision breaks first.",
                    tolerance=0.05,
                ),
                Mistake(
                    65504.0,
                    "65504 is the largest float16 itself; `exp(z)` reaches it at \\( z = \\ln 65504 \\).",
                    tolerance=1.0,
                ),
            ],
            explanation="The largest float16 is 65504, and \\( \\ln 65504 \\approx 11.09 \\). Float32 "
            "overflows above about 88.72 and float64 above about 709.78.",
        ),
        SingleChoice(
            "log-of-softmax",
            "Why is `log_softmax(z)` better than `np.log(softmax(z))`, even when `softmax` subtracts the maximum?",
            [
                Option(
                    "A probability far behind the leader rounds to 0, and its log becomes "
                    "\\( -\\infty \\); `log_softmax` computes \\( z_i - \\operatorname{logsumexp}(z) \\), a "
                    "finite difference.",
                    correct=True,
                ),
                Option(
                    "`np.log` is slower than a subtraction",
                    feedback="Speed is not the issue: the problem is a probability that underflows to "
                    "exactly 0, so its logarithm is \\( -\\infty \\).",
                ),
                Option(
                    "They give the same numbers; it is a matter of style",
                    feedback="Try \\( z = [1000, 1] \\): the second log-probability is \\( -999 \\), but "
                    "`np.log(softmax(z))` gives \\( -\\infty \\).",
                ),
                Option(
                    "`softmax` can return negative numbers, and their log is NaN",
                    feedback="Softmax outputs are never negative; the danger is an output that rounds to exactly 0.",
                ),
            ],
            explanation="Shifting protects the exponentials from overflow, but a class far behind still gets "
            "a probability that underflows to 0. Working in the log domain never forms that "
            "probability: \\( \\log p_i = z_i - \\operatorname{logsumexp}(z) \\).",
        ),
        SingleChoice(
            "multi-label",
            "A model tags news articles with any number of 12 topics (*politics*, *sport*, *science*, "
            "...). Which output layer?",
            [
                Option("12 units, each with its own sigmoid, binary cross-entropy per topic", correct=True),
                Option(
                    "12 units with a softmax and cross-entropy",
                    feedback="Softmax makes the topics compete: the 12 probabilities add up to 1, so an "
                    "article about both politics and science cannot get a high probability for "
                    "each.",
                ),
                Option(
                    "One unit with a sigmoid",
                    feedback="One sigmoid answers one yes/no question; here there are 12 independent ones.",
                ),
                Option(
                    "12 units with ReLU",
                    feedback="ReLU outputs are not probabilities and do not fit a cross-entropy loss.",
                ),
            ],
            explanation="Independent yes/no labels (multi-label): one sigmoid per label. One class out of "
            "\\( K \\) (multi-class): \\( K \\) units and a softmax.",
        ),
        Numeric(
            "three-classes",
            "A classifier must choose one of 3 classes. How many output units does its softmax layer have?",
            answer=3,
            tolerance=0,
            mistakes=[
                Mistake(
                    1,
                    "One unit with a sigmoid handles two classes; three mutually exclusive classes "
                    "need one logit each.",
                ),
                Mistake(2, "Two units cover two classes; each of the three classes needs its own logit."),
            ],
            explanation="One unit (one logit) per class, then a softmax: 3 units, 3 probabilities adding up to 1.",
        ),
        SingleChoice(
            "gradient",
            "With softmax and cross-entropy, the gradient of the loss with respect to the logits is "
            "\\( p - y \\). A network is confidently wrong: \\( p_c = 0.001 \\) for the true class \\( c \\). "
            "What is \\( \\partial L / \\partial z_c \\)?",
            [
                Option("\\( -0.999 \\): a strong push up on the true class's logit", correct=True),
                Option(
                    "Almost 0, because the softmax is saturated",
                    feedback="That would be true of the softmax alone, but fused with cross-entropy the "
                    "saturation cancels: the gradient is \\( p_c - 1 \\).",
                ),
                Option(
                    "\\( +0.999 \\)",
                    feedback="Check the sign: \\( p_c - y_c = 0.001 - 1 \\). Gradient descent subtracts it, "
                    "so the true logit goes **up**.",
                ),
                Option(
                    "\\( -1000 \\), since \\( -\\log p_c \\) has derivative \\( -1/p_c \\)",
                    feedback="That is the derivative with respect to \\( p_c \\); through the softmax, the "
                    "chain rule multiplies it down to \\( p_c - 1 \\).",
                ),
            ],
            explanation="\\( p_c - y_c = 0.001 - 1 = -0.999 \\). A confident wrong answer gets the largest "
            "push there is, never a vanishing one.",
        ),
    ],
    title="Check yourself: softmax and stability",
)


# ----------------------------------------------------------------------- exercise 6.1

_HARD = np.array([[1000.0, 1001.0, 1002.0], [123.0, 456.0, 789.0], [-1000.0, 0.0, 1000.0]])


def softmax(z, axis=-1):
    """Probabilities along `axis` that add up to 1, for any finite logits."""
    shifted = z - np.max(z, axis=axis, keepdims=True)  # every exponent <= 0
    e = np.exp(shifted)
    return e / np.sum(e, axis=axis, keepdims=True)


def _compare_softmax(got, expected, case):
    (z,) = case.args
    axis = case.kwargs.get("axis", -1)
    expect_shape(got, expected.shape, what="the probabilities")
    expect_finite(got, what="the probabilities", inputs=z)
    p = np.asarray(got, dtype=float)
    if np.allclose(p, expected, atol=1e-9):
        return
    other = 0 if axis in (-1, z.ndim - 1) else -1
    if z.ndim > 1 and np.allclose(np.sum(p, axis=other), 1.0) and not np.allclose(np.sum(p, axis=axis), 1.0):
        raise NotYet(
            f"the probabilities add up to 1 along axis {other}, but this call asked for axis={axis}: "
            "pass `axis` on to both the maximum and the sum (with keepdims=True)."
        )
    expect_rows_sum_to_one(p, axis=axis, what="the probabilities")
    expect_close(p, expected, what="the probabilities", atol=1e-9)


stable_softmax = Exercise(
    "ch06.stable_softmax",
    "Exercise 6.1: a softmax that never overflows",
    solution=softmax,
    cases=[
        Case(np.array([1.0, 2.0, 3.0]), label="z = [1, 2, 3]"),
        Case(np.array([1000.0, 1001.0, 1002.0]), label="z = [1000, 1001, 1002]"),
        Case(_HARD, label="three rows of hard logits, axis=-1"),
        Case(_HARD, axis=0, label="the same logits with axis=0 (each column a distribution)"),
        Case(np.array([[-800.0, -801.0], [0.0, 0.0]]), label="z = [[-800, -801], [0, 0]]"),
    ],
    compare=_compare_softmax,
    warning_free=True,
    hints=[
        "Adding the same number to every logit of a row does not change its softmax. Which number makes "
        "every exponent at most 0?",
        "Subtract `np.max(z, axis=axis, keepdims=True)` before `np.exp`; `keepdims=True` keeps the axis so "
        "the subtraction broadcasts along the right direction.",
        "Divide by `np.sum(e, axis=axis, keepdims=True)`, the same axis as the maximum. With `axis=0` each "
        "column, not each row, must add up to 1.",
    ],
    explanation="Subtracting the maximum along the axis changes nothing mathematically (the factor "
    "\\( e^{-m} \\) cancels) but makes every exponent \\( \\le 0 \\), so nothing overflows, and the "
    "largest term is exactly 1, so the denominator is never 0.",
)


# ----------------------------------------------------------------------- exercise 6.2


def loss(z, y):
    """Mean cross-entropy of logits z (n, K) against class indices y (n,)."""
    m = np.max(z, axis=1, keepdims=True)
    log_sum = m[:, 0] + np.log(np.sum(np.exp(z - m), axis=1))  # log-sum-exp, (n,)
    return float(np.mean(log_sum - z[np.arange(len(y)), y]))


def _compare_loss(got, expected, case):
    if np.ndim(got) != 0:
        raise NotYet(f"expected one number (the mean over the batch), but got an array of shape {np.shape(got)}.")
    expect_finite(got, what="the loss")
    z, y = case.args
    value = float(got)
    if np.isclose(value, -expected, rtol=1e-6):
        raise NotYet(
            f"expected {expected:.6g}, but got {value:.6g}: the loss is minus the log-probability, "
            "so it is never negative."
        )
    total = expected * len(y)
    if len(y) > 1 and np.isclose(value, total, rtol=1e-6):
        raise NotYet(f"expected the mean {expected:.6g}, but got the sum {value:.6g}: divide by the batch size.")
    expect_close(value, expected, what="the loss", rtol=1e-7)


cross_entropy = Exercise(
    "ch06.cross_entropy",
    "Exercise 6.2: cross-entropy from logits",
    solution=loss,
    cases=[
        Case(np.array([[2.0, 1.0, 0.1]]), np.array([0]), label="one example, logits [2, 1, 0.1], true class 0"),
        Case(np.array([[0.0, 0.0], [3.0, -3.0]]), np.array([1, 0]), label="two examples, logits [[0, 0], [3, -3]]"),
        Case(
            np.array([[1000.0, 1.0, 0.0], [5.0, 800.0, -40.0]]),
            np.array([1, 2]),
            label="far-behind true classes: logits [[1000, 1, 0], [5, 800, -40]], true classes [1, 2]",
        ),
    ],
    compare=_compare_loss,
    warning_free=True,
    hints=[
        "The loss of one example is \\( -\\log p_y = -z_y + \\log \\sum_j e^{z_j} \\): no softmax and no "
        "`np.log` of a probability needed.",
        "Compute \\( \\log \\sum_j e^{z_j} \\) as `m + log(sum(exp(z - m)))` with `m` the row's maximum "
        "(log-sum-exp). Then pick each row's true logit with `z[np.arange(n), y]`.",
        "Return the mean over the rows as one float. With the true class 999 logits behind, the right loss "
        "is about 999, not `inf`.",
    ],
    explanation="\\( -\\log \\operatorname{softmax}(z)_y = \\operatorname{logsumexp}(z) - z_y \\). Computed "
    "this way every term is finite, even when \\( p_y \\) itself would round to 0.",
)


# ----------------------------------------------------------------------- exercise 6.3


def gradient(z, y):
    """d(mean cross-entropy)/dz for logits z (n, K) and class indices y (n,)."""
    n, k = z.shape
    e = np.exp(z - np.max(z, axis=1, keepdims=True))
    p = e / np.sum(e, axis=1, keepdims=True)  # (n, K)
    return (p - np.eye(k)[y]) / n  # (n, K)


def _gradient_cases():
    rng = np.random.default_rng(6)
    return [
        Case(np.array([[2.0, 1.0, 0.1]]), np.array([0]), label="one example, logits [2, 1, 0.1], true class 0"),
        Case(rng.normal(size=(4, 5)), rng.integers(0, 5, size=4), label="4 random examples of 5 classes"),
        Case(
            np.array([[1000.0, 0.0], [0.0, 1000.0]]),
            np.array([1, 1]),
            label="large logits [[1000, 0], [0, 1000]], true classes [1, 1]",
        ),
    ]


def _compare_gradient(got, expected, case):
    z, y = case.args
    expect_shape(got, z.shape, what="the gradient")
    expect_finite(got, what="the gradient", inputs=z)
    g = np.asarray(got, dtype=float)
    n = len(y)
    if np.allclose(g, -expected, atol=1e-9):
        raise NotYet(
            "the sign is flipped: the gradient is \\( p - y \\), so the true class's entry is negative "
            "(gradient descent then raises that logit)."
        )
    if n > 1 and np.allclose(g, expected * n, atol=1e-9):
        raise NotYet(
            f"this is the gradient of the summed loss; the loss is the mean over {n} examples, so divide by {n}."
        )
    # a numerical check of the learner's gradient against the loss, with the relative error
    h = 1e-6
    numeric = np.zeros_like(z)
    for idx in np.ndindex(z.shape):
        step = np.zeros_like(z)
        step[idx] = h
        numeric[idx] = (loss(z + step, y) - loss(z - step, y)) / (2 * h)
    rel = np.linalg.norm(g - numeric) / max(np.linalg.norm(g) + np.linalg.norm(numeric), 1e-12)
    if rel > 1e-5:
        raise NotYet(
            f"the gradient fails a finite-difference check of the mean cross-entropy: relative error "
            f"{rel:.2g} (expected below 1e-5). Expected {np.round(expected, 4).tolist()}, but got "
            f"{np.round(g, 4).tolist()}."
        )


logit_gradient = Exercise(
    "ch06.logit_gradient",
    "Exercise 6.3: the gradient p - y",
    solution=gradient,
    cases=_gradient_cases,
    compare=_compare_gradient,
    warning_free=True,
    hints=[
        "For one example, \\( \\partial L / \\partial z_i = p_i - y_i \\), with \\( p = \\operatorname{softmax}(z) \\) "
        "and \\( y \\) the one-hot vector of the true class.",
        "Build the one-hot targets of a batch with `np.eye(K)[y]`, shape `(n, K)`, and compute the softmax of each "
        "row stably (subtract the row's maximum).",
        "The loss is the **mean** over the batch, so every row of the gradient is divided by `n`.",
    ],
    explanation="Differentiating \\( \\operatorname{logsumexp}(z) - z_y \\) gives \\( p_i - y_i \\) for one example; "
    "the mean over \\( n \\) examples divides each row by \\( n \\). The check also compares your "
    "gradient with central differences of the loss.",
)
