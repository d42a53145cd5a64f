"""Fixtures for the JupyterLab layer: every notebook page, opened and run in a real JupyterLab.

One JupyterLab server on 127.0.0.1 (its own token; a temporary home, config, data and
runtime folder; autosave, news and update checks off) and one Chromium serve the whole
session; the pages are visited in turn, each once, the first time a test asks for it
(``lab.visit(docname)``). A visit does what a reader would do and records what happened:

1. open the page as a double click would (with JupyterLab's default viewer);
2. save it at once, and compare the file's bytes (a page that changes is put back);
3. Run All, then read every code cell's outputs from JupyterLab's own model;
4. move every control of every live explorer until its picture changes, timing each redraw;
5. answer the first question of every quiz;
6. shut the kernel down and close the page.

The tests in ``test_lab.py`` then read the record. The server and the browser are
stopped at the end of the session even when a test fails. Chromium is driven from a
thread of its own, so this layer runs in the same pytest session as the browser layer
(whose Playwright holds the main thread's event loop).

Environment: ``ACTLAB_BOOK_DIR`` points the layer at another copy of the course (the
folder with ``_toc.yml``). With no Chromium on the machine the layer is skipped, except
under ``CI=true``, where it fails; ``make test`` installs Chromium where it can.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import difflib
import hashlib
import os
import re
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO_DIR = Path(__file__).resolve().parents[2]
BOOK_DIR = Path(os.environ.get("ACTLAB_BOOK_DIR", REPO_DIR)).resolve()
sys.path.insert(0, str(REPO_DIR / "tools"))

from canonical_notebooks import notebook_pages  # noqa: E402
from install_lab_settings import main as lab_settings_main  # noqa: E402
from labsession import JupyterLab, LabBrowser, SamePicture  # noqa: E402

from tests.support.book import find_chromium  # noqa: E402

_STEPS_PER_CONTROL = 3
_ROUNDS = 3
_CHECK_CALL = re.compile(r"\.check\(|\bcheck_\w+\(")
_TAG = re.compile(r"<[^>]+>")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def lab_docnames(book_dir=BOOK_DIR):
    """The notebook pages of the table of contents, as docnames."""
    return [str(path.relative_to(book_dir).with_suffix("")) for path in notebook_pages(book_dir)]


def pytest_generate_tests(metafunc):
    if "lab_page" in metafunc.fixturenames:
        names = lab_docnames()
        metafunc.parametrize("lab_page", names, ids=names)
    if "exercise_page" in metafunc.fixturenames:
        names = [n for n in lab_docnames() if n.startswith("exercises/")]
        metafunc.parametrize("exercise_page", names, ids=names)


# ------------------------------------------------------------------------------ the record


@dataclass
class ControlChange:
    label: str
    kind: str
    ms: float | None = None
    error: str = ""


@dataclass
class ExplorerRecord:
    key: str
    live: bool
    shows_baked: bool
    changes: list[ControlChange] = field(default_factory=list)


@dataclass
class PageVisit:
    """What happened to one page in JupyterLab."""

    docname: str
    is_notebook: bool = False
    viewer: str = ""
    saved: bool = False
    save_diff: str = ""
    run_seconds: float | None = None
    code_cells: int = 0
    cells_run: int = 0
    problems: list[str] = field(default_factory=list)  # tracebacks, stderr, console errors
    checks: list[tuple[int, str]] = field(default_factory=list)  # (cell, what the check printed)
    explorers: list[ExplorerRecord] = field(default_factory=list)
    quizzes: list[tuple[str, str]] = field(default_factory=list)  # (quiz key, announced result)
    failure: str = ""  # the visit itself could not go on
    seconds: float = 0.0


def _output_text(output):
    if output.get("output_type") == "stream":
        return "".join(output.get("text", ""))
    data = output.get("data", {})
    text = "".join(data.get("text/plain", ""))
    html = "".join(data.get("text/html", ""))
    return f"{text} {_TAG.sub(' ', html)}"


def _short(source, width=70):
    line = next((text for text in source.splitlines() if text.strip()), "")
    return line if len(line) <= width else line[: width - 1] + "…"


class LabLayer:
    """The session's JupyterLab, its browser, and the record of every page visited."""

    def __init__(self, lab, browser, book_dir, driver):
        self.lab, self.browser, self.book_dir = lab, browser, book_dir
        self.driver = driver  # the one thread that may call Playwright (see the ``lab`` fixture)
        self.visits: dict[str, PageVisit] = {}
        self.started = time.monotonic()

    def visit(self, docname):
        if docname not in self.visits:
            self.visits[docname] = self.driver.submit(self._visit, docname).result()
        return self.visits[docname]

    def _visit(self, docname):
        record = PageVisit(docname)
        path = self.book_dir / f"{docname}.md"
        before = path.read_bytes()
        start = time.monotonic()
        self.browser.console_errors.clear()
        run = None
        try:
            run = self.browser.open_notebook(f"{docname}.md")
            record.is_notebook, record.viewer = run.is_notebook, run.factory
            if not run.is_notebook:
                return record
            run.settle()
            if path.read_bytes() == before:  # never save over an edit made since the page was opened
                run.save()
                record.saved = True
                after = path.read_bytes()
                if after != before:
                    record.save_diff = "".join(
                        difflib.unified_diff(
                            before.decode().splitlines(True),
                            after.decode().splitlines(True),
                            f"{docname}.md (as written)",
                            f"{docname}.md (as JupyterLab saved it)",
                            n=1,
                        )
                    )
                    path.write_bytes(before)  # the working tree stays as it was
            record.run_seconds = run.run_all()
            self._read_outputs(run, record)
            self._try_explorers(run, record)
            for cell, key, _ in run.quizzes():
                record.quizzes.append((key or f"cell {cell}", run.answer_quiz(cell)))
        except Exception as error:  # recorded, so that every test of this page reports it
            record.failure = f"{type(error).__name__}: {error}\n--- server log ---\n{self.lab.log_tail(15)}"
        finally:
            if run is not None:
                try:
                    run.close()
                except Exception as error:
                    record.failure = record.failure or f"closing the page failed: {error}"
            record.problems.extend(f"browser console: {e}" for e in self.browser.console_errors)
            record.seconds = time.monotonic() - start
        return record

    def _read_outputs(self, run, record):
        exercise = record.docname.startswith("exercises/")
        for cell in run.cells():
            record.code_cells += 1
            if cell["count"] is not None:
                record.cells_run += 1
            where = f"cell {cell['index']} ({_short(cell['source'])!r})"
            for output in cell["outputs"]:
                if output.get("output_type") == "error":
                    tail = _ANSI.sub("", "\n".join(output.get("traceback", [])[-3:]))
                    error = f"{output.get('ename')}: {output.get('evalue')}"
                    record.problems.append(f"{where} raised {error}\n{tail}")
                elif output.get("output_type") == "stream" and output.get("name") == "stderr":
                    text = "".join(output.get("text", ""))[:500]
                    record.problems.append(f"{where} wrote to stderr: {text}")
            if exercise and _CHECK_CALL.search(cell["source"]):
                text = " ".join(_output_text(o) for o in cell["outputs"] if o.get("output_type") != "error")
                record.checks.append((cell["index"], " ".join(text.split())))

    def _try_explorers(self, run, record):
        for explorer in run.explorers():
            entry = ExplorerRecord(
                explorer.key, live=explorer.has_image and not explorer.shows_baked, shows_baked=explorer.shows_baked
            )
            record.explorers.append(entry)
            if not entry.live:
                continue
            # play buttons last: stopping one puts its slider back to the start, where the
            # other controls may not matter yet
            for control in sorted(explorer.controls, key=lambda c: c.kind == "play"):
                entry.changes.append(self._redraw_with(explorer, control))

    @staticmethod
    def _redraw_with(explorer, control):
        """Move ``control`` until the picture changes, as a reader trying it out would.

        A control may not matter in the state the others are in (a learning rate while
        the time slider is at step 0): after a few steps that leave the picture as it
        was, every other control is moved one step, and the control is tried again, in up
        to ``_ROUNDS`` states of the others.
        """
        change = ControlChange(control.label, control.kind)
        for attempt in range(_ROUNDS):
            if attempt:
                for other in explorer.controls:
                    if other is not control and other.kind != "play":
                        with contextlib.suppress(SamePicture):
                            explorer.change(other)
            for _ in range(_STEPS_PER_CONTROL):
                try:
                    change.ms, change.error = explorer.change(control), ""
                    return change
                except SamePicture as error:
                    change.error = (
                        f"{error}, for {_STEPS_PER_CONTROL} steps in a row, in each of {_ROUNDS} "
                        "states of the other controls"
                    )
                except Exception as error:
                    change.error = str(error)
                    return change
        return change

    def summary(self):
        visits = list(self.visits.values())
        changes = [c for v in visits for e in v.explorers for c in e.changes]
        timed = [c.ms for c in changes if c.ms is not None]
        lines = [
            f"{len(visits)} pages opened ({sum(v.is_notebook for v in visits)} as notebooks, "
            f"{sum(v.saved and not v.save_diff for v in visits)} saved unchanged), "
            f"{sum(v.cells_run for v in visits)} of {sum(v.code_cells for v in visits)} code cells run",
            f"{sum(len(v.explorers) for v in visits)} live explorers, {len(timed)} of {len(changes)} control "
            f"changes redrawn"
            + (f" (median {statistics.median(timed):.0f} ms, max {max(timed):.0f} ms)" if timed else ""),
            f"{sum(len(v.checks) for v in visits)} exercise checks, "
            f"{sum(len(v.quizzes) for v in visits)} quizzes answered; "
            f"{time.monotonic() - self.started:.0f} s in JupyterLab, of which the pages' own Run All "
            f"{sum(v.run_seconds or 0 for v in visits):.0f} s; slowest pages: "
            + ", ".join(
                f"{v.docname} {v.seconds:.0f} s (Run All {v.run_seconds or 0:.0f} s)"
                for v in sorted(visits, key=lambda v: -v.seconds)[:3]
            ),
        ]
        return lines


# ------------------------------------------------------------------------- the working tree


def tree_snapshot(root):
    """Hash of every file a ``git status`` would consider (tracked, or untracked and not ignored)."""
    root = Path(root)
    try:
        listed = (
            subprocess.run(
                ["git", "-C", str(root), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                check=True,
                capture_output=True,
            )
            .stdout.decode()
            .split("\0")
        )
        files = sorted({name for name in listed if name})
    except (OSError, subprocess.CalledProcessError):  # not a git checkout: every file but the usual caches
        skip = {".git", ".venv", "node_modules", "_build", "__pycache__", ".pytest_cache", ".hypothesis"}
        files = sorted(
            str(p.relative_to(root))
            for p in root.rglob("*")
            if p.is_file() and not skip.intersection(p.relative_to(root).parts)
        )
    snapshot = {}
    for name in files:
        path = root / name
        snapshot[name] = hashlib.sha1(path.read_bytes()).hexdigest() if path.is_file() else None
    return snapshot


def tree_changes(before, after):
    """The files that appeared, disappeared or changed between two snapshots."""
    changes = [f"new file: {n}" for n in sorted(after.keys() - before.keys())]
    changes += [f"removed: {n}" for n in sorted(before.keys() - after.keys())]
    changes += [f"changed: {n}" for n in sorted(before.keys() & after.keys()) if before[n] != after[n]]
    return changes


# --------------------------------------------------------------------------------- fixtures

_LAYER: LabLayer | None = None


def _running_in_ci():
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


@pytest.fixture(scope="session")
def tree_before():
    return tree_snapshot(BOOK_DIR)


@pytest.fixture(scope="session")
def lab(tree_before):
    global _LAYER
    if find_chromium() is None:
        reason = (
            "No Chromium found (looked for /usr/bin/chromium and `chromium` on PATH); "
            "`make test` installs it where the machine allows (apt-get as root)."
        )
        if _running_in_ci():
            pytest.fail(f"CI=true and the JupyterLab layer cannot run: {reason}", pytrace=False)
        pytest.skip(reason)
    if lab_settings_main(["--check"]) != 0:
        pytest.fail(
            "JupyterLab in this environment opens .md pages as text: run `make test` "
            "(or `python tools/install_lab_settings.py`) first.",
            pytrace=False,
        )
    # Playwright's synchronous API refuses to start in a thread whose event loop is running,
    # and the browser layer's Playwright keeps one running in the main thread for the whole
    # session: this layer drives its own Chromium from a thread of its own.
    driver = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="jupyterlab-driver")
    stack = contextlib.ExitStack()

    def start():
        server = stack.enter_context(JupyterLab(BOOK_DIR))
        return server, stack.enter_context(LabBrowser(server))

    try:
        server, browser = driver.submit(start).result()
        _LAYER = LabLayer(server, browser, BOOK_DIR, driver)
        yield _LAYER
    finally:
        driver.submit(stack.close).result()
        driver.shutdown()


def pytest_terminal_summary(terminalreporter):
    if _LAYER is not None and _LAYER.visits:
        terminalreporter.section("JupyterLab layer")
        for line in _LAYER.summary():
            terminalreporter.write_line(line)
