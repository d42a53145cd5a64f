r"""A multilayer perceptron in NumPy, with backpropagation written out by hand.

Layer ``i`` (counting from 0) takes its input :math:`h_i` (the data ``X`` for
``i = 0``), computes the pre-activation :math:`z_i = h_i W_i + b_i`, and, if it
is a hidden layer, passes it through a nonlinearity:
:math:`h_{i+1} = f_i(z_i)`. The last layer's :math:`z` are the logits, which
the output function (identity, sigmoid or softmax) and its loss take from
there (:mod:`actlab.losses`).

Backpropagation runs the same layers in reverse. Write
:math:`\delta_i = \partial L / \partial z_i`. The loss gives
:math:`\delta` of the last layer, and then for each layer

.. math::

    \frac{\partial L}{\partial W_i} = h_i^\top \delta_i, \qquad
    \frac{\partial L}{\partial b_i} = \sum_{\text{rows}} \delta_i, \qquad
    \frac{\partial L}{\partial h_i} = \delta_i W_i^\top, \qquad
    \delta_{i-1} = \frac{\partial L}{\partial h_i} \odot f_{i-1}'(z_{i-1}).

The last step is the nonlinearity's own backward pass (:mod:`actlab.layers`),
which for a gated layer is a little longer than a product with
:math:`f'`. :meth:`MLP._forward` and :meth:`MLP._backprop` are these equations,
line by line.

Weight matrices have shape ``(fan_in, fan_out)`` and examples are rows, so a
batch flows through as ``(batch, fan_in) @ (fan_in, fan_out)``. All parameters
live in one flat vector, and ``net.params`` holds views into it: change an
entry of ``net.params[0][1]`` and the network changes with it.
"""

import copy
from dataclasses import dataclass

import numpy as np

from actlab import layers, losses, optimizers

__all__ = ["MLP", "History", "STATS"]

#: What :meth:`MLP.inspect` and ``MLP.fit(record=...)`` measure, per layer.
STATS = {
    "z_mean": "mean of the layer's pre-activations z (over examples and units)",
    "z_std": "standard deviation of the layer's pre-activations z",
    "grad_W": "Frobenius norm of dL/dW, the gradient of the layer's weights",
    "grad_input": "Frobenius norm of dL/dh, the gradient of the layer's input",
    "dead": "fraction of the layer's units whose output is 0 on every example (hidden layers only)",
    "saturated": "fraction of (example, unit) pairs with |f'(z)| below the threshold (hidden layers only)",
}


@dataclass
class History:
    """What :meth:`MLP.fit` measured while it trained.

    Attributes
    ----------
    loss : ndarray, shape (epochs,)
        The mean training loss of each epoch: the batch losses averaged over
        the epoch, each measured on its batch just before the step it drives
        (so for full-batch training, the loss before each step).
    accuracy : ndarray, shape (epochs,), or None
        The fraction of training examples classified correctly in each
        epoch, counted the same way; ``None`` for an identity output.
    stats : dict of str to ndarray, or None
        With ``record="step"`` or ``record="epoch"``: the per-layer records,
        keyed as in :data:`STATS`. Each is an array with one row per record
        and one column per layer (``"dead"`` and ``"saturated"``: one column
        per hidden layer). ``None`` when nothing was recorded.
    record : {None, "step", "epoch"}
        What a row of ``stats`` is: one optimizer step (measured on that
        step's batch, before the step), or one epoch (measured on the probe
        set; row 0 is the network before training).
    steps : int
        The number of optimizer steps taken.
    diverged : bool
        True if the loss became infinite or NaN and training stopped early;
        the remaining entries of ``loss`` are NaN.

    Examples
    --------
    >>> from actlab.datasets import make_xor
    >>> X, y = make_xor(100, rng=0)
    >>> net = MLP([2, 8, 1], activation="tanh", output="sigmoid", rng=0)
    >>> hist = net.fit(X, y, epochs=3, lr=0.5, record="epoch")
    >>> hist.loss.shape, hist.stats["grad_W"].shape   # 3 epochs; 4 records of 2 layers
    ((3,), (4, 2))
    """

    loss: np.ndarray
    accuracy: np.ndarray = None
    stats: dict = None
    record: str = None
    steps: int = 0
    diverged: bool = False


class MLP:
    r"""A multilayer perceptron of any depth and width, trained by backpropagation.

    Parameters
    ----------
    layer_sizes : sequence of int
        Units per layer, input first and output last: ``[2, 16, 16, 1]`` is
        two inputs, two hidden layers of 16 units, one output.
    activation : str, Activation, or list of those, default "relu"
        The nonlinearity of the hidden layers: any name of
        :func:`actlab.activations.names`, an ``Activation`` with its
        parameters bound (``activations.get("leaky_relu", alpha=0.2)``), or a
        gated layer ``"glu"``, ``"bilinear"``, ``"reglu"``, ``"geglu"``,
        ``"swiglu"`` (see :mod:`actlab.layers`). A list gives one per hidden
        layer.
    output : {"identity", "sigmoid", "softmax"}, default "identity"
        The output function and, with it, the loss: mean squared error,
        binary cross-entropy (one output unit, labels 0/1), or cross-entropy
        (two or more output units, labels ``0 .. k-1``).
    init : {"he", "xavier"} or float, default "he"
        How the weights are drawn, from a normal distribution with mean 0 and
        standard deviation :math:`\sqrt{2 / \text{fan\_in}}` (He et al., 2015),
        :math:`\sqrt{2 / (\text{fan\_in} + \text{fan\_out})}` (Glorot & Bengio,
        2010), or the given number for every layer.
    bias : float or list of float, default 0.0
        The starting value of every bias of the hidden layers (a list: one per
        hidden layer). A large negative offset starts ReLU units dead; a large
        positive one starts sigmoid units saturated. Output biases start at 0.
    dtype : numpy float dtype, default np.float64
        The dtype of the parameters; data is converted to it.
    rng : int, numpy.random.Generator or None
        Seed or generator for the initial weights; ``fit`` also shuffles with
        it unless given its own. ``None`` draws fresh entropy (not reproducible).

    Attributes
    ----------
    params : list of (W, b)
        One pair per layer, ``W`` of shape ``(fan_in, fan_out)`` and ``b`` of
        shape ``(fan_out,)``; a gated layer of ``u`` units has ``fan_out = 2u``
        (gate columns first, then value columns).
    hidden : list of layers.Elementwise or layers.Gated
        The nonlinearity of each hidden layer.
    loss : losses.Loss
        The output function with its loss.

    Examples
    --------
    >>> import numpy as np
    >>> net = MLP([2, 3, 1], activation="tanh", output="sigmoid", rng=0)
    >>> [W.shape for W, b in net.params]
    [(2, 3), (3, 1)]
    >>> X, y = np.array([[0.0, 1.0], [1.0, 0.0]]), np.array([1, 0])
    >>> net.forward(X).shape
    (2, 1)
    >>> loss, grads = net.loss_and_grads(X, y)
    >>> [dW.shape for dW, db in grads]
    [(2, 3), (3, 1)]
    """

    def __init__(
        self, layer_sizes, *, activation="relu", output="identity", init="he", bias=0.0,
        dtype=np.float64, rng=None,
    ):
        sizes = _check_sizes(layer_sizes)
        n_hidden = len(sizes) - 2
        self.layer_sizes = sizes
        self.hidden = [layers.get(a) for a in _one_per_hidden_layer(activation, n_hidden, "activation")]
        self.loss = losses.get(output)
        _check_output_units(output, sizes[-1])
        self.dtype = np.dtype(dtype)
        if self.dtype.kind != "f":
            raise ValueError(f"dtype must be a float dtype such as np.float64; got {self.dtype}.")
        self.rng = np.random.default_rng(rng)
        offsets = [_check_bias(b) for b in _one_per_hidden_layer(bias, n_hidden, "bias")] + [0.0]

        # Gated layers need two columns of z per unit: widths[i] is fan_out of layer i.
        widths = [size * layer.width for size, layer in zip(sizes[1:-1], self.hidden)] + [sizes[-1]]
        self._shapes = [(fan_in, fan_out) for fan_in, fan_out in zip(sizes[:-1], widths)]
        self._theta = np.empty(sum(i * o + o for i, o in self._shapes), dtype=self.dtype)
        self.params = self._views(self._theta)
        for (W, b), fan_out, offset in zip(self.params, sizes[1:], offsets):
            W[...] = self.rng.normal(0.0, _init_std(init, W.shape[0], fan_out), size=W.shape)
            b[...] = offset

    # ------------------------------------------------------------------ core
    def _forward(self, X):
        """Return the input ``hs[i]`` and the pre-activation ``zs[i]`` of every layer."""
        hs, zs = [X], []
        for i, (W, b) in enumerate(self.params):
            z = hs[i] @ W + b  # (batch, fan_in) @ (fan_in, fan_out) -> (batch, fan_out)
            zs.append(z)
            if i < len(self.hidden):
                hs.append(self.hidden[i].forward(z))  # (batch, fan_out) -> (batch, units)
        return hs, zs

    def _backprop(self, X, y):
        """Return the loss, the gradients and the cache ``(hs, zs, dzs)`` for checked ``X, y``."""
        hs, zs = self._forward(X)
        loss = self.loss.value(zs[-1], y)
        dz = self.loss.grad(zs[-1], y)  # dL/dz of the output layer: (batch, n_out)
        grads, dzs = [None] * len(self.params), [None] * len(self.params)
        for i in reversed(range(len(self.params))):
            W, _ = self.params[i]
            dzs[i] = dz
            dW = hs[i].T @ dz  # (fan_in, batch) @ (batch, fan_out) -> (fan_in, fan_out)
            db = dz.sum(axis=0)  # (batch, fan_out) -> (fan_out,)
            grads[i] = (dW, db)
            if i > 0:
                dh = dz @ W.T  # (batch, fan_out) @ (fan_out, fan_in) -> (batch, fan_in)
                dz = self.hidden[i - 1].backward(zs[i - 1], dh)  # dL/dz of layer i - 1
        return loss, grads, (hs, zs, dzs)

    # ------------------------------------------------------------ public API
    def forward(self, X):
        """Return the network's output for ``X``.

        Parameters
        ----------
        X : array_like, shape (n_examples, n_inputs)

        Returns
        -------
        ndarray, shape (n_examples, n_outputs)
            The logits passed through the output function: values for
            ``"identity"``, probabilities for ``"sigmoid"`` and ``"softmax"``.

        Examples
        --------
        >>> net = MLP([3, 4, 2], output="softmax", rng=0)
        >>> net.forward([[1.0, 2.0, 3.0]]).sum(axis=1)   # probabilities sum to 1
        array([1.])
        """
        return self.loss.output(self._forward(self._check_X(X))[1][-1])

    def predict(self, X):
        """Return class labels (sigmoid, softmax) or values (identity) for ``X``.

        Returns
        -------
        ndarray
            Integer labels of shape ``(n_examples,)`` for a classifier, the
            outputs of shape ``(n_examples, n_outputs)`` for a regression.

        Examples
        --------
        >>> net = MLP([2, 4, 3], output="softmax", rng=0)
        >>> net.predict([[0.0, 0.0], [1.0, 1.0]]).shape
        (2,)
        """
        return self.loss.predict(self._forward(self._check_X(X))[1][-1])

    def accuracy(self, X, y):
        """Return the fraction of examples a classifier labels correctly.

        Examples
        --------
        >>> net = MLP([1, 1], output="sigmoid", rng=0)
        >>> net.params[0][0][...] = 1.0    # predicts 1 exactly when x > 0
        >>> net.accuracy([[-1.0], [2.0], [3.0]], [0, 1, 0])
        0.6666666666666666
        """
        if not self.loss.classifies:
            raise ValueError("accuracy needs a classifier; expected output='sigmoid' or 'softmax'.")
        X = self._check_X(X)
        y = self._check_y(y, len(X))
        return self.loss.count_correct(self._forward(X)[1][-1], y) / len(X)

    def loss_and_grads(self, X, y):
        """Return the mean loss on ``(X, y)`` and its gradient for every parameter.

        Parameters
        ----------
        X : array_like, shape (n_examples, n_inputs)
        y : array_like
            Targets in the form the output expects (see ``output``).

        Returns
        -------
        loss : float
        grads : list of (dW, db)
            Same structure and shapes as :attr:`params`.

        Examples
        --------
        >>> net = MLP([2, 2, 1], rng=0)
        >>> loss, grads = net.loss_and_grads([[1.0, 2.0]], [3.0])
        >>> len(grads) == len(net.params), grads[0][0].shape
        (True, (2, 2))
        """
        X = self._check_X(X)
        loss, grads, _ = self._backprop(X, self._check_y(y, len(X)))
        return loss, grads

    def fit(
        self, X, y, *, epochs, lr, batch_size=None, optimizer="sgd", momentum=0.0,
        shuffle=True, rng=None, record=None, probe=None, saturation=0.01,
    ):
        """Train the network by mini-batch gradient descent and return its history.

        Parameters
        ----------
        X, y : array_like
            Training examples (rows of ``X``) and their targets.
        epochs : int
            Passes over the training set.
        lr : float
            Learning rate.
        batch_size : int, optional
            Examples per step; ``None`` (the default) uses the whole set, one
            step per epoch.
        optimizer : {"sgd", "adam"}, default "sgd"
            See :mod:`actlab.optimizers`. A fresh optimizer is made for each call.
        momentum : float, default 0.0
            Momentum of ``"sgd"``.
        shuffle : bool, default True
            Shuffle the examples at the start of every epoch (mini-batches only).
        rng : int or numpy.random.Generator, optional
            Source of the shuffling; by default the network's own ``rng``.
        record : {None, "step", "epoch"}, default None
            Per-layer instrumentation (see :data:`STATS`). ``"step"`` records
            every step on that step's batch, reusing its forward and backward
            pass; ``"epoch"`` records before training and after every epoch on
            the ``probe`` set, with one extra pass. ``None`` records nothing and
            costs nothing.
        probe : tuple (X_probe, y_probe), optional
            The set ``record="epoch"`` measures on; the training set by default.
        saturation : float, default 0.01
            A unit counts as saturated on an example where ``|f'(z)|`` is below this.

        Returns
        -------
        History

        Examples
        --------
        >>> from actlab.datasets import make_xor
        >>> X, y = make_xor(200, rng=0)
        >>> net = MLP([2, 8, 1], activation="tanh", output="sigmoid", init="xavier", rng=0)
        >>> hist = net.fit(X, y, epochs=200, lr=0.5, momentum=0.9)
        >>> bool(hist.loss[-1] < hist.loss[0]), float(net.accuracy(X, y))
        (True, 1.0)
        """
        X = self._check_X(X)
        y = self._check_y(y, len(X))
        n = len(X)
        epochs = _check_count(epochs, "epochs")
        batch = n if batch_size is None else min(_check_count(batch_size, "batch_size"), n)
        opt = optimizers.get(optimizer, lr=lr, momentum=momentum)
        if record not in (None, "step", "epoch"):
            raise ValueError(f"record must be None, 'step' or 'epoch'; got {record!r}.")
        if record == "epoch":
            X_probe, y_probe = (X, y) if probe is None else self._check_probe(probe)
        rng = self.rng if rng is None else np.random.default_rng(rng)

        loss_hist = np.full(epochs, np.nan)
        correct_hist = np.zeros(epochs)
        rows = [self._probe_stats(X_probe, y_probe, saturation)] if record == "epoch" else []
        steps, diverged = 0, False
        with np.errstate(over="ignore", invalid="ignore"):  # divergence is reported, not warned
            for epoch in range(epochs):
                order = rng.permutation(n) if shuffle and batch < n else None
                total, correct = 0.0, 0
                for start in range(0, n, batch):
                    idx = slice(start, start + batch) if order is None else order[start : start + batch]
                    xb, yb = X[idx], y[idx]
                    loss, grads, cache = self._backprop(xb, yb)
                    if record == "step":
                        rows.append(self._stats(grads, cache, saturation))
                    opt.step(self._theta, _flatten(grads))
                    steps += 1
                    total += loss * len(xb)
                    if self.loss.classifies:
                        correct += self.loss.count_correct(cache[1][-1], yb)
                if not np.isfinite(total):
                    diverged = True
                    break
                loss_hist[epoch] = total / n
                correct_hist[epoch] = correct / n
                if record == "epoch":
                    rows.append(self._probe_stats(X_probe, y_probe, saturation))

        stats = {key: np.array([row[key] for row in rows]) for key in STATS} if rows else None
        accuracy = correct_hist if self.loss.classifies else None
        if diverged and accuracy is not None:
            accuracy[epoch:] = np.nan
        return History(loss_hist, accuracy, stats, record, steps, diverged)

    def inspect(self, X, y, *, saturation=0.01):
        """Measure every layer on one set: pre-activations, gradients, dead and saturated units.

        Runs one forward and one backward pass on all of ``(X, y)``.

        Parameters
        ----------
        X, y : array_like
            The set to measure on.
        saturation : float, default 0.01
            A unit counts as saturated on an example where ``|f'(z)|`` is below this.

        Returns
        -------
        dict of str to ndarray
            The keys of :data:`STATS`: one value per layer (``"dead"`` and
            ``"saturated"``: one per hidden layer).

        Examples
        --------
        >>> import numpy as np
        >>> net = MLP([2, 5, 5, 1], activation="relu", bias=[0.0, -100.0], rng=0)
        >>> stats = net.inspect(np.ones((4, 2)), np.zeros(4))
        >>> float(stats["dead"][1])         # the second hidden layer starts dead
        1.0
        >>> stats["grad_W"][:2]             # and passes no gradient back
        array([0., 0.])
        """
        X = self._check_X(X)
        return self._probe_stats(X, self._check_y(y, len(X)), saturation)

    def dead_units(self, X):
        """Return, for each hidden layer, which units output zero on every example of ``X``.

        Parameters
        ----------
        X : array_like, shape (n_examples, n_inputs)

        Returns
        -------
        list of ndarray of bool
            One array of shape ``(units,)`` per hidden layer.

        Examples
        --------
        >>> net = MLP([2, 3, 1], rng=0)
        >>> net.params[0][1][1] = -100.0         # a very negative bias: unit 1 never fires
        >>> net.dead_units([[1.0, 0.0], [0.0, 1.0]])[0]
        array([False,  True, False])
        """
        hs, _ = self._forward(self._check_X(X))
        return [np.all(h == 0, axis=0) for h in hs[1:]]

    def copy(self):
        """Return an independent copy: same architecture, parameter values and random state.

        Examples
        --------
        >>> net = MLP([2, 3, 1], rng=0)
        >>> twin = net.copy()
        >>> twin.params[0][0][...] = 0.0
        >>> bool(net.params[0][0].any())
        True
        """
        twin = object.__new__(MLP)
        twin.__dict__.update(self.__dict__)
        twin._theta = self._theta.copy()
        twin.params = twin._views(twin._theta)
        twin.rng = copy.deepcopy(self.rng)  # same state: the copy shuffles as the original would
        return twin

    def __repr__(self):
        names = [layer.name for layer in self.hidden]
        shown = names[0] if len(set(names)) == 1 else names
        return f"MLP({self.layer_sizes}, activation={shown!r}, output={self.loss.name!r})"

    # -------------------------------------------------------------- helpers
    def _views(self, theta):
        """Cut the flat vector ``theta`` into one ``(W, b)`` pair of views per layer."""
        params, start = [], 0
        for fan_in, fan_out in self._shapes:
            W = theta[start : start + fan_in * fan_out].reshape(fan_in, fan_out)
            start += fan_in * fan_out
            b = theta[start : start + fan_out]
            start += fan_out
            params.append((W, b))
        return params

    def _stats(self, grads, cache, saturation):
        """Per-layer statistics from one forward and backward pass (see STATS)."""
        hs, zs, dzs = cache
        # dL/dh_i for every layer, the data's gradient included: (batch, fan_out) @ (fan_out, fan_in) -> (batch, fan_in)
        input_grads = [dz @ W.T for dz, (W, _) in zip(dzs, self.params)]
        return {
            "z_mean": np.array([z.mean() for z in zs]),
            "z_std": np.array([z.std() for z in zs]),
            "grad_W": np.array([np.linalg.norm(dW) for dW, _ in grads]),
            "grad_input": np.array([np.linalg.norm(g) for g in input_grads]),
            "dead": np.array([np.all(h == 0, axis=0).mean() for h in hs[1:]]),
            "saturated": np.array(
                [(np.abs(layer.slope(z)) < saturation).mean() for layer, z in zip(self.hidden, zs)]
            ),
        }

    def _probe_stats(self, X, y, saturation):
        """Statistics from a fresh forward and backward pass on a checked set."""
        _, grads, cache = self._backprop(X, y)
        return self._stats(grads, cache, saturation)

    def _check_X(self, X, what="X"):
        """Return ``X`` as a finite float array of shape (n, n_inputs), or raise a ValueError."""
        X = np.asarray(X)
        n_in = self.layer_sizes[0]
        if X.dtype.kind not in "biuf":
            raise ValueError(f"{what} holds values of dtype {X.dtype}; expected real numbers.")
        if X.ndim != 2 or X.shape[1] != n_in or X.shape[0] == 0:
            raise ValueError(
                f"{what} has shape {X.shape}; expected (n_examples, {n_in}), "
                f"one row of {n_in} input{'s' if n_in > 1 else ''} per example."
            )
        X = X.astype(self.dtype, copy=False)
        if not np.isfinite(X).all():
            raise ValueError(f"{what} contains NaN or infinity; expected finite numbers only.")
        return X

    def _check_y(self, y, n_examples):
        """Return ``y`` in the form the loss computes with, or raise a ValueError."""
        y = self.loss.targets(y, n_examples, self.layer_sizes[-1])
        return y.astype(self.dtype, copy=False) if y.dtype.kind == "f" else y

    def _check_probe(self, probe):
        """Return a checked ``(X_probe, y_probe)`` pair."""
        if not (isinstance(probe, (tuple, list)) and len(probe) == 2):
            raise ValueError("probe must be a pair (X_probe, y_probe).")
        X = self._check_X(probe[0], "X_probe")
        return X, self._check_y(probe[1], len(X))


def _flatten(grads):
    """Concatenate ``[(dW, db), ...]`` into one vector laid out like the parameters."""
    return np.concatenate([g.ravel() for pair in grads for g in pair])


def _check_sizes(layer_sizes):
    """Return ``layer_sizes`` as a list of positive ints, or raise a ValueError."""
    sizes = list(layer_sizes) if isinstance(layer_sizes, (list, tuple, np.ndarray)) else None
    if (
        not sizes
        or len(sizes) < 2
        or not all(isinstance(s, (int, np.integer)) and not isinstance(s, bool) and s > 0 for s in sizes)
    ):
        raise ValueError(
            f"layer_sizes must list at least two positive integers, inputs first and outputs last "
            f"(e.g. [2, 16, 1]); got {layer_sizes!r}."
        )
    return [int(s) for s in sizes]


def _one_per_hidden_layer(value, n_hidden, what):
    """Repeat a single ``value`` for every hidden layer, or check a list has one per layer."""
    if isinstance(value, (list, tuple)):
        if len(value) != n_hidden:
            raise ValueError(
                f"{what} lists {len(value)} entries; expected {n_hidden}, one per hidden layer "
                "(or a single value for all of them)."
            )
        return list(value)
    return [value] * n_hidden


def _check_output_units(output, n_out):
    """Raise a ValueError if the output layer's size does not suit the output function."""
    if output == "sigmoid" and n_out != 1:
        raise ValueError(
            f"output='sigmoid' needs exactly 1 output unit (binary labels); got {n_out}. "
            "For several classes use output='softmax'."
        )
    if output == "softmax" and n_out < 2:
        raise ValueError(
            f"output='softmax' needs at least 2 output units, one per class; got {n_out}."
        )


def _init_std(init, fan_in, fan_out):
    """Standard deviation of the initial weights of one layer."""
    if isinstance(init, str) and init == "he":
        return np.sqrt(2.0 / fan_in)
    if isinstance(init, str) and init == "xavier":
        return np.sqrt(2.0 / (fan_in + fan_out))
    if isinstance(init, (int, float, np.number)) and not isinstance(init, bool) and init >= 0:
        return float(init)
    raise ValueError(
        f"unknown init {init!r}; expected 'he', 'xavier', or a number >= 0 "
        "(the standard deviation of a plain normal)."
    )


def _check_bias(value):
    """Return a bias offset as a float, or raise a ValueError."""
    if isinstance(value, (int, float, np.number)) and not isinstance(value, bool) and np.isfinite(value):
        return float(value)
    raise ValueError(f"bias must be a finite number, or a list of them with one per hidden layer; got {value!r}.")


def _check_count(value, what):
    """Return ``value`` as a positive int, or raise a ValueError."""
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool) and value > 0:
        return int(value)
    raise ValueError(f"{what} must be a positive integer; got {value!r}.")
