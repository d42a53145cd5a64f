"""Static figures that carry their alt text onto the page.

A matplotlib figure displayed in a notebook becomes a bare ``image/png`` output:
myst-nb gives it alt text only from cell metadata (``mystnb: image: alt:``),
never from the output itself. :func:`show` displays a figure (or a Scene) as a
small MIME bundle whose ``text/html`` is an ``<img>`` with its ``alt``
attribute, which the book prefers over the bare PNG; ``image/png`` rides along
for front ends that want it and ``text/plain`` is the alt text itself, so nbval
sees a stable sentence instead of ``<Figure size 640x480 with 1 Axes>``.

Examples
--------
>>> from actlab.explorers import Panel, Scene, VLine
>>> picture = Picture(Scene(Panel([VLine(0.0)]), alt="A vertical line at zero."))
>>> bundle = picture._repr_mimebundle_()
>>> bundle["text/plain"]
'A vertical line at zero.'
>>> 'alt="A vertical line at zero."' in bundle["text/html"]
True
"""

import base64
import html
import io

import numpy as np
from matplotlib.figure import Figure

from actlab.explorers.render import png
from actlab.explorers.scene import Scene

__all__ = ["Picture", "show"]


class Picture:
    """A figure (or Scene) and its alt text, displayed as an ``<img alt=...>``.

    Parameters
    ----------
    figure : matplotlib.figure.Figure or Scene
    alt : str, optional
        What the figure shows; required for a Figure, taken from ``Scene.alt``
        for a Scene.
    dpi : float, default 100
    """

    def __init__(self, figure, alt=None, *, dpi=100):
        if isinstance(figure, Scene):
            alt = alt or figure.alt
            # a figure outside pyplot: the notebook shows this picture once, not again at cell end
            figure = figure.to_figure(fig=Figure())
        if not isinstance(figure, Figure):
            raise TypeError(f"show needs a matplotlib Figure or a Scene; got {type(figure).__name__}.")
        if not isinstance(alt, str) or not alt.strip():
            raise ValueError("show needs alt text: a sentence describing what the figure shows.")
        self.figure, self.alt, self.dpi = figure, alt.strip(), dpi

    def png(self):
        """The figure as a 256-colour PNG (line art needs no more, and pages stay light)."""
        from PIL import Image

        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png", dpi=self.dpi, facecolor="white")
        return png(np.asarray(Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")))

    def _repr_mimebundle_(self, include=None, exclude=None):
        data = base64.b64encode(self.png()).decode("ascii")
        width = round(self.figure.get_figwidth() * 100)
        img = (f'<img src="data:image/png;base64,{data}" alt="{html.escape(self.alt)}" width="{width}" '
               f'class="actlab-picture" style="max-width:100%;height:auto">')
        return {"text/html": img, "image/png": data, "text/plain": self.alt}


def show(figure, alt=None, *, dpi=100):
    """Display a static figure with alt text (in a notebook and on the built page).

    Parameters
    ----------
    figure : matplotlib.figure.Figure or Scene
        A Scene brings its own alt text.
    alt : str, optional
        What the figure shows, in one or two sentences; required for a Figure.
    dpi : float, default 100

    Notes
    -----
    A figure made with ``pyplot`` is closed after it is shown, so the notebook
    does not show it a second time at the end of the cell.
    """
    from IPython.display import display
    import matplotlib.pyplot as plt

    picture = Picture(figure, alt, dpi=dpi)
    display(picture)
    plt.close(picture.figure)
