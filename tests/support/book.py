"""The book around the package: its pages, and its built site in a browser.

The notebook tests, the browser tests, the benchmarks and explorer discovery
all need the same few facts about the course itself: which pages ``_toc.yml``
lists and in what order, which of them are notebooks, how to serve the built
site on the loopback address, and how to start the machine's Chromium. They
live here once.

Examples
--------
>>> from pathlib import Path
>>> names = toc_docnames(Path(__file__).resolve().parents[2])
>>> names[0]
'intro'
"""

import contextlib
import functools
import http.server
import os
import shutil
import sys
import threading
from pathlib import Path

__all__ = ["CHROMIUM_ARGS", "LOCAL_HOST", "toc_docnames", "is_notebook", "find_chromium", "serve"]

#: Flags for a headless Chromium on a machine with no network but its own.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

#: The only host a served site is reached at.
LOCAL_HOST = "127.0.0.1"

_SUFFIXES = (".md", ".ipynb", ".rst")


def _strip_suffix(name):
    return next((name[: -len(s)] for s in _SUFFIXES if name.endswith(s)), name)


def _toc_files(entries):
    for entry in entries or []:
        if "file" in entry:
            yield entry["file"]
        # jb-book nests parts -> chapters -> sections; jb-article has sections
        for key in ("parts", "chapters", "sections"):
            yield from _toc_files(entry.get(key))


def toc_docnames(book_dir):
    """Return every page that ``_toc.yml`` lists, root first, in reading order.

    Parameters
    ----------
    book_dir : path-like
        The folder holding ``_toc.yml``.

    Returns
    -------
    list of str
        Docnames without suffix, e.g. ``"chapters/01_why_nonlinearity"``, each once.
    """
    import yaml

    toc = yaml.safe_load(Path(book_dir, "_toc.yml").read_text(encoding="utf-8"))
    names = [toc["root"], *_toc_files([toc])]
    return list(dict.fromkeys(_strip_suffix(name) for name in names))


def is_notebook(path):
    """Return whether ``path`` is a MyST Markdown notebook: a ``.md`` file whose header names a kernel.

    Examples
    --------
    >>> is_notebook(Path(__file__))
    False
    """
    path = Path(path)
    if path.suffix != ".md" or not path.is_file():
        return False
    head = path.read_text(encoding="utf-8")[:2000]
    return head.startswith("---") and "kernelspec:" in head


def find_chromium():
    """Return the path of Debian's Chromium (where ``.ci/run`` installs it), or any on PATH, or None."""
    if os.access("/usr/bin/chromium", os.X_OK):
        return "/usr/bin/chromium"
    return shutil.which("chromium") or shutil.which("chromium-browser")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # a browser that closes a page while a file is on its way resets the connection:
        # nothing wrong with the site, and nothing to print
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(site_dir):
    """Serve ``site_dir`` on a free port of the loopback address, for as long as the block runs.

    Yields
    ------
    str
        The site's base URL, ending in ``/``.
    """
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = _QuietServer((LOCAL_HOST, 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://{LOCAL_HOST}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
