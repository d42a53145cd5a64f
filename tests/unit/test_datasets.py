"""Tests of actlab.datasets: the four toy sets in the plane and the digits split."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from actlab.datasets import load_digits, make_circles, make_moons, make_spiral, make_xor

MAKERS = [make_xor, make_moons, make_circles, make_spiral]


@settings(max_examples=25, deadline=None)
@given(n=st.integers(1, 300), seed=st.integers(0, 2**32 - 1), which=st.sampled_from(MAKERS))
def test_any_size_gives_balanced_well_formed_data(n, seed, which):
    X, y = which(n, rng=seed)
    assert X.shape == (n, 2) and X.dtype == np.float64
    assert y.shape == (n,) and y.dtype == np.int64
    assert set(y.tolist()) <= {0, 1}
    assert abs(2 * int(y.sum()) - n) <= 1  # the classes differ by at most one point
    assert np.isfinite(X).all()


@pytest.mark.parametrize("make", MAKERS)
def test_same_seed_same_data_and_generators_accepted(make):
    X1, y1 = make(50, noise=0.1, rng=7)
    X2, y2 = make(50, noise=0.1, rng=np.random.default_rng(7))
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    X3, _ = make(50, noise=0.1, rng=8)
    assert not np.allclose(X1, X3)


@pytest.mark.parametrize("make", MAKERS)
def test_noise_is_gaussian_jitter_of_the_given_size(make):
    X0, _ = make(4000, rng=3)
    Xn, _ = make(4000, noise=0.2, rng=3)
    # Same seed: the same clean points in the same order, then the jitter.
    jitter = Xn - X0
    assert jitter.std() == pytest.approx(0.2, rel=0.05)
    assert abs(jitter.mean()) < 0.02


@pytest.mark.parametrize("make", MAKERS)
def test_rows_come_shuffled(make):
    _, y = make(200, rng=0)
    assert not np.array_equal(y, np.arange(200) % 2)


def test_xor_labels_are_the_exclusive_or_of_the_signs():
    X, y = make_xor(400, rng=0)
    np.testing.assert_array_equal(y, (X[:, 0] > 0) ^ (X[:, 1] > 0))
    assert np.abs(X).min() >= 0.1 and np.abs(X).max() <= 1.0
    quadrants = (X[:, 0] > 0) * 2 + (X[:, 1] > 0)
    assert np.bincount(quadrants).tolist() == [100, 100, 100, 100]


def test_moons_lie_on_their_half_circles():
    X, y = make_moons(300, rng=0)
    upper, lower = X[y == 0], X[y == 1]
    np.testing.assert_allclose(np.hypot(*upper.T), 1.0)
    assert (upper[:, 1] >= 0).all()
    np.testing.assert_allclose(np.hypot(lower[:, 0] - 1.0, lower[:, 1] - 0.5), 1.0)
    assert (lower[:, 1] <= 0.5).all()


def test_circles_have_the_given_radii():
    X, y = make_circles(300, factor=0.4, rng=0)
    r = np.hypot(*X.T)
    np.testing.assert_allclose(r[y == 0], 1.0)
    np.testing.assert_allclose(r[y == 1], 0.4)


def test_spirals_are_each_others_half_turn():
    X, y = make_spiral(300, turns=2.0, rng=0)
    r = np.hypot(*X.T)
    assert r.min() >= 0.1 - 1e-12 and r.max() <= 1.0 + 1e-12
    # Undo the winding: class 0 sits at angle 0, class 1 at angle pi (mod 2 pi).
    phase = np.angle((X[:, 0] + 1j * X[:, 1]) * np.exp(-2j * np.pi * 2.0 * r))
    np.testing.assert_allclose(np.abs(phase[y == 0]), 0.0, atol=1e-9)
    np.testing.assert_allclose(np.abs(phase[y == 1]), np.pi, atol=1e-9)


@pytest.mark.parametrize("make", MAKERS)
@pytest.mark.parametrize("n", [0, -5, 2.5, True, "100", None])
def test_bad_n_raises_a_clear_value_error(make, n):
    with pytest.raises(ValueError, match=r"n must be a positive integer, the number of points; got"):
        make(n)


@pytest.mark.parametrize("make", MAKERS)
@pytest.mark.parametrize("noise", [-0.1, np.nan, np.inf, "a lot"])
def test_bad_noise_raises_a_clear_value_error(make, noise):
    with pytest.raises(ValueError, match=r"noise must be a number >= 0"):
        make(10, noise=noise)


def test_bad_shape_options_raise_a_clear_value_error():
    with pytest.raises(ValueError, match=r"factor must be a number between 0 and 1"):
        make_circles(10, factor=1.5)
    with pytest.raises(ValueError, match=r"turns must be a positive number"):
        make_spiral(10, turns=0)


def test_digits_are_scaled_split_and_stratified():
    X_train, X_test, y_train, y_test = load_digits()
    assert X_train.shape == (1347, 64) and X_test.shape == (450, 64)
    assert X_train.dtype == np.float64 and y_train.dtype == np.int64
    assert X_train.min() == 0.0 and X_train.max() == 1.0
    # Stratified: each digit is about 25 % of its own count in the test set.
    counts = np.bincount(np.concatenate([y_train, y_test]), minlength=10)
    np.testing.assert_allclose(np.bincount(y_test, minlength=10), 0.25 * counts, atol=1)


def test_digits_split_is_reproducible():
    a, b, c = load_digits(rng=1), load_digits(rng=1), load_digits(rng=2)
    np.testing.assert_array_equal(a.X_train, b.X_train)
    np.testing.assert_array_equal(a.y_test, b.y_test)
    assert not np.array_equal(a.y_test, c.y_test)
    assert load_digits(test_size=0.5).X_test.shape == (899, 64)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(test_size=1.5), r"test_size must be a fraction between 0 and 1"),
        (dict(test_size=100), r"test_size must be a fraction between 0 and 1"),
        (dict(rng=-1), r"rng must be a non-negative integer seed or a numpy Generator"),
        (dict(rng="zero"), r"rng must be a non-negative integer seed"),
    ],
)
def test_bad_digits_options_raise_a_clear_value_error(kwargs, match):
    with pytest.raises(ValueError, match=match):
        load_digits(**kwargs)
