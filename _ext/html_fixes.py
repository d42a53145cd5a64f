"""Sphinx extension: small fixes to the HTML that the book's toolchain writes.

Each fix answers something the browser tests found on the built site (tests/browser).

1. Each page carries every inline script once. Sphinx 7.4 lists an inline script that an
   extension registers after the HTML builder has started twice on every page (once with
   the file name ``None``, once with ``''``, which it does not recognise as the same
   script). sphinx-thebe, which Jupyter Book always loads, registers such a script,
   ``const THEBE_JS_URL = ...``; its second copy throws "Identifier 'THEBE_JS_URL' has
   already been declared" in the reader's console on every page.
2. The toggle of a hidden code cell is named by what it shows. myst-nb labels the
   ``<summary>`` "Toggle hidden content" while it shows "Show code cell source", so a
   screen reader and the visible text disagree (axe: label-content-name-mismatch). Without
   the label, the summary is named by its visible text.
3. A bibliography is a list of list items. docutils gives each citation the role
   ``doc-biblioentry`` inside a ``role="list"``; that role is deprecated and is not a list
   item to assistive technology (axe: aria-required-children). Each entry gets ``listitem``.
4. No page carries saved widget state that nothing reads. Executing a page saves the
   state of its live ipywidgets (an explorer's live view, with its last PNG) and myst-nb
   embeds it as a ``<script type="application/vnd.jupyter.widget-state+json">``. The site
   loads no widget manager (``nb_ipywidgets_js`` is empty; explorers show their baked
   HTML instead), so that state is dead weight, tens of kilobytes per explorer.
"""

from __future__ import annotations

from docutils import nodes


def _key(script):
    attributes = getattr(script, "attributes", {}) or {}
    filename = getattr(script, "filename", script) or ""
    return (str(filename), tuple(sorted((k, str(v)) for k, v in attributes.items())))


WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def _is_widget_state(script):
    attributes = getattr(script, "attributes", {}) or {}
    return attributes.get("type") == WIDGET_STATE


def drop_repeated_scripts(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    if not scripts:
        return
    seen = set()
    unique = []
    for script in scripts:
        key = _key(script)
        if key in seen or (not app.config.nb_ipywidgets_js and _is_widget_state(script)):
            continue
        seen.add(key)
        unique.append(script)
    scripts[:] = unique


def _retag(translator, start, old, new):
    """Replace ``old`` by ``new`` in what the translator wrote since ``start``."""
    for i in range(start, len(translator.body)):
        translator.body[i] = translator.body[i].replace(old, new)


def _hidden_cell_visitors():
    from myst_nb.sphinx_ import depart_HideCellInput, visit_HideCellInput

    def visit(translator, node):
        start = len(translator.body)
        visit_HideCellInput(translator, node)
        _retag(translator, start, '<summary aria-label="Toggle hidden content">', "<summary>")

    return visit, depart_HideCellInput


def visit_citation(translator, node):
    start = len(translator.body)
    type(translator).visit_citation(translator, node)
    _retag(translator, start, 'role="doc-biblioentry"', 'role="listitem"')


def depart_citation(translator, node):
    type(translator).depart_citation(translator, node)


def setup(app):
    # after every extension (MathJax, myst-nb's page scripts) has added its page scripts
    app.connect("html-page-context", drop_repeated_scripts, priority=900)

    from myst_nb.sphinx_ import HideCodeCellNode

    visit, depart = _hidden_cell_visitors()
    app.add_node(HideCodeCellNode, override=True, html=(visit, depart))
    app.add_node(nodes.citation, override=True, html=(visit_citation, depart_citation))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
