"""Output layers paired with their losses.

The last layer of a network produces *logits* ``z``, one row per example. What
the network outputs, and which loss trains it, come as a pair:

==============  ==========================  =========================================
output          what the network returns    loss (mean over the batch)
==============  ==========================  =========================================
``identity``    ``z``                       mean squared error
``sigmoid``     ``sigmoid(z)``              binary cross-entropy, from the logits
``softmax``     ``softmax(z)``              cross-entropy, from ``log_softmax(z)``
==============  ==========================  =========================================

Each loss is computed from the logits, never from the probabilities, so it
never takes ``log(0)``: a confident wrong answer costs a large finite number,
not ``inf``. And for each pair the gradient with respect to the logits is the
same short expression, *prediction minus target, divided by the batch size*,
which is why these outputs and losses are always paired.
"""

import numpy as np
from scipy.special import expit  # the logistic sigmoid 1 / (1 + e^-z) in one ufunc, stable for any z

from actlab.softmax import log_softmax, softmax

__all__ = ["OUTPUTS", "Loss", "MeanSquaredError", "BinaryCrossEntropy", "CrossEntropy", "get"]


class Loss:
    """An output function paired with the loss it trains with.

    Subclasses define three methods of the logits ``z`` (shape
    ``(batch, n_outputs)``) and the targets ``y``:

    * ``output(z)`` -- what the network returns,
    * ``value(z, y)`` -- the mean loss over the batch (a float),
    * ``grad(z, y)`` -- the gradient of that mean with respect to ``z``
      (same shape as ``z``),

    and ``value_and_grad(z, y)``, both at once (training needs both at every
    step; a loss may compute them from shared work),

    and three helpers for training and evaluation: ``targets`` checks ``y``
    and brings it to the form the loss computes with, ``predict`` turns
    logits into predictions, and ``count_correct`` counts correct
    classifications (``None`` for regression).

    Examples
    --------
    >>> import numpy as np
    >>> loss = get("softmax")
    >>> z = np.array([[2.0, 0.0, 0.0], [0.0, 0.0, 3.0]])
    >>> y = loss.targets([0, 1], n_examples=2, n_outputs=3)
    >>> loss.predict(z), loss.count_correct(z, y)
    (array([0, 2]), 1)
    """

    #: Name of the output function, as accepted by :func:`get`.
    name = None
    #: Whether the targets are class labels (then accuracy is defined).
    classifies = True

    def output(self, z):
        """Return what the network outputs for logits ``z``."""
        raise NotImplementedError

    def value(self, z, y):
        """Return the mean loss over the batch, a float."""
        raise NotImplementedError

    def grad(self, z, y):
        """Return the gradient of the mean loss with respect to the logits ``z``."""
        raise NotImplementedError

    def value_and_grad(self, z, y):
        """Return ``(value(z, y), grad(z, y))``."""
        return self.value(z, y), self.grad(z, y)

    def targets(self, y, n_examples, n_outputs):
        """Return checked targets in the form ``value`` and ``grad`` take, or raise a ValueError."""
        raise NotImplementedError

    def predict(self, z):
        """Return predicted labels (classification) or values (regression) for logits ``z``."""
        raise NotImplementedError

    def count_correct(self, z, y):
        """Return how many examples are classified correctly, or None for a regression."""
        raise NotImplementedError

    def __repr__(self):
        return f"{type(self).__name__}()"


class MeanSquaredError(Loss):
    r"""Identity output with the mean squared error.

    .. math::

        L = \frac{1}{n k} \sum_{i=1}^{n} \sum_{j=1}^{k} (z_{ij} - y_{ij})^2,
        \qquad
        \frac{\partial L}{\partial z} = \frac{2 (z - y)}{n k}

    for ``n`` examples and ``k`` outputs. Targets ``y`` are real numbers of
    shape ``(n, k)``.

    Examples
    --------
    >>> import numpy as np
    >>> mse = MeanSquaredError()
    >>> z, y = np.array([[1.0], [3.0]]), np.array([[0.0], [1.0]])
    >>> float(mse.value(z, y))      # (1 + 4) / 2
    2.5
    >>> mse.grad(z, y).ravel()      # 2 (z - y) / 2
    array([1., 2.])
    """

    name = "identity"
    classifies = False

    def output(self, z):
        return z

    def value(self, z, y):
        return float(np.mean((z - y) ** 2))

    def grad(self, z, y):
        return (2.0 / z.size) * (z - y)

    def targets(self, y, n_examples, n_outputs):
        """Return ``y`` as a float array of shape ``(n_examples, n_outputs)``."""
        y = _numeric(y)
        if y.ndim == 1 and n_outputs == 1:
            y = y[:, None]
        if y.shape != (n_examples, n_outputs):
            expected = f"({n_examples},) or " if n_outputs == 1 else ""
            raise ValueError(
                f"y has shape {y.shape}; expected {expected}({n_examples}, {n_outputs}), "
                "one row of targets per example of X."
            )
        _check_finite(y, "y")
        return y.astype(np.float64, copy=False)

    def predict(self, z):
        return z

    def count_correct(self, z, y):
        return None


class BinaryCrossEntropy(Loss):
    r"""Sigmoid output with the binary cross-entropy, computed from the logits.

    With :math:`p = \sigma(z)`, the loss of one example is
    :math:`-y \log p - (1 - y) \log(1 - p)`. Written in terms of ``z`` it is

    .. math::

        \ell(z, y) = \log(1 + e^{z}) - y z,
        \qquad
        \frac{\partial \ell}{\partial z} = \sigma(z) - y,

    and ``np.logaddexp(0, z)`` evaluates :math:`\log(1 + e^{z})` without
    overflow for any finite ``z``; :math:`\sigma` is SciPy's ``expit``, the
    same function as the ``sigmoid`` activation in one stable ufunc. The loss is the mean over all entries.
    Targets ``y`` are 0 or 1, of shape ``(n, k)`` (usually ``k = 1``).

    Examples
    --------
    >>> import numpy as np
    >>> bce = BinaryCrossEntropy()
    >>> z, y = np.array([[0.0], [1000.0]]), np.array([[1.0], [0.0]])
    >>> round(float(bce.value(z, y)), 4)   # (log 2 + 1000) / 2: large, finite
    500.3466
    >>> bce.grad(z, y).ravel()             # (sigmoid(z) - y) / 2
    array([-0.25,  0.5 ])
    """

    name = "sigmoid"

    def output(self, z):
        return _sigmoid(z)

    def value(self, z, y):
        return float(np.sum(np.logaddexp(0.0, z) - y * z)) / z.size

    def grad(self, z, y):
        return (_sigmoid(z) - y) / z.size

    def targets(self, y, n_examples, n_outputs):
        """Return labels 0/1 as a float column of shape ``(n_examples, 1)``."""
        y = _numeric(y)
        if y.ndim == 2 and y.shape[1] == 1:
            y = y[:, 0]
        if y.shape != (n_examples,):
            raise ValueError(f"y has shape {y.shape}; expected ({n_examples},), one label 0 or 1 per example of X.")
        bad = (y != 0) & (y != 1)
        if bad.any():
            raise ValueError(
                f"y holds labels other than 0 and 1 (for example {y[bad][0].item()!r}); "
                "a sigmoid output expects binary labels 0 or 1."
            )
        return y.astype(np.float64)[:, None]

    def predict(self, z):
        return (z[:, 0] > 0).astype(np.int64)

    def count_correct(self, z, y):
        return int(np.count_nonzero((z > 0) == (y > 0.5)))


class CrossEntropy(Loss):
    r"""Softmax output with the cross-entropy, computed through ``log_softmax``.

    For integer class labels :math:`y_i \in \{0, \dots, k-1\}`,

    .. math::

        L = -\frac{1}{n} \sum_{i=1}^{n} \operatorname{log\_softmax}(z_i)_{y_i},
        \qquad
        \frac{\partial L}{\partial z} = \frac{\operatorname{softmax}(z) - \operatorname{onehot}(y)}{n}.

    ``log_softmax`` subtracts the row maximum first, so the loss stays finite
    however large the logits are. Targets ``y`` are integers of shape ``(n,)``.

    Examples
    --------
    >>> import numpy as np
    >>> ce = CrossEntropy()
    >>> z, y = np.array([[0.0, 0.0], [0.0, 1000.0]]), np.array([0, 0])
    >>> round(float(ce.value(z, y)), 4)    # (log 2 + 1000) / 2
    500.3466
    >>> ce.grad(z, y)
    array([[-0.25,  0.25],
           [-0.5 ,  0.5 ]])
    """

    name = "softmax"

    def output(self, z):
        return softmax(z, axis=-1)

    def value(self, z, y):
        rows = np.arange(len(y))
        return float(-np.mean(log_softmax(z, axis=-1)[rows, y]))

    def grad(self, z, y):
        g = softmax(z, axis=-1)
        g[np.arange(len(y)), y] -= 1.0  # subtract the one-hot targets
        g /= len(y)
        return g

    def value_and_grad(self, z, y):
        """Return the loss and its gradient from one ``log_softmax``: softmax is its exponential."""
        rows = np.arange(len(y))
        log_p = log_softmax(z, axis=-1)
        g = np.exp(log_p)  # softmax(z)
        g[rows, y] -= 1.0  # subtract the one-hot targets
        g /= len(y)
        return float(-np.mean(log_p[rows, y])), g

    def targets(self, y, n_examples, n_outputs):
        """Return class labels as integers of shape ``(n_examples,)``."""
        y = _numeric(y)
        if y.shape != (n_examples,):
            raise ValueError(f"y has shape {y.shape}; expected ({n_examples},), one class label per example of X.")
        bad = (y != np.round(y)) | (y < 0) | (y >= n_outputs)
        if bad.any():
            raise ValueError(
                f"y holds a label out of range ({y[bad][0].item()!r}); a softmax output with "
                f"{n_outputs} units expects integer class labels 0 to {n_outputs - 1}."
            )
        return y.astype(np.intp)

    def predict(self, z):
        return np.argmax(z, axis=1)

    def count_correct(self, z, y):
        return int(np.count_nonzero(np.argmax(z, axis=1) == y))


def _sigmoid(z):
    """The logistic sigmoid of ``z`` in the dtype of ``z`` (SciPy computes float16 in float64)."""
    return expit(z).astype(z.dtype, copy=False)


def _numeric(y):
    """Return ``y`` as an array, or raise a ValueError if it does not hold real numbers."""
    y = np.asarray(y)
    if y.dtype.kind not in "biuf":
        raise ValueError(f"y holds values of dtype {y.dtype}; expected real numbers.")
    return y


def _check_finite(a, what):
    """Raise a ValueError naming ``what`` if ``a`` holds NaN or infinity."""
    if not np.isfinite(a).all():
        raise ValueError(f"{what} contains NaN or infinity; expected finite numbers only.")


#: The output functions by name, each with its loss.
OUTPUTS = {loss.name: loss for loss in (MeanSquaredError, BinaryCrossEntropy, CrossEntropy)}


def get(output):
    """Return the loss paired with an output function.

    Parameters
    ----------
    output : {"identity", "sigmoid", "softmax"}
        The function the last layer applies to its logits.

    Returns
    -------
    Loss
        :class:`MeanSquaredError`, :class:`BinaryCrossEntropy` or
        :class:`CrossEntropy`.

    Raises
    ------
    ValueError
        If ``output`` is not one of the three names.

    Examples
    --------
    >>> get("softmax")
    CrossEntropy()
    """
    if output not in OUTPUTS:
        raise ValueError(f"unknown output {output!r}; expected one of {', '.join(map(repr, OUTPUTS))}.")
    return OUTPUTS[output]()
