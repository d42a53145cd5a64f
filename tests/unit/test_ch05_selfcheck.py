"""Chapter 5's quiz and exercises: reference solutions pass, typical mistakes get named."""

import numpy as np
import pytest

from actlab.checks import NOT_YET
from actlab.selfcheck import ch05, exercises

EXERCISES = exercises("ch05")


def test_the_chapter_has_three_exercises_and_a_quiz_of_at_least_five():
    assert [e.name for e in EXERCISES] == ["ch05.count_dead", "ch05.leaky_backward", "ch05.safe_lr"]
    assert len(ch05.quiz.questions) >= 5


def _counter(dead_test, *, hidden_only=True):
    def count(params, X):
        counts, h = [], X
        for W, b in params[:-1] if hidden_only else params:
            z = h @ W + b
            counts.append(int(np.sum(dead_test(z))))
            h = np.maximum(z, 0.0)
        return counts

    return count


@pytest.mark.parametrize(
    "count, words",
    [
        (_counter(lambda z: np.all(z < 0, axis=0)), "z <= 0, not z < 0"),
        (_counter(lambda z: np.any(z <= 0, axis=0)), "That is sparsity"),
        (_counter(lambda z: np.all(z <= 0, axis=0), hidden_only=False), "output layer"),
    ],
)
def test_counting_mistakes_are_named(count, words):
    feedback = ch05.count_dead.check(count)
    assert feedback.status == NOT_YET and words in feedback.message


@pytest.mark.parametrize(
    "backward, words",
    [
        (lambda z, dh, alpha=0.01: dh * np.where(z >= 0, 1.0, alpha), "use z > 0, not z >= 0"),
        (lambda z, dh, alpha=0.01: dh * (z > 0), "ReLU's backward step"),
        (lambda z, dh, alpha=0.01: np.where(z > 0, 1.0, alpha), "the slope itself"),
        (lambda z, dh, alpha=0.01: np.where(z > 0, dh, alpha * z), "the forward value"),
    ],
)
def test_backward_mistakes_are_named(backward, words):
    feedback = ch05.leaky_backward.check(backward)
    assert feedback.status == NOT_YET and words in feedback.message


def test_a_backward_step_that_changes_dh_in_place_is_caught():
    def in_place(z, dh, alpha=0.01):
        dh *= np.where(z > 0, 1.0, alpha)
        return dh

    feedback = ch05.leaky_backward.check(in_place)
    assert feedback.status == NOT_YET and "in place" in feedback.message


def test_recovery_tells_the_story_with_the_learners_step():
    assert "fired again at step" in ch05.recovery(ch05.leaky_backward.reference)
    assert "never came back" in ch05.recovery(lambda z, dh: dh * (z > 0))

    def placeholder(z, dh, alpha=0.01):
        raise NotImplementedError

    assert ch05.recovery(placeholder).startswith("Not attempted yet")


def test_stopping_at_the_first_unsafe_rate_is_not_yet():
    def first_failure(learning_rates, max_dead):
        best = learning_rates[0]
        for lr in learning_rates:
            if ch05.dead_fraction_after(lr) > max_dead:
                break
            best = lr
        return best

    feedback = ch05.safe_lr.check(first_failure)
    assert feedback.status == NOT_YET and "try every candidate" in feedback.message


def test_the_lr_exercise_needs_a_non_monotonic_case_to_teach_that():
    dead = [ch05.dead_fraction_after(lr) for lr in ch05.CANDIDATE_LRS]
    assert any(later < earlier for earlier, later in zip(dead, dead[1:]))


def test_quiz_numbers_and_mistakes():
    assert ch05.quiz.grade("batch", "0.52").correct
    assert "at least once" in ch05.quiz.grade("batch", "0.48").feedback
    assert "do not add up" in ch05.quiz.grade("batch", "0.64").feedback
    assert ch05.quiz.grade("definition", 0).correct
    assert "never negative" in ch05.quiz.grade("definition", 1).feedback
