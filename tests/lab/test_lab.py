"""Every notebook page in a real JupyterLab, as a reader (or a Binder user) meets it.

Each page is visited once (see ``conftest.py``); these tests read what the visit recorded.
"""

import pytest

from .conftest import BOOK_DIR, lab_docnames, tree_changes, tree_snapshot

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _visited(lab, docname):
    visit = lab.visit(docname)
    if visit.failure:
        pytest.fail(f"{docname}: the visit in JupyterLab stopped: {visit.failure}", pytrace=False)
    return visit


def test_page_opens_as_a_notebook(lab, lab_page):
    visit = lab.visit(lab_page)
    assert visit.is_notebook, (
        f"{lab_page}.md opened in JupyterLab's {visit.viewer!r} viewer, not as a notebook: the default "
        "viewer for Markdown should be jupytext's (tools/install_lab_settings.py)"
    )


def test_saving_changes_nothing(lab, lab_page):
    visit = _visited(lab, lab_page)
    if not visit.saved:
        pytest.skip(f"{lab_page}.md changed on disk while it was open; not saved")
    assert not visit.save_diff, (
        f"Saving {lab_page}.md in JupyterLab rewrote it (the file has been put back); "
        f"run `make canonical`:\n{visit.save_diff}"
    )


def test_run_all_is_clean(lab, lab_page):
    visit = _visited(lab, lab_page)
    assert visit.cells_run == visit.code_cells, (
        f"{lab_page}: Run All ran {visit.cells_run} of {visit.code_cells} code cells"
    )
    assert not visit.problems, f"{lab_page}: Run All in JupyterLab:\n" + "\n".join(visit.problems)


def test_exercise_checks_say_not_attempted(lab, exercise_page):
    visit = _visited(lab, exercise_page)
    assert visit.checks, f"{exercise_page}: no cell calls a check"
    for cell, text in visit.checks:
        assert "not attempted" in text.lower() and len(text.split()) >= 4, (
            f"{exercise_page}, cell {cell}: before any answer, the check should say in a sentence that the "
            f"exercise is not attempted; it showed: {text[:300]!r}"
        )


def test_explorers_are_live_and_every_control_redraws(lab, lab_page):
    visit = _visited(lab, lab_page)
    if not visit.explorers:
        pytest.skip("no explorer on this page")
    for explorer in visit.explorers:
        assert explorer.live, (
            f"{lab_page}: explorer {explorer.key!r} shows "
            + ("its static HTML copy" if explorer.shows_baked else "no picture")
            + " instead of its live widget (is jupyterlab_widgets installed?)"
        )
        assert explorer.changes, f"{lab_page}: explorer {explorer.key!r} has no control that JupyterLab shows"
        failed = [f"{c.kind} {c.label!r}: {c.error}" for c in explorer.changes if c.error]
        assert not failed, f"{lab_page}: explorer {explorer.key!r}:\n" + "\n".join(failed)


def test_quizzes_answer(lab, lab_page):
    visit = _visited(lab, lab_page)
    if not visit.quizzes:
        pytest.skip("no quiz on this page")
    silent = [key for key, result in visit.quizzes if not result]
    assert not silent, (
        f"{lab_page}: in JupyterLab, pressing Check on the first question of quiz "
        f"{', '.join(map(repr, silent))} announced no result"
    )


@pytest.fixture(scope="module")
def every_page_visited(lab):
    """The layer, once every notebook page has been visited (whichever tests ran before)."""
    for docname in lab_docnames():
        lab.visit(docname)
    return lab


def test_nothing_requested_from_another_host(every_page_visited):
    requests = sorted(set(every_page_visited.browser.offsite_requests))
    assert not requests, "JupyterLab asked another host for: " + ", ".join(requests[:10])


def test_working_tree_unchanged(every_page_visited, tree_before):
    changes = tree_changes(tree_before, tree_snapshot(BOOK_DIR))
    assert not changes, "Running the pages in JupyterLab changed the working tree:\n" + "\n".join(changes)
