"""Chapter 3's figure and table builders: what they draw, what their alt text says."""

import numpy as np
import pytest

from actlab import activations
from actlab.explorers import Line, Readout, Scene
from actlab.figures import ch03

ZOO = ["step", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "selu", "softplus", "swish", "gelu", "mish"]


def _lines(panel):
    return [item for item in panel.items if isinstance(item, Line)]


def test_zoo_draws_every_function_and_derivative_in_the_registry_style():
    scene = ch03.zoo(ZOO, params={"leaky_relu": {"alpha": 0.1}})
    assert isinstance(scene, Scene) and len(scene.panels) == 2
    functions, derivatives = (_lines(p) for p in scene.panels)
    assert len(functions) == len(derivatives) == len(ZOO)
    for name, line in zip(ZOO, functions):
        act = activations.get(name)
        assert line.color.lower() == act.color.lower()
    # the legend is split: each name is listed once, on one of the two panels
    listed = [line.label for line in functions + derivatives if line.label]
    assert sorted(listed) == sorted(activations.get(n).label for n in ZOO)
    assert all(activations.get(n).label in scene.alt for n in ZOO)


def test_zoo_alt_text_reports_the_ranges_it_draws():
    alt = ch03.zoo(["tanh"]).alt
    assert "tanh from -1.00 to 1.00, slope from 0.00 to 1.00" in alt


def test_family_marks_and_guides_appear_in_the_alt_text():
    scene = ch03.family(["sigmoid", "tanh"], ylim=(-1, 1), marks=[(-0.75, -0.17, "GELU")], guides=(1.66,))
    assert "lowest point of GELU, at (-0.75, -0.17)" in scene.alt
    assert "z = 1.66" in scene.alt


def test_compare_reads_value_and_slope_at_the_start_of_the_readout():
    scene = ch03.compare(["sigmoid", "relu"], derivative=True, x=1.0)
    assert len(scene.panels) == 2
    assert isinstance(scene.panels[0].readout, Readout) and scene.panels[0].readout.x == 1.0
    assert all(line.slope is not None for line in _lines(scene.panels[0]))
    assert "sigmoid 0.731 (slope 0.197)" in scene.alt and "ReLU 1.000 (slope 1.000)" in scene.alt


def test_compare_names_the_parameters_it_uses():
    scene = ch03.compare(["leaky_relu"], params={"leaky_relu": {"alpha": 0.3}}, x=-2.0)
    assert "Leaky ReLU (α = 0.3) -0.600 (slope 0.300)" in scene.alt
    assert len(scene.panels) == 1


def test_selu_depth_and_gelu_gap_scenes():
    relu = (np.array([0.0, 0.4, 0.3]), np.array([1.0, 0.5, 0.25]))
    stats = {"selu": (np.zeros(3), np.ones(3)), "relu": relu}
    scene = ch03.selu_depth(stats)
    assert scene.panels[1].yscale == "log"
    assert "ReLU ends with mean 0.30 and variance 0.25" in scene.alt
    z = np.linspace(-3, 3, 7)
    gap = np.array([0.0, -4e-4, 1e-4, 0.0, 1e-4, -4e-4, 0.0])
    assert "at z = -2.00" in ch03.gelu_gap(z, gap).alt


def test_tables_have_one_row_per_activation_and_render_as_markdown():
    table = ch03.facts(["relu", "gelu"], cost={"relu": 1.0, "gelu": 22.4})
    assert [row[0] for row in table.rows] == ["ReLU", "GELU"]
    assert table.rows[0][-1] == "1.0×" and table.rows[1][-1] == "22×"
    markdown = table._repr_markdown_()
    assert markdown.splitlines()[1].startswith("|---|")
    assert ch03.formulas(["sigmoid"]).rows[0][1] == "$\\frac{1}{1 + e^{-z}}$"
    assert ch03.readouts(["gelu"], x=1.0).rows == [["GELU", "0.8413", "1.0833"]]
    costs = ch03.costs({"relu": 1.0, "mish": 44.6}, {"relu": 0.9, "mish": 65.1})
    assert costs.rows[1] == ["Mish", "45×", "65×"]


@pytest.mark.parametrize("name", ["sigmoid", "swish", "leaky_relu"])
def test_lowest_value_column_reads_well(name):
    cell = ch03.facts([name]).rows[0][1]
    assert {"sigmoid": "0 (limit)", "swish": "−0.2785 (z = −1.2785)", "leaky_relu": "−∞"}[name] == cell
