r"""Gradient-descent optimizers: plain SGD, SGD with momentum, and Adam.

An optimizer turns gradients into a step. It works on the model's own
parameter arrays, one array at a time: ``step(params, grads)`` takes a list of
arrays and a list of their gradients, in the same order and of the same
shapes, and updates every array in place (``param -= ...``). Nothing is copied
or flattened, so whoever holds a reference to a weight matrix sees it change,
and a model may swap in a new array between two training runs.

>>> import numpy as np
>>> W, b = np.array([[1.0, 2.0]]), np.array([0.5])
>>> SGD(lr=0.1).step([W, b], [np.array([[1.0, -1.0]]), np.array([2.0])])
>>> W, b
(array([[0.9, 2.1]]), array([0.3]))

A single array works too: ``step(theta, g)``.

An optimizer keeps state between steps (a velocity, running moments), one
entry per parameter array, so use a fresh one for every training run.
"""

import numpy as np

__all__ = ["SGD", "Adam", "get"]


class SGD:
    r"""Stochastic gradient descent, with optional (heavy-ball) momentum.

    For each parameter array :math:`\theta` with gradient :math:`g`,

    .. math::

        v \leftarrow \mu v - \eta g, \qquad \theta \leftarrow \theta + v.

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
        self.lr = _check_lr(lr)
        if not (_is_number(momentum) and 0.0 <= momentum < 1.0):
            raise ValueError(f"momentum must be in [0, 1); got {momentum!r}.")
        self.momentum = float(momentum)
        self._velocity = None  # one array per parameter, made at the first step

    def step(self, params, grads):
        """Update every array of ``params`` in place, one step against its gradient.

        Parameters
        ----------
        params : ndarray or list of ndarray
            The parameter arrays.
        grads : ndarray or list of ndarray
            Their gradients, in the same order and of the same shapes.
        """
        params, grads = _pairs(params, grads)
        if self.momentum == 0.0:
            for p, g in zip(params, grads):
                p -= self.lr * g
            return
        if self._velocity is None:
            self._velocity = [np.zeros_like(p) for p in params]
        _check_state(self._velocity, params)
        for p, g, v in zip(params, grads, self._velocity):
            v *= self.momentum
            v -= self.lr * g
            p += v

    def __repr__(self):
        return f"SGD(lr={self.lr}, momentum={self.momentum})"


class Adam:
    r"""Adam: a step scaled by running estimates of the gradient's first two moments.

    For each parameter array :math:`\theta` with gradient :math:`g`, at step
    :math:`t = 1, 2, \dots` (Kingma & Ba, *Adam: A Method for Stochastic
    Optimization*, 2015, Algorithm 1):

    .. math::

        m &\leftarrow \beta_1 m + (1 - \beta_1)\, g
            &&\text{running mean of the gradient} \\
        v &\leftarrow \beta_2 v + (1 - \beta_2)\, g^2
            &&\text{running mean of its square} \\
        \hat m &= m / (1 - \beta_1^t), \quad \hat v = v / (1 - \beta_2^t)
            &&\text{bias correction} \\
        \theta &\leftarrow \theta - \eta\, \hat m / (\sqrt{\hat v} + \epsilon).

    Both moments start at zero, so early on they are too small by the factors
    :math:`1 - \beta^t`; the corrected :math:`\hat m, \hat v` divide those
    factors out. Each coordinate then moves by about :math:`\eta` per step,
    whatever the scale of its gradient.

    Parameters
    ----------
    lr : float
        Learning rate :math:`\eta > 0`.
    betas : tuple of float, default (0.9, 0.999)
        Decay rates :math:`(\beta_1, \beta_2)` of the two moments, each in ``[0, 1)``.
    eps : float, default 1e-8
        Keeps the denominator away from zero.

    Attributes
    ----------
    t : int
        Steps taken so far.

    Examples
    --------
    >>> import numpy as np
    >>> theta = np.array([1.0, -2.0])
    >>> opt = Adam(lr=0.1)
    >>> opt.step(theta, np.array([0.5, 50.0])); theta   # both move by lr
    array([ 0.9, -2.1])
    """

    def __init__(self, lr, betas=(0.9, 0.999), eps=1e-8):
        self.lr = _check_lr(lr)
        if not (
            isinstance(betas, (tuple, list))
            and len(betas) == 2
            and all(_is_number(beta) and 0.0 <= beta < 1.0 for beta in betas)
        ):
            raise ValueError(f"betas must be two numbers in [0, 1); got {betas!r}.")
        if not (_is_number(eps) and eps > 0):
            raise ValueError(f"eps must be a small positive number such as 1e-8; got {eps!r}.")
        self.beta1, self.beta2, self.eps = float(betas[0]), float(betas[1]), float(eps)
        self.t = 0
        self._m = self._v = None  # one array per parameter, made at the first step

    def step(self, params, grads):
        """Update every array of ``params`` in place, one Adam step.

        Parameters
        ----------
        params : ndarray or list of ndarray
            The parameter arrays.
        grads : ndarray or list of ndarray
            Their gradients, in the same order and of the same shapes.
        """
        params, grads = _pairs(params, grads)
        if self._m is None:
            self._m = [np.zeros_like(p) for p in params]
            self._v = [np.zeros_like(p) for p in params]
        _check_state(self._m, params)
        self.t += 1
        beta1, beta2 = self.beta1, self.beta2
        # The bias corrections 1 / (1 - beta^t), the same for every array of this step.
        correct1, correct2 = 1.0 / (1.0 - beta1**self.t), 1.0 / (1.0 - beta2**self.t)
        for p, g, m, v in zip(params, grads, self._m, self._v):
            m *= beta1
            m += (1.0 - beta1) * g  # m = beta1 m + (1 - beta1) g
            v *= beta2
            v += (1.0 - beta2) * (g * g)  # v = beta2 v + (1 - beta2) g^2
            m_hat = correct1 * m  # m / (1 - beta1^t)
            v_hat = correct2 * v  # v / (1 - beta2^t)
            p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)

    def __repr__(self):
        return f"Adam(lr={self.lr}, betas=({self.beta1}, {self.beta2}), eps={self.eps})"


def _is_number(x):
    """True for a real number that is not a bool."""
    return isinstance(x, (int, float, np.integer, np.floating)) and not isinstance(x, bool)


def _check_lr(lr):
    """Return the learning rate as a float, or raise a ValueError unless it is positive and finite."""
    if not (_is_number(lr) and np.isfinite(lr) and lr > 0):
        raise ValueError(f"lr must be a positive number; got {lr!r}.")
    return float(lr)


def _pairs(params, grads):
    """Return ``params`` and ``grads`` as two lists of arrays that match, or raise a ValueError."""
    if isinstance(params, np.ndarray):
        params, grads = [params], [grads]
    try:
        same = [p.shape for p in params] == [g.shape for g in grads]
    except AttributeError:
        raise ValueError(
            "params and grads must be NumPy arrays, or lists of them; the arrays are updated in place."
        ) from None
    if not same:
        raise ValueError(
            f"the gradients have shapes {[g.shape for g in grads]}; expected {[p.shape for p in params]}, "
            "one gradient of the same shape per parameter array."
        )
    return params, grads


def _check_state(state, params):
    """Raise a ValueError if the optimizer's state was made for other parameter arrays."""
    if len(state) != len(params) or any(s.shape != p.shape for s, p in zip(state, params)):
        raise ValueError(
            "this optimizer has already stepped parameter arrays of other shapes; "
            "make a fresh optimizer for each model and each training run."
        )


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
