"""Collect the course's MyST Markdown notebooks for nbval.

nbval only reads ``.ipynb`` files. The chapters and exercises are MyST Markdown
notebooks (a jupytext header with a kernelspec), so this hook reads them with
jupytext and hands nbval the notebook it would otherwise have read from disk.
The hook lives in the root conftest so that it applies to ``chapters/`` and
``exercises/`` as well as ``tests/``; the shared test fixtures live in
``tests/conftest.py``.

A cell whose metadata has ``expect: <text>`` (and the tag ``nbval-check-output``)
gets that text as its stored output, so nbval compares the cell's real output
against it: this is how a chapter pins its key numbers.
"""

import jupytext
import nbformat

from actlab.book import is_notebook

try:
    from nbval.plugin import IPyNbFile
except ImportError:  # nbval not installed: the notebook layer is simply absent
    IPyNbFile = None


def _read_markdown_notebook(path):
    nb = jupytext.read(path, fmt="md:myst")
    for number, cell in enumerate(c for c in nb.cells if c.cell_type == "code"):
        expected = cell.metadata.pop("expect", None)
        if expected is not None:
            cell.execution_count = number + 1  # nbval compares only cells that were "run"
            cell.outputs = [
                nbformat.v4.new_output(
                    "execute_result",
                    data={"text/plain": str(expected).rstrip("\n")},
                    execution_count=number + 1,
                )
            ]
    return nb


if IPyNbFile is not None:

    class MarkdownNotebook(IPyNbFile):
        """An nbval notebook item read from a MyST Markdown file."""

        def collect(self):
            original = nbformat.read
            nbformat.read = lambda *_args, **_kw: _read_markdown_notebook(self.path)
            try:
                yield from super().collect()
            finally:
                nbformat.read = original

    def pytest_collect_file(file_path, parent):
        opt = parent.config.option
        if (opt.nbval or opt.nbval_lax) and is_notebook(file_path):
            return MarkdownNotebook.from_parent(parent, path=file_path)
        return None


_LAYERS = {"tests/unit": "unit", "src/actlab": "doctest", "chapters": "notebook",
           "exercises": "notebook", "tests/browser": "browser"}


def _layer(nodeid):
    return next((name for prefix, name in _LAYERS.items() if nodeid.startswith(prefix)), "other")


def pytest_terminal_summary(terminalreporter):
    """Print how many tests each layer ran, so a run shows that every layer took part."""
    counts = {}
    for outcome in ("passed", "failed", "error", "skipped", "xfailed"):
        for report in terminalreporter.stats.get(outcome, []):
            if getattr(report, "when", "call") in ("call", "setup") and hasattr(report, "nodeid"):
                if outcome == "passed" and report.when != "call":
                    continue
                layer = counts.setdefault(_layer(report.nodeid), {})
                layer[outcome] = layer.get(outcome, 0) + 1
    if counts:
        terminalreporter.section("tests by layer")
        for layer, outcomes in sorted(counts.items()):
            terminalreporter.write_line(
                f"{layer:9s} " + ", ".join(f"{n} {outcome}" for outcome, n in sorted(outcomes.items()))
            )
