"""Teaching the course live: session plans with timings, and what the build makes from the chapters.

An instructor teaches a chapter from a few things, each generated from one
source so that none can drift from the chapter:

- a **session plan**, written as data in ``instructors/plans/<chapter>.yml``:
  segments with their minutes (teaching or exercise), a live-coding script, the
  explorer settings to show, the misconceptions to listen for (each with the quiz
  question that reveals it), the exercises to set. :func:`load_plan` reads it and
  :meth:`SessionPlan.problems` checks it against the chapter, its quiz and its
  exercises;
- the **chapter** itself, read by :func:`read_chapter`: its title, sections and
  code cells, and the text of its objectives, question and key points, which the
  plan pages quote from the chapter rather than copy;
- a **live-coding notebook**, :func:`live_notebook`: the chapter with its
  teaching code cells emptied, imports and data loading kept;
- **links to an explorer setting**, checked against the explorer's baked
  controls by :func:`setting_problems` and written by :func:`fragment`;
- two ready-made **agendas** (a 90-minute lecture, a half-day workshop), read by
  :func:`load_agenda`, every minute accounted for.

The book build (``_ext/instructors.py``) turns these into the instructor pages,
the slide decks and the downloads; the answer keys come from
:mod:`actlab.selfcheck`.

Examples
--------
>>> plan = load_plan(ROOT, "01_why_nonlinearity")
>>> plan.teaching_minutes + plan.exercise_minutes == plan.length
True
>>> plan.problems(read_chapter(ROOT / "chapters" / "01_why_nonlinearity.md"))
[]
>>> fragment("grid-bending", {"activation": "identity", "depth": "5"})
'#grid-bending:activation=identity&depth=5'
"""

import ast
import json
import math
import re
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from urllib.parse import quote

__all__ = [
    "ROOT",
    "plain_notebook",
    "KINDS",
    "PlanError",
    "Segment",
    "LiveStep",
    "Setting",
    "Misconception",
    "ExerciseSlot",
    "SessionPlan",
    "Slot",
    "Block",
    "Agenda",
    "Chapter",
    "Cell",
    "Heading",
    "read_chapter",
    "load_plan",
    "plan_names",
    "load_agenda",
    "live_notebook",
    "teaching_cell",
    "defined_names",
    "fragment",
    "setting_problems",
    "describe_setting",
    "explorer_payloads",
    "heading_key",
    "to_myst",
    "markup",
    "clock",
]

#: The course's root folder (``_toc.yml``, ``chapters/``, ``instructors/``).
ROOT = Path(__file__).resolve().parents[2]

#: The two kinds of minutes a plan counts, as in a lesson's "Teaching: 35 min, Exercises: 15 min".
KINDS = ("teaching", "exercise")

PLANS = Path("instructors", "plans")


class PlanError(ValueError):
    """A plan or agenda file that cannot be read: the message says where and what was expected."""


# ----------------------------------------------------------------------------------- text


_DISPLAY = re.compile(r"\$\$(.+?)\$\$", re.DOTALL)
_INLINE = re.compile(r"(?<![\\$])\$(?!\s)([^$\n]+?)(?<!\s)\$(?!\$)")


_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def heading_key(text):
    """A heading as plain words, so that ``Read-outs at $z = 1$`` matches its rendered form.

    Examples
    --------
    >>> heading_key("Read-outs at $z = 1$") == heading_key("Read-outs at \\\\(z = 1\\\\)")
    True
    """
    text = re.sub(r"\\\(|\\\)|\\\[|\\\]|[$`*]", "", str(text))
    text = text.translate(_QUOTES)  # the build's typographic quotes, back to plain ones
    return re.sub(r"\s+", " ", text).strip()


def to_myst(text):
    r"""The quizzes' Markdown-ish text (math in ``\( \)``) as MyST (math in ``$ $``).

    Examples
    --------
    >>> to_myst("slope \\( \\sigma'(0) \\) and \\[ x^2 \\]")
    "slope $\\sigma'(0)$ and $$x^2$$"
    """
    text = re.sub(r"\\\[\s*(.+?)\s*\\\]", lambda m: f"$${m.group(1)}$$", text, flags=re.DOTALL)
    return re.sub(r"\\\(\s*(.+?)\s*\\\)", lambda m: f"${m.group(1)}$", text, flags=re.DOTALL)


def markup(text, *, block=True):
    r"""A plan's text (Markdown-ish, math in ``$ $``) as HTML for a slide's speaker notes.

    Examples
    --------
    >>> markup("Ask: **why** is $\\sigma'(0)$ a quarter?")
    "<p>Ask: <strong>why</strong> is \\( \\sigma'(0) \\) a quarter?</p>"
    """
    from actlab.quiz import render_text

    text = _DISPLAY.sub(lambda m: f"\\[ {m.group(1).strip()} \\]", str(text))
    text = _INLINE.sub(lambda m: f"\\( {m.group(1)} \\)", text)
    return render_text(text, block=block)


def clock(minutes):
    """Minutes from the start as ``h:mm``.

    Examples
    --------
    >>> clock(0), clock(55), clock(125)
    ('0:00', '0:55', '2:05')
    """
    return f"{minutes // 60}:{minutes % 60:02d}"


# ------------------------------------------------------------------------------ the chapter


@dataclass(frozen=True)
class Heading:
    """A ``##`` or ``###`` heading of a chapter: its level, its MyST text and its plain words."""

    level: int
    text: str
    parent: str | None = None  # the key of the ``##`` heading above a ``###`` one

    @property
    def key(self):
        return heading_key(self.text)


@dataclass(frozen=True)
class Cell:
    """A code cell of a chapter, with the section and subsection it sits in."""

    number: int  # position among the chapter's code cells, from 0
    source: str
    tags: tuple
    metadata: dict
    section: str | None  # key of the enclosing ``##`` heading
    subsection: str | None  # key of the enclosing ``###`` heading, if any


@dataclass
class Chapter:
    """A chapter as its source says it: title, headings, code cells and each section's prose.

    Attributes
    ----------
    path : Path
    stem : str
        ``"01_why_nonlinearity"``; ``docname`` is ``"chapters/01_why_nonlinearity"``.
    number : int or None
        From the title, ``# 1. Why nonlinearity?``.
    title : str
        The title without its number.
    headings : list of Heading
    cells : list of Cell
    """

    path: Path
    title: str
    number: int | None
    headings: list
    cells: list
    prose: dict = field(repr=False)  # section key -> the MyST text of its markdown cells

    @property
    def stem(self):
        return self.path.stem

    @property
    def docname(self):
        return f"{self.path.parent.name}/{self.path.stem}"

    @property
    def sections(self):
        """Keys of the ``##`` headings, in order."""
        return [h.key for h in self.headings if h.level == 2]

    def has_section(self, title):
        return heading_key(title) in self.sections

    def section_text(self, title):
        """The prose of a ``##`` section (its markdown cells, heading left out), as MyST."""
        key = heading_key(title)
        if key not in self.prose:
            raise KeyError(f"{self.docname} has no section {title!r}; its sections are {', '.join(self.sections)}.")
        return self.prose[key]

    def find_cell(self, anchor):
        """The one code cell whose source contains ``anchor``, or a KeyError saying why not."""
        found = [c for c in self.cells if anchor in c.source]
        if len(found) != 1:
            where = (
                "no code cell"
                if not found
                else f"{len(found)} code cells (numbers " + ", ".join(str(c.number) for c in found) + ")"
            )
            raise KeyError(
                f"{self.docname}: {where} contain {anchor!r}; a live-coding step should "
                "name a piece of code that occurs in exactly one cell."
            )
        return found[0]


_HEADING = re.compile(r"^(#{1,3})\s+(.+?)\s*#*\s*$")
_NUMBERED = re.compile(r"^(\d+)\.\s+(.*)$")


def read_chapter(path):
    """Read a chapter's MyST Markdown source: title, headings, code cells, each section's prose.

    Parameters
    ----------
    path : path-like
        E.g. ``chapters/01_why_nonlinearity.md``.

    Returns
    -------
    Chapter

    Examples
    --------
    >>> ch = read_chapter(ROOT / "chapters" / "01_why_nonlinearity.md")
    >>> ch.number, ch.title, ch.sections[:2]
    (1, 'Why nonlinearity?', ['Learning objectives', 'The question'])
    >>> ch.find_cell("def random_network").section
    'The picture'
    """
    import jupytext

    path = Path(path)
    notebook = jupytext.read(path, fmt="md:myst")
    title, number, headings, cells, prose = "", None, [], [], {}
    section = subsection = None
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            in_fence = False
            for line in cell.source.splitlines():
                if line.lstrip().startswith(("```", "~~~", ":::")):
                    in_fence = not in_fence
                match = None if in_fence else _HEADING.match(line)
                if match and len(match.group(1)) == 1 and not title:
                    numbered = _NUMBERED.match(match.group(2))
                    number, title = (int(numbered.group(1)), numbered.group(2)) if numbered else (None, match.group(2))
                    continue
                if match and len(match.group(1)) == 2:
                    heading = Heading(2, match.group(2))
                    headings.append(heading)
                    section, subsection = heading.key, None
                    prose[section] = ""
                    continue
                if match and len(match.group(1)) == 3:
                    heading = Heading(3, match.group(2), parent=section)
                    headings.append(heading)
                    subsection = heading.key
                if section is not None:
                    prose[section] += line + "\n"
            if section is not None:
                prose[section] += "\n"
        elif cell.cell_type == "code":
            cells.append(
                Cell(
                    len(cells),
                    cell.source,
                    tuple(cell.metadata.get("tags", [])),
                    dict(cell.metadata),
                    section,
                    subsection,
                )
            )
    prose = {k: re.sub(r"\n{3,}", "\n\n", v).strip() + "\n" for k, v in prose.items()}
    return Chapter(path, title, number, headings, cells, prose)


# ----------------------------------------------------------------------- live-coding notebooks


_PLUMBING_TAGS = {"hide-input", "hide-cell", "remove-input", "remove-cell", "hide-output"}
_LOADER = re.compile(r"^(load|make)_\w+$")


def _is_setup(statement):
    """An import, or data loaded with a dataset function (``X, y = load_digits()``)."""
    if isinstance(statement, (ast.Import, ast.ImportFrom)):
        return True
    if isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Call):
        func = statement.value.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        return bool(_LOADER.match(name))
    return False


def teaching_cell(cell, *, first=False):
    """Whether a code cell is typed live (emptied in the live-coding notebook).

    Kept as they are: the first code cell (the chapter's imports and data), cells
    tagged to be hidden or removed (plumbing), cells that draw a figure or an
    output table (``mystnb`` options), cells that build an explorer, cells that
    print the package's own source (``inspect.getsource``), and cells made only of
    imports and data loading. Every other code cell is teaching
    code: the instructor types it with the room.

    Parameters
    ----------
    cell : Cell or nbformat cell
    first : bool
        Whether it is the chapter's first code cell.
    """
    metadata = cell.metadata or {}
    tags = set(metadata.get("tags", []))
    source = cell.source
    if first or tags & _PLUMBING_TAGS or "mystnb" in metadata or re.search(r"\bExplorer\(", source):
        return False
    try:
        statements = ast.parse(source).body
    except SyntaxError:  # IPython syntax: typed live like any other cell
        return True
    shows_source = "inspect.getsource(" in source and all(_is_setup(s) or isinstance(s, ast.Expr) for s in statements)
    return not (shows_source or all(_is_setup(s) for s in statements))


def _defined_names(statements):
    names = []
    for s in statements:
        if isinstance(s, (ast.FunctionDef, ast.ClassDef)):
            names.append(s.name)
        elif isinstance(s, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = s.targets if isinstance(s, ast.Assign) else [s.target]
            for target in targets:
                names += [n.id for n in ast.walk(target) if isinstance(n, ast.Name)]
        elif isinstance(s, (ast.For, ast.With)):
            names += _defined_names(s.body)
    return list(dict.fromkeys(n for n in names if not n.startswith("_")))


def defined_names(source):
    r"""The names a cell's code defines (functions, classes, assigned variables), in order.

    Examples
    --------
    >>> defined_names("def f(x):\n    return x\n\ny, z = f(1), 2")
    ['f', 'y', 'z']
    """
    try:
        return _defined_names(ast.parse(source).body)
    except SyntaxError:
        return []


def _emptied(source):
    """The setup statements of a teaching cell, then a comment saying what the rest defines."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return "# Live coding: type this cell with the instructor.\n"
    lines = source.splitlines()
    kept = [s for s in tree.body if _is_setup(s)]
    typed = [s for s in tree.body if not _is_setup(s)]
    names = _defined_names(typed)
    what = f" It defines {', '.join(f'`{n}`' for n in names)}." if names else " It shows a result."
    head = ""
    for s in kept:
        if head and not isinstance(s, (ast.Import, ast.ImportFrom)) and "import " in head.splitlines()[-1]:
            head += "\n"
        head += "\n".join(lines[s.lineno - 1 : s.end_lineno]) + "\n"
    head = head.rstrip("\n")
    comment = f"# Live coding: type this cell with the instructor.{what}"
    return (head + "\n\n" if head else "") + comment.replace("`", "") + "\n"


LIVE_NOTE = (
    "*Live-coding copy of the chapter `{source}`, generated from it when the course's site was "
    "built.* Its teaching code cells are empty: type them with the instructor, in order, and run "
    "each one. Imports, data loading, figures and explorers are kept; they work once the cells "
    "before them are filled in. The chapter page has every cell complete. Running it needs the "
    "course's packages (`actlab`, `myst_nb`): open it in the course's Binder or in a copy of the "
    "course with `make lab`."
)


def live_notebook(path, *, source=None):
    """The chapter at ``path`` as a live-coding notebook: teaching cells emptied, no outputs.

    Parameters
    ----------
    path : path-like
        A chapter's MyST Markdown source.
    source : str, optional
        How the first cell names the chapter; ``chapters/<file>`` by default.

    Returns
    -------
    nbformat.NotebookNode
        A plain ``.ipynb`` notebook (no jupytext metadata, the ``python3`` kernel).

    Examples
    --------
    >>> nb = live_notebook(ROOT / "chapters" / "01_why_nonlinearity.md")
    >>> code = [c.source for c in nb.cells if c.cell_type == "code"]
    >>> code[0].startswith("import numpy as np")
    True
    >>> next(s for s in code if "random_network" in s)
    '# Live coding: type this cell with the instructor. It defines random_network, push.\\n'
    """
    path = Path(path)
    name = source or f"{path.parent.name}/{path.name}"
    notebook = plain_notebook(path, LIVE_NOTE.format(source=name))
    code = [c for c in notebook.cells if c.cell_type == "code"]
    for number, cell in enumerate(code):
        if teaching_cell(cell, first=number == 0):
            cell.source = _emptied(cell.source)
            cell.metadata["tags"] = [t for t in cell.metadata.get("tags", []) if t != "nbval-check-output"]
            if not cell.metadata["tags"]:
                del cell.metadata["tags"]
    return notebook


def plain_notebook(path, note):
    """The MyST Markdown page at ``path`` as a plain ``.ipynb`` that any Jupyter opens.

    No outputs and no jupytext metadata, the ``python3`` kernel, cell ids
    ``cell-0``, ``cell-1``, ..., and ``note`` (Markdown) as the first cell. The
    site's download button offers this form of every page, and
    :func:`live_notebook` starts from it.

    Examples
    --------
    >>> nb = plain_notebook(ROOT / "chapters" / "01_why_nonlinearity.md", "*A note.*")
    >>> nb.cells[0].source, nb.metadata["kernelspec"]["name"]
    ('*A note.*', 'python3')
    >>> any(c.get("outputs") for c in nb.cells)
    False
    """
    import jupytext
    import nbformat

    notebook = jupytext.read(Path(path), fmt="md:myst")
    notebook.metadata.pop("jupytext", None)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    notebook.metadata["language_info"] = {"name": "python"}
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
            cell.metadata.pop("expect", None)  # the tests' pinned output, meaningless outside them
    notebook.cells.insert(0, nbformat.v4.new_markdown_cell(note))
    notebook.nbformat, notebook.nbformat_minor = 4, 5
    for number, cell in enumerate(notebook.cells):
        cell["id"] = f"cell-{number}"
    nbformat.validate(notebook)
    return notebook


# -------------------------------------------------------------------- links to explorer settings


def _token(value):
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def fragment(key, values, controls=None):
    """The end of a link that opens explorer ``key`` at a setting: ``#key:name=token&...``.

    Written as :meth:`actlab.explorers.Explorer.fragment` writes it; ``controls``
    (the baked payload's list) puts the names in the explorer's order.

    Examples
    --------
    >>> fragment("softmax-pressure", {"method": "log", "scale": 1000})
    '#softmax-pressure:method=log&scale=1000'
    """
    names = list(values)
    if controls:
        order = [c["name"] for c in controls]
        names.sort(key=lambda n: order.index(n) if n in order else len(order))
    parts = [f"{n}={quote(_token(values[n]), safe='')}" for n in names]
    return f"#{key}:" + "&".join(parts) if parts else f"#{key}"


def _token_index(control, token):
    """Where ``token`` sits among a control's link tokens, as the page's script finds it; -1 if nowhere."""
    token = _token(token)
    if token in control["tokens"]:
        return control["tokens"].index(token)
    if control["kind"] == "slider":
        try:
            value = float(token)
        except ValueError:
            return -1
        for i, candidate in enumerate(control["tokens"]):
            if math.isfinite(value) and abs(float(candidate) - value) <= 1e-9 * max(1.0, abs(value)):
                return i
    return -1


def setting_problems(payload, values):
    """What is wrong with a setting of a baked explorer, as sentences (empty when it is valid).

    Parameters
    ----------
    payload : dict
        The explorer's baked payload (``key`` and ``controls``, each with ``name``,
        ``kind``, ``label`` and ``tokens``), as :func:`explorer_payloads` finds it on a page.
    values : dict
        Control name -> value, as a link writes it.

    Examples
    --------
    >>> payload = {"key": "e", "controls": [
    ...     {"name": "depth", "kind": "slider", "label": "Layers", "labels": ["1", "2"], "tokens": ["1", "2"]}]}
    >>> setting_problems(payload, {"depth": 2})
    []
    >>> setting_problems(payload, {"depth": 3, "width": 4})
    ["Explorer 'e': control 'depth' (Layers) cannot take '3'; expected one of 1, 2.", \
"Explorer 'e' has no control 'width'; its controls are depth."]
    """
    controls = {c["name"]: c for c in payload["controls"]}
    problems = []
    for name, value in values.items():
        control = controls.get(name)
        if control is None:
            problems.append(
                f"Explorer {payload['key']!r} has no control {name!r}; its controls are {', '.join(controls)}."
            )
        elif _token_index(control, value) < 0:
            problems.append(
                f"Explorer {payload['key']!r}: control {name!r} ({control['label']}) cannot take "
                f"{_token(value)!r}; expected one of {', '.join(control['tokens'])}."
            )
    return problems


def describe_setting(payload, values):
    """A setting in the explorer's own words: ``Hidden layers: 5; Activation between layers: no activation``.

    Controls are named by their visible labels and values by the labels the
    page shows, in the explorer's order; controls left out keep their defaults.
    """
    parts = []
    for control in payload["controls"]:
        if control["name"] in values:
            index = _token_index(control, values[control["name"]])
            shown = control["labels"][index] if index >= 0 else _token(values[control["name"]])
            parts.append(f"{control['label']}: {shown}")
    return "; ".join(parts)


_PAYLOAD = re.compile(r'<script[^>]*\bclass="actlab-explorer-data"[^>]*>(.*?)</script>', re.DOTALL)


def explorer_payloads(html):
    """Every baked explorer on a page, as ``{key: payload}``, read from the page's HTML."""
    found = {}
    for text in _PAYLOAD.findall(html):
        payload = json.loads(text)
        found[payload["key"]] = payload
    return found


# ------------------------------------------------------------------------------- session plans


@dataclass(frozen=True)
class Segment:
    """A stretch of a session: its title, minutes and kind, and the chapter section it works from."""

    title: str
    minutes: int
    kind: str = "teaching"
    section: str | None = None  # a ``##`` heading of the chapter
    exercises: tuple = ()  # names of the exercises done in this segment
    notes: str = ""


@dataclass(frozen=True)
class LiveStep:
    """One step of the live-coding script: the cell to type (named by a piece of its code) and what to ask."""

    cell: str
    ask: str
    expect: str = ""  # what the room should see when it runs


@dataclass(frozen=True)
class Setting:
    """An explorer setting to show, with the question to ask the room about it."""

    explorer: str
    values: dict
    ask: str
    chapter: str | None = None  # for an agenda: the chapter whose page shows the explorer

    def fragment(self, controls=None):
        return fragment(self.explorer, self.values, controls)


@dataclass(frozen=True)
class Misconception:
    """An idea learners bring, and the quiz question (and wrong answer) that reveals it."""

    claim: str
    question: str  # the key of a question of the chapter's quiz
    option: int | None = None  # the wrong option that reveals it (choice questions), from 0
    mistake: float | None = None  # the wrong number that reveals it (numeric questions)
    correction: str = ""


@dataclass(frozen=True)
class ExerciseSlot:
    """An exercise to set, by its name in :mod:`actlab.selfcheck`, and the minutes it takes."""

    name: str
    minutes: int
    homework: bool = False


@dataclass
class SessionPlan:
    """The plan of one live session on one chapter, every minute accounted for."""

    chapter: str  # the chapter's file name without suffix, "01_why_nonlinearity"
    length: int
    segments: list
    prepare: list = field(default_factory=list)
    live: list = field(default_factory=list)
    settings: list = field(default_factory=list)
    misconceptions: list = field(default_factory=list)
    exercises: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    source: str = ""

    @property
    def teaching_minutes(self):
        return sum(s.minutes for s in self.segments if s.kind == "teaching")

    @property
    def exercise_minutes(self):
        return sum(s.minutes for s in self.segments if s.kind == "exercise")

    def schedule(self):
        """``(start, end, segment)`` for each segment, in minutes from the start."""
        out, start = [], 0
        for segment in self.segments:
            out.append((start, start + segment.minutes, segment))
            start += segment.minutes
        return out

    def problems(self, chapter=None, quiz=None, exercises=None):
        """Every way the plan disagrees with itself or with its chapter, as sentences (empty: none).

        Parameters
        ----------
        chapter : Chapter, optional
            Checks the sections and the live-coding cells the plan names.
        quiz : actlab.quiz.Quiz, optional
            Checks the questions and wrong answers its misconceptions name.
        exercises : list of actlab.checks.Exercise, optional
            Checks the exercises it sets.
        """
        where = self.source or self.chapter
        problems = []
        total = sum(s.minutes for s in self.segments)
        if total != self.length:
            problems.append(f"{where}: the segments add up to {total} minutes, not the stated {self.length}.")
        for s in self.segments:
            if s.kind not in KINDS:
                problems.append(f"{where}: segment {s.title!r} is of kind {s.kind!r}; expected one of {KINDS}.")
        slots = {e.name: e for e in self.exercises}
        for s in self.segments:
            unknown = [n for n in s.exercises if n not in slots]
            if unknown:
                problems.append(
                    f"{where}: segment {s.title!r} names {unknown}, which the plan's exercises do not list."
                )
            elif s.exercises and sum(slots[n].minutes for n in s.exercises) != s.minutes:
                problems.append(
                    f"{where}: segment {s.title!r} lasts {s.minutes} minutes, but its exercises "
                    f"take {sum(slots[n].minutes for n in s.exercises)}."
                )
        in_session = [e.name for e in self.exercises if not e.homework]
        done = [n for s in self.segments for n in s.exercises]
        missing = [n for n in in_session if n not in done]
        if missing:
            problems.append(
                f"{where}: no exercise segment gives time to {missing}; set them as homework "
                "(homework: true) or add them to a segment."
            )
        if chapter is not None:
            problems += self._chapter_problems(chapter, where)
        if quiz is not None:
            problems += self._quiz_problems(quiz, where)
        if exercises is not None:
            known = [e.name for e in exercises]
            problems += [
                f"{where}: there is no exercise {e.name!r}; the chapter's exercises are {known}."
                for e in self.exercises
                if e.name not in known
            ]
        return problems

    def _chapter_problems(self, chapter, where):
        problems = [
            f"{where}: segment {s.title!r} works from the section {s.section!r}, which "
            f"{chapter.docname} does not have; its sections are {', '.join(chapter.sections)}."
            for s in self.segments
            if s.section and not chapter.has_section(s.section)
        ]
        first = chapter.cells[0].number if chapter.cells else 0
        previous = -1
        for step in self.live:
            try:
                cell = chapter.find_cell(step.cell)
            except KeyError as err:
                problems.append(f"{where}: {err.args[0]}")
                continue
            if not teaching_cell(cell, first=cell.number == first):
                problems.append(
                    f"{where}: the live-coding step {step.cell!r} names a cell that the live "
                    "notebook keeps (imports, data, a figure or an explorer); name a teaching cell."
                )
            if cell.number <= previous:
                problems.append(
                    f"{where}: the live-coding step {step.cell!r} comes before an earlier "
                    "step in the chapter; keep the steps in the chapter's order."
                )
            previous = cell.number
        return problems

    def _quiz_problems(self, quiz, where):
        problems = []
        for m in self.misconceptions:
            try:
                question = quiz[m.question]
            except KeyError as err:
                problems.append(f"{where}: {err.args[0]}")
                continue
            if hasattr(question, "options"):
                if m.option is None or not 0 <= m.option < len(question.options):
                    problems.append(
                        f"{where}: the misconception {m.claim!r} should name the wrong option of "
                        f"question {m.question!r} that reveals it (option: 0 to "
                        f"{len(question.options) - 1})."
                    )
                elif question.options[m.option].correct:
                    problems.append(
                        f"{where}: option {m.option} of question {m.question!r} is a right "
                        "answer; a misconception is revealed by a wrong one."
                    )
            elif m.mistake is None or not any(
                math.isclose(k.value, m.mistake, rel_tol=1e-9, abs_tol=1e-12) for k in question.mistakes
            ):
                values = [k.value for k in question.mistakes]
                problems.append(
                    f"{where}: the misconception {m.claim!r} should name one of the typical "
                    f"wrong numbers of question {m.question!r} (mistake: one of {values})."
                )
        return problems


# ------------------------------------------------------------------------------------ agendas


@dataclass(frozen=True)
class Slot:
    """A stretch of a lecture or workshop: minutes, kind, and where in the course it teaches from."""

    title: str
    minutes: int
    kind: str = "teaching"
    chapter: str | None = None
    section: str | None = None
    setting: Setting | None = None
    notes: str = ""


@dataclass(frozen=True)
class Block:
    """A session of an agenda (slots that fill its minutes), or a break between sessions."""

    title: str
    minutes: int
    slots: tuple = ()

    @property
    def is_break(self):
        return not self.slots


@dataclass
class Agenda:
    """A ready-made plan across chapters: sessions and breaks, every minute accounted for."""

    name: str
    title: str
    length: int
    blocks: list
    prepare: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    source: str = ""

    @property
    def sessions(self):
        return [b for b in self.blocks if not b.is_break]

    @property
    def breaks(self):
        return [b for b in self.blocks if b.is_break]

    def minutes(self, kind):
        """Minutes of one kind of slot (``"teaching"`` or ``"exercise"``), over every session."""
        return sum(s.minutes for b in self.sessions for s in b.slots if s.kind == kind)

    def schedule(self):
        """``(start, end, block, slot)`` for every slot and break (``slot`` None), in minutes."""
        out, start = [], 0
        for block in self.blocks:
            if block.is_break:
                out.append((start, start + block.minutes, block, None))
            for slot in block.slots:
                out.append((start, start + slot.minutes, block, slot))
                start += slot.minutes
            if block.is_break:
                start += block.minutes
        return out

    def problems(self, chapters=None):
        """Every way the agenda's minutes or references do not add up, as sentences (empty: none).

        Parameters
        ----------
        chapters : dict, optional
            Chapter stem -> :class:`Chapter`, to check the sections the slots name.
        """
        where = self.source or self.name
        problems = []
        for block in self.sessions:
            total = sum(s.minutes for s in block.slots)
            if total != block.minutes:
                problems.append(
                    f"{where}: the slots of {block.title!r} add up to {total} minutes, not its {block.minutes}."
                )
            for s in block.slots:
                if s.kind not in KINDS:
                    problems.append(f"{where}: slot {s.title!r} is of kind {s.kind!r}; expected one of {KINDS}.")
        total = sum(b.minutes for b in self.blocks)
        if total != self.length:
            problems.append(
                f"{where}: the sessions and breaks add up to {total} minutes, not the stated {self.length}."
            )
        if chapters is not None:
            for block in self.sessions:
                for s in block.slots:
                    if s.chapter and s.chapter not in chapters:
                        problems.append(
                            f"{where}: slot {s.title!r} names the chapter {s.chapter!r}, which "
                            f"does not exist; the chapters are {', '.join(chapters)}."
                        )
                    elif s.section and not chapters[s.chapter].has_section(s.section):
                        problems.append(
                            f"{where}: slot {s.title!r} works from the section {s.section!r}, "
                            f"which {s.chapter} does not have."
                        )
        return problems


# ------------------------------------------------------------------------------------ loading


def _read_yaml(path):
    import yaml

    if not path.is_file():
        raise PlanError(f"There is no plan file {path}.")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        raise PlanError(f"{path} is not valid YAML: {err}") from None
    if not isinstance(data, dict):
        raise PlanError(f"{path} should hold a mapping (keys such as `length:` and `segments:`).")
    return data


_PLAN_KEYS = {"length", "segments", "prepare", "live", "settings", "misconceptions", "exercises", "notes"}
_AGENDA_KEYS = {"title", "length", "blocks", "prepare", "notes"}


def _read_plan(root, name, known):
    """``(data, where)`` of ``instructors/plans/<name>.yml``, refusing keys outside ``known``."""
    path = Path(root, PLANS, f"{name}.yml")
    where = str(Path(PLANS, path.name))
    data = _read_yaml(path)
    unknown = sorted(set(data) - known)
    if unknown:
        raise PlanError(f"{where} has unknown key(s) {', '.join(unknown)}; the keys are {', '.join(sorted(known))}.")
    return data, where


def _take(data, where, cls, required, optional=(), convert=None):
    """Build ``cls`` from a mapping, with a clear sentence for a missing, unknown or mistyped key."""
    if not isinstance(data, dict):
        raise PlanError(f"{where} should be a mapping with the keys {', '.join(required)}; got {data!r}.")
    missing = [k for k in required if k not in data]
    unknown = [k for k in data if k not in required and k not in optional]
    if missing or unknown:
        said = []
        if missing:
            said.append(f"it lacks {', '.join(missing)}")
        if unknown:
            said.append(f"it has unknown key(s) {', '.join(unknown)}")
        raise PlanError(f"{where}: {' and '.join(said)}; the keys are {', '.join([*required, *optional])}.")
    values = dict(data)
    for name, kind in (convert or {}).items():
        if name in values:
            values[name] = kind(values[name], f"{where}, `{name}`")
    return cls(**values)


def _minutes(value, where):
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise PlanError(f"{where} is {value!r}; expected a whole number of minutes.")
    return value


def _text(value, where):
    if not isinstance(value, str):
        raise PlanError(f"{where} is {value!r}; expected text.")
    return value.strip()


def _texts(value, where):
    if not isinstance(value, list):
        raise PlanError(f"{where} should be a list of texts.")
    return [_text(v, f"{where}, item {i + 1}") for i, v in enumerate(value)]


def _names(value, where):
    return tuple(_texts(value, where))


def _values(value, where):
    if not isinstance(value, dict):
        raise PlanError(f"{where} should map control names to values, e.g. {{depth: 3}}.")
    return {str(k): _token(v) for k, v in value.items()}


def _setting(value, where):
    return _take(value, where, Setting, ["explorer", "values", "ask"], ["chapter"], {"values": _values, "ask": _text})


def _list(data, key, where, build):
    items = data.get(key, [])
    if not isinstance(items, list):
        raise PlanError(f"{where}: `{key}` should be a list.")
    return [build(item, f"{where}, {key} {i + 1}") for i, item in enumerate(items)]


def plan_names(root=ROOT):
    """The chapters that have a session plan, in order: ``['01_why_nonlinearity', ...]``."""
    return sorted(p.stem for p in Path(root, PLANS).glob("[0-9][0-9]_*.yml"))


def load_plan(root, chapter):
    """Read the session plan of a chapter from ``instructors/plans/<chapter>.yml``.

    Parameters
    ----------
    root : path-like
        The course's root folder.
    chapter : str
        The chapter's file name without suffix, e.g. ``"01_why_nonlinearity"``.

    Raises
    ------
    PlanError
        For a missing file or a key that is missing, unknown or of the wrong type.
    """
    data, where = _read_plan(root, chapter, _PLAN_KEYS)
    # each reads one entry of a list: (data, where) -> the entry
    segment = partial(
        _take,
        cls=Segment,
        required=["title", "minutes"],
        optional=["kind", "section", "exercises", "notes"],
        convert={"minutes": _minutes, "notes": _text, "exercises": _names},
    )
    live = partial(_take, cls=LiveStep, required=["cell", "ask"], optional=["expect"], convert={"ask": _text})
    misconception = partial(
        _take,
        cls=Misconception,
        required=["claim", "question"],
        optional=["option", "mistake", "correction"],
        convert={"correction": _text},
    )
    slot = partial(
        _take, cls=ExerciseSlot, required=["name", "minutes"], optional=["homework"], convert={"minutes": _minutes}
    )
    return SessionPlan(
        chapter=chapter,
        length=_minutes(data.get("length"), f"{where}, `length`"),
        segments=_list(data, "segments", where, segment),
        prepare=_texts(data.get("prepare", []), f"{where}, `prepare`"),
        live=_list(data, "live", where, live),
        settings=_list(data, "settings", where, _setting),
        misconceptions=_list(data, "misconceptions", where, misconception),
        exercises=_list(data, "exercises", where, slot),
        notes=_texts(data.get("notes", []), f"{where}, `notes`"),
        source=where,
    )


def load_agenda(root, name):
    """Read a ready-made agenda (``"lecture"`` or ``"workshop"``) from ``instructors/plans/<name>.yml``."""
    data, where = _read_plan(root, name, _AGENDA_KEYS)
    slot = partial(
        _take,
        cls=Slot,
        required=["title", "minutes"],
        optional=["kind", "chapter", "section", "setting", "notes"],
        convert={"minutes": _minutes, "notes": _text, "setting": _setting},
    )

    def block(d, w):
        return _take(
            d,
            w,
            Block,
            ["title", "minutes"],
            ["slots"],
            {
                "minutes": _minutes,
                "slots": lambda v, ww: tuple(slot(item, f"{ww} {i + 1}") for i, item in enumerate(v or [])),
            },
        )

    return Agenda(
        name=name,
        title=_text(data.get("title", name), f"{where}, `title`"),
        length=_minutes(data.get("length"), f"{where}, `length`"),
        blocks=_list(data, "blocks", where, block),
        prepare=_texts(data.get("prepare", []), f"{where}, `prepare`"),
        notes=_texts(data.get("notes", []), f"{where}, `notes`"),
        source=where,
    )
