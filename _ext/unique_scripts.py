"""Sphinx extension: each page carries every inline script once.

Sphinx 7.4 lists an inline script that an extension registers after the HTML builder has
started twice on every page (once with the file name ``None``, once with ``''``, which it
does not recognise as the same script). sphinx-thebe, which Jupyter Book always loads,
registers such a script, ``const THEBE_JS_URL = ...``; its second copy throws
"Identifier 'THEBE_JS_URL' has already been declared" in the reader's console on every
page. This keeps the first copy of each script and drops the repeats.
"""

from __future__ import annotations


def _key(script):
    attributes = getattr(script, "attributes", {}) or {}
    filename = getattr(script, "filename", script) or ""
    return (str(filename), tuple(sorted((k, str(v)) for k, v in attributes.items())))


def drop_repeated_scripts(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    if not scripts:
        return
    seen = set()
    unique = []
    for script in scripts:
        key = _key(script)
        if key not in seen:
            seen.add(key)
            unique.append(script)
    scripts[:] = unique


def setup(app):
    # after every extension (MathJax, myst-nb's widget scripts) has added its page scripts
    app.connect("html-page-context", drop_repeated_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
