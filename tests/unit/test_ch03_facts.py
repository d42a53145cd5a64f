"""Chapter 3's facts: the registry's descriptions agree with the functions, and the zoo's numbers hold.

The registry says of each activation whether it is zero-centred, monotonic and
smooth, where it saturates, and which paper introduced it; the chapter computes
the same facts from the functions (``actlab.figures.ch03.properties``). These
tests hold the two together, so the cheat sheet and the chapter cannot disagree.
"""

import re
from pathlib import Path

import numpy as np
import pytest
from scipy.optimize import brentq, minimize_scalar
from scipy.stats import norm

from actlab import activations
from actlab.figures import ch03

ALL = activations.names()
BIB = Path(__file__).resolve().parents[2] / "references.bib"


@pytest.fixture(scope="module")
def facts():
    return {name: ch03.properties(name) for name in ALL}


@pytest.mark.parametrize("name", ALL)
def test_declared_monotonic_matches_the_function(name, facts):
    assert activations.get(name).monotonic == facts[name]["monotonic"]


@pytest.mark.parametrize("name", ALL)
def test_declared_smoothness_matches_the_function(name, facts):
    assert activations.get(name).smooth == (facts[name]["shape"] == "smooth")


@pytest.mark.parametrize("name", ALL)
def test_declared_saturation_matches_the_function(name, facts):
    assert activations.get(name).saturates == facts[name]["saturates"]


@pytest.mark.parametrize("name", ALL)
def test_zero_centred_means_odd(name, facts):
    assert activations.get(name).zero_centred == facts[name]["odd"]


@pytest.mark.parametrize("name", ALL)
def test_declared_kinks_cover_every_jump_of_the_derivative(name, facts):
    act = activations.get(name)
    if facts[name]["shape"] != "smooth":
        assert act.kinks, f"{name}'s derivative jumps, but the registry lists no kink"


def test_elu_is_smooth_only_with_alpha_one():
    assert ch03.properties("elu", alpha=1.0)["shape"] == "smooth"
    assert ch03.properties("elu", alpha=0.5)["shape"] == "kink"
    assert ch03.properties("elu", alpha=2.0)["shape"] == "kink"


def _bib_years():
    text = BIB.read_text(encoding="utf-8")
    years = {}
    for key, body in re.findall(r"@\w+\{(\w+),(.*?)\n\}", text, flags=re.DOTALL):
        found = re.search(r"year\s*=\s*\{(\d{4})\}", body)
        if found:
            years[key] = int(found.group(1))
    return years


@pytest.mark.parametrize("name", [n for n in ALL if activations.get(n).paper])
def test_papers_are_in_the_bibliography_with_the_registry_year(name):
    act = activations.get(name)
    years = _bib_years()
    assert act.paper in years, f"{name}: {act.paper} is not in references.bib"
    assert years[act.paper] == act.year


def test_every_activation_says_what_it_costs():
    assert all(activations.get(n).cost for n in ALL)
    assert {activations.get(n).saturates for n in ALL} <= {"both", "left", "no"}


# --- the chapter's numbers -------------------------------------------------------------


def test_lowest_points_of_the_smooth_relus():
    expected = [("swish", -0.2785, -1.2785), ("gelu", -0.1700, -0.7518), ("mish", -0.3088, -1.1924)]
    for name, low, at in expected:
        p = ch03.properties(name)
        assert p["bottom"] == "point"
        assert round(p["lowest"], 4) == low and round(p["argmin"], 4) == at


def test_swish_minimum_satisfies_its_identity():
    # at the minimum swish'(z) = 0, which gives z * sigma(z) = z + 1
    p = ch03.properties("swish")
    assert p["lowest"] == pytest.approx(p["argmin"] + 1.0, abs=1e-6)


def test_bottoms_that_are_limits_or_half_lines():
    assert ch03.properties("relu")["bottom"] == "flat"
    assert ch03.properties("tanh")["bottom"] == "limit"
    assert ch03.properties("elu", alpha=2.0)["lowest"] == pytest.approx(-2.0)
    assert ch03.properties("leaky_relu")["bottom"] == "unbounded"
    assert ch03.properties("identity")["lowest"] == -np.inf


def test_tanh_slope_beats_sigmoid_slope_only_near_zero():
    tanh, sigmoid = activations.get("tanh"), activations.get("sigmoid")
    crossover = brentq(lambda t: tanh.grad(t) - sigmoid.grad(t), 0.5, 5.0)
    assert round(crossover, 4) == 1.6629
    z = np.linspace(-8, 8, 3201)
    inside = np.abs(z) < crossover - 1e-3
    outside = np.abs(z) > crossover + 1e-3
    assert np.all(tanh.grad(z[inside]) > sigmoid.grad(z[inside]))
    assert np.all(tanh.grad(z[outside]) < sigmoid.grad(z[outside]))


def test_identities_of_the_s_shapes():
    z = np.linspace(-10, 10, 2001)
    tanh, sigmoid = activations.get("tanh"), activations.get("sigmoid")
    np.testing.assert_allclose(tanh(z), 2 * sigmoid(2 * z) - 1, atol=1e-12)
    np.testing.assert_allclose(tanh.grad(z), 4 * sigmoid.grad(2 * z), atol=1e-12)
    np.testing.assert_allclose(activations.get("softplus").grad(z), sigmoid(z))


def test_mean_outputs_for_a_standard_normal_input():
    assert ch03.mean_output("relu") == pytest.approx(1 / np.sqrt(2 * np.pi), abs=1e-7)
    assert ch03.mean_output("selu") == pytest.approx(0.0, abs=1e-6)
    assert 0.0 < ch03.mean_output("elu") < ch03.mean_output("relu")
    assert ch03.mean_output("sigmoid") == pytest.approx(0.5, abs=1e-9)


def test_selu_constants_are_the_fixed_point():
    selu = activations.get("selu")
    z = np.linspace(-12, 12, 40_001)
    w = norm.pdf(z)
    assert np.trapezoid(selu(z) * w, z) == pytest.approx(0.0, abs=1e-6)
    assert np.trapezoid(selu(z) ** 2 * w, z) == pytest.approx(1.0, abs=1e-6)


def test_gelu_is_the_expected_value_of_a_random_mask():
    z = np.array([-2.0, -0.5, 0.5, 2.0])
    np.testing.assert_allclose(activations.get("gelu")(z), z * norm.cdf(z), rtol=1e-12)


def test_gelu_tanh_gap_is_even_and_small():
    z = np.linspace(-6, 6, 120_001)
    gap = activations.get("gelu")(z) - activations.get("gelu_tanh")(z)
    np.testing.assert_allclose(gap, gap[::-1], atol=1e-15)
    worst = np.argmax(np.abs(gap))
    assert round(float(np.abs(gap[worst])), 5) == 0.00047
    assert round(float(abs(z[worst])), 1) == 2.7


def test_values_at_one():
    names = ("sigmoid", "tanh", "gelu", "relu", "leaky_relu", "swish")
    at = {n: float(activations.get(n)(1.0)) for n in names}
    assert [round(v, 3) for v in at.values()] == [0.731, 0.762, 0.841, 1.0, 1.0, 0.731]
    assert at["gelu"] < at["relu"]  # below identity and ReLU, not between them


def test_gelu_slope_far_left_is_tiny_and_negative():
    gelu = activations.get("gelu")
    found = minimize_scalar(lambda t: float(gelu(t)), bracket=(-2.0, -0.5, 0.0))
    assert abs(float(gelu.grad(found.x))) < 1e-6
    assert -1e-5 < float(gelu.grad(-5.0)) < 0
