"""Opening a notebook page in JupyterLab and saving it must leave the file byte for byte the same.

JupyterLab reads a ``.md`` page through jupytext's contents manager and writes it back
through the same manager when the reader saves. This test does exactly that for every
notebook page of ``_toc.yml`` (on a copy, with the kernelspec and language info that
JupyterLab sets once the kernel runs) and fails on any difference, showing the diff.
``ACTLAB_BOOK_DIR`` points it at another copy of the course.
``make canonical`` puts every page in that form. The JupyterLab layer (``tests/lab``)
repeats the check with a real save in a real JupyterLab.
"""

import os
import sys
from pathlib import Path

import pytest

REPO_DIR = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_DIR / "tools"))

from canonical_notebooks import KERNELSPEC, jupyterlab_save, notebook_pages, save_diff  # noqa: E402

BOOK_DIR = Path(os.environ.get("ACTLAB_BOOK_DIR", REPO_DIR)).resolve()  # another copy of the course
PAGES = notebook_pages(BOOK_DIR)


def test_there_are_notebook_pages():
    assert PAGES, "_toc.yml lists no MyST Markdown notebook"


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(BOOK_DIR)) for p in PAGES])
def test_a_jupyterlab_save_changes_nothing(page):
    saved = jupyterlab_save(page)
    if saved != page.read_text(encoding="utf-8"):
        pytest.fail(
            f"Opening {page.relative_to(BOOK_DIR)} in JupyterLab and saving it would rewrite it. "
            "Run `make canonical` (it writes every page in this form), or apply:\n" + save_diff(page, saved),
            pytrace=False,
        )


def test_the_kernelspec_is_the_one_jupyterlab_writes():
    """The canonical kernelspec is what this environment's Python kernel calls itself."""
    from ipykernel.kernelspec import get_kernel_dict
    from jupyter_client.kernelspec import NATIVE_KERNEL_NAME

    spec = get_kernel_dict()
    kernel = {"name": NATIVE_KERNEL_NAME, "display_name": spec["display_name"], "language": spec["language"]}
    assert kernel == KERNELSPEC
