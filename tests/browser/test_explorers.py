"""Every baked explorer on every built page, in a real browser.

- each control has a visible label and works from the keyboard (arrow keys on a
  slider, on a dropdown, space on a checkbox), and every change redraws the
  picture and its alt text;
- for a sample of states, what the SVG draws -- path points, dots, bars, heatmap
  pixels, tick labels, titles, colours -- is the explorer's baked data, mapped
  back through the axes;
- the baked data on the page is what Python computes for the explorer today: the
  page's notebook is run again and the explorer baked afresh (a stale build fails);
- on a 390 px screen the explorer fits, and in dark mode it stays a light card.

Together with the unit tests (baked data == ``explorer.scene(**values)``) this
checks the whole chain: Python scene -> page data -> picture.
"""

from __future__ import annotations

import base64
import functools
import io
import json
import random
import re

import numpy as np
import pytest

from actlab.explorers import bake as baking
from tests.support.discover import explorers_in

from .conftest import BOOK_DIR, PHONE, SITE_DIR, open_page, toc_pages

EXPLORER_CLASS = "actlab-explorer"


def _baked_explorers():
    """(docname, key) of every baked explorer in the built site, found by its CSS class."""
    found = []
    for toc_page in toc_pages():
        path = SITE_DIR / toc_page.html_path
        if path.is_file():
            html = path.read_text(encoding="utf-8")
            for key in re.findall(r'<div class="actlab-explorer" id="actlab-[^"]*" data-key="([^"]+)"', html):
                found.append(pytest.param(toc_page.docname, key, id=f"{toc_page.docname}:{key}"))
    return found or [pytest.param(None, None, id="no-built-site")]


BAKED = _baked_explorers()


@pytest.fixture
def explorer_root(page, site_url, site_dir, docname, key):
    """The explorer's root element on its loaded page, after its data is decoded."""
    if docname is None:
        pytest.fail(f"No baked explorer found in {site_dir}: run `make book`.", pytrace=False)
    open_page(page, site_url, docname)
    root = page.locator(f"#actlab-{key}")
    page.wait_for_function(
        "el => el.hasAttribute('data-ready') || el.hasAttribute('data-error')",
        arg=root.element_handle(),
        timeout=10_000,
    )
    assert root.get_attribute("data-error") is None, root.get_attribute("data-error")
    return root


def _payload(root):
    return json.loads(root.locator("script.actlab-explorer-data").text_content())


@functools.cache
def _decoded(docname, key, text):
    return baking.decode(json.loads(text))


def _picture(root):
    return root.locator(".actlab-figure").inner_html()


# -------------------------------------------------------------------------------- controls


def _strides(controls):
    strides, stride = [0] * len(controls), 1
    for k in range(len(controls) - 1, -1, -1):
        strides[k], stride = stride, stride * len(controls[k]["labels"])
    return strides


@pytest.mark.parametrize("docname, key", BAKED)
def test_every_control_is_labelled_and_answers_the_keyboard(page, explorer_root, docname, key):
    root = explorer_root
    payload = _payload(root)
    states = _decoded(docname, key, root.locator("script.actlab-explorer-data").text_content())
    strides = _strides(payload["controls"])
    for k, control in enumerate(payload["controls"]):
        control_id = f"actlab-{key}-c{k}"
        field = root.locator(f"#{control_id}")
        label = root.locator(f'label[for="{control_id}"]')
        assert label.is_visible() and label.inner_text().strip(), f"{control['name']} has no visible label"
        assert field.is_enabled()
        before_picture, before_state = _picture(root), int(root.get_attribute("data-state"))
        field.focus()
        if control["kind"] == "slider":
            at_end = int(field.input_value()) == len(control["labels"]) - 1
            page.keyboard.press("ArrowLeft" if at_end else "ArrowRight")
        elif control["kind"] == "dropdown":
            at_end = int(field.input_value()) == len(control["labels"]) - 1
            page.keyboard.press("ArrowUp" if at_end else "ArrowDown")
        else:
            page.keyboard.press("Space")
        state = int(root.get_attribute("data-state"))
        assert abs(state - before_state) == strides[k], f"{control['name']}: the state did not move one step"
        if not _same(states[state], states[before_state]):
            assert _picture(root) != before_picture, f"{control['name']}: the picture did not change"
        assert root.locator(".actlab-figure").get_attribute("aria-label") == states[state]["alt"]
        if control["kind"] == "slider":
            index = int(field.input_value())
            assert root.locator(f'output[for="{control_id}"]').inner_text() == control["labels"][index]
            assert field.get_attribute("aria-valuetext") == control["labels"][index]


@pytest.mark.parametrize("docname, key", BAKED)
def test_every_control_changes_the_picture_somewhere(page, explorer_root, docname, key):
    """A control that never changes the picture misleads the reader; walk each one through its values."""
    root = explorer_root
    controls = _payload(root)["controls"]

    def pictures_of(k, control):
        seen = set()
        for index in range(len(control["labels"])):
            _set(root, k, control, index)
            seen.add(_picture(root))
        _set(root, k, control, control["index"])
        return seen

    for k, control in enumerate(controls):
        if len(pictures_of(k, control)) > 1:
            continue
        # a control may matter only in some settings of the others (a parameter of one activation
        # among several): try it again with every other control at its last value
        for j, other in enumerate(controls):
            if j != k:
                _set(root, j, other, len(other["labels"]) - 1)
        assert len(pictures_of(k, control)) > 1, f"control {control['name']!r} never changes the picture"
        for j, other in enumerate(controls):
            _set(root, j, other, other["index"])


# ----------------------------------------------------------------------------- faithfulness

SET_CONTROL = """(field, [kind, index]) => {
  if (kind === 'checkbox') { field.checked = index === 1; field.dispatchEvent(new Event('change')); }
  else { field.value = String(index); field.dispatchEvent(new Event(kind === 'slider' ? 'input' : 'change')); }
}"""

READ_SVG = """root => {
  const panels = [...root.querySelectorAll('svg.actlab-panel')].map(svg => {
    const plot = svg.querySelector('svg.actlab-plot');
    const w = +plot.getAttribute('width'), h = +plot.getAttribute('height');
    const num = (el, name) => +el.getAttribute(name);
    const items = [...plot.querySelectorAll('[data-item]')].map(el => {
      const out = {i: +el.dataset.item, t: el.getAttribute('class').replace('actlab-', '')};
      if (el.tagName === 'path') { out.d = el.getAttribute('d'); out.c = el.getAttribute('stroke'); }
      if (out.t === 'scatter') out.pts = [...el.querySelectorAll('circle')].map(
          c => [num(c, 'cx') / w, 1 - num(c, 'cy') / h, c.getAttribute('fill')]);
      if (out.t === 'bars') out.rects = [...el.querySelectorAll('rect')].map(
          r => [num(r, 'x') / w, (num(r, 'x') + num(r, 'width')) / w,
                1 - num(r, 'y') / h, 1 - (num(r, 'y') + num(r, 'height')) / h]);
      if (out.t === 'text') { out.x = num(el, 'x') / w; out.y = 1 - num(el, 'y') / h; out.s = el.textContent; }
      if (out.t === 'heat') out.href = el.getAttribute('href');
      return out;
    });
    const texts = sel => [...svg.querySelectorAll(sel)].map(t => t.textContent);
    return {w, h, items, title: texts('.actlab-title').join(''), ticklabels: texts('.actlab-ticklabels text')};
  });
  return {panels, alt: root.querySelector('.actlab-figure').getAttribute('aria-label'),
          state: +root.dataset.state};
}"""


def _set(root, k, control, index):
    root.locator(f"#{root.get_attribute('id')}-c{k}").evaluate(SET_CONTROL, [control["kind"], index])


def _path_points(d, w, h):
    """The polyline pieces of an SVG path of M/L commands, normalised to the plot box."""
    pieces = []
    for command, x, y in re.findall(r"([ML])(-?[\d.]+) (-?[\d.]+)", d):
        if command == "M":
            pieces.append([])
        pieces[-1].append((float(x) / w, 1 - float(y) / h))
    return pieces


def _expected_pieces(x, y):
    pieces, current = [], []
    for a, b in zip(x, y):
        if not (np.isfinite(a) and np.isfinite(b)):
            if current:
                pieces.append(current)
            current = []
        else:
            current.append((a, b))
    return pieces + ([current] if current else [])


def _heat_pixels(href):
    from PIL import Image

    data = base64.b64decode(href.split(",", 1)[1])
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGBA"))


def _assert_draws(drawn, scene, payload):
    assert drawn["alt"] == scene["alt"]
    assert len(drawn["panels"]) == len(scene["panels"])
    for got, panel in zip(drawn["panels"], scene["panels"]):
        tol = 0.006 / min(got["w"], got["h"]) + 1e-9  # SVG numbers carry two decimals
        assert got["title"] == panel["title"]
        assert got["ticklabels"] == panel["xtl"] + panel["ytl"]
        drawn_items = {item["i"]: item for item in got["items"]}
        for i, item in enumerate(panel["items"]):
            g = drawn_items.get(i)
            if item["t"] == "line":
                expected = _expected_pieces(item["x"], item["y"])
                pieces = _path_points(g["d"], got["w"], got["h"]) if expected else []
                assert [len(p) for p in pieces] == [len(p) for p in expected]
                for piece, want in zip(pieces, expected):
                    np.testing.assert_allclose(piece, want, atol=tol)
                assert g["c"] == item["c"]
            elif item["t"] == "scatter":
                ok = np.isfinite(item["x"]) & np.isfinite(item["y"])
                pts = np.array([p[:2] for p in g["pts"]], dtype=float).reshape(-1, 2)
                np.testing.assert_allclose(pts, np.column_stack([item["x"][ok], item["y"][ok]]), atol=tol)
                colors = [item["pal"][c] for c in item["ci"][ok]] if "pal" in item else [item["c"]] * int(ok.sum())
                assert [p[2] for p in g["pts"]] == colors
            elif item["t"] == "bars":
                ok = np.isfinite(item["y"])  # a NaN or infinite bar is a mark, not a rectangle
                rects = np.array(g["rects"]).reshape(-1, 4)
                np.testing.assert_allclose(rects[:, 0], np.minimum(item["x0"], item["x1"])[ok], atol=tol)
                tops = np.where(item["y"][ok] >= (item["base"] or 0), rects[:, 2], rects[:, 3])
                np.testing.assert_allclose(tops, item["y"][ok], atol=tol)
            elif item["t"] == "heat":
                pixels = _heat_pixels(g["href"])
                levels = item["v"].reshape(item["ny"], item["nx"])[::-1]  # canvas rows run top down
                if item["ext"][1] < item["ext"][0]:
                    levels = levels[:, ::-1]
                if item["ext"][3] < item["ext"][2]:
                    levels = levels[::-1]
                lo, hi = (np.array([int(c[j : j + 2], 16) for j in (1, 3, 5)]) for c in item["c"])
                ok = ~np.isnan(levels)
                want = np.round(lo + (hi - lo) * levels[ok][:, None] / 255)
                assert np.abs(pixels[ok][:, :3] - want).max() <= 1
                assert (pixels[~ok][:, 3] == 0).all()
            elif item["t"] in ("hline", "vline"):
                value = item["y"] if item["t"] == "hline" else item["x"]
                if value is None:
                    continue
                numbers = [float(v) for v in re.findall(r"-?[\d.]+", g["d"])]
                position = 1 - numbers[1] / got["h"] if item["t"] == "hline" else numbers[0] / got["w"]
                assert position == pytest.approx(value, abs=tol)
            elif item["t"] == "text" and item["x"] is not None:
                assert g["s"] == item["s"] and (g["x"], g["y"]) == pytest.approx((item["x"], item["y"]), abs=tol)


@pytest.mark.parametrize("docname, key", BAKED)
def test_the_picture_is_the_baked_data(page, explorer_root, docname, key):
    root = explorer_root
    payload = _payload(root)
    states = _decoded(docname, key, root.locator("script.actlab-explorer-data").text_content())
    controls = payload["controls"]
    sizes = [len(c["labels"]) for c in controls]
    rng = random.Random(f"{docname}:{key}")
    samples = [[c["index"] for c in controls], [0] * len(controls), [s - 1 for s in sizes]]
    samples += [[rng.randrange(s) for s in sizes] for _ in range(5)]
    strides = _strides(controls)
    for indices in samples:
        for k, (control, index) in enumerate(zip(controls, indices)):
            _set(root, k, control, index)
        drawn = root.evaluate(READ_SVG)
        state = sum(i * s for i, s in zip(indices, strides))
        assert drawn["state"] == state
        _assert_draws(drawn, states[state], payload)


@functools.cache
def _python_explorers(docname):
    return explorers_in(BOOK_DIR / f"{docname}.md")


@pytest.mark.parametrize("docname, key", BAKED)
def test_the_baked_data_is_what_python_computes_today(site_dir, docname, key):
    if docname is None:
        pytest.fail(f"No baked explorer found in {site_dir}: run `make book`.", pytrace=False)
    html = (site_dir / f"{docname}.html").read_text(encoding="utf-8")
    match = re.search(rf'id="actlab-{re.escape(key)}".*?class="actlab-explorer-data">(.*?)</script>', html, re.S)
    on_page = baking.decode(json.loads(match.group(1)))
    explorer = _python_explorers(docname).get(key)
    assert explorer is not None, f"{docname}.md no longer displays an explorer {key!r}: rebuild the book"
    fresh = baking.decode(explorer.bake())
    assert len(on_page) == len(fresh), f"{key}: the page bakes {len(on_page)} states, Python {len(fresh)}"
    for state, (page_scene, python_scene) in enumerate(zip(on_page, fresh)):
        assert _same(page_scene, python_scene), (
            f"{key}, state {state}: the page differs from what Python draws now; rebuild the book"
        )


@pytest.mark.parametrize("docname, key", BAKED)
def test_the_page_carries_todays_renderer(site_dir, docname, key):
    """The renderer is inlined when the page executes; a cached execution keeps an old one."""
    if docname is None:
        pytest.fail(f"No baked explorer found in {site_dir}: run `make book`.", pytrace=False)
    html = (site_dir / f"{docname}.html").read_text(encoding="utf-8")
    for asset in ("explorer.js", "explorer.css"):
        assert baking._asset(asset) in html, (
            f"{docname}.html carries an old {asset}: rebuild the book from scratch (`make clean book`)"
        )


def _same(a, b):
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, np.ndarray):
        return a.shape == b.shape and np.allclose(a, b, equal_nan=True, atol=1.5 / baking.QUANTUM)
    if isinstance(a, float) and isinstance(b, float):
        return a == pytest.approx(b, abs=1e-5)
    return a == b


# -------------------------------------------------------------------------- screens, themes


@pytest.mark.parametrize("docname, key", BAKED)
def test_explorer_fits_a_phone_and_stays_light_in_dark_mode(page, explorer_root, docname, key):
    root = explorer_root
    page.set_viewport_size(PHONE)
    box = root.bounding_box()
    assert box["width"] <= PHONE["width"], f"{key} is {box['width']} px wide on a {PHONE['width']} px screen"
    for svg in root.locator("svg.actlab-panel").all():
        assert svg.bounding_box()["width"] <= box["width"]
    page.evaluate("() => { document.documentElement.dataset.theme = 'dark'; }")
    colors = root.evaluate("el => [getComputedStyle(el).backgroundColor, getComputedStyle(el).color]")
    assert colors == ["rgb(255, 255, 255)", "rgb(34, 34, 34)"]
