r"""How the size of a gradient changes from layer to layer, and what keeps it level.

Backpropagation through a stack of layers :math:`z_\ell = h_{\ell-1} W_\ell + b_\ell`,
:math:`h_\ell = \phi(z_\ell)` sends the gradient :math:`\delta_\ell = \partial L / \partial z_\ell`
down one layer at a time:

.. math::

    \delta_{\ell} = \bigl(\delta_{\ell+1} W_{\ell+1}^\top\bigr) \odot \phi'(z_{\ell}).

Each step multiplies by a weight matrix and by the activation's slope, so after
many layers the gradient has been multiplied by many factors: it shrinks
(*vanishes*) when they are mostly below one and grows (*explodes*) when they are
mostly above. Chapter 4, "Saturation and vanishing gradients", measures this;
the tools live here:

=============================  =====================================================
:data:`INITS`, :func:`init_std`  four ways to draw the starting weights
:func:`saturated`              where a unit sits on a flat part of its activation
:func:`deep_mlp`               a deep :class:`~actlab.mlp.MLP` of equal widths
:func:`hidden_outputs`         every hidden layer's output, for histograms
:func:`normalize`              batch or layer normalisation, and its backward pass
:class:`Stack`                 a bare stack of layers, plain or residual, with its backward pass
=============================  =====================================================

Examples
--------
>>> import numpy as np
>>> X = np.random.default_rng(0).normal(size=(64, 16))
>>> plain = Stack(20, 16, activation="sigmoid", init="xavier", rng=0)
>>> skip = Stack(20, 16, activation="sigmoid", init="xavier", residual=True, rng=0)
>>> bool(skip.gradient_norms(X)[0] > 1000 * plain.gradient_norms(X)[0])
True
"""

from dataclasses import dataclass

import numpy as np

from actlab import activations
from actlab.mlp import MLP

__all__ = [
    "INITS",
    "init_std",
    "saturated",
    "saturated_fraction",
    "deep_mlp",
    "hidden_outputs",
    "normalize",
    "normalize_backward",
    "Stack",
]

#: The four initialisations the chapter compares, by name, with what each draws.
INITS = {
    "small": "normal, standard deviation 0.01 (a common choice before 2010)",
    "xavier": "normal, standard deviation sqrt(2 / (fan_in + fan_out)) (Glorot and Bengio, 2010)",
    "he": "normal, standard deviation sqrt(2 / fan_in) (He et al., 2015)",
    "large": "normal, standard deviation 1 (np.random.randn, unscaled)",
}

_SMALL, _LARGE = 0.01, 1.0
_BOUNDED = {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0)}


def init_std(init, fan_in, fan_out):
    r"""Return the standard deviation of a layer's initial weights.

    ================  =============================================
    ``"small"``       :math:`0.01`
    ``"xavier"``      :math:`\sqrt{2 / (\text{fan\_in} + \text{fan\_out})}`
    ``"he"``          :math:`\sqrt{2 / \text{fan\_in}}`
    ``"large"``       :math:`1`
    ================  =============================================

    Parameters
    ----------
    init : {"small", "xavier", "he", "large"}
    fan_in, fan_out : int
        Inputs and outputs of the layer.

    Returns
    -------
    float

    Examples
    --------
    >>> round(init_std("he", 64, 64), 4), init_std("xavier", 64, 64)
    (0.1768, 0.125)
    """
    if init == "small":
        return _SMALL
    if init == "xavier":
        return float(np.sqrt(2.0 / (fan_in + fan_out)))
    if init == "he":
        return float(np.sqrt(2.0 / fan_in))
    if init == "large":
        return _LARGE
    raise ValueError(f"unknown init {init!r}; expected one of {', '.join(map(repr, INITS))}.")


def _mlp_init(init):
    """The ``init`` argument of MLP that draws the same weights as :func:`init_std`."""
    init_std(init, 1, 1)  # checks the name
    return {"small": _SMALL, "large": _LARGE}.get(init, init)


def saturated(activation, z, *, margin=0.03):
    r"""Return where a unit with pre-activation ``z`` is saturated, elementwise.

    A **bounded** activation (sigmoid, tanh) is saturated where its output lies
    within ``margin`` of an end of its range: :math:`\sigma(z) < 0.03` or
    :math:`\sigma(z) > 0.97`, :math:`|\tanh z| > 0.97`. Its slope there is below
    0.03 (sigmoid) or 0.06 (tanh), so it passes back only a few per cent of the
    gradient. Any **other** activation is saturated where its slope is below
    ``margin``, :math:`|\phi'(z)| < 0.03`: for ReLU, on its whole flat side
    :math:`z \le 0`.

    Parameters
    ----------
    activation : str
        A name of :func:`actlab.activations.names`.
    z : array_like
        Pre-activations.
    margin : float, default 0.03

    Returns
    -------
    ndarray of bool, same shape as ``z``

    Examples
    --------
    >>> saturated("tanh", [0.0, 2.0, -3.0]).tolist()
    [False, False, True]
    >>> saturated("relu", [-1.0, 0.0, 5.0]).tolist()
    [True, True, False]
    """
    act = activations.get(activation)
    z = np.asarray(z, dtype=float)
    if activation in _BOUNDED:
        lo, hi = _BOUNDED[activation]
        a = act(z)
        return (a < lo + margin) | (a > hi - margin)
    return np.abs(act.grad(z)) < margin


def saturated_fraction(activation, z, *, margin=0.03):
    """Return the fraction of the entries of ``z`` at which the unit is saturated (see :func:`saturated`).

    Examples
    --------
    >>> saturated_fraction("sigmoid", [-5.0, 0.0, 1.0, 5.0])
    0.5
    """
    return float(np.mean(saturated(activation, z, margin=margin)))


def deep_mlp(activation, init, depth, *, width=64, n_in=64, n_out=10, rng=0):
    """Return an :class:`~actlab.mlp.MLP` with ``depth`` hidden layers of ``width`` units, softmax output.

    Networks with the same ``rng`` are nested: the first ``k`` hidden layers of a
    deeper one have the same weights as a shallower one's (only the output layer
    differs), so comparing depths changes nothing but the depth.

    Parameters
    ----------
    activation : str
        The hidden layers' activation.
    init : {"small", "xavier", "he", "large"}
        See :data:`INITS`.
    depth : int
        Number of hidden layers.
    width, n_in, n_out : int
        Units per hidden layer, inputs, classes (64, 64, 10 suit the digits).
    rng : int or numpy.random.Generator, default 0

    Examples
    --------
    >>> net = deep_mlp("tanh", "xavier", 3)
    >>> net.layer_sizes
    [64, 64, 64, 64, 10]
    """
    return MLP(
        [n_in] + [width] * depth + [n_out], activation=activation, output="softmax", init=_mlp_init(init), rng=rng
    )


def hidden_outputs(net, X):
    """Return every hidden layer's pre-activations and outputs for ``X``.

    Parameters
    ----------
    net : actlab.mlp.MLP
        A network with elementwise hidden activations.
    X : array_like, shape (n_examples, n_inputs)

    Returns
    -------
    zs, hs : list of ndarray
        One array of shape ``(n_examples, units)`` per hidden layer.

    Examples
    --------
    >>> net = deep_mlp("relu", "he", 2, width=8, n_in=4)
    >>> zs, hs = hidden_outputs(net, np.ones((5, 4)))
    >>> len(hs), hs[0].shape, bool((hs[1] >= 0).all())
    (2, (5, 8), True)
    """
    h = np.asarray(X, dtype=float)
    zs, hs = [], []
    for (W, b), layer in zip(net.params[:-1], net.hidden):
        z = h @ W + b  # (n, fan_in) @ (fan_in, fan_out) -> (n, fan_out)
        h = layer.forward(z)
        zs.append(z)
        hs.append(h)
    return zs, hs


def normalize(z, *, axis, eps=1e-5):
    r"""Shift and scale ``z`` to mean 0 and variance 1 along ``axis``.

    .. math:: \hat z = \frac{z - \mu}{\sqrt{s^2 + \varepsilon}},

    with :math:`\mu` and :math:`s^2` the mean and variance along ``axis``. With
    examples as rows, ``axis=0`` normalises each unit over the batch (**batch
    normalisation**, Ioffe and Szegedy, 2015) and ``axis=1`` each example over
    its units (**layer normalisation**, Ba et al., 2016). Both usually go on
    with a learned scale and shift, left out here.

    Parameters
    ----------
    z : ndarray, shape (batch, units)
    axis : {0, 1}
    eps : float, default 1e-5
        Keeps the division finite when the variance is 0.

    Returns
    -------
    ndarray, same shape as ``z``

    Examples
    --------
    >>> z = np.array([[1.0, 2.0, 3.0], [10.0, 20.0, 30.0]])
    >>> normalize(z, axis=1).round(3)
    array([[-1.225,  0.   ,  1.225],
           [-1.225,  0.   ,  1.225]])
    """
    centred = z - z.mean(axis=axis, keepdims=True)
    return centred / np.sqrt(centred.var(axis=axis, keepdims=True) + eps)


def normalize_backward(z, grad, *, axis, eps=1e-5):
    r"""Return :math:`\partial L / \partial z` given ``grad`` :math:`= \partial L / \partial \hat z`.

    With :math:`n` entries along ``axis`` and :math:`\hat z` from :func:`normalize`,

    .. math::

        \frac{\partial L}{\partial z} = \frac{1}{\sqrt{s^2 + \varepsilon}}
        \Bigl(g - \overline{g} - \hat z\, \overline{g \hat z}\Bigr),

    where :math:`g` is ``grad`` and a bar is the mean along ``axis``: the
    gradient loses its mean and its component along :math:`\hat z`, the two
    directions the normalisation removes.

    Examples
    --------
    >>> z = np.array([[1.0, 2.0, 4.0]])
    >>> normalize_backward(z, np.ones_like(z), axis=1).round(12) + 0.0   # adding a constant changes nothing
    array([[0., 0., 0.]])
    """
    centred = z - z.mean(axis=axis, keepdims=True)
    inv_std = 1.0 / np.sqrt(centred.var(axis=axis, keepdims=True) + eps)
    z_hat = centred * inv_std
    return inv_std * (
        grad - grad.mean(axis=axis, keepdims=True) - z_hat * (grad * z_hat).mean(axis=axis, keepdims=True)
    )


@dataclass
class _Cache:
    """What the forward pass keeps for the backward pass: each layer's input, z and normalised z."""

    inputs: list
    zs: list
    pre: list


class Stack:
    r"""A bare stack of dense layers of one width, plain or residual, with its backward pass.

    Layer :math:`\ell` computes :math:`z_\ell = h_{\ell-1} W_\ell + b_\ell`, optionally
    normalises it (:func:`normalize`), applies :math:`\phi`, and passes on

    .. math::

        h_\ell = \phi(z_\ell) \quad\text{(plain)}, \qquad
        h_\ell = h_{\ell-1} + \phi(z_\ell) \quad\text{(residual)}.

    Backward, the residual form adds the incoming gradient to what comes back
    through the layer, :math:`\partial L/\partial h_{\ell-1} = g + (g \odot \phi'(z_\ell)) W_\ell^\top`
    with :math:`g = \partial L/\partial h_\ell`: the skip connection carries
    :math:`g` down unchanged, whatever the layer does to it.

    Parameters
    ----------
    depth, width : int
        Number of layers and units per layer (inputs have ``width`` columns too).
    activation : str, default "tanh"
        A name of :func:`actlab.activations.names`.
    init : {"small", "xavier", "he", "large"}, default "xavier"
        See :data:`INITS`; biases start at 0.
    residual : bool, default False
        Add each layer's input to its output.
    normalize : {None, "batch", "layer"}, default None
        Normalise each ``z`` over the batch (each unit) or over the units (each example).
    rng : int or numpy.random.Generator, optional

    Attributes
    ----------
    params : list of (W, b)
        ``W`` of shape ``(width, width)``, ``b`` of shape ``(width,)``.

    Examples
    --------
    >>> stack = Stack(3, 4, activation="relu", init="he", residual=True, rng=0)
    >>> out, cache = stack.forward(np.ones((2, 4)))
    >>> grads, grad_in = stack.backward(cache, np.ones_like(out))
    >>> out.shape, len(grads), grad_in.shape
    ((2, 4), 3, (2, 4))
    """

    def __init__(self, depth, width, *, activation="tanh", init="xavier", residual=False, normalize=None, rng=None):
        if not (
            isinstance(depth, (int, np.integer)) and depth >= 1 and isinstance(width, (int, np.integer)) and width >= 1
        ):
            raise ValueError(f"depth and width must be positive integers; got depth={depth!r}, width={width!r}.")
        if normalize not in (None, "batch", "layer"):
            raise ValueError(f"normalize must be None, 'batch' or 'layer'; got {normalize!r}.")
        self.act = activations.get(activation)
        self.activation, self.residual, self.normalize = activation, bool(residual), normalize
        self.width = int(width)
        std = init_std(init, width, width)
        gen = np.random.default_rng(rng)
        self.params = [(gen.normal(0.0, std, size=(width, width)), np.zeros(width)) for _ in range(depth)]

    @property
    def _axis(self):
        return 0 if self.normalize == "batch" else 1

    def forward(self, X):
        """Return the output for ``X`` (shape ``(batch, width)``) and the cache for :meth:`backward`."""
        h = self._check(X)
        cache = _Cache([], [], [])
        for W, b in self.params:
            z = h @ W + b  # (batch, width) @ (width, width) -> (batch, width)
            pre = z if self.normalize is None else normalize(z, axis=self._axis)
            out = self.act(pre)
            cache.inputs.append(h)
            cache.zs.append(z)
            cache.pre.append(pre)
            h = h + out if self.residual else out
        return h, cache

    def backward(self, cache, grad_out):
        """Return ``[(dW, db), ...]`` per layer and the input's gradient, given ``dL/d(output)``."""
        g = np.asarray(grad_out, dtype=float)
        grads = [None] * len(self.params)
        for i in reversed(range(len(self.params))):
            W, _ = self.params[i]
            d_pre = g * self.act.grad(cache.pre[i])
            dz = d_pre if self.normalize is None else normalize_backward(cache.zs[i], d_pre, axis=self._axis)
            grads[i] = (cache.inputs[i].T @ dz, dz.sum(axis=0))  # (width, batch) @ (batch, width)
            through = dz @ W.T  # (batch, width) @ (width, width) -> (batch, width)
            g = g + through if self.residual else through
        return grads, g

    def gradient_norms(self, X, *, rng=0):
        r"""Return the norm of :math:`\partial L / \partial W_\ell` for every layer, first layer first.

        The loss is a fixed random read-out of the output,
        :math:`L = \frac{1}{n}\sum_{i,j} G_{ij}\, h_{ij}` with :math:`G_{ij}` standard
        normal (drawn from ``rng``), so the gradient arriving at the top has the
        same size for every stack and only the stack itself shapes it on the way down.

        Examples
        --------
        >>> stack = Stack(5, 8, activation="sigmoid", init="xavier", rng=0)
        >>> norms = stack.gradient_norms(np.ones((10, 8)))
        >>> norms.shape, bool(norms[0] < norms[-1])
        ((5,), True)
        """
        out, cache = self.forward(X)
        G = np.random.default_rng(rng).normal(size=out.shape) / len(out)
        grads, _ = self.backward(cache, G)
        return np.array([np.linalg.norm(dW) for dW, _ in grads])

    def layer_outputs(self, X):
        """Return the list of what each layer passes on (its ``h``), first layer first."""
        out, cache = self.forward(X)
        return cache.inputs[1:] + [out]

    def _check(self, X):
        X = np.asarray(X, dtype=float)
        if X.ndim != 2 or X.shape[1] != self.width:
            raise ValueError(f"X has shape {X.shape}; expected (batch, {self.width}), one row per example.")
        if not np.isfinite(X).all():
            raise ValueError("X contains NaN or infinity; expected finite numbers only.")
        return X
