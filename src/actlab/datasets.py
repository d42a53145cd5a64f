r"""Data sets for the chapters: four toy problems in the plane, and handwritten digits.

The toy sets are the classic pictures of what one straight line cannot
separate. Each is drawn by ``make_<name>(n, *, noise=0.0, rng=None)`` and
returns

* ``X`` -- float64 array of shape ``(n, 2)``, the points;
* ``y`` -- int64 array of shape ``(n,)``, their labels 0 or 1.

The classes are balanced (they differ by at most one point), the rows come in
random order, and ``noise`` is the standard deviation of Gaussian jitter added
to every coordinate after the labels are fixed, so with enough noise the
classes overlap. One seed gives the same points, in the same order, at every
noise level: moving a noise slider only jitters them further.

=================  =========================================================
``make_xor``       four quadrants, labelled 1 where exactly one coordinate is positive
``make_moons``     two interleaving half circles
``make_circles``   a small circle inside a large one
``make_spiral``    two spirals wound around each other
=================  =========================================================

:func:`load_digits` gives the 8 x 8 handwritten digits that scikit-learn ships
with its installation (1,797 images, no download), split into a training and a
test set.
"""

from typing import NamedTuple

import numpy as np

__all__ = ["make_xor", "make_moons", "make_circles", "make_spiral", "load_digits", "Split"]


def make_xor(n, *, noise=0.0, rng=None):
    r"""Draw points in the four quadrants, labelled by the exclusive or of their signs.

    Each point lies in the square :math:`[-1, 1]^2`, at least 0.1 away from
    both axes, and has label :math:`[x_1 > 0] \oplus [x_2 > 0]`: 1 in the
    second and fourth quadrants, 0 in the first and third. No line separates
    the two classes; one hidden layer of two units suffices.

    Parameters
    ----------
    n : int
        Number of points (positive).
    noise : float, default 0.0
        Standard deviation of the Gaussian jitter added to each coordinate.
    rng : int, numpy.random.Generator or None
        Seed or generator; ``None`` draws fresh entropy.

    Returns
    -------
    X : ndarray of float64, shape (n, 2)
    y : ndarray of int64, shape (n,)

    Examples
    --------
    >>> X, y = make_xor(8, rng=0)
    >>> X.shape, y.shape, int(y.sum())
    ((8, 2), (8,), 4)
    >>> bool(np.all(y == ((X[:, 0] > 0) ^ (X[:, 1] > 0))))
    True
    """
    n, noise, rng = _check(n, noise, rng)
    quadrant = np.arange(n) % 4  # balanced: 0 (+,+), 1 (-,+), 2 (-,-), 3 (+,-)
    signs = np.array([[1, 1], [-1, 1], [-1, -1], [1, -1]])[quadrant]
    X = signs * rng.uniform(0.1, 1.0, size=(n, 2))
    y = quadrant % 2  # one coordinate negative: quadrants 1 and 3
    return _finish(X, y, noise, rng)


def make_moons(n, *, noise=0.0, rng=None):
    r"""Draw points on two interleaving half circles.

    Class 0 lies on the upper half of the unit circle,
    :math:`(\cos t, \sin t)`; class 1 on a lower half circle shifted right and
    down, :math:`(1 - \cos t, \tfrac12 - \sin t)`, with :math:`t` uniform in
    :math:`[0, \pi]`. Each moon reaches into the other's hollow.

    Parameters
    ----------
    n : int
        Number of points (positive).
    noise : float, default 0.0
        Standard deviation of the Gaussian jitter added to each coordinate.
    rng : int, numpy.random.Generator or None
        Seed or generator; ``None`` draws fresh entropy.

    Returns
    -------
    X : ndarray of float64, shape (n, 2)
    y : ndarray of int64, shape (n,)

    Examples
    --------
    >>> X, y = make_moons(100, rng=0)
    >>> X.shape, np.bincount(y).tolist()
    ((100, 2), [50, 50])
    >>> bool(np.allclose(np.hypot(*X[y == 0].T), 1.0))   # class 0: on the unit circle
    True
    """
    n, noise, rng = _check(n, noise, rng)
    y = np.arange(n) % 2
    t = rng.uniform(0.0, np.pi, size=n)
    upper = np.column_stack([np.cos(t), np.sin(t)])
    lower = np.column_stack([1.0 - np.cos(t), 0.5 - np.sin(t)])
    X = np.where(y[:, None] == 0, upper, lower)
    return _finish(X, y, noise, rng)


def make_circles(n, *, noise=0.0, factor=0.5, rng=None):
    r"""Draw points on two concentric circles: class 0 outside, class 1 inside.

    Class 0 lies on the unit circle and class 1 on the circle of radius
    ``factor``, at uniformly random angles. A network must learn a closed
    boundary, which a single hidden layer of three or more units can draw.

    Parameters
    ----------
    n : int
        Number of points (positive).
    noise : float, default 0.0
        Standard deviation of the Gaussian jitter added to each coordinate.
    factor : float, default 0.5
        Radius of the inner circle, in ``(0, 1)``.
    rng : int, numpy.random.Generator or None
        Seed or generator; ``None`` draws fresh entropy.

    Returns
    -------
    X : ndarray of float64, shape (n, 2)
    y : ndarray of int64, shape (n,)

    Examples
    --------
    >>> X, y = make_circles(6, factor=0.3, rng=0)
    >>> np.hypot(*X.T).round(2)[np.argsort(y, kind="stable")]
    array([1. , 1. , 1. , 0.3, 0.3, 0.3])
    """
    n, noise, rng = _check(n, noise, rng)
    if not (isinstance(factor, (int, float, np.floating)) and 0.0 < factor < 1.0):
        raise ValueError(f"factor must be a number between 0 and 1 (the inner radius); got {factor!r}.")
    y = np.arange(n) % 2
    angle = rng.uniform(0.0, 2.0 * np.pi, size=n)
    radius = np.where(y == 0, 1.0, float(factor))
    X = radius[:, None] * np.column_stack([np.cos(angle), np.sin(angle)])
    return _finish(X, y, noise, rng)


def make_spiral(n, *, noise=0.0, turns=1.5, rng=None):
    r"""Draw points on two spirals wound around each other.

    A point at position :math:`t \in [0.1, 1]` along its spiral sits at radius
    :math:`t` and angle :math:`2\pi \cdot \text{turns} \cdot t + \pi k` for
    class :math:`k`: the second spiral is the first turned by half a circle.
    This is the hardest of the four sets; it needs a deeper or wider network.

    Parameters
    ----------
    n : int
        Number of points (positive).
    noise : float, default 0.0
        Standard deviation of the Gaussian jitter added to each coordinate.
    turns : float, default 1.5
        How many times each spiral winds around the origin (positive).
    rng : int, numpy.random.Generator or None
        Seed or generator; ``None`` draws fresh entropy.

    Returns
    -------
    X : ndarray of float64, shape (n, 2)
    y : ndarray of int64, shape (n,)

    Examples
    --------
    >>> X, y = make_spiral(200, rng=0)
    >>> X.shape, np.bincount(y).tolist()
    ((200, 2), [100, 100])
    >>> bool(np.abs(X).max() <= 1.0)
    True
    """
    n, noise, rng = _check(n, noise, rng)
    if not (isinstance(turns, (int, float, np.number)) and not isinstance(turns, bool) and turns > 0):
        raise ValueError(f"turns must be a positive number; got {turns!r}.")
    y = np.arange(n) % 2
    t = rng.uniform(0.1, 1.0, size=n)
    angle = 2.0 * np.pi * turns * t + np.pi * y
    X = t[:, None] * np.column_stack([np.cos(angle), np.sin(angle)])
    return _finish(X, y, noise, rng)


class Split(NamedTuple):
    """A training set and a test set: ``X_train, X_test, y_train, y_test``.

    A named tuple: unpack it, or read its fields by name.

    Examples
    --------
    >>> split = load_digits()
    >>> split.X_test.shape == (len(split.y_test), 64)
    True
    """

    X_train: np.ndarray
    X_test: np.ndarray
    y_train: np.ndarray
    y_test: np.ndarray


def load_digits(*, test_size=0.25, rng=0):
    """Load scikit-learn's 8 x 8 handwritten digits, scaled to [0, 1] and split.

    The set holds 1,797 grey-scale images of the digits 0 to 9, each 8 x 8
    pixels with values 0 to 16; it is a file installed with scikit-learn, so
    nothing is downloaded. Pixels are divided by 16, and the split is
    stratified: each digit is as common in the test set as in the training set.

    Parameters
    ----------
    test_size : float, default 0.25
        The fraction of the images held out for testing, in ``(0, 1)``.
    rng : int or numpy.random.Generator, default 0
        Seed or generator for the split; the same seed gives the same split.

    Returns
    -------
    Split
        ``X_train, X_test`` (float64, shape ``(n, 64)``, one flattened image per
        row) and ``y_train, y_test`` (int64 labels 0 to 9).

    Examples
    --------
    >>> X_train, X_test, y_train, y_test = load_digits()
    >>> X_train.shape, X_test.shape
    ((1347, 64), (450, 64))
    >>> float(X_train.max()), sorted(set(y_test.tolist())) == list(range(10))
    (1.0, True)
    """
    from sklearn.datasets import load_digits as sklearn_digits
    from sklearn.model_selection import train_test_split

    if not (isinstance(test_size, (float, np.floating)) and 0.0 < test_size < 1.0):
        raise ValueError(f"test_size must be a fraction between 0 and 1, such as 0.25; got {test_size!r}.")
    if isinstance(rng, np.random.Generator):
        seed = int(rng.integers(2**31))
    elif isinstance(rng, (int, np.integer)) and not isinstance(rng, bool) and rng >= 0:
        seed = int(rng)
    else:
        raise ValueError(f"rng must be a non-negative integer seed or a numpy Generator; got {rng!r}.")
    digits = sklearn_digits()
    X = digits.data.astype(np.float64) / 16.0
    y = digits.target.astype(np.int64)
    parts = train_test_split(X, y, test_size=test_size, stratify=y, random_state=seed)
    return Split(*parts)


def _check(n, noise, rng):
    """Return checked ``n``, ``noise`` and a Generator, or raise a ValueError."""
    if not (isinstance(n, (int, np.integer)) and not isinstance(n, bool) and n > 0):
        raise ValueError(f"n must be a positive integer, the number of points; got {n!r}.")
    if not (isinstance(noise, (int, float, np.number)) and not isinstance(noise, bool) and 0 <= noise < np.inf):
        raise ValueError(f"noise must be a number >= 0, the standard deviation of the jitter; got {noise!r}.")
    return int(n), float(noise), np.random.default_rng(rng)


def _finish(X, y, noise, rng):
    """Add the Gaussian jitter, shuffle the rows, and fix the dtypes."""
    # Always draw the jitter, so that one seed gives the same points at every noise level.
    X = X + noise * rng.standard_normal(size=X.shape)
    order = rng.permutation(len(y))
    return X[order].astype(np.float64), y[order].astype(np.int64)
