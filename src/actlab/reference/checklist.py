"""The revision checklist: things a learner can do, each linked to where it is taught and tested.

Each :class:`Item` is a skill ("Explain how a ReLU unit dies..."), the section
that teaches it, and the quiz questions that test it. :func:`items` writes a
group of items as Markdown with MyST links (checked by the strict build);
:func:`tracker` writes the small script that, in the reader's browser, reads the
quizzes' saved progress (``localStorage``, as :mod:`actlab.quiz` keeps it) and
marks each item *shown* (every question that tests it answered right), *in
progress* (some tried) or *not yet*. Nothing is sent anywhere: the page only reads what the quizzes
saved in this browser.

>>> [i.key for i in ITEMS][:3]
['define', 'why-nonlinear', 'xor']
>>> ITEMS[0].tests[0].label()
'chapter 1 quiz, question 2'
"""

import json
from dataclasses import dataclass
from importlib import import_module, resources

from actlab.reference._markdown import Markdown
from actlab.reference.links import CHAPTERS, SECTIONS, Section

__all__ = ["Test", "Item", "ITEMS", "GROUPS", "QUIZ_PAGES", "items", "Tracker", "tracker"]

#: Where each quiz is shown: its page and the heading of its section.
QUIZ_PAGES = {
    **{key: Section(page, "Self-check") for key, page in CHAPTERS.items()},
    "traps": Section("reference/interview", "Test yourself on the traps"),
}


def _quiz(module):
    return import_module(f"actlab.selfcheck.{module}").quiz


@dataclass(frozen=True)
class Test:
    """One quiz question that tests an item: its quiz's module (``"ch04"``, ``"traps"``) and its key."""

    module: str
    question: str

    @property
    def quiz(self):
        return _quiz(self.module)

    @property
    def number(self):
        """The question's number in its quiz, from 1."""
        keys = [q.key for q in self.quiz.questions]
        if self.question not in keys:
            raise KeyError(f"The {self.module} quiz has no question {self.question!r}; its questions are {keys}.")
        return keys.index(self.question) + 1

    def label(self):
        section = QUIZ_PAGES[self.module]
        where = f"chapter {section.chapter} quiz" if section.chapter else "trap quiz"
        return f"{where}, question {self.number}"

    def spec(self, page):
        """What the browser needs to find this question's saved progress."""
        section = QUIZ_PAGES[self.module]
        html = section.target(page).split("#")[0].removesuffix(".md") + ".html"
        return {
            "page": html,
            "quiz": self.quiz.key,
            "sig": self.quiz.signature(),
            "question": self.question,
            "anchor": f"aq-{self.quiz.key}-{self.question}",
        }


@dataclass(frozen=True)
class Item:
    """A thing the learner can do, where it is taught, and the questions that show it."""

    key: str
    group: str
    skill: str
    read: Section
    tests: tuple


def _item(key, group, skill, read, *tests):
    return Item(key, group, skill, SECTIONS[read], tuple(Test(*t.split(":")) for t in tests))


GROUPS = {
    "basics": "Why a network needs activations",
    "gradients": "Gradients and the zoo",
    "failures": "When training fails",
    "outputs": "Outputs and softmax",
    "traps": "Traps",
}

ITEMS = [
    _item(
        "define",
        "basics",
        "**Define** an activation function in one sentence: a fixed nonlinear function "
        "applied to each unit's pre-activation.",
        "activation",
        "ch01:affine",
    ),
    _item(
        "why-nonlinear",
        "basics",
        "**Explain why** a network needs nonlinearity: without it, any number of layers is one affine map.",
        "collapse",
        "ch01:collapse",
        "traps:fancier-deeper",
    ),
    _item("xor", "basics", "**Prove** that no line separates XOR, and build a network that does.", "xor", "ch01:xor"),
    _item(
        "chain-rule",
        "gradients",
        "**Show** where the activation's slope enters every weight update.",
        "chain-rule",
        "ch02:factor",
        "ch02:slowest",
    ),
    _item(
        "zero-centred",
        "gradients",
        "**Explain** why all-positive inputs make the weights zig-zag, and which activations are zero-centred.",
        "zigzag",
        "ch02:zigzag",
        "ch03:zero-centred",
    ),
    _item(
        "compare",
        "gradients",
        "**Contrast** sigmoid, tanh and ReLU: formula, range, slope at 0, saturation and typical use.",
        "zoo-sheet",
        "ch03:ranges",
        "ch03:slope-at-0",
        "traps:tanh-stronger",
    ),
    _item(
        "vanishing",
        "failures",
        "**Explain** how gradients vanish through saturating layers, and bound the product of sigmoid slopes.",
        "product",
        "ch04:bound-direction",
        "ch04:slope-at-4",
        "traps:sigmoid-everywhere",
    ),
    _item(
        "fixes",
        "failures",
        "**Name** the remedies beyond the activation: initialisation scale, normalisation, residual connections.",
        "init",
        "ch04:init-tanh",
        "ch04:residual",
        "traps:relu-solves-vanishing",
    ),
    _item(
        "dying",
        "failures",
        "**Explain** how a ReLU unit dies, and which activations and training changes ease it.",
        "dead",
        "ch05:definition",
        "ch05:remedies",
        "traps:relu-no-drawbacks",
    ),
    _item(
        "sparsity",
        "failures",
        "**Tell** intended sparsity from dead units.",
        "sparsity",
        "ch05:sparsity",
        "traps:zero-grad-bad",
    ),
    _item(
        "choose",
        "outputs",
        "**Pick** the output layer and its loss for each task: binary, multi-label, multi-class, regression.",
        "by-task",
        "ch07:three-classes",
        "ch07:tags",
        "ch07:price",
        "traps:output-activation",
    ),
    _item(
        "architectures",
        "outputs",
        "**Say** where each architecture puts its activations: ReLU in CNNs, "
        "GELU or gated units in transformers, tanh and sigmoids in LSTMs.",
        "by-architecture",
        "ch07:lstm-gate",
        "ch07:swiglu-parameters",
    ),
    _item(
        "sigmoid-or-softmax",
        "outputs",
        "**Choose** between a sigmoid and a softmax output.",
        "output",
        "ch06:multi-label",
        "ch06:three-classes",
    ),
    _item(
        "stable-softmax",
        "outputs",
        "**State** the stable-softmax trick: subtract the largest logit, and take cross-entropy from log_softmax.",
        "stable",
        "ch06:shift",
        "ch06:log-of-softmax",
        "traps:softmax-stability",
    ),
    _item(
        "gradient",
        "outputs",
        "**Use** the gradient \\( p - y \\) of softmax with cross-entropy.",
        "card-losses",
        "ch06:gradient",
    ),
    _item(
        "trap-sigmoid",
        "traps",
        "**Correct** the trap “the sigmoid is fine in every layer”.",
        "product",
        "traps:sigmoid-everywhere",
    ),
    _item(
        "trap-relu",
        "traps",
        "**Correct** the trap “ReLU has no drawbacks”.",
        "dead",
        "traps:relu-no-drawbacks",
        "traps:dead-inputs",
    ),
    _item(
        "trap-design",
        "traps",
        "**Answer** the design traps: a ReLU output, a literal softmax, an activation swapped without re-tuning.",
        "retune",
        "traps:relu-output",
        "traps:softmax-stability",
        "traps:retune",
        "ch07:retune",
    ),
]


def _markdown_math(text):
    return text.replace("\\( ", "$").replace(" \\)", "$")


def _test_links(tests, page):
    """``chapter 4 quiz, questions [1](...) and [5](...); trap quiz, question [2](...)``, in order."""
    runs = []
    for t in tests:
        if runs and runs[-1][0] == t.module:
            runs[-1][1].append(t)
        else:
            runs.append((t.module, [t]))
    parts = []
    for module, run in runs:
        section = QUIZ_PAGES[module]
        where = f"chapter {section.chapter} quiz" if section.chapter else "trap quiz"
        links = [section.link(str(t.number), page=page) for t in run]
        numbers = links[0] if len(links) == 1 else ", ".join(links[:-1]) + " and " + links[-1]
        parts.append(f"{where}, question{'s' if len(run) > 1 else ''} {numbers}")
    return "; ".join(parts)


def items(group, *, page):
    """One group of the checklist as a Markdown list, each item with a status slot, its section and its tests.

    Parameters
    ----------
    group : str
        A key of :data:`GROUPS`.
    page : str
        The docname of the page that shows it, e.g. ``"reference/checklist"``.

    Returns
    -------
    Markdown
    """
    if group not in GROUPS:
        raise KeyError(f"no group {group!r}; the groups are {list(GROUPS)}")
    lines = []
    for item in ITEMS:
        if item.group != group:
            continue
        tests = _test_links(item.tests, page)
        lines.append(
            f'- <span class="acl-status" data-item="{item.key}"></span> {_markdown_math(item.skill)} '
            f"Learn it: {item.read.link(item.read.describe(), page=page)}. Show it: {tests}."
        )
    return Markdown("\n".join(lines))


def _asset(name):
    return resources.files("actlab").joinpath(name).read_text(encoding="utf-8")


class Tracker:
    """The checklist's summary line and script, shown as HTML (see :func:`tracker`)."""

    def __init__(self, page):
        self.spec = {"items": [{"key": i.key, "tests": [t.spec(page) for t in i.tests]} for i in ITEMS]}

    def __str__(self):
        return f"Revision checklist: {len(ITEMS)} items; a browser marks those your quiz answers have already shown."

    __repr__ = __str__

    def _repr_html_(self):
        data = json.dumps(self.spec, separators=(",", ":")).replace("</", "<\\/")
        return (
            '<div class="actlab-checklist">'
            f"<style>{_asset('checklist.css')}</style>"
            '<p class="acl-summary" aria-live="polite">Answer the quizzes on the pages linked below: '
            "this page then shows which items you have already shown. It reads your answers from this "
            "browser's storage; nothing is sent anywhere.</p>"
            f'<script type="application/json" class="acl-data">{data}</script>'
            f"<script>{_asset('checklist.js')}</script></div>"
        )


def tracker(*, page):
    """The summary line and the script that marks each item from the saved quiz answers.

    Parameters
    ----------
    page : str
        The docname of the page that shows the checklist (quiz pages are found relative to it).

    Returns
    -------
    Tracker
        Shown as HTML by the book and by JupyterLab.
    """
    return Tracker(page)
