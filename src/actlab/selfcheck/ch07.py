"""Self-checks of chapter 7, *Choosing activations*: its quiz and exercises 7.1-7.3.

The chapter's "Self-check" section shows ``quiz``; ``exercises/07_choosing.md``
checks the learner's functions with ``output_layer``, ``swiglu`` and ``best_lr``.
Each reference solution is written once, under the name the learner's function
has in the notebook, and uses only what the notebook's first cell defines
(``np``, ``sigmoid``, ``silu`` and ``train``).

Examples
--------
>>> from actlab.selfcheck import ch07
>>> ch07.output_layer.check(ch07.output_layer.reference).status
'correct'
>>> ch07.quiz.grade("lstm-gate", 0).correct
True
"""

import numpy as np
from scipy.special import expit as sigmoid

from actlab.checks import Case, Exercise, NotYet, expect_close, expect_shape
from actlab.compare import train
from actlab.quiz import Mistake, MultipleChoice, Numeric, Option, Quiz, SingleChoice

__all__ = ["quiz", "output_layer", "swiglu", "best_lr"]


def silu(u):
    """u * sigmoid(u): the helper the exercise notebook defines too."""
    return u * sigmoid(u)


# ----------------------------------------------------------------------------------- quiz

_D, _D_FF = 512, 2048

quiz = Quiz(
    "ch07",
    title="Check yourself: choosing activations",
    questions=[
        SingleChoice(
            "three-classes",
            "A classifier must put each image in exactly one of 3 classes. Which output layer?",
            [
                Option("3 units, a softmax, cross-entropy from the logits", correct=True),
                Option(
                    "1 unit with a sigmoid",
                    feedback="One sigmoid answers one yes/no question; three exclusive classes need one "
                    "logit each and a softmax over them.",
                ),
                Option(
                    "3 units, each with its own sigmoid",
                    feedback="Separate sigmoids do not compete: an image could get 0.9 for two classes at "
                    "once. That is the multi-label setup, for tags that can co-occur.",
                ),
                Option(
                    "3 units with ReLU",
                    feedback="ReLU scores are not probabilities, and a ReLU before the softmax loss cuts "
                    "the gradient of every logit below zero: whole classes can stop learning.",
                ),
                Option(
                    "1 unit, no activation, predicting 0, 1 or 2",
                    feedback="That treats the classes as numbers on a line, as if class 2 were 'more' than "
                    "class 1, and rounds a regression: the classes have no such order.",
                ),
            ],
            explanation="One of \\( K \\) classes: \\( K \\) logits, a softmax that turns them into "
            "probabilities adding up to 1, and cross-entropy computed from the logits.",
        ),
        SingleChoice(
            "tags",
            "A model tags photos with any number of 20 labels (*beach*, *dog*, *sunset*, ...). Which output "
            "layer and loss?",
            [
                Option("20 units, a sigmoid each, binary cross-entropy per label", correct=True),
                Option(
                    "20 units, a softmax, cross-entropy",
                    feedback="A softmax makes the labels compete: the 20 probabilities add up to 1, so a "
                    "photo with a beach, a dog and a sunset cannot get a high probability for each. "
                    "In the chapter, the softmax never gave two tags to any image.",
                ),
                Option(
                    "1 unit with a sigmoid",
                    feedback="One sigmoid is one yes/no question; here there are 20 independent ones.",
                ),
                Option(
                    "20 units, identity, squared error",
                    feedback="The outputs would not be probabilities, and a squared error on 0/1 targets "
                    "learns slowly from confident mistakes once a sigmoid is added.",
                ),
            ],
            explanation="Independent yes/no labels: one sigmoid per label, each trained with binary "
            "cross-entropy from its logit.",
        ),
        SingleChoice(
            "price",
            "A network predicts the price of a used car in euros. Which output layer?",
            [
                Option(
                    "1 unit, no activation (identity), squared or absolute error",
                    correct=True,
                    feedback="A softplus or ReLU output would also keep prices non-negative, but the "
                    "identity with a sensible loss is the standard start.",
                ),
                Option(
                    "1 unit with a sigmoid",
                    feedback="A sigmoid cannot exceed 1, and no car costs less than one euro: the target "
                    "is out of its range.",
                ),
                Option(
                    "1 unit with a softmax", feedback="A softmax over one unit is always exactly 1, whatever the input."
                ),
                Option(
                    "1 unit with tanh",
                    feedback="tanh stays inside (-1, 1): right for a target scaled to that range, not for euros.",
                ),
            ],
            explanation="Regression: identity output with mean squared (or absolute) error; a bounded output "
            "only when the target has that range.",
        ),
        SingleChoice(
            "lstm-gate",
            "What activation does an LSTM use inside its forget, input and output gates, and why?",
            [
                Option("A sigmoid: a value between 0 and 1 says how much to let through, a soft switch", correct=True),
                Option(
                    "tanh, because it is zero-centred",
                    feedback="tanh is used for the candidate and on the cell's way out. A gate multiplies "
                    "another quantity, and a negative gate would flip its sign.",
                ),
                Option(
                    "ReLU, because it does not saturate",
                    feedback="A ReLU gate could exceed 1 and amplify the cell without limit; a gate must stay "
                    "between 0 and 1.",
                ),
                Option(
                    "A softmax over the units",
                    feedback="A softmax would make the units' gates compete and add up to 1; each unit needs "
                    "its own gate.",
                ),
            ],
            explanation="Gates use sigmoids (soft switches in (0, 1)); the candidate and the output use tanh, "
            "so the state stays bounded.",
        ),
        MultipleChoice(
            "retune",
            "A ReLU network was tuned carefully. You switch its hidden activation to GELU. What should you "
            "re-tune? (Tick all that apply.)",
            [
                Option(
                    "The learning rate",
                    correct=True,
                    feedback="GELU changes the size of the gradients, so it changes which learning rate "
                    "works best; in the chapter's sweep ReLU peaked at 0.03 and GELU at 0.1.",
                ),
                Option(
                    "The warm-up and the initialisation scale",
                    correct=True,
                    feedback="Both set how large the first steps and the first signals are, which the "
                    "activation's slope changes.",
                ),
                Option(
                    "The number of output units",
                    feedback="The output layer follows the task, not the hidden activation.",
                ),
                Option(
                    "The loss function",
                    feedback="The loss belongs to the output layer and the task; it does not change with "
                    "the hidden activation.",
                ),
            ],
            explanation="Switching the activation changes the scale of the gradients and so the effective "
            "learning rate: re-tune the learning rate, the warm-up and the initialisation.",
        ),
        Numeric(
            "swiglu-parameters",
            f"A transformer's feed-forward block with \\( d = {_D} \\) and \\( d_{{ff}} = {_D_FF} \\) has two "
            f"weight matrices, \\( 2 \\times {_D} \\times {_D_FF} \\) weights. How many times as many weights "
            "does a SwiGLU block with the same \\( d \\) and \\( d_{ff} \\) have?",
            answer=1.5,
            tolerance=0.01,
            mistakes=[
                Mistake(
                    2,
                    "The gate adds one matrix, not two: \\( W_{gate} \\), \\( W_{up} \\) and "
                    "\\( W_{down} \\) are three matrices against two.",
                ),
                Mistake(
                    1,
                    "The gated block has a third matrix of the same size, so it is larger at the same "
                    "width; that is why LLaMA shrinks \\( d_{ff} \\) to two thirds.",
                ),
                Mistake(3, "That is the number of matrices; the plain block already has two."),
            ],
            explanation="Three \\( d \\times d_{ff} \\) matrices against two: 1.5 times as many. Shrinking "
            "\\( d_{ff} \\) to \\( \\tfrac{2}{3} \\) of its value brings the count back level.",
        ),
        SingleChoice(
            "deep-sigmoid",
            "In the chapter's comparison, the deep sigmoid network ends at 10% test accuracy with every seed. "
            "What does that mean?",
            [
                Option(
                    "It learned nothing useful: it predicts (almost) one class, because the gradient "
                    "reaching its early layers is too small",
                    correct=True,
                ),
                Option(
                    "It was unlucky with its seeds",
                    feedback="All five seeds agree: this is not seed noise, which moves results by a point "
                    "or two, but a failure of the recipe with this activation.",
                ),
                Option(
                    "Its units died, as ReLU units do",
                    feedback="Sigmoid units never output exactly zero, and in the chapter they were not even "
                    "saturated: each layer multiplies the gradient by the sigmoid's slope, at most "
                    "0.25, so five layers shrink it a thousandfold (chapter 4).",
                ),
                Option(
                    "The learning rate was too high and it diverged",
                    feedback="It does not diverge: the loss stays finite at about \\( \\ln 10 \\), the loss "
                    "of guessing; a larger learning rate does not rescue it either.",
                ),
            ],
            explanation="Ten classes, 10%: chance. Five sigmoid layers shrink the gradient by a factor of at "
            "least \\( 4^5 \\approx 1000 \\) on its way back, so the early layers barely move.",
        ),
    ],
)


# ----------------------------------------------------------------------- exercise 7.1

TASKS = {
    "temperature": "tomorrow's temperature in degrees Celsius, any real number",
    "spam": "whether an email is spam",
    "digit": "which digit, 0 to 9, an image shows",
    "tags": "which of 20 tags apply to a photo (any number of them)",
    "pixel": "a generated image's pixel, scaled to the range -1 to 1",
}

_ACTIVATION_WORDS = {
    "identity": {"identity", "linear", "none", "no activation"},
    "sigmoid": {"sigmoid", "logistic"},
    "softmax": {"softmax"},
    "tanh": {"tanh"},
    "relu": {"relu"},
}
_LOSS_WORDS = {
    "mse": {"mse", "mean squared error", "squared error", "l2"},
    "bce": {"bce", "binary cross-entropy", "binary cross entropy", "bce with logits", "log loss"},
    "cross-entropy": {"cross-entropy", "cross entropy", "ce", "categorical cross-entropy", "categorical cross entropy"},
}

_WRONG_ACTIVATION = {
    ("temperature", "relu"): "a ReLU output is never negative, so no frost could ever be predicted.",
    ("temperature", "sigmoid"): "a sigmoid output lies between 0 and 1; a temperature does not.",
    ("temperature", "tanh"): "tanh stays between -1 and 1; use it only for a target scaled to that range.",
    ("temperature", "softmax"): "a softmax over one unit is always 1.",
    ("spam", "softmax"): "a softmax over one unit is always exactly 1 (two units with a softmax would work, "
    "but one sigmoid is the same thing).",
    ("spam", "identity"): "the output would not be a probability; a yes/no answer needs a sigmoid.",
    ("spam", "relu"): "a ReLU output is not a probability and passes no gradient below zero.",
    ("spam", "tanh"): "tanh lies between -1 and 1, not a probability.",
    ("digit", "sigmoid"): "ten separate sigmoids do not compete: an image could get 0.9 for two digits. "
    "One digit out of ten needs a softmax.",
    ("digit", "relu"): "a ReLU before the softmax loss cuts the gradient of every logit below zero; in "
    "the chapter, 5 of 10 digits stopped learning.",
    ("digit", "identity"): "the ten logits alone are not probabilities; a softmax turns them into ones "
    "that add up to 1.",
    ("tags", "softmax"): "a softmax makes the tags compete: their probabilities add up to 1, so a photo "
    "with three tags cannot get a high probability for each.",
    ("tags", "identity"): "each tag is a yes/no question and needs its own sigmoid.",
    ("tags", "relu"): "each tag is a yes/no question and needs its own sigmoid, not a ReLU.",
    ("pixel", "identity"): "the identity can overshoot the range -1 to 1; tanh keeps every pixel inside it.",
    ("pixel", "sigmoid"): "a sigmoid stays between 0 and 1, so no pixel could be darker than the middle grey at 0.",
    ("pixel", "relu"): "a ReLU output cannot go below 0, half of the pixel range.",
}
_WRONG_LOSS = {
    ("spam", "mse"): "a squared error on a sigmoid learns slowly from confident mistakes (its gradient "
    "carries p(1 - p)); use binary cross-entropy.",
    ("tags", "mse"): "a squared error on sigmoids learns slowly from confident mistakes; use binary "
    "cross-entropy per tag.",
    ("tags", "cross-entropy"): "cross-entropy over classes assumes exactly one is true; each tag needs its "
    "own binary cross-entropy.",
    ("digit", "bce"): "binary cross-entropy is for yes/no outputs; a softmax over ten classes goes with cross-entropy.",
    ("digit", "mse"): "a squared error on probabilities learns slowly from confident mistakes; use cross-entropy.",
    ("temperature", "bce"): "binary cross-entropy needs targets between 0 and 1; a temperature needs a "
    "squared (or absolute) error.",
    ("temperature", "cross-entropy"): "cross-entropy compares probability distributions; a temperature "
    "needs a squared (or absolute) error.",
    ("spam", "cross-entropy"): "with one sigmoid output the matching loss is binary cross-entropy.",
    ("pixel", "bce"): "binary cross-entropy needs targets between 0 and 1; a pixel in [-1, 1] goes with a "
    "squared error.",
    ("pixel", "cross-entropy"): "cross-entropy compares probability distributions; a pixel value goes "
    "with a squared error.",
}


def _canonical(text, words):
    key = " ".join(str(text).lower().replace("_", " ").split())
    for name, synonyms in words.items():
        if key in synonyms or key.replace("-", " ") in {s.replace("-", " ") for s in synonyms}:
            return name
    return None


def output_layer(task):
    """(output activation, loss) for a task: 'temperature', 'spam', 'digit', 'tags' or 'pixel'."""
    choices = {
        "temperature": ("identity", "mse"),
        "spam": ("sigmoid", "bce"),
        "digit": ("softmax", "cross-entropy"),
        "tags": ("sigmoid", "bce"),
        "pixel": ("tanh", "mse"),
    }
    return choices[task]


def _compare_choice(got, expected, case):
    (task,) = case.args
    if not isinstance(got, (tuple, list)) or len(got) != 2 or not all(isinstance(g, str) for g in got):
        raise NotYet(f"expected a pair of strings (activation, loss), such as ('sigmoid', 'bce'), but got {got!r}.")
    activation = _canonical(got[0], _ACTIVATION_WORDS)
    loss = _canonical(got[1], _LOSS_WORDS)
    if activation is None:
        raise NotYet(
            f"{got[0]!r} is not an output activation this exercise knows; use one of 'identity', "
            "'sigmoid', 'softmax', 'tanh', 'relu'."
        )
    if loss is None:
        raise NotYet(f"{got[1]!r} is not a loss this exercise knows; use one of 'mse', 'bce', 'cross-entropy'.")
    if activation != expected[0]:
        why = _WRONG_ACTIVATION.get((task, activation), f"the task needs {expected[0]!r}.")
        raise NotYet(f"{activation!r} as the output: {why}")
    if loss != expected[1]:
        why = _WRONG_LOSS.get((task, loss), f"with a {activation} output the matching loss is {expected[1]!r}.")
        raise NotYet(f"{loss!r} as the loss: {why}")


output_layer = Exercise(  # the Exercise takes the reference function's name: ch07.output_layer
    "ch07.output_layer",
    "Exercise 7.1: the output layer for a task",
    solution=output_layer,
    cases=[Case(task, label=f"task {task!r} ({text})") for task, text in TASKS.items()],
    compare=_compare_choice,
    hints=[
        "First ask what the output *means*: any real number, a number in a fixed range, one probability, "
        "several independent probabilities, or one class out of many.",
        "A real number: the identity. A fixed range: the bounded activation with that range. Yes/no: a "
        "sigmoid, several yes/no: a sigmoid each. One of many: a softmax.",
        "Then the loss that matches: squared error for values, binary cross-entropy for each sigmoid, "
        "cross-entropy for a softmax.",
    ],
    explanation="Values: identity + squared error; a value in [-1, 1]: tanh + squared error; yes/no and "
    "each of several tags: sigmoid + binary cross-entropy; one class of many: softmax + "
    "cross-entropy.",
)


# ----------------------------------------------------------------------- exercise 7.2


def swiglu(x, W_gate, W_up, W_down):
    """A SwiGLU feed-forward block: (silu(x @ W_gate) * (x @ W_up)) @ W_down."""
    gate = silu(x @ W_gate)  # (batch, d) @ (d, d_ff) -> (batch, d_ff)
    value = x @ W_up  # (batch, d) @ (d, d_ff) -> (batch, d_ff)
    return (gate * value) @ W_down  # (batch, d_ff) @ (d_ff, d) -> (batch, d)


def _swiglu_case(batch, d, d_ff, seed):
    rng = np.random.default_rng(seed)
    return Case(
        rng.normal(size=(batch, d)),
        rng.normal(size=(d, d_ff)),
        rng.normal(size=(d, d_ff)),
        rng.normal(size=(d_ff, d)),
        label=f"x of shape ({batch}, {d}) and d_ff = {d_ff}",
    )


def _compare_swiglu(got, expected, case):
    x, W_gate, W_up, W_down = case.args
    d_ff = W_up.shape[1]
    if np.shape(got) == (len(x), d_ff):
        raise NotYet(
            f"the result has shape {np.shape(got)}, the width d_ff of the hidden layer: the block "
            "ends with a product by W_down, back to shape (batch, d)."
        )
    expect_shape(got, expected.shape, what="the block's output")
    got = np.asarray(got, dtype=float)
    variants = {
        "the gate uses sigmoid instead of SiLU (that is the original GLU); SwiGLU uses silu(u) = u * sigmoid(u)": (
            sigmoid(x @ W_gate) * (x @ W_up)
        )
        @ W_down,
        "SiLU is applied to x @ W_up instead of x @ W_gate: the activation belongs to the gate": (
            (x @ W_gate) * silu(x @ W_up)
        )
        @ W_down,
        "the gate uses ReLU; SwiGLU uses silu(u) = u * sigmoid(u)": (np.maximum(x @ W_gate, 0) * (x @ W_up)) @ W_down,
        "the gate and the value are added; they should be multiplied elementwise": (silu(x @ W_gate) + (x @ W_up))
        @ W_down,
    }
    if not np.allclose(got, expected):
        for why, wrong in variants.items():
            if np.allclose(got, wrong):
                raise NotYet(f"{why}.")
    expect_close(got, expected, what="the block's output", rtol=1e-7, atol=1e-9)


swiglu = Exercise(
    "ch07.swiglu",
    "Exercise 7.2: a SwiGLU feed-forward block",
    solution=swiglu,
    cases=[_swiglu_case(*shape, seed) for seed, shape in enumerate(((2, 4, 6), (5, 8, 12), (1, 3, 2)))],
    compare=_compare_swiglu,
    hints=[
        "Two matrices read the input: `x @ W_gate` and `x @ W_up`, both of shape `(batch, d_ff)`.",
        "Only the gate goes through the activation: `silu(x @ W_gate)`. Multiply it elementwise (`*`) by `x @ W_up`.",
        "Finish with `@ W_down`, which brings the result back to shape `(batch, d)`.",
    ],
    explanation="The gate \\( \\operatorname{SiLU}(x W_{gate}) \\) scales each entry of the value "
    "\\( x W_{up} \\), and \\( W_{down} \\) maps the product back to the model's width.",
)


# ----------------------------------------------------------------------- exercise 7.3


def best_lr(activation, depth, lrs, seeds=2):
    """The learning rate in `lrs` with the highest mean final test accuracy over `seeds` seeds."""
    means = [np.mean([train(activation, depth, lr=lr, seed=s).final for s in range(seeds)]) for lr in lrs]
    return lrs[int(np.argmax(means))]


_SWEEPS = [("sigmoid", "shallow", [0.1, 0.3, 1.0]), ("relu", "deep", [0.01, 0.03, 0.1])]


def _compare_lr(got, expected, case):
    activation, depth, lrs = case.args
    if isinstance(got, (list, tuple, np.ndarray)) and np.size(got) == len(lrs):
        raise NotYet(
            "you returned one number per learning rate; return the single learning rate whose mean accuracy is highest."
        )
    if not isinstance(got, (int, float, np.integer, np.floating)) or isinstance(got, bool):
        raise NotYet(f"expected one learning rate (a float from `lrs`), but got {got!r}.")
    value = float(got)
    if any(np.isclose(value, lr) for lr in lrs):
        if np.isclose(value, expected):
            return
        means = [np.mean([train(activation, depth, lr=lr, seed=s).final for s in range(2)]) for lr in lrs]
        if np.isclose(value, lrs[int(np.argmin(means))]):
            raise NotYet(f"{value:g} gives the lowest mean accuracy, not the highest (np.argmax, not np.argmin).")
        raise NotYet(
            f"expected {expected:g}, but got {value:g}; the mean accuracies over seeds 0 and 1 are "
            + ", ".join(f"{m:.1%} at {lr:g}" for lr, m in zip(lrs, means))
            + "."
        )
    if value.is_integer() and 0 <= value < len(lrs):
        raise NotYet(
            f"you returned {int(value)}, a position in `lrs`; return the learning rate itself, lrs[{int(value)}]."
        )
    if 0 <= value <= 1:
        raise NotYet(
            f"{value:g} is not one of the learning rates {lrs}; it looks like an accuracy. Return "
            "the learning rate at which the best accuracy was reached."
        )
    raise NotYet(f"{value:g} is not one of the learning rates {lrs}.")


best_lr = Exercise(
    "ch07.best_lr",
    "Exercise 7.3: the best learning rate from a sweep",
    solution=best_lr,
    cases=[Case(a, d, lrs, label=f"{a} in the {d} network, learning rates {lrs}") for a, d, lrs in _SWEEPS],
    compare=_compare_lr,
    hints=[
        "`train(activation, depth, lr=lr, seed=s).final` is one run's final test accuracy. Average it over "
        "the seeds `0 .. seeds - 1` for each learning rate.",
        "Collect one mean per learning rate in a list, in the order of `lrs`.",
        "`np.argmax` gives the position of the largest mean; return `lrs` at that position, not the position "
        "or the accuracy.",
    ],
    explanation="Average each learning rate's final accuracy over the seeds, then take the learning rate "
    "with the largest mean. Runs are cached, so asking for the same run twice costs nothing.",
)
