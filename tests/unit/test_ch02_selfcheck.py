"""Chapter 2's quiz and exercises: reference solutions pass, typical mistakes get named."""

import numpy as np

from actlab.checks import NOT_YET
from actlab.selfcheck import ch02, exercises

EXERCISES = exercises("ch02")
sigmoid, sigmoid_grad, tanh_grad = ch02.sigmoid, ch02.sigmoid_grad, ch02.tanh_grad


def test_the_chapter_has_three_exercises_and_a_quiz_of_at_least_five():
    assert [e.name for e in EXERCISES] == ["ch02.unit_gradient", "ch02.descend", "ch02.backprop"]
    assert len(ch02.quiz.questions) >= 5


# ----------------------------------------------------------------------- 2.1


def _not_yet(exercise, fn, *words):
    feedback = exercise.check(fn)
    assert feedback.status == NOT_YET, feedback
    for word in words:
        assert word in feedback.message, feedback.message


def test_a_missing_activation_slope_is_named():
    def unit_gradient(w, b, x, y):
        a = sigmoid(w * x + b)
        return np.mean((a - y) * x), np.mean(a - y)

    _not_yet(ch02.unit_gradient, unit_gradient, "sigmoid'(z) is missing")


def test_a_sum_instead_of_a_mean_is_named():
    def unit_gradient(w, b, x, y):
        z = w * x + b
        delta = (sigmoid(z) - y) * sigmoid_grad(z)
        return np.sum(delta * x), np.sum(delta)

    _not_yet(ch02.unit_gradient, unit_gradient, "times too large", "divide by n")


def test_a_flipped_sign_is_named():
    def unit_gradient(w, b, x, y):
        z = w * x + b
        delta = (y - sigmoid(z)) * sigmoid_grad(z) / len(x)
        return np.sum(delta * x), np.sum(delta)

    _not_yet(ch02.unit_gradient, unit_gradient, "sign is flipped")


def test_an_unrecognised_wrong_gradient_gets_the_finite_difference_verdict():
    def unit_gradient(w, b, x, y):
        z = w * x + b
        delta = (sigmoid(z) - y) * sigmoid_grad(z) / len(x)
        return np.sum(delta * x) + 0.01, np.sum(delta)

    _not_yet(ch02.unit_gradient, unit_gradient, "finite-difference check", "relative error")


# ----------------------------------------------------------------------- 2.2


def test_a_loop_that_steps_uphill_is_named():
    def descend(loss_and_grad, w0, lr, target, max_steps=10_000):
        w, steps = np.array(w0, dtype=float), 0
        loss, grad = loss_and_grad(w)
        while loss > target and steps < max_steps and np.isfinite(loss):
            w = w + lr * grad
            steps += 1
            loss, grad = loss_and_grad(w)
        return w, steps

    with np.errstate(all="ignore"):
        _not_yet(ch02.descend, descend, "moves uphill")


def test_one_step_too_many_is_named():
    def descend(loss_and_grad, w0, lr, target, max_steps=10_000):
        w, steps = np.array(w0, dtype=float), 0
        while steps < max_steps:
            loss, grad = loss_and_grad(w)
            w = w - lr * grad
            steps += 1
            if loss <= target:
                break
        return w, steps

    _not_yet(ch02.descend, descend, "one step more")


def test_changing_w0_in_place_is_named():
    def descend(loss_and_grad, w0, lr, target, max_steps=10_000):
        w, steps = w0, 0
        loss, grad = loss_and_grad(w)
        while loss > target and steps < max_steps:
            w -= lr * grad
            steps += 1
            loss, grad = loss_and_grad(w)
        return w, steps

    _not_yet(ch02.descend, descend, "changed w0 in place")


def test_ignoring_max_steps_is_named():
    def descend(loss_and_grad, w0, lr, target, max_steps=10_000):
        w, steps = np.array(w0, dtype=float), 0
        loss, grad = loss_and_grad(w)
        while loss > target and steps < 40:
            w = w - lr * grad
            steps += 1
            loss, grad = loss_and_grad(w)
        return w, steps

    _not_yet(ch02.descend, descend)


# ----------------------------------------------------------------------- 2.3


def _forward(X, y, W1, b1, W2, b2):
    z1 = X @ W1 + b1
    a1 = np.tanh(z1)
    z2 = a1 @ W2 + b2
    return z1, a1, z2, 2 * (z2 - y) / z2.size


def test_a_missing_tanh_slope_is_named():
    def backprop(X, y, W1, b1, W2, b2):
        z1, a1, z2, dz2 = _forward(X, y, W1, b1, W2, b2)
        dz1 = dz2 @ W2.T
        return X.T @ dz1, dz1.sum(axis=0), a1.T @ dz2, dz2.sum(axis=0)

    _not_yet(ch02.backprop, backprop, "miss the activation's factor")


def test_a_transposed_weight_gradient_is_named():
    def backprop(X, y, W1, b1, W2, b2):
        dW1, db1, dW2, db2 = ch02.backprop.reference(X, y, W1, b1, W2, b2)
        return dW1.T, db1, dW2, db2

    _not_yet(ch02.backprop, backprop, "dW1", "transposed")


def test_a_wrong_sign_on_one_gradient_is_named():
    def backprop(X, y, W1, b1, W2, b2):
        dW1, db1, dW2, db2 = ch02.backprop.reference(X, y, W1, b1, W2, b2)
        return dW1, db1, -dW2, db2

    _not_yet(ch02.backprop, backprop, "dW2 has the wrong sign")


def test_the_half_squared_error_convention_is_named():
    def backprop(X, y, W1, b1, W2, b2):
        return tuple(0.5 * g for g in ch02.backprop.reference(X, y, W1, b1, W2, b2))

    _not_yet(ch02.backprop, backprop, "half the expected value")


def test_the_slope_taken_at_the_output_is_named():
    def backprop(X, y, W1, b1, W2, b2):
        z1, a1, z2, dz2 = _forward(X, y, W1, b1, W2, b2)
        dz1 = (dz2 @ W2.T) * tanh_grad(a1)
        return X.T @ dz1, dz1.sum(axis=0), a1.T @ dz2, dz2.sum(axis=0)

    _not_yet(ch02.backprop, backprop, "at a1 instead of at z1")


# ----------------------------------------------------------------------- quiz


def test_quiz_mistakes_get_their_feedback():
    assert ch02.quiz.grade("limit", "0.5").correct
    assert "one step" in ch02.quiz.grade("limit", "0.25").feedback
    assert ch02.quiz.grade("sigma5", "0.0066").correct
    assert "output" in ch02.quiz.grade("sigma5", "0.9933").feedback
    assert ch02.quiz.grade("slowest", 0).correct
