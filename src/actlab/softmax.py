r"""Softmax, log-softmax and log-sum-exp, written so that they never overflow.

Softmax turns a vector of scores (logits) into probabilities:

.. math:: \operatorname{softmax}(z)_i = \frac{e^{z_i}}{\sum_j e^{z_j}}.

Taken literally, :math:`e^{1000}` overflows to ``inf`` and the ratio becomes
``inf / inf = nan``. Subtracting the largest score first changes nothing
mathematically, since the factor :math:`e^{-m}` cancels between numerator and
denominator, but now the largest exponent is :math:`e^0 = 1`:

.. math:: \operatorname{softmax}(z)_i = \frac{e^{z_i - m}}{\sum_j e^{z_j - m}},
          \qquad m = \max_j z_j .

The same shift gives the log-sum-exp trick,
:math:`\log \sum_j e^{z_j} = m + \log \sum_j e^{z_j - m}`, from which
``log_softmax`` follows without ever taking ``log(0)``.

All three functions work along ``axis`` (the last one by default), keep the
float dtype, and pass NaN through.
"""

import numpy as np

__all__ = ["softmax", "log_softmax", "logsumexp"]


def _as_float(z):
    arr = np.asarray(z)
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"softmax takes an array of real numbers, but got values of dtype {arr.dtype!r}.")
    if arr.ndim == 0:
        raise ValueError(
            "softmax needs at least one axis of scores, but got a single number; pass a vector such as [1.0, 2.0, 3.0]."
        )
    return arr if arr.dtype.kind == "f" else arr.astype(np.float64)


def _shift(z, axis):
    """Return ``z - max(z)`` along ``axis``, with a max of ``0`` where a row is all ``-inf``."""
    m = np.max(z, axis=axis, keepdims=True)
    m = np.where(np.isfinite(m), m, 0.0).astype(z.dtype)
    return z - m, m


def logsumexp(z, axis=-1, keepdims=False):
    r"""Compute :math:`\log \sum_j e^{z_j}` along ``axis`` without overflow.

    Parameters
    ----------
    z : array_like
        Scores.
    axis : int, default -1
        The axis to reduce.
    keepdims : bool, default False
        Keep the reduced axis with length one.

    Returns
    -------
    ndarray
        ``m + log(sum(exp(z - m)))`` with ``m = max(z)``.

    Examples
    --------
    >>> float(logsumexp([1000.0, 1000.0]))          # log(2 e^1000), not inf
    1000.6931471805599
    """
    z = _as_float(z)
    shifted, m = _shift(z, axis)
    out = np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True)) + m
    return out if keepdims else np.squeeze(out, axis=axis)


def softmax(z, axis=-1):
    r"""Turn scores into probabilities that sum to one along ``axis``.

    .. math:: \operatorname{softmax}(z)_i = \frac{e^{z_i - m}}{\sum_j e^{z_j - m}}, \quad m = \max_j z_j

    Parameters
    ----------
    z : array_like
        Scores (logits); any shape with at least one axis.
    axis : int, default -1
        The axis along which the probabilities sum to one.

    Returns
    -------
    ndarray
        Same shape and float dtype as ``z``.

    Examples
    --------
    >>> softmax([1000.0, 1001.0, 1002.0]).round(4)
    array([0.09  , 0.2447, 0.6652])
    """
    z = _as_float(z)
    shifted, _ = _shift(z, axis)
    e = np.exp(shifted)  # the largest term is exp(0) = 1
    return e / np.sum(e, axis=axis, keepdims=True)


def log_softmax(z, axis=-1):
    r"""Compute :math:`\log \operatorname{softmax}(z)` directly, never taking ``log(0)``.

    .. math:: \log \operatorname{softmax}(z)_i = z_i - \operatorname{logsumexp}(z)

    This is what a cross-entropy loss should take: ``-log_softmax(z)[y]`` stays
    finite even when the softmax probability of the true class underflows to 0.

    Parameters
    ----------
    z : array_like
        Scores (logits).
    axis : int, default -1
        The axis of the classes.

    Returns
    -------
    ndarray
        Same shape and float dtype as ``z``.

    Examples
    --------
    >>> log_softmax([0.0, 800.0]).round(1)     # log(softmax) would give -inf
    array([-800.,    0.])
    """
    z = _as_float(z)
    shifted, _ = _shift(z, axis)
    return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))
