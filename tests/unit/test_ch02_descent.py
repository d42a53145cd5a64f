"""actlab.descent: one unit trained by gradient descent, its learning signal recorded step by step."""

import numpy as np
import pytest

from actlab import activations
from actlab.descent import central_difference, steps_to_reach, train_unit

UNITS = ["sigmoid", "tanh", "relu", "leaky_relu", "gelu"]


def test_one_step_is_the_chain_rule_by_hand():
    run = train_unit("sigmoid", z0=0.3, lr=2.0, steps=1, x=1.5, y=0.2)
    sigmoid = activations.get("sigmoid")
    w0 = 0.3 / 1.5
    a = float(sigmoid(0.3))
    grad = (a - 0.2) * float(sigmoid.grad(0.3)) * 1.5
    assert run.w[0] == pytest.approx(w0)
    assert run.grad[0] == pytest.approx(grad)
    assert run.w[1] == pytest.approx(w0 - 2.0 * grad)
    assert run.loss[0] == pytest.approx(0.5 * (a - 0.2) ** 2)


@pytest.mark.parametrize("name", UNITS)
def test_recorded_gradients_agree_with_central_differences(name):
    run = train_unit(name, z0=0.7, lr=0.5, steps=5, x=-1.2, y=0.4)
    act = activations.get(name)
    for w, g in zip(run.w, run.grad):
        numeric = central_difference(lambda v: float(0.5 * (act(v[0] * -1.2) - 0.4) ** 2), np.array([w]))
        assert g == pytest.approx(numeric[0], rel=1e-6, abs=1e-10)


def test_records_have_one_entry_per_step_plus_the_start():
    run = train_unit("tanh", z0=1.0, lr=0.1, steps=7)
    assert run.steps == 7
    for field in ("w", "z", "a", "slope", "grad", "loss"):
        assert getattr(run, field).shape == (8,)


def test_a_dead_relu_unit_never_moves_and_gets_exactly_zero_gradient():
    run = train_unit("relu", z0=-2.0, lr=10.0, steps=200)
    assert np.all(run.w == -2.0)
    assert np.all(run.grad == 0.0)
    assert np.all(run.slope == 0.0)


def test_a_leaky_unit_started_on_its_negative_side_escapes_slowly():
    run = train_unit("leaky_relu", z0=-1.0, lr=1.0, steps=1000)
    assert run.slope[0] == pytest.approx(0.01)
    crossing = int(np.argmax(run.z > 0))
    assert crossing > 100
    assert steps_to_reach(run.loss, 5e-5) is not None


def test_saturated_sigmoid_is_about_eleven_times_slower_than_centred():
    target = 0.5 * 0.01**2
    centred = steps_to_reach(train_unit("sigmoid", z0=0.0, lr=5.0, steps=300).loss, target)
    saturated = steps_to_reach(train_unit("sigmoid", z0=5.0, lr=5.0, steps=300).loss, target)
    assert (centred, saturated) == (13, 152)


def test_learning_rate_one_lands_a_relu_unit_on_its_target_in_one_step():
    # Where the unit is active, L = 0.5 (w - y)^2 has curvature 1, so lr = 1 is the one-step rate.
    run = train_unit("relu", z0=3.0, lr=1.0, steps=3)
    assert run.a[1] == pytest.approx(0.75)
    assert run.loss[1:] == pytest.approx([0.0, 0.0, 0.0])


def test_a_run_that_blows_up_is_marked_diverged_with_nan_after():
    run = train_unit("identity", z0=1.0, lr=5.0, steps=400)
    assert run.diverged
    assert np.isnan(run.loss[-1]) and np.isfinite(run.loss[0])


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"lr": 0.0}, "lr must be positive"),
        ({"lr": float("nan")}, "lr must be a finite number"),
        ({"steps": 0}, "steps must be a positive whole number"),
        ({"steps": 2.5}, "steps must be a positive whole number"),
        ({"x": 0.0}, "x must not be 0"),
        ({"z0": float("inf")}, "z0 must be a finite number"),
    ],
)
def test_bad_settings_are_named(kwargs, message):
    settings = {"z0": 0.0, "lr": 1.0, "steps": 3, **kwargs}
    with pytest.raises(ValueError, match=message):
        train_unit("sigmoid", **settings)


def test_an_unknown_activation_lists_the_valid_names():
    with pytest.raises(KeyError, match="valid names are"):
        train_unit("sigmoidd", z0=0.0, lr=1.0, steps=1)


def test_steps_to_reach():
    assert steps_to_reach([1.0, 0.5, 0.1], 0.5) == 1
    assert steps_to_reach([1.0, np.nan, 0.9], 0.5) is None
    with pytest.raises(ValueError, match="one value per step"):
        steps_to_reach(np.zeros((2, 2)), 0.1)


def test_central_difference_leaves_its_input_alone_and_keeps_its_shape():
    theta = np.array([[1.0, -2.0], [0.5, 3.0]])
    before = theta.copy()
    g = central_difference(lambda t: float(np.sum(t**2)), theta)
    assert np.array_equal(theta, before)
    assert g.shape == theta.shape
    assert g == pytest.approx(2 * theta, rel=1e-7)
