"""Sphinx extension: each notebook page offers a clean ``.ipynb`` to download.

The theme's download menu links ``_sources/<page>.ipynb`` on every page written
from a MyST Markdown notebook, and fills it with a copy of the *executed*
notebook: every output included, figures as PNGs, each explorer's baked HTML and
widget state, several hundred kilobytes that Jupyter then shows as stale results.
This extension replaces that copy, once the theme has made it, with the page's
notebook as its reader should get it: read from the ``.md`` source with jupytext,
outputs stripped, no jupytext metadata (so plain Jupyter and Colab treat it as an
ordinary notebook), the ``python3`` kernelspec, and a first cell that says where
the notebook comes from and what it needs to run.
"""

from __future__ import annotations

from pathlib import Path

NOTE = (
    "*This notebook is generated from the page `{source}` of the course on activation "
    "functions, with its outputs removed.* It imports the course's helper package `actlab` "
    "and `myst_nb`, both installed by the course's `requirements.txt`: run it with the "
    "course's Binder button, or in a copy of the course with `make lab`."
)


def download_notebook(source, docname):
    """The notebook to download for the MyST Markdown page at ``source``: no outputs, a note first."""
    from actlab.teaching import plain_notebook

    return plain_notebook(source, NOTE.format(source=f"{docname}.md"))


def replace_executed_copy(app, pagename, templatename, context, doctree):
    if not context.get("ipynb_source") or doctree is None:
        return
    source = Path(app.env.doc2path(pagename))
    if source.suffix != ".md":
        return
    import nbformat

    target = Path(app.outdir, "_sources", context["ipynb_source"])
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(download_notebook(source, pagename), str(target))


def setup(app):
    # after the theme's launch buttons (priority 501), which copy the executed notebook
    app.connect("html-page-context", replace_executed_copy, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
