/* actlab explorers: draw baked scenes as SVG and answer the controls, with no kernel.
 *
 * The page holds, per explorer, a <script type="application/json"> payload written by
 * actlab/explorers/bake.py: the controls, and every scene of the control grid as data
 * (coordinates normalised to the axes). This script decodes the payload once, then on
 * every control change draws the selected scene into the panel SVGs. It may be included
 * several times on a page; the first copy defines everything, later copies only scan.
 */
(function () {
  "use strict";
  if (window.actlabExplorers) {
    window.actlabExplorers.scan();
    return;
  }

  var DASHES = { "--": [3.7, 1.6], ":": [1, 1.65], "-.": [6.4, 1.6, 1, 1.6] }; // in line widths

  function esc(text) {
    return String(text).replace(/[&<>"]/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c];
    });
  }

  function r2(v) {
    return Math.round(v * 100) / 100;
  }

  function unpack(b64) {
    var bytes = Uint8Array.from(atob(b64), function (c) { return c.charCodeAt(0); });
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate"));
    return new Response(stream).arrayBuffer();
  }

  // Zigzag LEB128 integers (7 bits per byte, low first; arithmetic, since they may exceed 32 bits).
  function varints(bytes, count) {
    var out = new Float64Array(count), v = 0, scale = 1, n = 0;
    for (var i = 0; i < bytes.length; i++) {
      v += (bytes[i] & 127) * scale;
      if (bytes[i] < 128) {
        out[n++] = v % 2 ? -(v + 1) / 2 : v / 2;
        v = 0;
        scale = 1;
      } else {
        scale *= 128;
      }
    }
    return out;
  }

  function load(payload) {
    return Promise.all([unpack(payload.body), unpack(payload.pool)]).then(function (parts) {
      var body = JSON.parse(new TextDecoder().decode(parts[0]));
      var total = body.arrays.reduce(function (n, e) { return Math.max(n, e[0] + e[1]); }, 0);
      var diffs = varints(new Uint8Array(parts[1]), total);
      body.arrays = body.arrays.map(function (entry) {
        var out = new Float64Array(entry[1]), step = 0, value = 0;
        for (var i = 0; i < entry[1]; i++) { // arrays are stored as second differences
          step += diffs[entry[0] + i];
          value += step;
          out[i] = value;
        }
        (entry[2] || []).forEach(function (j) { out[j] = NaN; });
        return out;
      });
      return body;
    });
  }

  function rgb(hex) {
    return [1, 3, 5].map(function (i) { return parseInt(hex.substr(i, 2), 16); });
  }

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

  function stroke(color, width, dash, pt) {
    var out = ' fill="none" stroke="' + color + '" stroke-width="' + r2(width * pt) + '"';
    if (dash && DASHES[dash]) {
      out += ' stroke-dasharray="' + DASHES[dash].map(function (d) { return r2(d * width * pt); }).join(" ") + '"';
    } else {
      out += ' stroke-linecap="square"';
    }
    return out + ' stroke-linejoin="round"';
  }

  function drawItem(item, i, w, h, pt, ex) {
    var a = ex.data.arrays, X = function (n) { return r2(n * w); }, Y = function (n) { return r2((1 - n) * h); };
    var tag = ' data-item="' + i + '" class="actlab-' + item.t + '"', out = "", j;
    if (item.t === "line") {
      var xs = a[item.x], ys = a[item.y], d = "", pen = false;
      for (j = 0; j < xs.length; j++) {
        if (isNaN(xs[j]) || isNaN(ys[j])) { pen = false; continue; }
        d += (pen ? "L" : "M") + X(xs[j] / ex.q) + " " + Y(ys[j] / ex.q);
        pen = true;
      }
      return "<path" + tag + ' d="' + d + '"' + stroke(item.c, item.w, item.d, pt) + "/>";
    }
    if (item.t === "scatter") {
      var px = a[item.x], py = a[item.y], ci = item.ci !== undefined ? a[item.ci] : null;
      var radius = r2(Math.sqrt(item.s) / 2 * pt);
      for (j = 0; j < px.length; j++) {
        if (isNaN(px[j]) || isNaN(py[j])) continue;
        out += '<circle cx="' + X(px[j] / ex.q) + '" cy="' + Y(py[j] / ex.q) + '" r="' + radius +
          '" fill="' + (ci ? item.pal[ci[j]] : item.c) + '"/>';
      }
      return "<g" + tag + ">" + out + "</g>";
    }
    if (item.t === "bars") {
      var x0 = a[item.x0], x1 = a[item.x1], hs = a[item.y], base = item.base === null ? h : Y(item.base);
      for (j = 0; j < hs.length; j++) {
        if (isNaN(hs[j])) continue;
        var top = Y(hs[j] / ex.q), left = X(Math.min(x0[j], x1[j]) / ex.q);
        out += '<rect x="' + left + '" width="' + r2(Math.abs(x1[j] - x0[j]) / ex.q * w) + '" y="' +
          r2(Math.min(top, base)) + '" height="' + r2(Math.abs(base - top)) + '" fill="' + item.c + '"/>';
      }
      return "<g" + tag + ">" + out + "</g>";
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
      return "<path" + tag + ' d="M0 ' + Y(item.y) + "H" + r2(w) + '"' + stroke(item.c, item.w, item.d, pt) + "/>";
    }
    if (item.t === "vline" && item.x !== null) {
      return "<path" + tag + ' d="M' + X(item.x) + " 0V" + r2(h) + '"' + stroke(item.c, item.w, item.d, pt) + "/>";
    }
    if (item.t === "text" && item.x !== null && item.y !== null) {
      var anchor = { left: "start", center: "middle", right: "end" }[item.ha];
      return "<text" + tag + ' x="' + X(item.x) + '" y="' + Y(item.y) + '" fill="' + item.c + '" font-size="' +
        r2(item.z * pt) + '" text-anchor="' + anchor + '">' + esc(item.s) + "</text>";
    }
    return "";
  }

  function legend(panel, pt, font, box) {
    var rows = panel.items.filter(function (it) { return it.l && /^(line|scatter|bars)$/.test(it.t); });
    if (!panel.legend || !rows.length) return "";
    var size = font.legend * pt, line = size * 1.45, longest = 0, out = "";
    rows.forEach(function (it, k) {
      var y = box[1] + 0.5 * size + 0.6 * size + line * (k + 0.5), x = box[0] + 0.9 * size;
      longest = Math.max(longest, it.l.length);
      if (it.t === "line") out += '<path d="M' + r2(x) + " " + r2(y) + "h" + r2(2 * size) + '"' + stroke(it.c, it.w, it.d, pt) + "/>";
      if (it.t === "scatter") out += '<circle cx="' + r2(x + size) + '" cy="' + r2(y) + '" r="' + r2(Math.sqrt(it.s) / 2 * pt) + '" fill="' + (it.c || it.pal[0]) + '"/>';
      if (it.t === "bars") out += '<rect x="' + r2(x + 0.3 * size) + '" y="' + r2(y - 0.35 * size) + '" width="' + r2(1.4 * size) + '" height="' + r2(0.7 * size) + '" fill="' + it.c + '"/>';
      out += '<text x="' + r2(x + 2.6 * size) + '" y="' + r2(y) + '" font-size="' + r2(size) + '" dominant-baseline="central">' + esc(it.l) + "</text>";
    });
    var bw = 3.5 * size + longest * 0.58 * size, bh = line * rows.length + 1.2 * size;
    return '<g class="actlab-legend"><rect x="' + r2(box[0] + 0.5 * size) + '" y="' + r2(box[1] + 0.5 * size) + '" width="' + r2(bw) + '" height="' + r2(bh) +
      '" rx="3" fill="#ffffff" fill-opacity="0.8" stroke="#cccccc"/>' + out + "</g>";
  }

  function drawPanel(panel, ex) {
    var g = ex.payload.geometry, pt = 100 / 72, font = g.font, b = panel.box;
    var l = b[0], t = b[1], w = b[2], h = b[3], out = "", tick = 3.5 * pt;
    out += '<rect class="actlab-bg" width="' + g.width + '" height="' + g.height + '" fill="#ffffff"/>';
    out += '<svg x="' + l + '" y="' + t + '" width="' + w + '" height="' + h + '" overflow="hidden" class="actlab-plot">';
    panel.items.forEach(function (item, i) { out += drawItem(item, i, w, h, pt, ex); });
    out += "</svg>";
    out += '<path class="actlab-spines" d="M' + l + " " + t + "V" + r2(t + h) + "H" + r2(l + w) + '" fill="none" stroke="#000000" stroke-width="' + r2(0.8 * pt) + '"/>';
    var ticks = "", labels = "", widest = 0;
    panel.xt.forEach(function (p, k) {
      var x = r2(l + p * w);
      ticks += "M" + x + " " + r2(t + h) + "v" + r2(tick);
      labels += '<text x="' + x + '" y="' + r2(t + h + tick + 3.5 * pt) + '" text-anchor="middle" dominant-baseline="hanging">' + esc(panel.xtl[k]) + "</text>";
    });
    panel.yt.forEach(function (p, k) {
      var y = r2(t + (1 - p) * h);
      ticks += "M" + l + " " + y + "h" + r2(-tick);
      widest = Math.max(widest, panel.ytl[k].length);
      labels += '<text x="' + r2(l - tick - 3.5 * pt) + '" y="' + y + '" text-anchor="end" dominant-baseline="central">' + esc(panel.ytl[k]) + "</text>";
    });
    out += '<path class="actlab-ticks" d="' + ticks + '" stroke="#000000" stroke-width="' + r2(0.8 * pt) + '"/>';
    out += '<g class="actlab-ticklabels" font-size="' + r2(font.tick * pt) + '">' + labels + "</g>";
    if (panel.xlabel) {
      out += '<text class="actlab-xlabel" x="' + r2(l + w / 2) + '" y="' + r2(t + h + tick + 3.5 * pt + 1.2 * font.tick * pt + 4 * pt) +
        '" font-size="' + r2(font.label * pt) + '" text-anchor="middle" dominant-baseline="hanging">' + esc(panel.xlabel) + "</text>";
    }
    if (panel.ylabel) {
      var yx = r2(Math.max(font.label * pt, l - tick - 3.5 * pt - widest * 0.6 * font.tick * pt - 4 * pt));
      var yy = r2(t + h / 2);
      out += '<text class="actlab-ylabel" x="' + yx + '" y="' + yy + '" transform="rotate(-90 ' + yx + " " + yy +
        ')" font-size="' + r2(font.label * pt) + '" text-anchor="middle">' + esc(panel.ylabel) + "</text>";
    }
    if (panel.title) {
      out += '<text class="actlab-title" x="' + r2(l + w / 2) + '" y="' + r2(t - 6 * pt) + '" font-size="' + r2(font.title * pt) +
        '" text-anchor="middle">' + esc(panel.title) + "</text>";
    }
    return out + legend(panel, pt, font, b);
  }

  function render(ex) {
    var state = 0;
    ex.index.forEach(function (i, k) { state += i * ex.strides[k]; });
    var scene = ex.data.scenes[ex.data.states[state]], g = ex.payload.geometry;
    var svgs = ex.figure.querySelectorAll("svg.actlab-panel");
    for (var p = svgs.length; p < scene.panels.length; p++) {
      var svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
      svg.setAttribute("class", "actlab-panel");
      svg.setAttribute("viewBox", "0 0 " + g.width + " " + g.height);
      svg.setAttribute("aria-hidden", "true");
      ex.figure.appendChild(svg);
    }
    svgs = ex.figure.querySelectorAll("svg.actlab-panel");
    for (p = 0; p < svgs.length; p++) {
      if (p < scene.panels.length) {
        svgs[p].innerHTML = drawPanel(scene.panels[p], ex);
      } else {
        svgs[p].remove();
      }
    }
    ex.figure.setAttribute("aria-label", scene.alt);
    ex.alt.textContent = scene.alt;
    ex.root.setAttribute("data-state", String(state));
  }

  function wire(ex) {
    ex.payload.controls.forEach(function (control, k) {
      var input = ex.root.querySelector("#" + ex.root.id + "-c" + k);
      var readout = control.kind === "slider" ? input.parentNode.querySelector("output") : null;
      var update = function () {
        var index = control.kind === "checkbox" ? (input.checked ? 1 : 0) : parseInt(input.value, 10);
        if (index === ex.index[k]) return; // a select reports one choice as both "input" and "change"
        ex.index[k] = index;
        if (readout) {
          readout.textContent = control.labels[ex.index[k]];
          input.setAttribute("aria-valuetext", control.labels[ex.index[k]]);
        }
        render(ex);
      };
      input.addEventListener("input", update);
      input.addEventListener("change", update);
      input.disabled = false;
    });
  }

  function start(root) {
    root.setAttribute("data-init", "1");
    var payload = JSON.parse(root.querySelector("script.actlab-explorer-data").textContent);
    var ex = {
      root: root, payload: payload, q: payload.quantum, images: new Map(),
      figure: root.querySelector(".actlab-figure"), alt: root.querySelector(".actlab-alt"),
      index: payload.controls.map(function (c) { return c.index; }), strides: [],
    };
    var stride = 1;
    for (var k = payload.controls.length - 1; k >= 0; k--) {
      ex.strides[k] = stride;
      stride *= payload.controls[k].labels.length;
    }
    load(payload).then(function (data) {
      ex.data = data;
      render(ex);
      wire(ex);
      root.setAttribute("data-ready", "1");
    }).catch(function (err) {
      root.setAttribute("data-error", String(err));
      ex.alt.textContent = "This explorer could not start in this browser: " + err;
    });
  }

  function scan() {
    document.querySelectorAll(".actlab-explorer:not([data-init])").forEach(start);
  }

  window.actlabExplorers = { scan: scan };
  scan();
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", scan);
})();
