"""Explorers: one definition, live in Jupyter and working on the static site.

An explorer is a set of controls declared as data (:class:`Slider`,
:class:`Dropdown`, :class:`Checkbox`) and a pure function ``draw(**values)`` that
returns a :class:`Scene` -- the data a figure draws: panels of lines, points,
bars, histograms, heatmaps, reference lines and text, with titles, limits, scales
and alt text::

    from actlab import explorers as ex

    explorer = ex.Explorer(
        "grid-bending",
        controls=[ex.Dropdown("activation", options=["identity", "relu", "tanh"], value="relu",
                              label="Activation between layers"),
                  ex.Slider("depth", min=1, max=5, step=1, value=3, label="Number of layers")],
        draw=bend_grid,
    )
    explorer                      # last expression of a cell: the explorer itself
    explorer.scene(depth=2)       # the Scene for those values; shown as a figure with alt text
    explorer.figure(depth=2)      # a matplotlib Figure of it
    explorer.fragment(depth=4)    # '#grid-bending:depth=4', a link to that setting on the page

What a chapter can ask for
--------------------------
- **Read-outs**: ``Panel(..., readout=Readout(x=1.0))``. The reader points at the
  plot (mouse, touch, or the arrow keys on the read-out's slider) and reads each
  labelled line's value there, and its slope where the line has one
  (``Line(x, y, slope=dy_dx, label=...)``); see :mod:`~actlab.explorers.readout`.
- **Playback**: ``Slider("step", ..., play=True)`` is a time axis with a
  Play/Pause button (at most one per explorer). Train once per setting of the
  other controls and serve every step from that run; see
  :mod:`~actlab.explorers.explorer`.
- **Links to a setting**: on the site, the page's address keeps the explorer's
  setting (``#grid-bending:activation=tanh&depth=3``); :meth:`Explorer.fragment`.
- **Panel kinds**: ``Panel(..., yscale="log")``; :class:`Histogram`; grouped
  bars with ``Bars(labels, heights, group=i, groups=n)``; panels that share an
  axis with ``Scene(..., sharex=True)`` or ``sharey=True``. NaN and infinite
  values of a line or a bar are marked at the edge of the plot, never dropped.
- **Colours**: take an activation's colour from the course palette,
  ``actlab.plotting.color(name)``, rather than a hex code.

Two lives, one output
---------------------
Displaying an explorer produces **one output that holds both of its lives**:

- ``application/vnd.jupyter.widget-view+json``, the live ipywidgets view
  (:mod:`~actlab.explorers.live`). JupyterLab and Notebook 7 rank the widget view
  above HTML, so in Binder the kernel redraws the picture on every change.
- ``text/html``, the baked explorer (:mod:`~actlab.explorers.bake`): the scenes of
  the whole control grid as data, and a small renderer that draws them as SVG.
  The book's ``_config.yml`` tells myst-nb to prefer ``text/html`` over the widget
  view for the HTML builder (``nb_mime_priority_overrides``), so the site shows
  the baked explorer; it also empties ``nb_ipywidgets_js`` so pages never load
  the widget manager from a CDN.

The page bakes while it executes -- in the book build, under nbval -- with no
separate build step. In a kernel that a Jupyter server started (JupyterLab,
Binder) the baked copy is left out, so the live view is ready as soon as its
first picture is drawn, whatever the size of the grid; ``ACTLAB_BAKE=1`` or
``explorer.to_html()`` bakes there too (see :mod:`~actlab.explorers.bake`).
Grids are capped at :data:`~actlab.explorers.explorer.MAX_STATES` states, or
:data:`~actlab.explorers.explorer.MAX_TIMED_STATES` with a time axis.

Why data drawn in the browser, not pre-rendered frames
------------------------------------------------------
A PNG per state would cost 30-60 kB each; a grid of 100 states would blow a
page's 1 MB budget. Scenes as data are small: coordinates are stored normalised
to the axes in steps of 1/4000 (an eighth of a pixel at full width), stored as
second differences, de-duplicated and compressed: about a kilobyte per state,
far less for consecutive steps of a time axis. And they are faithful by
construction: the browser draws the very numbers ``draw``
returned, on the axes (box, limits, ticks and tick labels) that Python decided
for both renderers (:mod:`~actlab.explorers.frame`), in the same colours; a redraw
is a few milliseconds of SVG, within one frame. The renderer (``explorer.js``) and
its style sheet (``explorer.css``) ship inside this package and are inlined in
each baked output; the script defines itself once per page.

Static figures and alt text
---------------------------
Every figure on the site needs alt text, and myst-nb takes an image output's alt
text only from the cell's options, never from the output. So, in a chapter:

- **A figure drawn from a Scene**: end the cell with the Scene itself. It
  displays as an ``<img>`` carrying ``Scene.alt``
  (:class:`~actlab.explorers.render.Picture`), independent of the matplotlib
  backend, and the cell's ``mystnb: figure:`` options (caption, name for
  ``{numref}``) still apply.
- **Any other matplotlib figure**: ``ex.show(fig, alt="...")``, which does the same
  for a Figure (and closes it, so it is not shown twice).
- **Or**, for a figure the inline backend shows at the end of the cell, the cell
  option::

      ```{code-cell} ipython3
      ---
      mystnb:
        image:
          alt: "What the figure shows."
      ---
      ```

  This needs the inline backend: a kernel with ``MPLBACKEND=Agg`` shows no
  pyplot figure at all, so that cell would have no output.

Modules
-------
========================  ==========================================================
``scene``                 the Scene model: panels and items (plain data)
``readout``               reading a line's value and slope at x, printed alike everywhere
``frame``                 a panel's box, limits, ticks and marks, decided once for both renderers
``render``                the matplotlib renderer, with in-place redraws; pictures with alt text
``explorer``              the Explorer and its controls (Slider, Dropdown, Checkbox)
``live``                  the ipywidgets view
``bake``                  the static HTML: compact scene data plus ``explorer.js``
``discover``              the explorers a page displays (for tests and benchmarks)
========================  ==========================================================
"""

from actlab.explorers.explorer import Checkbox, Dropdown, Explorer, Slider
from actlab.explorers.readout import Readout
from actlab.explorers.render import render, show
from actlab.explorers.scene import Bars, Heatmap, Histogram, HLine, Line, Panel, Scatter, Scene, Text, VLine

__all__ = [
    "Explorer",
    "Slider",
    "Dropdown",
    "Checkbox",
    "Scene",
    "Panel",
    "Line",
    "Scatter",
    "Bars",
    "Histogram",
    "Heatmap",
    "HLine",
    "VLine",
    "Text",
    "Readout",
    "render",
    "show",
]
