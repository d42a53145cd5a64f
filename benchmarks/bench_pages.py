"""Page weight of the built site: each page's own content against a 1 MB budget.

Every page of ``_toc.yml`` is opened once, cold (a fresh browser context, nothing cached),
in Chromium over the site served on 127.0.0.1, and the body of every response is counted:

- **own**: the page's HTML (explorers embed their data in it), its images (``_images/``)
  and any other file that this page alone asks for. This is what the budget caps.
- **shared**: what every page loads from ``_static/`` (the theme's scripts, styles and
  fonts, MathJax and its fonts, the search index) once, on a reader's first visit; then the
  browser caches it. Reported apart, with its largest files.

Usage: ``python benchmarks/bench_pages.py [--site _build/html] [--budget-kb 1024]``.
Needs the built site (``make book``) and Chromium (``/usr/bin/chromium``).
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/support: tooling beside the package
from tests.support.book import CHROMIUM_ARGS, find_chromium, serve, toc_docnames

REPO_DIR = Path(__file__).resolve().parents[1]
SHARED_PREFIXES = ("_static/", "searchindex.js")
# libraries every page may load, in parts, on demand (MathJax fetches a TeX extension or a
# font only where a page needs it): shared even when a single page asked for them
LIBRARY_PREFIXES = ("_static/vendor/", "_static/scripts/", "_static/styles/", "searchindex.js")


def measure(site: Path, docnames: list[str]) -> dict[str, dict[str, int]]:
    """{docname: {site-relative path: bytes}} for a cold first visit of each page."""
    from playwright.sync_api import sync_playwright

    chromium = find_chromium()
    if chromium is None:
        sys.exit("No Chromium found: apt-get install chromium")
    loads: dict[str, dict[str, int]] = {}
    with serve(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        for name in docnames:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            responses = []
            page.on("response", responses.append)
            page.goto(f"{base}{name}.html", wait_until="load")
            page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
            page.wait_for_load_state("networkidle")
            sizes: dict[str, int] = {}
            for response in responses:
                parts = urlsplit(response.url)
                if parts.scheme not in ("http", "https") or not response.ok:
                    continue
                path = parts.path.lstrip("/")
                try:
                    sizes[path] = sizes.get(path, 0) + len(response.body())
                except Exception:  # a body the browser did not keep (e.g. a redirect)
                    continue
            loads[name] = sizes
            context.close()
        browser.close()
    return loads


def split_own_shared(loads):
    """Own: the page's HTML, its images, and files no other page asks for; the rest shared."""
    askers = defaultdict(set)
    for name, sizes in loads.items():
        for path in sizes:
            askers[path].add(name)
    many_pages = len(loads) > 1
    table = {}
    for name, sizes in loads.items():
        own, shared = {}, {}
        for path, size in sizes.items():
            is_theme = path.startswith(SHARED_PREFIXES)
            only_here = many_pages and askers[path] == {name} and not path.startswith(LIBRARY_PREFIXES)
            if path == f"{name}.html" or path.startswith("_images/") or not is_theme or only_here:
                own[path] = size
            else:
                shared[path] = size
        table[name] = (own, shared)
    return table


def kind(path: str) -> str:
    suffix = path.rsplit(".", 1)[-1].lower() if "." in path else ""
    if suffix in ("woff", "woff2", "ttf", "otf", "eot"):
        return "fonts"
    if suffix in ("png", "svg", "jpg", "jpeg", "gif", "webp", "ico"):
        return "images"
    if suffix == "css":
        return "css"
    if suffix in ("js", "mjs"):
        return "js"
    if suffix == "html":
        return "html"
    return "other"


def kb(n: int) -> str:
    return f"{n / 1024:,.1f}"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=REPO_DIR / "_build" / "html")
    parser.add_argument("--book", type=Path, default=REPO_DIR)
    parser.add_argument("--budget-kb", type=float, default=1024.0)
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        print(f"No built site at {args.site}: run `make book` first.")
        return 1

    docnames = toc_docnames(args.book)
    missing = [n for n in docnames if not (args.site / f"{n}.html").is_file()]
    if missing:
        print(f"Pages of _toc.yml missing from the build: {missing}; run `make book`.")
        return 1
    table = split_own_shared(measure(args.site, docnames))
    budget = args.budget_kb * 1024

    print(f"Page weight on a first visit (uncompressed bytes); budget for a page's own content: {kb(budget)} KB")
    width = max(len(n) for n in docnames) + 2
    header = (
        f"{'page':<{width}}{'html KB':>9}{'images KB':>11}{'other KB':>10}"
        f"{'own KB':>9}   {'budget':<8}{'shared KB':>11}"
    )
    print(header)
    print("-" * len(header))
    met_all = True
    for name in docnames:
        own, shared = table[name]
        by_kind = defaultdict(int)
        for path, size in own.items():
            by_kind[kind(path)] += size
        total = sum(own.values())
        met = total <= budget
        met_all &= met
        other = total - by_kind["html"] - by_kind["images"]
        print(
            f"{name:<{width}}{kb(by_kind['html']):>9}{kb(by_kind['images']):>11}{kb(other):>10}"
            f"{kb(total):>9}   {'met' if met else 'NOT MET':<8}{kb(sum(shared.values())):>11}"
        )

    union: dict[str, int] = {}
    for _own, shared in table.values():
        union.update(shared)
    by_kind = defaultdict(int)
    for path, size in union.items():
        by_kind[kind(path)] += size
    print()
    print(
        f"Shared assets (theme, MathJax, search index), downloaded once and then cached: "
        f"{kb(sum(union.values()))} KB in {len(union)} files  ("
        + ", ".join(f"{k} {kb(v)} KB" for k, v in sorted(by_kind.items(), key=lambda kv: -kv[1]))
        + ")"
    )
    for path, size in sorted(union.items(), key=lambda kv: -kv[1])[:6]:
        print(f"  {kb(size):>9} KB  {path}")
    print()
    print(f"Every page's own content within {kb(budget)} KB: {'met' if met_all else 'NOT MET'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
