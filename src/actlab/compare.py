r"""Comparing activations by training them: one recipe, several seeds, the spread.

A claim such as "GELU beats ReLU" is a claim about training runs, and a run
depends on more than its activation: on the random starting weights, the order
of the batches, the learning rate. This module trains the digits that
scikit-learn ships (:func:`actlab.datasets.load_digits`) with one **recipe**
fixed in advance (:class:`Recipe`, :data:`RECIPE`), for any activation, depth,
learning rate and seed, and records what a comparison needs: training and test
accuracy and loss after every epoch, the training time, and the dead and
saturated fractions of the hidden layers at the end. Chapter 7, *Choosing
activations*, builds its comparison table, its learning-rate sweep and its
explorer from these runs.

==========================  ============================================================
:class:`Recipe`, RECIPE     the network and training settings, fixed before any run
:data:`DEPTHS`              "shallow" (1 hidden layer) and "deep" (5 hidden layers)
:func:`train`               one run (cached: asking twice costs nothing)
:func:`compare`             many activations and depths, several seeds each
:func:`summary`             mean and standard deviation of a list of runs
:func:`lr_sweep`            final test accuracy over a grid of learning rates
:func:`one_blas_thread`     a context in which matrix products use one thread
==========================  ============================================================

**The training loop.** Each epoch shuffles the training images, cuts them into
batches, and takes one step of SGD with momentum per batch
(:class:`actlab.optimizers.SGD`), exactly as :meth:`actlab.mlp.MLP.fit` does; the
loop is written out here only so that the test set can be measured after every
epoch while the optimizer keeps its velocity (a new call to ``fit`` would start a
new optimizer, with no velocity).

**Dead and saturated.** A hidden unit is *dead* when its pre-activation is at most
0 on every training image (:func:`actlab.dead_units.dead_units`, the count of
chapter 5). A unit's value on one image is *saturated* where its activation is
flat (:func:`actlab.gradient_flow.saturated`, the rule of chapter 4): sigmoid or
tanh within 0.03 of the end of its range, any other activation where its slope is
below 0.03 (for ReLU, its whole negative side).

**Threads.** The matrices are small (a batch of 128 rows times 32 units), and at
that size a second BLAS thread costs more in coordination than it saves: on a
busy two-core machine a run is several times faster on one thread. :func:`train`
limits BLAS to one thread while it trains (:func:`one_blas_thread`, with
``threadpoolctl``, which scikit-learn installs), and restores the setting
afterwards.

Examples
--------
>>> run = train("relu", "shallow", epochs=2)
>>> run.test_accuracy.shape          # before training, then after each epoch
(3,)
>>> bool(run.test_accuracy[-1] > run.test_accuracy[0])
True
"""

import time
from dataclasses import dataclass, replace
from functools import cache, lru_cache

import numpy as np

from actlab import dead_units, gradient_flow, layers
from actlab.datasets import load_digits
from actlab.mlp import MLP
from actlab.optimizers import SGD

__all__ = [
    "Recipe",
    "RECIPE",
    "DEPTHS",
    "ACTIVATIONS",
    "Run",
    "train",
    "compare",
    "summary",
    "lr_sweep",
    "one_blas_thread",
]

#: Hidden layers of the two networks compared.
DEPTHS = {"shallow": 1, "deep": 5}

#: The activations of the comparison: the common ones, in the order of their history.
ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu", "elu", "swish", "gelu")


@dataclass(frozen=True)
class Recipe:
    """Everything about a run except its activation, depth, learning rate and seed.

    Parameters
    ----------
    width : int, default 32
        Units in every hidden layer.
    lr : float, default 0.03
        The learning rate used when a run does not name its own.
    momentum : float, default 0.9
        Momentum of SGD.
    batch_size : int, default 128
        Images per step.
    epochs : int, default 12
        Passes over the training set.
    init : str, default "he"
        How the weights are drawn (see :class:`actlab.mlp.MLP`).

    Examples
    --------
    >>> Recipe().epochs, Recipe(epochs=3).epochs
    (12, 3)
    """

    width: int = 32
    lr: float = 0.03
    momentum: float = 0.9
    batch_size: int = 128
    epochs: int = 12
    init: str = "he"

    def layer_sizes(self, depth):
        """The layer sizes of the network of the given depth, e.g. ``[64, 32, 10]`` for "shallow"."""
        return [64] + [self.width] * _hidden_layers(depth) + [10]

    def describe(self, depth=None):
        """The recipe in one sentence, for a page."""
        nets = ", ".join(f"{name}: {n} hidden layer{'s' if n > 1 else ''}" for name, n in DEPTHS.items())
        return (
            f"{self.width} units per hidden layer ({nets}), {self.init.capitalize()} initialisation, "
            f"softmax output with cross-entropy, SGD with momentum {self.momentum:g}, "
            f"learning rate {self.lr:g}, batches of {self.batch_size}, {self.epochs} epochs"
        )


#: The comparison's recipe, fixed before any result was looked at.
RECIPE = Recipe()


@dataclass(frozen=True)
class Run:
    """One training run and what was measured during it.

    Attributes
    ----------
    activation, depth : str
    lr : float
    seed : int
    train_loss, train_accuracy : ndarray, shape (epochs + 1,)
        Cross-entropy and fraction classified correctly on the training set:
        entry 0 before training, then for each epoch the mean over its batches,
        each measured just before its step (as :meth:`actlab.mlp.MLP.fit`
        reports them). NaN loss once training has diverged.
    test_loss, test_accuracy : ndarray, shape (epochs + 1,)
        The same on the test set, measured before training and after each epoch.
    seconds : float
        Wall-clock time of the training steps alone (not of the measurements).
    dead : float
        Fraction of hidden units that are dead at the end (all hidden layers
        together); NaN for a gated layer or a diverged run.
    saturated : float
        Fraction of the (training image, hidden unit) values that sit where the
        activation is flat, at the end; NaN as for ``dead``.
    diverged : bool
        Whether the loss became infinite or NaN.
    """

    activation: str
    depth: str
    lr: float
    seed: int
    train_loss: np.ndarray
    test_loss: np.ndarray
    train_accuracy: np.ndarray
    test_accuracy: np.ndarray
    seconds: float
    dead: float
    saturated: float
    diverged: bool

    @property
    def final(self):
        """The final test accuracy."""
        return float(self.test_accuracy[-1])


def _hidden_layers(depth):
    if depth not in DEPTHS:
        raise ValueError(f"unknown depth {depth!r}; expected one of {', '.join(map(repr, DEPTHS))}.")
    return DEPTHS[depth]


@lru_cache(maxsize=1)
def _data():
    return load_digits()


@lru_cache(maxsize=1)
def _blas_controller():
    from threadpoolctl import ThreadpoolController  # installed with scikit-learn

    return ThreadpoolController()  # finds the loaded BLAS libraries once (it takes tens of milliseconds)


def one_blas_thread():
    """Return a context manager in which BLAS runs on one thread, restored on exit (see *Threads* above).

    Examples
    --------
    >>> with one_blas_thread():
    ...     product = np.ones((2, 3)) @ np.ones((3, 2))
    >>> product.tolist()
    [[3.0, 3.0], [3.0, 3.0]]
    """
    return _blas_controller().limit(limits=1, user_api="blas")


def _measure(net, X, y):
    """Loss and accuracy of ``net`` on a set, NaN if its outputs are not finite."""
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        p = net.forward(X)  # (n, 10) probabilities
        if not np.all(np.isfinite(p)):  # a diverged network: no loss, and argmax answers class 0
            return np.nan, float(np.mean(y == 0))
        loss = -np.mean(np.log(np.maximum(p[np.arange(len(y)), y], np.finfo(float).tiny)))
    return float(loss), float(np.mean(np.argmax(p, axis=1) == y))


def _check_activation(activation):
    if not isinstance(activation, str) or activation not in layers.names():
        raise ValueError(f"unknown activation {activation!r}; expected one of: {', '.join(layers.names())}.")
    return activation


def _check_lr(lr):
    if isinstance(lr, bool) or not isinstance(lr, (int, float, np.floating)) or not 0 < lr < np.inf:
        raise ValueError(f"the learning rate must be a positive number such as 0.03; got {lr!r}.")
    return float(lr)


def train(activation, depth="shallow", *, lr=None, seed=0, epochs=None, recipe=RECIPE):
    """Train one network on the digits with the recipe and return what was measured.

    Runs are cached by their arguments: the comparison, the sweep and the
    explorer share every run they have in common, and each is trained once.

    Parameters
    ----------
    activation : str
        The hidden activation, a name of :func:`actlab.activations.names`, or a
        gated layer such as ``"swiglu"`` (:mod:`actlab.layers`; its ``width``
        units then have twice as many weights).
    depth : {"shallow", "deep"}, default "shallow"
        1 or 5 hidden layers (:data:`DEPTHS`).
    lr : float, optional
        Learning rate; the recipe's by default.
    seed : int, default 0
        Seed of the starting weights and of the order of the batches.
    epochs : int, optional
        Passes over the training set; the recipe's by default.
    recipe : Recipe, default RECIPE

    Returns
    -------
    Run

    Examples
    --------
    >>> run = train("tanh", "deep", lr=0.03, epochs=1)
    >>> run.depth, run.lr, run.train_loss.shape
    ('deep', 0.03, (2,))
    >>> train("tanh", "deep", lr=0.03, epochs=1) is run     # cached
    True
    """
    _check_activation(activation)
    _hidden_layers(depth)
    lr = recipe.lr if lr is None else _check_lr(lr)
    if not (isinstance(seed, (int, np.integer)) and not isinstance(seed, bool) and seed >= 0):
        raise ValueError(f"seed must be a non-negative integer; got {seed!r}.")
    if epochs is not None:
        recipe = replace(recipe, epochs=epochs)
    return _train(activation, depth, lr, int(seed), recipe)


@cache
def _train(activation, depth, lr, seed, recipe):
    X, X_test, y, y_test = _data()
    net = MLP(recipe.layer_sizes(depth), activation=activation, output="softmax", init=recipe.init, rng=seed)
    opt = SGD(lr, momentum=recipe.momentum)
    arrays = [a for pair in net.params for a in pair]  # [W0, b0, W1, b1, ...], updated in place
    curves = [_measure(net, X, y) + _measure(net, X_test, y_test)]  # before training
    seconds, diverged = 0.0, False
    with one_blas_thread(), np.errstate(over="ignore", invalid="ignore"):
        for _ in range(recipe.epochs):
            start = time.perf_counter()
            total, correct = 0.0, 0
            order = net.rng.permutation(len(X))
            for first in range(0, len(X), recipe.batch_size):
                batch = order[first : first + recipe.batch_size]
                # MLP.fit's step: the batch's loss and gradients, and its logits (zs[-1]) for free
                loss, grads, (_, zs, _) = net._backprop(X[batch], y[batch])
                total += loss * len(batch)
                correct += np.count_nonzero(np.argmax(zs[-1], axis=1) == y[batch])
                opt.step(arrays, [g for pair in grads for g in pair])
            seconds += time.perf_counter() - start
            if not np.isfinite(total):
                diverged = True
                break
            # the training set as seen during the epoch (as MLP.fit reports it); the test set at its end
            curves.append((total / len(X), correct / len(X)) + _measure(net, X_test, y_test))
        dead = saturated = np.nan
        if not diverged and activation not in layers.GATES:  # counted for elementwise activations only
            zs = dead_units.preactivations(net, X)
            dead = float(np.mean(np.concatenate(dead_units.dead_units(net, X))))
            saturated = float(np.mean([gradient_flow.saturated_fraction(activation, z) for z in zs]))
    missing = recipe.epochs + 1 - len(curves)  # after a divergence: no loss, and argmax answers class 0
    curves += [(np.nan, float(np.mean(y == 0)), np.nan, float(np.mean(y_test == 0)))] * missing
    train_loss, train_acc, test_loss, test_acc = (np.array(c) for c in zip(*curves))
    return Run(
        activation, depth, lr, seed, train_loss, test_loss, train_acc, test_acc, seconds, dead, saturated, diverged
    )


def compare(activations=ACTIVATIONS, depths=tuple(DEPTHS), *, seeds=5, lr=None, recipe=RECIPE):
    """Train every activation at every depth with ``seeds`` seeds each.

    Parameters
    ----------
    activations : sequence of str, default :data:`ACTIVATIONS`
    depths : sequence of str, default ("shallow", "deep")
    seeds : int, default 5
        Seeds ``0, 1, ..., seeds - 1``.
    lr : float, optional
        The recipe's learning rate by default.
    recipe : Recipe, default RECIPE

    Returns
    -------
    dict of (str, str) to list of Run
        Keyed by ``(activation, depth)``.

    Examples
    --------
    >>> runs = compare(["relu"], ["shallow"], seeds=2, recipe=Recipe(epochs=1))
    >>> [run.seed for run in runs["relu", "shallow"]]
    [0, 1]
    """
    if not (isinstance(seeds, (int, np.integer)) and seeds >= 1):
        raise ValueError(f"seeds must be a positive integer (how many seeds per setting); got {seeds!r}.")
    return {
        (a, d): [train(a, d, lr=lr, seed=s, recipe=recipe) for s in range(seeds)] for d in depths for a in activations
    }


def summary(runs):
    """Mean and standard deviation over seeds of the numbers a comparison table shows.

    Parameters
    ----------
    runs : list of Run

    Returns
    -------
    dict
        ``accuracy`` and ``accuracy_std`` (final test accuracy), ``seconds``,
        ``dead``, ``saturated`` (means), and ``worst``, the lowest final test accuracy.

    Examples
    --------
    >>> s = summary(compare(["relu"], ["shallow"], seeds=2, recipe=Recipe(epochs=1))["relu", "shallow"])
    >>> sorted(s)
    ['accuracy', 'accuracy_std', 'dead', 'saturated', 'seconds', 'worst']
    """
    finals = np.array([r.final for r in runs])
    return {
        "accuracy": float(finals.mean()),
        "accuracy_std": float(finals.std()),
        "worst": float(finals.min()),
        "seconds": float(np.mean([r.seconds for r in runs])),
        "dead": float(np.mean([r.dead for r in runs])),
        "saturated": float(np.mean([r.saturated for r in runs])),
    }


def lr_sweep(activations, lrs, *, depth="deep", seeds=2, recipe=RECIPE):
    """Final test accuracy of each activation at each learning rate, for several seeds.

    Parameters
    ----------
    activations : sequence of str
    lrs : sequence of float
    depth : {"shallow", "deep"}, default "deep"
    seeds : int, default 2
    recipe : Recipe, default RECIPE

    Returns
    -------
    ndarray, shape (len(activations), len(lrs), seeds)

    Examples
    --------
    >>> lr_sweep(["relu"], [0.01, 0.1], depth="shallow", seeds=1, recipe=Recipe(epochs=1)).shape
    (1, 2, 1)
    """
    return np.array(
        [
            [[train(a, depth, lr=lr, seed=s, recipe=recipe).final for s in range(seeds)] for lr in lrs]
            for a in activations
        ]
    )
