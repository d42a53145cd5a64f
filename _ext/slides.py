"""A chapter's slide deck, made from the chapter page as the build renders it.

:func:`build_deck` takes the rendered body of a chapter page (the HTML that
Sphinx writes between the page's header and footer) and cuts it into slides:

- a title slide (the chapter's title and the bold question of *The question*);
- *Learning objectives*, *The question*, *Try this* and *What to remember* as
  they are, the long lists split over two slides;
- for every other section and subsection, a slide with its heading, the first
  sentences of its first paragraph and its display equations (or its first short
  list or table), then one slide per figure, per output table and per explorer it
  holds, in page order;
- *Self-check* as a pointer back to the page; *References* as they are.

Nothing is typed twice: change a heading, a figure or an explorer in the chapter
and the next build's deck changes with it. Speaker notes come from the
chapter's session plan (``actlab.teaching``), attached to the slides of the
section, subsection or explorer they name. The deck is one HTML file that loads
``deck.css`` and ``deck.js`` from its own folder and the site's own MathJax;
figures are the page's own images, explorers the page's own baked explorers.
"""

from __future__ import annotations

import copy
import html
import re
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, NavigableString, Tag

from actlab import teaching

__all__ = ["Slide", "chapter_slides", "build_deck"]

#: Sections a deck shows in a form of their own (by heading, as plain words).
OBJECTIVES, QUESTION, TRY, REMEMBER, SELF_CHECK, REFERENCES = (
    "Learning objectives",
    "The question",
    "Try this",
    "What to remember",
    "Self-check",
    "References",
)
#: Longest list on one slide; longer ones are split evenly.
LIST_ITEMS = 5
#: Characters of a section's first paragraph kept on its slide (cut at a sentence end).
LEAD_CHARS = 240
#: Display equations shown on a section's slide.
EQUATIONS = 3
#: Most rows of a table shown on a slide.
TABLE_ROWS = 12


@dataclass
class Slide:
    """One slide: what it shows, and where in the chapter it comes from."""

    kind: str  # title, text, list, figure, explorer, table, divider, pointer
    title: str  # HTML of the heading
    body: str  # HTML of the content
    section: str | None = None  # the ``##`` heading, as plain words
    subsection: str | None = None  # the ``###`` heading, as plain words
    explorer: str | None = None  # the explorer's key, on an explorer slide
    panels: int = 1
    anchor: str | None = None  # the id of the chapter section that starts here
    notes: list = field(default_factory=list)  # HTML snippets
    extra: str = ""  # HTML shown under the content (links to explorer settings)


# ------------------------------------------------------------------------------- the page


def _words(tag):
    return teaching.heading_key(tag.get_text(" ", strip=True))


def _heading(section):
    """The section's heading (h1 to h3) without its permalink, as HTML and as plain words."""
    h = section.find(re.compile(r"^h[1-3]$"), recursive=False)
    if h is None:
        return "", ""
    h = copy.copy(h)
    for link in h.select("a.headerlink"):
        link.decompose()
    return h.decode_contents().strip(), _words(h)


def _relink(soup, chapter_href):
    """Links written for the chapter page, rewritten to work from the deck's folder."""
    folder = chapter_href.rsplit("/", 1)[0] + "/" if "/" in chapter_href else ""
    for a in soup.find_all("a", href=True):
        href = a["href"]
        if href.startswith("#"):
            a["href"] = chapter_href + href
        elif not re.match(r"^([a-z]+:|/|\.\./)", href):
            a["href"] = folder + href


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(])")


def _shorten(paragraph, limit=LEAD_CHARS):
    """Keep the first sentences of a paragraph, up to about ``limit`` characters, cutting only text."""
    p = copy.copy(paragraph)
    seen, cut = 0, False
    for child in list(p.contents):
        if cut:
            child.extract()
            continue
        text = str(child) if isinstance(child, NavigableString) else child.get_text()
        if isinstance(child, NavigableString):
            ends = [m.start() for m in _SENTENCE_END.finditer(text) if seen + m.start() >= 60]
            if ends and seen + len(text) > limit:
                child.replace_with(NavigableString(text[: ends[0]]))
                cut = True
        seen += len(text)
    return p


def _classes(tag):
    return tag.get("class") or []


def _is_math(tag):
    return tag.name == "div" and "math" in _classes(tag)


def _table_of(tag):
    table = tag if tag.name == "table" else tag.find("table")
    if table is None or len(table.find_all("tr")) > TABLE_ROWS + 1:
        return None
    return tag


def _outputs(block):
    """Figures, explorers and tables in a cell's output (or a figure in the prose), in order."""
    found = []
    if block.name == "figure":
        return [("figure", block)]
    outputs = [block] if "cell_output" in _classes(block) else block.select("div.cell_output")
    for output in outputs:
        for element in output.find_all(True):
            if element.name == "figure":
                found.append(("figure", element))
            elif "actlab-explorer" in _classes(element):
                found.append(("explorer", element.parent))
            elif (
                element.name == "img"
                and element.find_parent("figure") is None
                and element.find_parent(class_="actlab-explorer") is None
            ):
                found.append(("figure", element))
            elif (
                element.name == "table"
                and element.find_parent(class_="actlab-explorer") is None
                and _table_of(element) is not None
            ):
                found.append(("table", element))
    return found


def _list_slides(kind, title, items_tag, section, start=1):
    """A list as one slide, or as several of at most :data:`LIST_ITEMS` items each."""
    items = items_tag.find_all("li", recursive=False)
    parts = max(1, -(-len(items) // LIST_ITEMS))
    size = -(-len(items) // parts) if items else 1
    slides = []
    for at in range(0, max(len(items), 1), size):
        part = items[at : at + size]
        tag = items_tag.name
        start_attr = f' start="{start + at}"' if tag == "ol" and at else ""
        body = f"<{tag}{start_attr}>" + "".join(str(li) for li in part) + f"</{tag}>"
        more = f" ({at // size + 1} of {parts})" if parts > 1 else ""
        slides.append(Slide(kind, title + more, body, section))
    return slides


def _section_slides(sec, section, subsection, title):
    """The slides of a section or subsection: its text slide, then its figures, tables and explorers."""
    blocks = [c for c in sec.children if isinstance(c, Tag) and c.name not in ("h2", "h3", "section")]
    lead = next((b for b in blocks if b.name == "p"), None)
    equations = [b for b in blocks if _is_math(b)][:EQUATIONS]
    parts = [str(_shorten(lead))] if lead is not None else []
    parts += [str(e) for e in equations]
    if not equations:
        short_list = next(
            (b for b in blocks if b.name in ("ul", "ol") and len(b.find_all("li", recursive=False)) <= LIST_ITEMS + 2),
            None,
        )
        table = next(
            (
                b
                for b in blocks
                if b.name in ("table", "div")
                and b.find("table")
                and "cell" not in _classes(b)
                and _table_of(b) is not None
            ),
            None,
        )
        parts += [str(t) for t in (short_list, table) if t is not None]
    slides = [Slide("text" if parts else "divider", title, "".join(parts), section, subsection, anchor=sec.get("id"))]
    for block in blocks:
        for kind, element in _outputs(block):
            if kind == "explorer":
                root = element.find(class_="actlab-explorer")
                figure = root.find(class_="actlab-figure")
                panels = len(figure.find_all("svg")) if figure else 1
                slides.append(
                    Slide(
                        "explorer",
                        title,
                        str(element),
                        section,
                        subsection,
                        explorer=root.get("data-key"),
                        panels=max(1, panels),
                    )
                )
            else:
                slides.append(Slide(kind, title, str(element), section, subsection))
    for sub in sec.find_all("section", recursive=False):
        sub_title, sub_key = _heading(sub)
        slides += _section_slides(sub, section, sub_key, f'{title} <span class="deck-sep">›</span> {sub_title}')
    return slides


def chapter_slides(body_html, chapter_href):
    """Cut a rendered chapter page into slides.

    Parameters
    ----------
    body_html : str
        The page's body as Sphinx renders it (``context["body"]``).
    chapter_href : str
        The chapter page's address from the deck, e.g. ``"../chapters/01_why_nonlinearity.html"``:
        the page's own links (``#fig-...``) are rewritten to point there.

    Returns
    -------
    title : str
        The chapter's title, as HTML.
    slides : list of Slide
    """
    soup = BeautifulSoup(body_html, "html.parser")
    for script in soup.select("div.cell_input"):  # the code itself is typed live, not shown
        script.decompose()
    _relink(soup, chapter_href)
    top = soup.find("section")
    if top is None:
        raise ValueError("The page has no section: expected a chapter with a `#` title and `##` sections.")
    title, _ = _heading(top)
    sections = top.find_all("section", recursive=False)
    by_key = {_heading(s)[1]: s for s in sections}
    question = by_key.get(QUESTION)
    strong = question.find_all("strong") if question is not None else []
    asked = [b for b in strong if b.get_text().strip().endswith("?")] or strong[:1]
    bold = " ".join(str(b) for b in asked)
    subtitle = f'<p class="deck-question">{bold}</p>' if bold else ""
    slides = [Slide("title", title, subtitle)]
    for sec in sections:
        heading, key = _heading(sec)
        first = len(slides)
        if key == OBJECTIVES:
            items = sec.find(["ul", "ol"])
            lead = sec.find("p")
            body = (str(lead) if lead is not None else "") + (str(items) if items is not None else "")
            slides.append(Slide("text", heading, body, key))
        elif key == QUESTION:
            paragraphs = [str(p) for p in sec.find_all("p", recursive=False)]
            slides.append(Slide("text", heading, "".join(paragraphs), key))
        elif key in (TRY, REMEMBER) and sec.find(["ol", "ul"]) is not None:
            slides += _list_slides("list", heading, sec.find(["ol", "ul"]), key)
        elif key == SELF_CHECK:
            body = (
                f'<p>The quiz and the open questions are on the <a href="{chapter_href}#self-check">'
                "chapter page</a>: ask the room before you press <em>Check</em> or open a solution.</p>"
            )
            slides.append(Slide("pointer", heading, body, key))
        elif key == REFERENCES:
            items = sec.find(["ul", "ol"])
            slides.append(Slide("list", heading, str(items) if items is not None else "", key))
        else:
            slides += _section_slides(sec, key, None, heading)
        if len(slides) > first:
            slides[first].anchor = sec.get("id")
    return title, slides


# -------------------------------------------------------------------------------- the deck


def _payload(slide):
    return teaching.explorer_payloads(slide.body).get(slide.explorer)


def _attach(slides, notes, settings):
    """Speaker notes and explorer settings on the slides they belong to.

    ``notes`` maps ``("section", key)``, ``("subsection", key, subkey)`` or
    ``("explorer", key)`` to HTML snippets; section and subsection notes go on
    the first slide of that (sub)section. ``settings`` maps an explorer key to
    ``(values, ask)`` pairs, shown as links under the explorer.
    """
    seen = set()
    for slide in slides:
        where = ("subsection", slide.section, slide.subsection) if slide.subsection else ("section", slide.section)
        if where not in seen:
            seen.add(where)
            slide.notes += notes.get(where, [])
        if slide.kind == "explorer":
            slide.notes += notes.get(("explorer", slide.explorer), [])
            payload = _payload(slide)
            links = []
            for number, (values, ask) in enumerate(settings.get(slide.explorer, []), 1):
                if payload is None or teaching.setting_problems(payload, values):
                    continue
                said = teaching.describe_setting(payload, values)
                href = teaching.fragment(slide.explorer, values, payload["controls"])
                links.append(f'<li><a href="{html.escape(href)}" title="{html.escape(said)}">Setting {number}</a></li>')
                slide.notes.append(
                    f"<p><strong>Setting {number}</strong> ({html.escape(said)}): "
                    f"{teaching.markup(ask, block=False)}</p>"
                )
            if links:
                slide.extra = (
                    f'<nav class="deck-settings" aria-label="Settings to show"><ul>{"".join(links)}</ul></nav>'
                )


MATHJAX_CONFIG = """window.MathJax = {
  tex: {inlineMath: [['\\\\(', '\\\\)']], displayMath: [['\\\\[', '\\\\]']], processEscapes: true},
  options: {ignoreHtmlClass: 'tex2jax_ignore', processHtmlClass: 'math|mathjax_process'}
};"""


def build_deck(
    body_html,
    *,
    chapter_href,
    plan_href=None,
    notes=None,
    settings=None,
    mathjax=None,
    assets="",
    page_title=None,
    favicon=None,
):
    """The slide deck of a chapter, as one HTML page.

    Parameters
    ----------
    body_html : str
        The chapter page's rendered body.
    chapter_href, plan_href : str
        Addresses of the chapter page and its session plan, from the deck.
    notes, settings : dict, optional
        Speaker notes and explorer settings from the session plan (see ``_attach``).
    mathjax : str, optional
        Address of the site's MathJax, from the deck.
    assets : str
        Folder of ``deck.css`` and ``deck.js``, from the deck ("" for the deck's own).

    Returns
    -------
    str
    """
    title, slides = chapter_slides(body_html, chapter_href)
    _attach(slides, notes or {}, settings or {})
    plain_title = BeautifulSoup(title, "html.parser").get_text(" ", strip=True)
    count = len(slides)
    sections = []
    for n, slide in enumerate(slides, 1):
        tag = "h1" if slide.kind == "title" else "h2"
        # a wide table or equation scrolls sideways: keyboard users reach it with Tab
        scrolls = ' tabindex="0"' if slide.kind in ("text", "table") else ""
        notes_html = ""
        if slide.notes:
            notes_html = (
                f'<aside class="slide-notes" tabindex="0" aria-label="Speaker notes for slide {n}">'
                f'<p class="slide-notes-title">Speaker notes</p>{"".join(slide.notes)}</aside>'
            )
        data = f' data-section="{html.escape(slide.section or "")}"'
        if slide.subsection:
            data += f' data-subsection="{html.escape(slide.subsection)}"'
        if slide.explorer:
            data += (
                f' data-explorer="{html.escape(slide.explorer)}" data-panels="{slide.panels}" '
                f'style="--panels: {slide.panels}"'
            )
        if slide.anchor:
            data += f' data-anchor="{html.escape(slide.anchor)}"'
        sections.append(
            f'<section class="slide slide-is-{slide.kind}" id="deck-slide-{n}" aria-labelledby="slide-{n}-title" '
            f'aria-roledescription="slide" tabindex="0"{data}>'
            f'<div class="slide-content"><div class="slide-head"><{tag} class="slide-title" id="slide-{n}-title">'
            f"{slide.title}</{tag}>{slide.extra}</div>"
            f'<div class="slide-body"{scrolls}>{slide.body}</div></div>'
            f'{notes_html}<p class="slide-number" aria-hidden="true">{n} / {count}</p></section>'
        )
    mathjax_tags = (
        (f'<script>{MATHJAX_CONFIG}</script>\n<script defer src="{html.escape(mathjax)}"></script>\n')
        if mathjax
        else ""
    )
    plan_link = f'<a class="deck-link" href="{html.escape(plan_href)}">Session plan</a>' if plan_href else ""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(page_title or f"Slides: {plain_title}")}</title>
{f'<link rel="icon" href="{html.escape(favicon)}">' if favicon else ""}
<link rel="stylesheet" href="{assets}deck.css">
{mathjax_tags}<script defer src="{assets}deck.js"></script>
</head>
<body class="deck-page">
<nav class="deck-bar" aria-label="Slides">
<a class="deck-link" href="{html.escape(chapter_href)}">Chapter page</a>
{plan_link}
<button type="button" class="deck-prev" aria-label="Previous slide" disabled>&#8592;</button>
<p class="deck-count" aria-live="polite">{count} slides</p>
<button type="button" class="deck-next" aria-label="Next slide" disabled>&#8594;</button>
<button type="button" class="deck-notes-toggle" aria-pressed="false" disabled>Notes</button>
<button type="button" class="deck-help-toggle" aria-expanded="false" aria-controls="deck-help" disabled>Keys</button>
<div class="deck-help" id="deck-help" hidden>
<p>Keys: <kbd>&#8594;</kbd>, <kbd>Space</kbd> or <kbd>Page Down</kbd> next;
<kbd>&#8592;</kbd> or <kbd>Page Up</kbd> back; <kbd>Home</kbd> first; <kbd>End</kbd> last;
<kbd>N</kbd> speaker notes; <kbd>F</kbd> full screen; <kbd>Esc</kbd> leaves an explorer's control.
Print the deck for one slide per page (with the notes, if they are shown).</p>
</div>
</nav>
<main class="deck" id="deck" aria-label="{html.escape(plain_title)}">
{chr(10).join(sections)}
</main>
</body>
</html>
"""
