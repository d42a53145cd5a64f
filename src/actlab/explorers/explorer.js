/* actlab explorers: draw baked scenes as SVG and answer the controls, with no kernel.
 *
 * The page holds, per explorer, a <script type="application/json"> payload written by
 * actlab/explorers/bake.py: the controls, and every scene of the control grid as data
 * (coordinates normalised to the axes). This script decodes the payload once, then on
 * every control change draws the selected scene into the panel SVGs. It also moves the
 * read-outs (pointer, touch, arrow keys), plays a time axis, and keeps the setting in
 * the page's address (#key:name=value&...). It may be included several times on a page;
 * the first copy defines everything, later copies only scan.
 */
(function () {
  "use strict";
  if (window.actlabExplorers) {
    window.actlabExplorers.scan();
    return;
  }

  var DASHES = { "--": [3.7, 1.6], ":": [1, 1.65], "-.": [6.4, 1.6, 1, 1.6] }; // in line widths
  var PT = 100 / 72; // one point in panel units (1/100 inch)
  var MARK_TEXT = { nan: "NaN", "+inf": "+\u221e", "-inf": "\u2212\u221e", zero: "0", low: "\u22640" };
  var MARK_INSET = 8; // units between a mark and the edge of the plot (as render.py)
  var SUPERSCRIPT = { "-": "\u207b", 0: "\u2070", 1: "\u00b9", 2: "\u00b2", 3: "\u00b3", 4: "\u2074",
    5: "\u2075", 6: "\u2076", 7: "\u2077", 8: "\u2078", 9: "\u2079" };
  var explorers = [];

  function esc(text) {
    return String(text).replace(/[&<>"]/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c];
    });
  }

  function r2(v) {
    return Math.round(v * 100) / 100;
  }

  function power(k) {
    return Number("1e" + k); // the double nearest 10**k, as readout.py's _power
  }

  function inflate(b64) {
    var bytes = Uint8Array.from(atob(b64), function (c) { return c.charCodeAt(0); });
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate"));
    return new Response(stream).text();
  }

  // Each array: its integers -- those of its base array, then more stored as second differences --
  // over 10**k, then NaN and infinities put back (bake.py's _Pool and _arrays).
  function arrays(body) {
    var ints = body.ints, raws = [];
    return body.arrays.map(function (entry) {
      var length = entry[1], k = entry[2] || 0, base = entry.length > 3 && entry[3] >= 0 ? raws[entry[3]] : null;
      var raw = new Float64Array(length), n = base ? base.length : 0, i, step = 0, value = 0;
      if (n) {
        raw.set(base);
        value = base[n - 1];
        step = value - (n > 1 ? base[n - 2] : 0);
      }
      for (i = n; i < length; i++) {
        step += ints[entry[0] + i - n];
        value += step;
        raw[i] = value;
      }
      raws.push(raw);
      var out = new Float64Array(raw);
      if (k !== 0) {
        var p = power(Math.abs(k));
        for (i = 0; i < length; i++) out[i] = k > 0 ? out[i] / p : out[i] * p;
      }
      [NaN, Infinity, -Infinity].forEach(function (special, s) {
        (entry[4 + s] || []).forEach(function (j) { out[j] = special; });
      });
      return out;
    });
  }

  function load(payload) {
    return inflate(payload.body).then(function (text) {
      var body = JSON.parse(text);
      body.arrays = arrays(body);
      return body;
    });
  }

  function rgb(hex) {
    return [1, 3, 5].map(function (i) { return parseInt(hex.substr(i, 2), 16); });
  }

  // ------------------------------------------------------------------ numbers, as readout.py prints them

  function formatNumber(v) {
    if (v === null || v === undefined) return "\u2014";
    if (isNaN(v)) return "NaN";
    if (!isFinite(v)) return v > 0 ? "+\u221e" : "\u2212\u221e";
    if (v === 0) return "0";
    var s = v.toExponential(2), parts = s.split("e"), e = parseInt(parts[1], 10), text;
    if (e >= -3 && e < 5) {
      text = Number(s).toFixed(Math.max(0, 2 - e));
    } else {
      text = parts[0] + "\u00d710" + String(e).split("").map(function (c) { return SUPERSCRIPT[c]; }).join("");
    }
    return text.replace(/-/g, "\u2212");
  }

  function formatX(x, decimals) {
    var text = x.toFixed(decimals);
    if (Number(text) === 0) text = text.replace(/^-/, "");
    return text.replace(/-/g, "\u2212");
  }

  // The value of the polyline (xs, ys) at x, or null outside it (readout.value_at).
  function valueAt(xs, ys, x) {
    var n = xs.length;
    if (!n || x < xs[0] || x > xs[n - 1]) return null;
    var lo = 0, hi = n;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (xs[mid] <= x) lo = mid + 1; else hi = mid;
    }
    var i = lo - 1;
    if (i >= n - 1 || x === xs[i]) return ys[Math.min(i, n - 1)];
    var a = ys[i], b = ys[i + 1];
    if (isFinite(a) && isFinite(b)) {
      var t = (x - xs[i]) / (xs[i + 1] - xs[i]);
      return a + t * (b - a);
    }
    if (a === b) return a;
    if (!isFinite(a) && !isFinite(b)) return NaN;
    return isFinite(a) ? b : a;
  }

  // ------------------------------------------------------------------------------------ drawing

  // A heatmap as a PNG data URL, one canvas pixel per cell, through a 256-entry two-colour ramp.
  function heatmapURL(item, levels) {
    var nx = item.nx, ny = item.ny, lo = rgb(item.c[0]), hi = rgb(item.c[1]);
    var canvas = document.createElement("canvas");
    canvas.width = nx;
    canvas.height = ny;
    var ctx = canvas.getContext("2d"), img = ctx.createImageData(nx, ny);
    var flipX = item.ext[1] < item.ext[0], flipY = item.ext[3] < item.ext[2];
    for (var cy = 0; cy < ny; cy++) {
      var row = flipY ? cy : ny - 1 - cy;
      for (var cx = 0; cx < nx; cx++) {
        var v = levels[row * nx + (flipX ? nx - 1 - cx : cx)], o = 4 * (cy * nx + cx);
        if (isNaN(v)) continue;
        for (var k = 0; k < 3; k++) img.data[o + k] = Math.round(lo[k] + (hi[k] - lo[k]) * v / 255);
        img.data[o + 3] = 255;
      }
    }
    ctx.putImageData(img, 0, 0);
    return canvas.toDataURL();
  }

  function stroke(color, width, dash) {
    var out = ' fill="none" stroke="' + color + '" stroke-width="' + r2(width * PT) + '"';
    if (dash && DASHES[dash]) {
      out += ' stroke-dasharray="' + DASHES[dash].map(function (d) { return r2(d * width * PT); }).join(" ") + '"';
    } else {
      out += ' stroke-linecap="square"';
    }
    return out + ' stroke-linejoin="round"';
  }

  function marker(kind, x, y, color) {
    var s = 5 * PT / 2;
    if (kind === "nan") {
      return '<path d="M' + r2(x - s) + " " + r2(y - s) + "L" + r2(x + s) + " " + r2(y + s) + "M" + r2(x - s) + " " +
        r2(y + s) + "L" + r2(x + s) + " " + r2(y - s) + '" stroke="' + color + '" stroke-width="' + r2(PT) + '"/>';
    }
    var d = kind === "+inf" ? -1 : 1; // the tip points out of the plot
    return '<path d="M' + r2(x) + " " + r2(y + d * s) + "L" + r2(x + s) + " " + r2(y - d * s) + "L" + r2(x - s) + " " +
      r2(y - d * s) + 'Z" fill="' + color + '"/>';
  }

  // Values the panel cannot place: a marker at the edge for one, two joined by a bar for a run.
  function marks(item, i, xs, w, h, font) {
    var out = "", labelled = {};
    item.m.forEach(function (run) {
      var kind = run[0], at = [];
      for (var j = run[1]; j < run[2]; j++) if (isFinite(xs[j])) at.push(xs[j] * w);
      if (!at.length) return;
      var top = kind === "+inf", y = top ? MARK_INSET : h - MARK_INSET, ends = [at[0], at[at.length - 1]];
      if (at.length > 1) {
        out += '<path d="M' + r2(ends[0]) + " " + r2(y) + "H" + r2(ends[1]) + '" stroke="' + item.c + '" stroke-width="' + r2(1.5 * PT) + '"/>';
        out += marker(kind, ends[0], y, item.c) + marker(kind, ends[1], y, item.c);
      } else {
        out += marker(kind, ends[0], y, item.c);
      }
      if (!labelled[kind]) {
        labelled[kind] = true;
        out += '<text x="' + r2((ends[0] + ends[1]) / 2) + '" y="' + r2(y + (top ? 8 : -8) * PT) + '" fill="' + item.c +
          '" font-size="' + r2(font.legend * PT) + '" text-anchor="middle" dominant-baseline="central">' + MARK_TEXT[kind] + "</text>";
      }
    });
    return out ? '<g class="actlab-marks" data-marks="' + i + '">' + out + "</g>" : "";
  }

  function drawItem(item, i, w, h, ex, font) {
    var a = ex.data.arrays, q = ex.q;
    var X = function (n) { return r2(n * w); }, Y = function (n) { return r2((1 - n) * h); };
    var tag = ' data-item="' + i + '" class="actlab-' + item.t + '"', out = "", j, xs;
    if (item.t === "line") {
      var ys = a[item.y], d = "", pen = false;
      xs = a[item.x];
      for (j = 0; j < xs.length; j++) {
        if (!isFinite(xs[j]) || !isFinite(ys[j])) { pen = false; continue; }
        d += (pen ? "L" : "M") + X(xs[j] / q) + " " + Y(ys[j] / q);
        pen = true;
      }
      out = "<path" + tag + ' d="' + d + '"' + stroke(item.c, item.w, item.d) + "/>";
      return out + (item.m ? marks(item, i, Array.from(xs, function (v) { return v / q; }), w, h, font) : "");
    }
    if (item.t === "scatter") {
      var px = a[item.x], py = a[item.y], ci = item.ci !== undefined ? a[item.ci] : null;
      var radius = r2(Math.sqrt(item.s) / 2 * PT);
      for (j = 0; j < px.length; j++) {
        if (!isFinite(px[j]) || !isFinite(py[j])) continue;
        out += '<circle cx="' + X(px[j] / q) + '" cy="' + Y(py[j] / q) + '" r="' + radius +
          '" fill="' + (ci ? item.pal[ci[j]] : item.c) + '"/>';
      }
      return "<g" + tag + ">" + out + "</g>";
    }
    if (item.t === "bars") {
      var x0 = a[item.x0], x1 = a[item.x1], hs = a[item.y], base = item.base === null ? h : Y(item.base);
      var edge = item.e ? ' stroke="#ffffff" stroke-width="' + r2(0.5 * PT) + '"' : "";
      for (j = 0; j < hs.length; j++) {
        if (!isFinite(hs[j])) continue;
        var top = Y(hs[j] / q), left = X(Math.min(x0[j], x1[j]) / q);
        out += '<rect x="' + left + '" width="' + r2(Math.abs(x1[j] - x0[j]) / q * w) + '" y="' +
          r2(Math.min(top, base)) + '" height="' + r2(Math.abs(base - top)) + '" fill="' + item.c + '"' + edge + "/>";
      }
      out = "<g" + tag + ">" + out + "</g>";
      if (item.m) {
        xs = [];
        for (j = 0; j < hs.length; j++) xs.push((x0[j] + x1[j]) / 2 / q);
        out += marks(item, i, xs, w, h, font);
      }
      return out;
    }
    if (item.t === "heat") {
      var key = item.v + item.c.join(), url = ex.images.get(key);
      if (!url) { url = heatmapURL(item, a[item.v]); ex.images.set(key, url); }
      var e = item.ext, hx = Math.min(e[0], e[1]), hy = Math.max(e[2], e[3]);
      return "<image" + tag + ' href="' + url + '" x="' + X(hx) + '" y="' + Y(hy) + '" width="' +
        r2(Math.abs(e[1] - e[0]) * w) + '" height="' + r2(Math.abs(e[3] - e[2]) * h) +
        '" preserveAspectRatio="none" opacity="' + item.a + '"/>';
    }
    if (item.t === "hline" && item.y !== null) {
      return "<path" + tag + ' d="M0 ' + Y(item.y) + "H" + r2(w) + '"' + stroke(item.c, item.w, item.d) + "/>";
    }
    if (item.t === "vline" && item.x !== null) {
      return "<path" + tag + ' d="M' + X(item.x) + " 0V" + r2(h) + '"' + stroke(item.c, item.w, item.d) + "/>";
    }
    if (item.t === "text" && item.x !== null && item.y !== null) {
      var anchor = { left: "start", center: "middle", right: "end" }[item.ha];
      return "<text" + tag + ' x="' + X(item.x) + '" y="' + Y(item.y) + '" fill="' + item.c + '" font-size="' +
        r2(item.z * PT) + '" text-anchor="' + anchor + '">' + esc(item.s) + "</text>";
    }
    return "";
  }

  function legend(panel, font, box) {
    var rows = panel.items.filter(function (it) { return it.l && /^(line|scatter|bars)$/.test(it.t); });
    if (!panel.legend || !rows.length) return "";
    var size = font.legend * PT, line = size * 1.45, longest = 0, out = "";
    rows.forEach(function (it, k) {
      var y = box[1] + 0.5 * size + 0.6 * size + line * (k + 0.5), x = box[0] + 0.9 * size;
      longest = Math.max(longest, it.l.length);
      if (it.t === "line") out += '<path d="M' + r2(x) + " " + r2(y) + "h" + r2(2 * size) + '"' + stroke(it.c, it.w, it.d) + "/>";
      if (it.t === "scatter") out += '<circle cx="' + r2(x + size) + '" cy="' + r2(y) + '" r="' + r2(Math.sqrt(it.s) / 2 * PT) + '" fill="' + (it.c || it.pal[0]) + '"/>';
      if (it.t === "bars") out += '<rect x="' + r2(x + 0.3 * size) + '" y="' + r2(y - 0.35 * size) + '" width="' + r2(1.4 * size) + '" height="' + r2(0.7 * size) + '" fill="' + it.c + '"/>';
      out += '<text x="' + r2(x + 2.6 * size) + '" y="' + r2(y) + '" font-size="' + r2(size) + '" dominant-baseline="central">' + esc(it.l) + "</text>";
    });
    var bw = 3.5 * size + longest * 0.58 * size, bh = line * rows.length + 1.2 * size;
    return '<g class="actlab-legend"><rect x="' + r2(box[0] + 0.5 * size) + '" y="' + r2(box[1] + 0.5 * size) + '" width="' + r2(bw) + '" height="' + r2(bh) +
      '" rx="3" fill="#ffffff" stroke="#cccccc"/>' + out + "</g>";
  }

  function drawPanel(panel, ex) {
    var g = ex.payload.geometry, font = g.font, b = panel.box;
    var l = b[0], t = b[1], w = b[2], h = b[3], out = "", tick = 3.5 * PT;
    out += '<rect class="actlab-bg" width="' + g.width + '" height="' + g.height + '" fill="#ffffff"/>';
    out += '<svg x="' + l + '" y="' + t + '" width="' + w + '" height="' + h + '" overflow="hidden" class="actlab-plot">';
    panel.items.forEach(function (item, i) { out += drawItem(item, i, w, h, ex, font); });
    out += '<g class="actlab-guide"></g></svg>';
    out += '<path class="actlab-spines" d="M' + l + " " + t + "V" + r2(t + h) + "H" + r2(l + w) + '" fill="none" stroke="#000000" stroke-width="' + r2(0.8 * PT) + '"/>';
    var ticks = "", labels = "", widest = 0;
    panel.xt.forEach(function (p, k) {
      var x = r2(l + p * w);
      ticks += "M" + x + " " + r2(t + h) + "v" + r2(tick);
      labels += '<text x="' + x + '" y="' + r2(t + h + tick + 3.5 * PT) + '" text-anchor="middle" dominant-baseline="hanging">' + esc(panel.xtl[k]) + "</text>";
    });
    panel.yt.forEach(function (p, k) {
      var y = r2(t + (1 - p) * h);
      ticks += "M" + l + " " + y + "h" + r2(-tick);
      widest = Math.max(widest, panel.ytl[k].length);
      labels += '<text x="' + r2(l - tick - 3.5 * PT) + '" y="' + y + '" text-anchor="end" dominant-baseline="central">' + esc(panel.ytl[k]) + "</text>";
    });
    out += '<path class="actlab-ticks" d="' + ticks + '" stroke="#000000" stroke-width="' + r2(0.8 * PT) + '"/>';
    out += '<g class="actlab-ticklabels" font-size="' + r2(font.tick * PT) + '">' + labels + "</g>";
    if (panel.xlabel) {
      out += '<text class="actlab-xlabel" x="' + r2(l + w / 2) + '" y="' + r2(t + h + tick + 3.5 * PT + 1.2 * font.tick * PT + 4 * PT) +
        '" font-size="' + r2(font.label * PT) + '" text-anchor="middle" dominant-baseline="hanging">' + esc(panel.xlabel) + "</text>";
    }
    if (panel.ylabel) {
      var yx = r2(Math.max(font.label * PT, l - tick - 3.5 * PT - widest * 0.6 * font.tick * PT - 4 * PT));
      var yy = r2(t + h / 2);
      out += '<text class="actlab-ylabel" x="' + yx + '" y="' + yy + '" transform="rotate(-90 ' + yx + " " + yy +
        ')" font-size="' + r2(font.label * PT) + '" text-anchor="middle">' + esc(panel.ylabel) + "</text>";
    }
    if (panel.title) {
      out += '<text class="actlab-title" x="' + r2(l + w / 2) + '" y="' + r2(t - 6 * PT) + '" font-size="' + r2(font.title * PT) +
        '" text-anchor="middle">' + esc(panel.title) + "</text>";
    }
    return out + legend(panel, font, b);
  }

  // -------------------------------------------------------------------------------- read-outs

  function roX(ro, i) {
    return (i * ro.m) / power(ro.d); // readout.position
  }

  function roText(ro, panel, x, arrays) {
    var parts = ro.lines.map(function (line) {
      var item = panel.items[line[0]], xs = arrays[line[1]];
      var part = item.l + " " + formatNumber(valueAt(xs, arrays[line[2]], x));
      if (line[3] !== null) part += ", slope " + formatNumber(valueAt(xs, arrays[line[3]], x));
      return part;
    });
    var head = ro.name + " = " + formatX(x, ro.d);
    return parts.length ? head + ": " + parts.join("; ") + "." : head + ".";
  }

  function toAxis(v, scale) {
    return scale === "log" ? (v > 0 ? Math.log10(v) : NaN) : v;
  }

  function drawGuide(ex, p) {
    var scene = ex.scene, panel = scene.panels[p], ro = panel && panel.ro, svg = ex.svgs[p];
    if (!ro || !svg) return;
    var plot = svg.querySelector("svg.actlab-plot"), guide = svg.querySelector(".actlab-guide");
    var w = panel.box[2], h = panel.box[3], x = roX(ro, ex.ro[p]), a = ex.data.arrays;
    var gx = (x - ro.xl[0]) / (ro.xl[1] - ro.xl[0]) * w;
    var out = '<path d="M' + r2(gx) + " 0V" + r2(h) + '"' + stroke("#555555", 0.8, "--") + "/>";
    ro.lines.forEach(function (line) {
      var v = valueAt(a[line[1]], a[line[2]], x), n = (toAxis(v, ro.ys) - ro.yl[0]) / (ro.yl[1] - ro.yl[0]);
      if (v === null || !isFinite(n)) return;
      out += '<circle cx="' + r2(gx) + '" cy="' + r2((1 - n) * h) + '" r="' + r2(2.5 * PT) + '" fill="' +
        panel.items[line[0]].c + '" stroke="#ffffff" stroke-width="' + r2(0.8 * PT) + '"/>';
    });
    guide.innerHTML = out;
    var row = ex.rows[p], text = roText(ro, panel, x, a);
    row.input.value = String(ex.ro[p]);
    row.input.setAttribute("aria-valuetext", ro.name + " = " + formatX(x, ro.d));
    row.output.textContent = text;
    plot.setAttribute("data-readout", text);
  }

  function readoutRow(ex, p) {
    if (ex.rows[p]) return ex.rows[p];
    var id = ex.root.id + "-r" + p, input = ex.root.querySelector("#" + id);
    if (!input) { // a state with a read-out where the first picture had none: add its row
      var div = document.createElement("div");
      div.className = "actlab-readout";
      div.innerHTML = '<label for="' + id + '">Read values at ' + esc(ex.scene.panels[p].ro.name) + '</label><input type="range" id="' + id +
        '" step="1"><output for="' + id + '" class="actlab-readout-text" aria-live="polite"></output>';
      ex.figure.parentNode.insertBefore(div, ex.alt);
      input = div.querySelector("input");
    }
    var row = { input: input, output: input.parentNode.querySelector("output"), div: input.parentNode };
    input.addEventListener("input", function () {
      ex.ro[p] = parseInt(input.value, 10);
      drawGuide(ex, p);
    });
    input.disabled = false;
    ex.rows[p] = row;
    return row;
  }

  function pointAt(ex, p, event) {
    var panel = ex.scene.panels[p], ro = panel && panel.ro;
    if (!ro) return;
    var rect = ex.svgs[p].getBoundingClientRect(), g = ex.payload.geometry;
    if (!rect.width) return;
    var units = (event.clientX - rect.left) / rect.width * g.width;
    var x = ro.xl[0] + (units - panel.box[0]) / panel.box[2] * (ro.xl[1] - ro.xl[0]);
    var i = Math.min(ro.hi, Math.max(ro.lo, Math.round(x / (ro.m / power(ro.d)))));
    if (i !== ex.ro[p]) {
      ex.ro[p] = i;
      drawGuide(ex, p);
    }
  }

  function wirePointer(ex, p, svg) {
    svg.addEventListener("pointermove", function (event) {
      if (event.pointerType === "mouse" || event.buttons) pointAt(ex, p, event);
    });
    svg.addEventListener("pointerdown", function (event) { pointAt(ex, p, event); });
  }

  // ----------------------------------------------------------------------------------- render

  function render(ex) {
    var state = 0;
    ex.index.forEach(function (i, k) { state += i * ex.strides[k]; });
    var data = ex.data, s = data.scenes[data.states[state]], g = ex.payload.geometry;
    var scene = { alt: s.alt, panels: s.p.map(function (i) { return data.panels[i]; }) };
    ex.scene = scene;
    var svgs = ex.figure.querySelectorAll("svg.actlab-panel");
    for (var p = svgs.length; p < scene.panels.length; p++) {
      var svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
      svg.setAttribute("class", "actlab-panel");
      svg.setAttribute("viewBox", "0 0 " + g.width + " " + g.height);
      svg.setAttribute("aria-hidden", "true");
      ex.figure.appendChild(svg);
    }
    svgs = ex.figure.querySelectorAll("svg.actlab-panel");
    ex.svgs = [];
    for (p = 0; p < svgs.length; p++) {
      if (p >= scene.panels.length) { svgs[p].remove(); ex.drawn.length = p; continue; }
      var panel = scene.panels[p];
      ex.svgs[p] = svgs[p];
      if (ex.drawn[p] === s.p[p]) continue; // the same panel as drawn: nothing to do (its guide stays)
      ex.drawn[p] = s.p[p];
      svgs[p].innerHTML = drawPanel(panel, ex);
      if (panel.ro) {
        if (!svgs[p].hasAttribute("data-pointer")) {
          svgs[p].setAttribute("data-pointer", "1");
          wirePointer(ex, p, svgs[p]);
        }
        var row = readoutRow(ex, p);
        row.div.hidden = false;
        row.input.min = String(panel.ro.lo);
        row.input.max = String(panel.ro.hi);
        ex.ro[p] = Math.min(panel.ro.hi, Math.max(panel.ro.lo, ex.ro[p] === undefined ? panel.ro.i : ex.ro[p]));
        drawGuide(ex, p);
      } else if (ex.rows[p]) {
        ex.rows[p].div.hidden = true;
      }
    }
    ex.figure.setAttribute("aria-label", scene.alt);
    ex.alt.textContent = scene.alt;
    ex.root.setAttribute("data-state", String(state));
  }

  // ------------------------------------------------------------------- controls, links, play

  function syncControl(ex, k) {
    var control = ex.payload.controls[k], input = ex.inputs[k], index = ex.index[k];
    if (control.kind === "checkbox") {
      input.checked = index === 1;
    } else {
      input.value = String(index);
    }
    if (control.kind === "slider") {
      input.parentNode.querySelector("output").textContent = control.labels[index];
      input.setAttribute("aria-valuetext", control.labels[index]);
    }
  }

  function fragment(ex) {
    return "#" + ex.payload.key + ":" + ex.payload.controls.map(function (c, k) {
      return c.name + "=" + encodeURIComponent(c.tokens[ex.index[k]]);
    }).join("&");
  }

  function remember(ex) {
    if (!window.history || !history.replaceState) return;
    try {
      history.replaceState(history.state, "", location.pathname + location.search + fragment(ex));
    } catch (err) { /* a page opened from a file may refuse; the explorer still works */ }
  }

  function tokenIndex(control, token) {
    var i = control.tokens.indexOf(token);
    if (i >= 0 || control.kind !== "slider") return i;
    var v = parseFloat(token);
    for (i = 0; i < control.tokens.length; i++) {
      var c = parseFloat(control.tokens[i]);
      if (isFinite(v) && Math.abs(c - v) <= 1e-9 * Math.max(1, Math.abs(v))) return i;
    }
    return -1;
  }

  // Apply "#key:name=value&..." if it names this explorer; true if it did.
  function applyFragment(ex, hash) {
    var head = "#" + ex.payload.key;
    if (!hash || (hash !== head && hash.indexOf(head + ":") !== 0)) return false;
    hash.slice(head.length + 1).split("&").forEach(function (pair) {
      var eq = pair.indexOf("=");
      if (eq < 0) return;
      var name, token;
      try {
        name = decodeURIComponent(pair.slice(0, eq));
        token = decodeURIComponent(pair.slice(eq + 1));
      } catch (err) { return; }
      ex.payload.controls.forEach(function (control, k) {
        if (control.name !== name) return;
        var i = tokenIndex(control, token);
        if (i >= 0) ex.index[k] = i;
      });
    });
    return true;
  }

  function announce(ex, on) {
    var live = on ? "polite" : "off";
    ex.alt.setAttribute("aria-live", live);
    ex.rows.forEach(function (row) { if (row) row.output.setAttribute("aria-live", live); });
  }

  function stop(ex) {
    if (!ex.timer) return;
    clearInterval(ex.timer);
    ex.timer = null;
    ex.playButton.querySelector(".actlab-play-text").textContent = "Play";
    ex.playButton.classList.remove("actlab-playing");
    announce(ex, true);
    ex.alt.textContent = ex.scene.alt; // announce where it stopped
    remember(ex);
  }

  function play(ex) {
    var k = ex.timeIndex, last = ex.payload.controls[k].labels.length - 1;
    if (ex.index[k] >= last) {
      ex.index[k] = 0;
      syncControl(ex, k);
      render(ex);
    }
    var reduce = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    var ms = reduce ? Math.max(600, ex.payload.controls[k].play) : ex.payload.controls[k].play;
    ex.playButton.querySelector(".actlab-play-text").textContent = "Pause";
    ex.playButton.classList.add("actlab-playing");
    announce(ex, false);
    ex.timer = setInterval(function () {
      ex.index[k] = Math.min(last, ex.index[k] + 1);
      syncControl(ex, k);
      render(ex);
      if (ex.index[k] >= last) stop(ex);
    }, ms);
  }

  function wire(ex) {
    ex.payload.controls.forEach(function (control, k) {
      var input = ex.inputs[k];
      var update = function () {
        var index = control.kind === "checkbox" ? (input.checked ? 1 : 0) : parseInt(input.value, 10);
        if (k === ex.timeIndex) stop(ex); // the reader took the time axis in hand
        if (index === ex.index[k]) return; // a select reports one choice as both "input" and "change"
        ex.index[k] = index;
        syncControl(ex, k);
        render(ex);
        remember(ex);
      };
      input.addEventListener("input", update);
      input.addEventListener("change", update);
      input.disabled = false;
    });
    if (ex.playButton) {
      ex.playButton.addEventListener("click", function () {
        if (ex.timer) stop(ex); else play(ex);
      });
      ex.playButton.disabled = false;
    }
  }

  function start(root) {
    root.setAttribute("data-init", "1");
    var payload = JSON.parse(root.querySelector("script.actlab-explorer-data").textContent);
    var ex = {
      root: root, payload: payload, q: payload.quantum, images: new Map(), rows: [], ro: [], svgs: [], drawn: [],
      figure: root.querySelector(".actlab-figure"), alt: root.querySelector(".actlab-alt"),
      index: payload.controls.map(function (c) { return c.index; }), strides: [], timer: null,
      inputs: payload.controls.map(function (c, k) { return root.querySelector("#" + root.id + "-c" + k); }),
      playButton: root.querySelector(".actlab-play"),
      timeIndex: payload.controls.findIndex(function (c) { return c.play; }),
    };
    var stride = 1;
    for (var k = payload.controls.length - 1; k >= 0; k--) {
      ex.strides[k] = stride;
      stride *= payload.controls[k].labels.length;
    }
    var linked = applyFragment(ex, location.hash);
    load(payload).then(function (data) {
      ex.data = data;
      ex.payload.controls.forEach(function (c, k) { syncControl(ex, k); });
      render(ex);
      wire(ex);
      explorers.push(ex);
      root.setAttribute("data-ready", "1");
      if (linked) root.scrollIntoView({ block: "start" });
    }).catch(function (err) {
      root.setAttribute("data-error", String(err));
      ex.alt.textContent = "This explorer could not start in this browser: " + err;
    });
  }

  function scan() {
    document.querySelectorAll(".actlab-explorer:not([data-init])").forEach(start);
  }

  window.addEventListener("hashchange", function () {
    explorers.forEach(function (ex) {
      if (applyFragment(ex, location.hash)) {
        stop(ex);
        ex.payload.controls.forEach(function (c, k) { syncControl(ex, k); });
        render(ex);
        ex.root.scrollIntoView({ block: "start" });
      }
    });
  });

  window.actlabExplorers = { scan: scan, formatNumber: formatNumber, valueAt: valueAt };
  scan();
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", scan);
})();
