"""Where the course teaches each thing: links from the reference pages into the chapters.

A :class:`Section` names a page and one of its headings. Its :meth:`~Section.link`
writes a MyST link to that heading, relative to the page that shows it, so the
strict book build (``-n -W``) fails if the heading is renamed or removed: the
link is checked, not just typed. The anchor is the heading's slug as MyST
computes it (``myst_heading_anchors``): lower case, spaces turned into ``-``,
punctuation dropped, so ``"Swish (SiLU)"`` becomes ``swish-silu``.

>>> SECTIONS["sigmoid"].link("the sigmoid", page="reference/cheatsheet")
'[the sigmoid](../chapters/03_activation_zoo.md#sigmoid)'
>>> Section("chapters/03_activation_zoo", "Step: where it started").slug
'step-where-it-started'
"""

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Section", "SECTIONS", "CHAPTERS", "slugify", "headings"]

#: The chapters' pages, by the name of their self-check module.
CHAPTERS = {
    "ch01": "chapters/01_why_nonlinearity",
    "ch02": "chapters/02_gradient_descent",
    "ch03": "chapters/03_activation_zoo",
    "ch04": "chapters/04_saturation",
    "ch05": "chapters/05_dying_relu",
    "ch06": "chapters/06_softmax",
    "ch07": "chapters/07_choosing",
}


# how a sentence names the pages that are not chapters
_TITLES = {
    "reference/cheatsheet": "the cheat sheet",
    "reference/formulas": "the formula card",
    "reference/interview": "interview questions and traps",
    "reference/checklist": "the checklist",
    "reference/glossary": "the glossary",
}


def slugify(title):
    """The anchor MyST gives a heading (the GitHub convention)."""
    return re.sub(r"[^\w\- ]", "", title.strip().lower().replace(" ", "-"))


@dataclass(frozen=True)
class Section:
    """A heading of a page of the book.

    Parameters
    ----------
    page : str
        The page's docname, without suffix: ``"chapters/04_saturation"``.
    heading : str, optional
        The heading's text exactly as the page writes it; empty for the page itself.
    """

    page: str
    heading: str = ""

    @property
    def slug(self):
        return slugify(self.heading) if self.heading else ""

    @property
    def chapter(self):
        """The chapter's number, e.g. 4, or None for a page that is not a chapter."""
        match = re.match(r"chapters/(\d\d)_", self.page)
        return int(match.group(1)) if match else None

    def target(self, page):
        """The link target as seen from ``page``: ``../chapters/04_saturation.md#fixes``."""
        path = posixpath.relpath(self.page, posixpath.dirname(page) or ".") + ".md"
        return f"{path}#{self.slug}" if self.slug else path

    def link(self, text, *, page):
        """A MyST link with the given text to this section, from ``page``."""
        return f"[{text}]({self.target(page)})"

    def describe(self):
        """``'chapter 4, “Fixes”'``: how a page names the section in a sentence."""
        where = f"chapter {self.chapter}" if self.chapter else _TITLES.get(self.page, self.page)
        return f"{where}, “{self.heading}”" if self.heading else where


def _ch(key, heading=""):
    return Section(CHAPTERS[key], heading)


#: The section that teaches each activation (and softmax), for the cheat sheet's links.
SECTIONS = {
    "identity": _ch("ch01", "Many layers, one matrix"),
    "step": _ch("ch03", "Step: where it started"),
    "sigmoid": _ch("ch03", "Sigmoid"),
    "tanh": _ch("ch03", "tanh"),
    "relu": _ch("ch03", "ReLU"),
    "leaky_relu": _ch("ch03", "Leaky ReLU"),
    "elu": _ch("ch03", "ELU"),
    "selu": _ch("ch03", "SELU"),
    "softplus": _ch("ch03", "Softplus"),
    "swish": _ch("ch03", "Swish (SiLU)"),
    "silu": _ch("ch03", "Swish (SiLU)"),
    "gelu": _ch("ch03", "GELU"),
    "gelu_tanh": _ch("ch03", "GELU"),
    "mish": _ch("ch03", "Mish"),
    "softmax": _ch("ch06", "The math"),
    # ideas, for the rules of thumb, the traps and the checklist
    "collapse": _ch("ch01", "Many layers, one matrix"),
    "xor": _ch("ch01", "XOR: no line works, four ReLUs do"),
    "activation": _ch("ch01", "The math"),
    "chain-rule": _ch("ch02", "The chain rule through one unit"),
    "zigzag": _ch("ch02", "Why all-positive inputs zig-zag"),
    "regimes": _ch("ch02", "Large, small and zero"),
    "zoo-read": _ch("ch03", "How to read an activation"),
    "zoo-sheet": _ch("ch03", "The cheat sheet"),
    "zoo-used": _ch("ch03", "Where each is used, with dates"),
    "costs": _ch("ch03", "What each one costs"),
    "saturation": _ch("ch04", "Saturation: where the curves go flat"),
    "product": _ch("ch04", "The product of derivatives"),
    "depth": _ch("ch04", "Per-layer gradients through depth"),
    "init": _ch("ch04", "Initialisation scaled to the activation"),
    "relu-fix": _ch("ch04", "ReLU-family activations"),
    "normalisation": _ch("ch04", "Normalisation"),
    "residual": _ch("ch04", "Residual connections"),
    "history": _ch("ch04", "A short history"),
    "dead": _ch("ch05", "The math"),
    "dying-lr": _ch("ch05", "During training: the learning rate"),
    "remedies": _ch("ch05", "A slope on the negative side"),
    "six": _ch("ch05", "The same high learning rate, six activations"),
    "sparsity": _ch("ch05", "Zero is not always bad: sparsity"),
    "gan": _ch("ch05", "In the wild: GAN discriminators"),
    "overflow": _ch("ch06", "When the formula breaks"),
    "stable": _ch("ch06", "The cure: shift, then work in logs"),
    "attention": _ch("ch06", "Softmax inside networks"),
    "output": _ch("ch06", "Sigmoid or softmax at the output"),
    "by-task": _ch("ch07", "The output layer by task"),
    "by-architecture": _ch("ch07", "Hidden layers by architecture"),
    "transformers": _ch("ch07", "Transformers: GELU in the feed-forward block"),
    "gated": _ch("ch07", "Gated units: SwiGLU and GeGLU"),
    "recurrent": _ch("ch07", "Recurrent networks: tanh for the state, sigmoid for the gates"),
    "compared": _ch("ch07", "A comparison trained on real data"),
    "retune": _ch("ch07", "Re-tune when you switch"),
    "choose": _ch("ch07", "How to choose, in one page"),
    "card-losses": Section("reference/formulas", "Losses from the logits, and their gradients"),
}


def headings(path, *, depth=3):
    """The Markdown headings of a page, down to ``depth``, outside code cells and fences.

    Returns
    -------
    list of (level, text)
    """
    found, fence = [], None
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        marker = re.match(r"^(`{3,}|~{3,}|:{3,})(.*)$", stripped)
        if marker:
            run, rest = marker.groups()
            if fence is None:
                fence = run
            elif run[0] == fence[0] and len(run) >= len(fence) and not rest.strip():
                fence = None
            continue
        heading = re.match(r"^(#{1,6})\s+(.+?)\s*$", line)
        if fence is None and heading and len(heading.group(1)) <= depth:
            found.append((len(heading.group(1)), heading.group(2)))
    return found
