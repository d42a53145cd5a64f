r"""Gradient descent on a single unit, with its learning signal recorded at every step.

Chapter 2 trains the smallest model that has an activation: one unit with one
weight, one training example :math:`(x, y)` and the squared error,

.. math::

    z = w x, \qquad a = \phi(z), \qquad L = \tfrac12 (a - y)^2 .

The chain rule gives the gradient of the loss with respect to the weight as a
product of three factors, one from the loss, one from the activation and one
from the input:

.. math::

    \frac{\partial L}{\partial w}
    = \underbrace{(a - y)}_{\partial L / \partial a}
      \cdot \underbrace{\phi'(z)}_{\partial a / \partial z}
      \cdot \underbrace{x}_{\partial z / \partial w},

and gradient descent repeats :math:`w \leftarrow w - \eta \, \partial L / \partial w`.
:func:`train_unit` runs that loop and keeps every intermediate number, so that a
page or an explorer can show where the unit sat on its activation curve, how
steep the curve was there (:math:`\phi'(z)`, the factor the activation
contributes) and how the loss fell, step by step.

:func:`steps_to_reach` reads a run's step count off its losses, and
:func:`central_difference` is the numerical check of any hand-derived gradient.
"""

from dataclasses import dataclass

import numpy as np

from actlab import activations

__all__ = ["UnitRun", "train_unit", "steps_to_reach", "central_difference"]


@dataclass(frozen=True, eq=False)
class UnitRun:
    """What :func:`train_unit` recorded: one entry per step, step 0 being the start.

    Attributes
    ----------
    activation : str
        Registry name of the unit's activation.
    lr : float
        The learning rate :math:`\\eta`.
    x, y : float
        The training example: input and target.
    w, z, a : ndarray, shape (steps + 1,)
        The weight, the pre-activation :math:`z = w x` and the output
        :math:`a = \\phi(z)` before each step.
    slope : ndarray, shape (steps + 1,)
        :math:`\\phi'(z)`, the activation's share of the gradient.
    grad : ndarray, shape (steps + 1,)
        :math:`\\partial L / \\partial w = (a - y)\\,\\phi'(z)\\,x`.
    loss : ndarray, shape (steps + 1,)
        :math:`\\tfrac12 (a - y)^2`.
    diverged : bool
        True if the weight overflowed; from that step on every entry is NaN.
    """

    activation: str
    lr: float
    x: float
    y: float
    w: np.ndarray
    z: np.ndarray
    a: np.ndarray
    slope: np.ndarray
    grad: np.ndarray
    loss: np.ndarray
    diverged: bool

    @property
    def steps(self):
        """Number of steps taken (the arrays hold one more entry: the start)."""
        return len(self.w) - 1


def _check_number(value, what, *, positive=False, nonzero=False):
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{what} must be a number; got {value!r}.")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{what} must be a finite number; got {value!r}.")
    if positive and value <= 0:
        raise ValueError(f"{what} must be positive; got {value!r}.")
    if nonzero and value == 0:
        raise ValueError(f"{what} must not be 0 (the weight would get no gradient at all); got 0.")
    return value


def train_unit(activation, *, z0, lr, steps, x=1.0, y=0.75, **params):
    r"""Train one unit :math:`a = \phi(w x)` on one example by gradient descent.

    The loop is the one chapter 2 writes out: forward (:math:`z = w x`,
    :math:`a = \phi(z)`), loss :math:`\tfrac12 (a - y)^2`, gradient by the chain
    rule (:math:`(a - y)\,\phi'(z)\,x`), step :math:`w \leftarrow w - \eta g`.

    Parameters
    ----------
    activation : str
        Any name of :func:`actlab.activations.names`, e.g. ``"sigmoid"``.
    z0 : float
        The starting pre-activation; the weight starts at ``w = z0 / x``.
    lr : float
        Learning rate :math:`\eta > 0`.
    steps : int
        How many gradient steps to take.
    x : float, default 1.0
        The input of the training example (not 0).
    y : float, default 0.75
        Its target, reachable by sigmoid, tanh, ReLU and leaky ReLU alike.
    **params
        Parameters of the activation, such as ``alpha=0.1`` for ``leaky_relu``.

    Returns
    -------
    UnitRun
        Every step's weight, pre-activation, output, slope, gradient and loss.

    Raises
    ------
    KeyError
        For an unknown activation; the message lists the valid names.
    ValueError, TypeError
        For a learning rate that is not a positive number, a step count that
        is not a positive integer, or a non-finite ``z0``, ``x`` or ``y``.

    Examples
    --------
    A sigmoid unit started at :math:`z = 0`, where its slope is largest,
    against one started at :math:`z = 5`, on its flat shoulder:

    >>> centred = train_unit("sigmoid", z0=0.0, lr=5.0, steps=3)
    >>> centred.slope.round(4)          # sigmoid'(z): 0.25 at z = 0
    array([0.25  , 0.244 , 0.2337, 0.2242])
    >>> saturated = train_unit("sigmoid", z0=5.0, lr=5.0, steps=3)
    >>> saturated.slope.round(4)        # about 38 times flatter
    array([0.0066, 0.0067, 0.0068, 0.0068])

    A ReLU unit started with a negative pre-activation gets a gradient of
    exactly zero, so its weight never moves:

    >>> dead = train_unit("relu", z0=-1.0, lr=1.0, steps=100)
    >>> bool(np.all(dead.w == -1.0)), float(np.abs(dead.grad).max())
    (True, 0.0)
    """
    act = activations.get(activation, **params)
    z0 = _check_number(z0, "z0")
    lr = _check_number(lr, "lr", positive=True)
    x = _check_number(x, "x", nonzero=True)
    y = _check_number(y, "y")
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or steps < 1:
        raise ValueError(f"steps must be a positive whole number; got {steps!r}.")

    record = np.full((6, steps + 1), np.nan)  # rows: w, z, a, slope, grad, loss
    w = z0 / x
    diverged = False
    for t in range(steps + 1):
        z = w * x
        if not np.isfinite(z) or abs(z) > 1e150:  # the weight ran away: stop before overflow
            diverged = True
            break
        a = float(act(z))
        slope = float(act.grad(z))
        grad = (a - y) * slope * x  # dL/da * da/dz * dz/dw
        record[:, t] = w, z, a, slope, grad, 0.5 * (a - y) ** 2
        w = w - lr * grad
    w_, z_, a_, slope_, grad_, loss_ = record
    return UnitRun(act.name, lr, x, y, w_, z_, a_, slope_, grad_, loss_, diverged)


def steps_to_reach(loss, target):
    """Return the first step at which ``loss`` is at or below ``target``, or None if never.

    Parameters
    ----------
    loss : array_like, shape (steps + 1,)
        Losses of a run, step 0 first (NaN counts as not reached).
    target : float
        The loss to reach.

    Returns
    -------
    int or None

    Examples
    --------
    >>> steps_to_reach([0.5, 0.2, 0.05, 0.01], 0.1)
    2
    >>> steps_to_reach([0.5, 0.4], 0.1) is None
    True
    """
    loss = np.asarray(loss, dtype=float)
    if loss.ndim != 1:
        raise ValueError(f"loss must be one-dimensional, one value per step; got shape {loss.shape}.")
    hits = np.flatnonzero(loss <= target)
    return int(hits[0]) if hits.size else None


def central_difference(f, theta, *, h=1e-6):
    r"""Estimate the gradient of a scalar function by central differences.

    Each entry is :math:`(f(\theta + h e_i) - f(\theta - h e_i)) / 2h`, with an
    error of order :math:`h^2`: the standard check of a gradient derived by hand.

    Parameters
    ----------
    f : callable
        ``f(theta) -> float``.
    theta : array_like
        Where to take the gradient. It is not modified.
    h : float, default 1e-6
        The step; about ``1e-6`` balances truncation and rounding error in float64.

    Returns
    -------
    ndarray
        Same shape as ``theta``.

    Examples
    --------
    >>> g = central_difference(lambda v: float(np.sum(v ** 3)), np.array([1.0, -2.0]))
    >>> g.round(6)                      # 3 v^2
    array([ 3., 12.])
    """
    theta = np.array(theta, dtype=float)  # a copy: the caller's array is left alone
    grad = np.zeros_like(theta)
    for i in np.ndindex(theta.shape):
        old = theta[i]
        theta[i] = old + h
        up = f(theta)
        theta[i] = old - h
        down = f(theta)
        theta[i] = old
        grad[i] = (up - down) / (2.0 * h)
    return grad
