"""A block of Markdown that a notebook shows rendered and a terminal shows as text."""


class Markdown:
    """Markdown text: rendered by the book (with MyST links and math) and by JupyterLab.

    A plain-text front end, and nbval, see the Markdown source itself.

    Examples
    --------
    >>> Markdown("**bold**")
    **bold**
    """

    def __init__(self, text):
        self.text = str(text)

    def __str__(self):
        return self.text

    __repr__ = __str__

    def _repr_markdown_(self):
        return self.text
