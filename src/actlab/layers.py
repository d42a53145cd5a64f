r"""What a hidden layer does after its affine map, and how it sends gradients back.

A hidden layer of :class:`actlab.mlp.MLP` computes ``z = h @ W + b`` and then a
nonlinearity ``h_next = f(z)``. Backpropagation needs only one thing from the
nonlinearity: given the gradient ``dh`` of the loss with respect to its output,
the gradient with respect to its input ``z``. Two kinds are defined here.

**Elementwise** (:class:`Elementwise`): ``f(z) = phi(z)`` for an activation
``phi`` of :mod:`actlab.activations`, so

.. math:: \frac{\partial L}{\partial z} = \frac{\partial L}{\partial h} \odot \phi'(z).

For two activations the derivative can be read off the output
:math:`h = \phi(z)` that the forward pass has already computed, by a textbook
identity: :math:`\tanh'(z) = 1 - h^2` and :math:`\sigma'(z) = h (1 - h)`.
Backpropagation passes ``h`` along, so a tanh or sigmoid layer costs one
evaluation of :math:`\phi` per step rather than two; every other activation
computes :math:`\phi'(z)` from ``z``, as its registry entry defines it.

A layer calls the registry's formulas themselves, ``act.forward`` and
``act.derivative`` with the activation's parameters. ``act(z)`` would also
check the input's dtype and carry NaN through on every call; a network checks
its data once, on the way in, so its layers skip those checks and only keep the
dtype of ``z``.

**Gated** (:class:`Gated`), the GLU family of transformer feed-forward blocks
(Shazeer, *GLU Variants Improve Transformer*, 2020). The affine map produces two
halves side by side, ``z = [g | v]``, each of width ``units``; one half, passed
through ``phi``, opens and closes a gate on the other:

.. math::

    f(z) = \phi(g) \odot v, \qquad
    \frac{\partial L}{\partial g} = \frac{\partial L}{\partial h} \odot v \odot \phi'(g), \qquad
    \frac{\partial L}{\partial v} = \frac{\partial L}{\partial h} \odot \phi(g).

A gated layer of ``units`` outputs therefore has a weight matrix with
``2 * units`` columns: the gate's weights first, then the value's.

=========  ====================  ==========================================
name       gate ``phi``          used in
=========  ====================  ==========================================
glu        sigmoid               the original gated linear unit (2017)
bilinear   identity              no nonlinearity, only the product
reglu      relu
geglu      gelu                  T5 v1.1
swiglu     silu (swish, beta=1)  PaLM, LLaMA
=========  ====================  ==========================================
"""

import numpy as np

from actlab import activations

__all__ = ["GATES", "Elementwise", "Gated", "get", "names"]

#: Gated layers by name, with the activation that drives the gate.
GATES = {"glu": "sigmoid", "bilinear": "identity", "reglu": "relu", "geglu": "gelu", "swiglu": "silu"}


def _formula(fn, params):
    """Return ``z -> fn(z, **params)`` for a float array ``z``, the result in the dtype of ``z``."""

    def apply(z):
        out = fn(z, **params)
        return out if out.dtype == z.dtype else out.astype(z.dtype)  # np.where(z > 0, 1.0, a) is float64

    return apply


def _float_array(z):
    """Return ``z`` as a float array (float64 unless it already is one)."""
    z = np.asarray(z)
    return z if z.dtype.kind == "f" else z.astype(np.float64)


#: Derivatives written in terms of the output h = phi(z), for the activations that have such an identity.
_SLOPE_FROM_OUTPUT = {
    "tanh": lambda h: 1.0 - h * h,  # tanh'(z) = 1 - tanh(z)^2
    "sigmoid": lambda h: h * (1.0 - h),  # sigmoid'(z) = sigmoid(z) (1 - sigmoid(z))
}


class Elementwise:
    r"""A nonlinearity applied to each unit on its own: :math:`h = \phi(z)`.

    Parameters
    ----------
    act : activations.Activation
        The activation :math:`\phi`, with its parameters bound.

    Attributes
    ----------
    width : int
        Columns of ``z`` per output unit: 1.

    Examples
    --------
    >>> import numpy as np
    >>> from actlab import activations
    >>> layer = Elementwise(activations.get("relu"))
    >>> z = np.array([[-1.0, 2.0]])
    >>> layer.forward(z)
    array([[0., 2.]])
    >>> layer.backward(z, dh=np.array([[5.0, 5.0]]))     # dh * relu'(z)
    array([[0., 5.]])
    >>> tanh = Elementwise(activations.get("tanh"))
    >>> h = tanh.forward(z)
    >>> np.allclose(tanh.slope(z, h), tanh.slope(z))  # 1 - h**2 equals tanh'(z)
    True
    """

    width = 1

    def __init__(self, act):
        self.act = act
        self.name = act.name
        self._phi = _formula(act.forward, act.params)
        self._dphi = _formula(act.derivative, act.params)
        # The output form applies only to the registry's own tanh and sigmoid.
        from_output = _SLOPE_FROM_OUTPUT.get(act.name)
        self._slope_from_output = from_output if from_output and act == activations.get(act.name) else None

    def forward(self, z):
        """Return the layer's output ``phi(z)``, shape ``(batch, units)``."""
        return self._phi(_float_array(z))

    def backward(self, z, dh, h=None):
        """Return dL/dz from dL/dh, both ``(batch, units)``; ``h = forward(z)`` may be passed to save work."""
        return dh * self.slope(z, h)

    def slope(self, z, h=None):
        """Return ``phi'(z)``, the factor by which each unit passes gradients back.

        If the output ``h = phi(z)`` is given and ``phi`` is tanh or sigmoid,
        ``phi'(z)`` is computed from ``h``; otherwise from ``z``.
        """
        if h is not None and self._slope_from_output is not None:
            return self._slope_from_output(h)
        return self._dphi(_float_array(z))

    def __repr__(self):
        return f"Elementwise({self.name!r})"


class Gated:
    r"""A gated linear unit: :math:`h = \phi(g) \odot v` for ``z = [g | v]``.

    Parameters
    ----------
    act : activations.Activation
        The gate's activation :math:`\phi`.
    name : str, optional
        The name to show, such as ``"swiglu"``; defaults to ``"glu:<act>"``.

    Attributes
    ----------
    width : int
        Columns of ``z`` per output unit: 2, the gate and the value.

    Examples
    --------
    >>> import numpy as np
    >>> from actlab import activations
    >>> layer = Gated(activations.get("relu"), name="reglu")
    >>> z = np.array([[-1.0, 2.0, 3.0, 4.0]])       # g = [-1, 2], v = [3, 4]
    >>> layer.forward(z)                             # relu(g) * v
    array([[0., 8.]])
    >>> layer.backward(z, dh=np.array([[1.0, 1.0]]))  # [dh v relu'(g) | dh relu(g)]
    array([[0., 4., 0., 2.]])
    """

    width = 2

    def __init__(self, act, name=None):
        self.act = act
        self.name = name or f"glu:{act.name}"
        self._phi = _formula(act.forward, act.params)
        self._dphi = _formula(act.derivative, act.params)

    @staticmethod
    def _halves(z):
        z = _float_array(z)
        units = z.shape[1] // 2
        return z[:, :units], z[:, units:]  # gate g, value v: (batch, units) each

    def forward(self, z):
        """Return ``phi(g) * v``, shape ``(batch, units)``, from ``z`` of shape ``(batch, 2 units)``."""
        g, v = self._halves(z)
        return self._phi(g) * v

    def backward(self, z, dh, h=None):
        """Return dL/dz, shape ``(batch, 2 units)``, from dL/dh, shape ``(batch, units)``.

        ``h`` is accepted for the same call as :meth:`Elementwise.backward` and not needed.
        """
        g, v = self._halves(z)
        dg = dh * v * self._dphi(g)
        dv = dh * self._phi(g)
        return np.concatenate([dg, dv], axis=1)

    def slope(self, z, h=None):
        """Return ``phi'(g)``, the derivative of the gate, shape ``(batch, units)``; ``h`` is not needed."""
        return self._dphi(self._halves(z)[0])

    def __repr__(self):
        return f"Gated({self.name!r})"


def names():
    """Return every name :func:`get` accepts: the activations, then the gated layers.

    Examples
    --------
    >>> names()[-5:]
    ['glu', 'bilinear', 'reglu', 'geglu', 'swiglu']
    """
    return activations.names() + list(GATES)


def get(spec):
    """Return the hidden-layer nonlinearity for a name or an activation.

    Parameters
    ----------
    spec : str or activations.Activation
        A name from :func:`actlab.activations.names` (an elementwise layer), a
        gated name from :data:`GATES`, or an ``Activation`` with its parameters
        already bound, such as ``activations.get("leaky_relu", alpha=0.2)``.

    Returns
    -------
    Elementwise or Gated

    Raises
    ------
    ValueError
        If ``spec`` is neither a known name nor an ``Activation``; the message
        lists the valid names.

    Examples
    --------
    >>> get("tanh"), get("swiglu")
    (Elementwise('tanh'), Gated('swiglu'))
    """
    if isinstance(spec, activations.Activation):
        return Elementwise(spec)
    if isinstance(spec, str) and spec in GATES:
        return Gated(activations.get(GATES[spec]), name=spec)
    try:
        return Elementwise(activations.get(spec))
    except KeyError:
        raise ValueError(f"unknown activation {spec!r}; expected one of: {', '.join(names())}.") from None
