"""The Instructors part: plans whose minutes add up, links that open real explorer settings,
live-coding notebooks and answer keys generated from their single sources, slides that follow the chapter.

- every chapter has a session plan; each plan's segments add up to its stated length, and it
  agrees with its chapter (sections, live-coding cells), its quiz and its exercises;
- the 90-minute lecture and the half-day workshop (3 x 55 minutes with breaks) account for
  every minute;
- every explorer setting a plan links to names an explorer that the chapter's built page
  displays, with controls and values it has (the browser tests then open each link);
- the live-coding notebook of every chapter keeps the chapter's prose, imports and data,
  and empties exactly its teaching cells;
- every answer the keys print is graded right by the same quiz, and every reference
  solution passes its own checker;
- the slide deck is cut from the rendered chapter; a chapter copied with one heading changed
  gives a deck with that heading, and the build warns that the plan names a section that is
  gone.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest

from actlab import selfcheck, teaching
from actlab.explorers import Checkbox, Dropdown, Explorer, Slider

ROOT = Path(__file__).resolve().parents[2]
SITE_DIR = Path(os.environ.get("ACTLAB_SITE_DIR", ROOT / "_build" / "html")).resolve()
sys.path.insert(0, str(ROOT / "_ext"))

import slides  # noqa: E402

import instructors  # noqa: E402  (the Sphinx extension, in _ext/)

CHAPTERS = sorted(p.stem for p in (ROOT / "chapters").glob("[0-9][0-9]_*.md"))
PLANS = teaching.plan_names(ROOT)


def _chapter(stem):
    return teaching.read_chapter(ROOT / "chapters" / f"{stem}.md")


def _module(stem):
    return f"ch{_chapter(stem).number:02d}"


# ------------------------------------------------------------------------------ session plans


def test_every_chapter_has_a_plan_and_a_page():
    assert PLANS == CHAPTERS, f"chapters without a plan: {sorted(set(CHAPTERS) - set(PLANS))}"
    for stem in CHAPTERS:
        page = ROOT / "instructors" / f"{stem}.md"
        assert page.is_file(), f"instructors/{stem}.md is missing"
        assert f"{{session-plan}} {stem}" in page.read_text(encoding="utf-8")


@pytest.mark.parametrize("stem", PLANS)
def test_plan_minutes_add_up_to_its_length(stem):
    plan = teaching.load_plan(ROOT, stem)
    minutes = [s.minutes for s in plan.segments]
    assert all(m > 0 for m in minutes), f"{stem}: a segment of 0 minutes"
    assert sum(minutes) == plan.length, f"{stem}: {minutes} add up to {sum(minutes)}, not {plan.length}"
    assert plan.teaching_minutes + plan.exercise_minutes == plan.length
    assert plan.teaching_minutes > 0 and plan.exercise_minutes > 0
    ends = [end for _, end, _ in plan.schedule()]
    assert ends[-1] == plan.length


@pytest.mark.parametrize("stem", PLANS)
def test_plan_agrees_with_its_chapter_quiz_and_exercises(stem):
    plan = teaching.load_plan(ROOT, stem)
    module = _module(stem)
    problems = plan.problems(_chapter(stem), selfcheck.quiz(module), selfcheck.exercises(module))
    assert problems == [], "\n".join(problems)
    assert plan.live and plan.settings and plan.misconceptions and plan.exercises


def test_a_plan_that_does_not_add_up_is_told_so(tmp_path):
    plan = teaching.load_plan(ROOT, "01_why_nonlinearity")
    plan.length += 5
    plan.segments[0] = teaching.Segment("Open", plan.segments[0].minutes, section="No such section")
    chapter = _chapter("01_why_nonlinearity")
    problems = plan.problems(chapter)
    assert any(f"add up to {plan.length - 5} minutes, not the stated {plan.length}" in p for p in problems)
    assert any("'No such section', which chapters/01_why_nonlinearity does not have" in p for p in problems)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("length: 50\nsegments:\n  - title: A\n    minutes: five\n", "expected a whole number of minutes"),
        ("length: 50\nsegments:\n  - title: A\n", "it lacks minutes"),
        ("length: 50\nsegments:\n  - title: A\n    minutes: 5\n    colour: red\n", "unknown key(s) colour"),
        ("length: 50\nagenda: []\n", "unknown key(s) agenda"),
        ("- just a list\n", "should hold a mapping"),
    ],
)
def test_a_broken_plan_file_gets_a_sentence(tmp_path, text, expected):
    (tmp_path / "instructors" / "plans").mkdir(parents=True)
    (tmp_path / "instructors" / "plans" / "01_x.yml").write_text(text)
    with pytest.raises(teaching.PlanError) as err:
        teaching.load_plan(tmp_path, "01_x")
    assert expected in str(err.value)
    assert "instructors/plans/01_x.yml" in str(err.value)


def test_misconceptions_must_name_a_wrong_answer():
    plan = teaching.load_plan(ROOT, "01_why_nonlinearity")
    quiz = selfcheck.quiz("ch01")
    right = quiz["affine"].right[0]
    plan.misconceptions = [
        teaching.Misconception("x", "affine", option=right),
        teaching.Misconception("y", "no-such-question", option=0),
        teaching.Misconception("z", "collapse", mistake=1.0),
    ]
    problems = plan.problems(quiz=quiz)
    assert any("is a right answer" in p for p in problems)
    assert any("no question 'no-such-question'" in p for p in problems)
    assert any("typical wrong numbers of question 'collapse'" in p for p in problems)


# ------------------------------------------------------------------------------------ agendas


def _chapters():
    return {stem: _chapter(stem) for stem in CHAPTERS}


def test_the_lecture_is_90_minutes_every_minute_on_the_clock():
    lecture = teaching.load_agenda(ROOT, "lecture")
    assert lecture.length == 90
    assert len(lecture.sessions) == 1 and not lecture.breaks
    assert sum(s.minutes for s in lecture.sessions[0].slots) == 90
    assert lecture.minutes("teaching") + lecture.minutes("exercise") == 90
    assert lecture.problems(_chapters()) == []
    covered = {s.chapter for s in lecture.sessions[0].slots}
    assert covered == set(CHAPTERS), f"the lecture leaves out {sorted(set(CHAPTERS) - covered)}"


def test_the_workshop_is_three_sessions_of_55_minutes_with_breaks():
    workshop = teaching.load_agenda(ROOT, "workshop")
    assert [b.minutes for b in workshop.sessions] == [55, 55, 55]
    assert [b.is_break for b in workshop.blocks] == [False, True, False, True, False]
    assert workshop.length == 3 * 55 + sum(b.minutes for b in workshop.breaks)
    for block in workshop.sessions:
        assert sum(s.minutes for s in block.slots) == 55, block.title
    assert workshop.problems(_chapters()) == []
    starts = [start for start, _, _, _ in workshop.schedule()]
    assert starts == sorted(starts) and workshop.schedule()[-1][1] == workshop.length
    covered = {s.chapter for b in workshop.sessions for s in b.slots}
    assert covered == set(CHAPTERS)


# ------------------------------------------------------------------------- explorer settings


def _settings():
    found = []
    for stem in PLANS:
        for s in teaching.load_plan(ROOT, stem).settings:
            found.append(pytest.param(stem, s, id=f"{stem}:{s.explorer}:{teaching.fragment('', s.values)[2:]}"))
    for name in ("lecture", "workshop"):
        for block in teaching.load_agenda(ROOT, name).sessions:
            for slot in block.slots:
                if slot.setting is not None:
                    s = slot.setting
                    found.append(
                        pytest.param(slot.chapter, s, id=f"{name}:{s.explorer}:{teaching.fragment('', s.values)[2:]}")
                    )
    return found


@pytest.mark.parametrize("stem, setting", _settings())
def test_every_linked_setting_is_one_the_chapters_explorer_has(stem, setting):
    page = SITE_DIR / "chapters" / f"{stem}.html"
    if not page.is_file():
        pytest.skip(f"no built page {page}: run `make book` (the book build checks the same links)")
    payloads = teaching.explorer_payloads(page.read_text(encoding="utf-8"))
    assert setting.explorer in payloads, (
        f"chapters/{stem} displays no explorer {setting.explorer!r}; it displays {sorted(payloads)}"
    )
    assert teaching.setting_problems(payloads[setting.explorer], setting.values) == []


def _toy_explorer():
    return Explorer(
        "toy",
        controls=[
            Dropdown("name", options=[("ReLU", "relu"), ("tanh", "tanh")]),
            Dropdown("lr", options=[("0.1", 0.1), ("1", 1.0)]),
            Slider("alpha", min=0.0, max=1.0, step=0.25),
            Checkbox("derivative"),
        ],
        draw=lambda **values: None,
    )


def test_links_are_written_as_the_explorer_writes_them():
    from actlab.explorers.bake import _controls

    explorer = _toy_explorer()
    payload = {"key": "toy", "controls": _controls(explorer)}
    values = {"derivative": "true", "alpha": "0.50", "lr": "1.0", "name": "tanh"}
    assert teaching.setting_problems(payload, values) == []
    assert teaching.fragment("toy", values, payload["controls"]) == explorer.fragment(
        name="tanh", lr=1.0, alpha=0.5, derivative=True
    )
    assert teaching.describe_setting(payload, values) == "name: tanh; lr: 1; alpha: 0.50; derivative: on"


def test_a_wrong_setting_is_named():
    from actlab.explorers.bake import _controls

    payload = {"key": "toy", "controls": _controls(_toy_explorer())}
    assert teaching.setting_problems(payload, {"alpha": "0.5"}) == []  # a slider's number, as the page reads it
    problems = teaching.setting_problems(payload, {"name": "gelu", "depth": "3", "lr": "1"})
    assert problems == [
        "Explorer 'toy': control 'name' (name) cannot take 'gelu'; expected one of relu, tanh.",
        "Explorer 'toy' has no control 'depth'; its controls are name, lr, alpha, derivative.",
        "Explorer 'toy': control 'lr' (lr) cannot take '1'; expected one of 0.1, 1.0.",
    ]


# ---------------------------------------------------------------------- live-coding notebooks


@pytest.mark.parametrize("stem", CHAPTERS)
def test_live_notebook_empties_the_teaching_cells_and_keeps_the_rest(stem):
    import jupytext

    source = jupytext.read(ROOT / "chapters" / f"{stem}.md", fmt="md:myst")
    live = teaching.live_notebook(ROOT / "chapters" / f"{stem}.md")
    nbformat.validate(live)
    assert live.metadata["kernelspec"]["name"] == "python3" and "jupytext" not in live.metadata
    assert "Live-coding copy" in live.cells[0].source
    cells = live.cells[1:]
    assert [c.cell_type for c in cells] == [c.cell_type for c in source.cells]
    chapter = _chapter(stem)
    emptied = 0
    for original, cell in zip(source.cells, cells):
        assert cell.get("outputs", []) == []
        if original.cell_type == "markdown":
            assert cell.source == original.source
            continue
        code = next(c for c in chapter.cells if c.source == original.source)
        if teaching.teaching_cell(code, first=code.number == 0):
            emptied += 1
            assert "# Live coding: type this cell with the instructor." in cell.source
            for name in teaching.defined_names(original.source):
                assert name in cell.source, f"{stem}: the emptied cell should say it defines {name}"
            kept = [line for line in cell.source.splitlines() if line and not line.startswith("#")]
            assert all(line in original.source for line in kept)
        else:
            assert cell.source == original.source
    assert emptied >= 3, f"{stem}: only {emptied} teaching cells"
    first_code = next(c for c in cells if c.cell_type == "code")
    assert "import numpy as np" in first_code.source


def test_teaching_cells_are_told_from_setup_and_plumbing():
    def cell(source, **metadata):
        return teaching.Cell(1, source, tuple(metadata.get("tags", [])), metadata, "S", None)

    assert not teaching.teaching_cell(cell("import numpy as np\nfrom x import y"))
    assert not teaching.teaching_cell(cell("X_train, X_test, y_train, y_test = load_digits()"))
    assert not teaching.teaching_cell(cell("glue('a', 1)", tags=["remove-cell"]))
    assert not teaching.teaching_cell(cell("fig.plot(f)", mystnb={"figure": {"name": "f"}}))
    assert not teaching.teaching_cell(cell("e = ex.Explorer('k', controls=[], draw=f)\ne"))
    assert not teaching.teaching_cell(cell("print(inspect.getsource(f))"))
    assert not teaching.teaching_cell(cell("def f(x):\n    return x"), first=True)
    assert teaching.teaching_cell(cell("def f(x):\n    return x"))
    assert teaching.teaching_cell(cell("X, y = load_digits()\nnet = MLP([2, 1])"))
    assert teaching.teaching_cell(cell("%timeit f(1)"))


# ------------------------------------------------------------------------------- answer keys


def _right_answer(question):
    if hasattr(question, "options"):
        return question.right[0] if question.kind == "single" else question.right
    return question.answer


@pytest.mark.parametrize("entry", selfcheck.catalogue(), ids=lambda e: e.chapter)
def test_every_answer_in_the_keys_is_what_the_checker_accepts(entry):
    for question in entry.quiz.questions:
        assert entry.quiz.grade(question.key, _right_answer(question)).correct, question.key
        for option in getattr(question, "options", []):
            if not option.correct and question.kind == "single":
                index = question.options.index(option)
                assert entry.quiz.grade(question.key, index).feedback == option.feedback
        for mistake in getattr(question, "mistakes", []):
            graded = entry.quiz.grade(question.key, mistake.value)
            assert not graded.correct and graded.feedback == mistake.feedback
    for exercise in entry.exercises:
        assert exercise.check(exercise.reference).status == "correct", exercise.name


class _Env:
    def __init__(self):
        self.dependencies = []

    def note_dependency(self, path):
        self.dependencies.append(path)


def _app():
    return SimpleNamespace(srcdir=str(ROOT), env=_Env())


def test_the_answer_keys_page_is_made_from_the_selfcheck_modules():
    app = _app()
    text = instructors.answer_keys(app, "instructors/answer_keys", "")
    for entry in selfcheck.catalogue():
        for question in entry.quiz.questions:
            assert teaching.to_myst(question.prompt) in text
            assert teaching.to_myst(question.explanation) in text
        for exercise in entry.exercises:
            assert exercise.solution_source.rstrip() in text
            assert f"#### {exercise.title}" in text
    noted = {Path(p).name for p in app.env.dependencies}
    assert {f"{c}.py" for c in selfcheck.chapters()} <= noted


def test_a_session_plan_page_quotes_the_chapter_and_its_cells():
    app = _app()
    text = instructors.session_plan(app, "instructors/01_why_nonlinearity", "01_why_nonlinearity")
    chapter = _chapter("01_why_nonlinearity")
    plan = teaching.load_plan(ROOT, "01_why_nonlinearity")
    assert text.startswith(f"# Session plan: 1. {chapter.title}")
    assert "Can it represent anything that one layer could not?" in text  # the chapter's own question
    for step in plan.live:  # the cell's code, as a block of the numbered step
        assert instructors._indent(chapter.find_cell(step.cell).source.strip("\n"), 3) in text
    for setting in plan.settings:
        assert f"{{explorer-setting}}`01_why_nonlinearity::{setting.explorer}::" in text
    assert f"**{plan.length}**" in text


# ------------------------------------------------------------------------------------- slides


BODY = """<section id="t"><h1>9. A title<a class="headerlink" href="#t">#</a></h1>
<section id="the-question"><h2>The question<a class="headerlink" href="#the-question">#</a></h2>
<p>Some words. <strong>Why is it so?</strong></p></section>
<section id="the-picture"><h2>The picture</h2><p>First sentence here, long enough to be kept on
the slide as it is written. Second sentence that goes on and on and on, well beyond the limit of
what fits on a slide, with more words than anyone reads from the back of a room, and more again
until it is cut. Third sentence.</p>
<div class="math notranslate nohighlight">\\[ x = 1 \\]</div>
<div class="cell docutils container"><div class="cell_input docutils container"><pre>code</pre></div>
<div class="cell_output docutils container"><figure id="fig-a"><img alt="A plot." src="data:,">
<figcaption><p>Caption, see <a href="#fig-a">Fig. 1</a>.</p></figcaption></figure></div></div>
<section id="sub"><h3>A subsection</h3><p>Sub text.</p></section></section>
<section id="explorer-x"><h2>Explorer: x</h2><div class="cell_output"><div class="output text_html">
<style>.a{}</style><div class="actlab-explorer" id="actlab-k" data-key="k"><div class="actlab-figure">
<svg></svg><svg></svg></div><script class="actlab-explorer-data" type="application/json">
{"key": "k", "controls": [{"name": "d", "kind": "slider", "label": "Depth", "labels": ["1", "2"],
"tokens": ["1", "2"], "index": 0}]}</script></div></div></div></section>
<section id="try-this"><h2>Try this</h2><ol><li>a</li><li>b</li><li>c</li><li>d</li><li>e</li><li>f</li>
</ol></section></section>"""


def test_a_deck_is_cut_from_the_page_sections_figures_and_explorers():
    title, cut = slides.chapter_slides(BODY, "../chapters/09_x.html")
    assert title == "9. A title"
    kinds = [(s.kind, s.section, s.subsection) for s in cut]
    assert kinds == [
        ("title", None, None),
        ("text", "The question", None),
        ("text", "The picture", None),
        ("figure", "The picture", None),
        ("text", "The picture", "A subsection"),
        ("divider", "Explorer: x", None),
        ("explorer", "Explorer: x", None),
        ("list", "Try this", None),
        ("list", "Try this", None),
    ]
    assert "Why is it so?" in cut[0].body
    lead = cut[2].body
    assert "First sentence here" in lead and "Third sentence" not in lead and "x = 1" in lead
    assert 'href="../chapters/09_x.html#fig-a"' in cut[3].body  # the page's own links point back at it
    assert "<pre>" not in "".join(s.body for s in cut)  # code is typed live, not shown
    assert cut[6].explorer == "k" and cut[6].panels == 2
    assert [s.title for s in cut[-2:]] == ["Try this (1 of 2)", "Try this (2 of 2)"]
    assert '<ol start="4">' in cut[-1].body
    assert cut[2].anchor == "the-picture" and cut[4].anchor == "sub"


def test_speaker_notes_and_settings_go_on_their_slides():
    deck = slides.build_deck(
        BODY,
        chapter_href="../chapters/09_x.html",
        plan_href="../instructors/09_x.html",
        notes={
            ("section", "The picture"): ["<p>Say this.</p>"],
            ("subsection", "The picture", "A subsection"): ["<p>Type that.</p>"],
        },
        settings={"k": [({"d": "2"}, "What now?"), ({"d": "7"}, "Not a value.")]},
        mathjax="../_static/vendor/mathjax/tex-chtml.js",
    )
    assert deck.count('class="slide ') == 9
    assert "Speaker notes for slide 3" in deck and "Say this." in deck and "Type that." in deck
    assert 'href="#k:d=2"' in deck and "Setting 1" in deck and "#k:d=7" not in deck
    assert "Depth: 2" in deck  # the setting, in the explorer's own words
    assert 'src="../_static/vendor/mathjax/tex-chtml.js"' in deck
    assert "http://" not in deck and "https://" not in deck


def _jupyter_book():
    found = shutil.which("jupyter-book", path=str(Path(sys.executable).parent))
    if found is None:
        pytest.skip("jupyter-book is not installed next to this Python")
    return found


def test_a_changed_heading_changes_the_deck_and_the_plan_is_told(tmp_path):
    """Build a copy of chapter 1 with one heading changed: the deck follows, and the plan that names it warns."""
    book = tmp_path / "book"
    (book / "chapters").mkdir(parents=True)
    (book / "instructors" / "plans").mkdir(parents=True)
    text = (ROOT / "chapters" / "01_why_nonlinearity.md").read_text(encoding="utf-8")
    assert "\n## The picture\n" in text
    changed = text.replace("\n## The picture\n", "\n## A picture, renamed in a copy\n")
    (book / "chapters" / "01_why_nonlinearity.md").write_text(changed, encoding="utf-8")
    for name in ("instructors/plans/01_why_nonlinearity.yml", "instructors/01_why_nonlinearity.md", "references.bib"):
        shutil.copyfile(ROOT / name, book / name)
    (book / "intro.md").write_text("# A copy\n")
    (book / "_toc.yml").write_text(
        "format: jb-book\nroot: intro\nchapters:\n"
        "  - file: chapters/01_why_nonlinearity\n"
        "  - file: instructors/01_why_nonlinearity\n"
    )
    (book / "_config.yml").write_text(
        "title: A copy\nexecute:\n  execute_notebooks: 'off'\nbibtex_bibfiles: [references.bib]\n"
        "sphinx:\n  extra_extensions: [sphinx_exercise]\n"
        f"  local_extensions:\n    instructors: {ROOT / '_ext'}\n"
    )
    result = subprocess.run(
        [_jupyter_book(), "build", str(book), "--path-output", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "OPENBLAS_NUM_THREADS": "1"},
    )
    log = result.stdout + result.stderr
    deck = tmp_path / "out" / "_build" / "html" / "slides" / "01_why_nonlinearity.html"
    assert deck.is_file(), log[-3000:]
    html = deck.read_text(encoding="utf-8")
    titles = slides.BeautifulSoup(html, "html.parser").select(".slide-title")
    headings = [t.get_text(" ", strip=True) for t in titles]
    assert "A picture, renamed in a copy" in headings
    assert "The picture" not in headings
    assert "The math" in headings  # the rest of the chapter is still there
    assert "has no section 'The picture'" in log or "does not have; its sections are" in log, log[-3000:]
    notebook = json.loads(
        (tmp_path / "out" / "_build" / "html" / "live" / "01_why_nonlinearity.ipynb").read_text(encoding="utf-8")
    )
    assert any("## A picture, renamed in a copy" in "".join(c["source"]) for c in notebook["cells"])
