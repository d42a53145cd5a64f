"""softmax, log_softmax and logsumexp: probabilities, invariance, stability."""

import warnings

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes, arrays

from actlab.softmax import log_softmax, logsumexp, softmax

finite = st.floats(-1e3, 1e3, allow_nan=False)
score_arrays = arrays(np.float64, array_shapes(min_dims=1, max_dims=3, max_side=6), elements=finite)


def test_the_classic_overflow_case():
    np.testing.assert_allclose(softmax([1000.0, 1001.0, 1002.0]), [0.0900, 0.2447, 0.6652], atol=5e-5)


def test_naive_formula_would_have_failed_here():
    z = np.array([1000.0, 1001.0, 1002.0])
    with np.errstate(over="ignore", invalid="ignore"):
        naive = np.exp(z) / np.exp(z).sum()
    assert np.isnan(naive).all()


@settings(max_examples=300, deadline=None)
@given(score_arrays)
def test_softmax_sums_to_one_along_the_last_axis(z):
    p = softmax(z)
    assert p.shape == z.shape
    np.testing.assert_allclose(p.sum(axis=-1), 1.0, rtol=1e-12)
    assert np.all((p >= 0) & (p <= 1))


@settings(max_examples=300, deadline=None)
@given(score_arrays, st.floats(-1e3, 1e3))
def test_softmax_is_shift_invariant(z, c):
    np.testing.assert_allclose(softmax(z + c), softmax(z), atol=1e-12)


@settings(max_examples=300, deadline=None)
@given(score_arrays)
def test_log_softmax_is_log_of_softmax_where_finite(z):
    p = softmax(z)
    assume(np.all(p > 1e-300))
    np.testing.assert_allclose(log_softmax(z), np.log(p), rtol=1e-9, atol=1e-9)


@settings(max_examples=200, deadline=None)
@given(score_arrays)
def test_logsumexp_matches_the_definition_on_small_inputs(z):
    small = z / 1e3 * 50  # |z| <= 50: the naive formula is safe here
    np.testing.assert_allclose(logsumexp(small), np.log(np.exp(small).sum(axis=-1)), rtol=1e-12, atol=1e-12)


def test_axis_argument():
    z = np.array([[1.0, 2.0], [3.0, 5.0]])
    np.testing.assert_allclose(softmax(z, axis=0).sum(axis=0), [1.0, 1.0])
    assert logsumexp(z, axis=0).shape == (2,)
    assert logsumexp(z, axis=1, keepdims=True).shape == (2, 1)


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
@pytest.mark.parametrize("scale", [1000.0, 1e4])
def test_extremes_are_warning_free_and_keep_dtype(dtype, scale):
    z = np.array([[-scale, 0.0, scale], [scale, scale, scale]], dtype=dtype)
    with warnings.catch_warnings(), np.errstate(over="raise", invalid="raise", divide="raise"):
        warnings.simplefilter("error")
        p, lp, lse = softmax(z), log_softmax(z), logsumexp(z)
    for out in (p, lp, lse):
        assert out.dtype == dtype and np.all(np.isfinite(out))
    np.testing.assert_allclose(p[1], [1 / 3] * 3, rtol=1e-3)


def test_nan_in_nan_out():
    z = np.array([1.0, np.nan, 2.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert np.isnan(softmax(z)).all()
        assert np.isnan(logsumexp(z))


def test_all_minus_infinity_row_does_not_produce_warnings_for_other_rows():
    z = np.array([[0.0, 1.0], [-np.inf, 0.0]])
    p = softmax(z)
    np.testing.assert_allclose(p[1], [0.0, 1.0])


def test_scalar_input_gets_a_clear_message():
    with pytest.raises(ValueError, match="at least one axis"):
        softmax(3.0)
