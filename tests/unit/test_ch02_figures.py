"""Chapter 2's figure builders: scenes whose alt text states what the data shows."""

import numpy as np
import pytest

from actlab.descent import train_unit
from actlab.explorers import Scene
from actlab.figures import ch02 as fig


def test_unit_runs_names_the_step_counts():
    runs = [train_unit("sigmoid", z0=z0, lr=5.0, steps=180) for z0 in (0.0, 5.0)]
    scene = fig.unit_runs(runs, ["start z = 0", "start z = 5"], target_loss=5e-5)
    assert isinstance(scene, Scene) and len(scene.panels) == 2
    assert "it takes 13 steps" in scene.alt and "it takes 152 steps" in scene.alt


def test_unit_runs_says_when_a_run_never_gets_there():
    scene = fig.unit_runs([train_unit("relu", z0=-1.0, lr=1.0, steps=20)], ["dead"], target_loss=1e-3)
    assert "never reaches" in scene.alt


def test_unit_runs_needs_one_label_per_run():
    with pytest.raises(ValueError, match="one label per run"):
        fig.unit_runs([train_unit("tanh", z0=0.0, lr=1.0, steps=2)], [], target_loss=0.1)


def test_learning_rates_calls_each_regime_by_its_name():
    c = 2.5
    paths = {lr: 2.0 * (1 - lr * c) ** np.arange(9) for lr in (0.05, 0.3, 0.7, 0.85)}
    scene = fig.learning_rates(lambda w: 0.5 * c * np.asarray(w) ** 2, paths, w_star=0.0)
    titles = [p.title for p in scene.panels]
    assert titles == [
        "η = 0.05: creeps",
        "η = 0.3: converges",
        "η = 0.7: overshoots, converges",
        "η = 0.85: overshoots, diverges",
    ]


def test_zigzag_counts_the_steps_that_move_both_weights_the_same_way():
    staircase = np.array([[0.0, 0.0], [0.4, 0.4], [0.2, -0.2], [0.6, 0.2], [1.0, -1.0]])
    scene = fig.zigzag([("demo", staircase, np.eye(2))], w_star=[1.0, -1.0])
    assert "3 of its 4 steps move both weights the same way" in scene.alt  # all but the last


def test_training_curves_leave_room_for_the_legend():
    scene = fig.training_curves([("a", [0.7, 0.4], "tanh"), ("b", [0.69, 0.69], "relu")])
    assert scene.panels[0].ylim[1] > 0.7 * 1.5


@pytest.mark.parametrize(
    "activation, z0, lr", [("sigmoid", 5.0, 5.0), ("relu", -1.0, 1.5), ("tanh", 2.0, 15.0), ("leaky_relu", 5.0, 15.0)]
)
def test_one_unit_draws_every_step_of_a_run_on_fixed_axes(activation, z0, lr):
    run = train_unit(activation, z0=z0, lr=lr, steps=30)
    scenes = [fig.one_unit(run, step) for step in range(0, 31, 10)]
    assert len({s.panels[1].ylim for s in scenes}) == 1  # one run, one loss axis
    assert all(s.panels[0].readout is not None for s in scenes)
    assert all(f"from z = {z0:g}" in s.alt for s in scenes)


def test_one_unit_marks_a_unit_that_left_the_chart():
    run = train_unit("leaky_relu", z0=5.0, lr=15.0, steps=20)
    scene = fig.one_unit(run, 20)
    assert "off the chart" in scene.alt


def test_one_unit_says_the_dead_unit_never_moved():
    scene = fig.one_unit(train_unit("relu", z0=-1.0, lr=1.0, steps=10), 10)
    assert "has not moved" in scene.alt


def test_one_unit_rejects_a_step_outside_the_run():
    run = train_unit("sigmoid", z0=0.0, lr=1.0, steps=10)
    with pytest.raises(ValueError, match="from 0 to 10"):
        fig.one_unit(run, 11)
