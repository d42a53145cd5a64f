"""Drive the course in a real JupyterLab: one server on 127.0.0.1, one Chromium, pages in turn.

The JupyterLab test layer (``tests/lab``) and its benchmark (``benchmarks/bench_lab.py``)
share this module. Nothing here touches the user's Jupyter setup: the server runs
with a temporary home, config, data and runtime folder, its own token, autosave,
news and update checks off, and checkpoints kept in the temporary folder, so the
only files it can write in the course are the ones a test saves on purpose.

Typical use::

    with JupyterLab(book_dir) as lab, LabBrowser(lab) as browser:
        run = browser.open_notebook("chapters/01_why_nonlinearity.md")
        run.run_all()
        for explorer in run.explorers():
            for control in explorer.controls:
                explorer.change(control)      # milliseconds from the change to the new picture
        run.close()

Only the public surface of JupyterLab is used: the application object that
``--LabApp.expose_app_in_browser`` publishes as ``window.jupyterapp`` (its commands,
shell and document models, as JupyterLab's own UI tests use them), and the DOM
that ipywidgets renders.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/support: tooling beside the package
from tests.support.book import CHROMIUM_ARGS, LOCAL_HOST, find_chromium

__all__ = ["JupyterLab", "LabBrowser", "NotebookRun", "LabError", "SamePicture", "TEST_SETTINGS"]

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

#: Settings of the test server, on top of the environment's (which make ``.md`` open as notebooks).
TEST_SETTINGS = {
    "@jupyterlab/docmanager-extension:plugin": {"autosave": False},
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/notebook-extension:tracker": {"recordTiming": False},
}

#: Server options of the test server (written as its ``jupyter_server_config.json``).
SERVER_CONFIG = {
    "ServerApp": {"open_browser": False, "ip": LOCAL_HOST},
    "LabApp": {
        "expose_app_in_browser": True,
        "news_url": None,
        "check_for_updates_class": "jupyterlab.handlers.announcements.NeverCheckForUpdate",
        "extension_manager": "readonly",
    },
    "LanguageServerManager": {"autodetect": False},
}


class LabError(RuntimeError):
    """Something in JupyterLab did not happen as a reader would see it happen."""


def _free_port():
    with socket.socket() as sock:
        sock.bind((LOCAL_HOST, 0))
        return sock.getsockname()[1]


class JupyterLab:
    """A JupyterLab server for the course at ``root``, started and stopped as a context manager.

    Parameters
    ----------
    root : path-like
        The folder the server shows (the course's root).
    python : path-like, optional
        Interpreter whose environment runs the server and its kernels (default: this one).
    start_timeout : float
        Seconds to wait for the server to answer.
    """

    def __init__(self, root, *, python=None, start_timeout=60.0):
        self.root = Path(root).resolve()
        self.python = str(python or sys.executable)
        self.start_timeout = start_timeout
        self.token = uuid.uuid4().hex
        self.port = None
        self.tmp = None
        self.process = None

    @property
    def url(self):
        return f"http://{LOCAL_HOST}:{self.port}"

    def _env(self):
        tmp = self.tmp
        env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "JPY_"))}
        env.update(
            HOME=str(tmp / "home"),
            JUPYTER_CONFIG_DIR=str(tmp / "config"),
            JUPYTER_DATA_DIR=str(tmp / "data"),
            JUPYTER_RUNTIME_DIR=str(tmp / "runtime"),
            JUPYTERLAB_SETTINGS_DIR=str(tmp / "config" / "lab" / "user-settings"),
            JUPYTERLAB_WORKSPACES_DIR=str(tmp / "config" / "lab" / "workspaces"),
            JUPYTER_PLATFORM_DIRS="1",
            IPYTHONDIR=str(tmp / "ipython"),
            MPLCONFIGDIR=str(tmp / "matplotlib"),
            PYDEVD_DISABLE_FILE_VALIDATION="1",
            PYTHONDONTWRITEBYTECODE="1",
        )
        env.pop("MPLBACKEND", None)
        return env

    def _write_config(self):
        config = self.tmp / "config"
        (config / "labconfig").mkdir(parents=True)
        overrides = config / "labconfig" / "default_setting_overrides.json"
        overrides.write_text(json.dumps(TEST_SETTINGS, indent=2))
        server = json.loads(json.dumps(SERVER_CONFIG))
        server["ServerApp"].update(root_dir=str(self.root), port=self.port, port_retries=0)
        server["IdentityProvider"] = {"token": self.token}
        server["FileCheckpoints"] = {"checkpoint_dir": str(self.tmp / "checkpoints")}
        (config / "jupyter_server_config.json").write_text(json.dumps(server, indent=2))
        for name in ("home", "data", "runtime", "ipython", "matplotlib", "checkpoints"):
            (self.tmp / name).mkdir()

    def start(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="actlab-lab-"))
        self.port = _free_port()
        self._write_config()
        args = [self.python, "-m", "jupyterlab", "--no-browser"]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            args.append("--allow-root")
        self.log_path = self.tmp / "server.log"
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                args,
                cwd=self.root,
                env=self._env(),
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                code = self.process.returncode
                raise LabError(f"JupyterLab exited at start (code {code}):\n{self.log_tail()}")
            if self._answers():
                return self
            time.sleep(0.2)
        self.stop()
        raise LabError(f"JupyterLab did not answer within {self.start_timeout:.0f} s:\n{self.log_tail()}")

    def _answers(self):
        try:
            with urllib.request.urlopen(f"{self.url}/api/status?token={self.token}", timeout=2) as reply:
                return reply.status == 200
        except (OSError, urllib.error.URLError):
            return False

    def log_tail(self, lines=40):
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return "(no server log)"
        return "\n".join(text.splitlines()[-lines:])

    def stop(self):
        """Stop the server and its kernels (the whole process group), then remove the temporary folder."""
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        if self.tmp is not None:
            shutil.rmtree(self.tmp, ignore_errors=True)
            self.tmp = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


# ------------------------------------------------------------------------------------ browser

_JS_HELPERS = r"""
window.__actlab = {
  panel(path) {
    const app = window.jupyterapp;
    for (const w of app.shell.widgets('main')) {
      if (w.context && w.context.path === path) return w;
    }
    return null;
  },
  async settle(panel) {
    await panel.context.ready;
    await panel.sessionContext.ready;
    const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
    if (kernel) { await kernel.info; await kernel.spec; }
    await new Promise(r => setTimeout(r, 300));
  },
  outputs(panel) {
    const cells = [];
    const model = panel.content.model;
    for (let i = 0; i < model.cells.length; i++) {
      const cell = model.cells.get(i);
      if (cell.type !== 'code') continue;
      cells.push({index: i, source: cell.sharedModel.getSource(),
                  count: cell.executionCount, outputs: cell.outputs.toJSON()});
    }
    return cells;
  },
};
"""


@dataclass
class Control:
    """One control of a live explorer, as rendered by ipywidgets."""

    kind: str  # "slider", "dropdown", "checkbox" or "play"
    label: str
    slot: int  # position among the explorer's controls of the same kind


@dataclass
class LiveExplorer:
    """A live explorer on an open notebook: its cell, its controls and its picture."""

    run: NotebookRun
    cell: int
    key: str
    controls: list = field(default_factory=list)
    has_image: bool = False  # the live widget's picture is on the page
    shows_baked: bool = False  # the static copy (baked HTML, or its still) is shown instead

    @property
    def selector(self):
        return f'[data-lab-cell="{self.cell}"] .jp-OutputArea'

    def change(self, control, *, timeout_ms=10_000):
        """Move ``control`` one step as a reader would; return the ms from the input event to the new picture.

        A slider gets an arrow key (right, or left at its end), a dropdown its next
        option, a checkbox a click, a play button a click (then a stop). The time runs
        from the event's timestamp to the frame after the new PNG has been decoded.

        Raises
        ------
        SamePicture
            The kernel handled the change and the picture stayed the same (a control
            that does not matter for the other controls' current values).
        LabError
            No new picture, and the kernel did not finish handling the change; the
            message quotes what the explorer says (e.g. "No picture for these values").
        """
        page = self.run.page
        root = page.locator(self.selector)
        # a reader looks at the picture while moving a control (and JupyterLab skips drawing
        # cells out of view)
        root.locator(".widget-image").first.scroll_into_view_if_needed()
        arm = page.evaluate_handle(_ARM_JS, {"sel": self.selector, "path": self.run.path, "timeout": timeout_ms})
        if control.kind == "slider":
            handles = root.locator(".widget-hslider .noUi-handle, .widget-slider .noUi-handle")
            handle = handles.nth(control.slot)
            handle.focus()
            at_end = handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemax")
            handle.press("ArrowLeft" if at_end else "ArrowRight")
        elif control.kind == "dropdown":
            select = root.locator(".widget-dropdown select").nth(control.slot)
            options = select.locator("option").count()
            current = select.evaluate("s => s.selectedIndex")
            select.select_option(index=(current + 1) % options)
        elif control.kind == "play":
            buttons = root.locator(".widget-play").nth(control.slot).locator("button")
            buttons.first.click()  # play: the first step redraws the picture
        else:
            root.locator(".widget-checkbox input[type=checkbox]").nth(control.slot).click()
        try:
            result = page.evaluate("(arm) => arm.done", arm) or {"error": "no answer"}
        finally:
            arm.dispose()
            if control.kind == "play":  # stop playing, so that nothing redraws behind the next change
                stop = root.locator(".widget-play").nth(control.slot).locator("button:has(.fa-stop)")
                (stop if stop.count() else buttons.nth(2)).click()
                page.wait_for_timeout(300)
        said = [line.strip() for line in root.inner_text().splitlines() if "No picture" in line]
        what = f"explorer {self.key!r}: {control.kind} {control.label!r}"
        if said:
            raise LabError(f"{what}: the explorer says: {said[0]}")
        if result.get("same"):
            raise SamePicture(f"{what}: the kernel handled the change and the picture stayed the same")
        if result.get("error"):
            raise LabError(f"{what} did not redraw its picture ({result['error']})")
        return result["ms"]


class SamePicture(LabError):
    """A control change that the kernel handled without changing the picture."""


_ARM_JS = r"""
({sel, path, timeout}) => {
  const root = document.querySelector(sel);
  const before = root.querySelector('.widget-image').getAttribute('src');
  const kernel = window.__actlab.panel(path).sessionContext.session.kernel;
  let start = null, busy = false, idleTimer = null;
  const events = ['keydown', 'change', 'click', 'input'];
  const mark = (e) => { if (start === null) start = e.timeStamp; };
  events.forEach(t => root.addEventListener(t, mark, true));
  const done = new Promise((resolve) => {
    const timer = setTimeout(() => finish({error: `no new picture within ${timeout / 1000} s`}), timeout);
    const onStatus = (_, status) => {
      if (status === 'busy' && start !== null) busy = true;
      // the new picture arrives before the kernel reports idle; give the browser a moment to show it
      if (status === 'idle' && busy && idleTimer === null) {
        idleTimer = setTimeout(() => finish({same: true}), 1000);
      }
    };
    kernel.statusChanged.connect(onStatus);
    function finish(value) {
      clearTimeout(timer); clearTimeout(idleTimer); observer.disconnect();
      kernel.statusChanged.disconnect(onStatus);
      events.forEach(t => root.removeEventListener(t, mark, true));
      resolve(value);
    }
    const observer = new MutationObserver(async () => {
      const now = root.querySelector('.widget-image');
      if (!now || now.getAttribute('src') === before) return;
      observer.disconnect(); clearTimeout(idleTimer); idleTimer = -1;
      try { await now.decode(); } catch (e) { /* a picture that fails to decode is caught below */ }
      requestAnimationFrame(() => {
        if (!now.complete || !now.naturalWidth) { finish({error: 'the new picture did not load'}); return; }
        finish({ms: performance.now() - (start === null ? performance.now() : start)});
      });
    });
    observer.observe(root, {subtree: true, attributes: true, childList: true, attributeFilter: ['src']});
  });
  return {done};
}
"""


class LabBrowser:
    """Chromium on the JupyterLab of ``lab``, loaded once; notebooks are opened in it one after another.

    Requests to any host but 127.0.0.1 are blocked and recorded in ``offsite_requests``;
    console errors are recorded in ``console_errors``.
    """

    def __init__(self, lab, *, viewport=None, load_timeout_ms=60_000):
        self.lab = lab
        self.viewport = viewport or {"width": 1280, "height": 900}
        self.load_timeout_ms = load_timeout_ms
        self.offsite_requests = []
        self.console_errors = []
        self._playwright = self._browser = self.page = None

    def __enter__(self):
        executable = find_chromium()
        if executable is None:
            raise LabError("No Chromium found (looked for /usr/bin/chromium and `chromium` on PATH).")
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        try:
            self._browser = self._playwright.chromium.launch(
                executable_path=executable, headless=True, args=CHROMIUM_ARGS
            )
            context = self._browser.new_context(viewport=self.viewport, service_workers="block")
            context.route("**/*", self._route)
            self.page = context.new_page()
            self.page.on("console", self._console)
            self.page.on("pageerror", lambda e: self.console_errors.append(f"uncaught exception: {e}"))
            self.page.goto(f"{self.lab.url}/lab?reset&token={self.lab.token}", timeout=self.load_timeout_ms)
            self.page.wait_for_function(
                "() => window.jupyterapp && window.jupyterapp.started !== undefined", timeout=self.load_timeout_ms
            )
            self.page.evaluate("() => window.jupyterapp.started")
            self.page.evaluate("() => window.jupyterapp.restored")
            self.page.evaluate(_JS_HELPERS)
        except Exception:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc):
        if self._browser is not None:
            self._browser.close()
        if self._playwright is not None:
            self._playwright.stop()
        self._browser = self._playwright = self.page = None

    def _route(self, route):
        url = route.request.url
        if url.startswith((f"http://{LOCAL_HOST}:", f"ws://{LOCAL_HOST}:", "data:", "blob:", "about:")):
            route.continue_()
        else:
            self.offsite_requests.append(url)
            route.abort("blockedbyclient")

    def _console(self, message):
        if message.type == "error":
            self.console_errors.append(message.text)

    def open_notebook(self, path, *, timeout_ms=60_000):
        """Open ``path`` (relative to the server's root) with its default viewer, as a double click would."""
        return NotebookRun(self, path, timeout_ms=timeout_ms)


class NotebookRun:
    """A page opened in JupyterLab, with what happened to it."""

    def __init__(self, browser, path, *, timeout_ms):
        self.browser = browser
        self.page = browser.page
        self.path = str(path)
        self.timeout_ms = timeout_ms
        opened = self.page.evaluate(
            """async (path) => {
                 const app = window.jupyterapp;
                 const widget = await app.commands.execute('docmanager:open', {path});
                 await widget.context.ready;
                 return {notebook: widget.hasClass('jp-NotebookPanel'),
                         factory: app.docRegistry.defaultWidgetFactory(path).name};
               }""",
            self.path,
        )
        self.is_notebook = opened["notebook"]
        self.factory = opened["factory"]

    def _panel_js(self, body, arg=None):
        return self.page.evaluate(
            "async ([path, arg]) => { const panel = window.__actlab.panel(path);"
            " if (!panel) throw new Error('not open: ' + path);" + body + "}",
            [self.path, arg],
        )

    def settle(self):
        """Wait until the document and its kernel are ready; return whether it is marked modified."""
        return self._panel_js("await window.__actlab.settle(panel); return panel.context.model.dirty;")

    def save(self):
        """Save as a reader would (the document manager's save command)."""
        self._panel_js("window.jupyterapp.shell.activateById(panel.id); await panel.context.save();")

    def run_all(self, *, timeout_s=180):
        """Run every cell (JupyterLab's Run All); return its seconds, once the kernel is idle again."""
        seconds = self._panel_js(
            """window.jupyterapp.shell.activateById(panel.id);
               await window.__actlab.settle(panel);
               const start = performance.now();
               const run = (async () => {
                 await window.jupyterapp.commands.execute('notebook:run-all-cells');
                 const kernel = panel.sessionContext.session.kernel;
                 while (kernel.status !== 'idle') { await new Promise(r => setTimeout(r, 50)); }
                 return (performance.now() - start) / 1000;
               })();
               const late = new Promise(r => setTimeout(() => r(null), arg * 1000));
               return await Promise.race([run, late]);""",
            timeout_s,
        )
        if seconds is None:
            raise LabError(f"{self.path}: Run All had not finished after {timeout_s} s")
        self._label_cells()
        return seconds

    def _label_cells(self):
        self._panel_js("panel.content.widgets.forEach((w, i) => w.node.setAttribute('data-lab-cell', i));")

    def cells(self):
        """The code cells: index, source, execution count and outputs (nbformat JSON)."""
        return self._panel_js("return window.__actlab.outputs(panel);")

    def explorers(self):
        """The live explorers the notebook shows, found from their outputs, with their rendered controls."""
        self._label_cells()
        found = []
        for cell in self.cells():
            for output in cell["outputs"]:
                data = output.get("data", {})
                html = data.get("text/html", "")
                if WIDGET_VIEW in data and "actlab-explorer" in "".join(html):
                    plain = "".join(data.get("text/plain", ""))
                    key = plain.split("'")[1] if "'" in plain else f"cell {cell['index']}"
                    found.append(LiveExplorer(self, cell["index"], key))
        for explorer in found:
            explorer.controls = self._controls(explorer)
        return found

    def _controls(self, explorer):
        items = self.page.evaluate(
            r"""(sel) => {
                const root = document.querySelector(sel);
                if (!root) return null;
                const out = [];
                const counts = {slider: 0, dropdown: 0, checkbox: 0, play: 0};
                const counted = '.widget-slider, .widget-hslider, .widget-dropdown, .widget-checkbox, '
                              + '.widget-play';
                root.querySelectorAll(counted).forEach((el) => {
                    const kind = el.classList.contains('widget-dropdown') ? 'dropdown'
                               : el.classList.contains('widget-checkbox') ? 'checkbox'
                               : el.classList.contains('widget-play') ? 'play' : 'slider';
                    const label = ((el.querySelector('.widget-label, label') || {}).textContent || '').trim();
                    out.push({kind, label: label || kind + ' button', slot: counts[kind]++});
                  });
                const baked = !!root.querySelector('.actlab-explorer, .actlab-explorer-still');
                return {controls: out, baked,
                        image: !!root.querySelector('.widget-image img, img.widget-image')};
            }""",
            explorer.selector,
        )
        if items is None:
            raise LabError(f"explorer {explorer.key!r}: its output area is not on the page")
        explorer.shows_baked = items["baked"]
        explorer.has_image = items["image"]
        return [Control(item["kind"], item["label"], item["slot"]) for item in items["controls"]]

    def quizzes(self):
        """The quizzes the notebook's outputs show, as (cell index, quiz key, number of questions)."""
        self._label_cells()
        return [
            tuple(q)
            for q in self.page.evaluate(
                """() => Array.from(document.querySelectorAll('[data-lab-cell] .jp-OutputArea .actlab-quiz'))
                 .filter(q => q.closest('.jp-NotebookPanel:not(.lm-mod-hidden)'))
                 .map(q => [Number(q.closest('[data-lab-cell]').getAttribute('data-lab-cell')),
                            q.getAttribute('data-key') || '', q.querySelectorAll('.aq-question').length])"""
            )
        ]

    def answer_quiz(self, cell, *, timeout_ms=10_000):
        """Answer the first question of the quiz in ``cell`` (its first option, or 0) and press Check.

        Returns the result the quiz announces (its ``aria-live`` status text).
        """
        quiz = self.page.locator(f'[data-lab-cell="{cell}"] .jp-OutputArea .actlab-quiz').first
        question = quiz.locator(".aq-question").first
        choice = question.locator("input[type=radio], input[type=checkbox]")
        if choice.count():
            choice.first.check()
        else:
            question.locator("input:not([type=radio]):not([type=checkbox])").first.fill("0")
        question.locator(".aq-check").click()
        result = question.locator(".aq-result")
        try:
            self.page.wait_for_function(
                "(el) => el.textContent.trim().length > 0", arg=result.element_handle(), timeout=timeout_ms
            )
        except Exception:
            return ""
        return result.inner_text().strip()

    def close(self):
        """Shut the kernel down and close the document without saving."""
        self._panel_js(
            "if (panel.sessionContext) await panel.sessionContext.shutdown();"
            " panel.context.model.dirty = false; panel.dispose();"
        )
