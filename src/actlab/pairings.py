r"""Output layers and losses by task: the right pair, and what a wrong pair does.

The last layer of a network turns its logits :math:`z` into the answer
(an output function :math:`f`), and training compares that answer with the
target through a loss :math:`L`. What training actually uses is the gradient the
pair sends back to the logits, :math:`\partial L / \partial z`. For the right
pairs it is the same short expression, prediction minus target; a wrong pair
multiplies it by a slope that can be zero, or makes the answer unable to reach
the target at all.

===========================  ===========================  ===========================================
pairing                      output :math:`f(z)`          gradient :math:`\partial L/\partial z` (one example)
===========================  ===========================  ===========================================
``identity + mse``           :math:`z`                    :math:`2(z - y)`
``tanh + mse``               :math:`\tanh z`              :math:`2(f - y)(1 - f^2)`
``sigmoid + bce``            :math:`\sigma(z)`            :math:`f - y`
``softmax + ce``             :math:`\operatorname{softmax}(z)`  :math:`f - y`
``relu + mse``               :math:`\max(z, 0)`           :math:`2(f - y)\,[z > 0]`
``sigmoid + mse``            :math:`\sigma(z)`            :math:`2(f - y)\,f(1 - f)`
``relu + softmax + ce``      softmax of :math:`\max(z, 0)`  :math:`(p - y)\,[z > 0]`
===========================  ===========================  ===========================================

(each averaged over the examples, and for a squared error over the outputs too).
:func:`fit_head` trains a single layer of weights on fixed inputs with any
pairing, so that two runs differ in nothing but the pairing: chapter 7,
*Choosing activations*, trains each wrong pair once this way.

Examples
--------
>>> import numpy as np
>>> z, y = np.array([[-6.0]]), np.array([[1.0]])          # a confident wrong logit
>>> round(float(PAIRINGS["sigmoid + bce"].grad(z, y)[0, 0]), 5)    # a full push
-0.99753
>>> round(float(PAIRINGS["sigmoid + mse"].grad(z, y)[0, 0]), 5)    # almost none
-0.00492
"""

from dataclasses import dataclass

import numpy as np
from scipy.special import expit

from actlab.compare import one_blas_thread
from actlab.softmax import log_softmax, softmax

__all__ = ["Pairing", "PAIRINGS", "Head", "fit_head"]


@dataclass(frozen=True)
class Pairing:
    """An output function with the loss it is trained with.

    Attributes
    ----------
    name : str
        How the pair is written, e.g. ``"sigmoid + bce"``.
    output : callable
        ``output(z)``: the network's answer for logits ``z`` of shape (n, k).
    loss : callable
        ``loss(z, Y)``: the mean loss, a float, for targets ``Y`` of shape (n, k).
    grad : callable
        ``grad(z, Y)``: the gradient of that mean with respect to ``z``, shape (n, k).
    """

    name: str
    output: callable
    loss: callable
    grad: callable


def _relu(z):
    return np.maximum(z, 0.0)


def _squared(f, slope):
    """A squared error on the output ``f(z)``, whose gradient carries the output's slope."""
    return (lambda z, Y: float(np.mean((f(z) - Y) ** 2)), lambda z, Y: 2.0 * (f(z) - Y) * slope(z) / z.size)


def _bce(z, Y):
    return float(np.mean(np.logaddexp(0.0, z) - Y * z))  # -y log p - (1 - y) log(1 - p), from the logit


def _ce(z, Y):
    # Y: one row of target probabilities per example
    return float(-np.mean(np.sum(Y * log_softmax(z), axis=1)))


PAIRINGS = {
    p.name: p
    for p in (
        Pairing("identity + mse", lambda z: z, *_squared(lambda z: z, lambda z: 1.0)),
        Pairing("tanh + mse", np.tanh, *_squared(np.tanh, lambda z: 1.0 - np.tanh(z) ** 2)),
        Pairing("sigmoid + bce", expit, _bce, lambda z, Y: (expit(z) - Y) / z.size),
        Pairing("softmax + ce", softmax, _ce, lambda z, Y: (softmax(z) - Y) / len(z)),
        Pairing("relu + mse", _relu, *_squared(_relu, lambda z: (z > 0).astype(float))),
        Pairing("sigmoid + mse", expit, *_squared(expit, lambda z: expit(z) * (1.0 - expit(z)))),
        Pairing(
            "relu + softmax + ce",
            lambda z: softmax(_relu(z)),
            lambda z, Y: _ce(_relu(z), Y),
            lambda z, Y: (softmax(_relu(z)) - Y) * (z > 0) / len(z),
        ),
    )
}
"""The pairings by name; the first four are right for their task, the last three are common mistakes."""


@dataclass
class Head:
    """A trained output layer: ``z = X @ W + b``.

    Attributes
    ----------
    W : ndarray, shape (n_inputs, n_outputs)
    b : ndarray, shape (n_outputs,)
    pairing : Pairing
    loss : ndarray, shape (steps + 1,)
        The training loss before each step and after the last.
    """

    W: np.ndarray
    b: np.ndarray
    pairing: Pairing
    loss: np.ndarray

    def logits(self, X):
        """The logits for inputs ``X``, shape (n, n_outputs)."""
        return X @ self.W + self.b  # (n, n_inputs) @ (n_inputs, n_outputs) -> (n, n_outputs)

    def __call__(self, X):
        """The answer of the output layer for inputs ``X``."""
        return self.pairing.output(self.logits(X))


def fit_head(X, Y, pairing, *, lr, steps, start=None, rng=0):
    """Train one layer of weights on fixed inputs by full-batch gradient descent.

    Parameters
    ----------
    X : ndarray, shape (n, n_inputs)
        The inputs (raw features, or the outputs of a frozen hidden layer).
    Y : ndarray, shape (n, n_outputs)
        Targets: values, 0/1 labels, or one row of class probabilities per example.
    pairing : str or Pairing
        A name of :data:`PAIRINGS`, or a Pairing.
    lr : float
        Learning rate.
    steps : int
        Gradient steps.
    start : tuple (W, b), optional
        Starting weights (copied); by default small random weights and zero biases.
    rng : int, default 0
        Seed of the starting weights.

    Returns
    -------
    Head

    Examples
    --------
    >>> X = np.array([[0.0], [1.0], [2.0]])
    >>> head = fit_head(X, 2 * X + 1, "identity + mse", lr=0.1, steps=500)
    >>> np.round(head(X).ravel(), 3)
    array([1., 3., 5.])
    """
    if isinstance(pairing, str):
        if pairing not in PAIRINGS:
            raise ValueError(f"unknown pairing {pairing!r}; expected one of: {', '.join(PAIRINGS)}.")
        pairing = PAIRINGS[pairing]
    X, Y = np.asarray(X, dtype=float), np.asarray(Y, dtype=float)
    if X.ndim != 2 or Y.ndim != 2 or len(X) != len(Y):
        raise ValueError(f"X and Y must be 2-D with one row per example; got shapes {X.shape} and {Y.shape}.")
    if start is None:
        W = np.random.default_rng(rng).normal(scale=0.01, size=(X.shape[1], Y.shape[1]))
        b = np.zeros(Y.shape[1])
    else:
        W, b = (np.array(a, dtype=float) for a in start)
    losses = []
    with one_blas_thread():  # small matrices: one BLAS thread is faster (see actlab.compare)
        for _ in range(steps):
            z = X @ W + b  # (n, n_inputs) @ (n_inputs, n_outputs) -> (n, n_outputs)
            losses.append(pairing.loss(z, Y))
            dz = pairing.grad(z, Y)  # (n, n_outputs)
            W -= lr * (X.T @ dz)  # (n_inputs, n) @ (n, n_outputs) -> (n_inputs, n_outputs)
            b -= lr * dz.sum(axis=0)
        losses.append(pairing.loss(X @ W + b, Y))
    return Head(W, b, pairing, np.array(losses))
