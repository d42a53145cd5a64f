"""Every page of the table of contents, in a real browser, over the built site.

- it loads with no console error, no failed request and no request to another host;
- where it has math, MathJax typeset all of it and left no raw TeX behind;
- at 390 px wide nothing pushes the page sideways (wide tables, code and figures scroll
  inside their own boxes);
- axe-core finds no critical or serious accessibility violation, in light and dark mode.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

import pytest

from .conftest import AXE_JS, DESKTOP, PHONE, open_page, problems, switch_scheme, watched_page

# ------------------------------------------------------------------------------ one visit

# Loading a page costs a second or two (MathJax typesets it), so the checks share one visit
# per page. The page is loaded at phone width and checked for overflow; then the window
# widens to a desktop's (the layout follows, as it does when a reader turns a tablet), the
# page is scrolled to the end, and its title, math and axe's findings are read in light
# mode; then the system switches to dark mode (the theme follows at once, as it does for a
# reader) and axe looks again. Each check below reads that visit.


@dataclass
class Visit:
    """What one visit of a page saw."""

    problems: str  # console errors and failed or off-site requests, as a report ("" when none)
    phone: dict  # what sticks out at phone width (OVERFLOWING)
    title: str = ""
    math: dict = field(default_factory=dict)
    themes: dict = field(default_factory=dict)  # scheme -> the theme the page showed
    axe: dict = field(default_factory=dict)  # scheme -> violations kept after AXE_ALLOWED


_VISITS: dict[str, Visit] = {}

_TWO_FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"


def _look_at(browser, site_url, toc_page) -> Visit:
    with watched_page(browser, viewport=PHONE) as page:
        page.emulate_media(color_scheme="light")
        open_page(page, site_url, toc_page)
        visit = Visit(problems="", phone=page.evaluate(OVERFLOWING))
        page.set_viewport_size(DESKTOP)
        page.evaluate(_TWO_FRAMES)
        # scroll to the end, so that lazily loaded images are requested too
        page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
        page.wait_for_load_state("networkidle")
        visit.title = page.locator("main h1").first.inner_text().strip()
        visit.math = page.evaluate(MATH_STATE)
        for scheme in ("light", "dark"):
            switch_scheme(page, scheme)
            visit.themes[scheme] = page.evaluate("() => document.documentElement.dataset.theme")
            visit.axe[scheme] = _axe_violations(page)
        record = problems(page)
        visit.problems = record.report()
        record.clear()  # reported by test_page_loads_clean, not by the fixture
    return visit


@pytest.fixture
def visit(browser, site_url, toc_page) -> Visit:
    """The page's visit, made by the first check that asks for it."""
    if toc_page.docname not in _VISITS:
        _VISITS[toc_page.docname] = _look_at(browser, site_url, toc_page)
    return _VISITS[toc_page.docname]


# ---------------------------------------------------------------------------------- loading


def test_page_loads_clean(visit, toc_page):
    assert not visit.problems, f"{toc_page}:\n{visit.problems}"
    assert visit.title, f"{toc_page} has no title"


# ------------------------------------------------------------------------------------- math

MATH_STATE = """() => {
  const math = [...document.querySelectorAll('main .math')];
  const untypeset = math.filter(el => !el.querySelector('mjx-container'))
                        .map(el => el.textContent.trim().slice(0, 80));
  // a TeX error, or an undefined macro (MathJax prints its name in red)
  const errors = [...document.querySelectorAll(
        'mjx-merror, mjx-container mjx-mtext[style*="color: red"]')]
      .map(el => el.getAttribute('data-mjx-error')
                 || el.closest('mjx-container').querySelector('mjx-assistive-mml')?.textContent
                 || el.textContent);
  const main = document.querySelector('main').cloneNode(true);
  main.querySelectorAll('pre, code, script, style, mjx-container, .highlight, textarea')
      .forEach(el => el.remove());
  return {count: math.length, mathjax: !!(window.MathJax && MathJax.version),
          containers: document.querySelectorAll('main mjx-container').length,
          untypeset, errors, text: main.textContent};
}"""

# TeX that MathJax should have consumed: \( \) \[ \] delimiters, $$, environments, and
# $...$ spans holding TeX syntax. Code blocks are removed before the search.
RAW_TEX = re.compile(r"\\\(|\\\)|\\\[|\\\]|\$\$|\\begin\{|\\end\{|\$[^$\n]*[\\^_{][^$\n]*\$")


def test_math_is_typeset(visit, toc_page):
    state = visit.math
    leftovers = sorted(set(RAW_TEX.findall(state["text"])))
    assert not leftovers, f"{toc_page}: raw TeX left in the text: {leftovers[:10]}"
    if state["count"] == 0:
        return  # a page without math: nothing to typeset, and no raw TeX either
    assert state["mathjax"], f"{toc_page} has math but MathJax did not load"
    assert not state["untypeset"], f"{toc_page}: math not typeset: {state['untypeset'][:5]}"
    assert state["containers"] >= state["count"]
    assert not state["errors"], f"{toc_page}: TeX errors: {state['errors'][:5]}"


# --------------------------------------------------------------------------------- overflow

# elements that stick out past the right edge of the viewport without a scrolling box
# of their own between them and the page
OVERFLOWING = """() => {
  const width = window.innerWidth;
  const scrolls = el => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const ox = getComputedStyle(a).overflowX;
      if ((ox === 'auto' || ox === 'scroll' || ox === 'hidden' || ox === 'clip')
          && a.getBoundingClientRect().right <= width + 1) return true;
    }
    return false;
  };
  const describe = el => el.tagName.toLowerCase()
      + (el.id ? '#' + el.id : '')
      + (el.className && typeof el.className === 'string'
         ? '.' + el.className.trim().split(/\\s+/).slice(0, 3).join('.') : '');
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.position === 'fixed') continue;
    if (box.right > width + 1 && !scrolls(el)) {
      out.push(describe(el) + ' right=' + Math.round(box.right));
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth: width,
          culprits: out.slice(0, 15)};
}"""


def test_no_horizontal_overflow_on_a_phone(visit, toc_page):
    state = visit.phone
    assert state["scrollWidth"] <= state["innerWidth"], (
        f"{toc_page} is {state['scrollWidth']} px wide at {state['innerWidth']} px; sticking out: {state['culprits']}"
    )
    assert not state["culprits"], (
        f"{toc_page}: elements past the right edge outside a scrolling box: {state['culprits']}"
    )


# -------------------------------------------------------------------------------- axe-core

# Violations let through, each for one rule on one selector only, with the reason:
# {rule id: {CSS selector: reason}}. Empty means every finding fails the test.
AXE_ALLOWED: dict[str, dict[str, str]] = {
    "label-content-name-mismatch": {
        # pydata-sphinx-theme's search button: its name is "Search" (aria-label) and it also
        # shows the Ctrl+K shortcut as a hint, which axe counts as part of the visible label.
        # The markup is the theme's; no theme option changes it.
        ".search-button__button": "theme markup: shortcut hint beside the label",
        # the theme's colour-mode button, named "Color mode"; FontAwesome turns the titles
        # of its three icons ("Light", "Dark", "System Settings") into SVG text.
        ".theme-switch-button": "theme markup: icon titles inside a named button",
    }
}

AXE_RUN = """async (allowed) => {
  const results = await axe.run(document, {resultTypes: ['violations']});
  const kept = [];
  for (const v of results.violations) {
    const selectors = Object.keys(allowed[v.id] || {});
    const nodes = v.nodes.filter(n => {
      const el = n.target.length === 1 ? document.querySelector(n.target[0]) : null;
      return !(el && selectors.some(sel => el.matches(sel)));
    });
    if (nodes.length) kept.push({
      id: v.id, impact: v.impact, help: v.help,
      targets: nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary}))
    });
  }
  return kept;
}"""


def _axe_violations(page):
    if not AXE_JS.is_file():
        pytest.fail(f"{AXE_JS} is missing: run `make test` (it runs `npm ci`)", pytrace=False)
    page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(AXE_RUN, AXE_ALLOWED)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_violation(visit, toc_page, scheme):
    assert visit.themes[scheme] == scheme
    violations = [v for v in visit.axe[scheme] if v["impact"] in ("critical", "serious")]
    report = "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']}\n"
        + "\n".join(f"    {t['target']}: {t['summary']}" for t in v["targets"][:8])
        for v in violations
    )
    assert not violations, f"{toc_page} in {scheme} mode:\n{report}"


# ------------------------------------------------------------------------ site-wide details


def test_binder_link_opens_the_chapter_source(page, site_url, site_dir):
    """The Binder button points at a file that exists in the repository; no Colab button."""
    from .conftest import BOOK_DIR, toc_pages

    checked = 0
    for toc_page in toc_pages():
        html = (site_dir / toc_page.html_path).read_text(encoding="utf-8")
        assert "colab.research.google.com" not in html, f"{toc_page}: a Colab link"
        match = re.search(r'href="(https://mybinder\.org/v2/gh/[^"]+)"', html)
        if not match:
            continue
        url = match.group(1).replace("&amp;", "&")
        source = re.search(r"urlpath=lab/tree/([^&\"]+)", url).group(1)
        assert (BOOK_DIR / source).is_file(), f"{toc_page}: Binder opens {source}, not in the repo"
        checked += 1
    if checked == 0:
        pytest.skip("no page with a Binder button (no executable page yet)")


def test_favicon_is_served(page, site_url):
    open_page(page, site_url, "intro")
    href = page.eval_on_selector("link[rel='icon']", "el => el.href")
    response = page.request.get(href)
    assert response.ok and response.body(), href


FIGURE_IMAGES = "main div.cell_output img, main figure img"


def test_figures_sit_on_a_white_card_in_dark_mode(page, site_url, site_dir):
    """Matplotlib's white canvas stays undimmed on a white card in dark mode."""
    from bs4 import BeautifulSoup

    from .conftest import toc_pages

    with_figure = [
        p
        for p in toc_pages()
        if BeautifulSoup((site_dir / p.html_path).read_text(encoding="utf-8"), "html.parser").select_one(FIGURE_IMAGES)
    ]
    if not with_figure:
        pytest.skip("no page with a figure output yet")
    page.emulate_media(color_scheme="dark")
    open_page(page, site_url, with_figure[0])
    style = page.eval_on_selector(
        FIGURE_IMAGES, "el => { const s = getComputedStyle(el); return {bg: s.backgroundColor, filter: s.filter}; }"
    )
    assert style == {"bg": "rgb(255, 255, 255)", "filter": "none"}, json.dumps(style)
