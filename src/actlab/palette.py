"""The course's colours: the Okabe-Ito palette.

Okabe and Ito chose these eight colours (*Color Universal Design*, 2008) so that
they stay distinguishable for the common forms of colour blindness. Every
activation's colour is one of them (a field of its registry entry, see
:mod:`actlab.activations`), and so is every other colour a figure uses: a page
never writes a hex code of its own.

>>> from actlab.palette import OKABE_ITO, pale
>>> OKABE_ITO["blue"]
'#0072B2'
>>> pale("blue")
'#BFDCEC'
"""

__all__ = ["OKABE_ITO", "pale"]

#: Okabe-Ito colours by name, plus a neutral grey.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "grey": "#7F7F7F",
}


def pale(name, amount=0.75):
    """Return a palette colour mixed with white, for shaded regions behind data.

    Parameters
    ----------
    name : str
        A key of :data:`OKABE_ITO`.
    amount : float, default 0.75
        How much white: 0 keeps the colour, 1 gives white.

    Returns
    -------
    str
        A hex colour string.

    Examples
    --------
    >>> pale("orange", 0.5)
    '#F2CF80'
    """
    if name not in OKABE_ITO:
        raise KeyError(f"unknown palette colour {name!r}; valid names are: {', '.join(OKABE_ITO)}")
    if not 0.0 <= amount <= 1.0:
        raise ValueError(f"amount must lie between 0 (the colour) and 1 (white); got {amount}.")
    rgb = [int(OKABE_ITO[name][i : i + 2], 16) for i in (1, 3, 5)]
    mixed = [round(c + (255 - c) * amount) for c in rgb]
    return "#" + "".join(f"{c:02X}" for c in mixed)
