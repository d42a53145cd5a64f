"""Chapter 5's figure builders: what they draw, and that their alt text reports it."""

import numpy as np

from actlab import activations
from actlab import dead_units as du
from actlab.explorers import Heatmap, Histogram, Line, Scene, Text, VLine
from actlab.figures import ch05


def test_outputs_scene_counts_blank_columns_and_blank_cells():
    h = np.ones((4, 3))
    h[:, 1] = 0.0  # a dead column
    h[0, 0] = 0.0  # one more zero
    scene = ch05.outputs_scene([h], ["demo"])
    assert isinstance(scene.panels[0].items[0], Heatmap)
    assert "demo: 1 of 3 columns are blank" in scene.alt
    assert "42% of all cells are blank" in scene.alt  # 5 of 12


def test_init_depth_scene_draws_one_curve_per_bias():
    per_layer = {-0.5: np.array([0.0, 0.5, 1.0]), 0.0: np.array([0.0, 0.2, 0.4])}
    scene = ch05.init_depth_scene(per_layer, width=4)
    labels = [item.label for item in scene.panels[0].items if isinstance(item, Line)]
    assert labels == ["bias -0.5", "bias +0"]
    assert [item.text for item in scene.panels[0].items if isinstance(item, Text)] == labels
    assert "with bias -0.5, 0% dead in layer 1 and 100% in layer 3" in scene.alt


def test_lr_sweep_scene_reports_each_learning_rate():
    scene = ch05.lr_sweep_scene([0.1, 1.0], np.array([[0.0, 0.1], [0.6, 0.8]]), [0.9, 0.2])
    assert scene.panels[0].xscale == "log"
    assert "0.1: 5% dead, 90% accuracy" in scene.alt and "1: 70% dead, 20% accuracy" in scene.alt


def test_story_scene_says_whether_the_unit_came_back():
    stories = {"relu": du.unit_story("relu", steps=50), "leaky_relu": du.unit_story("leaky_relu")}
    alt = ch05.story_scene(stories).alt
    assert "with ReLU the unit falls to" in alt and "never comes back" in alt
    assert f"climbs back above zero at step {stories['leaky_relu'].recovered_at}" in alt


def test_slopes_scene_reads_out_value_and_slope():
    leaky = activations.get("leaky_relu").with_params(alpha=0.1)
    scene = ch05.slopes_scene(["relu", leaky, "gelu"])
    left = scene.panels[0]
    labels = [item.label for item in left.items if isinstance(item, Line)]
    assert labels == ["ReLU", "Leaky ReLU (α = 0.1)", "GELU"]
    assert left.readout is not None and left.readout.x == -1.0
    assert all(item.slope is not None for item in left.items if isinstance(item, Line))
    assert "Leaky ReLU (α = 0.1): slope 0.1 at -1 and 0.1 at -5" in scene.alt
    assert "GELU: slope -0.0833 at -1 and -7.15e-06 at -5" in scene.alt


def test_watch_scene_shows_the_run_up_to_the_step():
    run = du.training_run("relu", 1.0, 0.0, steps=12, every=6)
    scene = ch05.watch_scene(run, 6, activation="relu", lr=1.0, bias=0.0)
    dead_panel, loss_panel, z_panel = scene.panels
    assert all(line.x.tolist() == [0, 6] for line in dead_panel.items)
    assert loss_panel.items[0].x.tolist() == [0, 6]
    histogram = next(item for item in z_panel.items if isinstance(item, Histogram))
    # values beyond the range are counted in the end bins
    assert histogram.counts.sum() == 64 and histogram.dropped == 0
    assert any(isinstance(item, VLine) and item.x == 0.0 for item in z_panel.items)
    assert scene.alt.startswith("ReLU, learning rate 1, hidden biases starting at +0. At step 6,")
    # panels that grow with the step keep the limits of the whole run
    assert dead_panel.xlim == loss_panel.xlim == (0.0, 12.0)


def test_watch_scene_keeps_its_axes_between_settings_that_train():
    """Two settings that train draw on the same axes: they compare at a glance, and the live
    view only has to redraw the lines."""
    scenes = [
        ch05.watch_scene(du.training_run(a, lr, 0.0, steps=12, every=6), 6, activation=a, lr=lr, bias=0.0)
        for a, lr in (("relu", 0.1), ("gelu", 1.0))
    ]
    for first, second in zip(*(scene.panels for scene in scenes)):
        assert (first.xlim, first.ylim) == (second.xlim, second.ylim)
    assert scenes[0].panels[1].ylim == (ch05.LOSS_FLOOR, ch05.LOSS_TOPS[0])
    assert scenes[0].panels[2].ylim == (0, 64)


def test_watch_scene_says_when_training_diverged():
    run = du.Run(
        np.array([0, 6]),
        np.array([[0.1, 0.1], [np.nan, np.nan]]),
        np.array([2.3, np.nan]),
        np.vstack([np.zeros(64), np.full(64, np.nan)]),
        float("nan"),
    )
    scene = ch05.watch_scene(run, 6, activation="elu", lr=1.0, bias=0.0)
    assert "training has diverged" in scene.alt
    assert isinstance(scene, Scene)


def test_markdown_table():
    assert ch05.markdown_table(["a"], [[1], [2]]).splitlines() == ["| a |", "|---|", "| 1 |", "| 2 |"]
