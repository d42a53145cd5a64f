"""actlab.pairings: output layers with their losses, and what the wrong pairs do (chapter 7)."""

import numpy as np
import pytest

from actlab.pairings import PAIRINGS, fit_head


@pytest.mark.parametrize("name", list(PAIRINGS))
def test_each_gradient_matches_central_differences(name):
    pairing = PAIRINGS[name]
    rng = np.random.default_rng(0)
    z = rng.normal(size=(4, 3))
    z[np.abs(z) < 0.05] += 0.2  # keep away from the ReLU's kink
    if "softmax" in name:
        Y = np.eye(3)[[0, 2, 1, 1]]
    elif name == "sigmoid + bce":
        Y = rng.integers(0, 2, size=(4, 3)).astype(float)
    else:
        Y = rng.normal(size=(4, 3))
    h = 1e-6
    numeric = np.zeros_like(z)
    for idx in np.ndindex(z.shape):
        step = np.zeros_like(z)
        step[idx] = h
        numeric[idx] = (pairing.loss(z + step, Y) - pairing.loss(z - step, Y)) / (2 * h)
    assert np.allclose(pairing.grad(z, Y), numeric, atol=1e-7)


def test_a_confident_wrong_sigmoid_gets_almost_no_push_from_a_squared_error():
    z, y = np.array([[-6.0]]), np.array([[1.0]])
    bce = PAIRINGS["sigmoid + bce"].grad(z, y)[0, 0]
    mse = PAIRINGS["sigmoid + mse"].grad(z, y)[0, 0]
    assert bce < -0.99 and -0.01 < mse < 0


def test_losses_are_finite_for_huge_logits():
    z = np.array([[1000.0, -1000.0]])
    for name in ("sigmoid + bce", "softmax + ce"):
        Y = np.array([[0.0, 1.0]])
        assert np.isfinite(PAIRINGS[name].loss(z, Y))


def test_fit_head_fits_a_line_and_keeps_the_start():
    X = np.linspace(-1, 1, 20)[:, None]
    start = (np.zeros((1, 1)), np.zeros(1))
    head = fit_head(X, 3 * X - 1, "identity + mse", lr=0.3, steps=300, start=start)
    assert np.allclose(head(X), 3 * X - 1, atol=1e-3)
    assert head.loss[-1] < head.loss[0]
    assert start[0][0, 0] == 0.0  # the starting arrays were copied, not changed


def test_a_relu_output_cannot_reach_a_negative_target():
    X = np.linspace(-1, 1, 50)[:, None]
    head = fit_head(np.hstack([X, np.ones_like(X)]), -np.ones_like(X), "relu + mse", lr=0.5, steps=200)
    assert np.all(head(np.hstack([X, np.ones_like(X)])) >= 0)


@pytest.mark.parametrize(
    "kwargs, words",
    [
        ({"pairing": "softmax + mse"}, "unknown pairing"),
        ({"pairing": "identity + mse", "Y": np.ones(3)}, "2-D with one row per example"),
    ],
)
def test_bad_arguments_get_a_sentence(kwargs, words):
    args = {"X": np.ones((3, 2)), "Y": np.ones((3, 1)), "lr": 0.1, "steps": 1} | kwargs
    with pytest.raises(ValueError, match=words):
        fit_head(**args)
