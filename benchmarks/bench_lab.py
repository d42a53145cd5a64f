"""Explorers in a real JupyterLab: the round trip of a control change, and the wait for a usable widget.

Run by ``make bench`` (or ``.venv/bin/python benchmarks/bench_lab.py``). One JupyterLab
server on 127.0.0.1 and one headless Chromium (``tools/labsession.py``, the same harness
as the JupyterLab test layer) open each notebook page of the book in turn and Run All.
Then, for every live explorer the page shows:

1. **Round trip.** A seeded walk of control changes, each one step from the last state
   (a slider moved by an arrow key, a dropdown set to another option, a checkbox
   clicked), as a reader would make them. Each change is timed inside the page, from the
   input event's timestamp to the first frame after the kernel's new PNG has been
   decoded: the whole loop through the widget comm, ``draw``, the render and the
   browser. Median and 95th percentile against 100 ms (the aim is 50 ms).
2. **Usable.** The explorer's cell is run again (Shift+Enter's command); the time from
   the command to the picture decoded and every control rendered, median of three,
   against 2 s.

Usage: ``python benchmarks/bench_lab.py [--changes 24] [pages ...]``; ``ACTLAB_BOOK_DIR``
measures another copy of the course.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

from _common import pin_threads, print_table, verdict

pin_threads()

REPO_DIR = Path(__file__).resolve().parents[1]
BOOK_DIR = Path(os.environ.get("ACTLAB_BOOK_DIR", REPO_DIR)).resolve()
sys.path.insert(0, str(REPO_DIR / "tools"))

from canonical_notebooks import notebook_pages  # noqa: E402
from labsession import JupyterLab, LabBrowser, SamePicture  # noqa: E402

ROUND_TRIP_BUDGET_MS = 100.0
ROUND_TRIP_AIM_MS = 50.0
USABLE_BUDGET_S = 2.0

USABLE_JS = r"""async ([path, cell, controls]) => {
  const panel = window.__actlab.panel(path);
  const node = panel.content.widgets[cell].node;
  const old = node.querySelector('.jp-OutputArea .widget-image');
  panel.content.activeCellIndex = cell;
  const start = performance.now();
  const ran = window.jupyterapp.commands.execute('notebook:run-cell');
  const counted = '.widget-slider, .widget-hslider, .widget-dropdown, .widget-checkbox, .widget-play';
  while (performance.now() - start < 30000) {
    await new Promise(requestAnimationFrame);
    const img = node.querySelector('.jp-OutputArea .widget-image');
    const area = node.querySelector('.jp-OutputArea');
    if (img && img !== old && img.complete && img.naturalWidth > 0
        && area.querySelectorAll(counted).length >= controls) {
      const ms = performance.now() - start;
      await ran;
      return ms;
    }
  }
  await ran;
  return null;
}"""


def p95(values):
    return statistics.quantiles(values, n=20, method="inclusive")[18] if len(values) > 1 else values[0]


def round_trips(explorer, changes, seed):
    """Time ``changes`` control changes, each on a control drawn at random (play buttons left out).

    A change that leaves the picture as it was (a control that does not matter for the
    other controls' current values) is not a round trip to the screen: it is made, not timed.
    """
    rng = random.Random(seed)
    movable = [c for c in explorer.controls if c.kind != "play"]
    times, attempts = [], 0
    while movable and len(times) < changes and attempts < 3 * changes:
        attempts += 1
        try:
            times.append(explorer.change(rng.choice(movable)))
        except SamePicture:
            continue
    return times


def usable_ms(run, explorer, repeats=3):
    times = []
    for _ in range(repeats):
        ms = run.page.evaluate(USABLE_JS, [run.path, explorer.cell, len(explorer.controls)])
        if ms is None:
            raise RuntimeError("the explorer's widget did not appear within 30 s of running its cell")
        times.append(ms)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=24, help="control changes per explorer (default 24)")
    parser.add_argument("pages", nargs="*", help="pages to measure, e.g. chapters/01_why_nonlinearity.md")
    args = parser.parse_args()
    pages = args.pages or [str(p.relative_to(BOOK_DIR)) for p in notebook_pages(BOOK_DIR)]

    rows, runs, problems = [], [], []
    started = time.monotonic()
    with JupyterLab(BOOK_DIR) as lab, LabBrowser(lab) as browser:
        for page in pages:
            run = browser.open_notebook(page)
            try:
                if not run.is_notebook:
                    problems.append(f"{page}: opens in the {run.factory!r} viewer, not as a notebook")
                    continue
                run.settle()
                runs.append([page, f"{run.run_all():.1f}"])
                for explorer in run.explorers():
                    name = f"{page.removesuffix('.md')}: {explorer.key}"
                    if not (explorer.has_image and not explorer.shows_baked):
                        problems.append(f"{name}: shows no live widget")
                        continue
                    try:
                        times = round_trips(explorer, args.changes, seed=explorer.key)
                        ready = usable_ms(run, explorer)
                    except Exception as error:  # reported, and the explorer left out of the table
                        problems.append(f"{name}: {error}")
                        continue
                    if not times:
                        problems.append(f"{name}: no control to change")
                        continue
                    median, high = statistics.median(times), p95(times)
                    rows.append(
                        [
                            name,
                            len(times),
                            f"{median:.0f}",
                            f"{high:.0f}",
                            verdict(median <= ROUND_TRIP_BUDGET_MS),
                            f"{ready / 1000:.2f}",
                            verdict(ready / 1000 <= USABLE_BUDGET_S),
                        ]
                    )
            finally:
                run.close()

    print_table(
        "Explorers in JupyterLab: control change -> new picture on screen; cell run -> usable widget",
        [
            "explorer",
            "changes",
            "median ms",
            "p95 ms",
            f"<= {ROUND_TRIP_BUDGET_MS:.0f} ms",
            "usable s",
            f"<= {USABLE_BUDGET_S:.0f} s",
        ],
        rows,
        notes=[
            f"aim for the median round trip: {ROUND_TRIP_AIM_MS:.0f} ms; one JupyterLab server and one "
            f"Chromium on this machine, {time.monotonic() - started:.0f} s in all"
        ],
    )
    print_table("Run All in JupyterLab", ["page", "seconds"], runs)
    for line in problems:
        print(f"Not measured: {line}")
    if not rows and not problems:
        print("No explorer in the course yet.")


if __name__ == "__main__":
    main()
