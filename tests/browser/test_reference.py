"""The Reference pages in a real browser, over the built site.

- the cheat sheet prints on one landscape sheet, of A4 and of Letter (Chromium's own PDF
  output, pages counted), with every row of its table;
- on a desktop its wide table scrolls in its box with the activation column held in view;
- every internal link of the reference pages lands on an element that exists;
- the revision checklist marks each item from the quiz answers saved on other pages (and
  nothing else), points each quiz link at its question, and forgets an item after the quiz's
  "Start over";
- the trap quiz answers a tempting option with that trap's feedback.

The generic checks of every page (console, math, 390 px, axe) are in ``test_pages.py``.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

import pytest

from actlab import activations, selfcheck
from actlab.reference import checklist
from actlab.selfcheck import traps

from .conftest import open_page, toc_pages

REFERENCE = [
    "reference/cheatsheet",
    "reference/formulas",
    "reference/interview",
    "reference/checklist",
    "reference/glossary",
]


@pytest.fixture(autouse=True)
def _reference_in_the_book():
    listed = {p.docname for p in toc_pages()}
    missing = [p for p in REFERENCE if p not in listed]
    if missing:
        pytest.skip(f"_toc.yml does not list {missing} yet")


# ------------------------------------------------------------------------------- printing


def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_cheat_sheet_prints_on_one_landscape_sheet(page, site_url, paper):
    open_page(page, site_url, "reference/cheatsheet")
    pdf = page.pdf(format=paper, prefer_css_page_size=True, print_background=True)
    box = [float(v) for v in re.search(rb"/MediaBox\s*\[([^\]]*)\]", pdf).group(1).split()]
    assert box[2] > box[3], f"{paper}: printed in portrait ({box}), the page asks for landscape"
    assert _pages(pdf) == 1, f"the cheat sheet prints on {_pages(pdf)} sheets of {paper}, not 1"


def test_the_cheat_sheet_keeps_the_activation_in_view_while_its_table_scrolls(page, site_url):
    """On a desktop the table is wider than the article and scrolls in its box; its first
    column stays at the box's left edge, over an opaque background."""
    open_page(page, site_url, "reference/cheatsheet")
    state = page.evaluate("""() => {
      const table = document.querySelector('.tag_cheatsheet-table table');
      const box = table.closest('.pst-scrollable-table-container');
      box.scrollLeft = box.scrollWidth;
      const cell = table.querySelector('tbody tr td:first-child');
      return {wide: box.scrollWidth > box.clientWidth, scrolled: box.scrollLeft,
              boxLeft: box.getBoundingClientRect().left, cellLeft: cell.getBoundingClientRect().left,
              background: getComputedStyle(cell).backgroundColor,
              page: document.documentElement.scrollWidth <= window.innerWidth};
    }""")
    assert state["page"], "the cheat sheet makes the whole page scroll sideways"
    if not state["wide"]:
        return  # the table fits: nothing scrolls
    assert state["scrolled"] > 0
    assert state["cellLeft"] == pytest.approx(state["boxLeft"], abs=1), state
    assert state["background"] not in ("rgba(0, 0, 0, 0)", "transparent"), state


def test_the_printed_cheat_sheet_keeps_every_row_and_drops_the_chrome(page, site_url):
    open_page(page, site_url, "reference/cheatsheet")
    page.emulate_media(media="print")
    state = page.evaluate("""() => {
      const shown = el => el && getComputedStyle(el).display !== 'none' && el.getBoundingClientRect().height > 0;
      const table = document.querySelector('.tag_cheatsheet-table table');
      return {rows: [...table.querySelectorAll('tbody tr')].filter(shown).length,
              sidebar: shown(document.querySelector('.bd-sidebar-primary')),
              code: [...document.querySelectorAll('.cell_input')].some(shown)};
    }""")
    assert state["rows"] == len(activations.names()) + 1
    assert not state["sidebar"] and not state["code"]


# ---------------------------------------------------------------------------------- links


@pytest.mark.parametrize("docname", REFERENCE)
def test_every_internal_link_lands(site_dir, docname):
    html = (site_dir / f"{docname}.html").read_text(encoding="utf-8")
    main = html[html.index("<main") : html.index("</main>")]
    checked = 0
    for href in re.findall(r'<a class="reference internal" href="([^"]+)"', main):
        parts = urlsplit(href)
        target = (site_dir / docname).parent / unquote(parts.path) if parts.path else site_dir / f"{docname}.html"
        target = target.resolve()
        assert target.is_file(), f"{docname}: {href} points at a missing page"
        if parts.fragment:
            text = target.read_text(encoding="utf-8")
            assert f'id="{parts.fragment}"' in text, f"{docname}: {href} points at a missing anchor"
        checked += 1
    assert checked


# ------------------------------------------------------------------------------ checklist


def _status(page, key):
    return page.locator(f'.acl-status[data-item="{key}"]').inner_text().strip()


def _check(page, quiz, question, answer):
    form = page.locator(f"#aq-{quiz}-{question}")
    if isinstance(answer, list):
        for i in answer:
            form.locator(f"#aq-{quiz}-{question}-o{i}").check()
    elif isinstance(answer, int):
        form.locator(f"#aq-{quiz}-{question}-o{answer}").check()
    else:
        form.locator("input").fill(answer)
    form.locator(".aq-check").click()
    page.wait_for_function(f"() => document.querySelector('#aq-{quiz}-{question} .aq-result').textContent")


def test_the_checklist_marks_items_from_saved_quiz_answers(page, site_url):
    ch01 = selfcheck.quiz("ch01")
    open_page(page, site_url, "chapters/01_why_nonlinearity")
    _check(page, "ch01", "affine", ch01["affine"].right)  # right: "define" is shown
    _check(page, "ch01", "collapse", str(int(ch01["collapse"].answer)))  # right, its trap untried
    wrong = next(i for i, o in enumerate(ch01["xor"].options) if not o.correct)
    _check(page, "ch01", "xor", wrong)  # tried, not right

    open_page(page, site_url, "reference/checklist")
    page.wait_for_selector(".actlab-checklist[data-ready]")
    assert _status(page, "define").endswith("shown")
    assert _status(page, "why-nonlinear").endswith("in progress")
    assert _status(page, "xor").endswith("in progress")
    assert _status(page, "vanishing").endswith("not yet")
    summary = page.locator(".acl-summary").inner_text()
    assert f"shown 1 of {len(checklist.ITEMS)}" in summary and "nothing is sent" in summary

    # each quiz link goes to its question, which exists on the quiz's page
    item = page.locator('li:has(.acl-status[data-item="define"])')
    href = item.locator("a").last.get_attribute("href")
    assert href.endswith("01_why_nonlinearity.html#aq-ch01-affine"), href
    item.locator("a").last.click()
    page.wait_for_load_state("load")
    assert page.locator("#aq-ch01-affine").is_visible()

    # "Start over" on the quiz takes the items back
    page.locator("#aq-ch01 .aq-reset").click()
    open_page(page, site_url, "reference/checklist")
    page.wait_for_selector(".actlab-checklist[data-ready]")
    assert _status(page, "define").endswith("not yet")
    assert page.locator(".actlab-checklist").get_attribute("data-shown") == "0"


def test_the_checklist_ignores_progress_saved_for_another_version_of_a_quiz(page, site_url):
    open_page(page, site_url, "reference/checklist")
    page.evaluate("""() => {
      const path = new URL('../chapters/01_why_nonlinearity.html', location.href).pathname;
      localStorage.setItem('actlab-quiz:' + path + '#ch01',
        JSON.stringify({sig: 'an-old-version', q: {affine: {outcome: 'right', answer: [0, 1]}}}));
    }""")
    page.reload()
    page.wait_for_selector(".actlab-checklist[data-ready]")
    assert _status(page, "define").endswith("not yet")


# ------------------------------------------------------------------------------- traps


def test_the_trap_quiz_answers_the_tempting_option_with_its_feedback(page, site_url):
    trap = traps.trap("output-activation")
    open_page(page, site_url, "reference/interview")
    _check(page, "traps", trap.key, trap.tempting_index)
    result = page.locator(f"#aq-traps-{trap.key} .aq-result")
    assert "Not yet." in result.inner_text()
    assert trap.question.options[trap.tempting_index].feedback[:40] in result.inner_text()
    _check(page, "traps", trap.key, trap.question.right[0])
    assert "Right." in result.inner_text()
