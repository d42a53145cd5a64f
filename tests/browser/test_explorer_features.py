"""The explorer features chapters rely on, in a real browser, on fixture explorers.

Three small explorers are baked into one HTML page in a temporary folder and
served on 127.0.0.1, so these tests depend on no chapter and no built site:

- ``curves``: activation curves with read-outs of value and slope (one panel
  linear, one logarithmic);
- ``training``: a time axis with Play, a loss on a log scale and a histogram;
- ``softmax``: a naive softmax that returns NaN and an exponential that
  overflows, drawn with their marks, next to grouped bars.

Checked: the read-out starts where Python reads it and prints, at sampled
positions (keyboard, pointer, slider), exactly the sentence Python prints;
Play steps to the last state and stops, steps more slowly when the reader
prefers reduced motion, and never starts by itself; the page's address keeps
the setting and a link opens it; NaN and infinities are marked where the data
says; the SVG is the baked data; axe finds nothing serious; a phone's width fits.
"""

from __future__ import annotations

import functools
import json
import re

import numpy as np
import pytest

from actlab import explorers as ex
from actlab.explorers import bake as baking
from actlab.explorers import readout as reading
from actlab.explorers.frame import frames
from tests.support.book import serve

from .conftest import AXE_JS, PHONE, watched_page
from .test_explorers import READ_SVG, _assert_draws

Z = np.linspace(-4, 4, 161)
STEPS = 12


def _sigmoid(z):
    return 0.5 * (1 + np.tanh(z / 2))


def draw_curves(alpha, derivative):
    sig = _sigmoid(Z)
    lines = [
        ex.Line(Z, np.maximum(Z, 0), slope=(Z > 0) * 1.0, label="ReLU", color="#0072B2"),
        ex.Line(
            Z,
            np.where(Z > 0, Z, alpha * Z),
            slope=np.where(Z > 0, 1.0, alpha),
            label="leaky ReLU",
            color="#009E73",
            dash="--",
        ),
        ex.Line(Z, sig, slope=sig * (1 - sig), label="sigmoid", color="#E69F00"),
    ]
    panels = [
        ex.Panel(
            [ex.HLine(0.0)] + lines,
            title="Activations",
            xlabel="$z$",
            xlim=(-4, 4),
            ylim=(-1.5, 4),
            legend=True,
            readout=ex.Readout(x=1.0, name="z"),
        )
    ]
    if derivative:
        panels.append(
            ex.Panel(
                [
                    ex.Line(Z, sig * (1 - sig), label="σ′", color="#E69F00"),
                    ex.Line(Z, 1 - np.tanh(Z) ** 2, label="tanh′", color="#CC79A7"),
                ],
                title="Slopes",
                xlabel="$z$",
                yscale="log",
                ylim=(1e-4, 2),
                xlim=(-4, 4),
                readout=ex.Readout(x=-2.0, name="z"),
            )
        )
    return ex.Scene(
        panels,
        alt=f"ReLU, leaky ReLU with slope {alpha} and sigmoid"
        + (", with their slopes on a log scale." if derivative else "."),
    )


@functools.cache
def _run(lr):
    """One training run per setting: every step of the time axis reads from it."""
    rng = np.random.default_rng(int(lr * 100))
    t = np.arange(STEPS + 1.0)
    loss = np.exp(-lr * t) * (1 + 0.05 * rng.standard_normal(t.size))
    weights = [rng.normal(0, 1 + lr * s / 4, 300) for s in range(STEPS + 1)]
    return t, loss, weights


def draw_training(lr, step):
    t, loss, weights = _run(lr)
    return ex.Scene(
        [
            ex.Panel(
                [ex.Line(t[: step + 1], loss[: step + 1], label="loss", color="#0072B2")],
                title="Loss",
                xlabel="step",
                yscale="log",
                xlim=(0, STEPS),
                ylim=(1e-2, 2),
            ),
            ex.Panel(
                [ex.Histogram(weights[step], bins=12, range=(-4, 4), color="#009E73", label="weights")],
                title="Weights",
                xlabel="$w$",
            ),
        ],
        alt=f"Training with learning rate {lr}: step {step}, loss {loss[step]:.3f}.",
    )


def draw_softmax(scale):
    logits = scale * np.array([1.0, 2.0, 3.0])
    with np.errstate(over="ignore", invalid="ignore"):
        naive = np.exp(logits) / np.exp(logits).sum()
        stable = np.exp(logits - logits.max()) / np.exp(logits - logits.max()).sum()
        s = np.linspace(0, 800, 81)
        exp_line = np.exp(s)
    names = ["z₁", "z₂", "z₃"]
    return ex.Scene(
        [
            ex.Panel(
                [
                    ex.Bars(names, naive, label="naive", color="#D55E00", group=0, groups=2),
                    ex.Bars(names, stable, label="stable", color="#0072B2", group=1, groups=2),
                ],
                title=f"Softmax of {scale:g} × (1, 2, 3)",
                ylim=(0, 1.05),
                legend=True,
            ),
            ex.Panel(
                [ex.Line(s, exp_line, label="exp(s)", color="#D55E00")],
                title="exp overflows",
                xlabel="s",
                yscale="log",
                ylim=(1, 1e300),
            ),
        ],
        alt=f"Softmax of {scale:g} times (1, 2, 3): naive {'gives NaN' if np.isnan(naive).any() else 'works'}.",
    )


EXPLORERS = {
    "curves": ex.Explorer(
        "curves",
        controls=[
            ex.Slider("alpha", min=0.0, max=0.3, step=0.1, value=0.1, label="Leaky slope"),
            ex.Checkbox("derivative", value=True, label="Show slopes"),
        ],
        draw=draw_curves,
        title="Curves with read-outs",
    ),
    "training": ex.Explorer(
        "training",
        controls=[
            ex.Dropdown("lr", options=[("slow", 0.1), ("fast", 0.4)], label="Learning rate"),
            ex.Slider("step", min=0, max=STEPS, step=1, play=True, label="Step"),
        ],
        draw=draw_training,
        title="A run you can play",
    ),
    "softmax": ex.Explorer(
        "softmax",
        controls=[ex.Slider("scale", min=1, max=401, step=100, label="Scale")],
        draw=draw_softmax,
        title="Softmax overflow",
    ),
}


@pytest.fixture(scope="module")
def fixture_url(tmp_path_factory):
    folder = tmp_path_factory.mktemp("explorer-features")
    body = "".join(f"<section><h2>{e.title}</h2>{e.to_html()}</section>" for e in EXPLORERS.values())
    (folder / "index.html").write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<link rel="icon" href="data:,"><title>Explorer features</title></head>'
        f"<body><main><h1>Explorer features</h1>{body}</main></body></html>",
        encoding="utf-8",
    )
    with serve(folder) as url:
        yield url + "index.html"


@pytest.fixture
def page(browser, fixture_url):
    """A fresh page that records console errors and blocks other hosts (as the site tests' page)."""
    with watched_page(browser) as tab:
        yield tab


def open_fixture(page, url, fragment=""):
    page.goto(url + fragment, wait_until="load")
    for key in EXPLORERS:
        root = page.locator(f"#actlab-{key}")
        page.wait_for_function(
            "el => el.hasAttribute('data-ready') || el.hasAttribute('data-error')",
            arg=root.element_handle(),
            timeout=10_000,
        )
        assert root.get_attribute("data-error") is None, root.get_attribute("data-error")


def _state(explorer, **values):
    values = explorer.values(**values)
    state = 0
    for control in explorer.controls:
        state = state * len(control.values) + control.index(values[control.name])
    return state


def _readout(page, key, p):
    return page.locator(f"#actlab-{key}-r{p}")


def _python_text(explorer, values, p, index):
    scene = explorer.scene(**values)
    xlim = frames(scene)[p].xlim
    g = reading.grid(scene.panels[p].readout, xlim)
    return reading.text(scene.panels[p], reading.position(g, index), xlim)


# ---------------------------------------------------------------------------------- read-outs


def test_readouts_start_where_python_reads_them(page, fixture_url):
    open_fixture(page, fixture_url)
    explorer = EXPLORERS["curves"]
    scene = explorer.scene()
    for p, (panel, f) in enumerate(zip(scene.panels, frames(scene))):
        output = page.locator(f'output[for="actlab-curves-r{p}"]')
        assert output.inner_text() == reading.text(panel, xlim=f.xlim)
        assert output.get_attribute("aria-live") == "polite"
    assert page.locator('output[for="actlab-curves-r0"]').inner_text().startswith("z = 1.00: ReLU 1.00, slope 1.00;")


def test_readout_values_equal_pythons_at_sampled_positions(page, fixture_url):
    open_fixture(page, fixture_url)
    explorer = EXPLORERS["curves"]
    rng = np.random.default_rng(5)
    for values in ({}, {"alpha": 0.3}, {"alpha": 0.0, "derivative": True}):
        if values:
            root = page.locator("#actlab-curves")
            root.locator("#actlab-curves-c0").evaluate(
                "(el, i) => { el.value = String(i); el.dispatchEvent(new Event('input')); }",
                explorer.controls[0].index(values.get("alpha", 0.1)),
            )
        for p in (0, 1):
            field = _readout(page, "curves", p)
            lo, hi = int(field.get_attribute("min")), int(field.get_attribute("max"))
            for index in [lo, hi, 0, *rng.integers(lo, hi + 1, 6).tolist()]:
                field.evaluate("(el, i) => { el.value = String(i); el.dispatchEvent(new Event('input')); }", index)
                text = page.locator(f'output[for="actlab-curves-r{p}"]').inner_text()
                assert text == _python_text(explorer, values, p, index)


def test_arrow_keys_move_the_readout_one_step(page, fixture_url):
    open_fixture(page, fixture_url)
    field = _readout(page, "curves", 0)
    start = int(field.input_value())
    field.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowLeft")
    assert int(field.input_value()) == start + 1
    assert page.locator('output[for="actlab-curves-r0"]').inner_text() == _python_text(
        EXPLORERS["curves"], {}, 0, start + 1
    )
    assert field.get_attribute("aria-valuetext") == "z = 1.05"


def test_pointing_at_the_plot_moves_the_guide_there(page, fixture_url):
    open_fixture(page, fixture_url)
    explorer = EXPLORERS["curves"]
    scene = explorer.scene()
    panel, f = scene.panels[0], frames(scene)[0]
    svg = page.locator("#actlab-curves svg.actlab-panel").first
    box = svg.bounding_box()
    scale = box["width"] / 420
    for x in (-3.1, -0.52, 2.43):
        units = f.box[0] + (x - f.xlim[0]) / (f.xlim[1] - f.xlim[0]) * f.box[2]
        page.mouse.move(box["x"] + units * scale, box["y"] + (f.box[1] + f.box[3] / 2) * scale)
        index = int(_readout(page, "curves", 0).input_value())
        g = reading.grid(panel.readout, f.xlim)
        assert abs(reading.position(g, index) - x) <= 0.5 * g["m"] / 10 ** g["d"] + 0.02  # within a step
        assert page.locator('output[for="actlab-curves-r0"]').inner_text() == _python_text(explorer, {}, 0, index)
        guide = svg.locator(".actlab-guide path").get_attribute("d")
        drawn = float(re.match(r"M(-?[\d.]+) ", guide).group(1)) / f.box[2]
        assert drawn == pytest.approx((reading.position(g, index) - f.xlim[0]) / (f.xlim[1] - f.xlim[0]), abs=0.002)


# ------------------------------------------------------------------------------------ playback


def _play_button(page):
    return page.locator("#actlab-training .actlab-play")


def test_nothing_plays_by_itself(page, fixture_url):
    page.clock.install()
    open_fixture(page, fixture_url)
    before = page.locator("#actlab-training").get_attribute("data-state")
    page.clock.run_for(20_000)
    assert page.locator("#actlab-training").get_attribute("data-state") == before
    assert _play_button(page).inner_text().strip() == "Play"


def test_play_reaches_the_last_state_and_stops(page, fixture_url):
    explorer = EXPLORERS["training"]
    page.clock.install()
    open_fixture(page, fixture_url)
    button = _play_button(page)
    assert button.is_enabled() and button.get_attribute("aria-controls") == "actlab-training-c1"
    button.click()
    assert button.inner_text().strip() == "Pause"
    interval = baking._play_ms(explorer.time)
    page.clock.run_for(interval * 3 + 10)
    assert page.locator("#actlab-training-c1").input_value() == "3"
    page.clock.run_for(interval * (STEPS + 5))
    root = page.locator("#actlab-training")
    assert root.get_attribute("data-state") == str(_state(explorer, step=STEPS))
    assert button.inner_text().strip() == "Play"
    assert root.locator(".actlab-alt").inner_text() == explorer.scene(step=STEPS).alt
    page.clock.run_for(interval * 5)
    assert root.get_attribute("data-state") == str(_state(explorer, step=STEPS))  # stopped
    button.click()  # from the end, Play starts again from the first step
    page.clock.run_for(interval + 5)
    assert page.locator("#actlab-training-c1").input_value() == "1"


def test_moving_the_time_slider_pauses_play(page, fixture_url):
    page.clock.install()
    open_fixture(page, fixture_url)
    _play_button(page).click()
    page.clock.run_for(1000)
    page.locator("#actlab-training-c1").focus()
    page.keyboard.press("Home")
    assert _play_button(page).inner_text().strip() == "Play"
    page.clock.run_for(2000)
    assert page.locator("#actlab-training-c1").input_value() == "0"


def test_reduced_motion_steps_more_slowly(page, fixture_url):
    page.emulate_media(reduced_motion="reduce")
    page.clock.install()
    open_fixture(page, fixture_url)
    _play_button(page).click()
    page.clock.run_for(590)
    assert page.locator("#actlab-training-c1").input_value() == "0"
    page.clock.run_for(20)
    assert page.locator("#actlab-training-c1").input_value() == "1"


# -------------------------------------------------------------------------------------- links


def test_the_address_keeps_the_setting_without_flooding_history(page, fixture_url):
    open_fixture(page, fixture_url)
    length = page.evaluate("() => history.length")
    page.locator("#actlab-training-c0").select_option("1")
    page.locator("#actlab-training-c1").focus()
    page.keyboard.press("ArrowRight")
    fragment = EXPLORERS["training"].fragment(lr=0.4, step=1)
    assert page.evaluate("() => location.hash") == fragment
    assert page.evaluate("() => history.length") == length


def test_a_link_opens_its_setting(page, fixture_url):
    explorer = EXPLORERS["curves"]
    fragment = explorer.fragment(alpha=0.3, derivative=False)
    open_fixture(page, fixture_url, fragment)
    root = page.locator("#actlab-curves")
    assert root.get_attribute("data-state") == str(_state(explorer, alpha=0.3, derivative=False))
    assert page.locator("#actlab-curves-c0").input_value() == "3"
    assert not page.locator("#actlab-curves-c1").is_checked()
    assert root.locator(".actlab-alt").inner_text() == explorer.scene(alpha=0.3, derivative=False).alt
    assert page.locator("#actlab-training").get_attribute("data-state") == str(_state(EXPLORERS["training"]))


def test_a_link_within_the_page_switches_the_setting(page, fixture_url):
    open_fixture(page, fixture_url)
    page.evaluate("f => { location.hash = f; }", EXPLORERS["softmax"].fragment(scale=301))
    page.wait_for_function("() => document.querySelector('#actlab-softmax').dataset.state === '3'")


def test_a_link_with_unknown_names_or_values_changes_nothing_else(page, fixture_url):
    open_fixture(page, fixture_url, "#training:lr=9&nope=1&step=4")
    assert page.locator("#actlab-training").get_attribute("data-state") == str(_state(EXPLORERS["training"], step=4))


# --------------------------------------------------------------------------- panel kinds, marks


def test_nan_and_infinities_are_marked_where_the_data_says(page, fixture_url):
    explorer = EXPLORERS["softmax"]
    open_fixture(page, fixture_url, explorer.fragment(scale=401))
    root = page.locator("#actlab-softmax")
    bars_marks = root.locator("svg.actlab-panel").nth(0).locator("g.actlab-marks")
    assert bars_marks.count() == 1 and bars_marks.get_attribute("data-marks") == "0"
    assert bars_marks.locator("text").all_text_contents() == ["NaN"]
    line_marks = root.locator("svg.actlab-panel").nth(1).locator("g.actlab-marks text")
    assert line_marks.all_text_contents() == ["+∞"]
    scene = explorer.scene(scale=401)
    s = scene.panels[1].items[0].x
    first_inf = float(s[np.isinf(scene.panels[1].items[0].y)][0])
    f = frames(scene)[1]
    path = root.locator("svg.actlab-panel").nth(1).locator("g.actlab-marks path").first.get_attribute("d")
    x0 = float(re.match(r"M(-?[\d.]+) ", path).group(1)) / f.box[2]
    assert x0 == pytest.approx((first_inf - f.xlim[0]) / (f.xlim[1] - f.xlim[0]), abs=0.002)
    page.locator("#actlab-softmax-c0").evaluate("el => { el.value = '0'; el.dispatchEvent(new Event('input')); }")
    assert root.locator("svg.actlab-panel").nth(0).locator("g.actlab-marks").count() == 0


@pytest.mark.parametrize("key", list(EXPLORERS))
def test_the_picture_is_the_baked_data(page, fixture_url, key):
    open_fixture(page, fixture_url)
    explorer = EXPLORERS[key]
    states = baking.decode(explorer.bake())
    root = page.locator(f"#actlab-{key}")
    for state, values in enumerate(explorer.grid()):
        if state % 3:
            continue
        page.evaluate("f => { location.hash = f; }", explorer.fragment(**values))
        page.wait_for_function("([el, s]) => el.dataset.state === s", arg=[root.element_handle(), str(state)])
        _assert_draws(root.evaluate(READ_SVG), states[state], {})


# ----------------------------------------------------------------------------- accessibility


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_serious(page, fixture_url, scheme):
    if not AXE_JS.is_file():
        pytest.fail(f"{AXE_JS} is missing: run `make test` (it runs `npm ci`)", pytrace=False)
    page.emulate_media(color_scheme=scheme)
    open_fixture(page, fixture_url, EXPLORERS["softmax"].fragment(scale=401))
    page.add_script_tag(path=str(AXE_JS))
    violations = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target)}))"
    )
    assert not violations, json.dumps(violations, indent=1)


def test_every_explorer_fits_a_phone(page, fixture_url):
    page.set_viewport_size(PHONE)
    open_fixture(page, fixture_url)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    for key in EXPLORERS:
        box = page.locator(f"#actlab-{key}").bounding_box()
        assert box["width"] <= PHONE["width"]
    field = _readout(page, "curves", 0)
    assert field.bounding_box()["width"] <= PHONE["width"]
