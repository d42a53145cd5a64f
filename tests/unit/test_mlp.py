"""Tests of actlab.mlp and the modules it is built from (layers, losses, optimizers).

The central test compares the hand-written backpropagation with central
differences of the loss, for the whole network, every hidden activation and
every output/loss pair.
"""

import dataclasses

import numpy as np
import pytest

from actlab import activations, layers, losses, optimizers
from actlab.datasets import make_xor
from actlab.mlp import MLP, STATS

OUTPUTS = {"identity": 2, "sigmoid": 1, "softmax": 3}  # output -> number of output units
HIDDEN = activations.names()
GATED = list(layers.GATES)


def _targets(output, n, rng):
    if output == "identity":
        return rng.normal(size=(n, OUTPUTS[output]))
    return rng.integers(0, max(2, OUTPUTS[output]), size=n)


def _numerical_grads(net, X, y, h=1e-6):
    """Central differences of the loss, one parameter at a time, through the public params."""
    grads = []
    for W, b in net.params:
        pair = []
        for P in (W, b):
            G = np.zeros_like(P)
            for idx in np.ndindex(P.shape):
                old = P[idx]
                P[idx] = old + h
                up, _ = net.loss_and_grads(X, y)
                P[idx] = old - h
                down, _ = net.loss_and_grads(X, y)
                P[idx] = old
                G[idx] = (up - down) / (2 * h)
            pair.append(G)
        grads.append(tuple(pair))
    return grads


def _relative_error(grads, reference):
    a = np.concatenate([g.ravel() for pair in grads for g in pair])
    b = np.concatenate([g.ravel() for pair in reference for g in pair])
    return np.linalg.norm(a - b) / max(np.linalg.norm(a) + np.linalg.norm(b), 1e-300)


def _check_gradients(net, output, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(6, net.layer_sizes[0]))
    y = _targets(output, len(X), rng)
    _, grads = net.loss_and_grads(X, y)
    for (W, b), (dW, db) in zip(net.params, grads):
        assert dW.shape == W.shape and db.shape == b.shape
    error = _relative_error(grads, _numerical_grads(net, X, y))
    assert error < 1e-6, f"relative error {error:.2e}"


# ---------------------------------------------------------------------------
# Gradients
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("output", list(OUTPUTS))
@pytest.mark.parametrize("activation", HIDDEN)
def test_backprop_matches_central_differences(activation, output):
    sizes = [3, 5, 4, OUTPUTS[output]]
    net = MLP(sizes, activation=activation, output=output, init="xavier", bias=0.1, rng=1)
    _check_gradients(net, output)


@pytest.mark.parametrize("output", list(OUTPUTS))
@pytest.mark.parametrize("gated", GATED)
def test_gated_layer_backprop_matches_central_differences(gated, output):
    net = MLP([3, 4, 3, OUTPUTS[output]], activation=gated, output=output, init="xavier", rng=2)
    _check_gradients(net, output)


def test_mixed_and_parametrised_activations_backprop():
    acts = [activations.get("leaky_relu", alpha=0.2), "swiglu", "gelu"]
    net = MLP([4, 5, 3, 4, 3], activation=acts, output="softmax", rng=3)
    _check_gradients(net, "softmax")


def test_network_without_hidden_layers_is_logistic_regression():
    net = MLP([3, 1], output="sigmoid", rng=4)
    X = np.random.default_rng(0).normal(size=(5, 3))
    p = net.forward(X)
    W, b = net.params[0]
    np.testing.assert_allclose(p, 1 / (1 + np.exp(-(X @ W + b))))
    _check_gradients(net, "sigmoid")


def test_gated_layer_has_gate_and_value_columns():
    net = MLP([3, 4, 2], activation="swiglu", output="softmax", rng=0)
    assert net.params[0][0].shape == (3, 8)
    assert net.params[1][0].shape == (4, 2)
    X = np.random.default_rng(1).normal(size=(5, 3))
    W, b = net.params[0]
    z = X @ W + b
    silu = activations.get("silu")
    hidden = silu(z[:, :4]) * z[:, 4:]
    W2, b2 = net.params[1]
    np.testing.assert_allclose(net.forward(X), losses.CrossEntropy().output(hidden @ W2 + b2))


def test_input_gradient_statistic_is_the_gradient_of_the_loss_with_respect_to_X():
    net = MLP([3, 4, 2], activation="tanh", output="softmax", rng=5)
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(6, 3)), rng.integers(0, 2, size=6)
    h = 1e-6
    G = np.zeros_like(X)
    for idx in np.ndindex(X.shape):
        Xp, Xm = X.copy(), X.copy()
        Xp[idx] += h
        Xm[idx] -= h
        G[idx] = (net.loss_and_grads(Xp, y)[0] - net.loss_and_grads(Xm, y)[0]) / (2 * h)
    stats = net.inspect(X, y)
    assert stats["grad_input"][0] == pytest.approx(np.linalg.norm(G), rel=1e-6)
    _, grads = net.loss_and_grads(X, y)
    np.testing.assert_allclose(stats["grad_W"], [np.linalg.norm(dW) for dW, _ in grads])


# ---------------------------------------------------------------------------
# What a network computes
# ---------------------------------------------------------------------------


def test_linear_network_collapses_to_one_affine_map():
    net = MLP([3, 6, 5, 4, 2], activation="identity", output="identity", init=1.0, bias=0.5, rng=6)
    # Read the affine map off the network: its value at 0 and at each unit vector.
    c = net.forward(np.zeros((1, 3)))
    A = net.forward(np.eye(3)) - c
    X = np.random.default_rng(0).normal(scale=10.0, size=(50, 3))
    np.testing.assert_allclose(net.forward(X), X @ A + c, rtol=1e-10, atol=1e-9)


def test_tanh_network_learns_xor_perfectly():
    X, y = make_xor(200, rng=0)
    net = MLP([2, 8, 1], activation="tanh", output="sigmoid", init="xavier", rng=0)
    hist = net.fit(X, y, epochs=200, lr=0.5, momentum=0.9)
    assert net.accuracy(X, y) == 1.0
    assert hist.accuracy[-1] == 1.0
    assert hist.loss[-1] < 0.1 * hist.loss[0]
    np.testing.assert_array_equal(net.predict(X), y)


@pytest.mark.parametrize("optimizer, momentum, lr", [("sgd", 0.0, 0.5), ("sgd", 0.9, 0.05), ("adam", 0.0, 0.01)])
def test_every_optimizer_trains_a_softmax_network(optimizer, momentum, lr):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(90, 2))
    y = np.argmax(X @ np.array([[1.0, -1.0, 0.0], [0.5, 0.5, -1.0]]), axis=1)
    net = MLP([2, 8, 3], activation="relu", output="softmax", rng=0)
    hist = net.fit(X, y, epochs=30, lr=lr, batch_size=16, optimizer=optimizer, momentum=momentum)
    assert hist.steps == 30 * 6
    assert hist.loss[-1] < 0.5 * hist.loss[0]
    assert net.accuracy(X, y) > 0.9


def test_regression_fit_reduces_mean_squared_error():
    rng = np.random.default_rng(0)
    X = rng.uniform(-2, 2, size=(100, 1))
    y = np.sin(X[:, 0])
    net = MLP([1, 16, 1], activation="gelu", rng=0)
    hist = net.fit(X, y, epochs=300, lr=0.01, optimizer="adam", batch_size=20)
    assert hist.accuracy is None
    assert hist.loss[-1] < 0.01
    assert net.predict(X).shape == (100, 1)


def test_same_seed_same_network_and_same_training():
    X, y = make_xor(64, noise=0.2, rng=1)
    runs = []
    for _ in range(2):
        net = MLP([2, 6, 1], activation="relu", output="sigmoid", rng=42)
        hist = net.fit(X, y, epochs=5, lr=0.1, batch_size=8)
        runs.append((net.params[0][0].copy(), hist.loss))
    np.testing.assert_array_equal(runs[0][0], runs[1][0])
    np.testing.assert_array_equal(runs[0][1], runs[1][1])
    assert not np.allclose(MLP([2, 6, 1], rng=43).params[0][0], MLP([2, 6, 1], rng=42).params[0][0])


def test_params_are_live_arrays_and_copy_is_independent():
    net = MLP([2, 3, 1], rng=0)
    X = np.ones((1, 2))
    before = net.forward(X)
    twin = net.copy()
    net.params[1][1][0] += 1.0  # raise the output bias in place
    np.testing.assert_allclose(net.forward(X), before + 1.0)
    np.testing.assert_allclose(twin.forward(X), before)
    # The copy trains exactly as the original would have.
    Xt, yt = make_xor(40, rng=0)
    a, b = twin.copy(), twin.copy()
    a.fit(Xt, yt, epochs=2, lr=0.1, batch_size=8)
    b.fit(Xt, yt, epochs=2, lr=0.1, batch_size=8)
    np.testing.assert_array_equal(a.params[0][0], b.params[0][0])


def test_fit_updates_the_parameter_arrays_in_place():
    X, y = make_xor(40, rng=0)
    net = MLP([2, 4, 1], activation="tanh", output="sigmoid", rng=0)
    arrays = [a for pair in net.params for a in pair]
    before = [a.copy() for a in arrays]
    for optimizer, momentum in (("sgd", 0.0), ("sgd", 0.9), ("adam", 0.0)):
        net.fit(X, y, epochs=3, lr=0.1, optimizer=optimizer, momentum=momentum)
        # The very same arrays, with new values: whoever holds one sees it change.
        assert all(a is b for a, b in zip(arrays, (a for pair in net.params for a in pair)))
    assert all(not np.array_equal(a, b) for a, b in zip(arrays, before))


def test_assigning_a_new_pair_replaces_a_layer_and_trains_it():
    X, y = make_xor(60, rng=0)
    net = MLP([2, 4, 1], activation="tanh", output="sigmoid", rng=0)
    W, b = np.full((2, 4), 0.5), np.zeros(4)
    net.params[0] = (W, b)
    ref = MLP([2, 4, 1], activation="tanh", output="sigmoid", rng=0)
    ref.params[0][0][...], ref.params[0][1][...] = 0.5, 0.0
    np.testing.assert_array_equal(net.forward(X), ref.forward(X))
    net.fit(X, y, epochs=5, lr=0.5)
    ref.fit(X, y, epochs=5, lr=0.5)
    assert net.params[0][0] is W and not np.all(W == 0.5)  # the assigned array itself was trained
    np.testing.assert_array_equal(W, ref.params[0][0])
    np.testing.assert_array_equal(net.params[1][0], ref.params[1][0])


def test_assigned_parameters_are_converted_to_the_network_dtype():
    net = MLP([2, 3, 1], dtype=np.float32, rng=0)
    net.params[0] = (np.ones((2, 3), dtype=np.int64), [0.0, 1.0, 2.0])
    net.params[1] = (np.broadcast_to(np.float32(0.5), (3, 1)), np.zeros(1))  # read-only view
    net.fit(np.ones((4, 2)), np.zeros(4), epochs=2, lr=0.1)
    for W, b in net.params:
        assert W.dtype == b.dtype == np.float32 and W.flags.writeable and b.flags.writeable


@pytest.mark.parametrize(
    "assign, match",
    [
        (
            lambda net: net.params.__setitem__(0, (np.ones((3, 4)), np.zeros(4))),
            r"net.params\[0\]\[0\] \(the weights W\) has shape \(3, 4\); expected \(2, 4\), since a layer's W",
        ),
        (
            lambda net: net.params.__setitem__(1, (np.ones((4, 1)), np.zeros((1, 1)))),
            r"net.params\[1\]\[1\] \(the biases b\) has shape \(1, 1\); expected \(1,\)",
        ),
        (lambda net: net.params.__setitem__(1, np.ones((4, 1))), r"net.params\[1\] must be a pair \(W, b\)"),
        (
            lambda net: net.params.__setitem__(0, (np.full((2, 4), "a"), np.zeros(4))),
            r"\(the weights W\) holds values of dtype <U1; expected real numbers",
        ),
        (lambda net: net.params.pop(), r"net.params must be a list of 2 \(W, b\) pairs, one per layer"),
    ],
)
def test_a_wrong_parameter_assignment_is_named_on_the_next_call(assign, match):
    net = MLP([2, 4, 1], rng=0)
    assign(net)
    with pytest.raises(ValueError, match=match):
        net.forward(np.ones((1, 2)))
    with pytest.raises(ValueError, match=match):
        net.fit(np.ones((2, 2)), [0.0, 1.0], epochs=1, lr=0.1)


def test_copy_is_a_deep_copy():
    X, y = make_xor(40, rng=0)
    net = MLP([2, 4, 3, 1], activation="relu", output="sigmoid", rng=0)
    twin = net.copy()
    for (W, b), (W2, b2) in zip(net.params, twin.params):
        assert not np.shares_memory(W, W2) and not np.shares_memory(b, b2)
        np.testing.assert_array_equal(W, W2)
    snapshot = [W.copy() for W, _ in twin.params]
    net.fit(X, y, epochs=3, lr=0.1, batch_size=8)  # trains the original, shuffling with its rng
    for (W, _), before in zip(twin.params, snapshot):
        np.testing.assert_array_equal(W, before)
    twin.fit(X, y, epochs=3, lr=0.1, batch_size=8)  # the twin's rng had not moved: same shuffles
    for (W, _), (W2, _) in zip(net.params, twin.params):
        np.testing.assert_array_equal(W, W2)


def test_the_loss_object_and_the_loss_value_have_different_names():
    net = MLP([2, 3, 1], output="sigmoid", rng=0)
    assert isinstance(net.loss_fn, losses.BinaryCrossEntropy)
    loss, _ = net.loss_and_grads(np.ones((2, 2)), [0, 1])
    assert isinstance(loss, float)
    with pytest.raises(AttributeError, match=r"net.loss_fn"):
        net.loss  # noqa: B018


@pytest.mark.parametrize("name", ["tanh", "sigmoid"])
def test_tanh_and_sigmoid_are_evaluated_once_per_layer_and_step(name):
    layer = layers.get(name)
    z = np.linspace(-5, 5, 12).reshape(3, 4)
    h = layer.forward(z)
    np.testing.assert_allclose(layer.slope(z, h), activations.get(name).grad(z), rtol=1e-12, atol=1e-15)

    X, y = make_xor(30, rng=0)
    net = MLP([2, 4, 4, 1], activation=name, output="sigmoid", rng=0)
    calls = []
    for layer in net.hidden:
        phi = layer._phi
        layer._phi = lambda z, phi=phi: calls.append(1) or phi(z)  # count the evaluations of phi(z)
        layer._dphi = None  # phi'(z) from z is never needed: 1 - h**2 or h (1 - h) instead
    net.fit(X, y, epochs=3, lr=0.1)
    assert len(calls) == 2 * 3  # two hidden layers, three steps


def test_only_the_registry_tanh_uses_the_output_identity():
    # An activation that calls itself "tanh" but is not the registry's: phi(z) = 2z.
    fake = dataclasses.replace(activations.get("tanh"), forward=lambda z: 2.0 * z, derivative=lambda z: 2.0 + 0 * z)
    layer = layers.get(fake)
    z = np.ones((1, 2))
    np.testing.assert_array_equal(layer.slope(z, layer.forward(z)), [[2.0, 2.0]])


@pytest.mark.parametrize("init, expected", [("he", np.sqrt(2 / 400)), ("xavier", np.sqrt(2 / 600)), (0.05, 0.05)])
def test_initialisations_draw_the_documented_scale(init, expected):
    net = MLP([400, 200, 1], init=init, bias=-3.0, rng=0)
    W, b = net.params[0]
    assert W.std() == pytest.approx(expected, rel=0.02)
    assert abs(W.mean()) < 0.1 * expected
    np.testing.assert_array_equal(b, -3.0)
    np.testing.assert_array_equal(net.params[1][1], 0.0)


@pytest.mark.parametrize("activation", ["relu", "leaky_relu", "gelu", "swiglu"])
def test_float32_network_keeps_its_dtype(activation):
    net = MLP([2, 4, 1], activation=activation, output="sigmoid", dtype=np.float32, rng=0)
    X, y = make_xor(32, rng=0)
    _, grads = net.loss_and_grads(X, y)
    assert net.forward(X).dtype == np.float32
    assert all(g.dtype == np.float32 for pair in grads for g in pair)
    net.fit(X, y, epochs=2, lr=0.1, optimizer="adam")
    assert net.params[0][0].dtype == np.float32


# ---------------------------------------------------------------------------
# Losses and optimizers
# ---------------------------------------------------------------------------


def test_losses_are_finite_for_extreme_logits():
    z = np.array([[1000.0], [-1000.0]])
    y = np.array([[0.0], [1.0]])
    bce = losses.BinaryCrossEntropy()
    assert bce.value(z, y) == pytest.approx(1000.0)
    np.testing.assert_allclose(bce.grad(z, y), [[0.5], [-0.5]])
    ce = losses.CrossEntropy()
    z = np.array([[1000.0, -1000.0, 0.0]])
    assert ce.value(z, np.array([1])) == pytest.approx(2000.0)
    assert np.isfinite(ce.grad(z, np.array([1]))).all()


@pytest.mark.parametrize("output", list(OUTPUTS))
def test_value_and_grad_is_value_and_grad_at_once(output):
    rng = np.random.default_rng(0)
    loss = losses.get(output)
    z = rng.normal(size=(7, OUTPUTS[output])) * 5
    y = loss.targets(_targets(output, 7, rng), 7, OUTPUTS[output])
    value, grad = loss.value_and_grad(z, y)
    assert value == pytest.approx(loss.value(z, y), rel=1e-14)
    np.testing.assert_allclose(grad, loss.grad(z, y), rtol=1e-13, atol=1e-16)


def test_sgd_with_momentum_follows_its_recurrence():
    theta = np.array([1.0, 2.0])
    opt = optimizers.SGD(lr=0.1, momentum=0.9)
    v = np.zeros(2)
    expected = theta.copy()
    for g in ([1.0, -1.0], [0.5, 0.5], [-2.0, 0.0]):
        g = np.array(g)
        opt.step(theta, g)
        v = 0.9 * v - 0.1 * g
        expected = expected + v
    np.testing.assert_allclose(theta, expected)


def test_adam_matches_the_textbook_algorithm():
    rng = np.random.default_rng(0)
    theta = rng.normal(size=5)
    expected = theta.copy()
    opt = optimizers.Adam(lr=0.01)
    m = s = np.zeros(5)
    for t in range(1, 21):
        g = rng.normal(size=5) * 10.0 ** rng.integers(-3, 3)
        opt.step(theta, g)
        m = 0.9 * m + 0.1 * g
        s = 0.999 * s + 0.001 * g**2
        expected = expected - 0.01 * (m / (1 - 0.9**t)) / (np.sqrt(s / (1 - 0.999**t)) + 1e-8)
    np.testing.assert_allclose(theta, expected, rtol=1e-12)


def test_adam_first_two_steps_computed_by_hand():
    theta = np.array([1.0])
    opt = optimizers.Adam(lr=0.1)
    # Step 1, g = 0.5: m = 0.1 * 0.5 = 0.05, v = 0.001 * 0.25 = 0.00025; corrected
    # m_hat = 0.05 / 0.1 = 0.5, v_hat = 0.00025 / 0.001 = 0.25, so the step is
    # 0.1 * 0.5 / (0.5 + 1e-8): lr itself, up to eps.
    opt.step(theta, np.array([0.5]))
    after_one = 1.0 - 0.1 * 0.5 / (0.5 + 1e-8)
    assert theta[0] == pytest.approx(after_one, rel=1e-15) and after_one == pytest.approx(0.9, abs=1e-8)
    # Step 2, g = -1: m = 0.9 * 0.05 - 0.1 = -0.055, v = 0.999 * 0.00025 + 0.001 = 0.00124975;
    # m_hat = -0.055 / 0.19, v_hat = 0.00124975 / 0.001999.
    opt.step(theta, np.array([-1.0]))
    step = 0.1 * (0.055 / 0.19) / (np.sqrt(0.00124975 / 0.001999) + 1e-8)
    assert step == pytest.approx(0.0366104, abs=1e-7)  # 0.1 * 0.289474 / 0.790688
    assert theta[0] == pytest.approx(after_one + step, rel=1e-14)
    assert opt.t == 2


@pytest.mark.parametrize(
    "make",
    [lambda: optimizers.SGD(lr=0.1), lambda: optimizers.SGD(lr=0.1, momentum=0.9), lambda: optimizers.Adam(lr=0.1)],
)
def test_optimizers_update_each_array_in_place(make):
    W, b = np.ones((2, 3)), np.zeros(3)
    view = W[0]  # a reference the caller holds
    opt = make()
    opt.step([W, b], [np.ones((2, 3)), -np.ones(3)])
    assert np.all(W < 1) and np.all(b > 0)
    np.testing.assert_array_equal(view, W[0])
    shapes = r"the gradients have shapes \[\(3,\), \(3,\)\]; expected \[\(2, 3\), \(3,\)\]"
    with pytest.raises(ValueError, match=shapes):
        opt.step([W, b], [np.ones(3), np.ones(3)])
    with pytest.raises(ValueError, match=r"must be NumPy arrays"):
        opt.step([W.tolist(), b], [np.ones((2, 3)), np.ones(3)])


def test_an_optimizer_with_state_refuses_other_arrays():
    opt = optimizers.Adam(lr=0.1)
    opt.step([np.ones(2)], [np.ones(2)])
    with pytest.raises(ValueError, match=r"make a fresh optimizer"):
        opt.step([np.ones(3)], [np.ones(3)])


# ---------------------------------------------------------------------------
# Instrumentation
# ---------------------------------------------------------------------------


def test_a_unit_with_a_very_negative_bias_counts_as_dead():
    X, _ = make_xor(50, noise=0.3, rng=0)
    net = MLP([2, 4, 4, 1], activation="relu", output="sigmoid", rng=0)
    before = net.dead_units(X)[1]
    assert not before[2]
    net.params[1][1][2] = -100.0  # the bias of unit 2 of the second hidden layer
    after = net.dead_units(X)[1]
    assert after[2]
    np.testing.assert_array_equal(np.delete(after, 2), np.delete(before, 2))
    assert net.inspect(X, np.zeros(50))["dead"][1] == after.mean() == before.mean() + 0.25


def test_negative_bias_does_not_kill_leaky_relu_units():
    X, y = make_xor(50, rng=0)
    net = MLP([2, 4, 1], activation="leaky_relu", output="sigmoid", bias=-100.0, rng=0)
    assert not net.dead_units(X)[0].any()
    assert net.inspect(X, y)["saturated"][0] == 0.0  # slope alpha = 0.01, not below 0.01
    assert net.inspect(X, y, saturation=0.02)["saturated"][0] == 1.0


def test_sigmoid_units_pushed_far_from_zero_saturate():
    X, y = make_xor(40, rng=0)
    net = MLP([2, 5, 1], activation="sigmoid", output="sigmoid", bias=20.0, rng=0)
    assert net.inspect(X, y)["saturated"][0] == 1.0
    assert MLP([2, 5, 1], activation="sigmoid", output="sigmoid", rng=0).inspect(X, y)["saturated"][0] == 0.0


def test_fit_records_per_layer_statistics_on_request():
    X, y = make_xor(60, rng=0)
    net = MLP([2, 6, 5, 1], activation="relu", output="sigmoid", rng=0)
    hist = net.fit(X, y, epochs=4, lr=0.1, batch_size=20, record="step")
    assert hist.record == "step" and hist.steps == 12
    assert set(hist.stats) == set(STATS)
    for key in ("z_mean", "z_std", "grad_W", "grad_input"):
        assert hist.stats[key].shape == (12, 3)
    for key in ("dead", "saturated"):
        assert hist.stats[key].shape == (12, 2)
    assert np.isfinite(np.concatenate([v.ravel() for v in hist.stats.values()])).all()

    X_probe, y_probe = X[:10], y[:10]
    hist = net.fit(X, y, epochs=4, lr=0.1, batch_size=20, record="epoch", probe=(X_probe, y_probe))
    assert hist.stats["grad_W"].shape == (5, 3)  # before training, then after every epoch
    np.testing.assert_allclose(hist.stats["grad_W"][-1], net.inspect(X_probe, y_probe)["grad_W"])

    assert net.fit(X, y, epochs=1, lr=0.1).stats is None


def test_divergence_is_reported_without_warnings():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(20, 2)) * 100
    y = rng.normal(size=20) * 100
    net = MLP([2, 8, 1], activation="relu", init=5.0, rng=0)
    hist = net.fit(X, y, epochs=50, lr=1e3)
    assert hist.diverged
    assert np.isnan(hist.loss[-1])


# ---------------------------------------------------------------------------
# Bad input
# ---------------------------------------------------------------------------


def _net(**kwargs):
    return MLP([2, 4, 3], output="softmax", rng=0, **kwargs)


@pytest.mark.parametrize(
    "build, match",
    [
        (
            lambda: MLP([2, 4, 1], activation="relux"),
            r"unknown activation 'relux'; expected one of: identity, .*swiglu",
        ),
        (
            lambda: MLP([2, 4, 4, 1], activation=["relu"]),
            r"activation lists 1 entries; expected 2, one per hidden layer",
        ),
        (lambda: MLP([2], activation="relu"), r"layer_sizes must list at least two positive integers"),
        (lambda: MLP([2, 0, 1]), r"layer_sizes must list at least two positive integers"),
        (
            lambda: MLP([2, 4, 1], output="tanh"),
            r"unknown output 'tanh'; expected one of 'identity', 'sigmoid', 'softmax'",
        ),
        (lambda: MLP([2, 4, 2], output="sigmoid"), r"output='sigmoid' needs exactly 1 output unit"),
        (lambda: MLP([2, 4, 1], output="softmax"), r"output='softmax' needs at least 2 output units"),
        (lambda: MLP([2, 4, 1], init="kaiming"), r"unknown init 'kaiming'; expected 'he', 'xavier', or a number"),
        (lambda: MLP([2, 4, 1], bias=[0.0, 1.0]), r"bias lists 2 entries; expected 1"),
        (lambda: MLP([2, 4, 1], bias="low"), r"bias must be a finite number"),
        (lambda: MLP([2, 4, 1], dtype=np.int32), r"dtype must be a float dtype"),
        (lambda: MLP([2, 4, 1], dtype="banana"), r"dtype must be a float dtype such as np.float64.*'banana'"),
        (lambda: MLP([2, 4, 1], rng="seed"), r"rng must be a non-negative integer seed, a numpy Generator, or None"),
        (lambda: MLP([2, 4, 1], rng=-1), r"rng must be a non-negative integer seed"),
        (lambda: MLP([2, 4, 1], rng=1.5), r"rng must be a non-negative integer seed"),
    ],
)
def test_bad_construction_raises_a_clear_value_error(build, match):
    with pytest.raises(ValueError, match=match):
        build()


@pytest.mark.parametrize(
    "X, y, match",
    [
        (np.ones((5, 3)), np.zeros(5), r"X has shape \(5, 3\); expected \(n_examples, 2\)"),
        (np.ones(2), np.zeros(1), r"X has shape \(2,\); expected \(n_examples, 2\)"),
        (np.ones((0, 2)), np.zeros(0), r"X has shape \(0, 2\); expected"),
        (np.array([[1.0, np.nan]]), np.zeros(1), r"X contains NaN or infinity; expected finite numbers"),
        (np.array([["a", "b"]]), np.zeros(1), r"X holds values of dtype <U1; expected real numbers"),
        (np.ones((5, 2)), np.zeros(4), r"y has shape \(4,\); expected \(5,\), one class label per example"),
        (np.ones((2, 2)), np.array([0, 3]), r"label out of range \(3\).*expects integer class labels 0 to 2"),
        (np.ones((2, 2)), np.array([0, -1]), r"label out of range \(-1\)"),
        (np.ones((2, 2)), np.array([0.5, 1.0]), r"label out of range \(0.5\)"),
    ],
)
def test_bad_data_raises_a_clear_value_error(X, y, match):
    net = _net()
    with pytest.raises(ValueError, match=match):
        net.loss_and_grads(X, y)
    with pytest.raises(ValueError, match=match):
        net.fit(X, y, epochs=1, lr=0.1)


def test_bad_targets_for_sigmoid_and_identity_outputs():
    binary = r"labels other than 0 and 1 \(for example 2\).*expects binary labels 0 or 1"
    with pytest.raises(ValueError, match=binary):
        MLP([2, 3, 1], output="sigmoid").loss_and_grads(np.ones((2, 2)), [0, 2])
    with pytest.raises(ValueError, match=r"y has shape \(2, 2\); expected \(2,\) or \(2, 1\)"):
        MLP([2, 3, 1]).loss_and_grads(np.ones((2, 2)), np.ones((2, 2)))
    with pytest.raises(ValueError, match=r"y contains NaN or infinity"):
        MLP([2, 3, 1]).loss_and_grads(np.ones((2, 2)), [1.0, np.inf])


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(optimizer="rmsprop"), r"unknown optimizer 'rmsprop'; expected 'sgd' or 'adam'"),
        (dict(optimizer="adam", momentum=0.9), r"momentum applies to optimizer='sgd' only"),
        (dict(momentum=1.5), r"momentum must be in \[0, 1\)"),
        (dict(lr=-1.0), r"lr must be a positive number"),
        (dict(epochs=0), r"epochs must be a positive integer"),
        (dict(batch_size=2.5), r"batch_size must be a positive integer"),
        (dict(record="always"), r"record must be None, 'step' or 'epoch'"),
        (dict(record="epoch", probe=np.ones((3, 2))), r"probe must be a pair \(X_probe, y_probe\)"),
        (dict(record="epoch", probe=(np.ones((3, 5)), np.zeros(3))), r"X_probe has shape \(3, 5\)"),
        (dict(rng="abc"), r"rng must be a non-negative integer seed, a numpy Generator, or None; got 'abc'"),
        (dict(momentum="high"), r"momentum must be in \[0, 1\); got 'high'"),
        (dict(lr="0.1"), r"lr must be a positive number; got '0.1'"),
        (dict(saturation="small"), r"saturation must be a number >= 0"),
    ],
)
def test_bad_training_options_raise_a_clear_value_error(kwargs, match):
    options = dict(epochs=1, lr=0.1) | kwargs
    with pytest.raises(ValueError, match=match):
        _net().fit(np.ones((4, 2)), [0, 1, 2, 0], **options)


def test_accuracy_needs_a_classifier():
    with pytest.raises(ValueError, match=r"accuracy needs a classifier"):
        MLP([2, 3, 1]).accuracy(np.ones((2, 2)), [0.0, 1.0])
