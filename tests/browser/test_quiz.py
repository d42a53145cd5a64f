"""Every quiz answers in a real browser: on pages this test writes, and on the built site.

For every question of every quiz:

- a right answer is announced as right (words in the aria-live result, its colour class)
  and shows the explanation;
- each wrong option shows its own feedback, each numeric mistake its own, and the browser
  grades every probed answer exactly as ``Quiz.grade`` does in Python;
- a numeric answer is right at both edges of its tolerance and wrong just outside;
- the answer can be revealed only after an attempt (an empty Check is not one);
- the answers survive a reload, and "Start over" clears them for good.

A whole quiz can be completed with the keyboard alone; axe-core finds no violation in the
quiz in light and dark mode, with wrong and right results on screen; at 390 px nothing
sticks out; without JavaScript each answer is in a ``<details>``; printing hides the buttons.

The ``generated`` tests need no built site: they write each chapter's quiz (and a demo quiz
with every kind of question) into a page of their own, served on 127.0.0.1 with the site's
self-hosted MathJax when ``_vendor`` exists. The ``site`` tests read ``_build/html``.
"""

from __future__ import annotations

import json
import os
import re
import shutil

import pytest

from actlab import selfcheck
from actlab.quiz import Mistake, MultipleChoice, Numeric, Option, Quiz, SingleChoice
from tests.support.book import serve

from .conftest import AXE_JS, DESKTOP, PHONE, REPO_DIR, SITE_DIR, toc_pages, watched_page

VENDOR = REPO_DIR / "_vendor" / "_static" / "vendor"

DEMO = Quiz(
    "demo",
    title="Every kind of question",
    questions=[
        SingleChoice(
            "single",
            "Which is \\( \\sigma'(0) \\)?",
            [
                Option("\\( 1/4 \\)", correct=True, feedback="From \\( \\sigma(1 - \\sigma) \\)."),
                Option("\\( 1 \\)", feedback="That is \\( \\tanh'(0) \\)."),
                Option("\\( 1/2 \\)", feedback="That is \\( \\sigma(0) \\), the value, not the slope."),
            ],
            explanation="\\( \\sigma'(0) = \\sigma(0)(1 - \\sigma(0)) = 1/4 \\).",
        ),
        MultipleChoice(
            "multiple",
            "Which are affine?",
            [
                Option("\\( 3z - 1 \\)", correct=True),
                Option("\\( z \\)", correct=True, feedback="The identity is affine."),
                Option("ReLU", feedback="ReLU has a kink."),
            ],
            explanation="Affine means \\( cz + d \\).",
        ),
        Numeric(
            "edges",
            "What is \\( 0.25^5 \\), to four decimals?",
            answer=0.25**5,
            tolerance=0.00005,
            unit="(a fraction)",
            mistakes=[Mistake(0.25, "That is one layer."), Mistake(-(0.25**5), "Sign.", tolerance=0.00001)],
            explanation="About 0.001.",
        ),
        Numeric(
            "exact",
            "How many kinks do 6 ReLU units on one input make at most?",
            answer=6,
            tolerance=0,
            mistakes=[Mistake(7, "7 is the number of pieces.")],
            explanation="One per unit.",
        ),
    ],
)

SHELL = """<!doctype html>
<html lang="en" data-theme="{theme}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Quiz test page</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 48rem; margin: 1rem auto; padding: 0 1rem;
        background: #ffffff; color: #222832; }}
html[data-theme="dark"] {{ --pst-color-border: #48566b; --pst-color-surface: #29313d;
                           --pst-color-text-muted: #9ca4af; }}
html[data-theme="dark"] body {{ background: #14181e; color: #ced6dd; }}
</style>
{mathjax}
</head><body><main><h1>Quiz test page</h1>{body}</main></body></html>
"""

MATHJAX = (
    "<script>window.MathJax = {options: {processHtmlClass: "
    '"tex2jax_process|mathjax_process|math|output_area"}};</script>'
    '<script defer src="vendor/mathjax/tex-chtml.js"></script>'
)

QUIZZES = {"demo": DEMO, **{entry.chapter: entry.quiz for entry in selfcheck.catalogue()}}


@pytest.fixture(scope="module")
def generated_url(tmp_path_factory):
    """The quizzes written into pages of their own, light and dark, served on 127.0.0.1."""
    folder = tmp_path_factory.mktemp("quiz-pages")
    mathjax = ""
    if (VENDOR / "mathjax" / "tex-chtml.js").is_file():
        shutil.copytree(VENDOR, folder / "vendor")
        mathjax = MATHJAX
    for theme in ("light", "dark"):
        for name, quiz in QUIZZES.items():
            (folder / f"{name}-{theme}.html").write_text(
                SHELL.format(theme=theme, mathjax=mathjax, body=quiz.to_html()), encoding="utf-8"
            )
        # two quizzes on one page: the script and style are inlined twice and define themselves once
        both = DEMO.to_html() + QUIZZES["ch01"].to_html()
        (folder / f"two-{theme}.html").write_text(
            SHELL.format(theme=theme, mathjax=mathjax, body=both), encoding="utf-8"
        )
    with serve(folder) as url:
        yield url


@pytest.fixture
def tab(browser):
    with watched_page(browser) as page:
        yield page


def _open(page, url):
    response = page.goto(url, wait_until="load")
    assert response is not None and response.ok, url
    _settle(page)


def _settle(page):
    page.wait_for_function(
        "() => [...document.querySelectorAll('.actlab-quiz')].every(q => q.hasAttribute('data-ready')"
        " || q.hasAttribute('data-error'))",
        timeout=10_000,
    )
    errors = page.evaluate(
        "() => [...document.querySelectorAll('.actlab-quiz[data-error]')].map(q => q.id + ': ' + q.dataset.error)"
    )
    assert not errors, errors
    page.evaluate(
        "() => (window.MathJax && MathJax.startup && MathJax.startup.promise)"
        " ? MathJax.startup.promise.then(() => true) : true"
    )


# ------------------------------------------------------------------------------ the driver


def _spec(root):
    return json.loads(root.locator("script.aq-data").text_content())


def _answer(form, question, answer):
    """Put an answer in the form by clicking and typing, as a reader would."""
    if question["kind"] == "numeric":
        form.locator("input").fill(str(answer))
        return
    if question["kind"] == "single":
        form.locator(f'input[value="{answer}"]').check()
        return
    ticked = form.evaluate("f => [...f.querySelectorAll('input')].filter(i => i.checked).map(i => +i.value)")
    for i in set(ticked) ^ set(answer):
        form.locator(f'input[value="{i}"]').set_checked(i in answer)


READ_RESULT = """form => {
  const result = form.querySelector('.aq-result');
  return {classes: result.className, text: result.innerText,
          notes: [...result.querySelectorAll('.aq-note')].filter(n => !n.hidden)
                   .map(n => n.dataset.option ?? n.dataset.mistake)};
}"""


def _check(form):
    form.locator(".aq-check").click()
    return form.evaluate(READ_RESULT)


def _expect_grade(quiz, question, answer, shown):
    """The browser's verdict and feedback are the ones Python computes for the same answer."""
    grade = quiz.grade(question["key"], answer)
    if grade.correct:
        assert "aq-right" in shown["classes"] and "Right." in shown["text"], (question["key"], answer, shown)
        return
    assert "aq-wrong" in shown["classes"] and "Not yet." in shown["text"], (question["key"], answer, shown)
    q = quiz[question["key"]]
    if question["kind"] == "numeric":
        mistakes = [str(j) for j, m in enumerate(q.mistakes) if m.feedback == grade.feedback]
        if mistakes:
            assert shown["notes"] == mistakes[:1], (question["key"], answer, shown)
        else:
            assert shown["notes"] == [] and grade.feedback in shown["text"], (question["key"], answer, shown)
    else:
        chosen = [answer] if isinstance(answer, int) else answer
        wrong = [str(i) for i in chosen if not q.options[i].correct]
        assert shown["notes"] == wrong, (question["key"], answer, shown)
        missed = len([i for i in q.right if i not in chosen])
        if question["kind"] == "multiple" and missed:
            assert "missing" in shown["text"], (question["key"], answer, shown)


def _numeric_probes(question):
    a, tol = question["answer"], question["tolerance"]
    probes = [a, a - tol, a + tol] if tol else [a]
    step = max(tol, abs(a) * 1e-3, 1e-6)
    probes += [a + tol + step, a - tol - step]
    for value, mistake_tol in question["mistakes"]:
        probes += [value] + ([value + mistake_tol, value - mistake_tol] if mistake_tol else [])
    return [float(f"{p:.12g}") for p in probes]


def _right_answer(question):
    if question["kind"] == "numeric":
        return f"{question['answer']:.12g}"
    return question["right"][0] if question["kind"] == "single" else question["right"]


def exercise_every_question(page, root, quiz, *, every_probe=True):
    """Drive every question of one quiz through empty, wrong and right answers; end with all right.

    With ``every_probe=False`` each question gets one wrong answer instead of every wrong
    option and every tolerance edge: for a quiz whose grading the generated pages have
    already probed in full, on a page of the site.
    """
    spec = _spec(root)
    assert spec["key"] == quiz.key and spec["sig"] == quiz.signature(), "the page holds another version"
    for question in spec["questions"]:
        form = root.locator(f'form[data-q="{question["key"]}"]')
        reveal, answer = form.locator(".aq-reveal"), form.locator(".aq-answer")
        assert reveal.is_hidden() and answer.is_hidden(), "the answer is offered before any attempt"
        empty = _check(form)  # an empty Check says what to do and is not an attempt
        assert "Not yet." not in empty["text"] and empty["text"].strip()
        assert reveal.is_hidden()
        if question["kind"] == "numeric":
            probes = _numeric_probes(question)
            if not every_probe:
                probes = [p for p in probes if not quiz.grade(question["key"], repr(p)).correct][:1]
            for probe in probes:
                _answer(form, question, repr(probe))
                _expect_grade(quiz, question, repr(probe), _check(form))
            _answer(form, question, "not a number")
            assert "is not a number" in _check(form)["text"]
        else:
            options = form.locator("input").count()
            wrong = [i for i in range(options) if i not in question["right"]]
            for i in wrong if every_probe else wrong[:1]:
                picked = i if question["kind"] == "single" else [i]
                _answer(form, question, picked)
                _expect_grade(quiz, question, picked, _check(form))
            if question["kind"] == "multiple" and len(question["right"]) > 1:
                partial = question["right"][:1]  # a right option alone: the rest are missing
                _answer(form, question, partial)
                _expect_grade(quiz, question, partial, _check(form))
        # after an attempt the answer can be revealed, and hidden again
        assert reveal.is_visible()
        if reveal.get_attribute("aria-expanded") == "true":  # a right probe revealed it already
            reveal.click()
        assert answer.is_hidden() and reveal.get_attribute("aria-expanded") == "false"
        reveal.click()
        assert answer.is_visible() and reveal.get_attribute("aria-expanded") == "true"
        assert "Answer:" in answer.inner_text()
        reveal.click()
        assert answer.is_hidden()
        # the right answer: announced as right, with the explanation shown
        right = _right_answer(question)
        _answer(form, question, right)
        shown = _check(form)
        assert "aq-right" in shown["classes"] and "Right." in shown["text"]
        assert answer.is_visible()
        colour = form.locator(".aq-verdict").evaluate("el => getComputedStyle(el).color")
        assert colour != form.evaluate("el => getComputedStyle(el).color"), "a verdict must be coloured"
    total = len(spec["questions"])
    assert root.locator(".aq-score").inner_text() == f"Answered right: {total} of {total}."


def expect_progress_survives_a_reload_and_resets(page, key):
    root = page.locator(f"#aq-{key}")
    total = len(_spec(root)["questions"])
    page.reload(wait_until="load")
    _settle(page)
    root = page.locator(f"#aq-{key}")
    assert root.locator(".aq-score").inner_text() == f"Answered right: {total} of {total}."
    assert root.locator(".aq-result.aq-right").count() == total
    assert root.locator(".aq-reveal:visible").count() == total
    root.locator(".aq-reset").click()
    assert root.locator(".aq-score").inner_text().startswith("Your answers were cleared.")
    assert root.locator(".aq-result .aq-verdict").count() == 0
    assert root.locator(".aq-reveal:visible").count() == 0 and root.locator(".aq-answer:visible").count() == 0
    assert root.locator("input:checked").count() == 0
    assert page.evaluate("el => document.activeElement === el.querySelector('form input')", root.element_handle())
    page.reload(wait_until="load")
    _settle(page)
    root = page.locator(f"#aq-{key}")
    assert root.locator(".aq-score").inner_text() == f"Answered right: 0 of {total}."
    assert root.locator(".aq-result .aq-verdict").count() == 0


AXE_IN = """async (selector) => {
  const results = await axe.run(selector, {resultTypes: ['violations']});
  return results.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
      targets: v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary).slice(0, 5)}));
}"""


def axe_violations_in(page, selector):
    if not AXE_JS.is_file():
        pytest.fail(f"{AXE_JS} is missing: run `make test` (it runs `npm ci`)", pytrace=False)
    page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(AXE_IN, selector)


def show_wrong_and_right(root):
    """Leave a wrong result on the first question and a right one on the second, the answer revealed."""
    spec = _spec(root)
    first, second = spec["questions"][0], spec["questions"][1]
    form = root.locator(f'form[data-q="{first["key"]}"]')
    wrong = (
        "-123456"
        if first["kind"] == "numeric"
        else ([i for i in range(form.locator("input").count()) if i not in first["right"]][0])
    )
    _answer(form, first, wrong if first["kind"] != "multiple" else [wrong])
    _check(form)
    form.locator(".aq-reveal").click()
    form = root.locator(f'form[data-q="{second["key"]}"]')
    _answer(form, second, _right_answer(second))
    _check(form)


# -------------------------------------------------------------------------- generated pages


@pytest.mark.parametrize("name", list(QUIZZES))
def test_generated_every_question_answers(tab, generated_url, name):
    _open(tab, f"{generated_url}{name}-light.html")
    root = tab.locator(f"#aq-{QUIZZES[name].key}")
    exercise_every_question(tab, root, QUIZZES[name])
    expect_progress_survives_a_reload_and_resets(tab, QUIZZES[name].key)


def test_generated_browser_grades_numbers_as_python_does(tab, generated_url):
    _open(tab, f"{generated_url}demo-light.html")
    from actlab.quiz import _within, parse_number

    texts = [
        "0.25",
        "0,25",
        "\u22121/4",
        "1e-3",
        "1 000",
        "abc",
        "1/0",
        ".5",
        "5.",
        "1/2/3",
        "nan",
        "",
        "2.5E+2",
        "0x10",
        "1e999",
        "-0",
        "+3",
    ]
    in_browser = tab.evaluate("texts => texts.map(t => window.actlabQuiz.parseNumber(t))", texts)
    assert in_browser == [parse_number(t) for t in texts]
    cases = [
        (0.26, 0.25, 0.01),
        (0.24, 0.25, 0.01),
        (0.2601, 0.25, 0.01),
        (1e-9, 0.0, 0.0),
        (6.0, 6.0, 0.0),
        (0.000977, 0.0009765625, 0.00005),
        (-0.3, -0.25, 0.05),
    ]
    in_browser = tab.evaluate("cases => cases.map(c => window.actlabQuiz.within(...c))", cases)
    assert in_browser == [_within(*c) for c in cases]


def test_generated_two_quizzes_on_a_page_define_the_script_once(tab, generated_url):
    _open(tab, f"{generated_url}two-light.html")
    assert tab.locator(".actlab-quiz[data-ready]").count() == 2
    form = tab.locator('#aq-demo form[data-q="exact"]')
    _answer(form, {"kind": "numeric"}, "6")
    assert "Right." in _check(form)["text"]
    assert tab.locator("#aq-ch01 .aq-result .aq-verdict").count() == 0  # the other quiz is untouched


def _tab_to(page, selector, limit=60):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => !!document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


@pytest.mark.parametrize("name", ["demo", "ch01"])
def test_generated_keyboard_alone_completes_a_whole_quiz(tab, generated_url, name):
    quiz = QUIZZES[name]
    _open(tab, f"{generated_url}{name}-light.html")
    root = tab.locator(f"#aq-{quiz.key}")
    for question in _spec(root)["questions"]:
        prefix = f'#aq-{quiz.key} form[data-q="{question["key"]}"]'
        if question["kind"] == "numeric":
            _tab_to(tab, f"{prefix} input")
            tab.keyboard.type(_right_answer(question))
            tab.keyboard.press("Enter")  # Enter in the box checks it
        elif question["kind"] == "single":
            _tab_to(tab, f"{prefix} input")  # the radio group; arrows move the choice
            tab.keyboard.press("Space")
            for _ in range(question["right"][0]):
                tab.keyboard.press("ArrowDown")
            _tab_to(tab, f"{prefix} .aq-check")
            outline = tab.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
            assert outline != "none", "the focused button shows no focus ring"
            tab.keyboard.press("Enter")
        else:
            for i in question["right"]:
                _tab_to(tab, f'{prefix} input[value="{i}"]')
                tab.keyboard.press("Space")
            _tab_to(tab, f"{prefix} .aq-check")
            tab.keyboard.press("Space")
        result = tab.locator(f"{prefix} .aq-result")
        assert "Right." in result.inner_text(), (question["key"], result.inner_text())
    total = len(quiz.questions)
    assert root.locator(".aq-score").inner_text() == f"Answered right: {total} of {total}."
    _tab_to(tab, f"#aq-{quiz.key} .aq-reset")
    tab.keyboard.press("Enter")
    assert root.locator(".aq-score").inner_text().endswith(f"0 of {total}.")


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("name", list(QUIZZES))
def test_generated_axe_finds_nothing_in_the_quiz(tab, generated_url, name, theme):
    tab.emulate_media(color_scheme=theme)
    _open(tab, f"{generated_url}{name}-{theme}.html")
    root = tab.locator(f"#aq-{QUIZZES[name].key}")
    show_wrong_and_right(root)
    violations = axe_violations_in(tab, f"#aq-{QUIZZES[name].key}")
    assert not violations, json.dumps(violations, indent=1)


def test_generated_fits_a_phone(tab, generated_url):
    tab.set_viewport_size(PHONE)
    _open(tab, f"{generated_url}demo-light.html")
    show_wrong_and_right(tab.locator("#aq-demo"))
    state = tab.evaluate("""() => {
      const quiz = document.querySelector('#aq-demo'), right = quiz.getBoundingClientRect().right;
      const out = [...quiz.querySelectorAll('*')].filter(el => el.getBoundingClientRect().right > right + 1
                                                         && el.getClientRects().length)
                    .map(el => el.tagName + '.' + el.className);
      return {page: document.documentElement.scrollWidth, width: window.innerWidth, out};
    }""")
    assert state["page"] <= state["width"] and not state["out"], state


def test_generated_without_javascript_the_answers_are_in_details(browser, generated_url):
    with watched_page(browser, java_script_enabled=False) as page:
        page.goto(f"{generated_url}demo-light.html")
        root = page.locator("#aq-demo")
        assert root.locator(".aq-check").first.is_hidden() and root.locator(".aq-reset").is_hidden()
        details = root.locator("details.aq-fallback")
        assert details.count() == len(DEMO.questions) and details.first.is_visible()
        details.first.locator("summary").click()
        assert "Answer:" in details.first.inner_text()


def test_generated_printing_hides_buttons_and_results(tab, generated_url):
    _open(tab, f"{generated_url}demo-light.html")
    show_wrong_and_right(tab.locator("#aq-demo"))
    tab.emulate_media(media="print")
    root = tab.locator("#aq-demo")
    assert root.locator(".aq-check").first.is_hidden() and root.locator(".aq-result").first.is_hidden()
    assert root.locator("legend").first.is_visible()


def test_generated_math_is_typeset_in_questions_and_feedback(tab, generated_url):
    if not (VENDOR / "mathjax" / "tex-chtml.js").is_file():
        pytest.skip("no self-hosted MathJax in _vendor (make book copies it there)")
    _open(tab, f"{generated_url}demo-light.html")
    root = tab.locator("#aq-demo")
    assert root.locator("legend mjx-container").count() >= 1
    assert root.locator(".aq-note mjx-container").count() >= 1  # hidden feedback typeset too
    form = root.locator('form[data-q="single"]')
    _answer(form, {"kind": "single"}, 1)
    _check(form)
    assert form.locator(".aq-result mjx-container").count() >= 1
    text = root.evaluate(
        "el => { const c = el.cloneNode(true);"
        " c.querySelectorAll('script, style, mjx-container').forEach(n => n.remove());"
        " return c.textContent; }"
    )
    assert "\\(" not in text and "\\)" not in text


# -------------------------------------------------------------------------------- the site


def _site_quizzes():
    found = []
    for toc_page in toc_pages():
        path = SITE_DIR / toc_page.html_path
        if path.is_file():
            for key in re.findall(
                r'<div class="actlab-quiz[^"]*" id="aq-[^"]*" data-key="([^"]+)"', path.read_text(encoding="utf-8")
            ):
                found.append(pytest.param(toc_page.docname, key, id=f"{toc_page.docname}:{key}"))
    return found or [pytest.param(None, None, id="no-built-site")]


SITE_QUIZZES = _site_quizzes()


def _quiz_by_key(key):
    for entry in selfcheck.catalogue():
        if entry.quiz.key == key:
            return entry.quiz
    if key == DEMO.key:
        return DEMO
    from actlab.selfcheck import traps  # the reference part's quiz, not a chapter's

    if traps.quiz.key == key:
        return traps.quiz
    raise AssertionError(f"No quiz with key {key!r} in actlab.selfcheck")


@pytest.fixture
def site_quiz(page, site_url, site_dir, docname, key):
    if docname is None:
        pytest.fail(f"No quiz found in {site_dir}: run `make book`.", pytrace=False)
    from .conftest import open_page

    open_page(page, site_url, docname)
    _settle(page)
    return page.locator(f"#aq-{key}")


@pytest.mark.parametrize("docname, key", SITE_QUIZZES)
def test_site_every_question_answers_and_progress_is_kept(page, site_quiz, docname, key):
    """The page's math is typeset in the quiz; every question answers; progress survives a reload.

    The grading of every option and tolerance edge is probed on the generated pages
    (``test_generated_every_question_answers``); here each of their questions gets one wrong
    answer. A quiz found only on the site is probed in full here.
    """
    assert site_quiz.locator("mjx-container").count() >= 1
    text = site_quiz.evaluate(
        "el => { const c = el.cloneNode(true);"
        " c.querySelectorAll('script, style, mjx-container').forEach(n => n.remove());"
        " return c.textContent; }"
    )
    assert "\\(" not in text and "\\)" not in text, "raw TeX left in the quiz"
    probed = any(quiz.key == key for quiz in QUIZZES.values())
    exercise_every_question(page, site_quiz, _quiz_by_key(key), every_probe=not probed)
    expect_progress_survives_a_reload_and_resets(page, key)


@pytest.mark.parametrize("docname, key", SITE_QUIZZES)
def test_site_axe_finds_nothing_in_an_answered_quiz(page, site_url, docname, key):
    """Light mode, then dark: the page is answered once and the system scheme switched under it."""
    if docname is None:
        pytest.fail("No quiz found in the built site: run `make book`.", pytrace=False)
    from .conftest import open_page, switch_scheme

    page.emulate_media(color_scheme="light")
    open_page(page, site_url, docname)
    _settle(page)
    show_wrong_and_right(page.locator(f"#aq-{key}"))
    for scheme in ("light", "dark"):
        switch_scheme(page, scheme)
        violations = axe_violations_in(page, f"#aq-{key}")
        assert not violations, f"{scheme} mode: " + json.dumps(violations, indent=1)


if os.environ.get("ACTLAB_QUIZ_SCREENSHOTS"):  # pragma: no cover - a helper for authors, not a test

    def test_screenshots(tab, generated_url):
        folder = os.environ["ACTLAB_QUIZ_SCREENSHOTS"]
        for width in (DESKTOP["width"], PHONE["width"]):
            for theme in ("light", "dark"):
                tab.set_viewport_size({"width": width, "height": 900})
                tab.emulate_media(color_scheme=theme)
                _open(tab, f"{generated_url}ch01-{theme}.html")
                tab.locator("#aq-ch01").screenshot(path=f"{folder}/before-{width}-{theme}.png")
                show_wrong_and_right(tab.locator("#aq-ch01"))
                tab.locator("#aq-ch01").screenshot(path=f"{folder}/after-{width}-{theme}.png")
