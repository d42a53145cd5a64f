"""Exercises answer in sentences: correct, not yet (how many passed, what was expected), not attempted.

The numerical helpers each name their mistake, and a learner's wrong code never
makes a check raise.
"""

import numpy as np
import pytest

from actlab import checks, selfcheck
from actlab.checks import CORRECT, NOT_ATTEMPTED, NOT_YET, Case, Exercise, NotYet
from actlab.selfcheck import ch01


def relu(z):
    return np.maximum(z, 0.0)


def _square(z):
    """z squared."""
    return z * z


SQUARE = Exercise(
    "demo.square",
    "Square it",
    solution=_square,
    cases=[Case(np.array([1.0, -2.0, 3.0])), Case(np.array([0.5])), Case(np.array([-4.0]))],
    hints=["Multiply z by itself.", "Use z * z or z ** 2."],
    explanation="Squares.",
)


# ------------------------------------------------------------------------- three outcomes


def test_a_right_answer_is_correct_and_counts_every_check():
    fb = SQUARE.check(lambda z: z**2)
    assert fb.status == CORRECT and fb.passed_all and bool(fb)
    assert (fb.passed, fb.total) == (3, 3)
    assert "all 3 checks passed" in str(fb)


def test_not_yet_reports_how_many_passed_and_the_first_failure_with_input_expected_and_got():
    fb = SQUARE.check(lambda z: np.where(z > -3, z * z, 0.0))  # wrong below -3 only
    assert fb.status == NOT_YET and not fb
    assert (fb.passed, fb.total) == (2, 3)
    assert (
        fb.message == "2 of 3 checks passed. For z = [-4]: expected [16], but got [0]; "
        "the largest difference is 16 (at index 0, where the input is -4)."
    )
    fb = SQUARE.check(lambda z: np.abs(z) * z)  # wrong for negative z
    assert fb.message.startswith("1 of 3 checks passed. For z = [1, -2, 3]: expected [1, 4, 9], but got [1, -4, 9]")
    assert fb.message.endswith("(1 other input failed too.)")


def stub_raises(z):
    """Not written yet."""
    raise NotImplementedError


def stub_pass(z):
    pass


def stub_ellipsis(z):
    """Docstring only, then ..."""
    ...


@pytest.mark.parametrize("stub", [stub_raises, stub_pass, stub_ellipsis])
def test_a_placeholder_is_not_attempted(stub):
    fb = SQUARE.check(stub)
    assert fb.status == NOT_ATTEMPTED
    assert "demo.square.hint()" in fb.message and "Replace that line" in fb.message
    assert str(fb).startswith("○ Not attempted yet.")


def forgot_return(z):
    result = z * z  # noqa: F841 - the mistake under test


def test_a_missing_return_is_not_yet_and_says_so():
    fb = SQUARE.check(forgot_return)
    assert fb.status == NOT_YET and "forget the `return`" in fb.message


def raises_inside(z):
    scale = 0
    return z / scale if isinstance(scale, float) else z[10]


def test_an_exception_in_the_learners_code_is_a_sentence_naming_it_the_input_and_the_line():
    fb = SQUARE.check(raises_inside)
    assert fb.status == NOT_YET
    assert "raised IndexError" in fb.message and "For z = [1, -2, 3]" in fb.message
    assert "at line 3 of your function: `return z / scale" in fb.message
    assert "Traceback" not in fb.message


@pytest.mark.parametrize(
    "value,phrase", [(None, "you called it"), (3.0, "expected a function"), ("square", "expected a function")]
)
def test_passing_something_else_than_a_function_is_explained(value, phrase):
    fb = SQUARE.check(value)
    assert fb.status == NOT_YET and phrase in fb.message and "demo.square.check(_square)" in fb.message


def in_place(z):
    z *= z
    return z


def test_an_input_changed_in_place_is_reported():
    fb = SQUARE.check(in_place)
    assert fb.status == NOT_YET and "changed z in place" in fb.message
    assert "at index 1 it was -2 and is now 4" in fb.message


def test_the_learners_function_gets_copies_so_cases_stay_intact():
    before = [c.args[0].copy() for c in SQUARE.cases]
    SQUARE.check(in_place)
    assert all(np.array_equal(b, c.args[0]) for b, c in zip(before, SQUARE.cases))


def test_warning_free_exercises_reject_a_right_value_reached_through_an_overflow():
    def safe(z):
        """exp(-|z|), never overflowing."""
        return np.exp(-np.abs(z))

    ex = Exercise(
        "demo.safe",
        "Safe",
        solution=safe,
        cases=[Case(np.array([-1000.0, 0.0, 1000.0]))],
        hints=["h"],
        warning_free=True,
    )
    assert ex.check(safe).status == CORRECT
    fb = ex.check(lambda z: 1 / np.exp(np.abs(z)))  # exp(1000) = inf, 1/inf = 0: right value, overflow
    assert fb.status == NOT_YET and "overflow" in fb.message


def test_nan_from_an_overflow_names_the_first_bad_entry_and_the_warning():
    def softish(z):
        """A stable ratio."""
        return np.exp(z - z.max()) / np.exp(z - z.max()).sum()

    ex = Exercise("demo.softish", "Soft", solution=softish, cases=[Case(np.array([0.0, 800.0, 1000.0]))], hints=["h"])
    fb = ex.check(lambda z: np.exp(z) / np.exp(z).sum())
    assert fb.status == NOT_YET
    assert "NaN or infinite" in fb.message
    assert "the first is nan at index 1, where the input is 800" in fb.message
    assert "overflow encountered in exp" in fb.message and "subtract the maximum" in fb.message


# ---------------------------------------------------------------------------------- hints


def test_hints_are_progressive_and_numbered():
    ex = Exercise(
        "demo.square", "Square it", solution=_square, cases=[Case(np.array([1.0]))], hints=["first", "second"]
    )
    assert "Hint 1 of 2" in repr(ex.hint()) and "first" in repr(ex.hint(1))
    assert "Hint 2 of 2 (the last one)" in repr(ex.hint())
    assert "seen them all" in repr(ex.hint()) and "demo.square.solution()" in repr(ex.hint())
    assert "second" in repr(ex.hint(2))
    with pytest.raises(ValueError, match="numbered from 1 to 2"):
        ex.hint(0)


def test_solution_shows_the_reference_source_folded():
    sol = SQUARE.solution()
    assert "def _square(z):" in repr(sol) and "Squares." in repr(sol)
    html = sol._repr_html_()
    assert html.startswith('<div class="actlab-solution')
    assert "<details><summary>Solution: Square it</summary>" in html
    assert SQUARE.solution_source.startswith("def _square(z):")


@pytest.mark.parametrize(
    "kwargs,phrase",
    [
        (dict(name="square"), "'<chapter module>.<attribute>'"),
        (dict(hints=[]), "at least one hint"),
        (dict(solution=lambda z: z), None),
    ],
)
def test_exercise_construction_errors_are_sentences(kwargs, phrase):
    args = dict(name="demo.square", title="t", solution=_square, cases=[Case(1.0)], hints=["h"])
    args.update(kwargs)
    name = args.pop("name")
    title = args.pop("title")
    if phrase is None:  # a lambda has no usable name: it cannot be the learner's function
        with pytest.raises(ValueError, match="plain function"):
            Exercise(name, title, **args)
        return
    with pytest.raises(ValueError, match=phrase):
        Exercise(name, title, **args)


# -------------------------------------------------------------------------------- helpers


@pytest.mark.parametrize(
    "got,shape,phrase",
    [
        (np.ones((4, 1)), (4,), "extra axis of length 1"),
        (np.ones(4), (4, 1), "keepdims=True"),
        (np.ones((3, 2)), (2, 3), "transposed"),
        (np.ones(3), (2, 3), "summed or reduced away"),
        (np.ones((2, 3)), (2,), "axis 1"),
        ("abc", (1,), "numbers"),
    ],
)
def test_expect_shape_names_the_usual_cause(got, shape, phrase):
    with pytest.raises(NotYet, match=phrase):
        checks.expect_shape(got, shape)


def test_expect_close_names_factor_sign_and_worst_entry():
    with pytest.raises(NotYet, match="4 times too large"):
        checks.expect_close(1.0, 0.25)
    with pytest.raises(NotYet, match="the sign is flipped"):
        checks.expect_close(-0.5, 0.5)
    z = np.linspace(-3, 3, 50)
    wrong = np.tanh(z)
    wrong[40] += 1
    with pytest.raises(
        NotYet,
        match=r"1 of 50 entries of the result are off; the worst is at index 40, "
        r"where the input is 1\.898",
    ):
        checks.expect_close(wrong, np.tanh(z), inputs=z)
    checks.expect_close(np.tanh(z) + 1e-12, np.tanh(z))


def test_expect_rows_sum_to_one_spots_the_wrong_axis():
    p = np.array([[1.0, 3.0], [2.0, 2.0]])
    checks.expect_rows_sum_to_one(p / p.sum(axis=1, keepdims=True))
    with pytest.raises(NotYet, match="columns sum to 1 instead"):
        checks.expect_rows_sum_to_one(p / p.sum(axis=0))


def test_gradient_check_reports_relative_error_and_skips_kinks():
    z = np.linspace(-2, 2, 9)  # includes the kink at 0
    assert checks.gradient_check(relu, lambda z: (z > 0) * 1.0, z, kinks=(0.0,)) < 1e-6
    with pytest.raises(NotYet, match="relative error"):
        checks.gradient_check(np.tanh, lambda z: np.ones_like(z), z)
    # a scalar function: the numerical gradient entry by entry
    assert checks.gradient_check(lambda w: float(np.sum(w**2)), lambda w: 2 * w, z) < 1e-6


def test_kink_convention():
    checks.expect_kink_derivative(lambda z: (z > 0) * 1.0, expected=0.0)
    with pytest.raises(NotYet, match="left-hand value 0.*z > 0, not z >= 0"):
        checks.expect_kink_derivative(lambda z: (z >= 0) * 1.0, expected=0.0)


def test_unchanged_input_for_lists_and_arrays():
    checks.unchanged_input([np.ones(2)], [np.ones(2)])
    with pytest.raises(NotYet, match="instead of assigning into layers"):
        checks.unchanged_input([np.ones(2)], [np.zeros(2)], name="layers")


def test_describe_is_short():
    assert checks.describe(np.array([[1.0, 2.0], [3.0, 4.0]])) == "[[1, 2], [3, 4]]"
    assert checks.describe(np.zeros(100)) == "an array of shape (100,) (float64)"
    assert checks.describe(list(range(100))) == "a list of length 100"


def test_feedback_html_is_escaped_and_announced():
    fb = checks.Feedback("x<y", NOT_YET, "a & b")
    html = fb._repr_html_()
    assert "x&lt;y" in html and "a &amp; b" in html and 'role="status"' in html and "Not yet." in html


# ------------------------------------------------------------------------------ chapter 1


def good_collapse(layers):
    W, b = layers[0]
    for W_next, b_next in layers[1:]:
        W, b = W @ W_next, b @ W_next + b_next
    return W, b


def forgot_later_biases(layers):
    W, b = layers[0]
    for W_next, _ in layers[1:]:
        W, b = W @ W_next, b @ W_next
    return W, b


def adds_biases_without_carrying_them(layers):
    W, b = layers[0]
    for W_next, b_next in layers[1:]:
        W, b = W @ W_next, b + b_next
    return W, b


def good_xor(X):
    a, b = X[:, 0], X[:, 1]
    return relu(a - b) + relu(b - a) - relu(a + b) - relu(-a - b)


def corners_only(X):
    corners = {(-1.0, 1.0), (1.0, -1.0)}
    return np.array([1.0 if tuple(p) in corners else -1.0 for p in X])


@pytest.mark.parametrize("exercise", selfcheck.exercises("ch01"), ids=lambda e: e.name)
def test_every_chapter_1_reference_solution_is_correct(exercise):
    assert exercise.check(exercise.reference).status == CORRECT
    assert len(exercise.hints) >= 2


@pytest.mark.parametrize(
    "exercise,answer,phrase",
    [
        (ch01.collapse, good_collapse, None),
        (ch01.collapse, forgot_later_biases, "W is right, so the bias is off"),
        (ch01.collapse, adds_biases_without_carrying_them, "raised ValueError"),
        (ch01.collapse, lambda layers: layers[0], "to have shape (3, 2)"),
        (ch01.collapse, lambda layers: (np.zeros((3, 3)), np.zeros(3)), "shape"),
        (ch01.xor_net, good_xor, None),
        (ch01.xor_net, lambda X: X[:, 0] * X[:, 1], "the sign is wrong at (1, 1)"),
        (ch01.xor_net, lambda X: -X[:, 0] * X[:, 1], None),  # not a network, but right
        (ch01.xor_net, lambda X: X.sum(axis=1, keepdims=True), "extra axis of length 1"),
        (ch01.xor_net, lambda X: np.full(len(X), np.nan), "NaN"),
        (ch01.xor_net, corners_only, "1 of 2 checks passed"),
        (ch01.relu_sum, lambda t, y: (y[0], np.diff(y) / np.diff(t)), "c holds the slopes themselves"),
        (ch01.relu_sum, lambda t, y: y, "a pair (c0, c)"),
    ],
)
def test_chapter_1_exercises_name_the_mistake(exercise, answer, phrase):
    fb = exercise.check(answer)
    if phrase is None:
        assert fb.status == CORRECT, str(fb)
    else:
        assert fb.status == NOT_YET and phrase in fb.message, str(fb)
        assert "Traceback" not in fb.message
