"""Explorers: one definition, live in Jupyter and working on the static site.

An explorer is a set of controls declared as data (:class:`Slider`,
:class:`Dropdown`, :class:`Checkbox`) and a pure function ``draw(**values)`` that
returns a :class:`Scene` -- the data a figure draws: panels of lines, points,
bars, heatmaps, reference lines and text, with titles, limits and alt text::

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

So there is no switch, no environment variable and no separate build step: the
page bakes while it executes, wherever it executes. The cost in Jupyter is one
evaluation of ``draw`` per state and no image rendering (typically well under a
second); grids are capped at :data:`MAX_STATES` states.

Why data drawn in the browser, not pre-rendered frames
------------------------------------------------------
A PNG per state would cost 30-60 kB each; a grid of 100 states would blow a
page's 1 MB budget. Scenes as data are small: coordinates are stored normalised
to the axes in steps of 1/4000 (an eighth of a pixel at full width), stored as
second differences, de-duplicated and compressed: about a kilobyte per state. And
they are faithful by construction: the browser draws the very numbers ``draw``
returned, on the axes (box, limits, ticks and tick labels) that Python decided
for both renderers (:mod:`~actlab.explorers.frame`), in the same colours; a redraw
is a few milliseconds of SVG, within one frame. The renderer (``explorer.js``) and
its style sheet (``explorer.css``) ship inside this package and are inlined in
each baked output; the script defines itself once per page.

Static figures and alt text
---------------------------
Every figure on the site needs alt text, and myst-nb takes an image output's alt
text only from the cell's options, never from the output. So, in a chapter:

- **A figure drawn from a Scene**: end the cell with the Scene itself (not with
  ``scene.to_figure();``). It displays as an ``<img>`` carrying ``Scene.alt``
  (:mod:`~actlab.explorers.picture`), independent of the matplotlib backend, and
  the cell's ``mystnb: figure:`` options (caption, name for ``{numref}``) still
  apply.
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
``scene``                 the Scene model: panels and items
``frame``                 a panel's box, limits and ticks, decided once for both renderers
``render``                the matplotlib renderer, with in-place redraws
``controls``              Slider, Dropdown, Checkbox
``explorer``              the Explorer
``live``                  the ipywidgets view
``bake``                  the static HTML: compact scene data plus ``explorer.js``
``picture``               static figures with alt text
========================  ==========================================================
"""

from actlab.explorers.controls import Checkbox, Dropdown, Slider
from actlab.explorers.explorer import MAX_STATES, Explorer
from actlab.explorers.picture import Picture, show
from actlab.explorers.render import Canvas, render
from actlab.explorers.scene import Bars, Heatmap, HLine, Line, Panel, Scatter, Scene, Text, VLine

__all__ = [
    "Explorer", "Slider", "Dropdown", "Checkbox", "MAX_STATES",
    "Scene", "Panel", "Line", "Scatter", "Bars", "Heatmap", "HLine", "VLine", "Text",
    "render", "Canvas", "show", "Picture",
]
