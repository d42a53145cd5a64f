r"""Evaluate the course's formulas, as the pages print them in LaTeX, with NumPy.

The cheat sheet and the formula card print formulas that are LaTeX strings: the
registry's ``latex`` and ``grad_latex`` fields, and the card's own equations. A
formula that is only *typed* can say something the code does not do. So the
tests read each printed formula back, evaluate it with NumPy, and compare the
numbers with what :mod:`actlab` computes: a wrong sign, a missing factor or a
range that the function leaves all fail a test.

The subset of LaTeX understood here is what the course writes:

* numbers, single-letter symbols (``z``, ``x``, ``W``), Greek letters
  (``\alpha``, ``\beta``, ``\lambda``, ``\pi``, ``\infty``), subscripts
  (``z_i``, ``p_y``, ``n_{\text{in}}``) and primes (``\sigma'``);
* ``+ - / \cdot \times \odot``, products written side by side (``2z``,
  ``\beta z\,\sigma(z)``; two matrices side by side are a matrix product),
  powers ``z^3``, ``e^{-z}``, ``\tanh^2 z``;
* ``\frac`` / ``\tfrac`` / ``\dfrac``, ``\sqrt``, ``\left( \right)``, the
  cases environment with conditions ``z > 0`` / ``z \le 0``;
* functions, with or without parentheses: ``\exp \log \tanh \max \min``,
  ``\sigma`` (the logistic function), ``\Phi`` and ``\varphi`` (the standard
  normal CDF and density), ``\operatorname{erf}``, and any name given as a
  keyword (``\operatorname{softmax}``, ``\phi``, ``\phi'``);
* ``\sum_j`` and ``\max_j`` over the last axis, with ``z_j`` standing for the
  whole vector (results keep that axis, so ``e^{z_i} / \sum_j e^{z_j}``
  broadcasts);
* ``\frac{\partial L}{\partial z}``, read as the symbol ``dL/dz``;
* ``=`` between sides: :func:`sides` returns every side's value.

Examples
--------
>>> import numpy as np
>>> evaluate(r"\frac{1}{1 + e^{-z}}", z=np.array([0.0, 2.0])).round(4)
array([0.5   , 0.8808])
>>> [round(float(v), 12) for v in sides(r"\tanh z = 2\sigma(2z) - 1", z=0.5)]
[0.46211715726, 0.46211715726]
>>> evaluate(r"\begin{cases}1 & z > 0\\ \alpha & z \le 0\end{cases}", z=np.array([-1.0, 0.0, 2.0]), alpha=0.1)
array([0.1, 0.1, 1. ])
>>> evaluate(r"\frac{\partial L}{\partial a} \odot \phi'(z)", **{"dL/da": 2.0, "phi'": np.cos, "z": 0.0})
np.float64(2.0)
>>> evaluate("z + q", z=0.0)
Traceback (most recent call last):
...
actlab.reference.tex.FormulaError: in 'z + q': the symbol 'q' has no value; give it as a keyword, e.g. q=...
"""

import re
from dataclasses import dataclass

import numpy as np
from scipy.special import erf, expit, ndtr

__all__ = ["FormulaError", "evaluate", "sides", "matrix", "Interval", "parse_range"]


class FormulaError(ValueError):
    """A formula that cannot be read, or that names a symbol with no value."""


def _normal_pdf(z):
    return np.exp(-0.5 * np.square(z)) / np.sqrt(2.0 * np.pi)


#: Functions every formula may use, by their LaTeX name (``\tanh``) or operator name (``erf``).
FUNCTIONS = {
    "exp": np.exp,
    "log": np.log,
    "ln": np.log,
    "tanh": np.tanh,
    "sinh": np.sinh,
    "cosh": np.cosh,
    "erf": erf,
    "Phi": ndtr,
    "varphi": _normal_pdf,
    "sigma": expit,
}
#: Constants by their LaTeX name.
CONSTANTS = {"pi": np.pi, "infty": np.inf, "e": np.e}

# commands that only space or size things: dropped
_SPACING = {
    ",",
    ";",
    ":",
    "!",
    " ",
    "quad",
    "qquad",
    "left",
    "right",
    "displaystyle",
    "textstyle",
    "big",
    "Big",
    "bigl",
    "bigr",
}
# commands that join factors or compare them: they never start a factor
_OPERATORS = {"cdot", "times", "odot", "le", "leq", "ge", "geq", "lt", "gt", "ne", "neq", "end", "approx", "in"}
_FRACTIONS = {"frac", "tfrac", "dfrac"}
_NAMES = {"operatorname", "mathrm", "text", "mathbf", "boldsymbol", "mathit"}
_TOKEN = re.compile(r"\\\\|\\[A-Za-z]+|\\.|\d|\.|[A-Za-z]|\S", re.DOTALL)


@dataclass(frozen=True)
class _Token:
    kind: str  # "cmd", "digit", "letter", "rowsep", "sym"
    text: str


def _tokens(latex):
    out = []
    for raw in _TOKEN.findall(latex):
        if raw == "\\\\":
            out.append(_Token("rowsep", raw))
        elif raw.startswith("\\"):
            name = raw[1:]
            if name in _SPACING:
                continue
            out.append(_Token("cmd", name))
        elif raw.isdigit() or raw == ".":
            out.append(_Token("digit", raw))
        elif raw.isalpha():
            out.append(_Token("letter", raw))
        else:
            out.append(_Token("sym", raw))
    return out


class _Matrix:
    """A bound value that two-sided juxtaposition multiplies as a matrix (``x W``)."""

    def __init__(self, value):
        self.value = np.asarray(value)


def _plain(v):
    return v.value if isinstance(v, _Matrix) else v


def matrix(value):
    """Mark a value as a matrix, so that ``x W`` between two of them is a matrix product.

    Examples
    --------
    >>> evaluate("x W + b", x=matrix([[1.0, 2.0]]), W=matrix([[1.0], [1.0]]), b=0.5)
    array([[3.5]])
    """
    return _Matrix(value)


class _Parser:
    def __init__(self, latex, env):
        self.latex = latex
        self.tokens = _tokens(latex)
        self.pos = 0
        self.env = env

    # -- tokens
    def error(self, message):
        return FormulaError(f"in '{self.latex}': {message}")

    def peek(self, offset=0):
        i = self.pos + offset
        return self.tokens[i] if i < len(self.tokens) else None

    def take(self):
        token = self.peek()
        if token is None:
            raise self.error("the formula ends too early")
        self.pos += 1
        return token

    def at(self, kind, text=None):
        t = self.peek()
        return t is not None and t.kind == kind and (text is None or t.text == text)

    def expect(self, kind, text):
        t = self.take()
        if t.kind != kind or t.text != text:
            raise self.error(f"expected {text!r} but found {t.text!r}")

    # -- names
    def lookup(self, name, *, base=None):
        for key in (name, base):
            if key is None:
                continue
            if key in self.env:
                return self.env[key]
            if key in FUNCTIONS:
                return FUNCTIONS[key]
            if key in CONSTANTS:
                return CONSTANTS[key]
        raise self.error(f"the symbol {name!r} has no value; give it as a keyword, e.g. {name}=...")

    def raw_group(self):
        """The text of ``{...}`` (or of one token), with ``\\text{..}`` and friends unwrapped."""
        if not self.at("sym", "{"):
            return self.take().text
        self.take()
        parts, depth = [], 1
        while True:
            t = self.take()
            if t.kind == "sym" and t.text == "{":
                depth += 1
                continue
            if t.kind == "sym" and t.text == "}":
                depth -= 1
                if depth == 0:
                    return "".join(parts)
                continue
            if t.kind == "cmd" and t.text in _NAMES:
                continue
            parts.append(t.text)

    def suffixes(self, name):
        """Read a subscript and primes after a symbol: ``z_i`` -> 'z_i', ``\\sigma'`` -> "sigma'"."""
        base = name
        if self.at("sym", "_"):
            self.take()
            name = f"{name}_{self.raw_group()}"
        while self.at("sym", "'"):
            self.take()
            name += "'"
            base += "'"
        return name, base

    # -- grammar
    def equation(self):
        values = [self.expr()]
        while self.at("sym", "="):
            self.take()
            values.append(self.expr())
        if self.peek() is not None:
            raise self.error(f"unexpected {self.peek().text!r}")
        return values

    def expr(self):
        sign = 1.0
        if self.at("sym", "-") or self.at("sym", "+"):
            sign = -1.0 if self.take().text == "-" else 1.0
        value = self.term()
        value = -_plain(value) if sign < 0 else value
        while self.at("sym", "+") or self.at("sym", "-"):
            op = self.take().text
            rhs = _plain(self.term())
            value = _plain(value) + rhs if op == "+" else _plain(value) - rhs
        return value

    def starts_factor(self):
        t = self.peek()
        if t is None:
            return False
        if t.kind in ("digit", "letter"):
            return True
        if t.kind == "sym":
            return t.text in "({"
        return t.kind == "cmd" and t.text not in _OPERATORS

    def term(self):
        value = self.factor()
        while True:
            t = self.peek()
            if t is not None and t.kind == "cmd" and t.text in ("cdot", "times", "odot"):
                self.take()
                value = _plain(value) * _plain(self.factor())
            elif self.at("sym", "/"):
                self.take()
                value = _plain(value) / _plain(self.factor())
            elif self.starts_factor():
                rhs = self.factor()
                if isinstance(value, _Matrix) and isinstance(rhs, _Matrix):
                    value = value.value @ rhs.value  # (rows, k) @ (k, cols) -> (rows, cols)
                else:
                    value = _plain(value) * _plain(rhs)
            else:
                return value

    def factor(self):
        value = self.atom()
        if self.at("sym", "^"):
            self.take()
            value = _plain(value) ** _plain(self.group())
        return value

    def group(self):
        """A braced group, or a single token: the arguments of ``^``, ``\\frac12``, ``\\sqrt 2``."""
        if self.at("sym", "{"):
            self.take()
            value = self.expr()
            self.expect("sym", "}")
            return value
        t = self.peek()
        if t is not None and t.kind == "digit":
            self.take()
            return float(t.text)
        if t is not None and t.kind == "letter":
            self.take()
            return self.lookup(t.text)
        return self.atom()

    def number(self):
        text = ""
        while self.at("digit"):
            text += self.take().text
        try:
            return float(text)
        except ValueError:
            raise self.error(f"{text!r} is not a number") from None

    def arguments(self):
        if self.at("sym", "("):
            self.take()
            args = [self.expr()]
            while self.at("sym", ","):
                self.take()
                args.append(self.expr())
            self.expect("sym", ")")
            return [_plain(a) for a in args]
        return [_plain(self.factor())]

    def apply(self, name, fn):
        power = None
        if self.at("sym", "^"):
            self.take()
            power = self.group()
        try:
            value = fn(*self.arguments())
        except TypeError as err:
            raise self.error(f"{name} cannot take these arguments ({err})") from None
        if self.at("sym", "_"):  # softmax(z)_i: every component at once
            self.take()
            index = self.raw_group()
            if index not in ("i", "j"):
                raise self.error(f"a component _{index} of {name}(...) cannot be taken")
        return value if power is None else value**power

    def symbol(self, name):
        if name == "e" and self.at("sym", "^") and "e" not in self.env:
            self.take()
            return np.exp(_plain(self.group()))
        full, base = self.suffixes(name)
        subscript = full[len(name) + 1 :].rstrip("'") if full.startswith(name + "_") else ""
        value = self.lookup(full, base=base if subscript in ("i", "j") else None)
        if callable(value):
            return self.apply(full, value)
        return value

    def atom(self):
        t = self.peek()
        if t is None:
            raise self.error("the formula ends too early")
        if t.kind == "digit":
            return self.number()
        if t.kind == "letter":
            self.take()
            return self.symbol(t.text)
        if t.kind == "sym" and t.text in "({":
            close = ")" if t.text == "(" else "}"
            self.take()
            value = self.expr()
            self.expect("sym", close)
            return value
        if t.kind != "cmd":
            raise self.error(f"unexpected {t.text!r}")
        self.take()
        name = t.text
        if name in _FRACTIONS:
            return self.fraction()
        if name == "sqrt":
            return np.sqrt(_plain(self.group()))
        if name == "begin":
            return self.cases()
        if name in ("sum", "max", "min") and self.at("sym", "_"):
            return self.reduction(name)
        if name in ("max", "min"):
            fn = np.maximum if name == "max" else np.minimum
            args = self.arguments()
            return fn(*args) if len(args) == 2 else (np.max(args[0]) if name == "max" else np.min(args[0]))
        if name in _NAMES:
            name = self.raw_group()
        return self.symbol(name)

    def fraction(self):
        if self.at("sym", "{") and self.peek(1) is not None and self.peek(1).text == "partial":
            top, bottom = self.raw_group(), self.raw_group()
            return self.lookup(f"d{top.removeprefix('partial')}/d{bottom.removeprefix('partial')}")
        top = _plain(self.group())
        return top / _plain(self.group())

    def reduction(self, name):
        self.take()  # the '_'
        self.raw_group()  # the index: the reduction runs over the last axis
        body = _plain(self.term() if name == "sum" else self.factor())
        reduce = {"sum": np.sum, "max": np.max, "min": np.min}[name]
        return reduce(body, axis=-1, keepdims=True)

    def condition(self):
        if self.at("cmd", "text"):
            self.take()
            word = self.raw_group()
            if word.strip() != "otherwise":
                raise self.error(f"unknown condition \\text{{{word}}}")
            return True
        lhs = _plain(self.expr())
        t = self.take()
        rhs = _plain(self.expr())
        ops = {
            ">": np.greater,
            "<": np.less,
            "gt": np.greater,
            "lt": np.less,
            "ge": np.greater_equal,
            "geq": np.greater_equal,
            "le": np.less_equal,
            "leq": np.less_equal,
        }
        if t.text not in ops:
            raise self.error(f"unknown comparison {t.text!r}")
        return ops[t.text](lhs, rhs)

    def cases(self):
        env = self.raw_group()
        if env != "cases":
            raise self.error(f"only the cases environment is understood, not {env!r}")
        values, conditions = [], []
        while True:
            values.append(_plain(self.expr()))
            self.expect("sym", "&")
            conditions.append(self.condition())
            if self.at("rowsep"):
                self.take()
            if self.at("cmd", "end"):
                self.take()
                self.raw_group()
                break
        shape = np.broadcast_shapes(*(np.shape(v) for v in values + conditions))
        conditions = [np.broadcast_to(c, shape) for c in conditions]
        return np.select(conditions, [np.broadcast_to(v, shape) for v in values], default=np.nan)


def sides(latex, **env):
    """Evaluate every side of an equation ``a = b = c``.

    Parameters
    ----------
    latex : str
        The formula, e.g. ``r"\\sigma'(z) = \\sigma(z)(1 - \\sigma(z))"``.
    **env
        Values of its symbols: arrays, numbers, or functions (``phi=np.tanh``,
        ``**{"phi'": slope}``, ``**{"dL/da": g}``).

    Returns
    -------
    list
        One value per side, NumPy arrays or numbers.

    Raises
    ------
    FormulaError
        If the formula cannot be read or names a symbol with no value.
    """
    return [_plain(v) for v in _Parser(latex, env).equation()]


def evaluate(latex, **env):
    """Evaluate a formula with one side; see :func:`sides` for the parameters."""
    values = sides(latex, **env)
    if len(values) != 1:
        raise FormulaError(f"in '{latex}': expected one expression, found {len(values)} sides")
    return values[0]


@dataclass(frozen=True)
class Interval:
    """A range as the registry writes it, read back: its ends, whether each is included, how exact.

    ``values`` is set instead for a finite set such as ``\\{0, 1\\}``. ``tolerance``
    is how far the true end may lie from the printed one: half a unit in the last
    printed digit for an approximate range (``\\approx[-0.278, \\infty)``), and
    rounding error otherwise.
    """

    low: float
    high: float
    closed_low: bool
    closed_high: bool
    tolerance: float
    values: tuple = ()


def _split_top(text):
    depth, parts, current = 0, [], ""
    for ch in text:
        depth += ch in "({["
        depth -= ch in ")}]"
        if ch == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    return parts + [current]


def parse_range(latex, **env):
    r"""Read a range such as ``(0, 1)``, ``[0, \infty)``, ``(-\lambda\alpha, \infty)``, ``\{0, 1\}``.

    Examples
    --------
    >>> parse_range(r"(-\alpha, \infty)", alpha=1.0)
    Interval(low=-1.0, high=inf, closed_low=False, closed_high=False, tolerance=1e-09, values=())
    >>> parse_range(r"\approx[-0.278, \infty)").tolerance
    0.0005
    >>> parse_range(r"\{0, 1\}").values
    (0.0, 1.0)
    """
    text = latex.strip()
    approx = text.startswith(r"\approx")
    text = text.removeprefix(r"\approx").strip()
    if text.startswith(r"\{") and text.endswith(r"\}"):
        values = tuple(float(evaluate(p, **env)) for p in _split_top(text[2:-2]))
        return Interval(min(values), max(values), True, True, 1e-9, values)
    if len(text) < 2 or text[0] not in "([" or text[-1] not in ")]":
        raise FormulaError(f"{latex!r} is not a range such as (0, 1) or [0, \\infty)")
    ends = _split_top(text[1:-1])
    if len(ends) != 2:
        raise FormulaError(f"{latex!r} should have two ends separated by a comma")
    low, high = (float(evaluate(e, **env)) for e in ends)
    tolerance = 1e-9
    if approx:
        decimals = [len(m) for e in ends for m in re.findall(r"\d\.(\d+)", e)]
        tolerance = 0.5 * 10.0 ** -max(decimals, default=0)
    return Interval(low, high, text[0] == "[", text[-1] == "]", tolerance)
