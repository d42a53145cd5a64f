"""Tests of actlab.gradient_flow: initialisation scales, saturation, the deep MLPs and the bare Stack.

The central tests compare the Stack's hand-written backward pass (plain,
residual, with batch and with layer normalisation) and ``normalize_backward``
with central differences.
"""

import numpy as np
import pytest

from actlab import activations
from actlab.gradient_flow import (
    INITS,
    Stack,
    deep_mlp,
    hidden_outputs,
    init_std,
    normalize,
    normalize_backward,
    saturated,
    saturated_fraction,
)


def _numerical(f, P, h=1e-6):
    """Central differences of the scalar f() with respect to every entry of the array P (changed in place)."""
    G = np.zeros_like(P)
    for idx in np.ndindex(P.shape):
        old = P[idx]
        P[idx] = old + h
        up = f()
        P[idx] = old - h
        down = f()
        P[idx] = old
        G[idx] = (up - down) / (2 * h)
    return G


# ----------------------------------------------------------------------------- scales


def test_init_std_formulas():
    assert init_std("small", 64, 10) == 0.01
    assert init_std("large", 64, 10) == 1.0
    assert init_std("he", 50, 10) == pytest.approx(np.sqrt(2 / 50))
    assert init_std("xavier", 50, 30) == pytest.approx(np.sqrt(2 / 80))
    assert set(INITS) == {"small", "xavier", "he", "large"}


def test_init_std_unknown_name_lists_the_valid_ones():
    with pytest.raises(ValueError, match="'small', 'xavier', 'he', 'large'"):
        init_std("glorot", 4, 4)


# ------------------------------------------------------------------------- saturation


def test_saturated_bounded_activations_use_the_output_margin():
    edge_sigmoid, edge_tanh = np.log(0.97 / 0.03), np.arctanh(0.97)
    z = np.array([-edge_sigmoid - 0.01, -edge_sigmoid + 0.01, 0.0, edge_sigmoid + 0.01])
    assert saturated("sigmoid", z).tolist() == [True, False, False, True]
    z = np.array([-edge_tanh - 0.01, edge_tanh - 0.01, edge_tanh + 0.01])
    assert saturated("tanh", z).tolist() == [True, False, True]


def test_saturated_relu_is_its_whole_flat_side():
    z = np.array([-1e6, -1.0, 0.0, 1e-9, 1e6])
    assert saturated("relu", z).tolist() == [True, True, True, False, False]


def test_saturated_fraction_and_shape():
    z = np.zeros((3, 4))
    z[0] = 10.0
    assert saturated("tanh", z).shape == (3, 4)
    assert saturated_fraction("tanh", z) == pytest.approx(1 / 3)


# ------------------------------------------------------------------------ deep MLPs


def test_deep_mlps_of_different_depths_share_their_first_layers():
    shallow, deep = deep_mlp("tanh", "xavier", 3, rng=5), deep_mlp("tanh", "xavier", 7, rng=5)
    for (W1, b1), (W2, b2) in zip(shallow.params[:3], deep.params[:3]):
        np.testing.assert_array_equal(W1, W2)
        np.testing.assert_array_equal(b1, b2)
    assert deep.layer_sizes == [64] + [64] * 7 + [10]


@pytest.mark.parametrize("init, std", [("small", 0.01), ("large", 1.0), ("he", np.sqrt(2 / 64))])
def test_deep_mlp_draws_the_named_scale(init, std):
    net = deep_mlp("relu", init, 2, rng=0)
    assert net.params[1][0].std() == pytest.approx(std, rel=0.05)


def test_hidden_outputs_agree_with_the_network():
    net = deep_mlp("gelu", "he", 3, width=16, n_in=5, n_out=4, rng=1)
    X = np.random.default_rng(2).normal(size=(7, 5))
    zs, hs = hidden_outputs(net, X)
    assert [h.shape for h in hs] == [(7, 16)] * 3
    gelu = activations.get("gelu")
    np.testing.assert_allclose(hs[1], gelu(zs[1]))
    W, b = net.params[-1]
    logits = hs[-1] @ W + b
    expected = np.exp(logits - logits.max(axis=1, keepdims=True))
    expected /= expected.sum(axis=1, keepdims=True)
    np.testing.assert_allclose(net.forward(X), expected, rtol=1e-10)


# ---------------------------------------------------------------------- normalisation


@pytest.mark.parametrize("axis", [0, 1])
def test_normalize_gives_mean_zero_and_variance_one(axis):
    z = np.random.default_rng(0).normal(3.0, 5.0, size=(20, 8))
    out = normalize(z, axis=axis)
    np.testing.assert_allclose(out.mean(axis=axis), 0.0, atol=1e-12)
    np.testing.assert_allclose(out.var(axis=axis), 1.0, rtol=1e-4)


@pytest.mark.parametrize("axis", [0, 1])
def test_normalize_backward_matches_central_differences(axis):
    rng = np.random.default_rng(1)
    z, G = rng.normal(size=(6, 5)), rng.normal(size=(6, 5))
    numeric = _numerical(lambda: float(np.sum(G * normalize(z, axis=axis))), z)
    np.testing.assert_allclose(normalize_backward(z, G, axis=axis), numeric, rtol=1e-5, atol=1e-8)


# ---------------------------------------------------------------------------- Stack


@pytest.mark.parametrize("residual", [False, True])
@pytest.mark.parametrize("norm", [None, "batch", "layer"])
@pytest.mark.parametrize("activation", ["tanh", "sigmoid", "gelu"])
def test_stack_backward_matches_central_differences(activation, norm, residual):
    stack = Stack(3, 4, activation=activation, init="xavier", residual=residual, normalize=norm, rng=3)
    for _, b in stack.params:
        b[...] = np.random.default_rng(4).normal(scale=0.3, size=b.shape)
    rng = np.random.default_rng(5)
    X, G = rng.normal(size=(6, 4)), rng.normal(size=(6, 4))
    out, cache = stack.forward(X)
    grads, grad_in = stack.backward(cache, G)

    def loss():
        return float(np.sum(G * stack.forward(X)[0]))

    for (W, b), (dW, db) in zip(stack.params, grads):
        np.testing.assert_allclose(dW, _numerical(loss, W), rtol=1e-5, atol=1e-7)
        np.testing.assert_allclose(db, _numerical(loss, b), rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(grad_in, _numerical(loss, X), rtol=1e-5, atol=1e-7)


def test_residual_connections_keep_the_first_layers_gradient():
    X = np.random.default_rng(0).normal(size=(64, 32))
    plain = Stack(20, 32, activation="sigmoid", init="xavier", rng=0).gradient_norms(X)
    skip = Stack(20, 32, activation="sigmoid", init="xavier", residual=True, rng=0).gradient_norms(X)
    assert plain[0] / plain[-1] < 1e-8  # about 1/4 per layer
    assert skip[0] / skip[-1] > 0.05


def test_layer_normalisation_fixes_the_spread_whatever_the_scale():
    X = np.random.default_rng(0).normal(size=(50, 16))
    for init in ("small", "large"):
        outputs = Stack(10, 16, activation="tanh", init=init, normalize="layer", rng=0).layer_outputs(X)
        assert len(outputs) == 10
        assert all(0.5 < h.std() < 0.75 for h in outputs)  # tanh of a standard normal: 0.63


def test_stack_rejects_bad_input_with_a_sentence():
    stack = Stack(2, 3, rng=0)
    with pytest.raises(ValueError, match=r"expected \(batch, 3\)"):
        stack.forward(np.ones((4, 2)))
    with pytest.raises(ValueError, match="NaN or infinity"):
        stack.forward(np.full((1, 3), np.nan))
    with pytest.raises(ValueError, match="normalize must be"):
        Stack(2, 3, normalize="group")
    with pytest.raises(ValueError, match="positive integers"):
        Stack(0, 3)
