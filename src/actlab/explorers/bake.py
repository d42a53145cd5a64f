"""Bake an explorer into a self-contained HTML output for the static site.

Baking evaluates the explorer's ``draw`` at every combination of control values
and writes the resulting scenes as compact data; a small SVG renderer in the page
(``explorer.js``) draws the scene the controls select. Nothing is rendered to
pixels in Python, which keeps baking fast and pages light.

The payload
-----------
Coordinates are stored *normalised to the axes*: 0 at the lower (left) limit,
1 at the upper (right) one, in axis space (``log10`` on a log axis), quantised to
1/4000 of the axes -- an eighth of a pixel at the widest the figure is shown.
Each array is stored as its second differences (mostly zero or tiny for a curve
sampled evenly), written as variable-length integers; identical arrays are
stored once; the integers and the scene descriptions are zlib-compressed and
base64-encoded.
Heatmap values are stored as the index 0..255 into the two-colour ramp that a
256-entry matplotlib colormap would use, so both renderers pick the same shade.
Identical scenes (a checkbox that changes nothing in some state) are stored once.

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
import zlib
from importlib import resources

import numpy as np

from actlab.explorers.frame import FONT, MARGINS, PANEL_HEIGHT, PANEL_WIDTH, frame, plain_text, to_axis
from actlab.explorers.scene import Bars, Heatmap, HLine, Line, Scatter, Text, VLine

__all__ = ["bake", "decode", "to_html", "QUANTUM", "MAX_BAKED_BYTES"]

#: Coordinates are stored in steps of 1/QUANTUM of the axes.
QUANTUM = 4_000
#: Largest baked payload allowed for one explorer, in bytes.
MAX_BAKED_BYTES = 300_000
_LIMIT = 2**30  # coordinates this far outside the axes are clipped: 2**30 / QUANTUM axes away


def _varints(values):
    """Zigzag LEB128: each integer as 7-bit groups, low first, the high bit set on all but the last."""
    zigzag = np.where(values < 0, -2 * values - 1, 2 * values).astype(np.uint64)
    width = np.maximum(1, (np.floor(np.log2(np.maximum(zigzag, 1).astype(float))) // 7 + 1).astype(int))
    groups = (zigzag[:, None] >> (7 * np.arange(width.max(initial=1), dtype=np.uint64))) & np.uint64(127)
    more = np.arange(groups.shape[1]) < (width - 1)[:, None]
    stream = (groups | (more * 128).astype(np.uint64)).astype(np.uint8)
    return stream[np.arange(groups.shape[1]) < width[:, None]].tobytes()


def _from_varints(data):
    """Inverse of :func:`_varints`."""
    data = np.frombuffer(data, dtype=np.uint8)
    if data.size == 0:
        return np.zeros(0, dtype=np.int64)
    last = data < 128
    group = np.concatenate([[0], np.cumsum(last)[:-1]])
    starts = np.concatenate([[0], np.flatnonzero(last)[:-1] + 1])
    weights = (data & 127).astype(float) * 128.0 ** (np.arange(data.size) - starts[group])
    zigzag = np.bincount(group, weights=weights, minlength=int(last.sum())).astype(np.int64)
    return np.where(zigzag % 2 == 1, -(zigzag + 1) // 2, zigzag // 2)


class _Pool:
    """Integer arrays, each stored once as second differences, addressed by index.

    Second differences of a smooth or piecewise-linear curve sampled evenly are
    mostly zero or tiny, so they take one byte each and compress well.
    """

    def __init__(self):
        self.chunks, self.table, self._seen, self.size = [], [], {}, 0

    def add(self, values):
        """Store a float array of integers (NaN for gaps); return its index."""
        values = np.asarray(values, dtype=float).ravel()
        valid = np.isfinite(values)
        missing = np.flatnonzero(~valid)
        ints = np.clip(np.where(valid, values, 0.0), -_LIMIT, _LIMIT).astype(np.int64)
        if missing.size:  # a gap repeats the previous value so that it costs nothing
            last = np.maximum.accumulate(np.where(valid, np.arange(values.size), 0))
            ints = np.where(valid, ints, ints[last] * valid[last])
        key = (ints.tobytes(), missing.tobytes())
        if key not in self._seen:
            entry = [self.size, int(ints.size)] + ([missing.tolist()] if missing.size else [])
            self._seen[key] = len(self.table)
            self.table.append(entry)
            self.chunks.append(np.diff(ints, n=2, prepend=[0, 0]) if ints.size else ints)
            self.size += int(ints.size)
        return self._seen[key]

    def data(self):
        """All arrays' second differences as one stream of varints."""
        return _varints(np.concatenate(self.chunks)) if self.chunks else b""


def _normalise(values, lim, scale):
    lo, hi = lim
    return (to_axis(values, scale) - lo) / (hi - lo)


def _coords(pool, values, lim, scale):
    return pool.add(np.round(_normalise(values, lim, scale) * QUANTUM))


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


def _item(pool, item, f, panel):
    xs, ys = (f.xlim, panel.xscale), (f.ylim, panel.yscale)
    if isinstance(item, Line):
        return {"t": "line", "x": _coords(pool, item.x, *xs), "y": _coords(pool, item.y, *ys),
                "c": item.color, "w": item.width, "d": item.dash, "l": item.label}
    if isinstance(item, Scatter):
        out = {"t": "scatter", "x": _coords(pool, item.x, *xs), "y": _coords(pool, item.y, *ys),
               "s": item.size, "l": item.label}
        if isinstance(item.color, str):
            out["c"] = item.color
        else:
            palette = sorted(set(item.color))
            out["pal"] = palette
            out["ci"] = pool.add([palette.index(c) for c in item.color])
        return out
    if isinstance(item, Bars):
        left = np.arange(item.heights.size) + item.offset - item.width / 2
        return {"t": "bars", "x0": _coords(pool, left, *xs), "x1": _coords(pool, left + item.width, *xs),
                "y": _coords(pool, item.heights, *ys), "base": _point(0.0, *ys), "c": item.color, "l": item.label}
    if isinstance(item, Heatmap):
        x0, x1, y0, y1 = item.extent
        return {"t": "heat", "nx": int(item.z.shape[1]), "ny": int(item.z.shape[0]),
                "v": pool.add(_ramp_levels(item)), "c": list(item.colors), "a": item.alpha,
                "ext": [_point(x0, *xs), _point(x1, *xs), _point(y0, *ys), _point(y1, *ys)]}
    if isinstance(item, HLine):
        return {"t": "hline", "y": _point(item.y, *ys), "c": item.color, "w": item.width, "d": item.dash}
    if isinstance(item, VLine):
        return {"t": "vline", "x": _point(item.x, *xs), "c": item.color, "w": item.width, "d": item.dash}
    if isinstance(item, Text):
        return {"t": "text", "x": _point(item.x, *xs), "y": _point(item.y, *ys), "s": plain_text(item.text),
                "c": item.color, "z": item.size, "ha": item.ha}
    raise TypeError(f"Cannot bake a {type(item).__name__}.")  # unreachable: Panel checks item types


def _ticks(ticks, lim):
    lo, hi = lim
    return [round((t - lo) / (hi - lo), 6) for t in ticks]


def _panel(pool, panel):
    f = frame(panel)
    return {
        "title": plain_text(panel.title), "xlabel": plain_text(panel.xlabel), "ylabel": plain_text(panel.ylabel),
        "box": [round(v, 3) for v in f.box], "legend": panel.legend,
        "xt": _ticks(f.xticks, f.xlim), "xtl": f.xticklabels,
        "yt": _ticks(f.yticks, f.ylim), "ytl": f.yticklabels,
        "items": [_item(pool, item, f, panel) for item in panel.items],
    }


def _pack(data):
    return base64.b64encode(zlib.compress(data, 9)).decode("ascii")


def _controls(explorer):
    return [
        {"name": c.name, "kind": c.kind, "label": c.label, "labels": c.labels, "index": c.index(c.value)}
        for c in explorer.controls
    ]


def bake(explorer):
    """Evaluate an explorer over its whole control grid and return the payload the page reads.

    Parameters
    ----------
    explorer : Explorer

    Returns
    -------
    dict
        JSON-ready: ``key``, ``title``, ``controls`` (name, kind, label, value
        labels, default index), the panel geometry, and ``body``/``pool``, the
        compressed scenes and coordinate arrays. State ``i`` is the mixed-radix
        number whose digits are the controls' value indices, first control first.

    Raises
    ------
    ValueError
        If the payload is larger than :data:`MAX_BAKED_BYTES`.
    """
    pool, scenes, seen, states = _Pool(), [], {}, []
    for values in explorer.grid():
        scene = explorer.scene(**values)
        encoded = json.dumps({"alt": scene.alt, "panels": [_panel(pool, p) for p in scene.panels]},
                             separators=(",", ":"))
        if encoded not in seen:
            seen[encoded] = len(scenes)
            scenes.append(encoded)
        states.append(seen[encoded])
    body = '{"states":%s,"arrays":%s,"scenes":[%s]}' % (
        json.dumps(states, separators=(",", ":")), json.dumps(pool.table, separators=(",", ":")), ",".join(scenes))
    payload = {
        "v": 1, "key": explorer.key, "title": explorer.title, "controls": _controls(explorer),
        "geometry": {"width": PANEL_WIDTH, "height": PANEL_HEIGHT, "margins": list(MARGINS), "font": FONT},
        "quantum": QUANTUM, "body": _pack(body.encode("utf-8")), "pool": _pack(pool.data()),
    }
    size = len(json.dumps(payload))
    if size > MAX_BAKED_BYTES:
        raise ValueError(
            f"Explorer {explorer.key!r} bakes to {size // 1000} kB, more than the {MAX_BAKED_BYTES // 1000} kB "
            "a page can carry; draw fewer points or coarsen a slider's step."
        )
    return payload


def _unpack(text):
    return zlib.decompress(base64.b64decode(text))


def decode(payload):
    """Read a baked payload back into one plain scene description per state (for tests).

    Arrays come back as float arrays normalised to the axes (0 and 1 at the
    limits) except ``heat`` values, which are ramp indices 0..255 (NaN where
    transparent), and scatter colour indices.
    """
    body = json.loads(_unpack(payload["body"]))
    ints = _from_varints(_unpack(payload["pool"]))
    arrays = []
    for entry in body["arrays"]:
        offset, length = entry[0], entry[1]
        values = np.cumsum(np.cumsum(ints[offset:offset + length])).astype(float)
        if len(entry) > 2:
            values[entry[2]] = np.nan
        arrays.append(values)
    refs = {"line": ("x", "y"), "scatter": ("x", "y"), "bars": ("x0", "x1", "y"), "heat": ("v",)}
    scenes = []
    for scene in body["scenes"]:
        for panel in scene["panels"]:
            for item in panel["items"]:
                for name in refs.get(item["t"], ()):
                    item[name] = arrays[item[name]] / (1 if name == "v" else payload["quantum"])
                if "ci" in item:
                    item["ci"] = arrays[item["ci"]].astype(int)
        scenes.append(scene)
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
        return (f'<div class="actlab-control actlab-slider"><label for="{cid}">{label}</label>'
                f'<input type="range" id="{cid}" min="0" max="{top}" step="1" value="{control["index"]}" '
                f'aria-valuetext="{current}" disabled>'
                f'<output for="{cid}">{current}</output></div>')
    if control["kind"] == "dropdown":
        options = "".join(
            f'<option value="{i}"{" selected" if i == control["index"] else ""}>{_html.escape(text)}</option>'
            for i, text in enumerate(control["labels"]))
        return (f'<div class="actlab-control actlab-dropdown"><label for="{cid}">{label}</label>'
                f'<select id="{cid}" disabled>{options}</select></div>')
    checked = " checked" if control["index"] == 1 else ""
    return (f'<div class="actlab-control actlab-checkbox"><input type="checkbox" id="{cid}"{checked} disabled>'
            f'<label for="{cid}">{label}</label></div>')


def to_html(explorer, payload=None):
    """The explorer as one self-contained HTML fragment: controls, an empty figure, data and renderer.

    The controls are native ``<input type="range">``, ``<select>`` and
    ``<input type="checkbox">`` elements, each with a ``<label for>``; they are
    disabled until the renderer has read the data. The renderer script and the
    style sheet are inlined in every fragment and define themselves once per page.
    """
    payload = bake(explorer) if payload is None else payload
    dom_id = f"actlab-{explorer.key}"
    default = explorer.scene()
    title = (f'<p class="actlab-explorer-title" id="{dom_id}-title">{_html.escape(plain_text(explorer.title))}</p>'
             if explorer.title else "")
    labelled = f' aria-labelledby="{dom_id}-title"' if explorer.title else ""
    controls = "".join(_control_html(dom_id, i, c) for i, c in enumerate(payload["controls"]))
    panels = "".join(
        f'<svg class="actlab-panel" viewBox="0 0 {PANEL_WIDTH} {PANEL_HEIGHT}" aria-hidden="true"></svg>'
        for _ in default.panels)
    return (
        f'<style>{_asset("explorer.css")}</style>'
        f'<div class="actlab-explorer" id="{dom_id}" data-key="{_html.escape(explorer.key)}" role="group"{labelled}>'
        f"{title}"
        f'<div class="actlab-controls">{controls}</div>'
        f'<div class="actlab-figure" role="img" aria-label="{_html.escape(default.alt)}" '
        f'style="max-width: {len(default.panels) * PANEL_WIDTH * 1.4:.0f}px">{panels}</div>'
        f'<p class="actlab-alt" aria-live="polite">{_html.escape(default.alt)}</p>'
        f'<noscript><p class="actlab-noscript">This explorer needs JavaScript. With its default settings: '
        f"{_html.escape(default.alt)}</p></noscript>"
        f'<script type="application/json" class="actlab-explorer-data">{_script_json(payload)}</script>'
        f"<script>{_asset('explorer.js')}</script>"
        f"</div>"
    )
