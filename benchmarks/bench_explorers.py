"""Explorers against their budgets: a usable widget in Jupyter, live redraws, baking, the static page.

Run by ``make bench`` (or ``.venv/bin/python benchmarks/bench_explorers.py``). Every
explorer in the course is measured, found by running each chapter and exercise
notebook and collecting the explorers it displays (``tests/support/discover.py``),
so an explorer added to a page is measured without being listed here.

0. **Reference.** The 90-state explorer of the unit tests, baked: a guard
   against a pathological slowdown of baking itself (5 s), and the payload of
   chapter 1's grid explorer.
1. **Live (Jupyter).** *Ready*: the time from displaying the explorer in a
   kernel that a Jupyter server started (``JPY_SESSION_NAME`` set, so nothing is
   baked) to the widget with its first picture, against 2 s. *Redraws*: a reader's
   session on the live ipywidgets view, a seeded random walk of changes, each one
   control moved one step (a slider to a neighbouring value, a dropdown to another
   option, a checkbox toggled), plus read-out moves where the explorer has one.
   Each redraw is timed from the change to the new PNG being ready (``draw``,
   updating the figure, encoding): median and 95th percentile against 50 ms.
   Sliders send a change only when released (``continuous_update=False``), so a
   drag never queues redraws behind it.
2. **Baked.** States, time to bake the whole control grid (paid by the book build),
   and the size of the baked data against 300 kB, with the page's own HTML on the
   built site (its whole weight, images included, is ``bench_pages.py``'s).
3. **Static page (Chromium).** On the built site, the same kind of walk is
   played on each baked explorer by dispatching input events; ``performance.now()``
   inside the page times each change from the event to the SVG redrawn and laid
   out, and likewise each move of a read-out's guide. The 95th percentile is held
   to one frame, 16 ms. Needs ``make book``.

Usage: ``python benchmarks/bench_explorers.py [--changes 30] [--site _build/html] [page.md ...]``
(pages given by path are measured instead of those of the table of contents).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path

from _common import pin_threads, print_table, verdict

pin_threads()

import matplotlib  # noqa: E402

matplotlib.use("Agg")

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/support: tooling beside the package
from actlab.explorers import bake as baking  # noqa: E402
from tests.support.book import CHROMIUM_ARGS, LOCAL_HOST, find_chromium, serve  # noqa: E402
from tests.support.discover import explorers_in, notebooks  # noqa: E402

REPO_DIR = Path(__file__).resolve().parents[1]
LIVE_BUDGET_MS = 50.0
READY_BUDGET_S = 2.0
STATIC_BUDGET_MS = 16.0
BAKE_GUARD_S = 5.0
READOUT_MOVES = 10


def p95(values):
    return statistics.quantiles(values, n=20, method="inclusive")[18] if len(values) > 1 else values[0]


def walk(controls, changes, seed):
    """A reader's changes: (control index, new value index) pairs, each one step from the last state."""
    rng = random.Random(seed)
    movable = [k for k, c in enumerate(controls) if len(c.values) > 1]
    position = [c.index(c.value) for c in controls]
    steps = []
    for _ in range(changes if movable else 0):
        k = rng.choice(movable)
        size = len(controls[k].values)
        if controls[k].kind == "slider":
            step = rng.choice([-1, 1]) if 0 < position[k] < size - 1 else (1 if position[k] == 0 else -1)
            position[k] += step
        else:
            position[k] = rng.choice([i for i in range(size) if i != position[k]])
        steps.append((k, position[k]))
    return steps


def measure_ready(explorer):
    """Seconds from displaying the explorer in a Jupyter server's kernel to its widget, and the bundle."""
    before = os.environ.get("JPY_SESSION_NAME")
    os.environ["JPY_SESSION_NAME"] = "bench"
    try:
        start = time.perf_counter()
        bundle = explorer._repr_mimebundle_()
        return time.perf_counter() - start, bundle
    finally:
        if before is None:
            del os.environ["JPY_SESSION_NAME"]
        else:
            os.environ["JPY_SESSION_NAME"] = before


def measure_live(explorer, changes):
    view = explorer.live()
    rng = random.Random(explorer.key)
    for k, index in walk(explorer.controls, changes, seed=explorer.key):
        control = explorer.controls[k]
        view.set(**{control.name: control.values[index]})
    for slider in view.readouts.values():
        positions = [value for _, value in slider.options]
        for _ in range(READOUT_MOVES):
            slider.value = rng.choice(positions)
    return view.redraw_ms_


def reference_explorer():
    """The unit tests' 90-state explorer (four panels' worth of items, every item kind)."""
    sys.path.insert(0, str(REPO_DIR / "tests" / "unit"))
    import test_explorers  # noqa: E402 - the tests' own definition, not a copy

    return test_explorers.make_explorer()


def measure_bake(explorer):
    start = time.perf_counter()
    payload = explorer.bake()
    seconds = time.perf_counter() - start
    return seconds, len(json.dumps(payload, separators=(",", ":")))


# ------------------------------------------------------------------------------ static page

STATIC_WALK = """async (root, steps) => {
  const fields = [...root.querySelectorAll('.actlab-controls input, .actlab-controls select')];
  const figure = root.querySelector('.actlab-figure');
  const handler = [], laidOut = [];
  for (const [k, index] of steps) {
    const field = fields[k];
    if (field.type === 'checkbox') field.checked = index === 1; else field.value = String(index);
    const start = performance.now();
    field.dispatchEvent(new Event(field.type === 'range' ? 'input' : 'change'));
    const drawn = performance.now();
    figure.getBoundingClientRect();              // force style and layout of the new SVG
    void document.body.offsetHeight;
    laidOut.push(performance.now() - start);
    handler.push(drawn - start);
    await new Promise(resolve => requestAnimationFrame(() => resolve()));  // let it paint
  }
  const guides = [];
  for (const field of root.querySelectorAll('.actlab-readout input')) {
    const lo = +field.min, hi = +field.max;
    for (let k = 0; k < READOUT_MOVES; k++) {
      field.value = String(lo + Math.round((hi - lo) * ((k * 0.618) % 1)));
      const start = performance.now();
      field.dispatchEvent(new Event('input'));
      figure.getBoundingClientRect();
      void document.body.offsetHeight;
      guides.push(performance.now() - start);
      await new Promise(resolve => requestAnimationFrame(() => resolve()));
    }
  }
  return {handler, laidOut, guides};
}""".replace("READOUT_MOVES", str(READOUT_MOVES))


def measure_static(site, baked, found, changes):
    """{(docname, key): (handler, laid-out, guide-move times)} for each baked explorer on the built site."""
    from playwright.sync_api import sync_playwright

    chromium = find_chromium()
    if chromium is None:
        return None
    results = {}
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        for docname, keys in baked.items():
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.route("**/*", lambda route: route.continue_() if LOCAL_HOST in route.request.url else route.abort())
            page = context.new_page()
            page.goto(f"{base}{docname}.html", wait_until="load")
            for key in keys:
                root = page.locator(f"#actlab-{key}")
                page.wait_for_function("el => el.hasAttribute('data-ready')", arg=root.element_handle())
                explorer = found.get((docname, key))
                controls = explorer.controls if explorer else []
                steps = walk(controls, changes, seed=key)
                times = root.evaluate(STATIC_WALK, steps)
                results[(docname, key)] = (times["handler"], times["laidOut"], times["guides"])
            context.close()
        browser.close()
    return results


def baked_on_site(site, docnames):
    baked = {}
    for docname in docnames:
        path = site / f"{docname}.html"
        if path.is_file():
            keys = re.findall(
                r'<div class="actlab-explorer" id="actlab-[^"]*" data-key="([^"]+)"', path.read_text(encoding="utf-8")
            )
            if keys:
                baked[docname] = keys
    return baked


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=30, help="control changes per explorer (default 30)")
    parser.add_argument("--site", type=Path, default=REPO_DIR / "_build" / "html", help="the built site")
    parser.add_argument("pages", nargs="*", type=Path, help="notebook pages to measure (default: the book's)")
    args = parser.parse_args()

    found, failed = {}, []
    for path in [p.resolve() for p in args.pages] or notebooks(REPO_DIR):
        docname = path.relative_to(REPO_DIR).with_suffix("").as_posix()
        try:
            shown = explorers_in(path)
        except RuntimeError as error:  # a page that does not run: reported, not measured
            failed.append(str(error))
            continue
        for key, explorer in shown.items():
            found[(docname, key)] = explorer
    for line in failed:
        print(f"Not measured: {line}")
    if not found:
        print("No explorer in the course yet.")
        return

    broken = {}
    for (docname, key), explorer in list(found.items()):
        try:  # after the whole page ran, as a reader's kernel after "Run All"
            for values in explorer.grid():
                explorer.scene(**values)
        except Exception as error:  # noqa: BLE001 - reported, and the explorer left out
            broken[key] = f"{docname}:{key}: {type(error).__name__}: {error}"
            del found[(docname, key)]
    if broken:
        print("Explorers that fail after their page has run (left out below):")
        for line in broken.values():
            print(f"  {line}")
        print()

    reference = reference_explorer()
    seconds, size = measure_bake(reference)
    rows = [
        [
            "unit tests' reference explorer",
            reference.state_count,
            f"{seconds:.2f}",
            f"{BAKE_GUARD_S:.0f}",
            f"{size / 1000:.1f}",
            verdict(seconds <= BAKE_GUARD_S),
        ]
    ]
    chapter1 = found.get(("chapters/01_why_nonlinearity", "grid-bending"))
    if chapter1 is not None and chapter1.key not in broken:
        seconds, size = measure_bake(chapter1)
        rows.append(
            [
                "chapters/01_why_nonlinearity:grid-bending",
                chapter1.state_count,
                f"{seconds:.2f}",
                f"{BAKE_GUARD_S:.0f}",
                f"{size / 1000:.1f}",
                verdict(seconds <= BAKE_GUARD_S),
            ]
        )
    print_table(
        "0. Reference: baking itself",
        ["explorer", "states", "bake (s)", "guard (s)", "payload (kB)", "verdict"],
        rows,
        notes=[
            "a guard against a pathological slowdown of baking, not a budget of the chapters",
            "chapter 1's grid explorer weighed 107.6 kB in the varint encoding this one replaced",
        ],
    )

    rows = []
    for (docname, key), explorer in found.items():
        ready, bundle = measure_ready(explorer)
        baked = "actlab-explorer-data" in bundle["text/html"]
        times = measure_live(explorer, args.changes)
        ok_ready = ready <= READY_BUDGET_S and not baked
        if not times:
            rows.append(
                [
                    f"{docname}:{key}",
                    explorer.state_count,
                    f"{ready:.2f}",
                    0,
                    "-",
                    "-",
                    f"{READY_BUDGET_S:.0f} s / {LIVE_BUDGET_MS:.0f} ms",
                    verdict(ok_ready) + " (no controls)",
                ]
            )
            continue
        median = statistics.median(times)
        rows.append(
            [
                f"{docname}:{key}",
                explorer.state_count,
                f"{ready:.2f}",
                len(times),
                f"{median:.1f}",
                f"{p95(times):.1f}",
                f"{READY_BUDGET_S:.0f} s / {LIVE_BUDGET_MS:.0f} ms",
                verdict(ok_ready and median <= LIVE_BUDGET_MS),
            ]
        )
    print_table(
        "1. Live explorer in Jupyter: ready (s), and redraw per change (ms)",
        ["explorer", "states", "ready (s)", "changes", "median", "p95", "budget (ready / median)", "verdict"],
        rows,
        notes=[
            "ready: display in a Jupyter server's kernel (nothing baked) to the widget with its first picture",
            "each change: draw(**values), the figure updated in place, a 256-colour PNG encoded",
            f"read-outs: {READOUT_MOVES} guide moves each (no draw: the same scene, the guide moved)",
            "sliders redraw when released (continuous_update=False): dragging queues no redraws",
        ],
    )

    docnames = sorted({docname for docname, _ in found})
    site_ok = (args.site / "index.html").is_file()
    rows = []
    for (docname, key), explorer in found.items():
        seconds, size = measure_bake(explorer)
        budget = baking.MAX_BAKED_BYTES / 1000
        page = args.site / f"{docname}.html"
        page_kb = f"{page.stat().st_size / 1000:.0f}" if site_ok and page.is_file() else "-"
        rows.append(
            [
                f"{docname}:{key}",
                explorer.state_count,
                f"{seconds:.2f}",
                f"{size / 1000:.1f}",
                f"{size / 1000 / explorer.state_count:.2f}",
                f"{budget:.0f}",
                page_kb,
                verdict(size / 1000 <= budget),
            ]
        )
    print_table(
        "2. Baked explorer: the whole control grid as data",
        ["explorer", "states", "bake (s)", "size (kB)", "kB/state", "budget (kB)", "page HTML (kB)", "verdict"],
        rows,
        notes=[
            "bake time is paid where pages are made (the book build, nbval), not in JupyterLab or Binder",
            "page HTML: the built page's own HTML file; bench_pages.py holds each page's whole weight to 1 MB",
        ],
    )

    baked = baked_on_site(args.site, docnames) if site_ok else {}
    static = measure_static(args.site, baked, found, args.changes) if baked else None
    if static is None:
        reason = "no built site" if not baked else "no Chromium"
        print(f"3. Static page in Chromium: not measured ({reason} at {args.site}; run `make book`)")
        print()
        return
    rows = []
    for (docname, key), (handler, laid_out, guides) in static.items():
        guide = f"{p95(guides):.2f}" if guides else "-"
        if not laid_out:
            rows.append([f"{docname}:{key}", 0, "-", "-", "-", "-", guide, f"{STATIC_BUDGET_MS:.0f}", "no controls"])
            continue
        worst = max(p95(laid_out), p95(guides) if guides else 0.0)
        rows.append(
            [
                f"{docname}:{key}",
                len(laid_out),
                f"{statistics.median(handler):.2f}",
                f"{statistics.median(laid_out):.2f}",
                f"{p95(laid_out):.2f}",
                f"{max(laid_out):.2f}",
                guide,
                f"{STATIC_BUDGET_MS:.0f}",
                verdict(worst <= STATIC_BUDGET_MS),
            ]
        )
    missing = sorted(f"{d}:{k}" for d, k in found if (d, k) not in static)
    print_table(
        "3. Static page in Chromium: control change to SVG redrawn and laid out (ms)",
        ["explorer", "changes", "median (draw)", "median", "p95", "max", "read-out p95", "budget (p95)", "verdict"],
        rows,
        notes=["timed with performance.now() in the page, over the built site served on 127.0.0.1"]
        + ([f"not on the built site (rebuild with `make book`): {', '.join(missing)}"] if missing else []),
    )


if __name__ == "__main__":
    main()
