r"""Self-checks of chapter 2, *Gradient descent and the learning signal*: its quiz and exercises 2.1-2.3.

The chapter's "Self-check" section shows ``quiz``;
``exercises/02_gradient_descent.md`` checks the learner's functions with
``unit_gradient``, ``descend`` and ``backprop``. Each reference solution below is
written once, under the name the learner's function has in the notebook, and
uses only what the notebook's first cell defines (``np``, ``sigmoid``,
``sigmoid_grad`` and ``tanh_grad``).

Examples
--------
>>> from actlab.selfcheck import ch02
>>> ch02.backprop.check(ch02.backprop.reference).status
'correct'
>>> ch02.quiz.grade("limit", "0.5").correct
True
"""

import numpy as np

from actlab.checks import Case, Exercise, NotYet, describe, expect_close, expect_shape
from actlab.quiz import Mistake, MultipleChoice, Numeric, Option, Quiz, SingleChoice

__all__ = ["quiz", "unit_gradient", "descend", "backprop"]


def sigmoid(z):
    """1 / (1 + exp(-z)), computed without overflow: the helper the exercise notebook defines too."""
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_grad(z):
    """The sigmoid's derivative with respect to its input z: sigmoid(z) * (1 - sigmoid(z))."""
    s = sigmoid(z)
    return s * (1.0 - s)


def tanh_grad(z):
    """The derivative of tanh with respect to its input z: 1 - tanh(z)**2."""
    return 1.0 - np.tanh(z) ** 2


# ----------------------------------------------------------------------------------- quiz

_CURVATURE = 4.0
_LR_TOO_LARGE = 0.6
_SIGMOID_5 = float(sigmoid_grad(5.0))

quiz = Quiz(
    "ch02",
    title="Quick check: gradient descent and the learning signal",
    questions=[
        SingleChoice(
            "factor",
            "For one unit, \\( \\frac{\\partial L}{\\partial w} = \\frac{\\partial L}{\\partial a} \\cdot "
            "\\frac{\\partial a}{\\partial z} \\cdot \\frac{\\partial z}{\\partial w} \\) "
            "with \\( z = wx + b \\) and \\( a = \\phi(z) \\). Which factor does the activation contribute?",
            [
                Option(
                    "\\( \\phi'(z) \\), the slope of the activation at the unit's current pre-activation",
                    correct=True,
                    feedback="Right: it scales every update of the unit's weights and bias.",
                ),
                Option(
                    "\\( x \\), the input",
                    feedback="\\( \\partial z / \\partial w = x \\) comes from the affine part "
                    "\\( z = wx + b \\); it would be there with any activation, or none.",
                ),
                Option(
                    "\\( a - y \\), the error",
                    feedback="That is \\( \\partial L / \\partial a \\) for the squared error: it comes "
                    "from the loss, and says how wrong the output is, not how the activation passes "
                    "it on.",
                ),
                Option(
                    "\\( \\phi(z) \\), the output value",
                    feedback="The chain rule needs the activation's *derivative*, not its value. (For sigmoid "
                    "and tanh the derivative can be written with the output, "
                    "\\( \\sigma' = \\sigma(1 - \\sigma) \\), but it is still a slope.)",
                ),
            ],
            explanation="\\( \\partial a / \\partial z = \\phi'(z) \\): the activation's slope at the current "
            "\\( z \\). Where it is small the unit learns slowly; where it is 0 the unit does not "
            "learn at all, however large its error.",
        ),
        SingleChoice(
            "slowest",
            "Three sigmoid units have the same error \\( a - y \\) on the same input. Their pre-activations are "
            "\\( z = 0 \\), \\( z = 2 \\) and \\( z = -6 \\). Which one's weight moves least in the next step?",
            [
                Option(
                    "The one at \\( z = -6 \\)",
                    correct=True,
                    feedback="Right: \\( \\sigma'(-6) \\approx 0.0025 \\), a hundred times less than "
                    "\\( \\sigma'(0) = 0.25 \\).",
                ),
                Option(
                    "The one at \\( z = 0 \\)",
                    feedback="At \\( z = 0 \\) the sigmoid is steepest, \\( \\sigma'(0) = 0.25 \\): this unit "
                    "gets the *largest* update of the three.",
                ),
                Option(
                    "The one at \\( z = 2 \\)",
                    feedback="\\( \\sigma'(2) \\approx 0.10 \\) is smaller than at 0, but far larger than at "
                    "\\( -6 \\), where the curve is almost flat.",
                ),
                Option(
                    "All three move the same, since their errors are equal",
                    feedback="The error is only one factor of the gradient. The update is "
                    "\\( -\\eta\\,(a - y)\\,\\sigma'(z)\\,x \\), and \\( \\sigma'(z) \\) "
                    "differs by a factor of 100 between these units.",
                ),
            ],
            explanation="The update is proportional to \\( \\sigma'(z) \\): 0.25 at 0, about 0.10 at 2, about "
            "0.0025 at \\( -6 \\). A saturated unit learns slowly even when it is badly wrong.",
        ),
        Numeric(
            "limit",
            f"Near its minimum a loss is \\( L(w) = \\tfrac12 c\\,(w - w^*)^2 \\) with curvature "
            f"\\( c = {_CURVATURE:g} \\). What is the largest learning rate for which gradient descent still "
            "converges (the boundary value)?",
            answer=2 / _CURVATURE,
            tolerance=1e-3,
            mistakes=[
                Mistake(
                    1 / _CURVATURE,
                    "\\( 1/c \\) is the learning rate that lands on the minimum in one "
                    "step. Up to twice that, the steps overshoot but still shrink.",
                ),
                Mistake(
                    2.0,
                    "The curvature matters: each step multiplies the error by "
                    "\\( 1 - \\eta c \\), so the limit is \\( 2/c \\), not 2.",
                ),
                Mistake(
                    2 * _CURVATURE,
                    "The limit shrinks as the curvature grows: a sharper bowl needs smaller "
                    "steps. It is \\( 2/c \\), not \\( 2c \\).",
                ),
            ],
            explanation=f"Each step multiplies \\( w - w^* \\) by \\( 1 - \\eta c \\). Its size is below 1 "
            f"exactly when \\( 0 < \\eta c < 2 \\), so \\( \\eta < 2/c = {2 / _CURVATURE:g} \\).",
        ),
        SingleChoice(
            "too-large",
            f"Same loss, \\( c = {_CURVATURE:g} \\), and learning rate \\( \\eta = {_LR_TOO_LARGE:g} \\). "
            "What do the weights do?",
            [
                Option(
                    f"Jump to the other side of the minimum each step, each time "
                    f"{abs(1 - _LR_TOO_LARGE * _CURVATURE):g} times as far away: they diverge",
                    correct=True,
                ),
                Option(
                    "Overshoot, but oscillate towards the minimum",
                    feedback=f"That is what happens for \\( 1 < \\eta c < 2 \\). Here "
                    f"\\( \\eta c = {_LR_TOO_LARGE * _CURVATURE:g} \\), so the factor "
                    f"\\( 1 - \\eta c = {1 - _LR_TOO_LARGE * _CURVATURE:g} \\) is below \\( -1 \\).",
                ),
                Option(
                    "Converge, only more slowly than with a small learning rate",
                    feedback="A larger learning rate is not merely slower or faster here: above \\( 2/c \\) "
                    "every step makes the error larger.",
                ),
                Option(
                    "Stop where the gradient becomes small",
                    feedback="Near the minimum the gradient is small, but the step is \\( \\eta \\) times the "
                    "gradient and the curvature decides whether it overshoots: a small gradient does "
                    "not make the step safe.",
                ),
            ],
            explanation=f"\\( w_{{t+1}} - w^* = (1 - \\eta c)(w_t - w^*) \\) with \\( 1 - \\eta c = "
            f"{1 - _LR_TOO_LARGE * _CURVATURE:g} \\): the sign flips every step and the distance "
            f"grows by a factor {abs(1 - _LR_TOO_LARGE * _CURVATURE):g}.",
        ),
        Numeric(
            "sigma5",
            "A sigmoid unit sits at \\( z = 5 \\). What is \\( \\sigma'(5) \\), the factor its updates are "
            "multiplied by? Give two significant digits.",
            answer=round(_SIGMOID_5, 4),
            tolerance=0.0002,
            mistakes=[
                Mistake(
                    round(float(sigmoid(5.0)), 4),
                    "That is \\( \\sigma(5) \\), the output. The slope is \\( \\sigma(5)(1 - \\sigma(5)) \\).",
                    tolerance=0.002,
                ),
                Mistake(0.25, "0.25 is the slope at \\( z = 0 \\), the steepest point of the sigmoid."),
            ],
            explanation=f"\\( \\sigma'(5) = \\sigma(5)(1 - \\sigma(5)) \\approx 0.9933 \\times 0.0067 \\approx "
            f"{_SIGMOID_5:.4f} \\), about 38 times less than \\( \\sigma'(0) = 0.25 \\).",
        ),
        SingleChoice(
            "zigzag",
            "A unit's inputs all come from a sigmoid layer, so they are all positive. Why do its incoming "
            "weights zig-zag during training?",
            [
                Option(
                    "On each example every \\( \\partial L / \\partial w_j = \\delta\\, a_j \\) has the "
                    "sign of \\( \\delta \\), so all the weights go up together or down together",
                    correct=True,
                ),
                Option(
                    "Positive inputs make the gradients larger, so the steps overshoot",
                    feedback="The problem is the gradients' *signs*, not their size: they all agree, so the "
                    "weights cannot move in opposite directions in one step.",
                ),
                Option(
                    "The sigmoid's derivative is negative for some inputs",
                    feedback="\\( \\sigma'(z) > 0 \\) everywhere. The zig-zag comes from the inputs "
                    "\\( a_j \\) all being positive, whatever the unit's own activation.",
                ),
                Option(
                    "Because the unit's own activation is saturated",
                    feedback="Saturation makes the steps small, not zig-zag. The zig-zag appears with any "
                    "activation as soon as a unit's inputs share one sign.",
                ),
            ],
            explanation="\\( z = \\sum_j a_j w_j + b \\), so \\( \\partial L / \\partial w_j = \\delta a_j \\) "
            "with the same \\( \\delta \\) for every \\( j \\). If all \\( a_j > 0 \\), one step "
            "moves all weights the same way; reaching weights of opposite signs takes a staircase of "
            "steps. Centred inputs (tanh) or normalisation remove the constraint.",
        ),
        MultipleChoice(
            "zero",
            "Which of these get a weight update of **exactly** 0 in the next step?",
            [
                Option(
                    "A ReLU unit whose pre-activation is negative on every example",
                    correct=True,
                    feedback="Right: each example's gradient carries the factor \\( \\operatorname{relu}'(z) = 0 \\).",
                ),
                Option(
                    "A unit whose output already equals its target",
                    correct=True,
                    feedback="Right, and that zero is the goal: "
                    "\\( \\partial L / \\partial a = a - y = 0 \\) at the minimum.",
                ),
                Option(
                    "A sigmoid unit at \\( z = 6 \\) whose output is wrong",
                    feedback="\\( \\sigma'(6) \\approx 0.0025 \\) is small but not 0: the unit moves, slowly. "
                    "(Only far beyond \\( z \\approx 37 \\) does float64 round it to exactly 0.)",
                ),
                Option(
                    "A leaky ReLU unit whose pre-activation is negative on every example",
                    feedback="Its slope there is \\( \\alpha = 0.01 \\), not 0: it learns 100 times more "
                    "slowly, but it learns.",
                ),
            ],
            explanation="Two kinds of zero: a zero loss gradient at a minimum, which is what training aims for, "
            "and a zero activation slope while the output is still wrong, which freezes a unit far "
            "from any minimum. Small slopes (saturated sigmoid, leaky ReLU's negative side) slow "
            "learning without stopping it.",
        ),
    ],
)


# ----------------------------------------------------------------------- exercise 2.1


def unit_gradient(w, b, x, y):
    """(dL/dw, dL/db) for a = sigmoid(w * x + b) and L = mean(0.5 * (a - y)**2)."""
    z = w * x + b
    a = sigmoid(z)
    delta = (a - y) * sigmoid_grad(z) / len(x)  # dL/dz for each example (the mean's 1/n included)
    return np.sum(delta * x), np.sum(delta)


def _unit_case(w, b, n, seed, label):
    rng = np.random.default_rng(seed)
    x = rng.uniform(-2.0, 2.0, size=n)
    y = rng.uniform(0.1, 0.9, size=n)
    return Case(float(w), float(b), x, y, label=f"w = {w:g}, b = {b:g} and {n} examples ({label})")


def _unit_loss(w, b, x, y):
    return float(np.mean(0.5 * (sigmoid(w * x + b) - y) ** 2))


def _compare_unit_gradient(got, expected, case):
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        raise NotYet(f"expected a pair (dL/dw, dL/db), but got {describe(got)}.")
    expect_shape(got[0], (), what="dL/dw")
    expect_shape(got[1], (), what="dL/db")
    dw, db = float(np.asarray(got[0])), float(np.asarray(got[1]))
    ref = np.array(expected, dtype=float)
    if np.allclose([dw, db], ref, rtol=1e-6, atol=1e-12):
        return
    w, b, x, y = case.args
    z = w * x + b
    a, n = sigmoid(z), len(x)
    mistakes = [
        (
            (np.mean((a - y) * x), np.mean(a - y)),
            "the factor sigmoid'(z) is missing: the chain rule goes through the activation, "
            "dL/dz = (a - y) * sigmoid_grad(z)",
        ),
        (
            (np.mean((a - y) * a * x), np.mean((a - y) * a)),
            "you multiplied by the sigmoid's value instead of its slope: use sigmoid_grad(z)",
        ),
        (-ref, "the sign is flipped: dL/da = a - y, not y - a"),
        (n * ref, f"it is {n} times too large: the loss is a mean over the {n} examples, so divide by n"),
        ((ref[1], ref[1]), "dL/dw equals dL/db: the weight's gradient needs the extra factor dz/dw = x"),
        (0.5 * ref, "it is half the expected value: the derivative of 0.5 * (a - y)**2 is (a - y)"),
    ]
    for candidate, why in mistakes:
        if np.allclose([dw, db], candidate, rtol=1e-6, atol=1e-12):
            raise NotYet(f"you returned ({dw:.6g}, {db:.6g}) where ({ref[0]:.6g}, {ref[1]:.6g}) was expected; {why}.")
    h = 1e-6
    numeric = (
        (_unit_loss(w + h, b, x, y) - _unit_loss(w - h, b, x, y)) / (2 * h),
        (_unit_loss(w, b + h, x, y) - _unit_loss(w, b - h, x, y)) / (2 * h),
    )
    name, given, num = max(zip(("dL/dw", "dL/db"), (dw, db), numeric), key=lambda t: abs(t[1] - t[2]))
    error = abs(given - num) / max(abs(given) + abs(num), 1e-12)
    raise NotYet(
        f"{name} fails a finite-difference check: you return {given:.6g}, while "
        f"(L(+h) - L(-h)) / 2h gives {num:.6g} (relative error {error:.2g})."
    )


unit_gradient = Exercise(
    "ch02.unit_gradient",
    "Exercise 2.1: the gradient of one unit",
    solution=unit_gradient,
    cases=[
        _unit_case(0.5, -0.2, 6, 0, "a unit near its steep middle"),
        _unit_case(-1.3, 0.4, 1, 1, "a single example"),
        _unit_case(0.0, 5.0, 10, 2, "a saturated start: z = 5 for every example"),
        _unit_case(2.0, 1.0, 25, 3, "larger weights"),
    ],
    compare=_compare_unit_gradient,
    hints=[
        "Compute the forward pass first: `z = w * x + b`, `a = sigmoid(z)`. Then follow the chain rule "
        "backwards from the loss, one factor at a time.",
        "For each example, \\( \\partial L / \\partial z = (a - y)\\, \\sigma'(z) / n \\): the error, the "
        "activation's slope `sigmoid_grad(z)`, and \\( 1/n \\) from the mean.",
        "Then \\( \\partial z / \\partial w = x \\) and \\( \\partial z / \\partial b = 1 \\): sum "
        "`delta * x` over the examples for the weight, and `delta` alone for the bias.",
    ],
    explanation="The chain rule gives, for each example, "
    "\\( \\partial L / \\partial z = (a - y)\\,\\sigma'(z)/n \\) (the mean's \\( 1/n \\) "
    "included); the weight's gradient multiplies it by the input \\( x \\), the bias's by 1, and "
    "both sum over the examples.",
)


# ----------------------------------------------------------------------- exercise 2.2


def descend(loss_and_grad, w0, lr, target, max_steps=10_000):
    """Gradient descent from w0 until the loss is at most target; returns (w, steps)."""
    w = np.array(w0, dtype=float)  # a copy: w0 is left as it was
    steps = 0
    loss, grad = loss_and_grad(w)
    while loss > target and steps < max_steps:
        w = w - lr * grad
        steps += 1
        loss, grad = loss_and_grad(w)
    return w, steps


def _parabola(w):
    """0.5 * 2.5 * (w - 1.5)**2 and its gradient: a bowl of curvature 2.5 around w = 1.5."""
    return 0.5 * 2.5 * (w - 1.5) ** 2, 2.5 * (w - 1.5)


def _valley(w):
    """A long, narrow two-weight bowl around (1, -1): curvatures 4 and 0.25."""
    d = np.asarray(w) - np.array([1.0, -1.0])
    c = np.array([4.0, 0.25])
    return 0.5 * float(np.sum(c * d**2)), c * d


def _saturated_unit(w):
    """The sigmoid unit of chapter 2: a = sigmoid(w), x = 1, target 0.75, loss 0.5 * (a - y)**2."""
    a = sigmoid(w)
    return 0.5 * (a - 0.75) ** 2, (a - 0.75) * sigmoid_grad(w)


def _compare_descent(got, expected, case):
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        raise NotYet(f"expected a pair (w, steps), but got {describe(got)}.")
    w_ref, steps_ref = expected
    loss_and_grad = case.args[0]
    target = case.kwargs["target"]
    max_steps = case.kwargs.get("max_steps", 10_000)
    w, steps = got
    expect_shape(w, np.shape(w_ref), what="the final weights")
    if not isinstance(steps, (int, np.integer)) or isinstance(steps, bool):
        raise NotYet(f"the number of steps should be a whole number, but it is {describe(steps)}.")
    w = np.asarray(w, dtype=float)
    with np.errstate(all="ignore"):  # a learner's run may have gone off to infinity
        loss_end = float(loss_and_grad(w)[0])
        loss_start = float(loss_and_grad(np.asarray(case.args[1], dtype=float))[0])
    if steps == steps_ref:
        expect_close(w, w_ref, what="the final weights", rtol=1e-6, atol=1e-9)
        return
    if not np.isfinite(loss_end) or (loss_end > loss_start and steps > 0):
        raise NotYet(
            f"after {steps} steps the loss is {loss_end:.4g}, higher than {loss_start:.4g} at the "
            "start: your loop moves uphill. Step *against* the gradient: w = w - lr * grad."
        )
    if abs(steps - steps_ref) == 1:
        more = "one step more" if steps > steps_ref else "one step fewer"
        raise NotYet(
            f"you took {more} than expected ({steps} instead of {steps_ref}). Check the loss before "
            "each step and stop as soon as it is at or below target, without a final extra step; "
            "the count is the number of updates made."
        )
    if steps_ref == max_steps and steps < max_steps:
        raise NotYet(
            f"the loss never reaches the target here, so the loop should stop after max_steps = "
            f"{max_steps} steps, but it stopped after {steps} with loss {loss_end:.4g}."
        )
    if loss_end > target and steps < steps_ref:
        raise NotYet(
            f"you stopped after {steps} steps with loss {loss_end:.4g}, still above the target "
            f"{target:g}; gradient descent needs {steps_ref} steps with this learning rate."
        )
    raise NotYet(
        f"expected {steps_ref} steps, but got {steps} (final loss {loss_end:.4g}, target "
        f"{target:g}). Each step should be w = w - lr * grad, with the gradient at the current w."
    )


descend = Exercise(
    "ch02.descend",
    "Exercise 2.2: a gradient-descent loop",
    solution=descend,
    cases=[
        Case(_parabola, -1.0, lr=0.3, target=1e-6, label="a parabola of curvature 2.5, from w0 = -1, lr = 0.3"),
        Case(
            _parabola,
            -1.0,
            lr=0.7,
            target=1e-6,
            label="the same parabola with lr = 0.7 (the steps overshoot but converge)",
        ),
        Case(
            _valley,
            np.array([0.0, 0.0]),
            lr=0.4,
            target=1e-4,
            label="a narrow two-weight valley, from w0 = [0, 0] (an array)",
        ),
        Case(
            _saturated_unit,
            5.0,
            lr=5.0,
            target=5e-5,
            label="the saturated sigmoid unit of chapter 2, from w0 = 5, lr = 5",
        ),
        Case(
            _parabola,
            -1.0,
            lr=1e-4,
            target=1e-6,
            max_steps=50,
            label="a learning rate so small that max_steps = 50 is reached first",
        ),
        Case(_parabola, 1.5, lr=0.3, target=1e-6, label="a start already at the minimum (no step needed)"),
    ],
    compare=_compare_descent,
    hints=[
        "Start from a copy, `w = np.array(w0, dtype=float)`, so that `w0` itself is never changed, and count "
        "the steps in a variable that starts at 0.",
        "Loop: compute `loss, grad = loss_and_grad(w)`; if `loss <= target` (or you have taken `max_steps` "
        "steps), stop; otherwise `w = w - lr * grad` and count one step.",
        "A `while loss > target and steps < max_steps:` loop does it; compute `loss, grad` once before the "
        "loop and again after every step. Return `w, steps`.",
    ],
    explanation="The loop checks the loss *before* each step, so a start that is already good enough takes "
    "0 steps, and it copies `w0` so that the caller's array is left alone. `w = w - lr * grad` "
    "makes a new array each time, which also keeps `w0` safe.",
)


# ----------------------------------------------------------------------- exercise 2.3


def backprop(X, y, W1, b1, W2, b2):
    """Gradients (dW1, db1, dW2, db2) of mean((z2 - y)**2) for a tanh hidden layer."""
    z1 = X @ W1 + b1  # (n, d) @ (d, h) -> (n, h)
    a1 = np.tanh(z1)
    z2 = a1 @ W2 + b2  # (n, h) @ (h, k) -> (n, k)
    dz2 = 2 * (z2 - y) / z2.size  # dL/dz2
    dW2 = a1.T @ dz2  # (h, n) @ (n, k) -> (h, k)
    db2 = dz2.sum(axis=0)
    da1 = dz2 @ W2.T  # (n, k) @ (k, h) -> (n, h)
    dz1 = da1 * tanh_grad(z1)  # the activation's step, elementwise
    dW1 = X.T @ dz1  # (d, n) @ (n, h) -> (d, h)
    db1 = dz1.sum(axis=0)
    return dW1, db1, dW2, db2


def _network_case(n, d, h, k, seed):
    rng = np.random.default_rng(seed)
    X, y = rng.normal(size=(n, d)), rng.normal(size=(n, k))
    W1, b1 = rng.normal(scale=0.8, size=(d, h)), rng.normal(scale=0.5, size=h)
    W2, b2 = rng.normal(scale=0.8, size=(h, k)), rng.normal(scale=0.5, size=k)
    return Case(
        X, y, W1, b1, W2, b2, label=f"{n} examples, {d} inputs, {h} hidden units, {k} output{'s' if k > 1 else ''}"
    )


_GRAD_NAMES = ("dW1", "db1", "dW2", "db2")


def _variants(X, y, W1, b1, W2, b2):
    """Gradients with the usual mistakes, each with the sentence that names it."""
    z1 = X @ W1 + b1
    a1 = np.tanh(z1)
    z2 = a1 @ W2 + b2
    dz2 = 2 * (z2 - y) / z2.size
    dW2, db2 = a1.T @ dz2, dz2.sum(axis=0)
    da1 = dz2 @ W2.T
    no_slope = da1
    at_output = da1 * tanh_grad(a1)
    return [
        (
            (X.T @ no_slope, no_slope.sum(axis=0), dW2, db2),
            "dW1 and db1 miss the activation's factor: dz1 = da1 * tanh_grad(z1), an elementwise product",
        ),
        (
            (X.T @ at_output, at_output.sum(axis=0), dW2, db2),
            "the activation's slope was taken at a1 instead of at z1: use tanh_grad(z1), the derivative at the "
            "unit's input",
        ),
    ]


def _compare_backprop(got, expected, case):
    if not isinstance(got, (tuple, list)) or len(got) != 4:
        raise NotYet(f"expected four gradients (dW1, db1, dW2, db2), but got {describe(got)}.")
    for g, e, name in zip(got, expected, _GRAD_NAMES):
        expect_shape(g, np.shape(e), what=name)
    got = [np.asarray(g, dtype=float) for g in got]
    close = [np.allclose(g, e, rtol=1e-6, atol=1e-10) for g, e in zip(got, expected)]
    if all(close):
        return
    wrong = [name for name, ok in zip(_GRAD_NAMES, close) if not ok]
    for candidate, why in _variants(*case.args):
        if all(np.allclose(g, c, rtol=1e-6, atol=1e-10) for g, c in zip(got, candidate)):
            raise NotYet(f"{why}.")
    for factor, why in [
        (-1.0, "has the wrong sign: dL/dz2 = 2 (z2 - y) / n, and every gradient follows from it"),
        (0.5, "is half the expected value: the loss has no 1/2, so dL/dz2 = 2 (z2 - y) / z2.size"),
        (
            float(np.size(case.args[1])),
            "is too large by the number of entries of y: the loss is a mean, so divide by z2.size",
        ),
    ]:
        if all(np.allclose(g, factor * e, rtol=1e-6, atol=1e-10) for g, e in zip(got, expected)):
            raise NotYet(f"every gradient {why}.")
        matching = [
            name
            for name, g, e in zip(_GRAD_NAMES, got, expected)
            if not np.allclose(g, e, rtol=1e-6, atol=1e-10) and np.allclose(g, factor * e, rtol=1e-6, atol=1e-10)
        ]
        if matching and factor == -1.0:
            raise NotYet(
                f"{', '.join(matching)} {'has' if len(matching) == 1 else 'have'} the wrong sign; "
                f"the other gradients are {'right' if len(matching) < 4 else 'wrong too'}."
            )
    first = wrong[0]
    index = _GRAD_NAMES.index(first)
    right = [name for name, ok in zip(_GRAD_NAMES, close) if ok]
    note = f" ({', '.join(right)} {'is' if len(right) == 1 else 'are'} right.)" if right else ""
    try:
        expect_close(got[index], expected[index], what=first, rtol=1e-6, atol=1e-10)
    except NotYet as wrong_value:
        raise NotYet(f"{first} is wrong: {wrong_value}{note}") from None


backprop = Exercise(
    "ch02.backprop",
    "Exercise 2.3: backpropagation through two layers",
    solution=backprop,
    cases=[
        _network_case(5, 2, 3, 1, 0),
        _network_case(8, 3, 4, 2, 1),
        _network_case(1, 4, 2, 1, 2),
        _network_case(12, 3, 6, 3, 3),
    ],
    compare=_compare_backprop,
    hints=[
        "Write the forward pass first and keep every intermediate: `z1 = X @ W1 + b1`, `a1 = np.tanh(z1)`, "
        "`z2 = a1 @ W2 + b2`. The backward pass needs `z1` and `a1`.",
        "Start from the loss: `dz2 = 2 * (z2 - y) / z2.size`. Then `dW2 = a1.T @ dz2` and `db2` sums `dz2` "
        "over the rows; write the shape of each product next to it, (h, n) @ (n, k) -> (h, k).",
        "Go back through the output layer, `da1 = dz2 @ W2.T`, and through the activation, elementwise: "
        "`dz1 = da1 * tanh_grad(z1)`. The first layer's gradients are then `X.T @ dz1` and `dz1` summed over "
        "the rows.",
    ],
    explanation="Forward: \\( z^{(1)} = X W_1 + b_1 \\), \\( a^{(1)} = \\tanh z^{(1)} \\), "
    "\\( z^{(2)} = a^{(1)} W_2 + b_2 \\). Backward from \\( \\partial L / \\partial z^{(2)} = "
    "2 (z^{(2)} - y) / (nk) \\): each weight's gradient is its layer's input, transposed, times "
    "\\( \\delta \\); the step through the activation is the elementwise product with "
    "\\( \\tanh'(z^{(1)}) \\).",
)
