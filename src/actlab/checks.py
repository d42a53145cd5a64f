"""Self-check functions for the coding exercises.

Each ``check_*`` function takes the learner's function, runs it on inputs it
makes itself (with a fixed seed), and returns a :class:`Feedback`: a verdict and
sentences that say what is right or what is wrong and what was expected. A
check never raises because of a wrong answer: an exception inside the learner's
code, a wrong shape, a NaN or a function not written yet are all reported as
feedback, so the learner sees a sentence, not a traceback.

>>> import numpy as np
>>> from actlab import checks
>>> checks.check_xor_net(lambda X: X[:, 0] * X[:, 1])        # wrong sign
Feedback(passed=False, ...)
>>> checks.check_xor_net(lambda X: -X[:, 0] * X[:, 1]).passed  # a product is not a network, but it is right
True
"""

import html
from dataclasses import dataclass

import numpy as np

__all__ = ["Feedback", "check_collapse", "check_xor_net", "check_relu_interpolant"]


@dataclass(frozen=True)
class Feedback:
    """The verdict of a check, shown as a coloured box in a notebook.

    Parameters
    ----------
    exercise : str
        Which exercise this is about, e.g. ``"1.1 Collapse the layers"``.
    passed : bool
        Whether every check passed.
    message : str
        What is right, or what is wrong and what was expected.

    Examples
    --------
    >>> fb = Feedback("demo", False, "Expected an array of shape (4,), got (4, 1).")
    >>> bool(fb)
    False
    >>> print(fb)
    ✗ demo: Expected an array of shape (4,), got (4, 1).
    """

    exercise: str
    passed: bool
    message: str

    def __bool__(self):
        return self.passed

    def __str__(self):
        return f"{'✓' if self.passed else '✗'} {self.exercise}: {self.message}"

    def __repr__(self):
        return f"Feedback(passed={self.passed}, ...)"

    def _repr_pretty_(self, printer, cycle):
        printer.text(str(self))

    def _repr_html_(self):
        colour, mark, word = ("#1a7f37", "✓", "Correct") if self.passed else ("#b35900", "✗", "Not yet")
        return (
            f'<div role="status" style="border-left:4px solid {colour};padding:0.4em 0.8em;margin:0.3em 0">'
            f"<strong>{mark} {word} — {html.escape(self.exercise)}</strong><br>{html.escape(self.message)}</div>"
        )


class _Wrong(Exception):
    """Internal: one check failed; its message is the feedback."""


def _run(exercise, check):
    try:
        message = check()
    except _Wrong as wrong:
        return Feedback(exercise, False, str(wrong))
    return Feedback(exercise, True, message)


def _call(fn, *args):
    """Call the learner's function; turn whatever goes wrong inside it into a sentence."""
    if not callable(fn):
        raise _Wrong(f"Expected a function, but got {type(fn).__name__}; pass the function itself, without calling it.")
    try:
        result = fn(*args)
    except NotImplementedError:
        raise _Wrong("This function is not written yet: replace the line 'raise NotImplementedError' with your code.")
    except Exception as err:  # the learner's code, reported in one sentence
        raise _Wrong(f"Your function raised {type(err).__name__}: {err}") from None
    if result is None or result is Ellipsis:
        raise _Wrong("Your function returned nothing; did you forget the 'return' statement?")
    return result


def _array(value, what, shape):
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise _Wrong(f"{what} should be an array of numbers, but got {type(value).__name__}.") from None
    if arr.shape != shape:
        raise _Wrong(f"{what} should have shape {shape}, but has shape {arr.shape}.")
    if not np.all(np.isfinite(arr)):
        raise _Wrong(f"{what} contains NaN or infinite values; every entry should be a finite number.")
    return arr


def _random_layers(rng, sizes):
    return [(rng.normal(size=(a, b)), rng.normal(size=b)) for a, b in zip(sizes[:-1], sizes[1:])]


def check_collapse(collapse):
    """Check a function that collapses a stack of affine layers into one.

    The learner writes ``collapse(layers) -> (W, b)`` where ``layers`` is a
    list of ``(W_l, b_l)`` with ``W_l`` of shape ``(fan_in, fan_out)``, and the
    stack computes ``x @ W_1 + b_1``, then ``@ W_2 + b_2``, and so on. The
    check compares ``x @ W + b`` with the stack on random layers and inputs.

    Parameters
    ----------
    collapse : callable
        The learner's function.

    Returns
    -------
    Feedback

    Examples
    --------
    >>> def collapse(layers):
    ...     W, b = layers[0]
    ...     for W_next, b_next in layers[1:]:
    ...         W, b = W @ W_next, b @ W_next + b_next
    ...     return W, b
    >>> check_collapse(collapse).passed
    True
    """

    def check():
        rng = np.random.default_rng(2024)
        for sizes in ([2, 2], [3, 4, 2], [2, 5, 5, 3, 1], [4, 3, 6, 2, 2, 3]):
            layers = _random_layers(rng, sizes)
            W, b = _unpack_pair(_call(collapse, [(w.copy(), c.copy()) for w, c in layers]))
            W = _array(W, f"W for layer sizes {sizes}", (sizes[0], sizes[-1]))
            b = _array(b, f"b for layer sizes {sizes}", (sizes[-1],))
            x = rng.normal(size=(7, sizes[0]))
            expected = x
            for w, c in layers:
                expected = expected @ w + c  # (7, fan_in) @ (fan_in, fan_out) -> (7, fan_out)
            got = x @ W + b
            if not np.allclose(got, expected, atol=1e-9):
                gap = np.max(np.abs(got - expected))
                hint = ""
                if np.allclose(got - expected, (got - expected)[0], atol=1e-9):  # off by the same vector everywhere
                    hint = " The matrix looks right; check how each bias is carried through the later layers."
                raise _Wrong(
                    f"For layer sizes {sizes}, x @ W + b differs from the stack by up to {gap:.3g}.{hint}"
                )
        return "x @ W + b equals the whole stack for every stack tried, of depth 1 to 5."

    return _run("Collapse the layers", check)


def _unpack_pair(result):
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        raise _Wrong("Your function should return a pair (W, b).")
    return result


def _xor_points(rng, n):
    X = rng.uniform(-1.0, 1.0, size=(n, 2))
    X = X[np.abs(X).min(axis=1) > 0.05]  # keep off the axes, where the label flips
    y = (X[:, 0] * X[:, 1] < 0).astype(int)
    return X, y


def check_xor_net(net):
    """Check a function that separates the XOR pattern.

    The learner writes ``net(X) -> scores`` for ``X`` of shape ``(n, 2)``,
    returning one score per point, positive where exactly one coordinate is
    negative (the second and fourth quadrants) and negative elsewhere.

    Parameters
    ----------
    net : callable
        The learner's function.

    Returns
    -------
    Feedback

    Examples
    --------
    >>> relu = lambda z: np.maximum(z, 0)
    >>> def net(X):
    ...     a, b = X[:, 0], X[:, 1]
    ...     return relu(a - b) + relu(b - a) - relu(a + b) - relu(-a - b)
    >>> check_xor_net(net).passed
    True
    """

    def check():
        corners = np.array([[1.0, 1.0], [-1.0, 1.0], [-1.0, -1.0], [1.0, -1.0]])
        scores = _array(_call(net, corners.copy()), "The scores for the four corners", (4,))
        wrong = [tuple(c) for c, s, t in zip(corners, scores, [0, 1, 0, 1]) if (s > 0) != bool(t)]
        if wrong:
            raise _Wrong(
                f"At the corners {wrong} the sign is wrong: a score should be positive exactly "
                "where one coordinate is negative, as at (-1, 1) and (1, -1)."
            )
        X, y = _xor_points(np.random.default_rng(7), 400)
        scores = _array(_call(net, X.copy()), f"The scores for {len(X)} points", (len(X),))
        accuracy = np.mean((scores > 0) == (y == 1))
        if accuracy < 0.99:
            raise _Wrong(
                f"The corners are right, but only {accuracy:.0%} of {len(X)} random points in the square "
                "are; the score should change sign on both axes, not only at the corners."
            )
        return f"All four corners and {accuracy:.0%} of {len(X)} random points are on the right side."

    return _run("A network for XOR", check)


def check_relu_interpolant(coefficients):
    """Check a function that writes a piecewise-linear curve as a sum of ReLUs.

    The learner writes ``coefficients(t, y) -> (c0, c)`` for knots ``t``
    (increasing, shape ``(k+1,)``) and values ``y`` (shape ``(k+1,)``), so that
    ``c0 + sum_j c[j] * relu(x - t[j])`` passes through every ``(t, y)`` and is
    straight between knots; ``c`` has shape ``(k,)``.

    Parameters
    ----------
    coefficients : callable
        The learner's function.

    Returns
    -------
    Feedback

    Examples
    --------
    >>> def coefficients(t, y):
    ...     slopes = np.diff(y) / np.diff(t)
    ...     return y[0], np.diff(slopes, prepend=0.0)
    >>> check_relu_interpolant(coefficients).passed
    True
    """

    def check():
        rng = np.random.default_rng(11)
        for k in (1, 3, 8):
            t = np.sort(rng.uniform(-3, 3, size=k + 1))
            y = rng.normal(size=k + 1)
            c0, c = _unpack_pair(_call(coefficients, t.copy(), y.copy()))
            c0 = _array(c0, "c0", ())
            c = _array(c, f"c for {k + 1} knots", (k,))
            x = np.linspace(t[0], t[-1], 301)
            got = c0 + np.maximum(x[:, None] - t[:-1], 0.0) @ c  # (301, k) @ (k,) -> (301,)
            expected = np.interp(x, t, y)
            if not np.allclose(got, expected, atol=1e-8):
                at_knots = c0 + np.maximum(t[:, None] - t[:-1], 0.0) @ c
                bad = int(np.argmax(np.abs(at_knots - y)))
                raise _Wrong(
                    f"With {k + 1} knots the sum misses the curve: at knot {bad} it gives "
                    f"{at_knots[bad]:.4g} where the curve is {y[bad]:.4g}. Each c[j] should be the "
                    "change of slope at knot j (the first one is the first slope itself)."
                )
        return "The sum of ReLUs passes through every knot and is straight between them."

    return _run("A curve from ReLUs", check)
