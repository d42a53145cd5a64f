"""Self-checks of chapter 5, *Dying ReLU*: its quiz and exercises 5.1-5.3.

The chapter's "Self-check" section shows ``quiz``; ``exercises/05_dying_relu.md``
checks the learner's functions with ``count_dead``, ``leaky_backward`` and
``safe_lr``. Each reference solution below is written once, under the name the
learner's function has in the notebook, and uses only what the notebook's first
cell defines (``np``, ``relu`` and ``dead_fraction_after``).

Every number a question or an explanation states is computed here, from
:mod:`actlab.activations` and :mod:`actlab.dead_units`, so the quiz cannot
disagree with the chapter.

Examples
--------
>>> from actlab.selfcheck import ch05
>>> ch05.count_dead.check(ch05.count_dead.reference).status
'correct'
>>> ch05.quiz.grade("batch", "0.52").correct
True
"""

import numpy as np

from actlab import activations
from actlab import dead_units as du
from actlab.checks import Case, Exercise, NotYet, describe, expect_close, expect_shape
from actlab.quiz import Mistake, MultipleChoice, Numeric, Option, Quiz, SingleChoice

__all__ = ["quiz", "count_dead", "leaky_backward", "safe_lr", "recovery", "relu", "dead_fraction_after"]


def relu(z):
    """max(z, 0), elementwise: the helper the exercise notebook defines too."""
    return np.maximum(z, 0.0)


#: The learning rates exercise 5.3 chooses from.
CANDIDATE_LRS = (0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 1.0)


def dead_fraction_after(lr):
    """Train the explorer's ReLU network for 90 steps with learning rate ``lr``; return its dead fraction.

    The network is chapter 5's explorer network (64-32-32-10 on 480 digits,
    batches of 32, hidden biases starting at 0); the result is the fraction of
    its 64 hidden units that are dead on the whole training set after the run.
    Runs are cached, so asking twice costs nothing.

    Examples
    --------
    >>> 0.0 <= dead_fraction_after(0.3) <= 1.0
    True
    """
    return float(du.training_run("relu", float(lr), 0.0, steps=90, every=6).dead[-1].mean())


# ----------------------------------------------------------------------------------- quiz

_RATE, _BATCH = 0.02, 32
_LOOKS_DEAD = (1 - _RATE) ** _BATCH
_ALPHA = activations.get("leaky_relu").params["alpha"]
_GELU_5 = float(activations.get("gelu").grad(-5.0))


def _tex(x):
    """``x`` in scientific notation for MathJax: -7.1e-06 becomes -7.1 \\times 10^{-6}."""
    mantissa, exponent = f"{x:.1e}".split("e")
    return f"{mantissa} \\times 10^{{{int(exponent)}}}"


_GELU_5_TEX = _tex(_GELU_5)
_ELU_1, _ELU_5 = (float(activations.get("elu").grad(z)) for z in (-1.0, -5.0))
_ZEROS, _DEAD = 0.40, 0.05  # a healthy layer: zeros per example, dead units

quiz = Quiz(
    "ch05",
    title="Quick check: dying ReLU",
    questions=[
        SingleChoice(
            "definition",
            "When is a ReLU unit in the second hidden layer **dead**?",
            [
                Option(
                    "When its own pre-activation \\( z = h \\cdot w + b \\) is at most 0 on every example "
                    "of the training set.",
                    correct=True,
                    feedback="Then its output is 0 and its gradient is 0 on every example, so gradient "
                    "descent cannot change its weights.",
                ),
                Option(
                    "When all the inputs it receives are negative.",
                    feedback="Its inputs come from a ReLU layer, so they are never negative. What must be "
                    "negative is the unit's own weighted sum plus bias.",
                ),
                Option(
                    "When its output is 0 on every example of the current batch.",
                    feedback="A batch is a small sample: a unit that fires on a few examples of the "
                    "training set looks dead on most batches. Count on the whole training set.",
                ),
                Option(
                    "When its weights are very small.",
                    feedback="Small weights give small pre-activations, not negative ones. Death is about "
                    "the sign of \\( z \\) on every example, whatever its size.",
                ),
            ],
            explanation="Dead means \\( \\max_{x} z(x) \\le 0 \\) over the whole training set: output 0 and "
            "gradient 0 on every example. It is the unit's own pre-activation, weighted sum plus "
            "bias, that counts.",
        ),
        Numeric(
            "batch",
            f"A unit fires (has \\( z > 0 \\)) on {_RATE:.0%} of the training examples. On what fraction of "
            f"random batches of {_BATCH} examples does it look dead? Answer to two decimals.",
            answer=_LOOKS_DEAD,
            tolerance=0.005,
            mistakes=[
                Mistake(
                    1 - _LOOKS_DEAD,
                    "That is the chance that it fires at least once in the batch; the "
                    "question asks for the chance that it fires on none of them.",
                ),
                Mistake(
                    _RATE * _BATCH,
                    f"Probabilities of separate examples do not add up: {_BATCH} × "
                    f"{_RATE:.0%} counts the expected number of examples it fires on, not a probability.",
                ),
                Mistake(
                    1 - _RATE,
                    "That is one example. For the whole batch to miss it, all "
                    f"{_BATCH} examples must: multiply {_BATCH} such factors.",
                ),
            ],
            explanation=f"It misses one random example with probability {1 - _RATE:.2f}, and all {_BATCH} with "
            f"probability \\( {1 - _RATE:.2f}^{{{_BATCH}}} \\approx {_LOOKS_DEAD:.2f} \\): "
            "about half "
            "the batches would report a unit that is alive and learning as dead.",
        ),
        MultipleChoice(
            "remedies",
            "Which of these remedies change the **training** rather than the activation?",
            [
                Option("A smaller learning rate", correct=True),
                Option("A learning-rate warm-up (small steps first)", correct=True),
                Option(
                    "Starting the hidden biases at a small positive value",
                    correct=True,
                    feedback="Right: the initialisation is part of the training recipe, not of the "
                    "function the units compute.",
                ),
                Option(
                    "Leaky ReLU instead of ReLU",
                    feedback="Leaky ReLU changes the activation: it gives the negative side a slope "
                    f"\\( \\alpha \\), so a unit there still gets {_ALPHA:g} of its gradient.",
                ),
                Option(
                    "GELU instead of ReLU",
                    feedback="GELU is another activation. (And far below zero its slope is almost 0: "
                    f"\\( {_GELU_5_TEX} \\) at \\( z = -5 \\).)",
                ),
            ],
            explanation="The learning rate, a warm-up and the initialisation are the training recipe: they "
            "stop the large step or the bad start that kills units. Leaky ReLU, ELU, GELU and Swish "
            "change the activation: they let a slightly negative unit recover.",
        ),
        SingleChoice(
            "sparsity",
            f"In a healthy ReLU layer, {_ZEROS:.0%} of the outputs are 0 on a typical example, yet only "
            f"{_DEAD:.0%} of the units are dead. How can both be true?",
            [
                Option(
                    f"Different examples switch off different units; only {_DEAD:.0%} of the units are off "
                    "for every example.",
                    correct=True,
                ),
                Option(
                    f"They cannot: at least {_ZEROS:.0%} of the units must be dead.",
                    feedback=f"That mixes up the two counts. {_ZEROS:.0%} is per example (how many units are "
                    "off for this input); dead is per unit (is this unit off for every input).",
                ),
                Option(
                    "The layer is broken: a healthy ReLU layer has almost no zeros.",
                    feedback="Exact zeros on each input are normal and useful: a sparse code, different "
                    "units for different inputs. Only a unit that is zero on every input is wasted.",
                ),
                Option(
                    "The zeros come from negative inputs to the layer.",
                    feedback="A ReLU layer's inputs (after the first layer) are never negative; a zero "
                    "output comes from the unit's own pre-activation being at most 0.",
                ),
            ],
            explanation="Sparsity is a property of one example's code: many units are off for it. Death is a "
            "property of one unit: it is off for every example. A sparse layer can have no dead "
            "unit at all.",
        ),
        SingleChoice(
            "leaky-speed",
            f"A leaky ReLU unit with \\( \\alpha = {_ALPHA:g} \\) has been pushed below zero on every "
            "example. Compared with an active unit, how fast do its weights move?",
            [
                Option(
                    f"About {1 / _ALPHA:.0f} times more slowly: it passes back \\( \\alpha \\) times the gradient.",
                    correct=True,
                ),
                Option(
                    "Not at all, like a dead ReLU unit.",
                    feedback=f"Its slope on the negative side is \\( \\alpha = {_ALPHA:g} \\), not 0: it "
                    "still learns, slowly. That is why it can come back.",
                ),
                Option(
                    "At the same speed: leaky ReLU has no dead units.",
                    feedback="It has no *exactly* dead units, but the gradient through the negative side is "
                    f"multiplied by {_ALPHA:g}: in effect it is nearly stuck.",
                ),
                Option(
                    "Faster, because its output is negative.",
                    feedback="The sign of the output does not speed anything up: the gradient is scaled by "
                    f"the slope, {_ALPHA:g} on that side.",
                ),
            ],
            explanation=f"Backprop multiplies the incoming gradient by the slope, \\( \\alpha = {_ALPHA:g} \\) "
            f"on the negative side, so the unit moves {1 / _ALPHA:.0f} times more slowly: fewer dead "
            "units, not none in effect.",
        ),
        SingleChoice(
            "far-negative",
            "A GELU unit sits at \\( z = -5 \\) on every example. What does it get back from backpropagation?",
            [
                Option(f"Almost nothing: GELU's slope at \\( -5 \\) is about \\( {_GELU_5_TEX} \\).", correct=True),
                Option(
                    "A healthy gradient: smooth activations have a non-zero slope everywhere on the left.",
                    feedback=f"Non-zero is not the same as useful: \\( {_GELU_5_TEX} \\) is a few "
                    "millionths of an active unit's slope. A GELU unit far below zero is nearly as "
                    "stuck as a dead ReLU.",
                ),
                Option(
                    f"The same as ELU's, about {_ELU_1:.2f}.",
                    feedback=f"{_ELU_1:.2f} is ELU's slope at \\( -1 \\); at \\( -5 \\) ELU's is "
                    f"{_ELU_5:.4f}, and "
                    f"GELU's \\( {_GELU_5_TEX} \\).",
                ),
                Option(
                    "Exactly 0, like ReLU.",
                    feedback="Not exactly 0, but so small that the difference does not matter in practice.",
                ),
            ],
            explanation=f"GELU's slope is \\( \\Phi(z) + z\\varphi(z) \\): about \\( {_GELU_5_TEX} \\) at "
            "\\( z = -5 \\). "
            "Smooth activations help units that are slightly negative, not units far below zero.",
        ),
    ],
)


# ----------------------------------------------------------------------- exercise 5.1


def count_dead(params, X):
    """Number of dead units in each hidden layer of a ReLU network, on the data set X."""
    counts = []
    h = X
    for W, b in params[:-1]:  # every layer but the output layer is hidden
        z = h @ W + b  # (n, fan_in) @ (fan_in, units) -> (n, units)
        counts.append(int(np.sum(np.all(z <= 0, axis=0))))
        h = relu(z)
    return counts


def _network(sizes, seed, *, bias=0.0, scale=1.0):
    rng = np.random.default_rng(seed)
    last = len(sizes) - 2
    return [
        (rng.normal(scale=scale * np.sqrt(2.0 / m), size=(m, n)), np.full(n, bias if i < last else 0.0))
        for i, (m, n) in enumerate(zip(sizes[:-1], sizes[1:]))
    ]


def _rare_unit_case():
    """Unit 1 fires on one example only; unit 2 is exactly 0 on every example."""
    X = np.array([[1.0, 0.0], [0.5, 0.5], [0.2, 0.9], [-1.0, 2.0]])
    W1 = np.array([[1.0, -1.0, 0.0], [1.0, 1.0, 0.0]])  # (2, 3)
    b1 = np.array([0.0, -2.5, 0.0])
    W2 = np.array([[1.0], [1.0], [1.0]])  # (3, 1)
    return [(W1, b1), (W2, np.zeros(1))], X


def _variants(params, X):
    """What the usual slips give on this case, by name."""
    strict, any_zero, no_bias, no_relu = [], [], [], []
    h_s = h_a = h_b = h_r = X
    for W, b in params[:-1]:
        z_s, z_a, z_b, z_r = h_s @ W + b, h_a @ W + b, h_b @ W, h_r @ W + b
        strict.append(int(np.sum(np.all(z_s < 0, axis=0))))
        any_zero.append(int(np.sum(np.any(z_a <= 0, axis=0))))
        no_bias.append(int(np.sum(np.all(z_b <= 0, axis=0))))
        no_relu.append(int(np.sum(np.all(z_r <= 0, axis=0))))
        h_s, h_a, h_b, h_r = relu(z_s), relu(z_a), relu(z_b), z_r
    return {
        "strict": (
            strict,
            "a unit whose z is exactly 0 on every example is dead too: relu(0) = 0 and its "
            "slope there is 0. Use z <= 0, not z < 0.",
        ),
        "any": (
            any_zero,
            "you counted units that are at most 0 on *some* example. That is sparsity; a dead "
            "unit is at most 0 on *every* example (np.all over the examples' axis).",
        ),
        "bias": (no_bias, "the bias is part of the pre-activation: z = h @ W + b."),
        "relu": (no_relu, "the next layer's input is relu(z), not z: apply ReLU before moving on."),
    }


def _compare_counts(got, expected, case):
    params, X = case.args
    if isinstance(got, np.ndarray):
        got = got.tolist()
    if not isinstance(got, (list, tuple)):
        raise NotYet(f"expected a list with one count per hidden layer, such as {expected}, but got {describe(got)}.")
    if len(got) != len(expected):
        extra = ""
        if len(got) == len(params):
            extra = " (the last pair of params is the output layer: it is not hidden)"
        raise NotYet(f"expected {len(expected)} counts, one per hidden layer, but got {len(got)}{extra}.")
    counts = [int(round(float(c))) for c in got]
    if all(0 <= c <= 1 for c in got) and any(0 < float(c) < 1 for c in got):
        raise NotYet(f"expected the number of dead units per layer, {expected}, but got fractions {describe(got)}.")
    if counts == list(expected):
        return
    for variant, why in _variants(params, X).values():
        if counts == variant and variant != list(expected):
            raise NotYet(f"expected {expected} but got {counts}: {why}")
    raise NotYet(f"expected {expected} dead units per hidden layer, but got {counts}.")


count_dead = Exercise(
    "ch05.count_dead",
    "Exercise 5.1: count the dead units",
    solution=count_dead,
    cases=[
        Case(
            *_rare_unit_case(),
            label="a 2-3-1 network on 4 examples (one unit fires on a single example, one is exactly 0 everywhere)",
        ),
        Case(
            _network([2, 8, 8, 1], 1),
            np.random.default_rng(1).normal(size=(200, 2)),
            label="a 2-8-8-1 network on 200 points",
        ),
        Case(
            _network([5, 16, 16, 16, 3], 2, bias=-0.3),
            np.random.default_rng(2).normal(size=(300, 5)),
            label="a 5-16-16-16-3 network with biases starting at -0.3, on 300 points",
        ),
        Case(
            _network([3, 6, 6, 1], 3, bias=-1.0),
            np.abs(np.random.default_rng(3).normal(size=(50, 3))),
            label="a 3-6-6-1 network with biases at -1, on 50 points with positive coordinates",
        ),
    ],
    compare=_compare_counts,
    hints=[
        "Go through the hidden layers in order, as the forward pass does: `z = h @ W + b`, then "
        "`h = relu(z)` "
        "for the next layer. The last pair in `params` is the output layer, which is not hidden.",
        "A unit is dead when its column of `z` is at most 0 in **every** row: `np.all(z <= 0, axis=0)` gives "
        "one True/False per unit.",
        "Count the True values per layer with `int(np.sum(...))`. Use `<= 0`: a unit that is exactly 0 "
        "everywhere outputs 0 and has slope 0, so it is dead too.",
    ],
    explanation="The forward pass, layer by layer; in each hidden layer a unit is dead when its column of "
    "pre-activations is at most 0 on every row (every example).",
)


# ----------------------------------------------------------------------- exercise 5.2


def leaky_backward(z, dh, alpha=0.01):
    """Leaky ReLU's backward step: the gradient with respect to z, given dh = dL/d(output)."""
    slope = np.where(z > 0, 1.0, alpha)  # left-hand value alpha at the kink z = 0
    return dh * slope


_Z = np.array([[-3.0, -0.5, 0.0], [0.5, 2.0, -1e-3]])
_DH = np.array([[1.0, -2.0, 3.0], [0.5, -1.0, 4.0]])


def _compare_backward(got, expected, case):
    z, dh = case.args[0], case.args[1]
    alpha = case.kwargs.get("alpha", 0.01)
    expect_shape(got, np.shape(expected), what="the gradient")
    got = np.asarray(got, dtype=float)
    at_kink = np.flatnonzero(np.ravel(z) == 0)
    if at_kink.size:
        i = at_kink[0]
        wrong_at_kink = not np.isclose(got.ravel()[i], expected.ravel()[i])
        if wrong_at_kink and np.isclose(got.ravel()[i], np.ravel(dh)[i]):
            raise NotYet(
                f"at the kink z = 0 the slope should take the left-hand value alpha = {alpha:g}, "
                "as the usual formulas and PyTorch do: use z > 0, not z >= 0."
            )
    slope = np.where(z > 0, 1.0, alpha)
    if np.allclose(got, slope) and not np.allclose(slope, expected):
        raise NotYet("that is the slope itself; the backward step multiplies it by the incoming gradient dh.")
    if np.allclose(got, np.where(z > 0, dh, 0.0)):
        raise NotYet("that is ReLU's backward step: on the negative side the gradient should be alpha * dh, not 0.")
    if np.allclose(got, np.where(z > 0, dh, alpha * z)):
        raise NotYet("on the negative side you used alpha * z, the forward value; the backward step is alpha * dh.")
    expect_close(got, expected, what="the gradient", inputs=z)


leaky_backward = Exercise(
    "ch05.leaky_backward",
    "Exercise 5.2: leaky ReLU's backward step",
    solution=leaky_backward,
    cases=[
        Case(_Z, _DH, label="z = [[-3, -0.5, 0], [0.5, 2, -0.001]] with dh = [[1, -2, 3], [0.5, -1, 4]]"),
        Case(_Z, _DH, alpha=0.2, label="the same z and dh with alpha = 0.2"),
        Case(np.linspace(-2.0, 2.0, 9), np.ones(9), label="z from -2 to 2, dh = 1 everywhere"),
        Case(
            np.random.default_rng(5).normal(size=(40, 8)),
            np.random.default_rng(6).normal(size=(40, 8)),
            alpha=0.05,
            label="a (40, 8) batch of z and dh with alpha = 0.05",
        ),
    ],
    compare=_compare_backward,
    hints=[
        "Backpropagation through an elementwise activation multiplies the incoming gradient `dh` by the "
        "activation's slope at `z`, entry by entry.",
        "Leaky ReLU's slope is 1 where `z > 0` and `alpha` elsewhere: `np.where(z > 0, 1.0, alpha)`.",
        "Return `dh * slope`. The strict `z > 0` gives the left-hand slope `alpha` at the kink, as PyTorch "
        "does. Do not change `dh` in place (`dh *= ...`): it belongs to the caller.",
    ],
    explanation="The chain rule through an elementwise function: each entry of `dh` is multiplied by the "
    "slope at its `z`, 1 on the right and `alpha` on the left (and at 0).",
)


def recovery(backward):
    """Run chapter 5's unit story with your backward step and say what happened to the unit.

    Parameters
    ----------
    backward : callable
        ``backward(z, dh) -> dz``, e.g. your ``leaky_backward`` (with its default alpha).

    Returns
    -------
    str
        One sentence: when the unit came back above zero, or that it did not.

    Examples
    --------
    >>> recovery(leaky_backward.reference)[:46]
    'The large step pushed the unit down to z = -0.'
    """
    try:
        story = du.unit_story("leaky_relu", backward=backward)
    except NotImplementedError:
        return "Not attempted yet: write leaky_backward above first, then run this cell again."
    except Exception as err:  # noqa: BLE001 - the learner's code, reported in one sentence
        return f"Your backward step raised {type(err).__name__}: {err}"
    if not np.all(np.isfinite(story.z_max)):
        return (
            "The unit's pre-activation became NaN or infinite: check your backward step with ch05.leaky_backward.check."
        )
    start = f"The large step pushed the unit down to z = {story.z_max[1]:.3f} for every input"
    if story.recovered_at is None:
        return (
            f"{start}, and it never came back in {len(story.z_max) - 1} steps "
            f"(it ended at {story.z_max[-1]:.3f}), as with ReLU."
        )
    return (
        f"{start}; with your backward step it crept back and fired again at step {story.recovered_at}, "
        f"and the loss fell from {story.loss[story.recovered_at]:.3f} to {story.loss[-1]:.4f}."
    )


# ----------------------------------------------------------------------- exercise 5.3


def largest_safe_lr(learning_rates, max_dead):
    """The largest learning rate whose run leaves at most max_dead of the hidden units dead."""
    safe = [lr for lr in learning_rates if dead_fraction_after(lr) <= max_dead]
    return max(safe)


def _compare_lr(got, expected, case):
    learning_rates, max_dead = case.args
    try:
        got = float(got)
    except (TypeError, ValueError):
        raise NotYet(f"expected one learning rate (a number), but got {describe(got)}.") from None
    if np.isclose(got, expected):
        return
    if not any(np.isclose(got, lr) for lr in learning_rates):
        if 0 <= got <= 1 and any(np.isclose(got, dead_fraction_after(lr)) for lr in learning_rates):
            raise NotYet(f"{got:.3g} is a dead fraction; return the learning rate itself.")
        raise NotYet(f"{got:g} is not one of the candidates {list(learning_rates)}.")
    dead = dead_fraction_after(got)
    if dead > max_dead:
        raise NotYet(
            f"with learning rate {got:g} training leaves {dead:.1%} of the units dead, more than {max_dead:.0%}."
        )
    raise NotYet(
        f"learning rate {got:g} is safe ({dead:.1%} dead), but {expected:g} is larger and safe too "
        f"({dead_fraction_after(expected):.1%} dead). A single run is noisy and the dead fraction "
        "does not always grow with the learning rate: try every candidate."
    )


safe_lr = Exercise(
    "ch05.safe_lr",
    "Exercise 5.3: the largest safe learning rate",
    solution=largest_safe_lr,
    cases=[
        Case(CANDIDATE_LRS, level, label=f"the candidates {list(CANDIDATE_LRS)}, at most {level:.0%} dead")
        for level in (0.15, 0.12, 0.45, 0.25)
    ],
    compare=_compare_lr,
    hints=[
        "Call `dead_fraction_after(lr)` for each candidate: it trains the network and returns the fraction "
        "of hidden units that ended up dead.",
        "Keep the candidates whose dead fraction is at most `max_dead`, and return the largest of them.",
        "Do not stop at the first learning rate that fails: a single short run is noisy, and a larger rate "
        "can leave fewer dead units than a smaller one. `max([lr for lr in ... if ...])` checks them all.",
    ],
    explanation="Train once per candidate, keep those at or under the level, take the largest. The dead "
    "fraction of one short run is noisy, so every candidate is tried rather than stopping at "
    "the first failure.",
)
