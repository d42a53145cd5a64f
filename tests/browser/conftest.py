"""Fixtures for the browser tests: the built site, served on 127.0.0.1, in a real Chromium.

The tests read the site that ``make book`` wrote to ``_build/html``; they never build it.

Fixtures (session-wide unless noted):

``site_dir``
    Path of the built site. Fails, saying to run ``make book``, if it is missing.
``site_url``
    The site served over HTTP by a thread on 127.0.0.1 and a free port; ends in ``/``.
``browser``
    Playwright's Chromium, driving Debian's ``chromium``. With no browser on the machine the
    tests are skipped, except under ``CI=true``, where they fail.
``page`` (per test)
    A fresh page, 1280 x 900, that records console errors, uncaught exceptions, failed
    requests (network errors and HTTP status >= 400) and every request to a host other than
    127.0.0.1 (such a request is blocked, so a test never reaches the internet). When the test
    ends, anything recorded fails it. ``problems(page)`` reads the record mid-test.
``toc_page`` (parameter)
    A test that takes an argument named ``toc_page`` runs once for each page of ``_toc.yml``.

Two environment variables point the tests at another book, e.g. a scratch build:
``ACTLAB_BOOK_DIR`` (the folder with ``_toc.yml``) and ``ACTLAB_SITE_DIR`` (its built HTML).
"""

from __future__ import annotations

import os
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.support.book import CHROMIUM_ARGS, LOCAL_HOST, find_chromium, serve, toc_docnames

REPO_DIR = Path(__file__).resolve().parents[2]
BOOK_DIR = Path(os.environ.get("ACTLAB_BOOK_DIR", REPO_DIR)).resolve()
SITE_DIR = Path(os.environ.get("ACTLAB_SITE_DIR", BOOK_DIR / "_build" / "html")).resolve()

# axe-core, pinned in package-lock.json and installed by `npm ci` (the Makefile does it)
AXE_JS = REPO_DIR / "node_modules" / "axe-core" / "axe.min.js"

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


# --------------------------------------------------------------------------- table of contents


@dataclass(frozen=True)
class TocPage:
    """One page of the table of contents: its docname and where the build puts it."""

    docname: str  # e.g. "chapters/01_why_nonlinearity", without suffix

    @property
    def html_path(self) -> str:
        return f"{self.docname}.html"

    def __str__(self) -> str:
        return self.docname


def toc_pages(book_dir: Path = BOOK_DIR) -> list[TocPage]:
    """Every page that ``_toc.yml`` lists, root first, in reading order."""
    return [TocPage(name) for name in toc_docnames(book_dir)]


def pytest_generate_tests(metafunc):
    if "toc_page" in metafunc.fixturenames:
        pages = toc_pages()
        metafunc.parametrize("toc_page", pages, ids=[p.docname for p in pages])


# --------------------------------------------------------------------------------- the site


@pytest.fixture(scope="session")
def site_dir() -> Path:
    if not (SITE_DIR / "index.html").is_file():
        pytest.fail(
            f"No built site at {SITE_DIR}: run `make book` first "
            "(the browser tests read the built site, they do not build it).",
            pytrace=False,
        )
    return SITE_DIR


@pytest.fixture(scope="session")
def site_url(site_dir):
    with serve(site_dir) as url:
        yield url


# ------------------------------------------------------------------------------ the browser


def _running_in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


@pytest.fixture(scope="session")
def browser():
    executable = find_chromium()
    if executable is None:
        reason = (
            "No Chromium found (looked for /usr/bin/chromium and `chromium` on PATH); "
            "install it with `apt-get install chromium`, as .ci/run does."
        )
        if _running_in_ci():
            pytest.fail(f"CI=true and the browser tests cannot run: {reason}", pytrace=False)
        pytest.skip(reason)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # pragma: no cover - requirements.txt pins playwright
        pytest.fail(f"playwright is not installed ({exc}); run `make test`", pytrace=False)

    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
    except Exception:
        playwright.stop()
        raise
    try:
        yield chromium
    finally:
        chromium.close()
        playwright.stop()


# --------------------------------------------------------------------------------- the page


@dataclass
class PageProblems:
    """What a page did wrong while a test drove it."""

    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    offsite_requests: list[str] = field(default_factory=list)
    in_flight: set = field(default_factory=set)  # requests sent and not yet answered

    def __bool__(self) -> bool:
        return bool(self.console_errors or self.failed_requests or self.offsite_requests)

    def clear(self) -> None:
        self.console_errors.clear()
        self.failed_requests.clear()
        self.offsite_requests.clear()

    def report(self) -> str:
        lines = []
        for title, items in (
            ("console errors", self.console_errors),
            ("failed requests", self.failed_requests),
            ("requests to another host", self.offsite_requests),
        ):
            if items:
                lines.append(f"{len(items)} {title}:")
                lines.extend(f"  - {item}" for item in items)
        return "\n".join(lines)


_PROBLEMS: dict[int, PageProblems] = {}


def problems(page) -> PageProblems:
    """The record that the ``page`` fixture keeps for this page."""
    return _PROBLEMS[id(page)]


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in {"data", "blob", "about", "javascript"}:
        return True
    return parts.hostname == LOCAL_HOST


def _watch(page, record: PageProblems) -> None:
    def on_console(message):
        if message.type == "error":
            location = message.location or {}
            where = location.get("url", "")
            record.console_errors.append(f"{message.text} [{where}]" if where else message.text)

    def on_page_error(error):
        record.console_errors.append(f"uncaught exception: {error}")

    def on_request_failed(request):
        if is_local(request.url):  # off-site requests are blocked and reported apart
            record.failed_requests.append(f"{request.url} ({request.failure})")

    def on_response(response):
        if response.status >= 400:
            record.failed_requests.append(f"{response.url} (HTTP {response.status})")

    page.on("console", on_console)
    page.on("pageerror", on_page_error)
    page.on("requestfailed", on_request_failed)
    page.on("response", on_response)

    def sent(request):
        record.in_flight.add(request)

    def answered(request):
        record.in_flight.discard(request)

    page.on("request", sent)
    page.on("requestfinished", answered)
    page.on("requestfailed", answered)


@contextmanager
def watched_page(browser, *, viewport=DESKTOP, **options):
    """A fresh page in a context of its own, watched as the ``page`` fixture describes.

    Requests to any host but 127.0.0.1 are blocked and recorded; console errors,
    uncaught exceptions and failed requests are recorded too (read the record with
    ``problems(page)``). When the block ends the context is closed and anything
    still recorded fails the test. ``options`` go to ``browser.new_context`` (e.g.
    ``java_script_enabled=False``).
    """
    context = browser.new_context(viewport=viewport, service_workers="block", **options)
    record = PageProblems()

    def route(route):
        url = route.request.url
        if is_local(url):
            route.continue_()
        else:
            record.offsite_requests.append(url)
            route.abort("blockedbyclient")

    context.route("**/*", route)
    tab = context.new_page()
    _watch(tab, record)
    _PROBLEMS[id(tab)] = record
    try:
        yield tab
    finally:
        _PROBLEMS.pop(id(tab), None)
        context.close()
    if record:
        pytest.fail(f"The page misbehaved:\n{record.report()}", pytrace=False)


@pytest.fixture
def page(browser, site_url):
    with watched_page(browser) as tab:
        yield tab


# ---------------------------------------------------------------------------------- helpers


def open_page(page, site_url: str, toc_page: TocPage | str, *, settle: bool = True):
    """Load a page of the site and wait until it is quiet and its math is typeset."""
    docname = toc_page.docname if isinstance(toc_page, TocPage) else str(toc_page)
    response = page.goto(site_url + f"{docname}.html", wait_until="load")
    assert response is not None and response.ok, f"{docname}.html: HTTP {response and response.status}"
    if settle:
        settle_page(page)
    return response


_FONTS_AND_TWO_FRAMES = """() => document.fonts.ready.then(
    () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))))"""


def settle_page(page, timeout_ms: float = 20_000) -> None:
    """Wait until a loaded page is quiet: math typeset, fonts loaded, no request in flight.

    Playwright's ``networkidle`` waits for half a second without a request on every page;
    on a page watched by ``watched_page`` this asks the record instead, which knows when
    the last answer came.
    """
    wait_for_math(page, timeout_ms)
    page.evaluate(_FONTS_AND_TWO_FRAMES)
    record = _PROBLEMS.get(id(page))
    if record is None:
        page.wait_for_load_state("networkidle")
        return
    deadline = time.monotonic() + timeout_ms / 1000
    quiet = 0
    while quiet < 2:  # no request in flight twice in a row, a frame apart
        quiet = quiet + 1 if not record.in_flight else 0
        if time.monotonic() > deadline:
            pending = ", ".join(sorted(r.url for r in record.in_flight))[:500]
            raise AssertionError(f"requests still unanswered after {timeout_ms / 1000:.0f} s: {pending}")
        page.evaluate("() => new Promise(r => requestAnimationFrame(r))")


def wait_for_math(page, timeout_ms: float = 20_000) -> None:
    """Wait for MathJax's first typesetting pass, on pages that load it."""
    page.wait_for_function(
        "() => !(window.MathJax && window.MathJax.version) || !!MathJax.startup.promise", timeout=timeout_ms
    )
    page.evaluate(
        "() => (window.MathJax && MathJax.startup && MathJax.startup.promise)"
        " ? MathJax.startup.promise.then(() => true) : true"
    )


# the theme's colours change with CSS transitions: wait until every one has ended
_TRANSITIONS_ENDED = """() => Promise.all(document.getAnimations()
    .filter(a => a instanceof CSSTransition).map(a => a.finished.catch(() => null)))
    .then(() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))))"""


def switch_scheme(page, scheme: str) -> None:
    """Switch the system colour scheme of a loaded page, as a reader's OS would, and wait
    until the theme has followed (``data-theme``) and its colour transitions have ended."""
    page.emulate_media(color_scheme=scheme)
    page.wait_for_function("s => document.documentElement.dataset.theme === s", arg=scheme, timeout=5_000)
    page.evaluate(_TRANSITIONS_ENDED)
