"""Put the course's notebook pages in the form JupyterLab saves them in, so that a save changes nothing.

JupyterLab opens a chapter's ``.md`` through jupytext's contents manager and, when
the reader saves, hands the notebook back to it to be written as text. Three things
then differ from a hand-written page unless the page already has jupytext's form:

- the kernelspec: the running kernel's, ``name: python3``, ``display_name: Python 3
  (ipykernel)``, ``language: python``, in that order;
- cell options: simple ones are written ``:key: value`` (``:tags: [hide-input]``),
  nested ones (``mystnb: figure: ...``) in a ``---`` YAML block;
- long YAML strings, such as figure captions, wrapped at about 80 characters.

:func:`jupyterlab_save` computes exactly what such a save writes, with jupytext's
own contents manager (the one the JupyterLab server uses), on a copy of the page.
``make canonical`` runs this script, which rewrites every notebook page of
``_toc.yml`` whose text differs from it; ``tests/unit/test_notebook_format.py``
fails on any page that still differs. The JupyterLab test layer also saves every
page in a real JupyterLab and checks that the bytes stay the same.

Usage::

    python tools/canonical_notebooks.py            # rewrite the pages that need it
    python tools/canonical_notebooks.py --check    # only list them (exit 1 if any)
    python tools/canonical_notebooks.py chapters/02_gradients.md   # just these files
"""

import argparse
import asyncio
import concurrent.futures
import difflib
import shutil
import sys
import tempfile
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parents[1]
if str(REPO_DIR) not in sys.path:  # tests/support lives beside the package, not in it
    sys.path.insert(0, str(REPO_DIR))

#: The kernelspec JupyterLab writes for the environment's Python kernel (ipykernel's own spec).
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}

#: What the kernel reports about its language; jupytext leaves it out of text notebooks.
LANGUAGE_INFO = {
    "name": "python",
    "version": "3",
    "mimetype": "text/x-python",
    "file_extension": ".py",
    "codemirror_mode": {"name": "ipython", "version": 3},
    "pygments_lexer": "ipython3",
    "nbconvert_exporter": "python",
}


def notebook_pages(book_dir=REPO_DIR):
    """Every page of ``_toc.yml`` that is a MyST Markdown notebook, in reading order."""
    from tests.support.book import is_notebook, toc_docnames

    paths = (Path(book_dir, f"{name}.md") for name in toc_docnames(book_dir))
    return [path for path in paths if is_notebook(path)]


async def _open_and_save(root, relpath):
    from jupytext import AsyncTextFileContentsManager

    manager = AsyncTextFileContentsManager(root_dir=str(root))
    model = await manager.get(relpath, content=True, type="notebook")
    notebook = model["content"]
    # what JupyterLab changes before it saves: the kernel it started, and its language
    notebook["metadata"]["kernelspec"] = dict(KERNELSPEC)
    notebook["metadata"]["language_info"] = dict(LANGUAGE_INFO)
    await manager.save({"type": "notebook", "format": "json", "content": notebook}, relpath)


def jupyterlab_save(path):
    """The text that opening ``path`` in JupyterLab and saving it would write.

    The page is copied into a temporary folder, opened and saved there by
    jupytext's asynchronous contents manager (as the JupyterLab server does), with
    the kernelspec and language info that JupyterLab sets once the kernel runs.
    """
    path = Path(path).resolve()
    with tempfile.TemporaryDirectory(prefix="actlab-save-") as tmp:
        copy = Path(tmp, path.name)
        shutil.copyfile(path, copy)
        # in a thread of its own: the caller may be inside a running event loop (Playwright's, in the tests)
        with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
            pool.submit(lambda: asyncio.run(_open_and_save(tmp, path.name))).result()
        return copy.read_text(encoding="utf-8")


def save_diff(path, saved=None):
    """A unified diff from the page on disk to what a JupyterLab save writes ('' when they agree)."""
    path = Path(path)
    before = path.read_text(encoding="utf-8")
    after = jupyterlab_save(path) if saved is None else saved
    name = _name(path)
    return "".join(
        difflib.unified_diff(
            before.splitlines(True),
            after.splitlines(True),
            f"{name} (as written)",
            f"{name} (as JupyterLab saves it)",
            n=1,
        )
    )


def _saved_twice_is_stable(text):
    """Whether saving ``text`` once more gives it back unchanged (jupytext's writer is a fixed point)."""
    with tempfile.TemporaryDirectory(prefix="actlab-save-") as tmp:
        copy = Path(tmp, "page.md")
        copy.write_text(text, encoding="utf-8")
        return jupyterlab_save(copy) == text


def _name(path):
    return str(path.relative_to(REPO_DIR)) if path.is_relative_to(REPO_DIR) else str(path)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, help="pages to treat (default: every notebook page)")
    parser.add_argument("--check", action="store_true", help="change nothing; list the pages to change")
    args = parser.parse_args(argv)

    pages = [p.resolve() for p in args.paths] or notebook_pages()
    changed = []
    for page in pages:
        before = page.read_text(encoding="utf-8")
        after = jupyterlab_save(page)
        if after == before:
            continue
        if not _saved_twice_is_stable(after):
            sys.exit(
                f"{_name(page)}: jupytext does not write this page back the same way twice; "
                "simplify its cell options and run this again."
            )
        changed.append(page)
        print(f"{'not in JupyterLab form' if args.check else 'rewrote'}: {_name(page)}")
        if not args.check:
            page.write_text(after, encoding="utf-8")
    state = "not in JupyterLab form" if args.check else "rewritten"
    print(f"{len(pages)} notebook pages checked, {len(changed)} {state}.")
    return 1 if (args.check and changed) else 0


if __name__ == "__main__":
    sys.exit(main())
