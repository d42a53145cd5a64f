"""Unit tests of actlab.explorers: the scene model, the frame, both renderers' inputs, baking, the live view.

The central promise -- the static page shows exactly what Python would show -- is
tested here on the data: every baked state of every explorer in the course
decodes to the scene ``explorer.scene(**values)`` returns, within the
quantisation step. The browser tests check that the SVG draws the baked data.
"""

import json
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
from actlab.explorers.discover import explorers_in, notebooks  # noqa: E402
from actlab.explorers.frame import frame, plain_text  # noqa: E402
from actlab.explorers.render import Canvas  # noqa: E402

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
            ex.Panel(items, title=f"{activation} x {scale}", xlabel="$z$", ylabel=r"$\phi(z)$", xlim=(-3, 3),
                     legend=True),
            ex.Panel([ex.Heatmap(heat, extent=(-1, 1, -1, 1), colors=("#56B4E9", "#E69F00"), vmin=-1, vmax=1),
                      ex.VLine(0.5, dash="--"), ex.Text(-0.9, 0.8, f"depth {depth}")], aspect="equal"),
            ex.Panel([ex.Bars(["a", "b", "c"], [1.0, depth, scale + 0.5], label="bars")], yscale="log"),
        ],
        alt=f"{activation} scaled by {scale} at depth {depth}.",
    )


@pytest.fixture(scope="module")
def explorer():
    return ex.Explorer(
        "test-explorer",
        controls=[
            ex.Dropdown("activation", options=[("ReLU", "relu"), ("tanh", "tanh"), ("none", "identity")],
                        value="relu", label="Activation"),
            ex.Slider("depth", min=1, max=3, step=1, value=2, label="Depth"),
            ex.Slider("scale", min=0.5, max=1.5, step=0.25, value=1.0, label="Scale"),
            ex.Checkbox("show_points", label="Show points"),
        ],
        draw=_draw,
        title="A test explorer",
    )


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
    with pytest.raises(ValueError, match="more than the 400 a page can bake; coarsen a slider's step"):
        ex.Explorer("big", controls=[ex.Slider("a", min=0, max=100, step=1), ex.Checkbox("b"),
                                     ex.Checkbox("c")], draw=lambda a, b, c: None)


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
    fig = scene.to_figure()
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
    states = [dict(activation="relu"), dict(activation="tanh", scale=1.5), dict(depth=3),
              dict(show_points=True), dict(activation="identity", show_points=True)]
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


# ---------------------------------------------------------------------------------------- bake


def _norm(values, lim, scale):
    t = np.log10(np.where(np.asarray(values) > 0, values, np.nan)) if scale == "log" else np.asarray(values)
    return (t - lim[0]) / (lim[1] - lim[0])


def assert_faithful(decoded, scene):
    """The decoded baked scene equals ``scene`` within the quantisation step."""
    tol = 0.5 / baking.QUANTUM + 1e-9
    assert decoded["alt"] == scene.alt
    assert len(decoded["panels"]) == len(scene.panels)
    for got, panel in zip(decoded["panels"], scene.panels):
        f = frame(panel)
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
    e = ex.Explorer("e", controls=[ex.Checkbox("ignored"), ex.Slider("a", min=0, max=2, step=1)],
                    draw=lambda ignored, a: ex.Scene(ex.Panel([ex.HLine(a)], ylim=(0, 2)), alt=f"Level {a}."))
    body = json.loads(baking._unpack(e.bake()["body"]))
    assert len(body["scenes"]) == 3 and body["states"] == [0, 1, 2, 0, 1, 2]


def test_a_payload_over_budget_is_refused(monkeypatch, explorer):
    monkeypatch.setattr(baking, "MAX_BAKED_BYTES", 1000)
    with pytest.raises(ValueError, match="more than the 1 kB a page can carry; draw fewer points"):
        explorer.bake()


@settings(max_examples=50, deadline=None)
@given(st.lists(st.integers(min_value=-2**40, max_value=2**40), max_size=50))
def test_varints_round_trip(values):
    values = np.array(values, dtype=np.int64)
    assert np.array_equal(baking._from_varints(baking._varints(values)), values)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.one_of(st.floats(-1e6, 1e6), st.just(float("nan"))), min_size=1, max_size=40))
def test_pool_round_trips_coordinates_and_gaps(values):
    pool = baking._Pool()
    index = pool.add(np.round(np.array(values)))
    payload = {"body": baking._pack(json.dumps(
        {"states": [0], "arrays": pool.table,
         "scenes": [{"alt": "x", "panels": [{"items": [{"t": "line", "x": index, "y": index}]}]}]}).encode()),
        "pool": baking._pack(pool.data()), "quantum": 1}
    got = baking.decode(payload)[0]["panels"][0]["items"][0]["x"]
    np.testing.assert_array_equal(got, np.clip(np.round(values), -2**30, 2**30))


def test_bake_is_fast_enough_to_run_in_binder(explorer):
    import time

    start = time.perf_counter()
    explorer.bake()
    assert time.perf_counter() - start < 5.0  # generous: a guard against pathology, not a benchmark


# ---------------------------------------------------------------------------------------- html


def test_html_has_labelled_native_controls_and_no_inline_handlers(explorer):
    html = explorer.to_html()
    ids = re.findall(r'<(?:input|select)[^>]* id="([^"]+)"', html)
    assert len(ids) == 4 and len(set(ids)) == 4
    for control_id in ids:
        assert f'<label for="{control_id}">' in html
    assert 'type="range"' in html and "<select" in html and 'type="checkbox"' in html
    assert not re.search(r"\son[a-z]+\s*=", html.split("<script>")[0])
    assert 'role="img"' in html and 'aria-label="relu scaled by 1.0 at depth 2."' in html
    assert "https://" not in html and "http://cdn" not in html


def test_html_cannot_be_broken_out_of_by_labels():
    e = ex.Explorer("e", controls=[ex.Dropdown("a", options=["</script><b>"], label='"<i>')],
                    draw=lambda a: ex.Scene(ex.Panel([], title=a), alt="</script>"))
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


def test_display_bundle_holds_both_lives(explorer):
    bundle = explorer._repr_mimebundle_()
    assert set(bundle) == {"application/vnd.jupyter.widget-view+json", "text/html", "text/plain"}
    assert bundle["text/plain"] == "<Explorer 'test-explorer': activation, depth, scale, show_points; 90 states>"


# ------------------------------------------------------------------------------------ pictures


def test_show_needs_alt_text_for_a_figure():
    with pytest.raises(ValueError, match="show needs alt text"):
        ex.Picture(plt.figure())


def test_a_scene_displays_as_an_image_with_its_alt_text(explorer):
    bundle = explorer.scene()._repr_mimebundle_()
    assert bundle["text/plain"] == "relu scaled by 1.0 at depth 2."
    assert re.search(r'<img src="data:image/png;base64,[^"]+" alt="relu scaled by 1.0 at depth 2."',
                     bundle["text/html"])


# ------------------------------------------------------------------------- the course's explorers


def _course_explorers():
    found = []
    for path in notebooks(ROOT):
        for key, explorer in explorers_in(path).items():
            found.append(pytest.param(explorer, id=f"{path.stem}:{key}"))
    return found


@pytest.mark.parametrize("course_explorer", _course_explorers())
def test_course_explorer_bakes_faithfully_within_budget(course_explorer):
    payload = course_explorer.bake()
    assert len(json.dumps(payload)) <= baking.MAX_BAKED_BYTES
    decoded = baking.decode(payload)
    grid = list(course_explorer.grid())
    for state in sorted({0, len(grid) // 3, len(grid) // 2, len(grid) - 1}):
        assert_faithful(decoded[state], course_explorer.scene(**grid[state]))


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
