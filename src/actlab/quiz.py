"""Quizzes that answer on the page: written once in Python, graded in the browser.

A :class:`Quiz` holds questions of three kinds -- :class:`SingleChoice`,
:class:`MultipleChoice` and :class:`Numeric` -- and, shown as the last
expression of a notebook cell, renders itself as one self-contained HTML
fragment: the questions as a form (``fieldset``/``legend``, radio buttons or
check boxes with labels, a text box for a number), a *Check* button per
question, a result announced to screen readers (``aria-live``) in words and
colour, a *Show answer* button after the first attempt, and the reader's
progress kept in the browser's ``localStorage`` with a *Start over* button.
The grading script and style sheet (``quiz.js``, ``quiz.css``) ship inside the
package and are inlined with every quiz, defining themselves once per page, so
the quiz works on the static site with no kernel, in JupyterLab, and offline.
Without JavaScript each question shows its answer in a ``<details>`` block.

Every piece of text (prompt, option, feedback, explanation) is short
Markdown-ish text: ``**bold**``, ``*italic*``, ```code```, and math written
``\\( ... \\)``, which the page's MathJax typesets. Every wrong option carries
feedback naming the misconception it reveals; a numeric answer off by a typical
mistake (a factor of 4, a sign, the wrong end of a bound) gets that mistake's
feedback through a :class:`Mistake`.

Examples
--------
>>> quiz = Quiz("demo", [
...     SingleChoice("slope", "What is \\\\( \\\\sigma'(0) \\\\)?", [
...         Option("0.25", correct=True),
...         Option("1", feedback="That is \\\\( \\\\tanh'(0) \\\\), the steeper curve."),
...     ], explanation="\\\\( \\\\sigma'(0) = \\\\sigma(0)(1 - \\\\sigma(0)) = 1/4 \\\\)."),
...     Numeric("kinks", "How many kinks can 5 ReLU units on one input make?",
...             answer=5, tolerance=0, mistakes=[Mistake(6, "6 is the number of pieces.")],
...             explanation="One kink per unit."),
... ])
>>> quiz.grade("slope", 0).correct, quiz.grade("slope", 1).feedback
(True, "That is \\\\( \\\\tanh'(0) \\\\), the steeper curve.")
>>> quiz.grade("kinks", "6").feedback
'6 is the number of pieces.'
>>> print(str(quiz).splitlines()[0])
Quiz: 2 questions (shown as an interactive form in a browser)
"""

import hashlib
import html
import json
import math
import re
from dataclasses import dataclass
from importlib import resources

__all__ = [
    "Quiz",
    "SingleChoice",
    "MultipleChoice",
    "Numeric",
    "Option",
    "Mistake",
    "Grade",
    "parse_number",
    "render_text",
    "speakable",
]

_KEY = re.compile(r"^[A-Za-z0-9-]+$")
_MATH = re.compile(r"(\\\(.+?\\\)|\\\[.+?\\\])", re.DOTALL)


# ------------------------------------------------------------------------------------ text


def _inline_markup(text):
    """HTML for the text outside math: escaped, then code, bold and italic."""
    out = html.escape(text, quote=False)
    out = re.sub(r"`([^`]+)`", r"<code>\1</code>", out)
    out = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", out)
    return re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"<em>\1</em>", out)


def render_text(text, *, block=False):
    """Render the quizzes' Markdown-ish text as HTML, leaving math for MathJax.

    Parameters
    ----------
    text : str
        ``**bold**``, ``*italic*``, ```code``` and math in ``\\( \\)`` or ``\\[ \\]``.
    block : bool
        If true, blank lines separate paragraphs (``<p>``); otherwise the result is
        inline HTML and a blank line becomes a line break.

    Returns
    -------
    str

    Examples
    --------
    >>> render_text("A **bold** claim about \\\\( a < b \\\\) and `x * y`")
    'A <strong>bold</strong> claim about \\\\( a &lt; b \\\\) and <code>x * y</code>'
    """
    parts = []
    for i, piece in enumerate(_MATH.split(text.strip())):
        parts.append(html.escape(piece, quote=False) if i % 2 else _inline_markup(piece))
    joined = "".join(parts)
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", joined) if p.strip()]
    if block:
        return "".join(f"<p>{p}</p>" for p in paragraphs)
    return "<br>".join(paragraphs)


_GREEK = {
    name: chr(code)
    for name, code in [
        ("alpha", 0x3B1),
        ("beta", 0x3B2),
        ("gamma", 0x3B3),
        ("delta", 0x3B4),
        ("epsilon", 0x3B5),
        ("eta", 0x3B7),
        ("theta", 0x3B8),
        ("lambda", 0x3BB),
        ("mu", 0x3BC),
        ("pi", 0x3C0),
        ("sigma", 0x3C3),
        ("tau", 0x3C4),
        ("phi", 0x3C6),
        ("psi", 0x3C8),
        ("omega", 0x3C9),
        ("Delta", 0x394),
        ("Sigma", 0x3A3),
        ("Phi", 0x3A6),
    ]
}
_SYMBOLS = {
    "le": "≤",
    "leq": "≤",
    "ge": "≥",
    "geq": "≥",
    "ne": "≠",
    "neq": "≠",
    "approx": "≈",
    "cdot": "·",
    "times": "×",
    "infty": "∞",
    "to": "→",
    "in": "∈",
    "cdots": "…",
    "dots": "…",
    "ldots": "…",
    "pm": "±",
    "partial": "∂",
    "odot": "⊙",
    "sqrt": "√",
    "quad": " ",
    "qquad": " ",
    "left": "",
    "right": "",
    "mid": "|",
}


def _speak_math(tex):
    """TeX as plain text a screen reader can say: \\sigma'(0) -> σ'(0), \\frac{a}{b} -> (a)/(b)."""
    tex = re.sub(r"\\(?:operatorname|mathrm|text|mathbf|mathit|boldsymbol)\{([^}]*)\}", r"\1", tex)
    tex = re.sub(r"\\frac\{([^}]*)\}\{([^}]*)\}", r"(\1)/(\2)", tex)
    tex = tex.replace("\\mathbb{R}", "ℝ")
    tex = re.sub(r"\\([A-Za-z]+)", lambda m: _GREEK.get(m.group(1), _SYMBOLS.get(m.group(1), m.group(1))), tex)
    tex = re.sub(r"\\(.)", lambda m: " " if m.group(1) in ",;:! " else m.group(1), tex)
    return re.sub(r"\s+", " ", tex.replace("{", "").replace("}", "")).strip()


def speakable(text):
    r"""The text as a screen reader should say it: markup dropped, math as plain symbols.

    Used as the accessible name of an option whose label holds math, which not
    every browser and screen reader reads from typeset math.

    Examples
    --------
    >>> speakable("\\( \\phi(z) = \\max(z, 0) \\) (**ReLU**)")
    'φ(z) = max(z, 0) (ReLU)'
    >>> speakable("\\( \\frac{1}{4} \\le \\sigma'(0) \\)")
    "(1)/(4) ≤ σ'(0)"
    """
    pieces = _MATH.split(text.strip())
    out = "".join(_speak_math(p[2:-2]) if i % 2 else re.sub(r"[*`]", "", p) for i, p in enumerate(pieces))
    return re.sub(r"\s+", " ", out).strip()


def _plain(text):
    """The text as a terminal shows it: markup removed, math kept as TeX."""
    return re.sub(r"\*\*(.+?)\*\*|`([^`]+)`", lambda m: m.group(1) or m.group(2), text.strip())


def _check_key(key, what):
    if not isinstance(key, str) or not _KEY.match(key):
        raise ValueError(f"{what} key {key!r} should use only letters, digits and '-', e.g. 'xor-line'.")


def _check_text(text, what):
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"{what} should be a non-empty string, but got {text!r}.")


# ------------------------------------------------------------------------------- numbers

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$", re.IGNORECASE)


def parse_number(text):
    """Read a number as a learner types it; return None if it is not one.

    Accepts a decimal point or a decimal comma, a Unicode minus sign, spaces and
    thin spaces between digit groups, ``1e-3`` notation, and a simple fraction
    ``a/b``. The browser's ``quiz.js`` reads numbers by the same rules.

    Examples
    --------
    >>> [parse_number(s) for s in ["0.25", "0,25", "\u22121/4", "1e-3", "1 000", "abc", "1/0"]]
    [0.25, 0.25, -0.25, 0.001, 1000.0, None, None]
    """
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        return float(text) if math.isfinite(text) else None
    if not isinstance(text, str):
        return None
    s = re.sub(r"[\s\u00a0\u2009\u202f]", "", text).replace("\u2212", "-").replace(",", ".")
    if "/" in s:
        top, _, bottom = s.partition("/")
        a, b = parse_number(top), parse_number(bottom)
        if a is None or b is None or b == 0 or "/" in bottom:
            return None
        return a / b
    if not _NUMBER.match(s):
        return None
    value = float(s)
    return value if math.isfinite(value) else None


def _within(value, target, tolerance):
    """``abs(value - target) <= tolerance``, forgiving the rounding of decimal input at the edges."""
    return abs(value - target) <= tolerance + 1e-9 * max(1.0, abs(target), tolerance)


# ----------------------------------------------------------------------------- questions


@dataclass(frozen=True)
class Grade:
    """The verdict on one answer: right or not, and the sentence the reader sees."""

    correct: bool
    feedback: str


@dataclass(frozen=True)
class Option:
    """One choice of a :class:`SingleChoice` or :class:`MultipleChoice` question.

    Parameters
    ----------
    text : str
        What the reader sees.
    correct : bool
        Whether choosing it is right.
    feedback : str
        Shown when the reader chooses it. Required for a wrong option, where it
        names the misconception the choice reveals; optional for a right one.
    """

    text: str
    correct: bool = False
    feedback: str = ""

    def __init__(self, text, *, correct=False, feedback=""):
        _check_text(text, "An option's text")
        if not isinstance(feedback, str):
            raise ValueError(f"The feedback of option {text!r} should be a string.")
        if not correct and not feedback.strip():
            raise ValueError(f"The wrong option {text!r} has no feedback: say which misconception choosing it reveals.")
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "correct", bool(correct))
        object.__setattr__(self, "feedback", feedback)


@dataclass(frozen=True)
class Mistake:
    """A typical wrong numeric answer and the feedback that names it.

    Parameters
    ----------
    value : float
        The number the mistake leads to (e.g. the answer times 4, or with the wrong sign).
    feedback : str
        What went wrong, in one or two sentences.
    tolerance : float, optional
        How close an answer must be to ``value``; defaults to the question's tolerance.
    """

    value: float
    feedback: str
    tolerance: float | None = None

    def __init__(self, value, feedback, *, tolerance=None):
        if parse_number(value) is None:
            raise ValueError(f"A mistake's value should be a finite number, but got {value!r}.")
        _check_text(feedback, f"The feedback of the mistake {value!r}")
        if tolerance is not None and not (parse_number(tolerance) is not None and tolerance >= 0):
            raise ValueError(f"The tolerance of the mistake {value!r} should be a number >= 0, not {tolerance!r}.")
        object.__setattr__(self, "value", float(value))
        object.__setattr__(self, "feedback", feedback)
        object.__setattr__(self, "tolerance", None if tolerance is None else float(tolerance))


class _Question:
    kind = ""

    def __init__(self, key, prompt, explanation):
        _check_key(key, "A question's")
        _check_text(prompt, f"The prompt of question {key!r}")
        _check_text(explanation, f"The explanation of question {key!r}")
        self.key, self.prompt, self.explanation = key, prompt, explanation

    def __repr__(self):
        return f"{type(self).__name__}({self.key!r}, {self.prompt!r})"


class _Choice(_Question):
    def __init__(self, key, prompt, options, *, explanation):
        super().__init__(key, prompt, explanation)
        options = list(options)
        if len(options) < 2 or not all(isinstance(o, Option) for o in options):
            raise ValueError(f"Question {key!r} needs a list of at least two Option(...) objects.")
        texts = [o.text for o in options]
        if len(set(texts)) != len(texts):
            raise ValueError(f"Question {key!r} lists the same option twice.")
        self.options = options

    @property
    def right(self):
        """Indices of the right options."""
        return [i for i, o in enumerate(self.options) if o.correct]

    def _indices(self, chosen):
        chosen = [chosen] if isinstance(chosen, int) else list(chosen)
        bad = [c for c in chosen if not (isinstance(c, int) and 0 <= c < len(self.options))]
        if bad:
            raise ValueError(
                f"Question {self.key!r} has options 0 to {len(self.options) - 1}; {bad} is not one of them."
            )
        return sorted(set(chosen))

    def answer_text(self):
        return "; ".join(self.options[i].text for i in self.right)

    def spec(self):
        return {"kind": self.kind, "right": self.right}


class SingleChoice(_Choice):
    """A question with exactly one right option, answered with radio buttons.

    Parameters
    ----------
    key : str
        Letters, digits and ``-``; unique within its quiz.
    prompt : str
    options : list of Option
        Exactly one has ``correct=True``.
    explanation : str
        Why the right answer is right; shown after a right answer or on request.
    """

    kind = "single"

    def __init__(self, key, prompt, options, *, explanation):
        super().__init__(key, prompt, options, explanation=explanation)
        if len(self.right) != 1:
            raise ValueError(
                f"Single-choice question {key!r} should have exactly one right option, "
                f"but has {len(self.right)}; use MultipleChoice for several."
            )

    def grade(self, chosen):
        """Grade the index of the chosen option."""
        indices = self._indices(chosen)
        if len(indices) != 1:
            raise ValueError(f"Question {self.key!r} takes one option, not {len(indices)}.")
        option = self.options[indices[0]]
        return Grade(option.correct, option.feedback)


class MultipleChoice(_Choice):
    """A question with one or more right options, answered with check boxes.

    The reader is right when they tick every right option and no wrong one.
    Each wrong option ticked shows its feedback; right options left out are
    counted, not named.

    Parameters
    ----------
    key, prompt, options, explanation
        As for :class:`SingleChoice`; at least one option is right.
    """

    kind = "multiple"

    def __init__(self, key, prompt, options, *, explanation):
        super().__init__(key, prompt, options, explanation=explanation)
        if not self.right:
            raise ValueError(f"Multiple-choice question {key!r} has no right option.")

    def grade(self, chosen):
        """Grade a collection of chosen option indices."""
        chosen = self._indices(chosen)
        wrong = [i for i in chosen if not self.options[i].correct]
        missed = [i for i in self.right if i not in chosen]
        if not wrong and not missed:
            notes = [self.options[i].feedback for i in chosen if self.options[i].feedback]
            return Grade(True, " ".join(notes))
        notes = [self.options[i].feedback for i in wrong]
        if missed:
            notes.append(_missing(len(missed)))
        return Grade(False, " ".join(notes))


def _missing(n):
    return "One right option is missing." if n == 1 else f"{n} right options are missing."


class Numeric(_Question):
    """A question answered with a number, right within a tolerance.

    Parameters
    ----------
    key, prompt, explanation
        As for :class:`SingleChoice`.
    answer : float
    tolerance : float
        The largest accepted ``abs(given - answer)``; both edges count as right.
    unit : str, optional
        Shown after the text box (``"%"``, ``"ms"``), where the unit matters.
    mistakes : list of Mistake
        Typical wrong answers, each with the feedback that names it.
    """

    kind = "numeric"

    def __init__(self, key, prompt, *, answer, tolerance, unit=None, mistakes=(), explanation):
        super().__init__(key, prompt, explanation)
        if parse_number(answer) is None:
            raise ValueError(f"The answer of question {key!r} should be a finite number, not {answer!r}.")
        if parse_number(tolerance) is None or tolerance < 0:
            raise ValueError(f"The tolerance of question {key!r} should be a number >= 0, not {tolerance!r}.")
        mistakes = list(mistakes)
        if not all(isinstance(m, Mistake) for m in mistakes):
            raise ValueError(f"The mistakes of question {key!r} should be Mistake(...) objects.")
        self.answer, self.tolerance, self.unit = float(answer), float(tolerance), unit
        self.mistakes = mistakes
        for m in mistakes:
            if _within(m.value, self.answer, self.tolerance):
                raise ValueError(
                    f"Question {key!r}: the mistake {m.value:g} lies within the tolerance of the answer "
                    f"{self.answer:g}, so it would be graded right."
                )

    def grade(self, given):
        """Grade a number, or the text a learner typed."""
        value = parse_number(given)
        if value is None:
            return Grade(False, f"{given!r} is not a number; write it like 0.25 or 1/4.")
        if _within(value, self.answer, self.tolerance):
            return Grade(True, "")
        for m in self.mistakes:
            if _within(value, m.value, self.tolerance if m.tolerance is None else m.tolerance):
                return Grade(False, m.feedback)
        return Grade(False, "Too high." if value > self.answer else "Too low.")

    def answer_text(self):
        unit = f" {self.unit}" if self.unit else ""
        low, high = _fmt(self.answer - self.tolerance), _fmt(self.answer + self.tolerance)
        spread = f" (anything from {low} to {high}{unit} counts)" if self.tolerance else ""
        return f"{_fmt(self.answer)}{unit}{spread}"

    def spec(self):
        return {
            "kind": self.kind,
            "answer": self.answer,
            "tolerance": self.tolerance,
            "mistakes": [[m.value, self.tolerance if m.tolerance is None else m.tolerance] for m in self.mistakes],
        }


def _fmt(x):
    return f"{x:.10g}"


# ---------------------------------------------------------------------------------- quiz


def _asset(name):
    return resources.files("actlab").joinpath(name).read_text(encoding="utf-8")


class Quiz:
    """A set of questions shown together, with the reader's progress kept per page.

    Parameters
    ----------
    key : str
        Letters, digits and ``-``; unique on its page (it names the saved progress).
    questions : list of SingleChoice, MultipleChoice or Numeric
    title : str, optional
        Shown above the questions; defaults to "Quick check".

    Notes
    -----
    ``quiz.grade(question_key, answer)`` grades in Python exactly as ``quiz.js``
    grades in the browser (the unit and browser tests check both).
    """

    def __init__(self, key, questions, *, title=None):
        _check_key(key, "A quiz's")
        questions = list(questions)
        if not questions or not all(isinstance(q, _Question) for q in questions):
            raise ValueError(f"Quiz {key!r} needs a list of questions (SingleChoice, MultipleChoice or Numeric).")
        keys = [q.key for q in questions]
        repeated = sorted({k for k in keys if keys.count(k) > 1})
        if repeated:
            raise ValueError(f"Quiz {key!r} uses the question key(s) {repeated} more than once.")
        self.key, self.questions, self.title = key, questions, title or "Quick check"

    def __getitem__(self, key):
        for q in self.questions:
            if q.key == key:
                return q
        keys = [q.key for q in self.questions]
        raise KeyError(f"Quiz {self.key!r} has no question {key!r}; its questions are {keys}.")

    def grade(self, question_key, answer):
        """Grade an answer to one question: an option index, a list of indices, or a number or text."""
        return self[question_key].grade(answer)

    # -- text

    def __str__(self):
        lines = [f"Quiz: {len(self.questions)} questions (shown as an interactive form in a browser)"]
        for n, q in enumerate(self.questions, 1):
            lines.append(f"{n}. {_plain(q.prompt)}")
            if isinstance(q, _Choice):
                lines += [f"   {chr(97 + i)}) {_plain(o.text)}" for i, o in enumerate(q.options)]
            else:
                lines.append("   (answer with a number" + (f", in {q.unit})" if q.unit else ")"))
        return "\n".join(lines)

    def __repr__(self):
        return f"Quiz({self.key!r}, {len(self.questions)} questions)"

    def _repr_pretty_(self, printer, cycle):
        printer.text(str(self))

    def answer_key(self):
        """Every question with its right answer and explanation, as Markdown-ish text.

        Examples
        --------
        >>> q = Quiz("k", [Numeric("n", "Two plus two?", answer=4, tolerance=0, explanation="Count.")])
        >>> print(q.answer_key())
        1. Two plus two?
           Answer: 4. Count.
        """
        lines = []
        for n, q in enumerate(self.questions, 1):
            lines.append(f"{n}. {q.prompt.strip()}")
            lines.append(f"   Answer: {q.answer_text().rstrip('.')}. {q.explanation.strip()}")
        return "\n".join(lines)

    # -- HTML

    def signature(self):
        """A short hash of the quiz's content: saved progress from another version is dropped."""
        content = json.dumps([self.key, [[q.key, q.prompt, q.spec()] for q in self.questions]], sort_keys=True)
        return hashlib.sha1(content.encode("utf-8")).hexdigest()[:12]

    def _repr_html_(self):
        return self.to_html()

    def to_html(self):
        """The quiz as one self-contained HTML fragment (style, form, data and script)."""
        root = f"aq-{self.key}"
        questions = "".join(_question_html(root, n, q) for n, q in enumerate(self.questions, 1))
        spec = {
            "key": self.key,
            "sig": self.signature(),
            "questions": [dict(key=q.key, **q.spec()) for q in self.questions],
        }
        data = json.dumps(spec, separators=(",", ":")).replace("</", "<\\/")
        return (
            f'<div class="actlab-quiz mathjax_process" id="{root}" data-key="{self.key}" role="group" '
            f'aria-labelledby="{root}-title">'
            f"<style>{_asset('quiz.css')}</style>"
            f'<p class="aq-title" id="{root}-title">{render_text(self.title)}</p>'
            f'<p class="aq-intro">Choose or type an answer, then press <em>Check</em>. '
            f"Your answers stay in this browser until you start over.</p>"
            f'<p class="aq-static">Try each question first, then open its answer.</p>'
            f"{questions}"
            f'<div class="aq-footer"><p class="aq-score" aria-live="polite"></p>'
            f'<button type="button" class="aq-reset">Start over</button></div>'
            f'<script type="application/json" class="aq-data">{data}</script>'
            f"<script>{_asset('quiz.js')}</script>"
            f"</div>"
        )


def _spoken(text):
    """An aria-label with the text's spoken form, for a label that holds math."""
    return f' aria-label="{html.escape(speakable(text))}"' if _MATH.search(text) else ""


def _question_html(root, n, q):
    qid = f"{root}-{q.key}"
    prompt = render_text(q.prompt)
    if isinstance(q, _Choice):
        kind = "radio" if isinstance(q, SingleChoice) else "checkbox"
        hint = "" if kind == "radio" else ' <span class="aq-hint">(tick every right option)</span>'
        options = "".join(
            f'<div class="aq-option">'
            f'<input type="{kind}" id="{qid}-o{i}" name="{qid}" value="{i}"{_spoken(o.text)}>'
            f'<label for="{qid}-o{i}">{render_text(o.text)}</label></div>'
            for i, o in enumerate(q.options)
        )
        body = (
            f'<fieldset><legend><span class="aq-num">Question {n}.</span> {prompt}{hint}</legend>{options}</fieldset>'
        )
        notes = "".join(
            f'<div class="aq-note" data-option="{i}" hidden>{render_text(o.feedback)}</div>'
            for i, o in enumerate(q.options)
            if o.feedback
        )
    else:
        unit = f'<span class="aq-unit" id="{qid}-unit">{html.escape(q.unit)}</span>' if q.unit else ""
        described = f' aria-describedby="{qid}-unit"' if q.unit else ""
        body = (
            f'<fieldset><legend><span class="aq-num">Question {n}.</span> {prompt}</legend>'
            f'<div class="aq-number"><label for="{qid}-in">Your answer</label>'
            f'<input type="text" inputmode="decimal" autocomplete="off" spellcheck="false" id="{qid}-in" '
            f'name="{qid}"{described}>{unit}</div></fieldset>'
        )
        notes = "".join(
            f'<div class="aq-note" data-mistake="{j}" hidden>{render_text(m.feedback)}</div>'
            for j, m in enumerate(q.mistakes)
        )
    answer = f"<p><strong>Answer:</strong> {render_text(q.answer_text())}</p>{render_text(q.explanation, block=True)}"
    return (
        f'<form class="aq-question" id="{qid}" data-q="{q.key}" novalidate>'
        f"{body}"
        f'<div class="aq-actions"><button type="submit" class="aq-check">Check</button>'
        f'<button type="button" class="aq-reveal" aria-expanded="false" aria-controls="{qid}-answer" hidden>'
        f"Show answer</button></div>"
        f'<div class="aq-result" role="status" aria-live="polite" aria-atomic="true"></div>'
        f'<div class="aq-notes" hidden>{notes}</div>'
        f'<div class="aq-answer" id="{qid}-answer" hidden>{answer}</div>'
        f'<details class="aq-fallback"><summary>Answer to question {n}</summary>{answer}</details>'
        f"</form>"
    )
