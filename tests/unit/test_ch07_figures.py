"""Chapter 7's figure builders: what they draw, and that their alt text reports it."""

import numpy as np

from actlab import compare as cm
from actlab.explorers import Bars, Scatter
from actlab.figures import ch07

SHORT = cm.Recipe(epochs=1)


def test_comparison_scene_has_a_bar_per_activation_and_a_dot_per_seed():
    runs = cm.compare(["relu", "tanh"], ["shallow"], seeds=2, recipe=SHORT)
    scene = ch07.comparison_scene(runs, ["relu", "tanh"], ["shallow"])
    items = scene.panels[0].items
    assert sum(isinstance(i, Bars) for i in items) == 2
    assert sum(len(i.x) for i in items if isinstance(i, Scatter)) == 4
    assert "over 2 seeds" in scene.alt and "ReLU" in scene.alt and "tanh" in scene.alt


def test_training_scene_reports_the_epoch_and_the_end():
    run = cm.train("relu", "shallow", recipe=cm.Recipe(epochs=3))
    scene = ch07.training_scene(run, 1)
    assert "After epoch 1" in scene.alt and "final test" in scene.alt
    assert scene.panels[0].xlim == (0, 3) and scene.panels[1].yscale == "log"
    assert scene.panels[1].ylim == (0.01, 30.0)  # the same for every run, so that settings compare


def test_training_scene_says_when_a_run_diverged():
    run = cm.train("relu", "deep", lr=100.0, recipe=cm.Recipe(epochs=2))
    assert "diverged" in ch07.training_scene(run, 2).alt


def test_recovery_and_recurrence_scenes_read_their_numbers():
    steps = np.array([0, 5, 10])
    alt = ch07.recovery_scene(steps, {"a": np.array([0.0, 0.95, 1.0]), "b": np.zeros(3)}).alt
    assert "first reaches 90% after 5 steps" in alt and "never reaches 90%" in alt
    alt = ch07.recurrence_scene(steps, {"tanh": np.array([0.5, 0.9, 0.99])}).alt
    assert "tanh: 0.99 after 10 steps" in alt


def test_sweep_and_timeline_scenes():
    acc = np.array([[[0.5, 0.6], [0.9, 0.8]]])
    alt = ch07.sweep_scene([0.01, 0.1], acc, ["relu"], {"relu": 0.1}).alt
    assert "ReLU: 55% at 0.01, 85% at 0.1, best at 0.1" in alt
    alt = ch07.timeline_scene([(1958, "step", "grey"), (2010, "ReLU", "blue")]).alt
    assert "step in 1958" in alt and "ReLU in 2010" in alt


def test_markdown_table():
    assert ch07.markdown_table(["a"], [[1], [2]]).splitlines() == ["| a |", "|---|", "| 1 |", "| 2 |"]
