"""Find the explorers a page displays, by running its notebook.

The browser tests and the benchmarks must cover every explorer in the course,
including ones added later, without a list to keep up to date. The ground truth
is the pages themselves: :func:`explorers_in` runs a MyST Markdown notebook top to
bottom in a fresh IPython shell and collects every :class:`Explorer` it displays;
:func:`notebooks` lists the notebook pages of the table of contents.
"""

import contextlib
import io
import os
import sys
from pathlib import Path

from tests.support import book

__all__ = ["explorers_in", "notebooks"]


def notebooks(root):
    """The book's MyST Markdown notebooks (``.md`` pages with a kernelspec), in ``_toc.yml`` order."""
    paths = (Path(root, f"{name}.md") for name in book.toc_docnames(root))
    return [path for path in paths if book.is_notebook(path)]


@contextlib.contextmanager
def _working_directory(path):
    """Run in ``path`` and import from it, as a kernel started there would."""
    before = os.getcwd()
    os.chdir(path)
    sys.path.insert(0, str(path))
    try:
        yield
    finally:
        sys.path.remove(str(path))
        os.chdir(before)


def explorers_in(path):
    """Run the notebook at ``path`` and return the explorers it displays, by key, in page order.

    Cells tagged ``raises-exception`` may fail; any other failing cell raises a
    RuntimeError naming the cell, and so does displaying two different
    explorers with the same key (their HTML ids would clash on the page).
    """
    import jupytext
    import matplotlib
    from IPython.core.interactiveshell import InteractiveShell

    from actlab.explorers.explorer import Explorer

    path = Path(path).resolve()
    notebook = jupytext.read(path, fmt="md:myst")
    shell = InteractiveShell()
    shown, clashes = {}, []

    def collect(explorer, include=None, exclude=None):
        if shown.get(explorer.key, explorer) is not explorer:
            clashes.append(explorer.key)
        shown[explorer.key] = explorer
        return {"text/plain": repr(explorer)}

    shell.display_formatter.mimebundle_formatter.for_type(Explorer, collect)
    backend = matplotlib.get_backend()
    matplotlib.use("Agg")
    try:
        with _working_directory(path.parent), contextlib.redirect_stdout(io.StringIO()):
            for index, cell in enumerate(notebook.cells):
                if cell.cell_type != "code":
                    continue
                result = shell.run_cell(cell.source, silent=False, store_history=False)
                if not result.success and "raises-exception" not in cell.metadata.get("tags", []):
                    raise RuntimeError(f"{path.name}: code cell {index} failed: {result.error_in_exec!r}")
    finally:
        import matplotlib.pyplot as plt

        plt.close("all")
        matplotlib.use(backend)
        shell.cleanup()
    if clashes:
        raise RuntimeError(
            f"{path.name} displays two explorers with the key {clashes[0]!r}; "
            "expected a key that is unique on the page."
        )
    return shown
