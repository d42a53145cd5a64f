"""Bake an explorer into a self-contained HTML output for the static site.

Baking evaluates the explorer's ``draw`` at every combination of control values
and writes the resulting scenes as compact data; a small SVG renderer in the page
(``explorer.js``) draws the scene the controls select. Nothing is rendered to
pixels in Python, which keeps baking fast and pages light.

When an explorer is baked
-------------------------
Displaying an explorer (the last expression of a cell) gives one output with both
lives: the live widget view and the ``text/html`` baked copy. Baking costs one
``draw`` per state, which for a training explorer can take longer than a reader
in Jupyter should wait. So the baked copy is made only where a static page can
come of it (:func:`on_display`):

- **baked** when the notebook is executed outside a Jupyter server -- by the book
  build (myst-nb), by nbval, by ``jupyter execute`` -- which is where pages are
  made;
- **not baked** in a kernel that a Jupyter server started (JupyterLab, Notebook,
  Binder: the server sets ``JPY_SESSION_NAME``), where the reader uses the live
  view; the ``text/html`` is then the default picture with a note;
- the environment variable ``ACTLAB_BAKE`` overrides both: ``1`` always bakes,
  ``0`` never does. ``explorer.to_html()`` always bakes.

The payload
-----------
Coordinates are stored *normalised to the axes*: 0 at the lower (left) limit,
1 at the upper (right) one, in axis space (``log10`` on a log axis), quantised to
1/4000 of the axes -- an eighth of a pixel at the widest the figure is shown.
The values a read-out prints are stored apart, to seven significant digits
(:func:`actlab.explorers.readout.fine`), so the page prints what Python prints.

Each array of integers is stored once, as its second differences (mostly zero or
tiny for a curve sampled evenly); an array that extends one stored before it by
a few values (the loss curve at step *t* + 1 after the curve at step *t*) is
stored as that one plus its new end. All differences go, as one JSON list, into the same zlib stream as
the scene descriptions, and the page inflates it with the browser's own
``DecompressionStream``. Identical panels and identical scenes are stored once.
Heatmap values are stored as the index 0..255 into the two-colour ramp that a
256-entry matplotlib colormap would use, so both renderers pick the same shade.
Non-finite values become gaps, with their kind kept (NaN, +inf, -inf) and their
runs listed as marks.

Examples
--------
>>> import numpy as np
>>> from actlab.explorers import Explorer, Line, Panel, Scene, Slider
>>> def draw(slope):
...     z = np.linspace(-1, 1, 5)
...     return Scene([Panel([Line(z, slope * z)], ylim=(-2, 2))], alt=f"A line of slope {slope}.")
>>> e = Explorer("slope", controls=[Slider("slope", min=0, max=2, step=1)], draw=draw)
>>> states = decode(bake(e))
>>> len(states), states[2]["alt"]
(3, 'A line of slope 2.')
>>> states[2]["panels"][0]["items"][0]["y"].tolist()  # y from -2 to 2, normalised to ylim (-2, 2)
[0.0, 0.25, 0.5, 0.75, 1.0]
"""

import base64
import html as _html
import json
import os
import zlib
from importlib import resources

import numpy as np

from actlab.explorers import readout as reading
from actlab.explorers.frame import FONT, MARGINS, PANEL_HEIGHT, PANEL_WIDTH, frames, marks, plain_text, to_axis
from actlab.explorers.scene import Bars, Heatmap, Histogram, HLine, Line, Scatter, Text, VLine

__all__ = ["bake", "decode", "to_html", "placeholder_html", "on_display", "QUANTUM", "MAX_BAKED_BYTES", "PLAY_SECONDS"]

#: Coordinates are stored in steps of 1/QUANTUM of the axes.
QUANTUM = 4_000
#: Largest baked payload allowed for one explorer, in bytes.
MAX_BAKED_BYTES = 300_000
#: Play runs through a time axis in about this many seconds (40 to 400 ms a step).
PLAY_SECONDS = 8.0
_LIMIT = 2**30  # coordinates this far outside the axes are clipped: 2**30 / QUANTUM axes away


def on_display():
    """Whether displaying an explorer bakes it (see "When an explorer is baked" above).

    Examples
    --------
    >>> import os
    >>> os.environ["ACTLAB_BAKE"] = "1"
    >>> on_display()
    True
    >>> del os.environ["ACTLAB_BAKE"]
    """
    setting = os.environ.get("ACTLAB_BAKE", "").strip().lower()
    if setting in ("1", "true", "yes", "always"):
        return True
    if setting in ("0", "false", "no", "never"):
        return False
    return "JPY_SESSION_NAME" not in os.environ


class _Pool:
    """Integer arrays, each stored once as second differences, addressed by index.

    A table entry is ``[offset, length, k, base, nan, +inf, -inf]`` (trailing
    defaults left out: ``k`` 0, ``base`` -1, no special positions). The array's
    integers are those of entry ``base`` (none when -1) followed by ``length``
    minus that many more, whose second differences start at ``offset`` in the
    stream; its values are the integers divided by ``10**k``, except at the
    listed positions, which hold NaN, +inf or -inf.
    """

    GROWTH = 8  # how many values an array may add to one stored before it and still build on it

    def __init__(self):
        self.chunks, self.table, self._seen, self._ints, self.size = [], [], {}, {}, 0
        self.memo = {}  # (what, the values' bytes, ...) -> index: the same data arrives again and again

    def add(self, values, k=0):
        """Store a float array of integers (or non-finite values); return its index."""
        values = np.asarray(values, dtype=float).ravel()
        valid = np.isfinite(values)
        special = [
            np.flatnonzero(np.isnan(values)),
            np.flatnonzero(values == np.inf),
            np.flatnonzero(values == -np.inf),
        ]
        ints = np.clip(np.where(valid, values, 0.0), -_LIMIT, _LIMIT).astype(np.int64)
        if not valid.all():  # a gap repeats the previous value so that it costs nothing
            last = np.maximum.accumulate(np.where(valid, np.arange(values.size), 0))
            ints = np.where(valid, ints, ints[last] * valid[last])
        raw = ints.tobytes()
        key = (raw, k, *(s.tobytes() for s in special))
        if key in self._seen:
            return self._seen[key]
        base = self._ints.get(raw, -1)  # the same integers, other special values or scale
        start = ints.size if base >= 0 else 0
        for shorter in range(ints.size - 1, max(0, ints.size - self.GROWTH) - 1, -1):
            if base >= 0:
                break
            base = self._ints.get(ints[:shorter].tobytes(), -1)
            start = shorter if base >= 0 else 0
        diffs = np.diff(ints, n=2, prepend=[0, 0])[start:] if ints.size else ints
        entry = [self.size, int(ints.size), int(k), int(base)] + [s.tolist() for s in special]
        self.chunks.append(diffs)
        self.size += int(diffs.size)
        while len(entry) > 4 and not entry[-1]:
            entry.pop()
        if len(entry) == 4 and entry[3] == -1:
            entry.pop()
            if entry[2] == 0:
                entry.pop()
        index = len(self.table)
        self._seen[key] = index
        self._ints.setdefault(raw, index)
        self.table.append(entry)
        return index

    def data(self):
        """All arrays' second differences as one list of integers."""
        return np.concatenate(self.chunks).tolist() if self.chunks else []


def _normalise(values, lim, scale):
    lo, hi = lim
    with np.errstate(invalid="ignore", over="ignore"):
        return (to_axis(values, scale) - lo) / (hi - lo)


def _coords(pool, values, lim, scale):
    values = np.asarray(values, dtype=float)
    key = ("coords", values.tobytes(), lim, scale)
    if key not in pool.memo:
        normal = np.round(_normalise(values, lim, scale) * QUANTUM)
        pool.memo[key] = pool.add(np.where(np.isfinite(values), normal, values))  # keep a non-finite kind
    return pool.memo[key]


def _fine(pool, values):
    values = np.asarray(values, dtype=float)
    key = ("fine", values.tobytes())
    if key not in pool.memo:
        pool.memo[key] = pool.add(*reading.fine(values))
    return pool.memo[key]


def _point(value, lim, scale):
    n = float(_normalise([value], lim, scale)[0])
    return round(n, 6) if np.isfinite(n) else None


def _ramp_levels(item):
    """Index 0..255 into a 256-entry ramp, exactly as matplotlib's colormap lookup picks it."""
    span = item.vmax - item.vmin
    with np.errstate(divide="ignore", invalid="ignore"):
        x = (item.z - item.vmin) / span if span != 0 else np.zeros_like(item.z)
    levels = np.floor(x * 256.0)
    levels = np.where(x == 1.0, 255.0, np.clip(levels, 0, 255))
    return np.where(np.isfinite(item.z), levels, np.nan)


def _marks(values, scale):
    return [[kind, start, stop] for kind, start, stop in marks(values, scale)]


def _item(pool, item, f, panel):
    xs, ys = (f.xlim, panel.xscale), (f.ylim, panel.yscale)
    if isinstance(item, Line):
        out = {
            "t": "line",
            "x": _coords(pool, item.x, *xs),
            "y": _coords(pool, item.y, *ys),
            "c": item.color,
            "w": item.width,
            "d": item.dash,
            "l": item.label,
        }
        runs = _marks(item.y, panel.yscale)
        return {**out, "m": runs} if runs else out
    if isinstance(item, Scatter):
        out = {
            "t": "scatter",
            "x": _coords(pool, item.x, *xs),
            "y": _coords(pool, item.y, *ys),
            "s": item.size,
            "l": item.label,
        }
        if isinstance(item.color, str):
            out["c"] = item.color
        else:
            palette = sorted(set(item.color))
            out["pal"] = palette
            out["ci"] = pool.add([palette.index(c) for c in item.color])
        return out
    if isinstance(item, Bars):
        left = np.arange(item.heights.size) + item.offset - item.width / 2
        out = {
            "t": "bars",
            "x0": _coords(pool, left, *xs),
            "x1": _coords(pool, left + item.width, *xs),
            "y": _coords(pool, item.heights, *ys),
            "base": _point(0.0, *ys),
            "c": item.color,
            "l": item.label,
        }
        runs = _marks(item.heights, panel.yscale)
        return {**out, "m": runs} if runs else out
    if isinstance(item, Histogram):
        return {
            "t": "bars",
            "x0": _coords(pool, item.edges[:-1], *xs),
            "x1": _coords(pool, item.edges[1:], *xs),
            "y": _coords(pool, item.counts, *ys),
            "base": _point(0.0, *ys),
            "c": item.color,
            "l": item.label,
            "e": 1,
        }
    if isinstance(item, Heatmap):
        x0, x1, y0, y1 = item.extent
        return {
            "t": "heat",
            "nx": int(item.z.shape[1]),
            "ny": int(item.z.shape[0]),
            "v": pool.add(_ramp_levels(item)),
            "c": list(item.colors),
            "a": item.alpha,
            "ext": [_point(x0, *xs), _point(x1, *xs), _point(y0, *ys), _point(y1, *ys)],
        }
    if isinstance(item, HLine):
        return {"t": "hline", "y": _point(item.y, *ys), "c": item.color, "w": item.width, "d": item.dash}
    if isinstance(item, VLine):
        return {"t": "vline", "x": _point(item.x, *xs), "c": item.color, "w": item.width, "d": item.dash}
    if isinstance(item, Text):
        return {
            "t": "text",
            "x": _point(item.x, *xs),
            "y": _point(item.y, *ys),
            "s": plain_text(item.text),
            "c": item.color,
            "z": item.size,
            "ha": item.ha,
        }
    raise TypeError(f"Cannot bake a {type(item).__name__}.")  # unreachable: Panel checks item types


def _ticks(ticks, lim):
    lo, hi = lim
    return [round((t - lo) / (hi - lo), 6) for t in ticks]


def _readout(pool, panel, f):
    """What the page needs to move a panel's read-out and print it as Python does."""
    lines = []
    for index, item in enumerate(panel.items):
        if isinstance(item, Line) and reading.readable(item):
            slope = None if item.slope is None else _fine(pool, item.slope)
            lines.append([index, _fine(pool, item.x), _fine(pool, item.y), slope])
    return {
        **reading.grid(panel.readout, f.xlim),
        "name": panel.readout.name,
        "xl": list(f.xlim),
        "yl": list(f.ylim),
        "ys": panel.yscale,
        "lines": lines,
    }


def _panel(pool, panel, f):
    out = {
        "title": plain_text(panel.title),
        "xlabel": plain_text(panel.xlabel),
        "ylabel": plain_text(panel.ylabel),
        "box": [round(v, 3) for v in f.box],
        "legend": panel.legend,
        "xt": _ticks(f.xticks, f.xlim),
        "xtl": f.xticklabels,
        "yt": _ticks(f.yticks, f.ylim),
        "ytl": f.yticklabels,
        "items": [_item(pool, item, f, panel) for item in panel.items],
    }
    if panel.readout is not None:
        out["ro"] = _readout(pool, panel, f)
    return out


def _pack(data):
    return base64.b64encode(zlib.compress(data, 9)).decode("ascii")


def _controls(explorer):
    return [
        {
            "name": c.name,
            "kind": c.kind,
            "label": c.label,
            "labels": c.labels,
            "tokens": c.tokens,
            "index": c.index(c.value),
            **({"play": _play_ms(c)} if c.play else {}),
        }
        for c in explorer.controls
    ]


def _play_ms(control):
    """Milliseconds between two steps of a time axis: about :data:`PLAY_SECONDS` for the whole run."""
    return int(min(400, max(40, round(1000 * PLAY_SECONDS / max(1, len(control.values) - 1)))))


def _order(explorer):
    """``(state index, values)`` for every state, the time axis varying fastest.

    State ``i`` is the mixed-radix number whose digits are the controls' value
    indices, first control first; baking visits the steps of one setting one
    after the other, so that an array growing with the steps is stored once.
    """
    controls = explorer.controls
    strides, stride = [0] * len(controls), 1
    for k in range(len(controls) - 1, -1, -1):
        strides[k], stride = stride, stride * len(controls[k].values)
    order = sorted(range(len(controls)), key=lambda k: controls[k].play)
    for combo in np.ndindex(*(len(controls[k].values) for k in order)):
        indices = dict(zip(order, combo))
        state = sum(indices[k] * strides[k] for k in range(len(controls)))
        yield state, {c.name: c.values[indices[k]] for k, c in enumerate(controls)}


def _dedupe(table, seen, value):
    text = json.dumps(value, separators=(",", ":"))
    if text not in seen:
        seen[text] = len(table)
        table.append(text)
    return seen[text]


def bake(explorer):
    """Evaluate an explorer over its whole control grid and return the payload the page reads.

    Parameters
    ----------
    explorer : Explorer

    Returns
    -------
    dict
        JSON-ready: ``key``, ``title``, ``controls`` (name, kind, label, value
        labels, link tokens, default index, and ``play``, the milliseconds per
        step of a time axis), the panel geometry, and ``body``: the scenes,
        panels and integer arrays, compressed. State ``i`` is the mixed-radix
        number whose digits are the controls' value indices, first control first.

    Raises
    ------
    ValueError
        If the payload is larger than :data:`MAX_BAKED_BYTES`.
    """
    pool, panels, panel_seen, scenes, scene_seen = _Pool(), [], {}, [], {}
    states = [0] * explorer.state_count
    for state, values in _order(explorer):
        scene = explorer.scene(**values)
        indices = [_dedupe(panels, panel_seen, _panel(pool, p, f)) for p, f in zip(scene.panels, frames(scene))]
        states[state] = _dedupe(scenes, scene_seen, {"alt": scene.alt, "p": indices})
    compact = {"separators": (",", ":")}
    body = (
        f'{{"states":{json.dumps(states, **compact)},"arrays":{json.dumps(pool.table, **compact)},'
        f'"scenes":[{",".join(scenes)}],"panels":[{",".join(panels)}],"ints":{json.dumps(pool.data(), **compact)}}}'
    )
    payload = {
        "v": 2,
        "key": explorer.key,
        "title": explorer.title,
        "controls": _controls(explorer),
        "geometry": {"width": PANEL_WIDTH, "height": PANEL_HEIGHT, "margins": list(MARGINS), "font": FONT},
        "quantum": QUANTUM,
        "body": _pack(body.encode("utf-8")),
    }
    size = len(json.dumps(payload, separators=(",", ":")))
    if size > MAX_BAKED_BYTES:
        raise ValueError(
            f"Explorer {explorer.key!r} bakes to {size // 1000} kB, more than the {MAX_BAKED_BYTES // 1000} kB "
            "a page can carry; draw fewer points, give growing panels fixed limits, or coarsen a slider's step."
        )
    return payload


def _unpack(text):
    return zlib.decompress(base64.b64decode(text))


def _arrays(body):
    """The pool's arrays, decoded as the page decodes them."""
    ints = np.asarray(body["ints"], dtype=np.int64)
    raws, arrays = [], []
    for entry in body["arrays"]:
        offset, length = entry[0], entry[1]
        k = entry[2] if len(entry) > 2 else 0
        base = raws[entry[3]] if len(entry) > 3 and entry[3] >= 0 else np.zeros(0, dtype=np.int64)
        n = base.size
        step = int(base[-1] - (base[-2] if n > 1 else 0)) if n else 0
        tail = ints[offset : offset + length - n].copy()
        if tail.size:
            tail[0] += step  # continue the base's last step
            tail = np.cumsum(np.cumsum(tail)) + (int(base[-1]) if n else 0)
        raw = np.concatenate([base, tail])
        raws.append(raw)
        values = reading.unfine(raw.astype(float), k)
        for position, special in zip(entry[4:], (np.nan, np.inf, -np.inf)):
            values[position] = special
        arrays.append(values)
    return arrays


def decode(payload):
    """Read a baked payload back into one plain scene description per state (for tests).

    Coordinate arrays come back as float arrays normalised to the axes (0 and 1
    at the limits; NaN or ±inf where the value was), ``heat`` values as ramp
    indices 0..255 (NaN where transparent), scatter colour indices as integers,
    and a read-out's ``lines`` as ``[item index, x, y, slope or None]`` with the
    values it prints.
    """
    body = json.loads(_unpack(payload["body"]))
    arrays = _arrays(body)
    refs = {"line": ("x", "y"), "scatter": ("x", "y"), "bars": ("x0", "x1", "y"), "heat": ("v",)}
    panels = []
    for panel in body["panels"]:
        for item in panel["items"]:
            for name in refs.get(item["t"], ()):
                item[name] = arrays[item[name]] / (1 if name == "v" else payload["quantum"])
            if "ci" in item:
                item["ci"] = arrays[item["ci"]].astype(int)
        if "ro" in panel:
            panel["ro"]["lines"] = [
                [i, arrays[x], arrays[y], None if s is None else arrays[s]] for i, x, y, s in panel["ro"]["lines"]
            ]
        panels.append(panel)
    scenes = [{"alt": scene["alt"], "panels": [panels[p] for p in scene["p"]]} for scene in body["scenes"]]
    return [scenes[i] for i in body["states"]]


def _asset(name):
    return resources.files("actlab.explorers").joinpath(name).read_text(encoding="utf-8")


def _script_json(payload):
    return json.dumps(payload, separators=(",", ":")).replace("</", "<\\/")


def _control_html(dom_id, index, control):
    cid = f"{dom_id}-c{index}"
    label = _html.escape(plain_text(control["label"]))
    if control["kind"] == "slider":
        top = len(control["labels"]) - 1
        current = _html.escape(control["labels"][control["index"]])
        play = ""
        if "play" in control:
            play = (
                f'<button type="button" class="actlab-play" aria-controls="{cid}" disabled>'
                f'<span class="actlab-play-icon" aria-hidden="true"></span>'
                f'<span class="actlab-play-text">Play</span></button>'
            )
        return (
            f'<div class="actlab-control actlab-slider{" actlab-time" if play else ""}">{play}'
            f'<label for="{cid}">{label}</label>'
            f'<input type="range" id="{cid}" min="0" max="{top}" step="1" value="{control["index"]}" '
            f'aria-valuetext="{current}" disabled>'
            f'<output for="{cid}">{current}</output></div>'
        )
    if control["kind"] == "dropdown":
        options = "".join(
            f'<option value="{i}"{" selected" if i == control["index"] else ""}>{_html.escape(text)}</option>'
            for i, text in enumerate(control["labels"])
        )
        return (
            f'<div class="actlab-control actlab-dropdown"><label for="{cid}">{label}</label>'
            f'<select id="{cid}" disabled>{options}</select></div>'
        )
    checked = " checked" if control["index"] == 1 else ""
    return (
        f'<div class="actlab-control actlab-checkbox"><input type="checkbox" id="{cid}"{checked} disabled>'
        f'<label for="{cid}">{label}</label></div>'
    )


def _readout_html(dom_id, scene, frames_):
    """One row per panel with a read-out: a slider for the guide, and the sentence Python computes."""
    rows, many = [], sum(p.readout is not None for p in scene.panels) > 1
    for p, (panel, f) in enumerate(zip(scene.panels, frames_)):
        if panel.readout is None:
            continue
        g = reading.grid(panel.readout, f.xlim)
        rid = f"{dom_id}-r{p}"
        where = f" ({_html.escape(plain_text(panel.title))})" if many and panel.title else ""
        at = _html.escape(f"{panel.readout.name} = {reading._format_x(reading.position(g, g['i']), g['d'])}")
        rows.append(
            f'<div class="actlab-readout"><label for="{rid}">Read values at {_html.escape(panel.readout.name)}'
            f'{where}</label><input type="range" id="{rid}" min="{g["lo"]}" max="{g["hi"]}" step="1" '
            f'value="{g["i"]}" aria-valuetext="{at}" disabled>'
            f'<output for="{rid}" class="actlab-readout-text" aria-live="polite">'
            f"{_html.escape(reading.text(panel, xlim=f.xlim))}</output></div>"
        )
    return "".join(rows)


def to_html(explorer, payload=None):
    """The explorer as one self-contained HTML fragment: controls, an empty figure, data and renderer.

    The controls are native ``<input type="range">``, ``<select>`` and
    ``<input type="checkbox">`` elements, each with a ``<label for>``, and a
    ``<button>`` to play a time axis; a read-out is a range input too, with its
    sentence in a live region. They are disabled until the renderer has read the
    data. The renderer script and the style sheet are inlined in every fragment
    and define themselves once per page.
    """
    payload = bake(explorer) if payload is None else payload
    dom_id = f"actlab-{explorer.key}"
    default = explorer.scene()
    title = (
        f'<p class="actlab-explorer-title" id="{dom_id}-title">{_html.escape(plain_text(explorer.title))}</p>'
        if explorer.title
        else ""
    )
    labelled = f' aria-labelledby="{dom_id}-title"' if explorer.title else ""
    controls = "".join(_control_html(dom_id, i, c) for i, c in enumerate(payload["controls"]))
    panels = "".join(
        f'<svg class="actlab-panel" viewBox="0 0 {PANEL_WIDTH} {PANEL_HEIGHT}" aria-hidden="true"></svg>'
        for _ in default.panels
    )
    return (
        f"<style>{_asset('explorer.css')}</style>"
        f'<div class="actlab-explorer" id="{dom_id}" data-key="{_html.escape(explorer.key)}" role="group"{labelled}>'
        f"{title}"
        f'<div class="actlab-controls">{controls}</div>'
        f'<div class="actlab-figure" role="img" aria-label="{_html.escape(default.alt)}" '
        f'style="max-width: {len(default.panels) * PANEL_WIDTH * 1.4:.0f}px">{panels}</div>'
        f"{_readout_html(dom_id, default, frames(default))}"
        f'<p class="actlab-alt" aria-live="polite">{_html.escape(default.alt)}</p>'
        f'<noscript><p class="actlab-noscript">This explorer needs JavaScript. With its default settings: '
        f"{_html.escape(default.alt)}</p></noscript>"
        f'<script type="application/json" class="actlab-explorer-data">{_script_json(payload)}</script>'
        f"<script>{_asset('explorer.js')}</script>"
        f"</div>"
    )


def placeholder_html(explorer, png):
    """What an unbaked explorer shows where only HTML can be shown: its default picture and why it is still.

    Parameters
    ----------
    explorer : Explorer
    png : bytes
        The default picture, as the live view drew it.
    """
    alt = _html.escape(explorer.scene().alt)
    data = base64.b64encode(png).decode("ascii")
    return (
        f'<div class="actlab-explorer-still"><img src="data:image/png;base64,{data}" alt="{alt}" '
        f'style="max-width:100%;height:auto">'
        f"<p>This is the explorer&#8217;s default picture: its controls need the ipywidgets extension of "
        f"Jupyter. <code>explorer.to_html()</code> makes a copy that works in a plain browser.</p></div>"
    )
