"""Exercises that check the learner's code and answer in sentences.

An :class:`Exercise` holds everything about one coding exercise: the reference
solution (written once: it computes the expected values, it is what
``solution()`` shows, and the tests put it into the notebook to run it solved),
the inputs it is checked on (:class:`Case`), progressive hints, and how a result
is compared with the expected one. ``exercise.check(learner_function)`` runs
*every* case and returns a :class:`Feedback` with one of three outcomes:

``correct``
    every case passed (and it says how many there were);
``not yet``
    how many cases passed, and for the first that failed: the input, what was
    expected, what came back, and the numerical mistake it looks like;
``not attempted``
    the function still holds its placeholder (``raise NotImplementedError``,
    ``pass`` or ``...``).

A check never raises because of the learner's code: an exception inside it is
reported as a sentence naming the exception, the input and the line.

The ``expect_*`` helpers, :func:`gradient_check` and :func:`unchanged_input`
name the numerical mistakes of this subject (NaN or inf and where they start,
rows not summing to 1, a derivative failing a finite-difference check, an input
changed in place, the wrong derivative at a kink, a wrong shape or axis). Each
raises :class:`NotYet` with the sentence the learner sees; use them inside a
``compare`` function.

Examples
--------
>>> import numpy as np
>>> def double(z):
...     \"\"\"Twice z.\"\"\"
...     return 2 * z
>>> ex = Exercise("demo.double", "Double it", solution=double,
...               cases=[Case(np.array([1.0, -2.0])), Case(np.array([0.5]))],
...               hints=["Multiply by 2."])
>>> print(ex.check(lambda z: 2 * z))
✓ Correct. Double it: all 2 checks passed.
>>> print(ex.check(lambda z: np.abs(2 * z)))  # doctest: +NORMALIZE_WHITESPACE
✗ Not yet. Double it: 1 of 2 checks passed. For z = [1, -2]: expected [2, -4], but got [2, 4];
the largest difference is 8 (at index 1, where the input is -2).
"""

import ast
import copy
import html
import inspect
import textwrap
import traceback
import warnings
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np

__all__ = [
    "Exercise",
    "Case",
    "Feedback",
    "NotYet",
    "CORRECT",
    "NOT_YET",
    "NOT_ATTEMPTED",
    "describe",
    "expect_close",
    "expect_shape",
    "expect_finite",
    "expect_rows_sum_to_one",
    "gradient_check",
    "unchanged_input",
    "expect_kink_derivative",
]

CORRECT, NOT_YET, NOT_ATTEMPTED = "correct", "not yet", "not attempted"
_PACKAGE_DIR = str(Path(__file__).resolve().parent)


class NotYet(Exception):
    """A check found something wrong; the message is the sentence the learner reads."""


# ------------------------------------------------------------------------------ feedback


@dataclass(frozen=True)
class Feedback:
    """The outcome of ``Exercise.check``: a status and the sentences that explain it.

    Parameters
    ----------
    exercise : str
        The exercise's title.
    status : str
        ``"correct"``, ``"not yet"`` or ``"not attempted"``.
    message : str
        What passed, or what is wrong and what was expected.
    passed, total : int
        How many of the checks passed, out of how many that ran.

    Examples
    --------
    >>> fb = Feedback("demo", "not yet", "Expected shape (4,), got (4, 1).", 1, 3)
    >>> bool(fb), fb.passed_all
    (False, False)
    >>> print(fb)
    ✗ Not yet. demo: Expected shape (4,), got (4, 1).
    """

    exercise: str
    status: str
    message: str
    passed: int = 0
    total: int = 0

    @property
    def passed_all(self):
        """Whether the outcome is ``correct``."""
        return self.status == CORRECT

    def __bool__(self):
        return self.passed_all

    _LOOK = {
        CORRECT: ("✓", "Correct.", "ac-correct"),
        NOT_YET: ("✗", "Not yet.", "ac-not-yet"),
        NOT_ATTEMPTED: ("○", "Not attempted yet.", "ac-not-attempted"),
    }

    def __str__(self):
        mark, word, _ = self._LOOK[self.status]
        return f"{mark} {word} {self.exercise}: {self.message}"

    def __repr__(self):
        return str(self)

    def _repr_pretty_(self, printer, cycle):
        printer.text(str(self))

    def _repr_html_(self):
        from actlab.quiz import render_text

        mark, word, look = self._LOOK[self.status]
        return (
            f'<div class="actlab-feedback {look} mathjax_process" role="status">{_style()}'
            f'<span class="ac-verdict"><span aria-hidden="true">{mark}</span> {word}</span> '
            f"{html.escape(self.exercise)}: {render_text(self.message)}</div>"
        )


# ---------------------------------------------------------------------------------- cases


@dataclass(frozen=True)
class Case:
    """One input to check a learner's function on.

    Parameters
    ----------
    *args, **kwargs
        What the function is called with (each call gets fresh copies).
    label : str, optional
        How the input is named in feedback, e.g. ``"layer sizes [3, 4, 2]"``;
        by default the arguments are described with :func:`describe`.

    Examples
    --------
    >>> Case(np.array([0.0, 1.0])).describe(["z"])
    'z = [0, 1]'
    """

    args: tuple = ()
    kwargs: dict = field(default_factory=dict)
    label: str | None = None

    def __init__(self, *args, label=None, **kwargs):
        object.__setattr__(self, "args", args)
        object.__setattr__(self, "kwargs", kwargs)
        object.__setattr__(self, "label", label)

    def describe(self, names=()):
        """The input in words, for feedback."""
        if self.label is not None:
            return self.label
        names = list(names) + [None] * len(self.args)
        parts = [f"{n} = {describe(a)}" if n else describe(a) for n, a in zip(names, self.args)]
        parts += [f"{k} = {describe(v)}" for k, v in self.kwargs.items()]
        return ", ".join(parts) or "no arguments"

    def fresh(self):
        """Deep copies of the arguments, so that no call can change the case."""
        return copy.deepcopy(self.args), copy.deepcopy(self.kwargs)


def describe(value, *, digits=4):
    """A short, one-line description of a value for feedback sentences.

    Small arrays are printed (``[0.25, 0.5]``); big ones by shape and dtype.

    Examples
    --------
    >>> describe(np.array([0.25, 1/3]))
    '[0.25, 0.3333]'
    >>> describe(np.zeros((50, 3)))
    'an array of shape (50, 3) (float64)'
    >>> describe((0.5, "a"))
    "(0.5, 'a')"
    """
    if isinstance(value, np.ndarray):
        if value.size > 12:
            return f"an array of shape {value.shape} ({value.dtype})"
        if value.ndim == 0:
            return _number(value.item(), digits)
        return _nested(value, digits)
    if isinstance(value, (float, np.floating)):
        return _number(float(value), digits)
    if isinstance(value, tuple) and len(value) <= 6:
        inner = ", ".join(describe(v, digits=digits) for v in value)
        return f"({inner}{',' if len(value) == 1 else ''})"
    text = repr(value)
    return text if len(text) <= 80 else f"a {type(value).__name__} of length {_length(value)}"


def _nested(a, digits):
    if a.ndim == 1:
        return "[" + ", ".join(_number(x.item(), digits) for x in a) + "]"
    return "[" + ", ".join(_nested(row, digits) for row in a) + "]"


def _length(value):
    try:
        return len(value)
    except TypeError:
        return "?"


def _number(x, digits):
    return f"{x:.{digits}g}" if isinstance(x, float) else repr(x)


# ------------------------------------------------------------------------------- helpers


def _as_array(got, what):
    try:
        arr = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        raise NotYet(
            f"expected {what} to be numbers (an array or a float), but got {describe(got)} ({type(got).__name__})."
        ) from None
    return arr


def expect_shape(got, shape, *, what="the result"):
    """Raise :class:`NotYet` unless ``got`` is an array of the given shape.

    The sentence suggests the usual causes: a transposed matrix, ``keepdims``,
    or a sum over the wrong axis.

    Examples
    --------
    >>> expect_shape(np.ones((4, 1)), (4,), what="the scores")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    actlab.checks.NotYet: expected the scores to have shape (4,), but it has shape (4, 1) (an extra axis ...
    """
    arr = _as_array(got, what)
    shape = tuple(shape)
    if arr.shape == shape:
        return
    why = ""
    if (
        arr.ndim == len(shape) + 1
        and 1 in arr.shape
        and tuple(d for d in arr.shape if d != 1) == tuple(d for d in shape if d != 1)
    ):
        why = " (an extra axis of length 1: drop it, e.g. with keepdims=False or .ravel())"
    elif len(shape) == arr.ndim + 1 and 1 in shape:
        why = " (an axis of length 1 is missing: keep it with keepdims=True)"
    elif arr.shape == shape[::-1]:
        why = " (transposed: check the order of a matrix product, or of the axes)"
    elif arr.ndim == len(shape) - 1 and arr.shape in [shape[:i] + shape[i + 1 :] for i in range(len(shape))]:
        why = " (an axis was summed or reduced away that should stay)"
    elif len(shape) == arr.ndim - 1 and shape in [arr.shape[:i] + arr.shape[i + 1 :] for i in range(arr.ndim)]:
        kept = [i for i in range(arr.ndim) if arr.shape[:i] + arr.shape[i + 1 :] == shape]
        why = f" (reduce over axis {kept[-1]} as well, or use the right axis)"
    raise NotYet(f"expected {what} to have shape {shape}, but it has shape {arr.shape}{why}.")


def expect_finite(got, *, what="the result", inputs=None, warned=()):
    """Raise :class:`NotYet` if ``got`` holds NaN or inf, saying where they start.

    Parameters
    ----------
    got : array_like
    what : str
        How the value is named in the sentence.
    inputs : array_like, optional
        The input, when it has the same shape: the sentence then names the input
        value at the first bad entry (where an ``exp`` overflowed, for instance).
    warned : sequence of str
        NumPy's warnings while the learner's code ran (``Exercise`` records them).

    Examples
    --------
    >>> z = np.array([0.0, 800.0, -800.0])
    >>> with np.errstate(over="ignore", invalid="ignore"):
    ...     bad = np.exp(z) / np.exp(z).sum()
    >>> expect_finite(bad, inputs=z)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    actlab.checks.NotYet: the result holds 1 NaN or infinite entry; the first is nan at index 1, ...
    """
    arr = _as_array(got, what)
    bad = ~np.isfinite(arr)
    if not bad.any():
        return
    first = tuple(int(i) for i in np.argwhere(bad)[0])
    where = first[0] if len(first) == 1 else first
    sentence = (
        f"{what} holds {int(bad.sum())} NaN or infinite entr{'y' if bad.sum() == 1 else 'ies'}; "
        f"the first is {arr[first]} at index {where}"
    )
    if inputs is not None and np.shape(inputs) == arr.shape:
        sentence += f", where the input is {describe(np.asarray(inputs)[first])}"
    elif inputs is not None and np.ndim(inputs) == arr.ndim >= 1 and np.shape(inputs)[0] == arr.shape[0]:
        sentence += f", in the row whose input is {describe(np.asarray(inputs)[first[0]])}"
    sentence += "."
    messages = sorted(set(warned))
    if messages:
        sentence += f" NumPy warned: {'; '.join(messages)}."
    if any("overflow" in m for m in messages) or (
        not messages and inputs is not None and np.max(np.abs(np.asarray(inputs, dtype=float))) > 80
    ):
        sentence += (
            " With large inputs an exponential overflows to inf: subtract the maximum first, "
            "or use a form that only takes exp of non-positive numbers."
        )
    elif any("divide by zero encountered in log" in m for m in messages):
        sentence += (
            " A logarithm of 0 gave -inf: a probability had rounded to exactly 0. Compute "
            "log-probabilities directly (log-sum-exp) instead of taking np.log of a probability."
        )
    elif any("divide by zero" in m for m in messages):
        sentence += " Something was divided by zero: look for a denominator that can be 0."
    elif any("invalid value" in m for m in messages):
        sentence += " NaN comes from 0/0, inf - inf or 0 * inf: look for where such a value first appears."
    raise NotYet(sentence)


def expect_close(got, expected, *, what="the result", rtol=1e-6, atol=1e-9, inputs=None):
    """Raise :class:`NotYet` unless ``got`` equals ``expected`` within a tolerance.

    Checks, in order: that ``got`` is numbers, its shape, NaN/inf (when the
    expected value is finite), then ``abs(got - expected) <= atol + rtol * abs(expected)``.
    Given ``inputs`` of the same shape (an elementwise function's argument), the
    sentence names the input where the worst entry is.

    Examples
    --------
    >>> expect_close(np.array([0.5, 0.25]), np.array([0.5, 0.2500000001]))
    >>> expect_close(1.0, 0.25, what="the slope at 0")
    Traceback (most recent call last):
    ...
    actlab.checks.NotYet: expected the slope at 0 to be 0.25, but got 1 (4 times too large).
    """
    expected = np.asarray(expected, dtype=float)
    expect_shape(got, expected.shape, what=what)
    arr = _as_array(got, what)
    if np.all(np.isfinite(expected)):
        expect_finite(arr, what=what, inputs=inputs)
    ok = np.isclose(arr, expected, rtol=rtol, atol=atol, equal_nan=True)
    if ok.all():
        return
    if arr.ndim == 0:
        ratio = ""
        if expected != 0 and arr != 0:
            r = float(arr / expected)
            if np.isclose(r, -1):
                ratio = " (the sign is flipped)"
            elif r > 1 and np.isclose(r, round(r)) and round(r) > 1:
                ratio = f" ({round(r)} times too large)"
            elif 0 < r < 1 and np.isclose(1 / r, round(1 / r)):
                ratio = f" ({round(1 / r)} times too small)"
        raise NotYet(f"expected {what} to be {describe(float(expected))}, but got {describe(float(arr))}{ratio}.")
    gap = np.where(np.isnan(arr) | np.isnan(expected), np.inf, np.abs(arr - expected))
    worst = tuple(int(i) for i in np.unravel_index(np.argmax(np.where(ok, -1, gap)), arr.shape))
    where = worst[0] if len(worst) == 1 else worst
    at = f"index {where}"
    if inputs is not None and np.shape(inputs) == arr.shape:
        at += f", where the input is {describe(np.asarray(inputs)[worst])}"
    if arr.size <= 12:
        raise NotYet(
            f"expected {describe(expected)}, but got {describe(arr)}; the largest difference is "
            f"{describe(float(gap[worst]))} (at {at})."
        )
    raise NotYet(
        f"{int((~ok).sum())} of {arr.size} entries of {what} are off; the worst is at {at}: "
        f"expected {describe(float(expected[worst]))}, but got {describe(float(arr[worst]))}."
    )


def expect_rows_sum_to_one(got, *, axis=-1, what="the result", atol=1e-6):
    """Raise :class:`NotYet` unless ``got`` sums to 1 along ``axis`` (probabilities).

    Examples
    --------
    >>> p = np.array([[0.2, 0.8], [0.9, 0.1]])
    >>> expect_rows_sum_to_one(p)
    >>> expect_rows_sum_to_one(p.T / p.T.sum(axis=0))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    actlab.checks.NotYet: each row of the result should sum to 1, but row 0 sums to 1.1 (the columns ...
    """
    expect_finite(got, what=what)
    arr = _as_array(got, what)
    sums = arr.sum(axis=axis)
    bad = ~np.isclose(sums, 1.0, atol=atol)
    if not bad.any():
        return
    first = tuple(int(i) for i in np.argwhere(np.atleast_1d(bad))[0])
    where = first[0] if len(first) == 1 else first
    total = describe(float(np.atleast_1d(sums)[first]))
    sentence = f"each row of {what} should sum to 1, but row {where} sums to {total}"
    if arr.ndim == 2 and np.allclose(arr.sum(axis=0), 1.0, atol=atol):
        sentence += " (the columns sum to 1 instead: normalise along axis=-1, not axis=0)"
    raise NotYet(sentence + ".")


def gradient_check(f, grad, z, *, eps=1e-6, tol=1e-5, kinks=(), name="the derivative"):
    """Compare a derivative with central differences; raise :class:`NotYet` if they disagree.

    For an elementwise ``f`` (output shaped like ``z``), ``grad(z)`` is compared
    entry by entry with ``(f(z + eps) - f(z - eps)) / (2 eps)``; for a scalar
    ``f`` (a loss), with the numerical gradient. Points within ``100 * eps`` of a
    kink are skipped, where no derivative exists.

    Parameters
    ----------
    f, grad : callable
    z : array_like
    eps : float
        Step of the central difference.
    tol : float
        Largest accepted relative error ``abs(a - b) / max(abs(a) + abs(b), 1e-8)``.
    kinks : sequence of float
        Where ``f`` has a corner (``0`` for ReLU).
    name : str

    Returns
    -------
    float
        The largest relative error found.

    Examples
    --------
    >>> z = np.linspace(-3, 3, 7)
    >>> gradient_check(np.tanh, lambda z: 1 - np.tanh(z) ** 2, z) < 1e-7
    True
    >>> gradient_check(np.tanh, lambda z: 1 - np.tanh(z), z)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    actlab.checks.NotYet: the derivative fails a finite-difference check: at z = -3 it gives 1.995 ...
    """
    z = np.array(z, dtype=float)
    out = np.asarray(f(z.copy()), dtype=float)
    given = _as_array(grad(z.copy()), name)
    expect_shape(given, z.shape, what=name)
    if out.shape == z.shape:  # elementwise: one derivative per entry
        numeric = (np.asarray(f(z + eps), dtype=float) - np.asarray(f(z - eps), dtype=float)) / (2 * eps)
    else:  # scalar: the gradient, one entry at a time
        numeric = np.zeros_like(z)
        for i in np.ndindex(z.shape):
            step = np.zeros_like(z)
            step[i] = eps
            numeric[i] = (float(f(z + step)) - float(f(z - step))) / (2 * eps)
    keep = np.ones(z.shape, dtype=bool)
    for k in kinks:
        keep &= np.abs(z - k) > 100 * eps
    error = np.abs(given - numeric) / np.maximum(np.abs(given) + np.abs(numeric), 1e-8)
    error = np.where(keep & np.isfinite(error), error, 0.0)
    expect_finite(given, what=name, inputs=z)
    worst = np.unravel_index(np.argmax(error), z.shape)
    if error[worst] > tol:
        where = worst[0] if len(worst) == 1 else tuple(int(i) for i in worst)
        at = f"z = {describe(float(z[worst]))}" if out.shape == z.shape else f"index {where}"
        raise NotYet(
            f"{name} fails a finite-difference check: at {at} it gives {describe(float(given[worst]))} "
            f"where (f(z + h) - f(z - h)) / 2h gives {describe(float(numeric[worst]))} "
            f"(relative error {float(error[worst]):.2g})."
        )
    return float(error.max()) if error.size else 0.0


def unchanged_input(before, after, *, name="the input"):
    """Raise :class:`NotYet` if a function changed its input in place.

    Examples
    --------
    >>> z = np.array([-1.0, 2.0])
    >>> unchanged_input(z, np.array([-1.0, 2.0]))
    >>> unchanged_input(z, np.array([0.0, 2.0]), name="z")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    actlab.checks.NotYet: your function changed z in place (at index 0 it was -1 and is now 0): ...
    """
    if _same(before, after):
        return
    detail = ""
    a = np.asarray(before) if _is_numeric(before) else None
    b = np.asarray(after) if _is_numeric(after) else None
    if a is not None and b is not None and a.shape == b.shape:
        diff = np.argwhere(~((a == b) | (np.isnan(a) & np.isnan(b))))
        if diff.size:
            i = tuple(int(x) for x in diff[0])
            where = i[0] if len(i) == 1 else i
            detail = f" (at index {where} it was {describe(a[i])} and is now {describe(b[i])})"
    if isinstance(before, np.ndarray):
        fix = (
            f"compute a new array instead of writing into {name} (`{name} = {name} - step` makes a new "
            f"array, while `{name} -= step`, `{name}[i] = ...` and `out=` write into the caller's one)"
        )
    else:
        fix = f"build new objects instead of assigning into {name} or its items"
    raise NotYet(f"your function changed {name} in place{detail}: {fix}.")


def _is_numeric(x):
    return isinstance(x, (np.ndarray, float, int)) and np.asarray(x).dtype.kind in "fiub"


def _same(a, b):
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        a, b = np.asarray(a), np.asarray(b)
        return (
            a.shape == b.shape
            and a.dtype == b.dtype
            and bool(np.all((a == b) | (np.isnan(a) & np.isnan(b)) if a.dtype.kind == "f" else a == b))
        )
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    try:
        return bool(a == b)
    except Exception:  # noqa: BLE001 - an object that cannot compare: assume it changed
        return False


def expect_kink_derivative(grad, *, at=0.0, expected, name="the derivative", side="left-hand"):
    """Raise :class:`NotYet` unless ``grad(at)`` takes the course's value at a kink.

    At a kink the course (like PyTorch) uses the left-hand derivative:
    ``relu.grad(0) == 0``, ``leaky_relu.grad(0) == alpha``.

    Examples
    --------
    >>> step = lambda z: (np.asarray(z) >= 0) * 1.0
    >>> expect_kink_derivative(step, expected=0.0, name="relu's derivative")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    actlab.checks.NotYet: at the kink z = 0, relu's derivative should take the left-hand value 0, ...
    """
    value = _as_array(grad(np.array([float(at)])), name).ravel()
    if value.size != 1 or not np.isclose(value[0], expected):
        got = describe(float(value[0])) if value.size else "nothing"
        fix = ": use z > 0, not z >= 0" if expected == 0 and value.size and value[0] == 1 else ""
        raise NotYet(
            f"at the kink z = {describe(float(at))}, {name} should take the {side} value "
            f"{describe(float(expected))}, as the usual formulas and PyTorch do, "
            f"but it gives {got}{fix}."
        )


# ------------------------------------------------------------------------------- running


def _default_compare(got, expected, case):
    if isinstance(expected, tuple):
        if not isinstance(got, (tuple, list)) or len(got) != len(expected):
            raise NotYet(f"expected {len(expected)} values back (a tuple), but got {describe(got)}.")
        for i, (g, e) in enumerate(zip(got, expected)):
            expect_close(g, e, what=f"item {i} of the result")
        return
    first = case.args[0] if case.args and isinstance(case.args[0], np.ndarray) else None
    expect_close(got, expected, inputs=first)


def _is_placeholder(fn):
    """Whether a function's body is only a docstring, pass, ..., or raise NotImplementedError."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
    except (OSError, TypeError, SyntaxError, IndentationError):
        return False
    node = tree.body[0] if tree.body else None
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return False
    for stmt in node.body:
        if isinstance(stmt, ast.Pass):
            continue
        if (
            isinstance(stmt, ast.Expr)
            and isinstance(stmt.value, ast.Constant)
            and (isinstance(stmt.value.value, str) or stmt.value.value is Ellipsis)
        ):
            continue
        if isinstance(stmt, ast.Return) and (
            stmt.value is None or (isinstance(stmt.value, ast.Constant) and stmt.value.value in (None, Ellipsis))
        ):
            continue
        if isinstance(stmt, ast.Raise) and "NotImplementedError" in ast.unparse(stmt):
            continue
        return False
    return True


def _where_it_failed(fn, err):
    """' at line 3 of your function: `x = 1 / 0`', from the deepest frame outside actlab and the libraries."""
    frames = traceback.extract_tb(err.__traceback__)
    code = getattr(fn, "__code__", None)
    mine = [
        f
        for f in frames
        if not f.filename.startswith(_PACKAGE_DIR)
        and "site-packages" not in f.filename
        and "/lib/python" not in f.filename
        and not f.filename.startswith("<frozen")
    ]
    if not mine:
        return ""
    frame = mine[-1]
    line = (frame.line or "").strip()
    if code is not None and frame.filename == code.co_filename and frame.name == code.co_name:
        where = f" at line {frame.lineno - code.co_firstlineno + 1} of your function"
    else:
        where = f" in {frame.name}, line {frame.lineno}"
    return f"{where}: `{line}`" if line else where


class Exercise:
    """One coding exercise: its reference solution, the cases it is checked on, hints.

    Parameters
    ----------
    name : str
        Where the exercise lives, as the notebook writes it: ``"ch01.collapse"``
        for ``actlab.selfcheck.ch01.collapse``. The exercise notebook marks the
        learner's cell with ``exercise: ch01.collapse`` in its metadata.
    title : str
        E.g. ``"Exercise 1.1: collapse a stack of layers"``.
    solution : callable
        The reference solution, a plain function with the same name and
        signature as the learner's. Its source is what ``solution()`` shows and
        what the solved notebook test runs, so it may use only what the exercise
        notebook's first cell defines (``np``, and helpers such as ``relu``).
    cases : list of Case, or callable returning one
        Inputs to check on; every case is run and counted.
    hints : sequence of str
        At least one; ``hint()`` gives them in order, ``hint(2)`` the second.
    compare : callable, optional
        ``compare(got, expected, case)`` raising :class:`NotYet` with a sentence
        when ``got`` is wrong; by default :func:`expect_close` (item by item for
        a tuple). ``expected`` is the reference solution's output for the case.
    explanation : str, optional
        Why the solution works; shown above its code.
    check_inputs_unchanged : bool
        Report a learner's function that changes its arguments in place (default).
    warning_free : bool
        Also require that the learner's code makes NumPy issue no warning (overflow,
        division by zero, invalid value): a right result computed through an
        overflowing ``exp`` is then "not yet". Underflow is never reported.
    """

    def __init__(
        self,
        name,
        title,
        *,
        solution,
        cases,
        hints,
        compare=None,
        explanation="",
        check_inputs_unchanged=True,
        warning_free=False,
    ):
        if not (isinstance(name, str) and name.count(".") == 1 and all(p.isidentifier() for p in name.split("."))):
            raise ValueError(
                f"An exercise's name should be '<chapter module>.<attribute>', e.g. 'ch01.collapse', not {name!r}."
            )
        if not callable(solution) or not getattr(solution, "__name__", "").isidentifier():
            raise ValueError(f"Exercise {name!r}: the solution should be a plain function (def), not {solution!r}.")
        hints = [hints] if isinstance(hints, str) else list(hints)
        if not hints or not all(isinstance(h, str) and h.strip() for h in hints):
            raise ValueError(f"Exercise {name!r} needs at least one hint (a non-empty string).")
        self.name, self.title, self.reference = name, title, solution
        self.function_name = solution.__name__
        self._cases, self.hints, self.explanation = cases, hints, explanation
        self.compare = compare or _default_compare
        self.check_inputs_unchanged = check_inputs_unchanged
        self.warning_free = warning_free
        self._next_hint = 1
        self._parameters = list(inspect.signature(solution).parameters)

    def __repr__(self):
        return f"<Exercise {self.name}: {self.title}>"

    @property
    def cases(self):
        """The list of :class:`Case` the exercise is checked on."""
        cases = self._cases() if callable(self._cases) else self._cases
        return list(cases)

    # -- check

    def _not_attempted(self, how):
        return Feedback(
            self.title,
            NOT_ATTEMPTED,
            f"`{self.function_name}` {how}. Replace that line with your code, then run this cell "
            f"again; `{self.name}.hint()` gives a hint.",
            0,
            0,
        )

    def check(self, learner):
        """Run the learner's function on every case and say how it did.

        Parameters
        ----------
        learner : callable
            The learner's function (pass it, do not call it).

        Returns
        -------
        Feedback
            ``correct``, ``not yet`` (with how many checks passed and the first
            failure) or ``not attempted``; never raises because of the learner's code.
        """
        if not callable(learner):
            called = learner is None or not isinstance(learner, type)
            hint = " (you called it: write the name without parentheses)" if called else ""
            return Feedback(
                self.title,
                NOT_YET,
                f"expected a function, but got {describe(learner)}{hint}; "
                f"pass the function itself: `{self.name}.check({self.function_name})`.",
                0,
                0,
            )
        cases = self.cases
        failures = []
        for case in cases:
            try:
                self._run_case(learner, case)
            except _Placeholder as placeholder:
                return self._not_attempted(str(placeholder))
            except NotYet as wrong:
                failures.append(f"For {case.describe(self._parameters)}: {wrong}")
        passed, total = len(cases) - len(failures), len(cases)
        if not failures:
            return Feedback(self.title, CORRECT, f"all {total} checks passed.", passed, total)
        more = len(failures) - 1
        tail = f" ({more} other input{'s' if more > 1 else ''} failed too.)" if more else ""
        message = f"{passed} of {total} checks passed. {failures[0]}{tail}"
        return Feedback(self.title, NOT_YET, message, passed, total)

    def _run_case(self, learner, case):
        args, kwargs = case.fresh()
        given_args, given_kwargs = copy.deepcopy(args), copy.deepcopy(kwargs)
        with warnings.catch_warnings(record=True) as caught, np.errstate(over="warn", divide="warn", invalid="warn"):
            warnings.simplefilter("always")
            try:
                got = learner(*given_args, **given_kwargs)
            except NotImplementedError:
                raise _Placeholder("still raises NotImplementedError") from None
            except Exception as err:  # noqa: BLE001 - the learner's code, reported in one sentence
                detail = f" ({err})" if str(err) else ""
                raise NotYet(
                    f"your function raised {type(err).__name__}{detail}{_where_it_failed(learner, err)}."
                ) from None
        warned = [str(w.message) for w in caught]
        if got is None or got is Ellipsis:
            if _is_placeholder(learner):
                raise _Placeholder("still holds its placeholder")
            raise NotYet(f"your function returned {got!r}; did you forget the `return` statement?")
        if self.check_inputs_unchanged:
            for i, (before, after) in enumerate(zip(args, given_args)):
                name = self._parameters[i] if i < len(self._parameters) else f"argument {i + 1}"
                unchanged_input(before, after, name=name)
        expected = self.reference(*copy.deepcopy(args), **copy.deepcopy(kwargs))
        if _all_finite(expected) and _is_numeric_like(got) and not _all_finite(got):
            first = args[0] if args and isinstance(args[0], np.ndarray) else None
            expect_finite(got, inputs=first, warned=warned)
        self.compare(got, expected, case)
        if self.warning_free and warned:
            raise NotYet(
                f"the values are right, but NumPy warned: {'; '.join(sorted(set(warned)))}. "
                "Somewhere a step overflowed or divided by zero even if its result was not used "
                "(np.where computes both branches everywhere); find a form where no step can."
            )

    # -- hints and solution

    def hint(self, n=None):
        """The next hint (or hint number ``n``, from 1); each call without ``n`` moves on by one."""
        if n is None:
            n, self._next_hint = self._next_hint, min(self._next_hint + 1, len(self.hints) + 1)
        if not (isinstance(n, int) and n >= 1):
            raise ValueError(f"Hints are numbered from 1 to {len(self.hints)}; {n!r} is not one of them.")
        if n > len(self.hints):
            return _Text(
                f"There are {len(self.hints)} hints, and you have seen them all. "
                f"`{self.name}.solution()` shows a worked solution."
            )
        last = " (the last one)" if n == len(self.hints) else f"; `{self.name}.hint()` gives the next"
        return _Text(f"**Hint {n} of {len(self.hints)}**{last}: {self.hints[n - 1]}")

    @property
    def solution_source(self):
        """The reference solution's source code, as the learner would write it."""
        return textwrap.dedent(inspect.getsource(self.reference)).strip() + "\n"

    def solution(self):
        """The reference solution, folded (``<details>``) so that it is opened on purpose."""
        return _Solution(self.title, self.explanation, self.solution_source)


class _Placeholder(Exception):
    """Internal: the learner's function still holds its placeholder."""


def _all_finite(x):
    return _is_numeric_like(x) and bool(np.all(np.isfinite(np.asarray(x, dtype=float))))


def _is_numeric_like(x):
    try:
        np.asarray(x, dtype=float)
    except (TypeError, ValueError):
        return False
    return True


@dataclass(frozen=True)
class _Text:
    text: str

    def __repr__(self):
        return self.text.replace("**", "").replace("`", "")

    def _repr_pretty_(self, printer, cycle):
        printer.text(repr(self))

    def _repr_html_(self):
        from actlab.quiz import render_text

        body = render_text(self.text, block=True)
        return f'<div class="actlab-hint mathjax_process">{_style()}{body}</div>'


@dataclass(frozen=True)
class _Solution:
    title: str
    explanation: str
    source: str

    def __repr__(self):
        text = f"Solution to {self.title}\n"
        if self.explanation:
            text += "\n" + self.explanation.strip().replace("**", "").replace("`", "") + "\n"
        return text + "\n" + self.source

    def _repr_pretty_(self, printer, cycle):
        printer.text(repr(self))

    def _repr_html_(self):
        from actlab.quiz import render_text

        return (
            f'<div class="actlab-solution mathjax_process">{_style()}'
            f"<details><summary>Solution: {html.escape(self.title)}</summary>"
            f"{render_text(self.explanation, block=True) if self.explanation else ''}"
            f'<pre><code class="language-python">{html.escape(self.source)}</code></pre></details></div>'
        )


def _style():
    """The style sheet of feedback, hints and solutions, inlined with each (it is small)."""
    return f"<style>{resources.files('actlab').joinpath('checks.css').read_text(encoding='utf-8')}</style>"
