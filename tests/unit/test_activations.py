"""The activation registry: derivatives, conventions, identities, ranges, stability."""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy.optimize import minimize_scalar

from actlab import activations
from actlab.activations import UnknownActivationError

ALL = activations.names()
FLOATS = [np.float16, np.float32, np.float64]


def central_difference(f, z, h=1e-6):
    return (f(z + h) - f(z - h)) / (2 * h)


def away_from_kinks(act, z):
    """Drop points within 1e-3 of a kink, where a central difference straddles the jump."""
    keep = np.ones_like(z, dtype=bool)
    for k in act.kinks:
        keep &= np.abs(z - k) > 1e-3
    return z[keep]


@pytest.mark.parametrize("name", ALL)
def test_derivative_matches_central_difference(name):
    act = activations.get(name)
    z = away_from_kinks(act, np.linspace(-6.0, 6.0, 1201))
    numeric = central_difference(act, z)
    np.testing.assert_allclose(act.grad(z), numeric, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize(
    "name,params", [("leaky_relu", {"alpha": 0.2}), ("elu", {"alpha": 0.5}), ("swish", {"beta": 1.7})]
)
def test_derivative_with_parameters(name, params):
    act = activations.get(name, **params)
    z = away_from_kinks(act, np.linspace(-5.0, 5.0, 501))
    np.testing.assert_allclose(act.grad(z), central_difference(act, z), rtol=1e-6, atol=1e-8)


def test_kink_conventions_take_the_left_hand_value():
    assert activations.get("relu").grad(0.0) == 0.0
    assert activations.get("leaky_relu").grad(0.0) == 0.01
    assert activations.get("leaky_relu", alpha=0.3).grad(0.0) == 0.3
    assert activations.get("step").grad(0.0) == 0.0
    assert activations.get("elu", alpha=0.5).grad(0.0) == 0.5
    assert activations.get("relu")(0.0) == 0.0


def test_parameters_are_keywords_with_documented_defaults():
    assert activations.get("leaky_relu").params == {"alpha": 0.01}
    assert activations.get("elu").params == {"alpha": 1.0}
    assert activations.get("swish").params == {"beta": 1.0}
    leaky = activations.get("leaky_relu")
    assert leaky(-2.0, alpha=0.5) == -1.0
    with pytest.raises(TypeError, match="takes alpha"):
        leaky(-2.0, alph=0.5)


def test_tanh_is_a_rescaled_sigmoid():
    z = np.linspace(-8, 8, 161)
    sigmoid, tanh = activations.get("sigmoid"), activations.get("tanh")
    np.testing.assert_allclose(tanh(z), 2 * sigmoid(2 * z) - 1, atol=1e-12)


def test_silu_is_swish_with_beta_one():
    z = np.linspace(-8, 8, 161)
    np.testing.assert_array_equal(activations.get("silu")(z), activations.get("swish", beta=1.0)(z))
    np.testing.assert_array_equal(activations.get("silu").grad(z), activations.get("swish").grad(z))


def test_gelu_tanh_approximates_gelu():
    z = np.linspace(-10, 10, 4001)
    gap = np.max(np.abs(activations.get("gelu_tanh")(z) - activations.get("gelu")(z)))
    assert gap < 5e-4


def test_selu_constants_keep_unit_variance():
    z = np.random.default_rng(0).standard_normal(400_000)
    out = activations.get("selu")(z)
    assert abs(out.mean()) < 0.01 and abs(out.var() - 1.0) < 0.01


def test_sigmoid_range_and_maximum_slope():
    z = np.linspace(-30, 30, 6001)
    s = activations.get("sigmoid")(z)
    assert np.all((s > 0) & (s < 1)) or np.all((s >= 0) & (s <= 1))
    assert np.all((s[np.abs(z) < 30] > 0) & (s[np.abs(z) < 30] < 1))
    assert np.max(activations.get("sigmoid").grad(z)) == pytest.approx(0.25)


def _minimum(name):
    act = activations.get(name)
    res = minimize_scalar(lambda x: float(act(x)), bounds=(-5, 0), method="bounded", options={"xatol": 1e-10})
    return res.x, res.fun


def test_swish_minimum():
    x, value = _minimum("swish")
    assert value == pytest.approx(-0.2785, abs=5e-5)
    assert x == pytest.approx(-1.2785, abs=1e-3)


def test_gelu_minimum():
    x, value = _minimum("gelu")
    assert value == pytest.approx(-0.1700, abs=5e-5)
    assert x == pytest.approx(-0.7518, abs=1e-3)


def test_ranges_stated_in_the_registry_match_the_computed_minima():
    for name, digits in [("swish", "0.278"), ("gelu", "0.170"), ("gelu_tanh", "0.170"), ("mish", "0.309")]:
        _, value = _minimum(name)
        assert f"{-value:.3f}" == digits
        assert digits in activations.get(name).output_range


@pytest.mark.parametrize("name", ALL)
@pytest.mark.parametrize("dtype", FLOATS)
def test_extreme_inputs_are_finite_warning_free_and_keep_dtype(name, dtype):
    act = activations.get(name)
    z = np.array([-1e4, -1000.0, -30.0, 0.0, 30.0, 1000.0, 1e4], dtype=dtype)
    with warnings.catch_warnings(), np.errstate(over="raise", invalid="raise", divide="raise"):
        warnings.simplefilter("error")
        y, g = act(z), act.grad(z)
    assert y.dtype == dtype and g.dtype == dtype
    assert y.shape == z.shape and g.shape == z.shape
    assert np.all(np.isfinite(y)) and np.all(np.isfinite(g))


def test_sigmoid_at_the_extremes_is_exact():
    s = activations.get("sigmoid")
    assert s(np.float64(-1000.0)) == 0.0 and s(np.float64(1000.0)) == 1.0


@pytest.mark.parametrize("name", ALL)
def test_nan_in_nan_out(name):
    act = activations.get(name)
    z = np.array([np.nan, 1.0, -1.0])
    assert np.isnan(act(z)[0]) and np.isnan(act.grad(z)[0])
    assert not np.isnan(act(z)[1:]).any()


@pytest.mark.parametrize("name", ALL)
def test_shape_is_kept_and_integers_become_float64(name):
    act = activations.get(name)
    z = np.arange(-6, 6).reshape(3, 4)
    assert act(z).shape == (3, 4) and act(z).dtype == np.float64
    assert act.grad(z).shape == (3, 4)


def test_unknown_name_lists_the_valid_names():
    with pytest.raises(KeyError) as info:
        activations.get("nope")
    message = str(info.value)
    assert isinstance(info.value, UnknownActivationError)
    assert "'nope'" in message and "\n" not in message
    for name in ALL:
        assert name in message


def test_text_input_gets_a_clear_message():
    with pytest.raises(TypeError, match="array of real numbers"):
        activations.get("relu")("abc")


def test_every_entry_carries_what_the_pages_print():
    for name in ALL:
        a = activations.get(name)
        assert a.latex and a.grad_latex and a.output_range and a.use, name


def test_cheat_sheet_is_generated_from_the_registry():
    table = activations.cheat_sheet()
    lines = table.splitlines()
    assert len(lines) == 2 + len(ALL)
    assert r"$(0, 1)$" in lines[2 + ALL.index("sigmoid")]


@settings(max_examples=200, deadline=None)
@given(arrays(np.float64, st.integers(1, 20), elements=st.floats(-1e6, 1e6)))
def test_monotone_activations_preserve_order(z):
    for name in ["sigmoid", "tanh", "relu", "leaky_relu", "elu", "selu", "softplus"]:
        act = activations.get(name)
        order = np.argsort(z, kind="stable")
        assert np.all(np.diff(act(z[order])) >= 0), name


def test_every_curve_can_be_told_apart():
    """No two activations share both colour and line style, and every entry has a label."""
    looks = {}
    for name in activations.names():
        act = activations.get(name)
        assert act.label, f"{name} has no display label"
        look = (act.color, act.linestyle)
        assert look not in looks, f"{name} draws exactly like {looks[look]}: {look}"
        looks[look] = name


def test_plotting_takes_colours_and_styles_from_the_registry():
    from actlab import plotting

    for name in activations.names():
        act = activations.get(name)
        assert plotting.color(name) == act.color
        assert plotting.linestyle(name) == act.linestyle
