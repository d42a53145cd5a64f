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

An exercise notebook marks each learner cell with ``exercise: chNN.<name>`` in
its metadata (the name of an ``actlab.selfcheck`` exercise). Such a notebook is
run twice: ``as-given``, where every exercise must report "not attempted", and
``solved``, where each learner cell is replaced by the exercise's reference
solution and every exercise must report "correct". A last cell, added here and
never shown to readers, calls ``actlab.selfcheck.verify`` to assert it.
"""

import re

import jupytext
import nbformat
import pytest

from tests.support.book import is_notebook

try:
    from nbval.plugin import IPyNbFile
except ImportError:  # nbval not installed: the notebook layer is simply absent
    IPyNbFile = None


def _exercise_cells(nb):
    """(cell, exercise name) for every learner cell, i.e. every cell with ``exercise:`` metadata."""
    return [(c, str(c.metadata["exercise"])) for c in nb.cells if c.cell_type == "code" and "exercise" in c.metadata]


def _prepare_exercises(path, nb, solved):
    """Check the exercise cells' markings, put in the solutions if ``solved``, append the verdict cell."""
    from actlab import selfcheck

    learner = _exercise_cells(nb)
    names = []
    for cell, name in learner:
        try:
            exercise = selfcheck.exercise(name)
        except KeyError as err:
            raise pytest.UsageError(f"{path}: the cell marked `exercise: {name}`: {err.args[0]}") from None
        if not re.search(rf"^def {exercise.function_name}\(", cell.source, re.MULTILINE):
            raise pytest.UsageError(
                f"{path}: the cell marked `exercise: {name}` should define "
                f"`def {exercise.function_name}(...)`, the reference solution's name."
            )
        later = nb.cells[nb.cells.index(cell) + 1 :]
        call = f"{name}.check({exercise.function_name})"
        if not any(c.cell_type == "code" and call in c.source for c in later):
            raise pytest.UsageError(
                f"{path}: no cell after the one marked `exercise: {name}` calls "
                f"`{name}.check({exercise.function_name})`."
            )
        if solved:
            cell.source = exercise.solution_source
        names.append(name)
    expect = "correct" if solved else "not attempted"
    nb.cells.append(
        nbformat.v4.new_code_cell(
            f"from actlab.selfcheck import verify as _verify\n_verify(globals(), {names!r}, expect={expect!r})"
        )
    )


def _read_markdown_notebook(path, solved=None):
    nb = jupytext.read(path, fmt="md:myst")
    if solved is not None:
        _prepare_exercises(path, nb, solved)
    for number, cell in enumerate(c for c in nb.cells if c.cell_type == "code"):
        expected = cell.metadata.pop("expect", None)
        if expected is not None:
            cell.execution_count = number + 1  # nbval compares only cells that were "run"
            cell.outputs = [
                nbformat.v4.new_output(
                    "execute_result", data={"text/plain": str(expected).rstrip("\n")}, execution_count=number + 1
                )
            ]
    return nb


if IPyNbFile is not None:

    class MarkdownNotebook(IPyNbFile):
        """An nbval notebook item read from a MyST Markdown file (for an exercise notebook:
        as given, or with the reference solutions put in)."""

        solved = None  # None: not an exercise notebook; False: as given; True: solved

        def collect(self):
            original = nbformat.read
            nbformat.read = lambda *_args, **_kw: _read_markdown_notebook(self.path, self.solved)
            try:
                yield from super().collect()
            finally:
                nbformat.read = original

    class ExerciseNotebook(pytest.File):
        """An exercise notebook, run twice: ``as-given`` and ``solved``."""

        def collect(self):
            for solved, name in ((False, "as-given"), (True, "solved")):
                run = MarkdownNotebook.from_parent(self, path=self.path, name=name, nodeid=f"{self.nodeid}::{name}")
                run.solved = solved
                yield run

    def _has_exercises(path):
        text = path.read_text(encoding="utf-8")
        return re.search(r"^:exercise:|^exercise:", text, re.MULTILINE) is not None

    def pytest_collect_file(file_path, parent):
        opt = parent.config.option
        if (opt.nbval or opt.nbval_lax) and is_notebook(file_path):
            if _has_exercises(file_path):
                return ExerciseNotebook.from_parent(parent, path=file_path)
            return MarkdownNotebook.from_parent(parent, path=file_path)
        return None


_LAYERS = {
    "tests/unit": "unit",
    "src/actlab": "doctest",
    "chapters": "notebook",
    "exercises": "notebook",
    "reference": "notebook",
    "tests/browser": "browser",
    "tests/lab": "lab",
}


def _layer(nodeid):
    return next((name for prefix, name in _LAYERS.items() if nodeid.startswith(prefix)), "other")


def pytest_terminal_summary(terminalreporter):
    """Print how many tests each layer ran, so a run shows that every layer took part."""
    counts = {}
    seconds = {}
    for reports in terminalreporter.stats.values():
        for report in reports:
            if hasattr(report, "nodeid") and hasattr(report, "duration") and hasattr(report, "when"):
                layer = _layer(report.nodeid)
                seconds[layer] = seconds.get(layer, 0.0) + report.duration
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
                f"{layer:9s} "
                + ", ".join(f"{n} {outcome}" for outcome, n in sorted(outcomes.items()))
                + f"  ({seconds.get(layer, 0.0):.0f} s)"
            )
