"""actlab.compare: one recipe, cached runs, summaries and sweeps (chapter 7)."""

from dataclasses import replace

import numpy as np
import pytest

from actlab import compare as cm

SHORT = cm.Recipe(epochs=2)


def test_a_run_records_every_epoch_and_learns():
    run = cm.train("relu", "shallow", recipe=SHORT)
    assert run.test_accuracy.shape == run.train_loss.shape == (3,)
    assert run.test_accuracy[-1] > 0.5 > run.test_accuracy[0]
    assert run.train_loss[-1] < run.train_loss[0]
    assert 0.0 <= run.dead <= 1.0 and 0.0 <= run.saturated <= 1.0
    assert not run.diverged and run.seconds > 0


def test_runs_are_cached_and_seeds_differ():
    first = cm.train("tanh", "shallow", seed=1, recipe=SHORT)
    assert cm.train("tanh", "shallow", seed=1, recipe=SHORT) is first
    other = cm.train("tanh", "shallow", seed=2, recipe=SHORT)
    assert not np.array_equal(first.test_loss, other.test_loss)


def test_epochs_overrides_the_recipe():
    run = cm.train("relu", "shallow", epochs=1, recipe=SHORT)
    assert run.test_accuracy.shape == (2,)


def test_the_deep_network_has_five_hidden_layers():
    assert cm.RECIPE.layer_sizes("deep") == [64, 32, 32, 32, 32, 32, 10]
    assert cm.RECIPE.layer_sizes("shallow") == [64, 32, 10]


def test_a_diverged_run_is_marked_not_raised():
    run = cm.train("relu", "deep", lr=100.0, recipe=SHORT)
    assert run.diverged
    assert np.isnan(run.test_loss[-1]) and np.isnan(run.dead)
    assert run.test_accuracy[-1] < 0.2  # answers one class


def test_a_gated_layer_trains_without_dead_counts():
    run = cm.train("swiglu", "shallow", recipe=replace(SHORT, width=8))
    assert run.final > 0.2 and np.isnan(run.dead)  # better than chance after two epochs


def test_compare_summary_and_sweep_shapes():
    runs = cm.compare(["relu", "gelu"], ["shallow"], seeds=2, recipe=SHORT)
    assert list(runs) == [("relu", "shallow"), ("gelu", "shallow")]
    s = cm.summary(runs["relu", "shallow"])
    finals = [r.final for r in runs["relu", "shallow"]]
    assert s["accuracy"] == pytest.approx(np.mean(finals)) and s["worst"] == min(finals)
    sweep = cm.lr_sweep(["relu"], [0.03, 0.1], depth="shallow", seeds=2, recipe=SHORT)
    assert sweep.shape == (1, 2, 2)
    assert sweep[0, 0].tolist() == finals  # the sweep reuses the comparison's runs


@pytest.mark.parametrize(
    "kwargs, words",
    [
        ({"activation": "relux"}, "unknown activation 'relux'"),
        ({"activation": "relu", "depth": "medium"}, "unknown depth 'medium'"),
        ({"activation": "relu", "lr": -1.0}, "positive number"),
        ({"activation": "relu", "seed": -1}, "non-negative integer"),
    ],
)
def test_bad_arguments_get_a_sentence(kwargs, words):
    with pytest.raises(ValueError, match=words):
        cm.train(recipe=SHORT, **kwargs)


def test_one_blas_thread_restores_the_setting():
    from threadpoolctl import threadpool_info

    before = [p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas"]
    with cm.one_blas_thread():
        inside = [p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas"]
    after = [p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas"]
    assert all(n == 1 for n in inside) and after == before
