"""The exercise checks accept right answers and explain wrong ones without raising."""

import numpy as np
import pytest

from actlab import checks


def relu(z):
    return np.maximum(z, 0.0)


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


def not_written(layers):
    raise NotImplementedError


def good_xor(X):
    a, b = X[:, 0], X[:, 1]
    return relu(a - b) + relu(b - a) - relu(a + b) - relu(-a - b)


def good_coefficients(t, y):
    slopes = np.diff(y) / np.diff(t)
    return y[0], np.diff(slopes, prepend=0.0)


def test_right_answers_pass():
    assert checks.check_collapse(good_collapse).passed
    assert checks.check_xor_net(good_xor).passed
    assert checks.check_relu_interpolant(good_coefficients).passed


@pytest.mark.parametrize(
    "check,answer,phrase",
    [
        (checks.check_collapse, forgot_later_biases, "bias"),
        (checks.check_collapse, adds_biases_without_carrying_them, "ValueError"),
        (checks.check_collapse, not_written, "not written yet"),
        (checks.check_collapse, lambda layers: None, "return"),
        (checks.check_collapse, lambda layers: layers[0], "should have shape (3, 2)"),
        (checks.check_collapse, lambda layers: (layers[0][0] @ layers[1][0], layers[1][1]) if len(layers) > 1 else layers[0], "differs"),
        (checks.check_collapse, lambda layers: (np.zeros((3, 3)), np.zeros(3)), "shape"),
        (checks.check_collapse, "collapse", "Expected a function"),
        (checks.check_xor_net, lambda X: X[:, 0] * X[:, 1], "sign is wrong"),
        (checks.check_xor_net, lambda X: X.sum(axis=1, keepdims=True), "shape (4,)"),
        (checks.check_xor_net, lambda X: np.full(len(X), np.nan), "NaN"),
        (checks.check_xor_net, lambda X: 1 / 0, "ZeroDivisionError"),
        (checks.check_relu_interpolant, lambda t, y: (y[0], np.diff(y) / np.diff(t)), "change of slope"),
        (checks.check_relu_interpolant, lambda t, y: y, "pair"),
    ],
)
def test_wrong_answers_get_a_sentence_not_an_exception(check, answer, phrase):
    feedback = check(answer)
    assert not feedback.passed
    assert phrase in feedback.message
    assert "Traceback" not in feedback.message
    assert str(feedback).startswith("✗")


def test_corner_only_xor_is_caught():
    def corners_only(X):
        corners = {(-1.0, 1.0), (1.0, -1.0)}
        return np.array([1.0 if tuple(p) in corners else -1.0 for p in X])

    feedback = checks.check_xor_net(corners_only)
    assert not feedback.passed and "random points" in feedback.message


def test_feedback_renders_as_html_with_escaping():
    fb = checks.Feedback("x<y", False, "a & b")
    assert "x&lt;y" in fb._repr_html_() and "a &amp; b" in fb._repr_html_()
