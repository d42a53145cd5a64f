"""Tests of chapter 4's figure builders and self-checks (actlab.figures.ch04, actlab.selfcheck.ch04)."""

import numpy as np
import pytest

from actlab.checks import CORRECT, NOT_ATTEMPTED, NOT_YET
from actlab.explorers import Bars, Heatmap, Scene
from actlab.figures import ch04 as fig
from actlab.gradient_flow import deep_mlp, hidden_outputs
from actlab.selfcheck import ch04

# ---------------------------------------------------------------------------- figures


def test_gradient_bars_alt_text_gives_each_ratio():
    scene = fig.gradient_bars({"sigmoid": [1e-6, 1e-3, 1.0], "relu": [0.5, 0.6, 0.5]})
    assert isinstance(scene, Scene)
    assert "sigmoid: the first layer gets 1e-06" in scene.alt
    assert "ReLU: the first layer gets 1" in scene.alt
    bars = scene.panels[0].items
    assert [b.labels for b in bars][0] == ["1", "2", "out"]


def test_layer_panel_columns_are_histograms_that_keep_outliers():
    hs = [np.array([[0.0, 0.5, 10.0, -10.0]]), np.zeros((3, 3))]
    heat = fig.layer_panel(hs, "tanh", bins=4).items[0]
    assert isinstance(heat, Heatmap)
    assert heat.z.shape == (4, 2)
    np.testing.assert_allclose(heat.z.sum(axis=0), 1.0)
    assert heat.z[0, 0] == pytest.approx(0.25) and heat.z[-1, 0] == pytest.approx(0.5)


def test_depth_explorer_scene_and_floor():
    net = deep_mlp("sigmoid", "small", 6, rng=0)
    X = np.random.default_rng(0).uniform(size=(16, 64))
    zs, hs = hidden_outputs(net, X)
    g = net.inspect(X, np.zeros(16, dtype=int))["grad_W"]
    scene = fig.depth_explorer("sigmoid", "small", g, zs, hs)
    assert len(scene.panels) == 2
    assert "saturated" in scene.panels[1].title
    assert isinstance(scene.panels[0].items[0], Bars)
    assert scene.panels[0].items[0].heights.min() >= fig.FLOOR
    assert "initial weights small, std 0.01" in scene.alt


def test_ratio_table_is_markdown():
    table = fig.ratio_table({"sigmoid": [1e-3, 2e-7]}, [2, 5], {"sigmoid": "xavier"})
    lines = table.splitlines()
    assert lines[1] == "|---|---|---|"
    assert lines[2] == "| sigmoid (Xavier) | 1e-03 | 2e-07 |"


def test_flat_regions_names_where_each_goes_flat():
    alt = fig.flat_regions(["sigmoid", "relu"]).alt
    assert "sigmoid is flat below -3.48 and above 3.48" in alt
    assert "ReLU is flat for every negative input" in alt


# ------------------------------------------------------------------------ self-checks


def test_quiz_has_the_required_questions():
    keys = [q.key for q in ch04.quiz.questions]
    assert len(keys) >= 4
    assert {"bound-direction", "one-sided", "init-tanh", "residual"} <= set(keys)
    assert ch04.quiz.grade("bound-direction", 1).correct
    assert "reverses the bound" in ch04.quiz.grade("bound-direction", 0).feedback
    assert ch04.quiz.grade("explode-factor", "5.66").correct
    assert "square root" in ch04.quiz.grade("explode-factor", "32").feedback


@pytest.mark.parametrize("name", ["layer_gradients", "init_scale", "saturated_share"])
def test_reference_solutions_pass_and_placeholders_are_not_attempted(name):
    exercise = getattr(ch04, name)
    assert exercise.check(exercise.reference).status == CORRECT

    def placeholder(*args, **kwargs):
        raise NotImplementedError

    assert exercise.check(placeholder).status == NOT_ATTEMPTED
    assert len(exercise.hints) >= 2


def test_layer_gradients_names_the_missing_slope_and_the_order():
    reference = ch04.layer_gradients.reference

    def without_slope(params, X, grad_out):
        inputs, h = [], X
        for W, b in params:
            inputs.append(h)
            h = np.tanh(h @ W + b)
        norms, dh = [], grad_out
        for (W, _), h_in in zip(reversed(params), reversed(inputs)):
            norms.append(np.linalg.norm(h_in.T @ dh))
            dh = dh @ W.T
        return np.array(norms[::-1])

    feedback = ch04.layer_gradients.check(without_slope)
    assert feedback.status == NOT_YET and "tanh's slope" in str(feedback)
    feedback = ch04.layer_gradients.check(lambda p, X, G: reference(p, X, G)[::-1])
    assert feedback.status == NOT_YET and "wrong order" in str(feedback)


def test_init_scale_simulates_a_wrong_scale():
    feedback = ch04.init_scale.check(lambda fan_in, activation, alpha=0.01: np.sqrt(1.0 / fan_in))
    assert feedback.status == NOT_YET
    assert "shrinks (vanishing)" in str(feedback) and "half" in str(feedback)
    feedback = ch04.init_scale.check(lambda fan_in, activation, alpha=0.01: 2.0 / fan_in)
    assert "square root" in str(feedback)


def test_saturated_share_names_counts_and_one_sided_answers():
    feedback = ch04.saturated_share.check(lambda a, activation: float(np.sum(np.abs(a) > 0.97)))
    assert "number of saturated outputs" in str(feedback)
    feedback = ch04.saturated_share.check(lambda a, activation: float(np.mean(np.abs(a) > 0.97)))
    assert "below 0.03 are saturated too" in str(feedback)
    feedback = ch04.saturated_share.check(
        lambda a, activation: (
            float(np.mean(np.abs(a) >= 0.97)) if activation == "tanh" else float(np.mean((a < 0.03) | (a > 0.97)))
        )
    )
    assert "exactly on the edge" in str(feedback)
