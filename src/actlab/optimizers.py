"""Gradient-descent optimizers: plain SGD, SGD with momentum, and Adam.

An optimizer turns a gradient into a step. All three here work on one flat
vector ``theta`` that holds every parameter of a network, and update it in
place: ``step(theta, g)`` with ``g`` the gradient of the loss, of the same
shape. Working on one vector keeps each step to a handful of array operations,
however many layers the network has; :class:`actlab.mlp.MLP` keeps its weight
matrices as views into such a vector, so they change with it.

An optimizer keeps state between steps (a velocity, running moments), so use a
fresh one for every training run.
"""

import numpy as np

__all__ = ["SGD", "Adam", "get"]


class SGD:
    r"""Stochastic gradient descent, with optional (heavy-ball) momentum.

    .. math::

        v \leftarrow \mu v - \eta g, \qquad \theta \leftarrow \theta + v

    With ``momentum`` :math:`\mu = 0` this is the plain step
    :math:`\theta \leftarrow \theta - \eta g`.

    Parameters
    ----------
    lr : float
        Learning rate :math:`\eta > 0`.
    momentum : float, default 0.0
        Momentum :math:`\mu` in ``[0, 1)``.

    Examples
    --------
    >>> import numpy as np
    >>> theta = np.array([1.0, -2.0])
    >>> opt = SGD(lr=0.1, momentum=0.5)
    >>> opt.step(theta, np.array([1.0, 1.0])); theta
    array([ 0.9, -2.1])
    >>> opt.step(theta, np.array([1.0, 1.0])); theta    # v = 0.5 v - 0.1 g
    array([ 0.75, -2.25])
    """

    def __init__(self, lr, momentum=0.0):
        _check_lr(lr)
        if not 0.0 <= momentum < 1.0:
            raise ValueError(f"momentum must be in [0, 1); got {momentum!r}.")
        self.lr = float(lr)
        self.momentum = float(momentum)
        self._velocity = None

    def step(self, theta, g):
        """Update ``theta`` in place, one step against the gradient ``g``."""
        if self.momentum == 0.0:
            theta -= self.lr * g
            return
        if self._velocity is None:
            self._velocity = np.zeros_like(theta)
        v = self._velocity
        v *= self.momentum
        v -= self.lr * g
        theta += v

    def __repr__(self):
        return f"SGD(lr={self.lr}, momentum={self.momentum})"


class Adam:
    r"""Adam: a step scaled by running estimates of the gradient's moments.

    After ``t`` steps, with :math:`\beta_1, \beta_2` the decay rates,

    .. math::

        m &\leftarrow \beta_1 m + (1 - \beta_1) g, \qquad
        s \leftarrow \beta_2 s + (1 - \beta_2) g^2, \\
        \theta &\leftarrow \theta - \eta\,
            \frac{m / (1 - \beta_1^t)}{\sqrt{s / (1 - \beta_2^t)} + \epsilon}.

    The divisions by :math:`1 - \beta^t` correct the bias of moments that start
    at zero (Kingma & Ba, *Adam: A Method for Stochastic Optimization*, 2015).
    Each coordinate moves by about :math:`\eta` per step, whatever the scale of
    its gradient.

    Parameters
    ----------
    lr : float
        Learning rate :math:`\eta > 0`.
    betas : tuple of float, default (0.9, 0.999)
        Decay rates :math:`(\beta_1, \beta_2)` of the two moments, each in ``[0, 1)``.
    eps : float, default 1e-8
        Keeps the denominator away from zero.

    Examples
    --------
    >>> import numpy as np
    >>> theta = np.array([1.0, -2.0])
    >>> opt = Adam(lr=0.1)
    >>> opt.step(theta, np.array([0.5, 50.0])); theta   # both move by lr
    array([ 0.9, -2.1])
    """

    def __init__(self, lr, betas=(0.9, 0.999), eps=1e-8):
        _check_lr(lr)
        beta1, beta2 = betas
        if not (0.0 <= beta1 < 1.0 and 0.0 <= beta2 < 1.0):
            raise ValueError(f"betas must be two numbers in [0, 1); got {betas!r}.")
        self.lr, self.beta1, self.beta2, self.eps = float(lr), float(beta1), float(beta2), float(eps)
        self.t = 0
        self._m = self._s = None

    def step(self, theta, g):
        """Update ``theta`` in place, one step against the gradient ``g``."""
        if self._m is None:
            self._m, self._s = np.zeros_like(theta), np.zeros_like(theta)
        self.t += 1
        m, s = self._m, self._s
        m *= self.beta1
        m += (1.0 - self.beta1) * g
        s *= self.beta2
        s += (1.0 - self.beta2) * (g * g)
        # Fold both bias corrections into scalars: eta * m_hat / (sqrt(s_hat) + eps)
        # equals (eta / c1) * m / (sqrt(s) + eps * sqrt(c2)) with c1, c2 below.
        c1 = 1.0 - self.beta1**self.t
        c2 = 1.0 - self.beta2**self.t
        denom = np.sqrt(s)
        denom += self.eps * np.sqrt(c2)
        theta -= (self.lr * np.sqrt(c2) / c1) * m / denom

    def __repr__(self):
        return f"Adam(lr={self.lr}, betas=({self.beta1}, {self.beta2}), eps={self.eps})"


def _check_lr(lr):
    """Raise a ValueError unless the learning rate is a positive finite number."""
    if not (isinstance(lr, (int, float, np.floating, np.integer)) and np.isfinite(lr) and lr > 0):
        raise ValueError(f"lr must be a positive number; got {lr!r}.")


def get(name, *, lr, momentum=0.0):
    """Return a fresh optimizer by name.

    Parameters
    ----------
    name : {"sgd", "adam"}
        ``"sgd"`` is plain SGD, or SGD with momentum when ``momentum > 0``.
    lr : float
        Learning rate.
    momentum : float, default 0.0
        Momentum of ``"sgd"``. Adam keeps its own running average of the
        gradient, so ``"adam"`` accepts only ``momentum=0``.

    Returns
    -------
    SGD or Adam

    Examples
    --------
    >>> get("sgd", lr=0.1, momentum=0.9)
    SGD(lr=0.1, momentum=0.9)
    """
    if name == "sgd":
        return SGD(lr, momentum)
    if name == "adam":
        if momentum != 0.0:
            raise ValueError(
                f"momentum applies to optimizer='sgd' only; got momentum={momentum!r} "
                "with optimizer='adam', which has its own betas."
            )
        return Adam(lr)
    raise ValueError(f"unknown optimizer {name!r}; expected 'sgd' or 'adam'.")
