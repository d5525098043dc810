"""normalize: L2 normalization along axes."""

from __future__ import annotations

import chainer
from chainer.function_node import FunctionNode
from chainer.functions.normalization import _common
from chainer.utils import type_check


class NormalizeL2(FunctionNode):
    """``y = x / (||x||_2 + eps)``, the norm taken over ``axis``.

    Args:
        eps (float): added to the norm.
        axis (int or tuple of ints): the axes of the norm.
    """

    def __init__(self, eps=1e-5, axis=1):
        self.eps = _common.real("normalize", "eps", eps)
        if axis is None:
            raise TypeError("normalize: axis must be an int or a tuple of ints, not None")
        self._axis_arg = _common.axis_arg("normalize", axis)
        self.axis = None

    @property
    def label(self):
        return "NormalizeL2"

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("x",))
        type_check.expect(in_types[0].dtype.kind == "f")
        _common.check_axes_type(self._axis_arg, type_check.eval(in_types[0].ndim))

    def forward(self, inputs):
        self.retain_inputs((0,))
        (x,) = inputs
        xp = chainer.backend.get_array_module(x)
        self.axis = _common.resolve_axes("normalize", self._axis_arg, x.ndim)
        dtype = _common.compute_dtype(x.dtype)
        xc = x.astype(dtype, copy=False)
        norm = xp.sqrt(xp.square(xc).sum(axis=self.axis, keepdims=True))
        norm += dtype.type(self.eps)
        return (xp.divide(xc, norm).astype(x.dtype, copy=False),)

    def backward(self, indexes, grad_outputs):
        F = chainer.functions
        (x,) = self.get_retained_inputs()
        (gy,) = grad_outputs
        dtype = _common.compute_dtype(x.dtype)
        x_ = _common.cast(x, dtype)
        gy_ = _common.cast(gy, dtype)
        squares = F.sum(x_ * x_, axis=self.axis, keepdims=True)
        # The norm's own gradient is undefined at zero vectors, where x = 0 makes
        # the second term vanish; a safe norm keeps NaN out of double backprop.
        nonzero = squares.array > 0
        safe_norm = F.sqrt(F.where(nonzero, squares, 1.0))
        norm = F.where(nonzero, safe_norm, 0.0) + self.eps
        x_gy = F.sum(x_ * gy_, axis=self.axis, keepdims=True)
        gx = gy_ / norm - x_ * (x_gy / (safe_norm * norm * norm))
        return (_common.cast(gx, x.dtype),)


def normalize(x, eps=1e-5, axis=1):
    """L2 normalization: ``y = x / (||x||_2 + eps)``, the norm taken along ``axis``.

    Args:
        x (Variable or array): the input, floating point.
        eps (float): added to the norm, which keeps zero vectors finite.
        axis (int or tuple of ints): the axes of each norm (negative values
            count from the end).

    Returns:
        Variable: the output, of ``x``'s shape and dtype (float16 inputs are
        computed in float32).
    """
    return NormalizeL2(eps, axis).apply((x,))[0]
