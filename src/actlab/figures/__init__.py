"""Figure builders of the chapters, one module per chapter.

A chapter's visible code is the idea; a figure it shows is one call to a builder
here. Each builder takes the data or settings it draws, returns an
:class:`actlab.explorers.Scene` (so the page shows it with alt text generated from
the data) or, for a plain matplotlib figure, takes ``ax=None`` and returns the Axes.
Each builder's docstring names the section of the chapter that uses it.
"""
