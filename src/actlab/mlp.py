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
    \frac{\partial L}{\partial b_i} = \mathbf{1}^\top \delta_i, \qquad
    \frac{\partial L}{\partial h_i} = \delta_i W_i^\top, \qquad
    \delta_{i-1} = \frac{\partial L}{\partial h_i} \odot f_{i-1}'(z_{i-1}).

The bias is the weight of an input that is always 1, so its gradient is the
same product as the weights', with a column of ones in place of :math:`h_i`:
the sum of :math:`\delta_i` over the examples of the batch.

The last step is the nonlinearity's own backward pass (:mod:`actlab.layers`),
which for a gated layer is a little longer than a product with
:math:`f'`. :meth:`MLP._forward` and :meth:`MLP._backprop` are these equations,
line by line. The forward pass keeps every layer's output, and the backward
pass hands it back to the layer: for tanh and sigmoid the derivative is read
off the output (:math:`\tanh' = 1 - h^2`), so :math:`\phi` is evaluated once
per step, not twice.

Weight matrices have shape ``(fan_in, fan_out)`` and examples are rows, so a
batch flows through as ``(batch, fan_in) @ (fan_in, fan_out)``. The parameters
are plain arrays: ``net.params`` is a list with one ``(W, b)`` pair per layer,
and training updates each array in place. Change an entry of
``net.params[0][1]`` and the network changes with it; assign a new pair,
``net.params[0] = (W, b)``, and the network uses (and trains) the new arrays.
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
        One pair of arrays per layer, ``W`` of shape ``(fan_in, fan_out)`` and
        ``b`` of shape ``(fan_out,)``; a gated layer of ``u`` units has
        ``fan_out = 2u`` (gate columns first, then value columns). Training
        updates these arrays in place. A pair may be replaced by assignment;
        the next call checks its shapes and converts it to ``dtype``.
    hidden : list of layers.Elementwise or layers.Gated
        The nonlinearity of each hidden layer.
    loss_fn : losses.Loss
        The output function with its loss (the loss *value* is what
        :meth:`loss_and_grads` and :attr:`History.loss` return).

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
    >>> net.params[1] = (np.zeros((3, 1)), np.zeros(1))   # a new output layer
    >>> net.forward(X).ravel()                             # sigmoid(0) for every example
    array([0.5, 0.5])
    """

    def __init__(
        self, layer_sizes, *, activation="relu", output="identity", init="he", bias=0.0, dtype=np.float64, rng=None
    ):
        sizes = _check_sizes(layer_sizes)
        n_hidden = len(sizes) - 2
        self.layer_sizes = sizes
        self.hidden = [layers.get(a) for a in _one_per_hidden_layer(activation, n_hidden, "activation")]
        self.loss_fn = losses.get(output)
        _check_output_units(output, sizes[-1])
        self.dtype = _check_dtype(dtype)
        self.rng = _check_rng(rng)
        offsets = [_check_bias(b) for b in _one_per_hidden_layer(bias, n_hidden, "bias")] + [0.0]

        # Gated layers need two columns of z per unit: widths[i] is fan_out of layer i.
        widths = [size * layer.width for size, layer in zip(sizes[1:-1], self.hidden)] + [sizes[-1]]
        self._shapes = [(fan_in, fan_out) for fan_in, fan_out in zip(sizes[:-1], widths)]
        self.params = []
        for (fan_in, fan_out), units, offset in zip(self._shapes, sizes[1:], offsets):
            std = _init_std(init, fan_in, units)
            W = self.rng.normal(0.0, std, size=(fan_in, fan_out)).astype(self.dtype, copy=False)
            b = np.full(fan_out, offset, dtype=self.dtype)
            self.params.append((W, b))

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
        """Return the loss, the gradients and the cache ``(hs, zs, dzs)``."""
        hs, zs = self._forward(X)
        # The loss, and dz = dL/dz of the output layer: (batch, n_out)
        loss, dz = self.loss_fn.value_and_grad(zs[-1], y)
        grads, dzs = [None] * len(self.params), [None] * len(self.params)
        # A bias is the weight of an input that is always 1.
        ones = np.ones(len(X), dtype=X.dtype)
        for i in reversed(range(len(self.params))):
            W, _ = self.params[i]
            dzs[i] = dz
            # (fan_in, batch) @ (batch, fan_out) -> (fan_in, fan_out)
            dW = hs[i].T @ dz
            # (batch,) @ (batch, fan_out) -> (fan_out,): dz summed over the batch
            db = ones @ dz
            grads[i] = (dW, db)
            if i > 0:
                # (batch, fan_out) @ (fan_out, fan_in) -> (batch, fan_in)
                dh = dz @ W.T
                # dL/dz of layer i - 1 (tanh and sigmoid reuse its output hs[i])
                dz = self.hidden[i - 1].backward(zs[i - 1], dh, h=hs[i])
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
        self._check_params()
        return self.loss_fn.output(self._forward(self._check_X(X))[1][-1])

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
        self._check_params()
        return self.loss_fn.predict(self._forward(self._check_X(X))[1][-1])

    def accuracy(self, X, y):
        """Return the fraction of examples a classifier labels correctly.

        Examples
        --------
        >>> net = MLP([1, 1], output="sigmoid", rng=0)
        >>> net.params[0][0][...] = 1.0    # predicts 1 exactly when x > 0
        >>> net.accuracy([[-1.0], [2.0], [3.0]], [0, 1, 0])
        0.6666666666666666
        """
        if not self.loss_fn.classifies:
            raise ValueError("accuracy needs a classifier; expected output='sigmoid' or 'softmax'.")
        self._check_params()
        X = self._check_X(X)
        y = self._check_y(y, len(X))
        return self.loss_fn.count_correct(self._forward(X)[1][-1], y) / len(X)

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
        self._check_params()
        X = self._check_X(X)
        loss, grads, _ = self._backprop(X, self._check_y(y, len(X)))
        return loss, grads

    def fit(
        self,
        X,
        y,
        *,
        epochs,
        lr,
        batch_size=None,
        optimizer="sgd",
        momentum=0.0,
        shuffle=True,
        rng=None,
        record=None,
        probe=None,
        saturation=0.01,
    ):
        """Train the network by mini-batch gradient descent and return its history.

        Each step computes the gradients of one batch by backpropagation and
        hands them to the optimizer, which updates the arrays of :attr:`params`
        in place, one array at a time.

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
        # Everything is checked once, here; the loop below trusts its inputs.
        self._check_params()
        X = self._check_X(X)
        y = self._check_y(y, len(X))
        n = len(X)
        epochs = _check_count(epochs, "epochs")
        batch = n if batch_size is None else min(_check_count(batch_size, "batch_size"), n)
        opt = optimizers.get(optimizer, lr=lr, momentum=momentum)
        if record not in (None, "step", "epoch"):
            raise ValueError(f"record must be None, 'step' or 'epoch'; got {record!r}.")
        saturation = _check_saturation(saturation)
        if record == "epoch":
            X_probe, y_probe = (X, y) if probe is None else self._check_probe(probe)
        rng = self.rng if rng is None else _check_rng(rng)
        arrays = [p for pair in self.params for p in pair]  # [W0, b0, W1, b1, ...], updated in place

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
                    opt.step(arrays, [g for pair in grads for g in pair])
                    steps += 1
                    total += loss * len(xb)
                    if self.loss_fn.classifies:
                        correct += self.loss_fn.count_correct(cache[1][-1], yb)
                if not np.isfinite(total):
                    diverged = True
                    break
                loss_hist[epoch] = total / n
                correct_hist[epoch] = correct / n
                if record == "epoch":
                    rows.append(self._probe_stats(X_probe, y_probe, saturation))

        stats = {key: np.array([row[key] for row in rows]) for key in STATS} if rows else None
        accuracy = correct_hist if self.loss_fn.classifies else None
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
        self._check_params()
        X = self._check_X(X)
        return self._probe_stats(X, self._check_y(y, len(X)), _check_saturation(saturation))

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
        self._check_params()
        hs, _ = self._forward(self._check_X(X))
        return [np.all(h == 0, axis=0) for h in hs[1:]]

    def copy(self):
        """Return an independent copy: same architecture, parameter values and random state.

        A deep copy: the twin owns its own arrays and its own random generator
        (in the same state, so it shuffles as the original would).

        Examples
        --------
        >>> net = MLP([2, 3, 1], rng=0)
        >>> twin = net.copy()
        >>> twin.params[0][0][...] = 0.0
        >>> bool(net.params[0][0].any())
        True
        """
        return copy.deepcopy(self)

    @property
    def loss(self):
        raise AttributeError(
            "MLP has no attribute 'loss': the output function with its loss is net.loss_fn; "
            "loss values come from net.loss_and_grads(X, y) and from fit's History.loss."
        )

    def __repr__(self):
        names = [layer.name for layer in self.hidden]
        shown = names[0] if len(set(names)) == 1 else names
        return f"MLP({self.layer_sizes}, activation={shown!r}, output={self.loss_fn.name!r})"

    # -------------------------------------------------------------- helpers
    def _check_params(self):
        """Check ``self.params``, where a learner may have assigned new pairs, and bring them to ``dtype``."""
        if not isinstance(self.params, list) or len(self.params) != len(self._shapes):
            raise ValueError(
                f"net.params must be a list of {len(self._shapes)} (W, b) pairs, one per layer; "
                f"got {self.params!r:.80}."
            )
        for i, ((fan_in, fan_out), pair) in enumerate(zip(self._shapes, self.params)):
            if not (isinstance(pair, (tuple, list)) and len(pair) == 2):
                raise ValueError(f"net.params[{i}] must be a pair (W, b); got {pair!r:.80}.")
            W = _param_array(pair[0], f"net.params[{i}][0] (the weights W)", (fan_in, fan_out), self.dtype)
            b = _param_array(pair[1], f"net.params[{i}][1] (the biases b)", (fan_out,), self.dtype)
            self.params[i] = (W, b)  # the same arrays when they were already in order

    def _stats(self, grads, cache, saturation):
        """Per-layer statistics from one forward and backward pass (see STATS)."""
        hs, zs, dzs = cache
        # dL/dh_i for every layer, the data's gradient included:
        # (batch, fan_out) @ (fan_out, fan_in) -> (batch, fan_in)
        input_grads = [dz @ W.T for dz, (W, _) in zip(dzs, self.params)]
        return {
            "z_mean": np.array([z.mean() for z in zs]),
            "z_std": np.array([z.std() for z in zs]),
            "grad_W": np.array([np.linalg.norm(dW) for dW, _ in grads]),
            "grad_input": np.array([np.linalg.norm(g) for g in input_grads]),
            "dead": np.array([np.all(h == 0, axis=0).mean() for h in hs[1:]]),
            "saturated": np.array(
                [(np.abs(layer.slope(z, h)) < saturation).mean() for layer, z, h in zip(self.hidden, zs, hs[1:])]
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
        y = self.loss_fn.targets(y, n_examples, self.layer_sizes[-1])
        return y.astype(self.dtype, copy=False) if y.dtype.kind == "f" else y

    def _check_probe(self, probe):
        """Return a checked ``(X_probe, y_probe)`` pair."""
        if not (isinstance(probe, (tuple, list)) and len(probe) == 2):
            raise ValueError("probe must be a pair (X_probe, y_probe).")
        X = self._check_X(probe[0], "X_probe")
        return X, self._check_y(probe[1], len(X))


def _param_array(a, what, shape, dtype):
    """Return ``a`` as a writeable array of ``shape`` and ``dtype`` (the same object if it already is one)."""
    arr = np.asarray(a)
    if arr.dtype.kind not in "biuf":
        raise ValueError(f"{what} holds values of dtype {arr.dtype}; expected real numbers.")
    if arr.shape != shape:
        raise ValueError(
            f"{what} has shape {arr.shape}; expected {shape}, since a layer's W has shape "
            "(fan_in, fan_out) and its b has shape (fan_out,)."
        )
    arr = arr.astype(dtype, copy=False)
    return arr if arr.flags.writeable else arr.copy()


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
        raise ValueError(f"output='softmax' needs at least 2 output units, one per class; got {n_out}.")


def _init_std(init, fan_in, fan_out):
    """Standard deviation of the initial weights of one layer."""
    if isinstance(init, str) and init == "he":
        return np.sqrt(2.0 / fan_in)
    if isinstance(init, str) and init == "xavier":
        return np.sqrt(2.0 / (fan_in + fan_out))
    if isinstance(init, (int, float, np.number)) and not isinstance(init, bool) and init >= 0:
        return float(init)
    raise ValueError(
        f"unknown init {init!r}; expected 'he', 'xavier', or a number >= 0 (the standard deviation of a plain normal)."
    )


def _check_bias(value):
    """Return a bias offset as a float, or raise a ValueError."""
    if isinstance(value, (int, float, np.number)) and not isinstance(value, bool) and np.isfinite(value):
        return float(value)
    raise ValueError(f"bias must be a finite number, or a list of them with one per hidden layer; got {value!r}.")


def _check_dtype(dtype):
    """Return ``dtype`` as a NumPy float dtype, or raise a ValueError."""
    try:
        dt = np.dtype(dtype)
    except TypeError:
        dt = None
    if dt is None or dt.kind != "f":
        raise ValueError(f"dtype must be a float dtype such as np.float64 or np.float32; got {dtype!r}.")
    return dt


def _check_rng(rng):
    """Return a Generator for a seed, a Generator or None, or raise a ValueError."""
    generator_like = (np.random.Generator, np.random.SeedSequence, np.random.BitGenerator)
    seed = isinstance(rng, (int, np.integer)) and not isinstance(rng, bool) and rng >= 0
    if rng is None or seed or isinstance(rng, generator_like):
        return np.random.default_rng(rng)
    raise ValueError(f"rng must be a non-negative integer seed, a numpy Generator, or None; got {rng!r}.")


def _check_saturation(value):
    """Return the saturation threshold as a float, or raise a ValueError."""
    if isinstance(value, (int, float, np.number)) and not isinstance(value, bool) and 0 <= value < np.inf:
        return float(value)
    raise ValueError(f"saturation must be a number >= 0, the threshold on |f'(z)|; got {value!r}.")


def _check_count(value, what):
    """Return ``value`` as a positive int, or raise a ValueError."""
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool) and value > 0:
        return int(value)
    raise ValueError(f"{what} must be a positive integer; got {value!r}.")
