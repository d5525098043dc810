"""rrelu: randomized leaky ReLU."""

from __future__ import annotations

import chainer
from chainer import _array_types
from chainer.configuration import config
from chainer.function_node import FunctionNode
from chainer.functions.activation._checks import check_float_input, real
from chainer.functions.activation._masks import scale_where
from chainer.variable import Variable


def _check_bound(name, value):
    real("rrelu", name, value)
    if not 0.0 <= value < 1.0:
        raise ValueError(f"rrelu: {name} must be in [0, 1), but {value} was given")
    return value


def _check_r(r, x):
    if not isinstance(r, _array_types.ARRAY_TYPES):
        raise TypeError(f"rrelu: r must be an array (or None), not {type(r).__name__}")
    if type(r) is not type(x):
        raise TypeError(
            f"rrelu: r is a {type(r).__module__}.{type(r).__name__} but x is a "
            f"{type(x).__module__}.{type(x).__name__}; move r to x's device"
        )
    if r.shape != x.shape:
        raise ValueError(f"rrelu: r must have x's shape {x.shape}, not {r.shape}")
    if r.dtype != x.dtype:
        raise TypeError(f"rrelu: r must have x's dtype {x.dtype}, not {r.dtype}")


class RReLU(FunctionNode):
    """``x`` for ``x >= 0`` and ``r * x`` below, with slopes ``r`` drawn from ``U(l, u)``.

    In training mode (``chainer.config.train``) ``r`` is drawn per element
    unless given; otherwise every slope is ``(l + u) / 2``.

    Args:
        lower (float): ``l``, the lower bound of the slopes, in [0, 1).
        upper (float): ``u``, the upper bound of the slopes, in (l, 1).
        r (array or None): the slopes to use in training mode.

    Attributes:
        r (array): the slopes used by the last forward pass.
    """

    def __init__(self, lower=1.0 / 8, upper=1.0 / 3, r=None):
        self.lower = _check_bound("l", lower)
        self.upper = _check_bound("u", upper)
        if not lower < upper:
            raise ValueError(f"rrelu: u must be larger than l, but l={lower} and u={upper}")
        if isinstance(r, Variable):
            r = r.array
        if r is not None and not isinstance(r, _array_types.ARRAY_TYPES):
            raise TypeError(f"rrelu: r must be an array (or None), not {type(r).__name__}")
        self.r = r

    def check_type_forward(self, in_types):
        check_float_input(in_types)

    def forward(self, inputs):
        (x,) = inputs
        self.retain_inputs((0,))
        xp = chainer.backend.get_array_module(x)
        if not config.train:
            self.r = xp.full(x.shape, (self.lower + self.upper) / 2, dtype=x.dtype)
        elif self.r is None:
            r = xp.random.uniform(self.lower, self.upper, x.shape)
            self.r = r.astype(x.dtype, copy=False)
        else:
            _check_r(self.r, x)
        return (scale_where(x < 0, x, self.r),)

    def backward(self, indexes, grad_outputs):
        (x,) = self.get_retained_inputs()
        return RReLUGrad(x.array < 0, self.r).apply(grad_outputs)


class RReLUGrad(FunctionNode):
    """``r * gy`` where ``x < 0``, ``gy`` elsewhere; its gradient is itself.

    Args:
        negative (bool array): where ``x < 0``.
        r (array): the slopes.
    """

    def __init__(self, negative, r):
        self.negative = negative
        self.r = r

    def forward(self, inputs):
        (gy,) = inputs
        return (scale_where(self.negative, gy, self.r),)

    def backward(self, indexes, grad_outputs):
        return RReLUGrad(self.negative, self.r).apply(grad_outputs)


def rrelu(x, l=1.0 / 8, u=1.0 / 3, **kwargs):  # noqa: E741 - Chainer's parameter name
    """Randomized leaky ReLU: ``x`` if ``x >= 0``, else ``r * x``.

    In training mode (``chainer.config.train``) each element gets its own
    slope ``r`` drawn uniformly from ``[l, u)`` by the global generator of
    ``x``'s array module (``numpy.random`` or ``cupy.random``), unless ``r``
    is given. Outside training every slope is ``(l + u) / 2`` (a given ``r``
    is ignored).

    Args:
        x (Variable or array): a floating-point input of any shape.
        l (float): the lower bound of the slopes, in [0, 1).
        u (float): the upper bound of the slopes, in [0, 1) and larger than ``l``.
        r (array, keyword only): the slopes to use in training mode, of ``x``'s
            shape, dtype and device; ``l`` and ``u`` then only set the
            test-mode slope.
        return_r (bool, keyword only): also return the slopes used.

    Returns:
        Variable or tuple: the output, same shape and dtype as ``x``; with
        ``return_r=True``, ``(output, r)`` where ``r`` is the array of slopes.

    Raises:
        TypeError: for an unknown keyword, a non-number ``l`` or ``u``, or an
            ``r`` that is not an array of ``x``'s dtype and device.
        ValueError: for ``l`` or ``u`` outside [0, 1), ``u <= l``, an ``r`` of
            another shape, or the removed ``train=`` argument.
    """
    if "train" in kwargs:
        raise ValueError(
            "rrelu: the train argument is not supported anymore; "
            "use chainer.using_config('train', False) instead"
        )
    unknown = sorted(set(kwargs) - {"r", "return_r"})
    if unknown:
        raise TypeError(
            f"rrelu() got unexpected keyword argument(s) {', '.join(unknown)}; "
            "accepted: r, return_r"
        )
    func = RReLU(l, u, kwargs.get("r"))
    out = func.apply((x,))[0]
    if kwargs.get("return_r", False):
        return out, func.r
    return out
