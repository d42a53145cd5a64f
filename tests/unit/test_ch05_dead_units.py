"""actlab.dead_units: counting dead units, sparsity, pruning, and the chapter's training runs."""

import numpy as np
import pytest

from actlab import dead_units as du
from actlab.mlp import MLP


def _one_layer(weights, biases):
    """A 1-k-1 ReLU network with the given first-layer weights and biases."""
    net = MLP([1, len(weights), 1], rng=0)
    net.params[0][0][...] = [weights]
    net.params[0][1][...] = biases
    return net


X_LINE = np.linspace(-1.0, 1.0, 201)[:, None]  # (201, 1)


def test_a_unit_is_dead_only_if_z_is_at_most_zero_on_every_example():
    # unit 0 fires for x > 0, unit 1 never (bias -5), unit 2 is exactly 0 everywhere,
    # unit 3 fires only for x < -0.99
    net = _one_layer([1.0, 1.0, 0.0, -1.0], [0.0, -5.0, 0.0, -0.99])
    assert du.dead_units(net, X_LINE)[0].tolist() == [False, True, True, False]
    assert du.dead_fraction(net, X_LINE).tolist() == [0.5]


def test_for_relu_it_agrees_with_the_networks_own_count():
    X = np.random.default_rng(0).normal(size=(100, 3))
    net = MLP([3, 8, 8, 8, 1], bias=[0.0, -0.4, -0.8], rng=1)
    ours, theirs = du.dead_units(net, X), net.dead_units(X)
    assert all((a == b).all() for a, b in zip(ours, theirs))
    assert sum(m.sum() for m in ours) > 0  # the case is not trivial


def test_preactivations_follow_the_forward_pass_for_any_elementwise_activation():
    X = np.random.default_rng(2).normal(size=(7, 2))
    net = MLP([2, 5, 4, 3], activation="gelu", output="softmax", rng=3)
    z1, z2 = du.preactivations(net, X)
    (W1, b1), (W2, b2), _ = net.params
    assert np.allclose(z1, X @ W1 + b1)
    from actlab import activations

    assert np.allclose(z2, activations.get("gelu")(z1) @ W2 + b2)


def test_gated_layers_are_refused_with_a_sentence():
    net = MLP([2, 3, 1], activation="swiglu", rng=0)
    with pytest.raises(ValueError, match="gated layer"):
        du.dead_units(net, np.ones((2, 2)))


@pytest.mark.parametrize("X", [np.ones((3, 4)), np.ones(2), [["a", "b"]]], ids=["wrong width", "1-D", "strings"])
def test_bad_inputs_get_a_sentence(X):
    net = MLP([2, 3, 1], rng=0)
    with pytest.raises(ValueError, match=r"expected numbers of shape \(n_examples, 2\)"):
        du.dead_fraction(net, X)


def test_counting_on_batches_overstates_and_matches_the_probability():
    net = _one_layer([1.0, -1.0], [0.0, -0.9])  # unit 1 fires only for x < -0.9: 9 of 201 points
    p = np.mean(X_LINE[:, 0] < -0.9)
    assert du.dead_fraction(net, X_LINE)[0] == 0.0
    fraction = du.batch_dead_fraction(net, X_LINE, 8, rng=0)[0]
    # half the layer is unit 1, which looks dead on a batch with probability about (1 - p)**8
    assert fraction == pytest.approx(0.5 * (1 - p) ** 8, abs=0.1)
    assert du.batch_dead_fraction(net, X_LINE, 201)[0] == 0.0  # one batch = the whole set


def test_batch_size_is_checked():
    net = _one_layer([1.0], [0.0])
    with pytest.raises(ValueError, match="batch_size must be a whole number from 1 to 201"):
        du.batch_dead_fraction(net, X_LINE, 0)


def test_sparsity_counts_zeros_per_example_not_dead_units():
    net = _one_layer([1.0, -1.0], [0.0, 0.0])  # each x != 0 switches exactly one unit off
    X = np.array([[-2.0], [-1.0], [1.0], [2.0]])
    assert du.sparsity(net, X).tolist() == [0.5]
    assert du.dead_fraction(net, X).tolist() == [0.0]
    leaky = MLP([1, 2, 1], activation="leaky_relu", rng=0)
    assert du.sparsity(leaky, X).tolist() == [0.0]  # leaky ReLU has no exact zeros here


def test_removing_dead_units_changes_nothing_on_the_set_they_are_dead_on():
    X = np.random.default_rng(4).normal(size=(60, 3))
    net = MLP([3, 10, 10, 2], bias=[-0.5, -0.5], output="softmax", rng=5)
    dead = du.dead_units(net, X)
    assert sum(m.sum() for m in dead) > 0
    slim = du.remove_units(net, [~m for m in dead])
    assert slim.layer_sizes == [3] + [int((~m).sum()) for m in dead] + [2]
    assert np.array_equal(slim.forward(X), net.forward(X))


def test_remove_units_checks_its_masks():
    net = MLP([2, 3, 1], rng=0)
    with pytest.raises(ValueError, match="removes every unit"):
        du.remove_units(net, [np.zeros(3, dtype=bool)])
    with pytest.raises(ValueError, match=r"shape \(3,\)"):
        du.remove_units(net, [np.ones(4, dtype=bool)])
    with pytest.raises(ValueError, match="one per hidden layer"):
        du.remove_units(net, np.ones(3, dtype=bool))


def test_deep_narrow_networks_die_with_depth_and_a_negative_bias_makes_it_worse():
    X = np.random.default_rng(0).normal(size=(300, 2))
    sizes = [2] + [4] * 12 + [1]
    zero = du.init_dead_fraction(sizes, X, n_networks=30)
    negative = du.init_dead_fraction(sizes, X, bias=-0.5, n_networks=30)
    positive = du.init_dead_fraction(sizes, X, bias=0.1, n_networks=30)
    assert zero.per_layer[-1] > zero.per_layer[1] > zero.per_layer[0]
    assert negative.per_layer[-1] > zero.per_layer[-1] > positive.per_layer[-1]
    assert negative.collapsed >= zero.collapsed >= positive.collapsed


def test_the_unit_story_relu_stays_dead_leaky_comes_back():
    relu, leaky = du.unit_story("relu"), du.unit_story("leaky_relu")
    assert relu.z_max[0] > 0 > relu.z_max[1]
    assert np.all(relu.z_max[1:] == relu.z_max[1])  # not a single step moves it
    assert relu.recovered_at is None
    assert leaky.recovered_at is not None and leaky.z_max[leaky.recovered_at] > 0
    assert np.all(leaky.z_max[1 : leaky.recovered_at] <= 0)
    assert leaky.loss[-1] < relu.loss[-1] / 10


def test_the_unit_story_uses_a_given_backward_step_and_checks_its_shape():
    relu_backward = du.unit_story("leaky_relu", backward=lambda z, dh: dh * (z > 0))
    assert relu_backward.recovered_at is None
    with pytest.raises(ValueError, match="returned shape"):
        du.unit_story("relu", steps=3, backward=lambda z, dh: dh.sum(axis=0))


def test_a_training_run_records_every_frame_and_is_cached():
    run = du.training_run("relu", 0.3, 0.0, steps=12, every=6)
    assert run.steps.tolist() == [0, 6, 12]
    assert run.dead.shape == (3, 2) and run.loss.shape == (3,) and run.z_max.shape == (3, 64)
    assert np.all((run.dead >= 0) & (run.dead <= 1)) and np.all(np.isfinite(run.loss))
    # the dead fraction is the share of units whose largest z is at most 0
    assert np.allclose(run.dead.mean(axis=1), np.mean(run.z_max <= 0, axis=1))
    assert du.training_run("relu", 0.3, 0.0, steps=12, every=6) is run


def test_a_negative_starting_bias_starts_many_units_dead():
    assert du.training_run("relu", 0.1, -0.5, steps=6, every=6).dead[0].mean() > 0.3
    assert du.training_run("relu", 0.1, 0.0, steps=6, every=6).dead[0].mean() < 0.1
