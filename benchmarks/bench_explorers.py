"""Explorers against their budgets: live redraws in Jupyter, baking, and updates on the static page.

Run by ``make bench`` (or ``.venv/bin/python benchmarks/bench_explorers.py``). Every
explorer in the course is measured, found by running each chapter and exercise
notebook and collecting the explorers it displays (``actlab.explorers.discover``),
so an explorer added to a page is measured without being listed here.

1. **Live (Jupyter).** A reader's session is simulated on the live ipywidgets
   view: a seeded random walk of changes, each one control moved one step (a
   slider to a neighbouring value, a dropdown to another option, a checkbox
   toggled). Each redraw is timed from the change to the new PNG being ready
   (``draw``, updating the figure, encoding): median and 95th percentile against
   50 ms. Sliders send a change only when released (``continuous_update=False``),
   so a drag never queues redraws behind it.
2. **Baked.** Time to bake the whole control grid (paid in Binder too, when the
   explorer is displayed) and the size of the baked data against 300 kB.
3. **Static page (Chromium).** On the built site, the same kind of walk is
   played on each baked explorer by dispatching input events; ``performance.now()``
   inside the page times each change from the event to the SVG redrawn and laid
   out. The 95th percentile is held to one frame, 16 ms. Needs ``make book``.

Usage: ``python benchmarks/bench_explorers.py [--changes 30] [--site _build/html]``.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import time
from pathlib import Path

from _common import pin_threads, print_table, verdict

pin_threads()

import matplotlib  # noqa: E402

matplotlib.use("Agg")

from actlab.book import CHROMIUM_ARGS, LOCAL_HOST, find_chromium, serve  # noqa: E402
from actlab.explorers import bake as baking  # noqa: E402
from actlab.explorers.discover import explorers_in, notebooks  # noqa: E402

REPO_DIR = Path(__file__).resolve().parents[1]
LIVE_BUDGET_MS = 50.0
STATIC_BUDGET_MS = 16.0


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


def measure_live(explorer, changes):
    view = explorer.live()
    for k, index in walk(explorer.controls, changes, seed=explorer.key):
        control = explorer.controls[k]
        view.set(**{control.name: control.values[index]})
    return view.redraw_ms_


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
  return {handler, laidOut};
}"""


def measure_static(site, baked, found, changes):
    """{(docname, key): (handler times, laid-out times)} for each baked explorer on the built site."""
    from playwright.sync_api import sync_playwright

    chromium = find_chromium()
    if chromium is None:
        return None
    results = {}
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        for docname, keys in baked.items():
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.route("**/*", lambda route: route.continue_() if LOCAL_HOST in route.request.url
                          else route.abort())
            page = context.new_page()
            page.goto(f"{base}{docname}.html", wait_until="load")
            for key in keys:
                root = page.locator(f"#actlab-{key}")
                page.wait_for_function("el => el.hasAttribute('data-ready')", arg=root.element_handle())
                explorer = found.get((docname, key))
                controls = explorer.controls if explorer else []
                steps = walk(controls, changes, seed=key)
                times = root.evaluate(STATIC_WALK, steps) if steps else {"handler": [], "laidOut": []}
                results[(docname, key)] = (times["handler"], times["laidOut"])
            context.close()
        browser.close()
    return results


def baked_on_site(site, docnames):
    baked = {}
    for docname in docnames:
        path = site / f"{docname}.html"
        if path.is_file():
            keys = re.findall(r'<div class="actlab-explorer" id="actlab-[^"]*" data-key="([^"]+)"',
                              path.read_text(encoding="utf-8"))
            if keys:
                baked[docname] = keys
    return baked


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=30, help="control changes per explorer (default 30)")
    parser.add_argument("--site", type=Path, default=REPO_DIR / "_build" / "html", help="the built site")
    args = parser.parse_args()

    found = {}
    for path in notebooks(REPO_DIR):
        docname = path.relative_to(REPO_DIR).with_suffix("").as_posix()
        for key, explorer in explorers_in(path).items():
            found[(docname, key)] = explorer
    if not found:
        print("No explorer in the course yet.")
        return

    rows = []
    for (docname, key), explorer in found.items():
        times = measure_live(explorer, args.changes)
        if not times:
            rows.append([f"{docname}:{key}", explorer.state_count, 0, "-", "-", f"{LIVE_BUDGET_MS:.0f}", "no controls"])
            continue
        median = statistics.median(times)
        rows.append([f"{docname}:{key}", explorer.state_count, len(times), f"{median:.1f}", f"{p95(times):.1f}",
                     f"{LIVE_BUDGET_MS:.0f}", verdict(median <= LIVE_BUDGET_MS)])
    print_table(
        "1. Live explorer in Jupyter: redraw per control change (ms)",
        ["explorer", "states", "changes", "median", "p95", "budget (median)", "verdict"],
        rows,
        notes=["each change: draw(**values), the figure updated in place, a 256-colour PNG encoded",
               "sliders redraw when released (continuous_update=False): dragging queues no redraws"],
    )

    rows = []
    for (docname, key), explorer in found.items():
        seconds, size = measure_bake(explorer)
        budget = baking.MAX_BAKED_BYTES / 1000
        rows.append([f"{docname}:{key}", explorer.state_count, f"{seconds:.2f}", f"{size / 1000:.1f}",
                     f"{size / 1000 / explorer.state_count:.2f}", f"{budget:.0f}", verdict(size / 1000 <= budget)])
    print_table(
        "2. Baked explorer: the whole control grid as data",
        ["explorer", "states", "bake (s)", "size (kB)", "kB/state", "budget (kB)", "verdict"],
        rows,
        notes=["bake time is also paid in Binder, once, when the explorer is displayed"],
    )

    docnames = sorted({docname for docname, _ in found})
    baked = baked_on_site(args.site, docnames) if (args.site / "index.html").is_file() else {}
    static = measure_static(args.site, baked, found, args.changes) if baked else None
    if static is None:
        reason = "no built site" if not baked else "no Chromium"
        print(f"3. Static page in Chromium: not measured ({reason} at {args.site}; run `make book`)")
        print()
        return
    rows = []
    for (docname, key), (handler, laid_out) in static.items():
        if not laid_out:
            rows.append([f"{docname}:{key}", 0, "-", "-", "-", "-", f"{STATIC_BUDGET_MS:.0f}", "no controls"])
            continue
        rows.append([f"{docname}:{key}", len(laid_out), f"{statistics.median(handler):.2f}",
                     f"{statistics.median(laid_out):.2f}", f"{p95(laid_out):.2f}", f"{max(laid_out):.2f}",
                     f"{STATIC_BUDGET_MS:.0f}", verdict(p95(laid_out) <= STATIC_BUDGET_MS)])
    missing = sorted(f"{d}:{k}" for d, k in found if (d, k) not in static)
    print_table(
        "3. Static page in Chromium: control change to SVG redrawn and laid out (ms)",
        ["explorer", "changes", "median (draw)", "median", "p95", "max", "budget (p95)", "verdict"],
        rows,
        notes=["timed with performance.now() in the page, over the built site served on 127.0.0.1"]
        + ([f"not on the built site (rebuild with `make book`): {', '.join(missing)}"] if missing else []),
    )


if __name__ == "__main__":
    main()
