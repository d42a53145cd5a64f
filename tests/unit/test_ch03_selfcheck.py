"""Chapter 3's quiz and exercises: reference solutions pass, typical mistakes get named."""

import numpy as np

from actlab.checks import CORRECT, NOT_YET
from actlab.selfcheck import ch03, exercises

EXERCISES = exercises("ch03")


def test_the_chapter_has_four_exercises_and_a_quiz_of_at_least_five():
    assert [e.name for e in EXERCISES] == [
        "ch03.overflow_safe_sigmoid",
        "ch03.leaky",
        "ch03.gelu_approximation",
        "ch03.gelu_gap",
    ]
    assert len(ch03.quiz.questions) >= 5


def test_textbook_sigmoid_is_not_yet_because_numpy_warns():
    feedback = ch03.overflow_safe_sigmoid.check(lambda z: 1.0 / (1.0 + np.exp(-z)))
    assert feedback.status == NOT_YET
    assert "overflow" in feedback.message


def test_clipping_at_500_is_enough_in_float64_but_not_in_float32():
    feedback = ch03.overflow_safe_sigmoid.check(lambda z: 1.0 / (1.0 + np.exp(-np.clip(z, -500, 500))))
    assert feedback.status == NOT_YET
    assert "float32" in feedback.message and "2 of 3" in feedback.message


def test_where_with_unsafe_branches_still_warns():
    def sigmoid(z):
        return np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z)))

    feedback = ch03.overflow_safe_sigmoid.check(sigmoid)
    assert feedback.status == NOT_YET
    assert "both branches" in feedback.message


def test_sigmoid_that_loses_the_dtype_is_named():
    feedback = ch03.overflow_safe_sigmoid.check(lambda z: ch03.sigmoid(z.astype(np.float64)))
    assert feedback.status == NOT_YET
    assert "should stay float32" in feedback.message


def test_leaky_relu_kink_convention_is_named():
    def leaky_relu(z, alpha=0.01):
        return np.where(z > 0, z, alpha * z), np.where(z >= 0, 1.0, alpha)

    feedback = ch03.leaky.check(leaky_relu)
    assert feedback.status == NOT_YET
    assert "use z > 0, not z >= 0" in feedback.message


def test_leaky_relu_max_shortcut_is_named_for_alpha_above_one():
    def leaky_relu(z, alpha=0.01):
        return np.maximum(alpha * z, z), np.where(z > 0, 1.0, alpha)

    feedback = ch03.leaky.check(leaky_relu)
    assert feedback.status == NOT_YET
    assert "2 of 3" in feedback.message and "0 < alpha < 1" in feedback.message


def test_gap_that_returns_the_index_is_named():
    def largest_gap(z):
        gap = np.abs(ch03.gelu(z) - ch03.gelu_tanh(z))
        return gap.max(), gap.argmax()

    feedback = ch03.gelu_gap.check(largest_gap)
    assert feedback.status == NOT_YET
    assert "not the index" in feedback.message


def test_gap_at_either_sign_is_accepted():
    def largest_gap(z):
        gap = np.abs(ch03.gelu(z) - ch03.gelu_tanh(z))
        i = len(z) - 1 - np.argmax(gap[::-1])  # the last maximum, not the first
        return gap[i], -z[i]

    assert ch03.gelu_gap.check(largest_gap).status == CORRECT


def test_quiz_answers_and_named_mistakes():
    quiz = ch03.quiz
    assert quiz.grade("gelu-at-1", "0.84").correct
    assert "below" in quiz.grade("gelu-at-1", "1").feedback
    assert quiz.grade("leaky-far-left", "-10").correct
    assert "ReLU" in quiz.grade("leaky-far-left", "0").feedback
    assert quiz.grade("slope-at-0", 1).correct  # tanh
    assert "left-hand value" in quiz.grade("slope-at-0", 2).feedback  # ReLU at its kink
    assert quiz.grade("ranges", [0, 4]).correct  # sigmoid and ELU
    assert "bounded below" in quiz.grade("ranges", [0, 3, 4]).feedback  # GELU
    assert quiz.grade("zero-centred", [2]).correct  # tanh
    assert quiz.grade("deterministic", 2).correct
