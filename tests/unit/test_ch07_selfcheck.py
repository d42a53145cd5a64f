"""Chapter 7's quiz and exercises: reference solutions pass, typical mistakes get named."""

import pytest
from scipy.special import expit as sigmoid

from actlab.checks import CORRECT, NOT_YET
from actlab.selfcheck import ch07, exercises

EXERCISES = exercises("ch07")


def test_the_chapter_has_three_exercises_and_a_quiz_of_at_least_five():
    assert [e.name for e in EXERCISES] == ["ch07.output_layer", "ch07.swiglu", "ch07.best_lr"]
    assert len(ch07.quiz.questions) >= 5
    keys = {q.key for q in ch07.quiz.questions}
    assert {"three-classes", "tags", "price", "lstm-gate", "retune"} <= keys


RIGHT = {
    "temperature": ("identity", "mse"),
    "spam": ("sigmoid", "bce"),
    "digit": ("softmax", "cross-entropy"),
    "tags": ("sigmoid", "bce"),
    "pixel": ("tanh", "mse"),
}


@pytest.mark.parametrize(
    "task, choice, words",
    [
        ("tags", ("softmax", "cross-entropy"), "compete"),
        ("spam", ("sigmoid", "mse"), "p(1 - p)"),
        ("temperature", ("relu", "mse"), "never negative"),
        ("pixel", ("sigmoid", "mse"), "between 0 and 1"),
        ("digit", ("relu", "cross-entropy"), "stopped learning"),
        ("digit", ("softmax", "bce"), "binary cross-entropy is for yes/no"),
    ],
)
def test_each_wrong_choice_is_explained(task, choice, words):
    feedback = ch07.output_layer.check(lambda t: choice if t == task else RIGHT[t])
    assert feedback.status == NOT_YET and words in feedback.message


def test_synonyms_are_accepted_and_unknown_names_named():
    synonyms = {
        **RIGHT,
        "temperature": ("linear", "Mean Squared Error"),
        "digit": ("Softmax", "categorical_cross-entropy"),
    }
    assert ch07.output_layer.check(lambda t: synonyms[t]).status == CORRECT
    feedback = ch07.output_layer.check(lambda t: ("swish", "mse"))
    assert "not an output activation this exercise knows" in feedback.message


def silu(u):
    return u * sigmoid(u)


@pytest.mark.parametrize(
    "block, words",
    [
        (lambda x, g, u, d: (sigmoid(x @ g) * (x @ u)) @ d, "original GLU"),
        (lambda x, g, u, d: ((x @ g) * silu(x @ u)) @ d, "belongs to the gate"),
        (lambda x, g, u, d: silu(x @ g) * (x @ u), "W_down"),
        (lambda x, g, u, d: (silu(x @ g) + (x @ u)) @ d, "multiplied elementwise"),
    ],
)
def test_swiglu_mistakes_are_named(block, words):
    feedback = ch07.swiglu.check(block)
    assert feedback.status == NOT_YET and words in feedback.message


@pytest.mark.parametrize(
    "answer, words",
    [
        (lambda a, d, lrs, seeds=2: 0, "a position in `lrs`"),
        (lambda a, d, lrs, seeds=2: 0.95, "looks like an accuracy"),
        (lambda a, d, lrs, seeds=2: list(lrs), "one number per learning rate"),
        (lambda a, d, lrs, seeds=2: lrs[0], "lowest mean accuracy"),
        (lambda a, d, lrs, seeds=2: lrs[1], "mean accuracies"),
    ],
)
def test_best_lr_mistakes_are_named(answer, words):
    feedback = ch07.best_lr.check(answer)
    assert feedback.status == NOT_YET and words in feedback.message


def test_quiz_mistakes_are_named():
    assert "three matrices against two" in ch07.quiz.grade("swiglu-parameters", "2").feedback
    assert ch07.quiz.grade("retune", [0, 1]).correct
    assert not ch07.quiz.grade("retune", [0, 3]).correct
    assert "compete" in ch07.quiz.grade("tags", 1).feedback
