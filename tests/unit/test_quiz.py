"""Quizzes: authored once, graded in Python exactly as the page grades them, rendered as accessible HTML.

The browser side (quiz.js) is tested in tests/browser/test_quiz.py; here the
question constructors refuse incomplete questions with a sentence, ``grade``
gives each answer its feedback, and the HTML has the structure the script and
assistive technology rely on.
"""

import importlib.util
import re
from pathlib import Path

import pytest

from actlab import selfcheck
from actlab.quiz import Mistake, MultipleChoice, Numeric, Option, Quiz, SingleChoice, parse_number, render_text

ROOT = Path(__file__).resolve().parents[2]


def make_quiz():
    return Quiz(
        "demo",
        title="Demo quiz",
        questions=[
            SingleChoice(
                "one",
                "Pick \\( a < b \\)",
                [
                    Option("right", correct=True, feedback="Yes, because."),
                    Option("wrong", feedback="Mixes up A and B."),
                ],
                explanation="Because **reasons**.",
            ),
            MultipleChoice(
                "many",
                "Tick the affine ones",
                [
                    Option("3z - 1", correct=True),
                    Option("z", correct=True),
                    Option("relu", feedback="ReLU has a kink."),
                    Option("tanh", feedback="tanh bends."),
                ],
                explanation="Affine means cz + d.",
            ),
            Numeric(
                "num",
                "sigma'(0)?",
                answer=0.25,
                tolerance=0.01,
                unit="per unit",
                mistakes=[Mistake(1.0, "That is tanh'(0)."), Mistake(-0.25, "Sign.", tolerance=0.001)],
                explanation="A quarter.",
            ),
        ],
    )


# ------------------------------------------------------------------------------ grading


def test_single_choice_grades_each_option_with_its_feedback():
    quiz = make_quiz()
    assert quiz.grade("one", 0).correct and quiz.grade("one", 0).feedback == "Yes, because."
    assert quiz.grade("one", 1) == quiz["one"].grade(1)
    assert not quiz.grade("one", 1).correct and quiz.grade("one", 1).feedback == "Mixes up A and B."


def test_multiple_choice_needs_every_right_option_and_no_wrong_one():
    quiz = make_quiz()
    assert quiz.grade("many", [0, 1]).correct
    grade = quiz.grade("many", [0, 2])
    assert not grade.correct and grade.feedback == "ReLU has a kink. One right option is missing."
    assert quiz.grade("many", [2, 3]).feedback == "ReLU has a kink. tanh bends. 2 right options are missing."
    assert quiz.grade("many", [0, 1, 3]).feedback == "tanh bends."


@pytest.mark.parametrize(
    "given,correct,feedback",
    [
        (0.25, True, ""),
        ("0.25", True, ""),
        ("1/4", True, ""),
        ("0,25", True, ""),
        (0.26, True, ""),
        (0.24, True, ""),
        ("0.26", True, ""),  # both edges count
        (0.2601, False, "Too high."),
        (0.2399, False, "Too low."),
        ("1", False, "That is tanh'(0)."),
        ("1.005", False, "That is tanh'(0)."),
        ("-0.25", False, "Sign."),
        ("-0.2505", False, "Sign."),
        ("-0.252", False, "Too low."),
        ("abc", False, "'abc' is not a number; write it like 0.25 or 1/4."),
    ],
)
def test_numeric_tolerance_holds_at_its_edges_and_mistakes_are_named(given, correct, feedback):
    grade = make_quiz().grade("num", given)
    assert (grade.correct, grade.feedback) == (correct, feedback)


@pytest.mark.parametrize(
    "text,value",
    [
        ("0.25", 0.25),
        (" 0,25 ", 0.25),
        ("\u22120.5", -0.5),
        ("1e-3", 0.001),
        ("2.5E+2", 250.0),
        ("1 000", 1000.0),
        ("3/4", 0.75),
        ("-1/8", -0.125),
        (".5", 0.5),
        ("5.", 5.0),
        ("", None),
        ("1/0", None),
        ("1/2/3", None),
        ("nan", None),
        ("inf", None),
        ("0x10", None),
        ("1e999", None),
    ],
)
def test_parse_number_reads_what_learners_type(text, value):
    assert parse_number(text) == value


# ------------------------------------------------------------------------- construction


@pytest.mark.parametrize(
    "build,phrase",
    [
        (lambda: Option("wrong"), "has no feedback"),
        (lambda: Option(""), "non-empty string"),
        (
            lambda: SingleChoice("k", "p", [Option("a", correct=True), Option("b", correct=True)], explanation="e"),
            "exactly one right option",
        ),
        (lambda: SingleChoice("k", "p", [Option("a", correct=True)], explanation="e"), "at least two"),
        (
            lambda: MultipleChoice("k", "p", [Option("a", feedback="f"), Option("b", feedback="g")], explanation="e"),
            "no right option",
        ),
        (
            lambda: SingleChoice(
                "bad key", "p", [Option("a", correct=True), Option("b", feedback="f")], explanation="e"
            ),
            "letters, digits and '-'",
        ),
        (
            lambda: SingleChoice("k", "p", [Option("a", correct=True), Option("b", feedback="f")], explanation=""),
            "explanation",
        ),
        (lambda: Numeric("k", "p", answer=1, tolerance=-1, explanation="e"), "tolerance"),
        (lambda: Numeric("k", "p", answer=float("nan"), tolerance=0, explanation="e"), "finite number"),
        (
            lambda: Numeric("k", "p", answer=1, tolerance=0.1, mistakes=[Mistake(1.05, "f")], explanation="e"),
            "within the tolerance",
        ),
        (lambda: Quiz("q", []), "needs a list of questions"),
        (lambda: Quiz("q", [Numeric("a", "p", answer=1, tolerance=0, explanation="e")] * 2), "more than once"),
    ],
)
def test_incomplete_questions_are_refused_with_a_sentence(build, phrase):
    with pytest.raises(ValueError, match=re.escape(phrase)):
        build()


def test_unknown_question_key_lists_the_known_ones():
    with pytest.raises(KeyError, match=r"its questions are \['one', 'many', 'num'\]"):
        make_quiz().grade("nope", 0)


# ----------------------------------------------------------------------------------- HTML


def test_html_has_accessible_form_controls_and_a_live_result_per_question():
    html = make_quiz().to_html()
    assert html.count("<fieldset>") == 3 and html.count("<legend>") == 3
    assert html.count('type="radio"') == 2 and html.count('type="checkbox"') == 4
    assert 'type="text" inputmode="decimal"' in html
    for control in re.findall(r'<input [^>]*id="([^"]+)"', html):
        assert f'<label for="{control}">' in html, f"{control} has no label"
    assert html.count('role="status" aria-live="polite"') == 3
    assert html.count('class="aq-reveal" aria-expanded="false"') == 3
    assert html.count("hidden>Show answer") == 3
    assert html.count('<button type="submit" class="aq-check">Check</button>') == 3
    assert 'class="aq-reset">Start over</button>' in html
    assert 'aria-describedby="aq-demo-num-unit"' in html and ">per unit</span>" in html


def test_html_keeps_every_feedback_on_the_page_for_mathjax_and_a_details_fallback():
    html = make_quiz().to_html()
    assert '<div class="aq-note" data-option="1" hidden>Mixes up A and B.</div>' in html
    assert (
        '<div class="aq-note" data-mistake="0" hidden>That is tanh&#x27;(0).</div>' in html
        or '<div class="aq-note" data-mistake="0" hidden>That is tanh\'(0).</div>' in html
    )
    assert html.count('<details class="aq-fallback">') == 3
    assert "<summary>Answer to question 1</summary><p><strong>Answer:</strong> right</p>" in html
    assert "\\( a &lt; b \\)" in html  # math kept for MathJax, with < escaped


def test_html_is_self_contained_and_defines_its_script_once():
    html = make_quiz().to_html()
    assert not re.search(r'(src|href)="(https?:)?//', html), "nothing may load from another host"
    assert html.count("<script>") == 1 and html.count("<style>") == 1
    assert "if (window.actlabQuiz)" in html
    data = re.search(r'<script type="application/json" class="aq-data">(.*?)</script>', html).group(1)
    assert '"right":[0]' in data and '"mistakes":[[1.0,0.01],[-0.25,0.001]]' in data


def test_html_is_the_same_on_every_run():
    assert make_quiz().to_html() == make_quiz().to_html()
    assert make_quiz().signature() == make_quiz().signature()


def test_render_text_escapes_and_marks_up_outside_math_only():
    assert (
        render_text("**a** *b* `c<d` \\( x*y*z \\)")
        == "<strong>a</strong> <em>b</em> <code>c&lt;d</code> \\( x*y*z \\)"
    )
    assert render_text("one\n\ntwo", block=True) == "<p>one</p><p>two</p>"
    assert render_text("<script>") == "&lt;script&gt;"


def test_text_repr_lists_questions_without_answers():
    text = str(make_quiz())
    assert "1. Pick \\( a < b \\)" in text and "   b) wrong" in text
    assert "(answer with a number, in per unit)" in text
    assert "Yes, because" not in text


def test_answer_key_gives_every_answer_and_explanation():
    key = make_quiz().answer_key()
    assert "Answer: right. Because **reasons**." in key
    assert "Answer: 3z - 1; z. Affine means cz + d." in key
    assert "Answer: 0.25 per unit (anything from 0.24 to 0.26 per unit counts). A quarter." in key


# ------------------------------------------------------------------------- every chapter


@pytest.mark.parametrize("entry", selfcheck.catalogue(), ids=lambda e: e.chapter)
def test_every_chapter_quiz_has_enough_questions_and_feedback(entry):
    quiz = entry.quiz
    assert len(quiz.questions) >= 4
    for q in quiz.questions:
        for i, option in enumerate(getattr(q, "options", [])):
            if not option.correct:
                assert not quiz.grade(q.key, i if isinstance(q, SingleChoice) else [i]).correct
        if isinstance(q, Numeric):
            assert quiz.grade(q.key, q.answer).correct
            for m in q.mistakes:
                assert quiz.grade(q.key, m.value).feedback == m.feedback


def test_chapter_1_quiz_covers_collapse_xor_polynomials_and_kinks():
    quiz = selfcheck.quiz("ch01")
    assert {"collapse", "xor", "polynomial", "pieces"} <= {q.key for q in quiz.questions}
    assert quiz.grade("collapse", 63).correct and quiz.grade("pieces", 6).correct
    assert "number of straight pieces" in quiz.grade("pieces", 7).feedback


# ------------------------------------------------------------- the notebook test's hooks


def _root_conftest():
    spec = importlib.util.spec_from_file_location("root_conftest", ROOT / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("solved", [False, True])
def test_exercise_notebooks_are_prepared_as_given_and_solved(solved):
    conftest = _root_conftest()
    nb = conftest._read_markdown_notebook(ROOT / "exercises" / "01_nonlinearity.md", solved)
    marked = [c for c in nb.cells if "exercise" in c.metadata]
    assert [c.metadata["exercise"] for c in marked] == ["ch01.collapse", "ch01.xor_net", "ch01.relu_sum"]
    if solved:
        assert marked[0].source == selfcheck.exercise("ch01.collapse").solution_source
    else:
        assert "raise NotImplementedError" in marked[0].source
    expect = "correct" if solved else "not attempted"
    assert nb.cells[-1].source.endswith(f"expect={expect!r})")


def test_verify_passes_only_on_the_expected_outcome():
    from actlab.selfcheck import ch01

    solved = {"collapse": ch01.collapse.reference}
    assert selfcheck.verify(solved, ["ch01.collapse"], expect="correct") == "1 exercise(s) correct."
    with pytest.raises(AssertionError, match="expected 'not attempted'"):
        selfcheck.verify(solved, ["ch01.collapse"], expect="not attempted")
    with pytest.raises(AssertionError, match="defines no function `net`"):
        selfcheck.verify({}, ["ch01.xor_net"], expect="correct")
