"""The traps of the subject: tempting answers, the correct ones, and a quiz question for each.

Each :class:`Trap` is one claim that sounds right and is not: the tempting answer,
the correct answer, why, and the sections of the course that show it. Each trap
also holds a quiz question whose options include the tempting answer as a wrong
option, with feedback naming the misconception. The page "Interview questions,
traps and FAQ" shows :func:`cards` and then ``quiz``; the revision checklist
links to the questions. Numbers in the texts are computed here from
:mod:`actlab`, never typed.

Examples
--------
>>> from actlab.selfcheck import traps
>>> len(traps.TRAPS) == len(traps.quiz.questions)
True
>>> t = traps.trap("sigmoid-everywhere")
>>> grade = traps.quiz.grade(t.key, t.tempting_index)
>>> grade.correct, grade.feedback == t.question.options[t.tempting_index].feedback
(False, True)
"""

import re
from dataclasses import dataclass

import numpy as np
from scipy.integrate import quad
from scipy.optimize import brentq

from actlab import activations
from actlab.quiz import Option, Quiz, SingleChoice
from actlab.reference.links import SECTIONS

__all__ = ["Trap", "TRAPS", "quiz", "trap", "cards"]


# ---------------------------------------------------------------------------------- numbers

_SIG = activations.get("sigmoid")
_TANH = activations.get("tanh")
_GELU = activations.get("gelu")
_RELU = activations.get("relu")
_LEAKY = activations.get("leaky_relu")

_PEAK = float(_SIG.grad(0.0))  # the sigmoid's largest slope
_DEEP = 10
_DEEP_BOUND = _PEAK**_DEEP
_EXP64 = float(np.log(np.finfo(np.float64).max))  # exp overflows above this in float64
_EXP32 = float(np.log(np.finfo(np.float32).max))
_CROSS = brentq(lambda z: float(_TANH.grad(z) - _SIG.grad(z)), 0.5, 3.0)  # where the slopes are equal
_ALPHA = _LEAKY.params["alpha"]
_GELU_FLAT = brentq(lambda z: float(_GELU.grad(z)), -2.0, -0.1)  # GELU's slope is 0 here
_GELU_5 = float(_GELU.grad(-5.0))
_SIG_ONE = brentq(lambda z: 0.5 if float(_SIG(z)) == 1.0 else -0.5, 20.0, 60.0, xtol=1e-3)
_WIDTH = 512
_OFF = 0.4  # share of a healthy ReLU layer's units that are 0 on one example
_GELU_MIN = float(_GELU(np.linspace(-3.0, 0.0, 30_001)).min())


def _mean_output(act):
    """E[act(z)] for a standard normal z."""
    return quad(lambda z: float(act(z)) * np.exp(-z * z / 2) / np.sqrt(2 * np.pi), -12, 12)[0]


_RELU_MEAN, _GELU_MEAN = _mean_output(_RELU), _mean_output(_GELU)


def _sci(x):
    """A small number as TeX: -7.4e-06 -> -7.4 \\times 10^{-6}."""
    mantissa, exponent = f"{x:.1e}".split("e")
    return f"{mantissa} \\times 10^{{{int(exponent)}}}"


# ------------------------------------------------------------------------------------ traps


@dataclass(frozen=True)
class Trap:
    """A tempting answer and the correct one.

    Attributes
    ----------
    key : str
        Also the key of its quiz question.
    topic : str
        A few words: what the trap is about.
    tempting, correct, why : str
        Markdown-ish text with math in ``\\( \\)``, as quizzes write it.
    where : tuple of Section
        Where the course shows it.
    question : SingleChoice
        Its quiz question; ``question.options[tempting_index]`` is the tempting answer.
    """

    key: str
    topic: str
    tempting: str
    correct: str
    why: str
    where: tuple
    question: SingleChoice
    tempting_index: int


def _trap(key, topic, *, prompt, tempting, tempting_feedback, correct, why, where, others, position):
    """A trap and its question: the correct answer at ``position``, the tempting one among the others."""
    options = [Option(tempting, feedback=tempting_feedback)]
    options += [Option(text, feedback=feedback) for text, feedback in others]
    options.insert(position, Option(correct, correct=True))
    question = SingleChoice(key, prompt, options, explanation=why)
    index = next(i for i, o in enumerate(options) if o.text == tempting)
    return Trap(key, topic, tempting, correct, why, tuple(where), question, index)


S = SECTIONS  # where the course shows each idea

TRAPS = [
    _trap(
        "sigmoid-everywhere",
        "The sigmoid in every layer",
        prompt=f"A colleague builds a {_DEEP}-layer network with the sigmoid after every layer. What do you tell them?",
        tempting="That is fine: the sigmoid is smooth and its outputs read as probabilities.",
        tempting_feedback=f"Smoothness is not the issue: the sigmoid's slope. It is at most {_PEAK:g} and "
        "close to 0 wherever the unit saturates, and backprop multiplies one slope per "
        "layer.",
        correct="Keep the sigmoid for a binary output (and for gates); in the hidden layers use ReLU or "
        "one of its relatives, since stacked sigmoids make the gradient vanish.",
        why=f"\\( \\sigma'(z) \\le {_PEAK:g} \\), so the slopes of {_DEEP} sigmoid layers multiply the "
        f"gradient by at most \\( {_PEAK:g}^{{{_DEEP}}} \\approx {_sci(_DEEP_BOUND)} \\): the first "
        "layers barely learn.",
        where=[S["product"], S["saturation"], S["compared"]],
        others=[
            (
                "Use tanh instead: its slope is never smaller than the sigmoid's.",
                f"tanh's slope is larger only near 0 (for \\( |z| < {_CROSS:.2f} \\)); it saturates at "
                "both ends too, so a deep tanh stack has the same problem.",
            )
        ],
        position=1,
    ),
    _trap(
        "relu-no-drawbacks",
        "ReLU has no downside",
        prompt="What is ReLU's main weakness?",
        tempting="It has none that matter: it is cheap and never saturates.",
        tempting_feedback="It never saturates on the *positive* side. On the negative side its slope is "
        "exactly 0, and a unit that stays there stops learning.",
        correct="A unit whose pre-activation is negative on every input is dead: output 0, gradient 0, no update.",
        why="\\( \\operatorname{relu}'(z) = 0 \\) for \\( z \\le 0 \\). Leaky ReLU or GELU, He "
        "initialisation and a smaller learning rate make dead units rarer.",
        where=[S["dead"], S["remedies"]],
        others=[
            (
                "It is not differentiable at 0, so backprop fails there.",
                "The kink at 0 is harmless: frameworks use a one-sided slope there (the course takes 0), "
                "and an input exactly 0 is rare.",
            )
        ],
        position=0,
    ),
    _trap(
        "output-activation",
        "No activation at the output",
        prompt="Which output layer does a classifier of emails into *spam* or *not spam* need?",
        tempting="None: the output layer needs no activation.",
        tempting_feedback="A bare output is right only for regression. A classifier's output has to be a "
        "probability, and its loss is paired with that output.",
        correct="One unit with a sigmoid (trained with binary cross-entropy on the logit); softmax for one "
        "of several classes; the identity only for regression.",
        why="The output layer is chosen by the task, not by the hidden layers: sigmoid with binary "
        "cross-entropy, softmax with cross-entropy, identity with squared error. In each pair the "
        "gradient at the logits is prediction minus target.",
        where=[S["by-task"], S["output"]],
        others=[
            (
                "ReLU, like the hidden layers, so the scores are non-negative.",
                "Non-negative scores are not probabilities: they do not lie in (0, 1), and a ReLU output "
                "stuck at 0 passes no gradient back.",
            )
        ],
        position=2,
    ),
    _trap(
        "fancier-deeper",
        "Deeper needs fancier",
        prompt="Why can a 50-layer network learn what a 1-layer network cannot?",
        tempting="Because deeper networks use fancier activations.",
        tempting_feedback="Plain ReLU already makes depth useful. What deep networks need from the rest of "
        "the recipe is trainability: initialisation, normalisation, residual connections.",
        correct="Because every layer has a nonlinearity, any nonlinearity; without one the 50 layers "
        "collapse into one affine map.",
        why="Stacked affine layers multiply out into one. Any nonlinear, non-polynomial activation, ReLU "
        "included, stops the collapse. Fancier activations help in particular architectures, not in "
        "general.",
        where=[S["collapse"], S["residual"]],
        others=[
            (
                "Because it has more parameters, whatever sits between the layers.",
                "Without activations the extra parameters add nothing: the layers multiply out into a single matrix.",
            )
        ],
        position=1,
    ),
    _trap(
        "softmax-hidden",
        "Softmax in a hidden layer",
        prompt=f"Would softmax make a good activation for a hidden layer of {_WIDTH} units?",
        tempting="Yes: it is smooth, bounded and turns scores into probabilities.",
        tempting_feedback="Bounded and smooth is not enough. Softmax is not elementwise: it couples all "
        "units of the layer, and the outputs must sum to 1.",
        correct="No: it normalises the whole layer, so units compete and the values shrink; keep it for "
        "the output (with cross-entropy) and inside attention.",
        why=f"With {_WIDTH} units summing to 1, a typical output is about \\( 1/{_WIDTH} \\approx "
        f"{1 / _WIDTH:.4f} \\), and each unit's value depends on every other unit's. At the output, "
        "paired with cross-entropy, the coupling is exactly what a probability needs.",
        where=[S["attention"], S["softmax"]],
        others=[
            (
                "Yes, but only after subtracting the maximum for stability.",
                "The shift makes softmax safe to compute; it does not make it a good hidden nonlinearity.",
            )
        ],
        position=0,
    ),
    _trap(
        "zero-grad-bad",
        "A zero gradient is bad",
        prompt=f"A ReLU layer passes a gradient of exactly 0 through {_OFF:.0%} of its units on a typical "
        "example. Is the activation failing?",
        tempting="Yes: a zero gradient means the activation is bad.",
        tempting_feedback="Exact zeros on one example are ReLU's intended sparsity: different inputs "
        "switch off different units.",
        correct="Not necessarily: that is sparsity. The trouble is a unit that is zero on every input, or "
        "a slope that is small everywhere.",
        why="Count per unit, not per example: a unit off on every training example is dead; a unit off on "
        "some examples is part of a sparse code.",
        where=[S["sparsity"], S["dead"]],
        others=[
            (
                "Yes: switch to the sigmoid, whose slope is never 0.",
                f"The sigmoid's slope is never exactly 0, but it is at most {_PEAK:g} and tiny when it "
                "saturates: small everywhere is worse than 0 on some examples.",
            )
        ],
        position=1,
    ),
    _trap(
        "relu-output",
        "ReLU everywhere, output included",
        prompt="A team puts ReLU after every layer of a 10-class classifier, the last one included. What goes wrong?",
        tempting="Nothing: using one activation everywhere keeps the design simple.",
        tempting_feedback="The output layer has a different job: it must give probabilities that fit the "
        "loss. ReLU gives non-negative scores, some stuck at 0.",
        correct="The outputs are not probabilities and do not fit cross-entropy; end in 10 logits with "
        "softmax (computed inside the loss).",
        why="A class whose ReLU output is 0 passes no gradient back, and scores that do not sum to 1 "
        "cannot be read as probabilities. Logits with a softmax cross-entropy give the gradient \\( p "
        "- y \\).",
        where=[S["by-task"]],
        others=[
            (
                "Training is slower, because ReLU is expensive at the output.",
                "ReLU costs one comparison: speed is not the problem, the meaning of the output is.",
            )
        ],
        position=1,
    ),
    _trap(
        "softmax-stability",
        "The textbook softmax in production",
        prompt="Why not compute softmax as `np.exp(z) / np.exp(z).sum()` in production code?",
        tempting="No reason: that is the definition of softmax.",
        tempting_feedback="It is the definition, computed literally: \\( e^z \\) overflows to infinity "
        f"once a logit passes {_EXP64:.1f} (float64), and infinity over infinity is NaN.",
        correct="It overflows on large logits and returns NaN; subtract the largest logit first, or call a "
        "stable `softmax` / `log_softmax`.",
        why=f"\\( e^z \\) overflows above \\( z \\approx {_EXP64:.1f} \\) in float64 and {_EXP32:.1f} in "
        "float32. Softmax does not change when every logit is shifted by the same amount, so "
        "subtracting the maximum costs nothing and makes every exponent at most 0.",
        where=[S["overflow"], S["stable"]],
        others=[
            (
                "It is only slow: two calls to `exp` where one would do.",
                "Speed is not the issue: the literal formula returns NaN for logits in the hundreds.",
            )
        ],
        position=2,
    ),
    _trap(
        "retune",
        "A drop-in swap of activation",
        prompt="A training recipe was tuned with ReLU. You switch to GELU. What else should change?",
        tempting="Nothing: GELU is a drop-in replacement for ReLU.",
        tempting_feedback="The code runs unchanged, but the scale of activations and gradients changes, "
        "and with it the effective step size.",
        correct="Re-tune the learning rate (and warm-up, initialisation): the activation changes the scale "
        "of activations and gradients.",
        why=f"For a standard normal input, ReLU's mean output is {_RELU_MEAN:.2f} and GELU's "
        f"{_GELU_MEAN:.2f}: the next layer sees different scales, and so does every update.",
        where=[S["retune"], S["init"]],
        others=[
            (
                "Only the number of training steps, since GELU is slower to compute.",
                "The cost per step changes a little; what matters is the scale of activations and "
                "gradients, which sets the step size.",
            )
        ],
        position=0,
    ),
    _trap(
        "tanh-stronger",
        "tanh always has stronger gradients",
        prompt="Compare the slopes of tanh and the sigmoid.",
        tempting="tanh's slope is always larger than the sigmoid's.",
        tempting_feedback="Only near 0. Since \\( \\tanh'(z) = 4\\sigma'(2z) \\), tanh's slope falls "
        f"faster and is the smaller one beyond \\( |z| \\approx {_CROSS:.2f} \\).",
        correct=f"tanh's is 4 times larger at 0, but only larger while \\( |z| < {_CROSS:.2f} \\); beyond "
        "that it decays faster.",
        why=f"\\( \\tanh'(0) = {float(_TANH.grad(0.0)):g} \\) against \\( \\sigma'(0) = {_PEAK:g} \\); far "
        "out tanh's slope decays like \\( 4e^{-2|z|} \\) and the sigmoid's like \\( e^{-|z|} \\).",
        where=[S["tanh"]],
        others=[
            (
                "They are equal everywhere, since tanh is a rescaled sigmoid.",
                "Rescaling changes the slope: \\( \\tanh z = 2\\sigma(2z) - 1 \\) is stretched by 2 "
                "vertically and squeezed by 2 horizontally, so its slope at 0 is 4 times the sigmoid's.",
            )
        ],
        position=1,
    ),
    _trap(
        "relu-solves-vanishing",
        "ReLU solved vanishing gradients",
        prompt="Does switching a deep plain network from sigmoid to ReLU stop the gradients from vanishing?",
        tempting="Yes: ReLU solved the vanishing-gradient problem.",
        tempting_feedback="ReLU's slope is 1 on active units, so the activation no longer shrinks the "
        "gradient; the weight matrices still multiply it, and inactive units cut it to 0.",
        correct="It removes the activation's shrinking factor on active units; the weights can still make "
        "gradients vanish or explode, so He initialisation, normalisation or residual connections "
        "are still needed.",
        why="Backprop multiplies, per layer, the activation's slope and the weight matrix. ReLU fixes the "
        "first factor at 1 or 0; a deep plain ReLU network with badly scaled weights still vanishes or "
        "explodes.",
        where=[S["relu-fix"], S["init"], S["residual"]],
        others=[
            (
                "No: ReLU makes vanishing gradients worse, because its slope is 0 on half the inputs.",
                "Its slope of exactly 1 on the active side is a real improvement over the sigmoid's "
                f"{_PEAK:g} at best; the zeros cut some paths, not all.",
            )
        ],
        position=2,
    ),
    _trap(
        "leaky-no-dead",
        "Leaky ReLU has no dead units",
        prompt=f"A leaky ReLU unit (\\( \\alpha = {_ALPHA:g} \\)) is negative on every example. Is it fine?",
        tempting="Yes: leaky ReLU has no dead units.",
        tempting_feedback="None *exactly* dead, but its gradient is multiplied by \\( \\alpha = "
        f"{_ALPHA:g} \\): it learns {1 / _ALPHA:.0f} times more slowly than an active "
        "unit.",
        correct=f"It can still recover, but it learns about {1 / _ALPHA:.0f} times more slowly: fewer dead "
        "units, not none in effect.",
        why=f"The negative side has slope \\( \\alpha = {_ALPHA:g} \\), not 0, so the unit is not frozen; "
        "it is nearly stuck.",
        where=[S["remedies"], S["leaky_relu"]],
        others=[
            (
                "No: it is dead exactly like a ReLU unit.",
                f"Its slope there is \\( {_ALPHA:g} \\), not 0, so it still gets a (small) gradient.",
            )
        ],
        position=1,
    ),
    _trap(
        "gelu-negative",
        "GELU always lets negative inputs learn",
        prompt="A GELU unit is far below zero (\\( z = -5 \\)) on every example. Can it recover?",
        tempting="Yes: GELU gives negative inputs a small gradient, so its units always recover.",
        tempting_feedback="Only for mildly negative inputs. GELU's slope is 0 near \\( z \\approx "
        f"{_GELU_FLAT:.2f} \\), negative below, and almost 0 far out.",
        correct=f"Hardly: its slope at \\( -5 \\) is about \\( {_sci(_GELU_5)} \\), almost nothing.",
        why="\\( \\operatorname{{GELU}}'(z) = \\Phi(z) + z\\varphi(z) \\) is 0 at \\( z \\approx "
        f"{_GELU_FLAT:.2f} \\), negative below and \\( {_sci(_GELU_5)} \\) at \\( -5 \\).",
        where=[S["gelu"], S["remedies"]],
        others=[
            (
                "No: GELU is exactly 0 for negative inputs, like ReLU.",
                f"GELU is not 0 on the left: it dips to about {_GELU_MIN:.2f} and slopes gently there. "
                "Its slope is tiny only far out.",
            )
        ],
        position=0,
    ),
    _trap(
        "sigmoid-exact-one",
        "Sigmoid outputs are safe to take the log of",
        prompt="A binary classifier computes \\( p = \\sigma(z) \\), then the loss \\( -y\\log p - "
        "(1-y)\\log(1-p) \\). Is that safe?",
        tempting="Yes: the sigmoid's output is a probability in (0, 1), so both logs are finite.",
        tempting_feedback="In exact arithmetic, yes. In float64 \\( \\sigma(z) \\) rounds to exactly 1 "
        f"beyond \\( z \\approx {_SIG_ONE:.1f} \\), and \\( \\log(1 - p) = -\\infty \\).",
        correct="No: in floating point \\( p \\) can round to exactly 0 or 1; compute the loss from the "
        "logit (binary cross-entropy with logits).",
        why="\\( 1 - \\sigma(z) \\) falls below float64's resolution near 1 at \\( z \\approx "
        f"{_SIG_ONE:.1f} \\). From the logit the loss is \\( \\log(1 + e^z) - yz \\), finite for every "
        "\\( z \\).",
        where=[S["output"], S["overflow"]],
        others=[
            (
                "Yes, as long as the sigmoid is computed in its stable two-branch form.",
                "The stable form avoids overflow in \\( e^{-z} \\); the rounding of \\( \\sigma(z) \\) to "
                "exactly 1 happens anyway.",
            )
        ],
        position=2,
    ),
    _trap(
        "gelu-noise",
        "GELU regularises like dropout",
        prompt="GELU's paper motivates \\( z\\Phi(z) \\) with a random mask. What does using GELU add to training?",
        tempting="A stochastic regularisation, like dropout.",
        tempting_feedback="The random mask is only the motivation: \\( z\\Phi(z) \\) is its *expected* "
        "value. The function itself is deterministic.",
        correct="No noise at all: GELU is a deterministic function, the expected value of that masked input.",
        why="Two evaluations of GELU at the same input give the same output. Any regularising effect would "
        "come from elsewhere (dropout, data).",
        where=[S["gelu"]],
        others=[
            (
                "Noise whose size is set by \\( \\Phi(z) \\), different on each forward pass.",
                "Nothing random happens in the forward pass: GELU(z) is the same number every time.",
            )
        ],
        position=1,
    ),
    _trap(
        "dead-inputs",
        "A unit dies when its inputs are negative",
        prompt="When does a ReLU unit in the second hidden layer die?",
        tempting="When all the inputs it receives are negative.",
        tempting_feedback="Its inputs come from a ReLU layer, so they are never negative. What matters is "
        "the unit's own weighted sum plus bias.",
        correct="When its own pre-activation, weighted sum plus bias, is at most 0 on every training example.",
        why="Then its output and its gradient are 0 on every example, so no update can change its weights.",
        where=[S["dead"]],
        others=[
            (
                "When its weights become very small.",
                "Small weights give small pre-activations, not negative ones: death is about the sign on "
                "every example.",
            )
        ],
        position=0,
    ),
]

quiz = Quiz("traps", [t.question for t in TRAPS], title="Traps: pick the correct answer")


def trap(key):
    """The trap with this key."""
    for t in TRAPS:
        if t.key == key:
            return t
    raise KeyError(f"There is no trap {key!r}; the traps are {[t.key for t in TRAPS]}.")


def _markdown(text):
    """Quiz text (math in \\( \\)) as MyST Markdown (math in $ $)."""
    return re.sub(r"\\\(\s*(.+?)\s*\\\)", r"$\1$", text)


def _where(sections, page):
    return "; ".join(s.link(s.describe(), page=page) for s in sections)


def cards(*, page):
    """Every trap as Markdown: tempting answer, correct answer, why, and where the course shows it.

    Parameters
    ----------
    page : str
        The docname of the page that shows the cards (links are relative to it).

    Returns
    -------
    actlab.reference._markdown.Markdown
    """
    from actlab.reference._markdown import Markdown

    blocks = []
    for n, t in enumerate(TRAPS, 1):
        blocks.append(
            f"**{n}. {t.topic}.** {_markdown(t.question.prompt)}\n\n- *Tempting:* "
            f"“{_markdown(t.tempting)}”\n- *Correct:* {_markdown(t.correct)}\n- *Why:* "
            f"{_markdown(t.why)}\n- *Shown in:* {_where(t.where, page)}"
        )
    return Markdown("\n\n".join(blocks))
