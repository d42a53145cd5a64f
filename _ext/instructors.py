"""Sphinx extension: the Instructors part of the course, generated at build time so it cannot drift.

What it makes, and from what:

- **Instructor pages.** A page under ``instructors/`` holds a title, its own
  prose, and a marker block that this extension replaces, before the page is
  parsed, with MyST generated from the single sources:

  ``{session-plan} <chapter>``
      the chapter's session plan (``instructors/plans/<chapter>.yml``, read and
      checked by :mod:`actlab.teaching`), with the chapter's own question,
      objectives and key points quoted from its source, the code of each
      live-coding step taken from its cells, each misconception's quiz question
      taken from :mod:`actlab.selfcheck`;
  ``{agenda} lecture`` / ``{agenda} workshop``
      a ready-made plan across chapters, every minute on the clock;
  ``{answer-keys}``
      every quiz's answers and every exercise's reference solution, from
      ``actlab.selfcheck.catalogue()``, the source the checkers and tests use;
  ``{teaching-materials}``
      a table of each chapter's plan, slides, live-coding notebook and exercises.

  A plan that disagrees with its chapter (a section it names was renamed, a cell
  it types is gone, a quiz question it cites was removed) is a build warning, so
  the strict build fails until the plan is brought up to date.

- **Links into the chapters.** The roles ``{chapter-section}`stem::Heading```,
  ``{deck-section}`stem::Heading``` and ``{explorer-setting}`stem::key::name=value&...```
  are resolved once every page is read: the section's id is looked up in the
  chapter's document, and an explorer setting is checked against the controls the
  chapter's baked explorer really has (a wrong name or value is a build warning)
  and written in the explorer's own words.

- **Slide decks and live-coding notebooks.** When a chapter page is written, its
  rendered body becomes ``slides/<chapter>.html`` (``_ext/slides.py``), with the
  plan's speaker notes, and its source becomes ``live/<chapter>.ipynb``
  (:func:`actlab.teaching.live_notebook`), the teaching cells emptied. A chapter's
  plan and the deck builder are noted as dependencies of the chapter, so changing
  either rebuilds its deck.
"""

from __future__ import annotations

import html
import posixpath
import re
import shutil
from pathlib import Path
from urllib.parse import quote, unquote

import slides as deck_builder
from docutils import nodes
from sphinx.util import logging

from actlab import selfcheck, teaching

logger = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
ASSETS = {"deck.css": HERE / "slides.css", "deck.js": HERE / "slides.js"}
SLIDES, LIVE = "slides", "live"
CHAPTER = re.compile(r"^chapters/(\d\d)_[\w-]+$")
MARKER = re.compile(
    r"^```\{(session-plan|agenda|answer-keys|teaching-materials)\}[ \t]*([\w-]*)[ \t]*\n```[ \t]*$", re.MULTILINE
)


# ----------------------------------------------------------------------------------- helpers


def _rel(docname, target):
    """``target`` (a path from the site's root) as seen from the page ``docname``."""
    return posixpath.relpath(target, posixpath.dirname(docname) or ".")


def _chapters(app):
    """Chapter stem -> Chapter, for every chapter source."""
    found = {}
    for path in sorted(Path(app.srcdir, "chapters").glob("[0-9][0-9]_*.md")):
        found[path.stem] = teaching.read_chapter(path)
    return found


def _module(chapter):
    return f"ch{chapter.number:02d}" if chapter.number is not None else None


def _exercise_page(app, chapter):
    if chapter.number is None:
        return None
    pages = sorted(Path(app.srcdir, "exercises").glob(f"{chapter.number:02d}_*.md"))
    return f"exercises/{pages[0].stem}" if pages else None


def _glue_from(chapter, text):
    """The chapter's prose made to work on another page: its glue roles point back at the chapter."""

    def absolute(match):
        role, content = match.group(1), match.group(2)
        if "::" in content:
            return match.group(0)
        if role == "glue:text" and ":" not in content:
            content += ":s"
        return f"{{{role}}}`/{chapter.docname}.md::{content}`"

    text = re.sub(r"\{(glue(?::\w+)?)\}`([^`]+)`", absolute, text)
    return re.sub(r"^\(([\w-]+)\)=\s*$", "", text, flags=re.MULTILINE)  # labels stay on the chapter


def _quote(text):
    return "\n".join("> " + line if line.strip() else ">" for line in text.strip().splitlines())


def _indent(text, spaces):
    pad = " " * spaces
    return "\n".join(pad + line if line.strip() else "" for line in text.splitlines())


def _cell(text):
    """Text for a cell of a Markdown table: one line, no pipes."""
    return re.sub(r"\s+", " ", str(text)).replace("|", "\\|").strip()


def _warn(app, docname, message):
    logger.warning(message, location=docname, type="instructors", subtype="plan")


def _note(app, *paths):
    for path in paths:
        if path is not None and Path(path).exists():
            app.env.note_dependency(str(path))


def _flat(text):
    """Text on one line (for a list item)."""
    return re.sub(r"\s+", " ", text).strip()


def _what(source):
    """What a cell does, in a few words: the names it defines."""
    names = teaching.defined_names(source)
    return "defines " + ", ".join(f"`{n}`" for n in names) if names else "shows a result"


def _role(name, *parts, values=None):
    content = "::".join(parts)
    if values:
        content += "::" + "&".join(f"{k}={quote(v, safe='')}" for k, v in values.items())
    return f"{{{name}}}`{content}`"


# ------------------------------------------------------------------------------ session plans


def session_plan(app, docname, stem):
    root = Path(app.srcdir)
    plan = teaching.load_plan(root, stem)
    chapter_path = root / "chapters" / f"{stem}.md"
    if not chapter_path.is_file():
        raise teaching.PlanError(f"{plan.source} is the plan of chapters/{stem}.md, which does not exist.")
    chapter = teaching.read_chapter(chapter_path)
    module = _module(chapter)
    quiz = selfcheck.quiz(module) if module in selfcheck.chapters() else None
    exercises = selfcheck.exercises(module) if module in selfcheck.chapters() else []
    _note(
        app,
        root / plan.source,
        chapter_path,
        Path(teaching.__file__),
        Path(selfcheck.__file__).with_name(f"{module}.py") if module else None,
    )
    for problem in plan.problems(chapter, quiz, exercises):
        _warn(app, docname, problem)

    chapter_doc = _rel(docname, f"{chapter.docname}.md")
    exercise_doc = _exercise_page(app, chapter)
    slides = _rel(docname, f"{SLIDES}/{stem}.html")
    live = _rel(docname, f"{LIVE}/{stem}.ipynb")
    number = f"{chapter.number}. " if chapter.number is not None else ""
    out = [f"# Session plan: {number}{chapter.title}"]
    out.append(
        f"**{plan.length} minutes**: {plan.teaching_minutes} teaching, {plan.exercise_minutes} exercises. "
        f"Teach from [the chapter]({chapter_doc}), the "
        f'<a href="{slides}">slide deck</a> and the '
        f'<a href="{live}" download="{stem}_live.ipynb">live-coding notebook</a> (.ipynb)'
        + (
            f"; set the exercises of [the exercise notebook]({_rel(docname, exercise_doc + '.md')})."
            if exercise_doc
            else "."
        )
    )
    out.append("## Question and objectives")
    if chapter.has_section(deck_builder.QUESTION):
        out.append(
            "The chapter opens with this question, which the room should try to answer before anything is shown:"
        )
        out.append(_quote(_glue_from(chapter, chapter.section_text(deck_builder.QUESTION))))
    if chapter.has_section(deck_builder.OBJECTIVES):
        out.append("Its objectives, as the chapter states them:")
        out.append(_quote(_glue_from(chapter, chapter.section_text(deck_builder.OBJECTIVES))))
    if plan.prepare:
        out.append("## Before the session")
        out.append("\n".join(f"- {item}" for item in plan.prepare))

    out.append("## Timing")
    rows = ["| Clock | Minutes | Kind | Segment | Works from |", "|---|---|---|---|---|"]
    for start, end, segment in plan.schedule():
        where = _role("chapter-section", stem, segment.section) if segment.section else ""
        if segment.exercises:
            where = ", ".join(next((e.title for e in exercises if e.name == n), n) for n in segment.exercises)
        rows.append(
            f"| {teaching.clock(start)}–{teaching.clock(end)} | {segment.minutes} | {segment.kind} | "
            f"{_cell(segment.title)} | {_cell(where)} |"
        )
    rows.append(
        f"| | **{plan.length}** | | **{plan.teaching_minutes} teaching + {plan.exercise_minutes} exercises** | |"
    )
    out.append("\n".join(rows))
    notes = [
        f"{teaching.clock(start)} **{segment.title}.** {segment.notes}"
        for start, _, segment in plan.schedule()
        if segment.notes
    ]
    if notes:
        out.append("What to do in each segment:")
        out.append("\n".join(f"- {n}" for n in notes))

    if plan.live:
        out.append("## Live-coding script")
        out.append(
            "Type these cells into the live-coding notebook, in this order, with the font large. "
            "Say what you type; run each cell and ask the question before the output is read. "
            "The code below is taken from the chapter when the site is built."
        )
        steps = []
        typed = set()
        for number, step in enumerate(plan.live, 1):
            try:
                cell = chapter.find_cell(step.cell)
            except KeyError:
                continue  # reported by plan.problems
            typed.add(cell.number)
            where = _role("chapter-section", stem, cell.section) if cell.section else "the chapter"
            source = cell.source.strip("\n")
            item = [
                f"{number}. In {where}{' › ' + cell.subsection if cell.subsection else ''}, type:",
                "",
                _indent(f"````python\n{source}\n````", 3),
                "",
                _indent(f"**Ask:** {step.ask}", 3),
            ]
            if step.expect:
                item += ["", _indent(f"**Expect:** {step.expect}", 3)]
            steps.append("\n".join(item))
        out.append("\n\n".join(steps))
        first = chapter.cells[0].number if chapter.cells else 0
        others = [
            c for c in chapter.cells if teaching.teaching_cell(c, first=c.number == first) and c.number not in typed
        ]
        if others:
            out.append(
                f"The live-coding notebook empties {len(others)} more teaching cells. Type them if "
                "time allows, or paste them from the chapter page while the room watches:"
            )
            out.append(
                "\n".join(
                    f"- in {_role('chapter-section', stem, c.section)}"
                    f"{' › ' + c.subsection if c.subsection else ''}: {_what(c.source)}"
                    for c in others
                )
            )

    if plan.settings:
        out.append("## Explorer settings to show")
        out.append(
            "Each link opens the chapter's explorer at that setting. Ask the question, let the room "
            "predict, then show it."
        )
        out.append(
            "\n".join(
                f"{n}. {_role('explorer-setting', stem, s.explorer, values=s.values)}: {s.ask}"
                for n, s in enumerate(plan.settings, 1)
            )
        )

    if plan.misconceptions and quiz is not None:
        out.append("## Misconceptions to listen for")
        out.append(
            "Each is an idea learners often bring. The chapter's quiz has a question that brings it "
            "out: the answer named below is the one that reveals it, with the feedback the quiz gives."
        )
        items = []
        for m in plan.misconceptions:
            try:
                q = quiz[m.question]
            except KeyError:
                continue
            number = quiz.questions.index(q) + 1
            if hasattr(q, "options") and m.option is not None and 0 <= m.option < len(q.options):
                option = q.options[m.option]
                verb = "ticking" if q.kind == "multiple" else "choosing"
                text = _flat(teaching.to_myst(option.text))
                stop = "" if text.endswith((".", "?", "!")) else "."
                reveal = (
                    f"The answer that gives it away: {verb} *{text}*{stop} "
                    f"The quiz replies: {_flat(teaching.to_myst(option.feedback))}"
                )
            elif m.mistake is not None:
                said = next((k.feedback for k in getattr(q, "mistakes", []) if abs(k.value - m.mistake) < 1e-9), "")
                reveal = (
                    f"The answer that gives it away: {m.mistake:g}. The quiz replies: {_flat(teaching.to_myst(said))}"
                )
            else:
                reveal = ""
            lines = [f"- **{m.claim}**", "", f"  Quiz question {number}: {_flat(teaching.to_myst(q.prompt))}"]
            if reveal:
                lines += ["", f"  {reveal}"]
            if m.correction:
                lines += ["", f"  What to say: {m.correction}"]
            items.append("\n".join(lines))
        out.append("\n".join(items))

    if plan.exercises:
        out.append("## Exercises to set")
        rows = ["| Exercise | When | Minutes |", "|---|---|---|"]
        for slot in plan.exercises:
            title = next((e.title for e in exercises if e.name == slot.name), slot.name)
            link = f"[{_cell(title)}]({_rel(docname, exercise_doc + '.md')})" if exercise_doc else _cell(title)
            rows.append(f"| {link} | {'homework' if slot.homework else 'in the session'} | {slot.minutes} |")
        out.append("\n".join(rows))
        out.append(
            "Each exercise checks itself: learners run its `check` cell and read what is wrong for "
            "which input. The reference solutions are in the [answer keys]"
            f"({_rel(docname, 'instructors/answer_keys.md')})."
        )

    if chapter.has_section(deck_builder.REMEMBER):
        out.append("## Key points to close with")
        out.append("The chapter's own summary, read back to the room:")
        out.append(_quote(_glue_from(chapter, chapter.section_text(deck_builder.REMEMBER))))

    if plan.notes:
        out.append("## Instructor notes")
        out.append("\n".join(f"- {n}" for n in plan.notes))
    return "\n\n".join(out) + "\n"


# ----------------------------------------------------------------------------------- agendas


def agenda(app, docname, name):
    root = Path(app.srcdir)
    plan = teaching.load_agenda(root, name)
    chapters = _chapters(app)
    _note(app, root / plan.source, Path(teaching.__file__), *(c.path for c in chapters.values()))
    for problem in plan.problems(chapters):
        _warn(app, docname, problem)
    out = []
    sessions = plan.sessions
    kind = (
        f"{len(sessions)} sessions of {' + '.join(str(b.minutes) for b in sessions)} minutes with "
        f"{len(plan.breaks)} breaks"
        if len(sessions) > 1
        else f"one session of {sessions[0].minutes} minutes"
        if sessions
        else "no session"
    )
    out.append(
        f"**{plan.length} minutes** in all: {kind}; {plan.minutes('teaching')} minutes of teaching "
        f"and {plan.minutes('exercise')} of exercises."
    )
    if plan.prepare:
        out.append("## Before the session")
        out.append("\n".join(f"- {item}" for item in plan.prepare))
    for block in plan.blocks:
        if block.is_break:
            continue
        start = next(s for s, _, b, slot in plan.schedule() if b is block)
        out.append(f"## {block.title}")
        out.append(f"{block.minutes} minutes, from {teaching.clock(start)}.")
        rows = ["| Clock | Minutes | Kind | Chapter | What | Show |", "|---|---|---|---|---|---|"]
        for s, e, b, slot in plan.schedule():
            if b is not block or slot is None:
                continue
            chapter = chapters.get(slot.chapter) if slot.chapter else None
            where = f"[{chapter.number}]({_rel(docname, chapter.docname + '.md')})" if chapter else ""
            show = _role("deck-section", slot.chapter, slot.section) if chapter and slot.section else ""
            if chapter and slot.setting:
                show += (", " if show else "") + "explorer (below)"
            rows.append(
                f"| {teaching.clock(s)}–{teaching.clock(e)} | {slot.minutes} | {slot.kind} | {where} | "
                f"{_cell(slot.title)} | {_cell(show)} |"
            )
        out.append("\n".join(rows))
        notes = []
        for s, _, b, slot in plan.schedule():
            if b is not block or slot is None or not (slot.notes or slot.setting):
                continue
            note = f"{teaching.clock(s)} **{slot.title}.** {slot.notes}"
            if slot.setting and slot.chapter in chapters:
                link = _role("explorer-setting", slot.chapter, slot.setting.explorer, values=slot.setting.values)
                note += f" Show {link}, and ask: {slot.setting.ask}"
            notes.append(note)
        if notes:
            out.append("\n".join(f"- {n}" for n in notes))
        following = plan.blocks[plan.blocks.index(block) + 1 : plan.blocks.index(block) + 2]
        if following and following[0].is_break:
            pause = following[0]
            out.append(f"*{pause.title}: {pause.minutes} minutes, from {teaching.clock(start + block.minutes)}.*")
    if plan.notes:
        out.append("## Notes")
        out.append("\n".join(f"- {n}" for n in plan.notes))
    return "\n\n".join(out) + "\n"


# ------------------------------------------------------------------------------- answer keys


def _choice_lines(q):
    lines = []
    for i, option in enumerate(q.options):
        mark = "**right**" if option.correct else "wrong"
        said = f": {teaching.to_myst(option.feedback)}" if option.feedback else ""
        lines.append(f"   - ({chr(97 + i)}) {teaching.to_myst(option.text)} · {mark}{said}")
    return lines


def answer_keys(app, docname, _arg):
    chapters = {c.number: c for c in _chapters(app).values() if c.number is not None}
    out = []
    for entry in selfcheck.catalogue():
        number = int(entry.chapter[2:])
        chapter = chapters.get(number)
        module_file = Path(selfcheck.__file__).with_name(f"{entry.chapter}.py")
        _note(app, module_file)
        title = f"Chapter {number}: {chapter.title}" if chapter else f"Chapter {number}"
        out.append(f"## {title}")
        if chapter is not None:
            out.append(
                f"From `actlab/selfcheck/{entry.chapter}.py`, the module that "
                f"[the chapter]({_rel(docname, chapter.docname + '.md')}) and its exercise notebook use."
            )
        out.append(f"### Quiz: {teaching.to_myst(entry.quiz.title)}")
        items = []
        for n, q in enumerate(entry.quiz.questions, 1):
            lines = [f"{n}. {teaching.to_myst(q.prompt)}", ""]
            if hasattr(q, "options"):
                lines += _choice_lines(q)
            else:
                lines.append(f"   **Answer:** {teaching.to_myst(q.answer_text())}.")
                for m in q.mistakes:
                    lines.append(f"   - {m.value:g} · wrong: {teaching.to_myst(m.feedback)}")
            lines += ["", _indent(f"*Why:* {teaching.to_myst(q.explanation)}", 3)]
            items.append("\n".join(lines))
        out.append("\n\n".join(items))
        if entry.exercises:
            out.append("### Exercises")
        for exercise in entry.exercises:
            out.append(f"#### {exercise.title}")
            if exercise.explanation:
                out.append(teaching.to_myst(exercise.explanation))
            out.append(f"````python\n{exercise.solution_source.rstrip()}\n````")
            out.append(
                f"Checked on {len(exercise.cases)} inputs by `{exercise.name}.check(...)`. Hints, in the "
                "order learners get them:"
            )
            out.append("\n".join(f"{i}. {teaching.to_myst(h)}" for i, h in enumerate(exercise.hints, 1)))
    return "\n\n".join(out) + "\n"


def teaching_materials(app, docname, _arg):
    root = Path(app.srcdir)
    rows = ["| Chapter | Session plan | Slides | Live-coding notebook | Exercises |", "|---|---|---|---|---|"]
    for stem in teaching.plan_names(root):
        path = root / "chapters" / f"{stem}.md"
        if not path.is_file():
            continue
        chapter = teaching.read_chapter(path)
        exercise_doc = _exercise_page(app, chapter)
        rows.append(
            f"| [{chapter.number}. {_cell(chapter.title)}]({_rel(docname, chapter.docname + '.md')}) "
            f"| [plan]({_rel(docname, 'instructors/' + stem + '.md')}) "
            f'| <a href="{_rel(docname, f"{SLIDES}/{stem}.html")}">slides</a> '
            f'| <a href="{_rel(docname, f"{LIVE}/{stem}.ipynb")}" download="{stem}_live.ipynb">{stem}.ipynb</a> '
            f"| " + (f"[exercises]({_rel(docname, exercise_doc + '.md')})" if exercise_doc else "") + " |"
        )
    return "\n".join(rows) + "\n"


GENERATORS = {
    "session-plan": session_plan,
    "agenda": agenda,
    "answer-keys": answer_keys,
    "teaching-materials": teaching_materials,
}


def generate(app, docname, source):
    """Replace the marker blocks of a page with the MyST generated for them; note a chapter's plan."""
    if CHAPTER.match(docname):
        stem = docname.split("/", 1)[1]
        _note(app, Path(app.srcdir, teaching.PLANS, f"{stem}.yml"), HERE / "slides.py")
    if not MARKER.search(source[0]):
        return
    _note(app, Path(__file__))  # a page generated here is made again when this extension changes

    def replace(match):
        kind, argument = match.group(1), match.group(2)
        try:
            return GENERATORS[kind](app, docname, argument)
        except (teaching.PlanError, KeyError, ValueError, TypeError) as err:
            message = err.args[0] if err.args else str(err)
            _warn(app, docname, f"{{{kind}}} {argument}: {message}")
            return f"```{{warning}}\nThis part of the page could not be made: {message}\n```\n"

    source[0] = MARKER.sub(replace, source[0])


# ------------------------------------------------------------------------------- link roles


class chapter_link(nodes.Inline, nodes.TextElement):
    """A link into a chapter (a section, its deck, or an explorer setting), resolved once every page is read."""


def _link_role(kind):
    def role(name, rawtext, text, lineno, inliner, options=None, content=None):
        parts = text.split("::")
        stem = parts[0].strip()
        values = {}
        if kind == "explorer":
            if len(parts) != 3:
                message = inliner.reporter.warning(
                    f"{{explorer-setting}} expects `chapter::key::name=value&...`, not {text!r}.", line=lineno
                )
                return [nodes.literal(rawtext, text)], [message]
            for pair in filter(None, parts[2].split("&")):
                key, _, value = pair.partition("=")
                values[unquote(key)] = unquote(value)
        elif len(parts) != 2:
            message = inliner.reporter.warning(f"{{{name}}} expects `chapter::Heading`, not {text!r}.", line=lineno)
            return [nodes.literal(rawtext, text)], [message]
        node = chapter_link(
            rawtext,
            teaching.heading_key(parts[1]) if kind != "explorer" else parts[1],
            kind=kind,
            chapter=f"chapters/{stem}",
            target=parts[1].strip(),
            values=values,
        )
        node.source, node.line = inliner.document.current_source, lineno
        return [node], []

    return role


_DOCTREES = {}


def _doctree(app, docname):
    if docname not in _DOCTREES:
        _DOCTREES[docname] = app.env.get_doctree(docname)
    return _DOCTREES[docname]


def _payloads(doctree):
    found = {}
    for raw in doctree.findall(nodes.raw):
        if "actlab-explorer-data" in raw.astext():
            found.update(teaching.explorer_payloads(raw.astext()))
    return found


def _section_id(doctree, title):
    key = teaching.heading_key(title)
    for section in doctree.findall(nodes.section):
        if (
            section.children
            and isinstance(section[0], nodes.title)
            and teaching.heading_key(section[0].astext()) == key
            and section["ids"]
        ):
            return section["ids"][0]
    return None


def resolve_links(app, doctree, docname):
    """Turn every chapter link of the page into a checked reference, or warn and leave its text."""
    for node in list(doctree.findall(chapter_link)):
        chapter = node["chapter"]
        if chapter not in app.env.all_docs:
            _warn(
                app,
                docname,
                f"{node['chapter']} is not a page of the book; the link {node.astext()!r} has nowhere to go.",
            )
            node.replace_self(nodes.inline(node.astext(), node.astext()))
            continue
        tree = _doctree(app, chapter)
        stem = chapter.split("/", 1)[1]
        if node["kind"] == "explorer":
            payload = _payloads(tree).get(node["target"])
            problems = (
                [
                    f"{chapter} displays no explorer {node['target']!r}; it displays "
                    f"{', '.join(_payloads(tree)) or 'none'}."
                ]
                if payload is None
                else teaching.setting_problems(payload, node["values"])
            )
            if problems:
                for problem in problems:
                    _warn(app, docname, f"A link to an explorer setting: {problem}")
                node.replace_self(nodes.inline(node.astext(), node.astext()))
                continue
            uri = app.builder.get_relative_uri(docname, chapter) + teaching.fragment(
                node["target"], node["values"], payload["controls"]
            )
            text = teaching.describe_setting(payload, node["values"])
            title = payload.get("title") or node["target"]
            reference = nodes.reference(
                "", "", nodes.Text(f"{title}: {text}"), refuri=uri, classes=["explorer-setting"]
            )
        else:
            anchor = _section_id(tree, node["target"])
            if anchor is None:
                _warn(
                    app,
                    docname,
                    f"{chapter} has no section {node['target']!r} any more; the plan that links to it needs updating.",
                )
                node.replace_self(nodes.inline(node.astext(), node.astext()))
                continue
            if node["kind"] == "deck":
                uri = _rel(docname, f"{SLIDES}/{stem}.html") + "#" + anchor
                text = f"slides: {node.astext()}"
            else:
                uri = app.builder.get_relative_uri(docname, chapter) + "#" + anchor
                text = node.astext()
            reference = nodes.reference("", "", nodes.Text(text), refuri=uri, internal=node["kind"] != "deck")
        node.replace_self(reference)


# ----------------------------------------------------------------------- decks and notebooks


def _plan_notes(app, docname, stem):
    """Speaker notes and explorer settings of a chapter's plan, for its deck (empty without a plan)."""
    root = Path(app.srcdir)
    if not Path(root, teaching.PLANS, f"{stem}.yml").is_file():
        return {}, {}, None
    try:
        plan = teaching.load_plan(root, stem)
        chapter = teaching.read_chapter(root / f"{docname}.md")
    except teaching.PlanError as err:
        _warn(app, docname, f"the slides have no speaker notes: {err.args[0]}")
        return {}, {}, None
    notes = {}
    for start, end, segment in plan.schedule():
        if segment.section:
            notes.setdefault(("section", teaching.heading_key(segment.section)), []).append(
                f"<p><strong>{teaching.clock(start)}–{teaching.clock(end)} · "
                f"{teaching.markup(segment.title, block=False)}</strong> ({segment.minutes} min, {segment.kind})</p>"
                + (teaching.markup(segment.notes) if segment.notes else "")
            )
    for step in plan.live:
        try:
            cell = chapter.find_cell(step.cell)
        except KeyError:
            continue
        where = ("subsection", cell.section, cell.subsection) if cell.subsection else ("section", cell.section)
        names = teaching.defined_names(cell.source)
        typed = f" (it defines {', '.join(names)})" if names else ""
        notes.setdefault(where, []).append(
            f"<p><strong>Live-code</strong> the cell that starts <code>{html.escape(step.cell)}</code>{typed}. "
            f"Ask: {teaching.markup(step.ask, block=False)}"
            + (f" Expect: {teaching.markup(step.expect, block=False)}" if step.expect else "")
            + "</p>"
        )
    settings = {}
    for s in plan.settings:
        settings.setdefault(s.explorer, []).append((s.values, s.ask))
    plan_doc = f"instructors/{stem}"
    return notes, settings, plan_doc if plan_doc in app.env.all_docs else None


def write_chapter_extras(app, pagename, templatename, context, doctree):
    """For a chapter page: write its slide deck and its live-coding notebook."""
    if app.builder.format != "html" or doctree is None or not CHAPTER.match(pagename):
        return
    stem = pagename.split("/", 1)[1]
    notes, settings, plan_doc = _plan_notes(app, pagename, stem)
    deck_doc = f"{SLIDES}/{stem}"
    mathjax = app.config.mathjax_path
    if mathjax and not re.match(r"^[a-z]+:|^/", mathjax):
        mathjax = _rel(deck_doc, f"_static/{mathjax}")
    favicon = app.config.html_favicon
    if favicon and not re.match(r"^[a-z]+:", favicon):
        favicon = _rel(deck_doc, f"_static/{posixpath.basename(favicon)}")
    try:
        deck = deck_builder.build_deck(
            context["body"],
            chapter_href=_rel(deck_doc, f"{pagename}.html"),
            plan_href=_rel(deck_doc, f"{plan_doc}.html") if plan_doc else None,
            notes=notes,
            settings=settings,
            mathjax=mathjax,
            favicon=favicon,
            page_title=f"Slides: {context.get('title', stem)}",
        )
    except ValueError as err:
        _warn(app, pagename, f"no slide deck: {err}")
        return
    target = Path(app.outdir, f"{deck_doc}.html")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(deck, encoding="utf-8")

    import nbformat

    notebook = teaching.live_notebook(Path(app.srcdir, f"{pagename}.md"), source=f"{pagename}.md")
    target = Path(app.outdir, LIVE, f"{stem}.ipynb")
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, str(target))


def finish(app, exception):
    """Copy the decks' script and style sheet; check that every linked deck and notebook was made."""
    if exception is not None or app.builder.format != "html":
        return
    folder = Path(app.outdir, SLIDES)
    folder.mkdir(parents=True, exist_ok=True)
    for name, source in ASSETS.items():
        shutil.copyfile(source, folder / name)
    for docname in sorted(app.env.found_docs):
        if not docname.startswith("instructors/"):
            continue
        page = Path(app.outdir, f"{docname}.html")
        if not page.is_file():
            continue
        text = page.read_text(encoding="utf-8")
        for href in sorted(set(re.findall(rf'href="((?:\.\./)*(?:{SLIDES}|{LIVE})/[^"#]+)', text))):
            if not Path(app.outdir, posixpath.normpath(posixpath.join(posixpath.dirname(docname), href))).is_file():
                _warn(
                    app,
                    docname,
                    f"links to {href}, which the build did not make: is its chapter in the table of contents?",
                )


def clear_cache(app):
    _DOCTREES.clear()


def setup(app):
    app.connect("builder-inited", clear_cache)
    app.connect("source-read", lambda app_, docname, source: generate(app_, docname, source))
    app.add_node(chapter_link)
    app.add_role("chapter-section", _link_role("section"))
    app.add_role("deck-section", _link_role("deck"))
    app.add_role("explorer-setting", _link_role("explorer"))
    app.connect("doctree-resolved", resolve_links)
    app.connect("html-page-context", write_chapter_extras)
    app.connect("build-finished", finish)
    return {"parallel_read_safe": True, "parallel_write_safe": False}
