r"""The registry of elementwise activations, each with its derivative beside it.

An activation :math:`\phi` turns a unit's pre-activation :math:`z = w \cdot x + b`
into its output :math:`a = \phi(z)`. Backpropagation multiplies the incoming
gradient by :math:`\phi'(z)`, so every function here is paired with its
derivative **with respect to the input** :math:`z` (never its output), written
next to it so that the two are read together.

>>> from actlab import activations
>>> relu = activations.get("relu")
>>> relu([-2.0, 0.0, 3.0])
array([0., 0., 3.])
>>> relu.grad([-2.0, 0.0, 3.0])
array([0., 0., 1.])
>>> activations.get("leaky_relu", alpha=0.1).grad(-1.0)
array(0.1)

Conventions, relied on by the tests and the pages:

* At a kink the derivative takes its left-hand value, as the usual formulas and
  PyTorch do: ``relu.grad(0) == 0`` and ``leaky_relu.grad(0) == alpha``.
* Finite input gives finite output with no floating-point warning: the
  exponentials are only ever taken of non-positive numbers, and inputs are
  clipped where a function has already saturated to the last bit.
* NaN in gives NaN out, for the function and for its derivative.
* The float dtype is kept (float16 is computed in float32 and rounded back);
  integers and booleans become float64.
* Parameters are keyword arguments with the defaults listed in ``names()``'s
  entries, e.g. ``leaky_relu`` has ``alpha=0.01``.
"""

from dataclasses import dataclass, field
from math import pi, sqrt

import numpy as np
from scipy.special import erf

from actlab.palette import OKABE_ITO

__all__ = ["Activation", "UnknownActivationError", "get", "names", "cheat_sheet"]

_SQRT_2 = sqrt(2.0)
_SQRT_2_OVER_PI = sqrt(2.0 / pi)
_INV_SQRT_2PI = 1.0 / sqrt(2.0 * pi)
_GELU_CUBIC = 0.044715
# SELU's constants (Klambauer et al., 2017), chosen so that activations keep
# zero mean and unit variance through a deep network.
_SELU_ALPHA = 1.6732632423543772
_SELU_SCALE = 1.0507009873554805


# ---------------------------------------------------------------------------
# The functions, each followed by its derivative d/dz.
# ---------------------------------------------------------------------------


def _identity(z):
    return z.copy()


def _identity_grad(z):
    return np.ones_like(z)


def _step(z):
    return (z > 0).astype(z.dtype)


def _step_grad(z):
    return np.zeros_like(z)


def _sigmoid(z):
    # exp of -|z| never overflows; the two branches are the same function.
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _sigmoid_grad(z):
    s = _sigmoid(z)
    return s * (1.0 - s)


def _tanh(z):
    return np.tanh(z)


def _tanh_grad(z):
    t = np.tanh(z)
    return 1.0 - t * t


def _relu(z):
    return np.maximum(z, 0.0)


def _relu_grad(z):
    return (z > 0).astype(z.dtype)


def _leaky_relu(z, alpha):
    return np.where(z > 0, z, alpha * z)


def _leaky_relu_grad(z, alpha):
    return np.where(z > 0, 1.0, alpha)


def _elu(z, alpha):
    return np.where(z > 0, z, alpha * np.expm1(np.minimum(z, 0.0)))


def _elu_grad(z, alpha):
    return np.where(z > 0, 1.0, alpha * np.exp(np.minimum(z, 0.0)))


def _selu(z):
    return _SELU_SCALE * _elu(z, _SELU_ALPHA)


def _selu_grad(z):
    return _SELU_SCALE * _elu_grad(z, _SELU_ALPHA)


def _softplus(z):
    # log(1 + e^z) = max(z, 0) + log(1 + e^-|z|): the exponent is never positive.
    return np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))


def _softplus_grad(z):
    return _sigmoid(z)


def _swish(z, beta):
    return z * _sigmoid(beta * z)


def _swish_grad(z, beta):
    s = _sigmoid(beta * z)
    return s + beta * z * s * (1.0 - s)


def _silu(z):
    return _swish(z, 1.0)


def _silu_grad(z):
    return _swish_grad(z, 1.0)


def _gelu(z):
    return 0.5 * z * (1.0 + erf(z / _SQRT_2))


def _gelu_grad(z):
    # Phi(z) + z * phi(z); beyond |z| = 40 the density is 0 to the last bit.
    zc = np.clip(z, -40.0, 40.0)
    return 0.5 * (1.0 + erf(z / _SQRT_2)) + zc * _INV_SQRT_2PI * np.exp(-0.5 * zc * zc)


def _gelu_tanh_inner(zc):
    return _SQRT_2_OVER_PI * (zc + _GELU_CUBIC * zc**3)


def _gelu_tanh(z):
    # Beyond |z| = 10 the tanh is +-1 exactly; clipping keeps z**3 finite.
    t = np.tanh(_gelu_tanh_inner(np.clip(z, -10.0, 10.0)))
    return 0.5 * z * (1.0 + t)


def _gelu_tanh_grad(z):
    zc = np.clip(z, -10.0, 10.0)
    t = np.tanh(_gelu_tanh_inner(zc))
    inner_grad = _SQRT_2_OVER_PI * (1.0 + 3.0 * _GELU_CUBIC * zc * zc)
    return 0.5 * (1.0 + t) + 0.5 * zc * (1.0 - t * t) * inner_grad


def _mish(z):
    return z * np.tanh(_softplus(z))


def _mish_grad(z):
    t = np.tanh(_softplus(z))
    return t + z * (1.0 - t * t) * _sigmoid(z)


# ---------------------------------------------------------------------------
# The registry entry.
# ---------------------------------------------------------------------------


class UnknownActivationError(KeyError):
    """Raised by :func:`get` for a name that is not registered; the message lists the valid names."""

    def __str__(self):  # KeyError would wrap the sentence in quotes
        return str(self.args[0])


def _as_float_array(z, name):
    """Return (working array, output dtype); reject what is not a real number."""
    arr = np.asarray(z)
    if arr.dtype.kind == "c":
        raise TypeError(f"{name} takes real numbers, but got complex values of dtype {arr.dtype}.")
    if arr.dtype.kind not in "biuf":
        raise TypeError(
            f"{name} takes an array of real numbers, but got values of dtype {arr.dtype!r}; "
            "pass a float array such as np.linspace(-3, 3, 7)."
        )
    if arr.dtype.kind != "f":
        return arr.astype(np.float64), np.dtype(np.float64)
    if arr.dtype == np.float16:
        return arr.astype(np.float32), arr.dtype
    return arr, arr.dtype


@dataclass(frozen=True)
class Activation:
    """An activation function with its derivative and what the pages say about it.

    Call it for the forward value and use :meth:`grad` for the derivative with
    respect to the input. Both are elementwise: array-like in, same shape out.

    Parameters
    ----------
    name : str
        Registry name, e.g. ``"leaky_relu"``.
    forward, derivative : callable
        ``f(z, **params)`` and ``f'(z, **params)`` on a float ndarray.
    params : dict
        Keyword parameters and their defaults, e.g. ``{"alpha": 0.01}``.
    latex, grad_latex : str
        The formula and its derivative in LaTeX, as the pages print them.
    output_range : str
        The range of the function, in LaTeX.
    pros, cons, use : str
        One line each for the cheat-sheet table.
    kinks : tuple of float
        Inputs where the derivative jumps (the derivative takes the left-hand value there).
    label : str
        The name a page prints, e.g. ``"Leaky ReLU"``; function names such as
        ``tanh`` stay in lower case, as in the formulas.
    color : str
        The activation's colour in every figure and explorer, from
        :data:`actlab.palette.OKABE_ITO`.
    linestyle : str
        A matplotlib line style. No two activations share both colour and line
        style, so every curve can be told apart in a figure.
    year : int or None
        When the paper that introduced or popularised it appeared; ``paper`` is
        that paper's key in ``references.bib``.
    zero_centred : bool
        Odd, ``phi(-z) == -phi(z)``: a symmetric input gives outputs with mean 0.
    monotonic : bool
        Never decreasing.
    smooth : bool
        The derivative is continuous everywhere (with the default parameters).
    saturates : {"both", "left", "no"}
        Where the derivative dies out as the input grows in size.
    cost : str
        What one evaluation computes beyond additions, e.g. ``"one exponential"``.
        The unit tests check these facts against the functions themselves.

    Examples
    --------
    >>> from actlab.activations import get
    >>> sig = get("sigmoid")
    >>> float(sig(0.0)), float(sig.grad(0.0))
    (0.5, 0.25)
    >>> sig(np.array([-1000.0, 1000.0]))   # no overflow
    array([0., 1.])
    """

    name: str
    forward: object = field(repr=False)
    derivative: object = field(repr=False)
    params: dict = field(default_factory=dict)
    latex: str = ""
    grad_latex: str = ""
    output_range: str = ""
    pros: str = ""
    cons: str = ""
    use: str = ""
    kinks: tuple = ()
    label: str = ""
    color: str = OKABE_ITO["grey"]
    linestyle: str = "-"
    year: int | None = None
    paper: str = ""
    zero_centred: bool = False
    monotonic: bool = True
    smooth: bool = False
    saturates: str = "no"
    cost: str = ""

    def _params(self, given):
        unknown = set(given) - set(self.params)
        if unknown:
            allowed = ", ".join(self.params) or "no parameters"
            raise TypeError(f"{self.name} got unknown parameter(s) {', '.join(sorted(unknown))}; it takes {allowed}.")
        return {**self.params, **given}

    def _apply(self, fn, z, given):
        params = self._params(given)
        work, out_dtype = _as_float_array(z, self.name)
        out = fn(work, **params)
        nan = np.isnan(work)
        if nan.any():
            out = np.where(nan, np.nan, out)
        return np.asarray(out, dtype=out_dtype)

    def __call__(self, z, **params):
        """Return the activation of ``z``, elementwise."""
        return self._apply(self.forward, z, params)

    def grad(self, z, **params):
        """Return the derivative with respect to the input ``z``, elementwise."""
        return self._apply(self.derivative, z, params)

    def with_params(self, **params):
        """Return a copy whose parameter defaults are replaced by ``params``.

        Examples
        --------
        >>> get("elu").with_params(alpha=0.5).params
        {'alpha': 0.5}
        """
        return Activation(**{**self.__dict__, "params": self._params(params)})


_REGISTRY = {
    a.name: a
    for a in [
        Activation(
            "identity",
            _identity,
            _identity_grad,
            latex=r"z",
            grad_latex=r"1",
            output_range=r"(-\infty, \infty)",
            pros="Keeps the value as it is",
            cons="Stacked layers collapse to one affine map",
            use="Output of a regression network",
            label="Identity",
            color=OKABE_ITO["grey"],
            linestyle=":",
            zero_centred=True,
            smooth=True,
            saturates="no",
            cost="nothing",
        ),
        Activation(
            "step",
            _step,
            _step_grad,
            kinks=(0.0,),
            latex=r"\begin{cases}1 & z > 0\\ 0 & z \le 0\end{cases}",
            grad_latex=r"0",
            output_range=r"\{0, 1\}",
            pros="The perceptron's yes/no",
            cons="Zero derivative: gradient descent cannot use it",
            use="Historical perceptrons; never trained by backprop",
            label="Step",
            color=OKABE_ITO["grey"],
            linestyle="--",
            year=1958,
            paper="rosenblatt1958",
            saturates="both",
            cost="one comparison",
        ),
        Activation(
            "sigmoid",
            _sigmoid,
            _sigmoid_grad,
            latex=r"\frac{1}{1 + e^{-z}}",
            grad_latex=r"\sigma(z)\,(1 - \sigma(z))",
            output_range=r"(0, 1)",
            pros="Smooth; reads as a probability",
            cons="Saturates; derivative at most 0.25; not zero-centred",
            use="Output of a binary classifier; gates in LSTMs",
            label="sigmoid",
            color=OKABE_ITO["orange"],
            linestyle="-",
            year=1986,
            paper="rumelhart1986",
            smooth=True,
            saturates="both",
            cost="one exponential",
        ),
        Activation(
            "tanh",
            _tanh,
            _tanh_grad,
            latex=r"\frac{e^{z} - e^{-z}}{e^{z} + e^{-z}}",
            grad_latex=r"1 - \tanh^2 z",
            output_range=r"(-1, 1)",
            pros="Zero-centred; derivative up to 1",
            cons="Saturates at both ends",
            use="Hidden state of RNNs and LSTMs; small networks",
            label="tanh",
            color=OKABE_ITO["reddish_purple"],
            linestyle="-",
            zero_centred=True,
            smooth=True,
            saturates="both",
            cost="one tanh (exponentials)",
        ),
        Activation(
            "relu",
            _relu,
            _relu_grad,
            kinks=(0.0,),
            latex=r"\max(0, z)",
            grad_latex=r"\begin{cases}1 & z > 0\\ 0 & z \le 0\end{cases}",
            output_range=r"[0, \infty)",
            pros="Cheap; derivative 1 on the active side; sparse",
            cons="Units can die; not zero-centred",
            use="Default for hidden layers of MLPs and CNNs",
            label="ReLU",
            color=OKABE_ITO["blue"],
            linestyle="-",
            year=2010,
            paper="nair2010",
            saturates="left",
            cost="one comparison",
        ),
        Activation(
            "leaky_relu",
            _leaky_relu,
            _leaky_relu_grad,
            params={"alpha": 0.01},
            kinks=(0.0,),
            latex=r"\max(\alpha z, z)",
            grad_latex=r"\begin{cases}1 & z > 0\\ \alpha & z \le 0\end{cases}",
            output_range=r"(-\infty, \infty)",
            pros="Never exactly zero gradient: fewer dead units",
            cons="One more hyperparameter",
            use="When many ReLU units die; GAN discriminators",
            label="Leaky ReLU",
            color=OKABE_ITO["sky_blue"],
            linestyle="-",
            year=2013,
            paper="maas2013",
            saturates="no",
            cost="a comparison and a multiplication",
        ),
        Activation(
            "elu",
            _elu,
            _elu_grad,
            params={"alpha": 1.0},
            kinks=(0.0,),
            latex=r"\begin{cases}z & z > 0\\ \alpha (e^{z} - 1) & z \le 0\end{cases}",
            grad_latex=r"\begin{cases}1 & z > 0\\ \alpha e^{z} & z \le 0\end{cases}",
            output_range=r"(-\alpha, \infty)",
            pros="Smooth negative side; mean output nearer zero",
            cons="An exponential per unit",
            use="When a zero mean activation matters",
            label="ELU",
            color=OKABE_ITO["bluish_green"],
            linestyle="-",
            year=2015,
            paper="clevert2015",
            smooth=True,
            saturates="left",
            cost="one exponential",
        ),
        Activation(
            "selu",
            _selu,
            _selu_grad,
            kinks=(0.0,),
            latex=r"\lambda \begin{cases}z & z > 0\\ \alpha (e^{z} - 1) & z \le 0\end{cases}",
            grad_latex=r"\lambda \begin{cases}1 & z > 0\\ \alpha e^{z} & z \le 0\end{cases}",
            output_range=r"(-\lambda\alpha, \infty)",
            pros="Self-normalising with the right initialisation",
            cons="Needs LeCun-normal init and no batch norm",
            use="Deep fully connected networks without normalisation",
            label="SELU",
            color=OKABE_ITO["bluish_green"],
            linestyle="--",
            year=2017,
            paper="klambauer2017",
            saturates="left",
            cost="one exponential",
        ),
        Activation(
            "softplus",
            _softplus,
            _softplus_grad,
            latex=r"\log(1 + e^{z})",
            grad_latex=r"\sigma(z)",
            output_range=r"(0, \infty)",
            pros="A smooth ReLU",
            cons="Slow to compute; saturates on the left",
            use="Where an output must be positive (a scale, a rate)",
            label="softplus",
            color=OKABE_ITO["grey"],
            linestyle="-.",
            year=2001,
            paper="dugas2001",
            smooth=True,
            saturates="left",
            cost="an exponential and a logarithm",
        ),
        Activation(
            "swish",
            _swish,
            _swish_grad,
            params={"beta": 1.0},
            latex=r"z\,\sigma(\beta z)",
            grad_latex=r"\sigma(\beta z) + \beta z\,\sigma(\beta z)(1 - \sigma(\beta z))",
            output_range=r"\approx[-0.278, \infty)",
            pros="Smooth, self-gated, non-monotonic",
            cons="A sigmoid per unit",
            use="EfficientNet and other deep CNNs",
            label="Swish",
            color=OKABE_ITO["vermillion"],
            linestyle="-",
            year=2017,
            paper="ramachandran2017",
            monotonic=False,
            smooth=True,
            saturates="left",
            cost="one exponential (a sigmoid)",
        ),
        Activation(
            "silu",
            _silu,
            _silu_grad,
            latex=r"z\,\sigma(z)",
            grad_latex=r"\sigma(z)\,(1 + z(1 - \sigma(z)))",
            output_range=r"\approx[-0.278, \infty)",
            pros="Swish with beta = 1",
            cons="A sigmoid per unit",
            use="Inside SwiGLU blocks of modern language models",
            label="SiLU",
            color=OKABE_ITO["vermillion"],
            linestyle="--",
            year=2018,
            paper="elfwing2018",
            monotonic=False,
            smooth=True,
            saturates="left",
            cost="one exponential (a sigmoid)",
        ),
        Activation(
            "gelu",
            _gelu,
            _gelu_grad,
            latex=r"z\,\Phi(z) = \tfrac{z}{2}\left(1 + \operatorname{erf}\tfrac{z}{\sqrt 2}\right)",
            grad_latex=r"\Phi(z) + z\,\varphi(z)",
            output_range=r"\approx[-0.170, \infty)",
            pros="Smooth; small gradient for mildly negative inputs",
            cons="An erf per unit",
            use="Transformers: BERT, GPT-2 and successors",
            label="GELU",
            color=OKABE_ITO["black"],
            linestyle="-",
            year=2016,
            paper="hendrycks2016",
            monotonic=False,
            smooth=True,
            saturates="left",
            cost="one erf",
        ),
        Activation(
            "gelu_tanh",
            _gelu_tanh,
            _gelu_tanh_grad,
            latex=r"\tfrac{z}{2}\left(1 + \tanh\left(\sqrt{2/\pi}\,(z + 0.044715 z^3)\right)\right)",
            grad_latex=r"\tfrac12(1 + t) + \tfrac{z}{2}(1 - t^2)\sqrt{2/\pi}\,(1 + 0.134145 z^2)",
            output_range=r"\approx[-0.170, \infty)",
            pros="GELU to within 5e-4 with a tanh",
            cons="An approximation",
            use="GPT-2's original code and kernels without erf",
            label="GELU (tanh approx.)",
            color=OKABE_ITO["black"],
            linestyle="--",
            year=2016,
            paper="hendrycks2016",
            monotonic=False,
            smooth=True,
            saturates="left",
            cost="a tanh and a cube",
        ),
        Activation(
            "mish",
            _mish,
            _mish_grad,
            latex=r"z \tanh(\log(1 + e^{z}))",
            grad_latex=r"t + z\,(1 - t^2)\,\sigma(z)",
            output_range=r"\approx[-0.309, \infty)",
            pros="Smooth, non-monotonic",
            cons="Three transcendental functions per unit",
            use="YOLOv4 and some vision models",
            label="Mish",
            color=OKABE_ITO["vermillion"],
            linestyle=":",
            year=2019,
            paper="misra2019",
            monotonic=False,
            smooth=True,
            saturates="left",
            cost="an exponential, a logarithm and a tanh",
        ),
    ]
}


def names():
    """Return the names of every registered activation, in the course's order.

    Examples
    --------
    >>> names()[:5]
    ['identity', 'step', 'sigmoid', 'tanh', 'relu']
    """
    return list(_REGISTRY)


def get(name, **params):
    """Look up an activation by name, optionally with its parameters bound.

    Parameters
    ----------
    name : str
        One of :func:`names`.
    **params
        Parameter values to bind, such as ``alpha=0.2`` for ``leaky_relu``.

    Returns
    -------
    Activation

    Raises
    ------
    UnknownActivationError
        A ``KeyError`` whose message names the valid activations.

    Examples
    --------
    >>> get("tanh")(0.5).round(4)
    np.float64(0.4621)
    >>> get("nope")
    Traceback (most recent call last):
    ...
    actlab.activations.UnknownActivationError: unknown activation 'nope'; valid names are: identity, step, sigmoid, tanh, relu, leaky_relu, elu, selu, softplus, swish, silu, gelu, gelu_tanh, mish
    """
    if not isinstance(name, str) or name not in _REGISTRY:
        raise UnknownActivationError(f"unknown activation {name!r}; valid names are: {', '.join(_REGISTRY)}")
    act = _REGISTRY[name]
    return act.with_params(**params) if params else act


def cheat_sheet(selection=None):
    """Return the cheat-sheet table, generated from the registry, as Markdown.

    Parameters
    ----------
    selection : list of str, optional
        Which activations, in which order; all of them by default.

    Returns
    -------
    str
        A Markdown table with the formula, range, strengths, weaknesses and
        typical use of each activation. Display it with
        ``IPython.display.Markdown``.

    Examples
    --------
    >>> print(cheat_sheet(["relu"]).splitlines()[2])
    | ReLU | $\\max(0, z)$ | $[0, \\infty)$ | Cheap; derivative 1 on the active side; sparse | Units can die; not zero-centred | Default for hidden layers of MLPs and CNNs |
    """
    rows = ["| Activation | Formula | Range | Strengths | Weaknesses | Typical use |", "|---|---|---|---|---|---|"]
    for name in selection or names():
        a = get(name)
        formula = a.latex.replace("|", r"\vert ")
        rows.append(f"| {display_name(name)} | ${formula}$ | ${a.output_range}$ | {a.pros} | {a.cons} | {a.use} |")
    return "\n".join(rows)


def display_name(name):
    """Return the name a page prints for ``name``, e.g. ``"Leaky ReLU"`` for ``"leaky_relu"``.

    Examples
    --------
    >>> display_name("gelu"), display_name("tanh"), display_name("identity")
    ('GELU', 'tanh', 'Identity')
    """
    return get(name).label
