r"""Dead units: how to count them over a data set, and what kills them.

A hidden unit computes :math:`z = h \cdot w + b` from its layer's input
:math:`h` and outputs :math:`\phi(z)`. With ReLU, :math:`\phi(z) = \max(0, z)`
and :math:`\phi'(z) = 0` for :math:`z \le 0`. A unit whose pre-activation is
at most zero **on every example of the training set** outputs 0 on every
example and receives no gradient from any of them, so its weights and bias stop
changing: it is *dead*. Chapter 5 of the course measures this; the functions
here do the counting.

==========================  ====================================================
:func:`preactivations`      every hidden layer's :math:`z` on a data set
:func:`dead_units`          which units are at or below zero on every example
:func:`dead_fraction`       the fraction of dead units, per hidden layer
:func:`batch_dead_fraction` the same count made on mini-batches (it overstates)
:func:`sparsity`            the fraction of outputs that are exactly zero
:func:`remove_units`        a narrower network without the chosen units
:func:`init_dead_fraction`  dead units of many random networks at initialisation
:func:`unit_story`          one unit knocked below zero by one large step
:func:`training_run`        a short training run of the chapter's explorer
==========================  ====================================================

For activations with a negative side (leaky ReLU, ELU, GELU, Swish) a unit at
or below zero on every example is not silent, but it lives only where its slope
is small; :func:`dead_units` counts those units too, so that the activations can
be compared with one rule.
"""

from contextlib import nullcontext
from dataclasses import dataclass
from functools import cache, lru_cache

import numpy as np

try:  # installed with scikit-learn; without it the runs are just slower
    from threadpoolctl import threadpool_limits
except ImportError:  # pragma: no cover
    threadpool_limits = None

from actlab import activations
from actlab.datasets import load_digits
from actlab.mlp import MLP

__all__ = [
    "preactivations",
    "dead_units",
    "dead_fraction",
    "batch_dead_fraction",
    "sparsity",
    "remove_units",
    "init_dead_fraction",
    "InitDeaths",
    "unit_story",
    "Story",
    "training_run",
    "Run",
    "EXPLORER_DATA",
]


def _elementwise_layers(net):
    """Return the activation of every hidden layer, or raise for a gated layer."""
    acts = []
    for i, layer in enumerate(net.hidden):
        act = getattr(layer, "act", None)
        if getattr(layer, "width", 1) != 1 or act is None:
            raise ValueError(
                f"hidden layer {i} is a gated layer ({layer!r}); dead units are counted "
                "for elementwise activations such as 'relu' only."
            )
        acts.append(act)
    return acts


def _check_inputs(net, X):
    """Return ``X`` as a float array of shape (n, n_inputs), or raise a ValueError that says why not."""
    X = np.asarray(X, dtype=float) if np.asarray(X).dtype.kind in "biuf" else None
    n_in = net.layer_sizes[0]
    if X is None or X.ndim != 2 or X.shape[1] != n_in or len(X) == 0:
        shape = "non-numeric values" if X is None else f"shape {X.shape}"
        raise ValueError(f"X has {shape}; expected numbers of shape (n_examples, {n_in}), one row per example.")
    return X


def preactivations(net, X):
    r"""Return the pre-activations :math:`z = h W + b` of every hidden layer on ``X``.

    Parameters
    ----------
    net : actlab.mlp.MLP
        A network whose hidden layers are elementwise (``"relu"``, ``"gelu"``, ...).
    X : array_like, shape (n_examples, n_inputs)

    Returns
    -------
    list of ndarray
        One array of shape ``(n_examples, units)`` per hidden layer.

    Examples
    --------
    >>> net = MLP([2, 3, 4, 1], rng=0)
    >>> [z.shape for z in preactivations(net, np.ones((5, 2)))]
    [(5, 3), (5, 4)]
    """
    acts = _elementwise_layers(net)
    h = _check_inputs(net, X)
    zs = []
    for act, (W, b) in zip(acts, net.params):
        z = h @ W + b  # (n, fan_in) @ (fan_in, units) -> (n, units)
        zs.append(z)
        h = act(z)
    return zs


def dead_units(net, X):
    """Return, per hidden layer, which units have :math:`z \\le 0` on every example of ``X``.

    For ReLU these are exactly the units whose output is 0 on every example
    (:meth:`actlab.mlp.MLP.dead_units`): they pass back no gradient on any
    example, so gradient descent on ``X`` cannot change their weights. Count
    them on the **whole** training set: a unit that fires on a few examples
    looks dead on a batch that misses them (:func:`batch_dead_fraction`).

    Parameters
    ----------
    net : actlab.mlp.MLP
    X : array_like, shape (n_examples, n_inputs)

    Returns
    -------
    list of ndarray of bool
        One array of shape ``(units,)`` per hidden layer.

    Examples
    --------
    >>> net = MLP([2, 3, 1], rng=0)
    >>> net.params[0][1][1] = -100.0          # unit 1's bias: far below any input's reach
    >>> dead_units(net, [[1.0, 0.0], [0.0, 1.0]])[0]
    array([False,  True, False])
    """
    return [np.all(z <= 0, axis=0) for z in preactivations(net, X)]


def dead_fraction(net, X):
    """Return the fraction of dead units (:func:`dead_units`) in each hidden layer.

    Returns
    -------
    ndarray, shape (n_hidden_layers,)

    Examples
    --------
    >>> net = MLP([2, 4, 4, 1], bias=[0.0, -100.0], rng=0)   # layer 2 starts dead
    >>> dead_fraction(net, np.ones((3, 2)))[1]
    np.float64(1.0)
    """
    return np.array([mask.mean() for mask in dead_units(net, X)])


def batch_dead_fraction(net, X, batch_size, *, rng=0):
    r"""Return the dead fraction per layer as a count on mini-batches would report it.

    The rows of ``X`` are shuffled and cut into batches of ``batch_size`` (a
    last, smaller batch is dropped); the dead fraction is measured on each batch
    alone and averaged over the batches. A unit that fires on a fraction
    :math:`p` of the examples looks dead on a batch of :math:`B` examples with
    probability about :math:`(1 - p)^B`, so this count is never below
    :func:`dead_fraction` on the whole set, and usually above it.

    Parameters
    ----------
    net : actlab.mlp.MLP
    X : array_like, shape (n_examples, n_inputs)
    batch_size : int
        Examples per batch, at most ``n_examples``.
    rng : int or numpy.random.Generator, default 0
        Source of the shuffle.

    Returns
    -------
    ndarray, shape (n_hidden_layers,)

    Examples
    --------
    >>> net = MLP([1, 2, 1], rng=0)
    >>> net.params[0][0][...] = [[1.0, -1.0]]; net.params[0][1][...] = [0.0, -0.9]
    >>> X = np.linspace(-1, 1, 200)[:, None]   # unit 1 fires only below x = -0.9
    >>> float(dead_fraction(net, X)[0]), float(batch_dead_fraction(net, X, 4)[0]) > 0.3
    (0.0, True)
    """
    X = _check_inputs(net, X)
    if not (isinstance(batch_size, (int, np.integer)) and 0 < batch_size <= len(X)):
        raise ValueError(
            f"batch_size must be a whole number from 1 to {len(X)} (the number of examples); got {batch_size!r}."
        )
    order = np.random.default_rng(rng).permutation(len(X))
    n_batches = len(X) // batch_size
    counts = [dead_fraction(net, X[order[k * batch_size : (k + 1) * batch_size]]) for k in range(n_batches)]
    return np.mean(counts, axis=0)


def sparsity(net, X):
    """Return, per hidden layer, the fraction of outputs that are exactly zero.

    This is the average, over the examples, of the fraction of a layer's units
    that are silent on that example. A healthy ReLU layer is sparse (often a
    third to a half of its outputs are 0 on any one example) without having a
    single dead unit: sparsity asks "how many units are off for *this* input",
    death asks "is this unit off for *every* input".

    Returns
    -------
    ndarray, shape (n_hidden_layers,)

    Examples
    --------
    >>> net = MLP([1, 2, 1], rng=0)
    >>> net.params[0][0][...] = [[1.0, -1.0]]; net.params[0][1][...] = 0.0
    >>> X = np.array([[-1.0], [2.0]])          # each example switches one unit off
    >>> sparsity(net, X), dead_fraction(net, X)
    (array([0.5]), array([0.]))
    """
    acts = _elementwise_layers(net)
    return np.array([np.mean(act(z) == 0) for act, z in zip(acts, preactivations(net, X))])


def remove_units(net, keep):
    """Return a narrower copy of ``net`` that has only the hidden units in ``keep``.

    Removing hidden unit ``j`` of layer ``i`` deletes column ``j`` of
    ``W_i`` and entry ``j`` of ``b_i`` (its incoming weights) and row ``j`` of
    ``W_{i+1}`` (its outgoing weights). If the removed units output 0 on every
    example of a set, the narrower network computes exactly the same outputs on
    that set: dead units are capacity the network has but does not use.

    Parameters
    ----------
    net : actlab.mlp.MLP
    keep : list of array_like of bool
        One mask per hidden layer, ``True`` for a unit to keep; at least one
        unit per layer.

    Returns
    -------
    actlab.mlp.MLP

    Examples
    --------
    >>> net = MLP([2, 4, 1], rng=0)
    >>> slim = remove_units(net, [np.array([True, False, True, True])])
    >>> slim.layer_sizes
    [2, 3, 1]
    """
    acts = _elementwise_layers(net)
    if not isinstance(keep, (list, tuple)) or len(keep) != len(acts):
        raise ValueError(f"keep must be a list of {len(acts)} boolean masks, one per hidden layer.")
    masks = []
    for i, (mask, size) in enumerate(zip(keep, net.layer_sizes[1:-1])):
        mask = np.asarray(mask)
        if mask.dtype != bool or mask.shape != (size,):
            raise ValueError(f"keep[{i}] must be a boolean array of shape ({size},); got {mask.dtype} {mask.shape}.")
        if not mask.any():
            raise ValueError(f"keep[{i}] removes every unit of hidden layer {i}; keep at least one.")
        masks.append(mask)
    sizes = [net.layer_sizes[0]] + [int(m.sum()) for m in masks] + [net.layer_sizes[-1]]
    slim = MLP(sizes, activation=acts, output=net.loss_fn.name, dtype=net.dtype, rng=0)
    rows = [np.ones(net.layer_sizes[0], dtype=bool)] + masks
    cols = masks + [np.ones(net.layer_sizes[-1], dtype=bool)]
    for (W, b), (W_new, b_new), r, c in zip(net.params, slim.params, rows, cols):
        W_new[...] = W[np.ix_(r, c)]
        b_new[...] = b[c]
    return slim


@dataclass(frozen=True)
class InitDeaths:
    """Dead units of many freshly initialised networks (see :func:`init_dead_fraction`).

    Attributes
    ----------
    per_layer : ndarray, shape (depth,)
        The dead fraction of each hidden layer, averaged over the networks.
    collapsed : float
        The fraction of networks in which some whole hidden layer is dead, so
        that the network's output is the same for every input.
    """

    per_layer: np.ndarray
    collapsed: float


def init_dead_fraction(layer_sizes, X, *, bias=0.0, n_networks=100, seed=0):
    """Count dead units in ``n_networks`` freshly initialised ReLU networks.

    Each network is ``MLP(layer_sizes, bias=bias, rng=seed + k)`` (He
    initialisation), measured on ``X`` before any training.

    Parameters
    ----------
    layer_sizes : sequence of int
        Inputs first, outputs last, as for :class:`~actlab.mlp.MLP`.
    X : array_like, shape (n_examples, layer_sizes[0])
    bias : float, default 0.0
        Starting value of every hidden bias.
    n_networks : int, default 100
    seed : int, default 0
        Seed of the first network; the others follow.

    Returns
    -------
    InitDeaths

    Examples
    --------
    >>> X = np.random.default_rng(0).normal(size=(200, 2))
    >>> deaths = init_dead_fraction([2, 4, 4, 4, 1], X, n_networks=20)
    >>> deaths.per_layer.shape, bool(deaths.per_layer[0] < deaths.per_layer[-1])
    ((3,), True)
    """
    counts = np.array(
        [dead_fraction(MLP(layer_sizes, bias=bias, rng=seed + k), X) for k in range(n_networks)]
    )  # (n_networks, depth)
    return InitDeaths(counts.mean(axis=0), float(np.mean(counts.max(axis=1) == 1.0)))


@dataclass(frozen=True)
class Story:
    """One unit's pre-activation through training (see :func:`unit_story`).

    Attributes
    ----------
    z_max : ndarray, shape (steps + 1,)
        Before each step (and after the last), the unit's largest
        pre-activation over the training inputs: at or below 0 means it is off
        for every input.
    loss : ndarray, shape (steps + 1,)
        The training loss at the same moments.
    recovered_at : int or None
        The first step after the large one at which ``z_max > 0`` again;
        ``None`` if the unit never comes back (or never went below zero).
    """

    z_max: np.ndarray
    loss: np.ndarray
    recovered_at: int | None


#: The unit's network, data and seed in :func:`unit_story`.
STORY_SEED, STORY_UNIT = 9, 1


def unit_story(activation="relu", *, steps=2000, big_lr=2.0, lr=0.1, backward=None):
    r"""Follow one hidden unit through one large gradient step and many ordinary ones.

    A network with one input, four hidden units and one linear output learns
    :math:`y = |x|` on 81 points of :math:`[-2, 2]` by full-batch gradient
    descent on the mean squared error :math:`\tfrac12 \operatorname{mean}(\hat y - y)^2`.
    The first step uses the learning rate ``big_lr``, every later step ``lr``.
    With the fixed seed, the large step pushes hidden unit 1 below zero for
    every input. With ReLU it then gets no gradient and stays there; with a
    negative slope it keeps a small gradient and can climb back.

    Parameters
    ----------
    activation : str or Activation, default "relu"
        The hidden layer's activation: a name of :func:`actlab.activations.names`,
        or an activation with its parameters bound
        (``activations.get("leaky_relu").with_params(alpha=0.1)``).
    steps : int, default 2000
        Gradient steps, the large one included.
    big_lr, lr : float
        Learning rate of the first step, and of every other step.
    backward : callable, optional
        ``backward(z, dh) -> dz``, the activation's backward step: the
        gradient with respect to ``z`` given the gradient ``dh`` with respect
        to the layer's output. By default ``dh * act.grad(z)``. Pass your own to
        see what it does to the unit.

    Returns
    -------
    Story

    Examples
    --------
    >>> relu, leaky = unit_story("relu"), unit_story("leaky_relu")
    >>> float(relu.z_max[1]) < 0, relu.recovered_at is None      # dead after step 1, for good
    (True, True)
    >>> leaky.recovered_at is not None
    True
    """
    act = activations.get(activation) if isinstance(activation, str) else activation
    if backward is None:

        def backward(z, dh):
            return dh * act.grad(z)

    X = np.linspace(-2.0, 2.0, 81)[:, None]  # (81, 1)
    y = np.abs(X)
    rng = np.random.default_rng(STORY_SEED)
    W1, b1 = rng.normal(0.0, np.sqrt(2.0), size=(1, 4)), np.zeros(4)
    W2, b2 = rng.normal(0.0, np.sqrt(2.0 / 4), size=(4, 1)), np.zeros(1)
    z_max, losses = np.empty(steps + 1), np.empty(steps + 1)
    with np.errstate(all="ignore"):  # a step that overflows shows up as NaN in the story
        _descend(X, y, (W1, b1, W2, b2), act, backward, steps, big_lr, lr, z_max, losses)
    below = z_max[1] <= 0
    back = np.flatnonzero(z_max[1:] > 0)
    recovered = int(back[0]) + 1 if below and back.size else None
    return Story(z_max, losses, recovered)


def _descend(X, y, params, act, backward, steps, big_lr, lr, z_max, losses):
    """The gradient steps of :func:`unit_story`, recording into ``z_max`` and ``losses``."""
    W1, b1, W2, b2 = params
    for step in range(steps + 1):
        z = X @ W1 + b1  # (81, 1) @ (1, 4) -> (81, 4)
        h = act(z)
        err = h @ W2 + b2 - y  # (81, 4) @ (4, 1) -> (81, 1)
        z_max[step], losses[step] = z[:, STORY_UNIT].max(), 0.5 * np.mean(err**2)
        if step == steps:
            break
        d_out = err / len(X)  # dL/d(output), (81, 1)
        dW2, db2 = h.T @ d_out, d_out.sum(axis=0)  # (4, 81) @ (81, 1) -> (4, 1)
        dz = np.asarray(backward(z, d_out @ W2.T), dtype=float)  # (81, 1) @ (1, 4) -> (81, 4)
        if dz.shape != z.shape:
            raise ValueError(f"backward(z, dh) returned shape {dz.shape}; expected {z.shape}, the shape of z.")
        dW1, db1 = X.T @ dz, dz.sum(axis=0)  # (1, 81) @ (81, 4) -> (1, 4)
        step_size = big_lr if step == 0 else lr
        for p, g in ((W1, dW1), (b1, db1), (W2, dW2), (b2, db2)):
            p -= step_size * g


# ------------------------------------------------------------------ explorer runs

#: The explorer's data: the first 480 training images of :func:`actlab.datasets.load_digits`.
EXPLORER_DATA = 480


@lru_cache(maxsize=1)
def _explorer_data():
    split = load_digits()
    return split.X_train[:EXPLORER_DATA], split.y_train[:EXPLORER_DATA]


@dataclass(frozen=True)
class Run:
    """A short training run recorded every few steps (see :func:`training_run`).

    Attributes
    ----------
    steps : ndarray of int, shape (frames,)
        The step after which each record was taken (0: before training).
    dead : ndarray, shape (frames, 2)
        The dead fraction of each hidden layer on the whole training set.
    loss : ndarray, shape (frames,)
        The training loss on the whole training set; NaN once training diverged.
    z_max : ndarray, shape (frames, units)
        Each hidden unit's largest pre-activation over the training set (both
        hidden layers, first layer first).
    accuracy : float
        The fraction of the training set classified correctly at the end.
    """

    steps: np.ndarray
    dead: np.ndarray
    loss: np.ndarray
    z_max: np.ndarray
    accuracy: float


@cache
def training_run(activation, lr, bias, *, steps=60, every=6, batch_size=32, seed=0):
    """Train a 64-32-32-10 network on 480 digits and record it every ``every`` steps.

    Plain mini-batch gradient descent, batches of ``batch_size`` taken in one
    fixed shuffled order, the hidden biases starting at ``bias``. The result is
    cached: the explorer serves every step of its time slider from one run.

    Parameters
    ----------
    activation : str
        Hidden activation, e.g. ``"relu"``.
    lr : float
        Learning rate.
    bias : float
        Starting value of every hidden bias.
    steps, every, batch_size, seed : int
        Length of the run, spacing of the records, batch size, seed.

    Returns
    -------
    Run

    Examples
    --------
    >>> run = training_run("relu", 0.1, 0.0, steps=12, every=6)
    >>> run.steps.tolist(), run.dead.shape, run.z_max.shape
    ([0, 6, 12], (3, 2), (3, 64))
    """
    X, y = _explorer_data()
    # The matrices are small: one BLAS thread is faster than several, and gives the same
    # bits on every run of the page (a run at a high learning rate amplifies the last bit).
    with threadpool_limits(limits=1, user_api="blas") if threadpool_limits else nullcontext():
        return _train_and_record(X, y, activation, lr, bias, steps, every, batch_size, seed)


def _train_and_record(X, y, activation, lr, bias, steps, every, batch_size, seed):
    """The body of :func:`training_run`."""
    net = MLP([64, 32, 32, 10], activation=activation, output="softmax", bias=bias, rng=seed)
    passes = 1 + steps * batch_size // len(X)
    order = np.random.default_rng(seed).permutation(np.tile(np.arange(len(X)), passes))
    records = []
    diverged = False
    with np.errstate(over="ignore", invalid="ignore"):
        for frame in range(steps // every + 1):
            if frame > 0 and not diverged:
                start = (frame - 1) * every * batch_size
                idx = order[start : start + every * batch_size]
                history = net.fit(X[idx], y[idx], epochs=1, lr=lr, batch_size=batch_size, shuffle=False)
                diverged = history.diverged
            loss = net.loss_and_grads(X, y)[0] if not diverged else np.nan
            if not np.isfinite(loss):
                diverged = True
            if diverged:
                records.append((np.full(2, np.nan), np.nan, np.full(64, np.nan)))
                continue
            zs = preactivations(net, X)
            records.append(
                (
                    np.array([np.all(z <= 0, axis=0).mean() for z in zs]),
                    loss,
                    np.concatenate([z.max(axis=0) for z in zs]),
                )
            )
        accuracy = np.nan if diverged else net.accuracy(X, y)
    dead, loss, z_max = (np.array(column) for column in zip(*records))
    return Run(np.arange(len(records)) * every, dead, loss, z_max, float(accuracy))
