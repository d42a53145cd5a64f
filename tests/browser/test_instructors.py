"""The Instructors part in a real browser: slide decks, and links that open an explorer at a setting.

- every slide deck loads with no console error and no request to another host, shows one
  slide at a time in type that reads from the back of a room, and has its math typeset;
- a deck is driven by the keyboard (arrows, space, Page Up/Down, Home, End, N for the notes),
  keys typed into an explorer's control stay with the control, and Esc gives them back;
- every deck is axe-clean with all its slides and notes shown, fits a 390 px screen slide by
  slide, and prints one slide per page;
- every explorer link on the instructor pages opens the chapter's explorer at exactly the
  setting it names, from a fresh load of the chapter page; clicking one on a session plan does
  the same; each deck's setting buttons set its explorer;
- every deck and live-coding notebook an instructor page links to exists, and each notebook
  is a valid notebook with its teaching cells emptied.

The instructor pages themselves are covered by test_pages.py like every page of the book.
"""

from __future__ import annotations

import json
import re
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from .conftest import AXE_JS, PHONE, SITE_DIR, open_page, settle_page, toc_pages
from .test_pages import AXE_RUN, OVERFLOWING, RAW_TEX

PROJECTOR = {"width": 1280, "height": 720}


def _decks():
    decks = sorted(p.stem for p in (SITE_DIR / "slides").glob("*.html")) if SITE_DIR.is_dir() else []
    return decks or [None]


DECKS = _decks()
INSTRUCTOR_PAGES = [p.docname for p in toc_pages() if p.docname.startswith("instructors/")]


def _require(site_dir, thing):
    if thing is None:
        pytest.fail(
            f"No slide deck in {site_dir / 'slides'}: run `make book` with the instructors "
            "extension (_ext/instructors.py) in _config.yml.",
            pytrace=False,
        )


def open_deck(page, site_url, name, fragment=""):
    page.set_viewport_size(PROJECTOR)
    response = page.goto(site_url + f"slides/{name}.html{fragment}", wait_until="load")
    assert response is not None and response.ok, f"slides/{name}.html: HTTP {response and response.status}"
    page.wait_for_function("() => document.documentElement.classList.contains('deck-js')")
    settle_page(page)


def shown(page):
    return page.evaluate("() => [...document.querySelectorAll('.slide')].filter(s => !s.hidden).map(s => s.id)")


def slide_count(page):
    return page.evaluate("() => document.querySelectorAll('.slide').length")


# ----------------------------------------------------------------------------------- decks


@pytest.mark.parametrize("deck", DECKS)
def test_deck_loads_clean_one_slide_at_a_time_in_large_type(page, site_url, site_dir, deck):
    _require(site_dir, deck)
    open_deck(page, site_url, deck)
    assert shown(page) == ["deck-slide-1"]
    assert page.locator("#deck-slide-1 h1").inner_text().strip()
    sizes = page.evaluate("""() => {
      const slide = document.getElementById('deck-slide-2');
      document.querySelectorAll('.slide').forEach(s => { s.hidden = s !== slide; });
      const px = el => parseFloat(getComputedStyle(el).fontSize);
      const text = slide.querySelector('.slide-body li, .slide-body p');
      return {title: px(slide.querySelector('.slide-title')), text: px(text)};
    }""")
    assert sizes["title"] >= 40, f"{deck}: slide titles are {sizes['title']} px at 1280 x 720"
    assert sizes["text"] >= 28, f"{deck}: slide text is {sizes['text']} px at 1280 x 720"
    state = page.evaluate("""() => {
      const main = document.querySelector('main').cloneNode(true);
      main.querySelectorAll('pre, code, script, style, mjx-container, textarea').forEach(el => el.remove());
      return {math: document.querySelectorAll('main .math').length,
              typeset: document.querySelectorAll('main .math mjx-container').length,
              text: main.textContent};
    }""")
    assert not RAW_TEX.findall(state["text"]), f"{deck}: raw TeX left: {RAW_TEX.findall(state['text'])[:5]}"
    assert state["typeset"] >= state["math"]


def test_deck_is_driven_by_the_keyboard(page, site_url, site_dir):
    deck = DECKS[0]
    _require(site_dir, deck)
    open_deck(page, site_url, deck)
    last = slide_count(page)
    keys = [
        ("ArrowRight", 2),
        ("Space", 3),
        ("ArrowLeft", 2),
        ("PageDown", 3),
        ("PageUp", 2),
        ("End", last),
        ("Home", 1),
        ("ArrowDown", 2),
    ]
    for key, expected in keys:
        page.keyboard.press(key)
        assert shown(page) == [f"deck-slide-{expected}"], f"after {key}"
    assert page.evaluate("() => location.hash") == "#slide-2"
    assert "Slide 2 of" in page.locator(".deck-count").inner_text()
    # the notes: hidden, then shown with N
    page.keyboard.press("End")
    noted = page.evaluate(
        "() => [...document.querySelectorAll('.slide')].findIndex(s => s.querySelector('.slide-notes'))"
    )
    assert noted >= 0, "the deck has no speaker notes"
    page.evaluate(f"() => {{ location.hash = '#slide-{noted + 1}'; }}")
    page.wait_for_function(f"() => !document.getElementById('deck-slide-{noted + 1}').hidden")
    notes = page.locator(f"#deck-slide-{noted + 1} .slide-notes")
    assert not notes.is_visible()
    page.keyboard.press("n")
    assert notes.is_visible() and page.locator(".deck-notes-toggle").get_attribute("aria-pressed") == "true"
    page.keyboard.press("n")
    assert not notes.is_visible()
    # the buttons
    page.locator(".deck-next").click()
    assert shown(page) == [f"deck-slide-{noted + 2}"]


def test_keys_in_an_explorer_stay_with_its_controls(page, site_url, site_dir):
    deck = next((d for d in DECKS if d and "data-explorer" in (SITE_DIR / "slides" / f"{d}.html").read_text()), None)
    _require(site_dir, deck)
    open_deck(page, site_url, deck)
    index = page.evaluate("() => [...document.querySelectorAll('.slide')].findIndex(s => s.dataset.explorer)")
    key = page.evaluate(f"() => document.querySelectorAll('.slide')[{index}].dataset.explorer")
    page.evaluate(f"() => {{ location.hash = '#{key}'; }}")
    page.wait_for_function(f"() => !document.querySelectorAll('.slide')[{index}].hidden")
    root = page.locator(f"#actlab-{key}")
    page.wait_for_function("el => el.hasAttribute('data-ready')", arg=root.element_handle(), timeout=10_000)
    control = root.locator("select, input[type=range]").first
    before = control.input_value()
    control.focus()
    page.keyboard.press("ArrowRight" if control.evaluate("el => el.tagName") == "INPUT" else "ArrowDown")
    assert shown(page) == [f"deck-slide-{index + 1}"], "an arrow key in an explorer control changed the slide"
    assert control.input_value() != before, "the arrow key did not reach the control"
    page.keyboard.press("Escape")
    page.keyboard.press("ArrowRight")
    assert shown(page) == [f"deck-slide-{index + 2}"]
    # a setting button of the plan sets the explorer
    page.keyboard.press("ArrowLeft")
    buttons = page.locator(f"#deck-slide-{index + 1} .deck-settings a")
    if buttons.count():
        href = buttons.first.get_attribute("href")
        buttons.first.click()
        expect_setting(page, key, href)


@pytest.mark.parametrize("deck", DECKS)
def test_deck_has_no_serious_accessibility_violation(page, site_url, site_dir, deck):
    _require(site_dir, deck)
    open_deck(page, site_url, deck)
    page.evaluate("""() => {
      document.querySelectorAll('.slide').forEach(s => { s.hidden = false; });
      document.body.classList.add('deck-show-notes');
    }""")
    page.add_script_tag(path=str(AXE_JS))
    violations = [v for v in page.evaluate(AXE_RUN, {}) if v["impact"] in ("critical", "serious")]
    report = "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']}\n"
        + "\n".join(f"    {t['target']}: {t['summary']}" for t in v["targets"][:6])
        for v in violations
    )
    assert not violations, f"slides/{deck}.html:\n{report}"


@pytest.mark.parametrize("deck", DECKS)
def test_every_slide_fits_a_phone(page, site_url, site_dir, deck):
    _require(site_dir, deck)
    open_deck(page, site_url, deck)
    page.set_viewport_size(PHONE)
    too_wide = page.evaluate(
        """(check) => {
      const slides = [...document.querySelectorAll('.slide')], out = [];
      const overflowing = eval(check);
      slides.forEach((slide, i) => {
        slides.forEach(s => { s.hidden = s !== slide; });
        const state = overflowing();
        if (state.scrollWidth > state.innerWidth || state.culprits.length) out.push([i + 1, state.culprits]);
      });
      return out;
    }""",
        OVERFLOWING,
    )
    assert not too_wide, f"slides/{deck}.html at 390 px, slides wider than the screen: {too_wide[:5]}"


def test_a_deck_prints_one_slide_per_page(page, site_url, site_dir):
    deck = DECKS[0]
    _require(site_dir, deck)
    open_deck(page, site_url, deck)
    count = slide_count(page)
    page.emulate_media(media="print")
    layout = page.evaluate("""() => [...document.querySelectorAll('.slide')].map(s => {
      const style = getComputedStyle(s);
      return [style.display, style.breakAfter];
    })""")
    assert all(display != "none" for display, _ in layout), "print hides some slides"
    assert all(after == "page" for _, after in layout), "slides do not each end a printed page"
    assert not page.locator(".deck-bar").is_visible()
    pdf = page.pdf(landscape=True, format="A4")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert count <= pages <= count + 3, f"{count} slides printed on {pages} pages"


# ------------------------------------------------------------------------- explorer links


def _explorer_links():
    """(instructor page, href) of every explorer-setting link on the built instructor pages."""
    found = []
    for docname in INSTRUCTOR_PAGES:
        path = SITE_DIR / f"{docname}.html"
        if not path.is_file():
            continue
        for href in re.findall(
            r'<a class="[^"]*explorer-setting[^"]*" href="([^"]+)"', path.read_text(encoding="utf-8")
        ):
            found.append((docname, href.replace("&amp;", "&")))
    return found


LINKS = _explorer_links()


def _by_chapter():
    chapters = {}
    for docname, href in LINKS:
        target = urljoin(f"/{docname}.html", href)
        chapters.setdefault(urlsplit(target).path.lstrip("/"), []).append((docname, urlsplit(target).fragment))
    return [pytest.param(chapter, links, id=chapter) for chapter, links in sorted(chapters.items())] or [
        pytest.param(None, [], id="no-built-site")
    ]


def expect_setting(page, key, fragment):
    """The explorer ``key`` on the page shows exactly the setting ``#key:name=value&...``."""
    root = page.locator(f"#actlab-{key}")
    page.wait_for_function("el => el.hasAttribute('data-ready')", arg=root.element_handle(), timeout=10_000)
    payload = json.loads(root.locator("script.actlab-explorer-data").text_content())
    wanted = dict(pair.split("=", 1) for pair in fragment.split(":", 1)[1].split("&"))
    for k, control in enumerate(payload["controls"]):
        if control["name"] not in wanted:
            continue
        token = unquote(wanted[control["name"]])
        tokens = control["tokens"]
        index = (
            tokens.index(token)
            if token in tokens
            else next(i for i, t in enumerate(tokens) if abs(float(t) - float(token)) < 1e-9)
        )
        element = root.locator(f"#actlab-{key}-c{k}")
        if control["kind"] == "checkbox":
            assert element.is_checked() == (index == 1), f"{key}: {control['name']} should be {token}"
        else:
            assert element.input_value() == str(index), (
                f"{key}: {control['name']} shows {element.input_value()!r}, expected {token!r} (index {index})"
            )


@pytest.mark.parametrize("chapter, links", _by_chapter())
def test_every_explorer_link_opens_its_explorer_at_that_setting(page, site_url, site_dir, chapter, links):
    if chapter is None:
        pytest.fail(f"No explorer link on the instructor pages of {site_dir}: run `make book`.", pytrace=False)
    assert (site_dir / chapter).is_file(), f"the links point at {chapter}, which the build did not make"
    for number, (docname, fragment) in enumerate(links):
        key = fragment.split(":", 1)[0]
        if number == 0:  # a fresh load of the page with the link's address
            response = page.goto(site_url + chapter + "#" + fragment, wait_until="load")
            assert response is not None and response.ok
            settle_page(page)
        else:  # the same page, the address changed as a click on another link would
            page.evaluate("f => { location.hash = f; }", fragment)
        assert page.locator(f"#actlab-{key}").count() == 1, f"{docname}: {chapter} has no explorer {key!r}"
        expect_setting(page, key, fragment)


def test_a_link_on_a_session_plan_opens_the_explorer_in_view(page, site_url, site_dir):
    plans = [d for d in INSTRUCTOR_PAGES if re.match(r"instructors/\d\d_", d)]
    if not plans:
        pytest.fail("No session plan in the table of contents.", pytrace=False)
    open_page(page, site_url, plans[0])
    link = page.locator("a.explorer-setting").nth(1)
    href = link.get_attribute("href")
    link.click()
    page.wait_for_load_state("load")
    fragment = unquote(href.split("#", 1)[1])
    key = fragment.split(":", 1)[0]
    expect_setting(page, key, href.split("#", 1)[1])
    page.wait_for_function(
        "el => { const r = el.getBoundingClientRect(); return r.top < innerHeight && r.bottom > 0; }",
        arg=page.locator(f"#actlab-{key}").element_handle(),
        timeout=5_000,
    )


# --------------------------------------------------------------------- decks and notebooks


def _slide_links():
    """Deck -> the section anchors the instructor pages link to in it."""
    links = {}
    for docname in INSTRUCTOR_PAGES:
        path = SITE_DIR / f"{docname}.html"
        if not path.is_file():
            continue
        for href in re.findall(r'href="((?:\.\./)*slides/[^"#]+\.html#[^"]+)"', path.read_text(encoding="utf-8")):
            deck, anchor = urljoin(f"/{docname}.html", href).lstrip("/").split("#", 1)
            links.setdefault(deck, set()).add(anchor)
    return [pytest.param(deck, sorted(anchors), id=deck) for deck, anchors in sorted(links.items())] or [
        pytest.param(None, [], id="no-slide-link")
    ]


@pytest.mark.parametrize("deck, anchors", _slide_links())
def test_slide_links_of_the_agendas_open_the_deck_at_their_section(page, site_url, site_dir, deck, anchors):
    if deck is None:
        pytest.fail(f"No instructor page of {site_dir} links to a slide of a deck.", pytrace=False)
    for number, anchor in enumerate(anchors):
        if number == 0:
            page.set_viewport_size(PROJECTOR)
            page.goto(site_url + deck + "#" + anchor, wait_until="load")
            page.wait_for_function("() => document.documentElement.classList.contains('deck-js')")
            settle_page(page)
        else:
            page.evaluate("a => { location.hash = a; }", anchor)
        page.wait_for_function(
            "a => { const s = [...document.querySelectorAll('.slide')].find(x => !x.hidden);"
            " return s && s.dataset.anchor === a; }",
            arg=anchor,
            timeout=5_000,
        )


def test_instructor_pages_link_decks_and_notebooks_that_exist(page, site_url, site_dir):
    if not INSTRUCTOR_PAGES:
        pytest.fail("No instructor page in the table of contents.", pytrace=False)
    checked = 0
    for docname in INSTRUCTOR_PAGES:
        html = (site_dir / f"{docname}.html").read_text(encoding="utf-8")
        for href in sorted(set(re.findall(r'href="((?:\.\./)*(?:slides|live)/[^"#]+)', html))):
            url = urljoin(site_url + docname + ".html", href)
            response = page.request.get(url)
            assert response.ok, f"{docname} links to {href}: HTTP {response.status}"
            if href.endswith(".ipynb"):
                notebook = json.loads(response.body())
                assert notebook["metadata"]["kernelspec"]["name"] == "python3"
                code = ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code"]
                assert any("Live coding: type this cell" in c for c in code), f"{href}: no emptied cell"
                assert all(not c.get("outputs") for c in notebook["cells"] if c["cell_type"] == "code")
            checked += 1
    assert checked >= 2 * len([d for d in INSTRUCTOR_PAGES if re.match(r"instructors/\d\d_", d)])
