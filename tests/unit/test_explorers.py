"""Unit tests of actlab.explorers: the scene model, the frame, read-outs, both renderers' inputs, baking,
links to a setting, and the live view.

The central promise -- the static page shows exactly what Python would show -- is
tested here on the data: every baked state of a test explorer decodes to the
scene ``explorer.scene(**values)`` returns, within the quantisation step, and a
read-out's data reproduces the sentence Python prints. The browser tests check
that the SVG draws the baked data (tests/browser), and the benchmarks time it
(benchmarks/bench_explorers.py). The chapters' own explorers are run by the
notebook layer, not here.
"""

import ast
import json
import math
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from matplotlib.colors import LinearSegmentedColormap, Normalize  # noqa: E402

from actlab import explorers as ex  # noqa: E402
from actlab.explorers import bake as baking  # noqa: E402
from actlab.explorers import readout as reading  # noqa: E402
from actlab.explorers.explorer import MAX_STATES, MAX_TIMED_STATES  # noqa: E402
from actlab.explorers.frame import frame, frames, marks, plain_text  # noqa: E402
from actlab.explorers.render import Canvas, Picture, register_display  # noqa: E402
from tests.support.discover import explorers_in  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# ------------------------------------------------------------------------------ a test explorer


def _draw(activation, depth, scale, show_points):
    z = np.linspace(-3, 3, 61)
    y = {"relu": np.maximum(z, 0), "tanh": np.tanh(z), "identity": z}[activation] * scale
    items = [ex.HLine(0.0), ex.Line(z, y, color=ex.scene._hex("#0072B2", "c"), label=activation)]
    if show_points:
        items.append(ex.Scatter(z[::10], y[::10], color=["#E69F00", "#56B4E9"] * 3 + ["#E69F00"], size=20))
    heat = np.tanh(np.add.outer(np.linspace(-1, 1, 12), np.linspace(-1, 1, 16)) * depth)
    heat[0, 0] = np.nan
    return ex.Scene(
        [
            ex.Panel(
                items, title=f"{activation} x {scale}", xlabel="$z$", ylabel=r"$\phi(z)$", xlim=(-3, 3), legend=True
            ),
            ex.Panel(
                [
                    ex.Heatmap(heat, extent=(-1, 1, -1, 1), colors=("#56B4E9", "#E69F00"), vmin=-1, vmax=1),
                    ex.VLine(0.5, dash="--"),
                    ex.Text(-0.9, 0.8, f"depth {depth}"),
                ],
                aspect="equal",
            ),
            ex.Panel([ex.Bars(["a", "b", "c"], [1.0, depth, scale + 0.5], label="bars")], yscale="log"),
        ],
        alt=f"{activation} scaled by {scale} at depth {depth}.",
    )


def make_explorer():
    """Four controls, 90 states, every item kind (also baked by benchmarks/bench_explorers.py)."""
    return ex.Explorer(
        "test-explorer",
        controls=[
            ex.Dropdown(
                "activation",
                options=[("ReLU", "relu"), ("tanh", "tanh"), ("none", "identity")],
                value="relu",
                label="Activation",
            ),
            ex.Slider("depth", min=1, max=3, step=1, value=2, label="Depth"),
            ex.Slider("scale", min=0.5, max=1.5, step=0.25, value=1.0, label="Scale"),
            ex.Checkbox("show_points", label="Show points"),
        ],
        draw=_draw,
        title="A test explorer",
    )


@pytest.fixture(scope="module")
def explorer():
    return make_explorer()


# ------------------------------------------------------------------------------------ controls


def test_slider_grid_is_exact_for_float_steps():
    assert ex.Slider("s", min=0.0, max=3.0, step=0.25, value=0.75).values[:4] == [0.0, 0.25, 0.5, 0.75]
    assert ex.Slider("s", min=0, max=1, step=0.1).values[3] == 0.3  # not 0.30000000000000004


def test_slider_labels_show_enough_decimals():
    assert ex.Slider("s", min=0.0, max=1.0, step=0.25).labels == ["0.00", "0.25", "0.50", "0.75", "1.00"]
    assert ex.Slider("s", min=1, max=3, step=1).labels == ["1", "2", "3"]


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"min": 0, "max": 1, "step": 0.3}, "not a whole number of steps of 0.3"),
        ({"min": 0, "max": 1, "step": 0}, "expected a positive step"),
        ({"min": 2, "max": 1, "step": 1}, "expected min < max"),
        ({"min": 0, "max": 2, "step": 1, "value": 5}, "cannot take 5; expected one of 0, 1, 2"),
    ],
)
def test_slider_rejects_bad_input_with_a_clear_message(kwargs, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        ex.Slider("s", **kwargs)


def test_dropdown_accepts_strings_and_pairs():
    d = ex.Dropdown("act", options=["relu", ("Hyperbolic tangent", "tanh")], value="tanh")
    assert d.labels == ["relu", "Hyperbolic tangent"] and d.values == ["relu", "tanh"] and d.value == "tanh"
    with pytest.raises(ValueError, match="Dropdown 'act' cannot take 'gelu'; expected one of 'relu', 'tanh'"):
        d.index("gelu")
    with pytest.raises(ValueError, match="expected a string or a"):
        ex.Dropdown("act", options=[("a", "b", "c")])


def test_checkbox_takes_only_booleans():
    with pytest.raises(ValueError, match="expected True or False"):
        ex.Checkbox("c", value=1)
    assert ex.Checkbox("c").index(True) == 1
    with pytest.raises(ValueError):
        ex.Checkbox("c").index(1)


def test_control_names_must_be_identifiers():
    with pytest.raises(ValueError, match="not a Python identifier"):
        ex.Slider("two words", min=0, max=1, step=1)


# ------------------------------------------------------------------------------------ explorer


def test_scene_uses_defaults_and_overrides(explorer):
    assert explorer.scene().alt == "relu scaled by 1.0 at depth 2."
    assert explorer.scene(activation="tanh", scale=1.5).alt == "tanh scaled by 1.5 at depth 2."


def test_unknown_control_name_is_a_clear_error(explorer):
    with pytest.raises(ValueError, match="has no control 'dept'; its controls are activation, depth, scale"):
        explorer.scene(dept=2)


def test_wrong_control_value_is_a_clear_error(explorer):
    with pytest.raises(ValueError, match=r"Slider 'depth' cannot take 7; expected one of 1, 2, 3\."):
        explorer.scene(depth=7)


def test_grid_enumerates_states_in_page_order(explorer):
    grid = list(explorer.grid())
    assert len(grid) == explorer.state_count == 3 * 3 * 5 * 2
    assert grid[0] == {"activation": "relu", "depth": 1, "scale": 0.5, "show_points": False}
    assert grid[1]["show_points"] is True and grid[2]["scale"] == 0.75


def test_too_large_a_grid_is_refused_with_advice():
    with pytest.raises(ValueError, match=f"more than the {MAX_STATES} a page can bake; coarsen a slider's step"):
        ex.Explorer(
            "big",
            controls=[ex.Slider("a", min=0, max=100, step=1), ex.Checkbox("b"), ex.Checkbox("c")],
            draw=lambda a, b, c: None,
        )


@pytest.mark.parametrize("key", ["", "1abc", "has space", "a<b"])
def test_explorer_key_must_be_usable_as_an_html_id(key):
    with pytest.raises(ValueError, match="cannot be an HTML id"):
        ex.Explorer(key, controls=[], draw=lambda: None)


def test_duplicate_control_names_are_refused():
    with pytest.raises(ValueError, match="two controls named 'a'"):
        ex.Explorer("e", controls=[ex.Checkbox("a"), ex.Checkbox("a")], draw=lambda a: None)


def test_draw_must_return_a_scene():
    e = ex.Explorer("e", controls=[ex.Checkbox("a")], draw=lambda a: plt.figure())
    with pytest.raises(TypeError, match="draw must return an actlab.explorers.Scene; got Figure"):
        e.scene()


# --------------------------------------------------------------------------------- scene model


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda: ex.Line([0, 1], [0, 1, 2]), "same length"),
        (lambda: ex.Line([0, 1], [0, 1], color="blu"), "is not a colour"),
        (lambda: ex.Line([0, 1], [0, 1], dash="~"), "dash '~' is unknown"),
        (lambda: ex.Scatter([0, 1], [0, 1], color=["red"]), "2 points but 1 colours"),
        (lambda: ex.Bars(["a"], [1, 2]), "1 labels but 2 heights"),
        (lambda: ex.Heatmap([1, 2], extent=(0, 1, 0, 1)), "two-dimensional"),
        (lambda: ex.Panel([], xlim=(1, 1)), "two different finite numbers"),
        (lambda: ex.Panel([], yscale="symlog"), "expected 'linear' or 'log'"),
        (lambda: ex.Scene([ex.Panel([])], alt=""), "alt must be a sentence"),
    ],
)
def test_scene_items_reject_bad_input(make, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        make()


def test_panel_rejects_foreign_items():
    with pytest.raises(TypeError, match="Panel items must be scene items"):
        ex.Panel([plt.figure()])


# --------------------------------------------------------------------------------------- frame


def test_frame_auto_limits_have_a_margin_except_at_bar_bases():
    f = frame(ex.Panel([ex.Bars(["a", "b"], [2.0, 4.0])]))
    assert f.ylim == (0.0, 4.2) and f.xticklabels == ["a", "b"] and f.xticks == [0.0, 1.0]


def test_frame_keeps_given_limits_and_writes_ticks_exactly():
    f = frame(ex.Panel([], xlim=(-3, 3), ylim=(0, 1)))
    assert f.xlim == (-3.0, 3.0) and f.xticks == [-3.0, -2.0, -1.0, 0.0, 1.0, 2.0, 3.0]
    assert f.xticklabels[0] == "\u22123" and f.yticklabels == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"]


def test_frame_log_axis_ticks_at_decades():
    f = frame(ex.Panel([ex.Line([1, 2], [1e-3, 1e2])], yscale="log", ylim=(1e-3, 1e2)))
    assert f.ylim == (-3.0, 2.0) and f.yticks == [-3.0, -2.0, -1.0, 0.0, 1.0, 2.0]
    assert f.yticklabels[0] == "10\u207b\u00b3"


def test_frame_equal_aspect_shrinks_the_box():
    wide = frame(ex.Panel([], xlim=(0, 4), ylim=(0, 1), aspect="equal"))
    left, top, width, height = wide.box
    assert width / height == pytest.approx(4.0)


def test_plain_text_turns_math_into_unicode():
    assert plain_text(r"$\sigma(z)$ and $x_1^2$") == "σ(z) and x₁²"


# ------------------------------------------------------------------------------------- renderer


def test_render_applies_the_frame(explorer):
    scene = explorer.scene(activation="tanh")
    fig = ex.render(scene)
    assert len(fig.axes) == 3
    for ax, panel in zip(fig.axes, scene.panels):
        f = frame(panel)
        if panel.yscale == "linear":
            assert ax.get_ylim() == pytest.approx(f.ylim)
            assert [t.get_text() for t in ax.get_yticklabels()] == f.yticklabels
        assert ax.get_xlim() == pytest.approx(f.xlim)
    line = fig.axes[0].lines[1]
    assert np.allclose(line.get_ydata(), np.tanh(np.linspace(-3, 3, 61)))
    assert fig.axes[0].get_title() == "tanh x 1.0"


def test_explorer_figure_is_the_scene_rendered(explorer):
    fig = explorer.figure(depth=3)
    assert fig.axes[1].texts[0].get_text() == "depth 3"


def _difference(a, b):
    return np.abs(a.astype(int) - b.astype(int)).mean()


def test_canvas_redraws_in_place_and_matches_a_fresh_drawing(explorer):
    canvas = Canvas(dpi=50)
    states = [
        dict(activation="relu"),
        dict(activation="tanh", scale=1.5),
        dict(depth=3),
        dict(show_points=True),
        dict(activation="identity", show_points=True),
    ]
    for values in states:
        canvas.rgb(explorer.scene(**values))
    rebuilds = canvas.rebuilds_
    final = explorer.scene(activation="identity", show_points=True, depth=1)
    picture = canvas.rgb(final)
    assert canvas.rebuilds_ == rebuilds  # the same structure: artists moved, none created
    assert picture.shape == Canvas(dpi=50).rgb(final).shape
    assert _difference(picture, Canvas(dpi=50).rgb(final)) < 0.5


def test_canvas_reuses_the_background_when_the_frame_is_unchanged():
    def scene(slope):
        panel = ex.Panel([ex.Line([0, 1], [0, slope])], title=f"slope {slope}", xlim=(0, 1), ylim=(0, 2))
        return ex.Scene(panel, alt=f"A line of slope {slope}.")

    canvas = Canvas(dpi=50)
    canvas.rgb(scene(1.0))
    picture = canvas.rgb(scene(2.0))  # the same limits, ticks and labels; only the title changes
    assert canvas.backgrounds_ == 1
    assert _difference(picture, Canvas(dpi=50).rgb(scene(2.0))) == 0


def test_canvas_repaints_only_the_panel_whose_frame_changed():
    def scene(top, legend):
        left = ex.Panel(
            [ex.Line([0, 1], [0, 1], label="first" if legend else None)], title="fixed", xlim=(0, 1), ylim=(0, 2)
        )
        right = ex.Panel(
            [ex.Bars(["a", "b"], [1.0, top]), ex.Line([0, 1], [0, 1], label="second")],
            title=f"top {top}",
            ylim=(0, top),
            yscale="linear",
        )
        return ex.Scene([left, right], alt="Two panels.")

    canvas = Canvas(dpi=50)
    for top, legend in ((2.0, True), (4.0, True), (8.0, False), (8.0, True), (2.0, True)):
        picture = canvas.rgb(scene(top, legend))
        assert _difference(picture, Canvas(dpi=50).rgb(scene(top, legend))) == 0, (top, legend)
    # the first drawing, then a new background for each change of the right panel's limits;
    # the right panel is drawn again for the two new frames, and laid back for the one seen before
    assert canvas.backgrounds_ == 4 and canvas.repaints_ == 2


# ---------------------------------------------------------------------------------------- bake


def _norm(values, lim, scale):
    t = np.log10(np.where(np.asarray(values) > 0, values, np.nan)) if scale == "log" else np.asarray(values)
    return (t - lim[0]) / (lim[1] - lim[0])


def assert_faithful(decoded, scene):
    """The decoded baked scene equals ``scene`` within the quantisation step."""
    tol = 0.5 / baking.QUANTUM + 1e-9
    assert decoded["alt"] == scene.alt
    assert len(decoded["panels"]) == len(scene.panels)
    for got, panel, f in zip(decoded["panels"], scene.panels, frames(scene)):
        xs, ys = (f.xlim, panel.xscale), (f.ylim, panel.yscale)
        assert got["title"] == plain_text(panel.title) and got["ytl"] == f.yticklabels
        assert len(got["items"]) == len(panel.items)
        for g, item in zip(got["items"], panel.items):
            if isinstance(item, (ex.Line, ex.Scatter)):
                np.testing.assert_allclose(g["x"], _norm(item.x, *xs), atol=tol)
                np.testing.assert_allclose(g["y"], _norm(item.y, *ys), atol=tol)
                colors = item.color if isinstance(item, ex.Line) or isinstance(item.color, str) else None
                if colors is None:
                    assert [g["pal"][i] for i in g["ci"]] == item.color
                else:
                    assert g["c"] == colors
            elif isinstance(item, ex.Bars):
                np.testing.assert_allclose(g["y"], _norm(item.heights, *ys), atol=tol)
            elif isinstance(item, ex.Histogram):
                np.testing.assert_allclose(g["x0"], _norm(item.edges[:-1], *xs), atol=tol)
                np.testing.assert_allclose(g["y"], _norm(item.counts, *ys), atol=tol)
            elif isinstance(item, ex.Heatmap):
                cmap = LinearSegmentedColormap.from_list("ramp", list(item.colors), N=256)
                expected = cmap(Normalize(item.vmin, item.vmax)(item.z), bytes=True)
                levels = g["v"].reshape(item.z.shape)
                ok = np.isfinite(item.z)
                lut = cmap(np.arange(256), bytes=True)
                assert np.array_equal(lut[levels[ok].astype(int)], expected[ok])
                assert np.array_equal(np.isnan(levels), ~ok)
            elif isinstance(item, ex.HLine):
                assert g["y"] == pytest.approx(float(_norm([item.y], *ys)[0]), abs=1e-6)
            elif isinstance(item, ex.VLine):
                assert g["x"] == pytest.approx(float(_norm([item.x], *xs)[0]), abs=1e-6)
            elif isinstance(item, ex.Text):
                assert g["s"] == plain_text(item.text)


def test_every_baked_state_equals_the_python_scene(explorer):
    decoded = baking.decode(explorer.bake())
    for state, values in enumerate(explorer.grid()):
        assert_faithful(decoded[state], explorer.scene(**values))


def test_identical_scenes_are_stored_once():
    e = ex.Explorer(
        "e",
        controls=[ex.Checkbox("ignored"), ex.Slider("a", min=0, max=2, step=1)],
        draw=lambda ignored, a: ex.Scene(ex.Panel([ex.HLine(a)], ylim=(0, 2)), alt=f"Level {a}."),
    )
    body = json.loads(baking._unpack(e.bake()["body"]))
    assert len(body["scenes"]) == 3 and body["states"] == [0, 1, 2, 0, 1, 2]


def test_a_payload_over_budget_is_refused(monkeypatch, explorer):
    monkeypatch.setattr(baking, "MAX_BAKED_BYTES", 1000)
    with pytest.raises(ValueError, match="more than the 1 kB a page can carry; draw fewer points"):
        explorer.bake()


@settings(max_examples=50, deadline=None)
@given(st.lists(st.one_of(st.floats(-1e6, 1e6), st.sampled_from([np.nan, np.inf, -np.inf])), min_size=1, max_size=40))
def test_pool_round_trips_integers_gaps_and_their_kinds(values):
    pool = baking._Pool()
    index = pool.add(np.round(np.array(values)))
    arrays = baking._arrays({"ints": pool.data(), "arrays": pool.table})
    values = np.round(np.array(values))
    np.testing.assert_array_equal(
        arrays[index], np.where(np.isfinite(values), np.clip(values, -(2**30), 2**30), values)
    )


def test_pool_stores_a_growing_array_once():
    pool = baking._Pool()
    curve = np.round(np.cumsum(np.arange(100.0)))
    indices = [pool.add(curve[:n]) for n in range(1, 101)]
    assert pool.size == 100  # not 1 + 2 + ... + 100
    arrays = baking._arrays({"ints": pool.data(), "arrays": pool.table})
    for n, index in zip(range(1, 101), indices):
        np.testing.assert_array_equal(arrays[index], curve[:n])


def test_pool_keeps_fine_values_exactly_as_the_readout_reads_them():
    values = np.array([0.7310585786300049, -1e-4, 12.5, np.nan])
    pool = baking._Pool()
    index = pool.add(*reading.fine(values))
    got = baking._arrays({"ints": pool.data(), "arrays": pool.table})[index]
    np.testing.assert_array_equal(got, reading.unfine(*reading.fine(values)))
    ints, k = reading.fine(values)
    assert k == 5 and abs(got[0] - values[0]) <= 0.5 * 10.0**-k  # seven digits of the largest, 12.5


# ---------------------------------------------------------------------------------------- html


def test_html_has_labelled_native_controls_and_no_inline_handlers(explorer):
    html = explorer.to_html().split("<script")[0]
    ids = re.findall(r'<(?:input|select)[^>]* id="([^"]+)"', html)
    assert len(ids) == 4 and len(set(ids)) == 4
    for control_id in ids:
        assert f'<label for="{control_id}">' in html
    assert 'type="range"' in html and "<select" in html and 'type="checkbox"' in html
    assert not re.search(r"\son[a-z]+\s*=", html.split("<script>")[0])
    assert 'role="img"' in html and 'aria-label="relu scaled by 1.0 at depth 2."' in html
    assert "https://" not in html and "http://cdn" not in html


def test_html_cannot_be_broken_out_of_by_labels():
    e = ex.Explorer(
        "e",
        controls=[ex.Dropdown("a", options=["</script><b>"], label='"<i>')],
        draw=lambda a: ex.Scene(ex.Panel([], title=a), alt="</script>"),
    )
    html = e.to_html()
    data = html.split('class="actlab-explorer-data">')[1].split("</script>")[0]
    assert json.loads(data)["controls"][0]["labels"] == ["</script><b>"]
    assert "<b>" not in html.split("<script")[0].replace("&lt;b&gt;", "")


# ---------------------------------------------------------------------------------------- live


def test_live_view_redraws_on_every_change_without_a_frontend(explorer):
    view = explorer.live(dpi=40)
    first = view.image.value
    view.set(activation="tanh")
    assert view.image.value != first and "tanh scaled" in view.alt.value
    view.set(depth=3, show_points=True)
    assert view.values == {"activation": "tanh", "depth": 3, "scale": 1.0, "show_points": True}
    assert len(view.redraw_ms_) == 3


def test_live_view_sliders_do_not_update_while_dragging(explorer):
    view = explorer.live(dpi=40)
    assert all(w.continuous_update is False for w in view.controls.values() if hasattr(w, "continuous_update"))
    assert all(w.description for w in view.controls.values())  # a visible label on each


def test_live_view_refuses_unknown_names(explorer):
    with pytest.raises(ValueError, match="has no control 'nope'"):
        explorer.live(dpi=40).set(nope=1)


def test_display_bundle_holds_both_lives(explorer, monkeypatch):
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    monkeypatch.delenv("ACTLAB_BAKE", raising=False)
    bundle = explorer._repr_mimebundle_()
    assert set(bundle) == {"application/vnd.jupyter.widget-view+json", "text/html", "text/plain"}
    assert bundle["text/plain"] == "<Explorer 'test-explorer': activation, depth, scale, show_points; 90 states>"
    assert "actlab-explorer-data" in bundle["text/html"]


# ------------------------------------------------------------------------------------ pictures


def test_show_needs_alt_text_for_a_figure():
    with pytest.raises(ValueError, match="show needs alt text"):
        Picture(plt.figure())


def test_a_scene_displays_as_an_image_with_its_alt_text(explorer):
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    register_display(shell)
    bundle, _ = shell.display_formatter.format(explorer.scene())
    assert bundle["text/plain"] == "relu scaled by 1.0 at depth 2."
    assert re.search(
        r'<img src="data:image/png;base64,[^"]+" alt="relu scaled by 1.0 at depth 2."', bundle["text/html"]
    )


def test_a_scene_is_plain_data_that_knows_no_renderer():
    source = Path(ex.scene.__file__).read_text(encoding="utf-8")
    imported = {node.module for node in ast.walk(ast.parse(source)) if isinstance(node, ast.ImportFrom)}
    imported |= {
        alias.name for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Import) for alias in node.names
    }
    assert not any(
        name and ("render" in name or "IPython" in name or "bake" in name or "live" in name) for name in imported
    )
    assert not hasattr(ex.Scene, "_repr_mimebundle_") and not hasattr(ex.Scene, "to_figure")


# ------------------------------------------------------------------------------ discovery


NOTEBOOK = """---
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---

```{{code-cell}} ipython3
from actlab import explorers as ex
draw = lambda a: ex.Scene(ex.Panel([ex.HLine(1.0 * a)]), alt="A level line.")
ex.Explorer("one", controls=[ex.Checkbox("a")], draw=draw)
```

```{{code-cell}} ipython3
ex.Explorer("{second}", controls=[ex.Checkbox("a")], draw=draw)
```
"""


def test_discovery_finds_the_explorers_a_page_displays(tmp_path):
    path = tmp_path / "page.md"
    path.write_text(NOTEBOOK.format(second="two"), encoding="utf-8")
    assert list(explorers_in(path)) == ["one", "two"]


def test_discovery_refuses_two_explorers_with_one_key(tmp_path):
    path = tmp_path / "page.md"
    path.write_text(NOTEBOOK.format(second="one"), encoding="utf-8")
    with pytest.raises(RuntimeError, match="two explorers with the key 'one'"):
        explorers_in(path)


# ------------------------------------------------------------------------------- read-outs

Z = np.linspace(-3, 3, 121)


def _curves(x=1.0, **readout):
    sig = 1 / (1 + np.exp(-Z))
    return ex.Panel(
        [
            ex.Line(Z, np.maximum(Z, 0), slope=(Z > 0) * 1.0, label="ReLU", color="#0072B2"),
            ex.Line(Z, sig, slope=sig * (1 - sig), label="sigmoid", color="#E69F00"),
            ex.Line(Z, np.tanh(Z), label="tanh"),
            ex.HLine(0.0),
            ex.Line(Z, Z),
        ],  # unlabelled: not read
        xlim=(-3, 3),
        readout=ex.Readout(x=x, **readout),
    )


def test_readout_prints_value_and_slope_of_each_labelled_line():
    assert reading.text(_curves()) == ("x = 1.00: ReLU 1.00, slope 1.00; sigmoid 0.731, slope 0.197; tanh 0.762.")


def test_readout_snaps_to_its_grid_and_names_the_axis():
    panel = _curves(x=-0.512, step=0.25, name="z")
    assert reading.text(panel) == "z = −0.50: ReLU 0, slope 0; sigmoid 0.378, slope 0.235; tanh −0.462."


def test_readout_values_are_python_values_within_their_digits():
    panel = _curves()
    for x in (-2.95, -0.3, 0.0, 0.35, 2.5):
        for line, value, _slope in reading.values(panel, x):
            assert value == pytest.approx(np.interp(x, line.x, line.y), rel=1e-6, abs=1e-7)


@pytest.mark.parametrize(
    "value, text",
    [
        (0.125, "0.125"),
        (0.0625, "0.0625"),
        (2.675, "2.67"),
        (99.95, "100"),
        (99949.0, "99900"),
        (123456.0, "1.23×10⁵"),
        (-0.00123, "−0.00123"),
        (0.000999, "9.99×10⁻⁴"),
        (1e300, "1.00×10³⁰⁰"),
        (float("nan"), "NaN"),
        (float("inf"), "+∞"),
        (None, "—"),
    ],
)
def test_format_number_rounds_as_the_page_does(value, text):
    assert reading.format_number(value) == text


def test_value_at_handles_edges_and_non_finite_neighbours():
    xs, ys = [0.0, 1.0, 2.0, 3.0], [0.0, 2.0, float("nan"), float("-inf")]
    assert reading.value_at(xs, ys, 0.5) == 1.0 and reading.value_at(xs, ys, 1.0) == 2.0
    assert math.isnan(reading.value_at(xs, ys, 1.5)) and math.isnan(reading.value_at(xs, ys, 2.5))
    assert reading.value_at(xs, ys, 3.0) == float("-inf") and reading.value_at(xs, ys, 3.5) is None


def test_a_line_outside_the_guide_reads_a_dash():
    panel = ex.Panel(
        [ex.Line([0.0, 1.0], [0.0, 1.0], label="short", slope=[1.0, 1.0])], xlim=(0, 4), readout=ex.Readout(x=3.0)
    )
    assert reading.text(panel) == "x = 3.00: short —, slope —."


@pytest.mark.parametrize(
    "make, error, message",
    [
        (lambda: ex.Readout(x="one"), ValueError, "Readout x must be a finite number; got 'one'"),
        (lambda: ex.Readout(x=0.0, step=-1), ValueError, "Readout step must be a positive number"),
        (lambda: ex.Readout(x=0.0, step=1 / 3), ValueError, "has too many digits; expected a step such as 0.01"),
        (lambda: ex.Panel([], readout=1.0), TypeError, "Panel readout must be a Readout, such as Readout(x=1.0)"),
        (lambda: ex.Panel([], xscale="log", readout=ex.Readout(x=1.0)), ValueError, "needs a linear x axis"),
        (lambda: ex.Panel([], xlim=(0, 1), readout=ex.Readout(x=2.0)), ValueError, "outside the panel's xlim"),
        (
            lambda: ex.Panel([ex.Line([0, 2, 1], [0, 1, 2], label="zigzag")], readout=ex.Readout(x=1.0)),
            ValueError,
            "reads line 'zigzag' at any x, so its x must be finite and increasing",
        ),
        (lambda: ex.Line([0, 1], [0, 1], slope=[1.0]), ValueError, "got 1 slopes for 2 points"),
    ],
)
def test_readout_rejects_bad_input_with_a_clear_message(make, error, message):
    with pytest.raises(error, match=re.escape(message)):
        make()


def test_baked_readout_reproduces_the_python_sentence_everywhere():
    e = ex.Explorer(
        "ro",
        controls=[ex.Checkbox("flip")],
        draw=lambda flip: ex.Scene(_curves(x=-1.0 if flip else 1.0), alt="Three curves."),
    )
    for values, state in zip(e.grid(), baking.decode(e.bake())):
        panel, ro = e.scene(**values).panels[0], state["panels"][0]["ro"]
        for i in range(ro["lo"], ro["hi"] + 1, 7):
            x = reading.position(ro, i)
            parts = []
            for index, xs, ys, slopes in ro["lines"]:
                part = f"{panel.items[index].label} {reading.format_number(reading.value_at(xs, ys, x))}"
                if slopes is not None:
                    part += f", slope {reading.format_number(reading.value_at(xs, slopes, x))}"
                parts.append(part)
            assert f"{ro['name']} = {reading._format_x(x, ro['d'])}: {'; '.join(parts)}." == reading.text(panel, x)


def test_html_starts_the_readout_where_python_reads_it():
    e = ex.Explorer("ro", controls=[ex.Checkbox("flip")], draw=lambda flip: ex.Scene(_curves(), alt="Three curves."))
    html = e.to_html().split("<script")[0]
    expected = "x = 1.00: ReLU 1.00, slope 1.00; sigmoid 0.731, slope 0.197; tanh 0.762."
    assert f'aria-live="polite">{expected}</output>' in html
    assert re.search(r'<label for="actlab-ro-r0">Read values at x</label><input type="range" id="actlab-ro-r0"', html)


def test_renderers_draw_the_guide_and_a_dot_per_line():
    fig = ex.render(ex.Scene(_curves(), alt="Three curves."))
    ax = fig.axes[0]
    guide = [line for line in ax.lines if line.get_linestyle() == "--"]
    assert len(guide) == 1 and guide[0].get_xdata()[0] == 1.0
    (dots,) = ax.collections
    assert sorted(round(float(y), 3) for y in dots.get_offsets()[:, 1]) == [0.731, 0.762, 1.0]
    assert len(dots.get_facecolors()) == 3


def test_canvas_moves_the_guide_without_redrawing_the_background():
    canvas = Canvas(dpi=40)
    scene = ex.Scene(_curves(), alt="Three curves.")
    canvas.rgb(scene)
    moved = canvas.rgb(scene, readouts={0: -2.0})
    assert canvas.backgrounds_ == 1 and canvas.rebuilds_ == 1
    fresh = Canvas(dpi=40).rgb(scene, readouts={0: -2.0})
    assert _difference(moved, fresh) == 0


# ------------------------------------------------------------------------ panel kinds, marks


def test_grouped_bars_sit_side_by_side():
    a, b, c = (ex.Bars(["x", "y"], [1, 2], group=i, groups=3) for i in range(3))
    assert (a.offset, b.offset, c.offset) == pytest.approx((-0.8 / 3, 0.0, 0.8 / 3))
    assert a.width == pytest.approx(0.8 / 3)
    with pytest.raises(ValueError, match="need both group"):
        ex.Bars(["x"], [1], group=0)
    with pytest.raises(ValueError, match=re.escape("expected whole numbers with 0 <= group < groups")):
        ex.Bars(["x"], [1], group=2, groups=2)


def test_histogram_counts_and_says_what_it_dropped():
    h = ex.Histogram([0.0, 0.2, 0.4, 0.9, 1.0, 3.0, np.inf, np.nan], bins=2, range=(0, 1))
    assert h.counts.tolist() == [3.0, 2.0] and h.dropped == 3
    assert ex.Histogram([5.0, 5.0]).range == (4.5, 5.5)
    assert ex.Histogram([0.0, 1.0, 1.0, 3.0], bins=3, density=True).counts.sum() * (1.0) == pytest.approx(1.0)
    with pytest.raises(ValueError, match="bins must be a positive whole number"):
        ex.Histogram([1.0], bins=0)
    with pytest.raises(ValueError, match=re.escape("range must be (lo, hi) with lo < hi")):
        ex.Histogram([1.0], range=(1, 0))


def test_histogram_frames_from_zero_and_bakes_as_touching_bars():
    h = ex.Histogram(np.linspace(0, 1, 11), bins=5)
    f = frame(ex.Panel([h]))
    assert f.ylim[0] == 0.0 and f.xlim == pytest.approx((-0.05, 1.05))
    e = ex.Explorer("h", controls=[ex.Checkbox("a")], draw=lambda a: ex.Scene(ex.Panel([h]), alt="A histogram."))
    item = baking.decode(e.bake())[0]["panels"][0]["items"][0]
    assert item["t"] == "bars" and item["e"] == 1 and np.allclose(item["x1"][:-1], item["x0"][1:])


def test_marks_list_runs_of_values_a_panel_cannot_place():
    y = [1.0, np.nan, np.nan, 2.0, np.inf, -np.inf, 0.0]
    assert marks(y, "linear") == [("nan", 1, 3), ("+inf", 4, 5), ("-inf", 5, 6)]
    assert marks(y, "log")[-1] == ("zero", 6, 7)


def test_non_finite_values_are_marked_in_both_renderers():
    x = np.arange(6.0)
    scene = ex.Scene(
        [
            ex.Panel([ex.Line(x, [0, 1, np.nan, np.nan, np.inf, 2], label="softmax", color="#D55E00")]),
            ex.Panel([ex.Bars(list("abc"), [1.0, np.nan, -np.inf])]),
        ],
        alt="Marks.",
    )
    fig = ex.render(scene)
    texts = [t.get_text() for ax in fig.axes for t in ax.texts]
    assert texts == ["NaN", "+∞", "NaN", "−∞"]
    e = ex.Explorer("m", controls=[ex.Checkbox("a")], draw=lambda a: scene)
    items = [p["items"][0] for p in baking.decode(e.bake())[0]["panels"]]
    assert items[0]["m"] == [["nan", 2, 4], ["+inf", 4, 5]] and items[1]["m"] == [["nan", 1, 2], ["-inf", 2, 3]]
    assert np.isnan(items[0]["y"][2]) and items[0]["y"][4] == np.inf


def test_zero_on_a_log_axis_is_marked_not_dropped():
    scene = ex.Scene(ex.Panel([ex.Line([1, 2, 3], [1e-3, 0.0, 10.0])], yscale="log"), alt="A dead unit's gradient.")
    assert [t.get_text() for t in ex.render(scene).axes[0].texts] == ["0"]


def test_scenes_can_share_an_axis():
    scene = ex.Scene(
        [ex.Panel([ex.Line([0, 1], [0, 1])]), ex.Panel([ex.Line([0, 2], [0, 5])], ylim=(0, 4))],
        alt="Two panels.",
        sharex=True,
        sharey=True,
    )
    first, second = frames(scene)
    assert first.ylim == second.ylim == (0.0, 4.0) and first.xlim == second.xlim == pytest.approx((-0.1, 2.1))
    with pytest.raises(ValueError, match="mix linear and log y axes"):
        ex.Scene([ex.Panel([]), ex.Panel([], yscale="log")], alt="Mixed.", sharey=True)


# --------------------------------------------------------------------------- time axes, links


def _growing(activation, step):
    t = np.arange(step + 1.0)
    return ex.Scene(
        ex.Panel(
            [ex.Line(t, np.exp(-t / (5 if activation == "relu" else 20)), label=activation)],
            xlim=(0, 60),
            ylim=(1e-3, 1),
            yscale="log",
        ),
        alt=f"{activation}, step {step}.",
    )


def test_a_slider_can_be_the_time_axis_and_only_one():
    e = ex.Explorer(
        "t",
        controls=[
            ex.Slider("step", min=0, max=60, step=1, play=True),
            ex.Dropdown("activation", options=["relu", "tanh"]),
        ],
        draw=_growing,
    )
    assert e.time is e.controls[0] and e.state_count == 122
    with pytest.raises(ValueError, match=re.escape("has 2 time axes (play=True): a, b; expected at most one")):
        ex.Explorer(
            "t",
            controls=[ex.Slider("a", min=0, max=1, step=1, play=True), ex.Slider("b", min=0, max=1, step=1, play=True)],
            draw=lambda a, b: None,
        )
    with pytest.raises(ValueError, match="expected True or False"):
        ex.Slider("s", min=0, max=1, step=1, play="yes")


def test_a_time_axis_allows_a_larger_grid_but_not_more_settings():
    big = ex.Explorer(
        "t",
        controls=[ex.Slider("step", min=0, max=999, step=1, play=True), ex.Slider("a", min=0, max=9, step=1)],
        draw=lambda step, a: None,
    )
    assert big.state_count == 10_000 <= MAX_TIMED_STATES
    with pytest.raises(ValueError, match=f"settings besides its time axis .* more than the {MAX_STATES}"):
        ex.Explorer(
            "t",
            controls=[ex.Slider("step", min=0, max=1, step=1, play=True), ex.Slider("a", min=0, max=400, step=1)],
            draw=lambda step, a: None,
        )


def test_baking_a_time_axis_serves_each_state_and_stores_growing_curves_once():
    e = ex.Explorer(
        "t",
        controls=[
            ex.Slider("step", min=0, max=60, step=1, play=True),
            ex.Dropdown("activation", options=["relu", "tanh"]),
        ],
        draw=_growing,
    )
    payload = e.bake()
    decoded = baking.decode(payload)
    for state, values in enumerate(e.grid()):
        assert_faithful(decoded[state], e.scene(**values))
    body = json.loads(baking._unpack(payload["body"]))
    assert len(body["ints"]) <= 2 * 2 * 61 + 10  # x and y of each run, not of each prefix
    assert payload["controls"][0]["play"] == round(1000 * baking.PLAY_SECONDS / 60)


def test_fragment_links_to_a_setting_and_checks_it():
    e = ex.Explorer(
        "grid-bending",
        controls=[
            ex.Dropdown("activation", options=[("no activation", "identity"), ("ReLU", "relu")]),
            ex.Slider("scale", min=0.0, max=1.0, step=0.25),
            ex.Checkbox("show"),
            ex.Dropdown("odd", options=[("one", 1.5), ("a list", [1, 2])]),
        ],
        draw=lambda **v: None,
    )
    assert e.fragment(activation="relu", scale=0.5, show=True) == "#grid-bending:activation=relu&scale=0.50&show=true"
    assert e.fragment(odd=[1, 2]) == "#grid-bending:odd=a%20list"  # values that are not plain: their label
    assert e.fragment() == "#grid-bending"
    with pytest.raises(ValueError, match="has no control 'depth'"):
        e.fragment(depth=3)
    with pytest.raises(ValueError, match="Checkbox 'show' cannot take 'yes'"):
        e.fragment(show="yes")


def test_payload_carries_the_link_tokens():
    e = ex.Explorer("k", controls=[ex.Dropdown("a", options=["x y", "z"]), ex.Checkbox("b")], draw=lambda a, b: None)
    controls = json.loads(json.dumps(baking._controls(e)))
    assert controls[0]["tokens"] == ["x y", "z"] and controls[1]["tokens"] == ["false", "true"]


# ------------------------------------------------------------------- lazy baking, live extras


def test_baking_on_display_follows_the_kernel_and_the_override(monkeypatch, explorer):
    monkeypatch.delenv("ACTLAB_BAKE", raising=False)
    monkeypatch.setenv("JPY_SESSION_NAME", "chapters/01.md")  # a kernel started by a Jupyter server
    assert not baking.on_display()
    html = explorer._repr_mimebundle_()["text/html"]
    assert "actlab-explorer-data" not in html and 'alt="relu scaled by 1.0 at depth 2."' in html
    monkeypatch.setenv("ACTLAB_BAKE", "1")
    assert baking.on_display()
    monkeypatch.delenv("JPY_SESSION_NAME")
    monkeypatch.setenv("ACTLAB_BAKE", "0")
    assert not baking.on_display()


def test_live_view_plays_a_time_axis():
    e = ex.Explorer(
        "t",
        controls=[
            ex.Dropdown("activation", options=["relu", "tanh"]),
            ex.Slider("step", min=0, max=60, step=1, play=True),
        ],
        draw=_growing,
    )
    view = e.live(dpi=40)
    assert view.play is not None and view.play.max == 60 and view.play.playing is False and not view.play.repeat
    view.play.value = 12
    assert view.values["step"] == 12 and "step 12" in view.alt.value
    view.set(step=30)
    assert view.play.value == 30


def test_live_view_reads_out_under_the_picture():
    e = ex.Explorer("ro", controls=[ex.Checkbox("flip")], draw=lambda flip: ex.Scene(_curves(), alt="Curves."))
    view = e.live(dpi=40)
    assert "x = 1.00: ReLU 1.00" in view.readout_text.value
    before = view.image.value
    view.read_at(-2.0)
    assert html_text(view.readout_text.value) == reading.text(e.scene().panels[0], -2.0)
    assert view.image.value != before
    with pytest.raises(ValueError, match="has no read-out"):
        view.read_at(0.0, panel=3)


def html_text(value):
    import html as _html

    return _html.unescape(re.sub(r"<[^>]+>", "", value))


def test_the_explorer_modules_import_one_another_without_a_cycle():
    folder = Path(ex.__file__).parent
    graph = {}
    for path in folder.glob("*.py"):
        if path.stem == "__init__":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = set()
        for node in ast.walk(tree):  # imports inside functions count too
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("actlab.explorers"):
                names |= {node.module.split(".")[2]} if node.module.count(".") >= 2 else {a.name for a in node.names}
        graph[path.stem] = names - {path.stem}

    def visit(module, path):
        assert module not in path, f"import cycle: {' -> '.join(path + [module])}"
        for other in graph.get(module, ()):
            visit(other, path + [module])

    for module in graph:
        visit(module, [])
    assert graph["scene"] <= {"readout"} and graph["readout"] == set()
