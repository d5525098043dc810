"""linear: ``y = x W^T + b``, with its data and weight gradients as separate nodes.

The three matrix products (forward, data gradient, weight gradient) are each
their own FunctionNode class, so that a backend can register a kernel for
each one separately (see :mod:`chainer._kernels`). Each node's backward is
built from the other two, so derivatives of any order work.
"""

from __future__ import annotations

import numpy

import chainer
from chainer.function_node import FunctionNode
from chainer.utils import type_check


def _dot(a, b, dtype):
    """``a @ b`` cast to ``dtype``; float16 operands are multiplied in float32.

    NumPy has no BLAS for float16 (its loop is more than ten times slower) and
    accumulating long sums in float16 loses accuracy, so half-precision
    products go through float32 on every backend.
    """
    xp = chainer.backend.get_array_module(a)
    if a.dtype == numpy.float16 or b.dtype == numpy.float16:
        work = numpy.promote_types(numpy.promote_types(a.dtype, b.dtype), numpy.float32)
        a = a.astype(work, copy=False)
        b = b.astype(work, copy=False)
    return xp.matmul(a, b).astype(dtype, copy=False)


def _forward_product(x, W, dtype):
    """``x @ W.T`` for ``x`` (N, I) and ``W`` (O, I), as a C-contiguous array.

    When the batch is much smaller than the layer (``8 N < min(I, O)``: RNN
    steps, fully connected layers at small batch), ``(W @ x.T).T`` is the same
    product with the long dimension first, which OpenBLAS runs about 1.5x
    faster on one thread (e.g. 20x650 by 650x2600: 0.9 ms instead of 1.4 ms;
    16x9216 by 9216x4096: 26 ms instead of 40 ms). The transposed result is
    copied back to C order, which costs little next to the product.
    """
    n, i = x.shape
    if 8 * n < min(i, W.shape[0]):
        xp = chainer.backend.get_array_module(x)
        return xp.ascontiguousarray(_dot(W, x.T, dtype).T)
    return _dot(x, W.T, dtype)


class LinearFunction(FunctionNode):
    """``y = x @ W.T (+ b)`` for ``x`` of shape ``(N, I)`` and ``W`` of shape ``(O, I)``."""

    @property
    def label(self):
        return "LinearFunction"

    def check_type_forward(self, in_types):
        n_in = type_check.eval(in_types.size())
        if n_in not in (2, 3):
            raise type_check.InvalidType("in_types.size in {2, 3}", f"in_types.size == {n_in}")
        type_check._argname(in_types, ("x", "W", "b")[:n_in])
        x_type, w_type = in_types[:2]
        type_check.expect(
            x_type.dtype.kind == "f",
            w_type.dtype.kind == "f",
            x_type.ndim == 2,
            w_type.ndim == 2,
            x_type.shape[1] == w_type.shape[1],
        )
        if n_in == 3:
            b_type = in_types[2]
            type_check.expect(
                b_type.dtype == x_type.dtype,
                b_type.ndim == 1,
                b_type.shape[0] == w_type.shape[0],
            )

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        x, W = inputs[:2]
        y = _forward_product(x, W, x.dtype)
        if len(inputs) == 3:
            y += inputs[2]
        return (y,)

    def backward(self, indexes, grad_outputs):
        x, W = self.get_retained_inputs()
        (gy,) = grad_outputs
        ret = []
        for i in indexes:
            if i == 0:
                ret.append(LinearGradData(x.dtype).apply((W, gy))[0])
            elif i == 1:
                ret.append(LinearGradWeight(W.dtype).apply((x, gy))[0])
            else:
                ret.append(chainer.functions.sum(gy, axis=0))
        return tuple(ret)


class LinearGradData(FunctionNode):
    """The data gradient of :class:`LinearFunction`: ``gx = gy @ W``."""

    def __init__(self, x_dtype):
        self.x_dtype = numpy.dtype(x_dtype)

    @property
    def label(self):
        return "LinearGradData"

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        W, gy = inputs
        return (_dot(gy, W, self.x_dtype),)

    def backward(self, indexes, grad_outputs):
        W, gy = self.get_retained_inputs()
        (ggx,) = grad_outputs
        ret = []
        for i in indexes:
            if i == 0:
                # gx = gy W, so d<ggx, gx>/dW = gy^T ggx.
                ret.append(LinearGradWeight(W.dtype).apply((ggx, gy))[0])
            else:
                # d<ggx, gx>/dgy = ggx W^T.
                ret.append(LinearFunction().apply((ggx, W))[0])
        return tuple(ret)


class LinearGradWeight(FunctionNode):
    """The weight gradient of :class:`LinearFunction`: ``gW = gy.T @ x``."""

    def __init__(self, w_dtype):
        self.w_dtype = numpy.dtype(w_dtype)

    @property
    def label(self):
        return "LinearGradWeight"

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        x, gy = inputs
        return (_dot(gy.T, x, self.w_dtype),)

    def backward(self, indexes, grad_outputs):
        x, gy = self.get_retained_inputs()
        (ggW,) = grad_outputs
        ret = []
        for i in indexes:
            if i == 0:
                # gW = gy^T x, so d<ggW, gW>/dx = gy ggW.
                ret.append(LinearGradData(x.dtype).apply((ggW, gy))[0])
            else:
                # d<ggW, gW>/dgy = x ggW^T.
                ret.append(LinearFunction().apply((x, ggW))[0])
        return tuple(ret)


def linear(x, W, b=None, n_batch_axes=1):
    """Fully connected layer: ``y = x W^T + b``.

    The first ``n_batch_axes`` axes of ``x`` are batch axes; the remaining
    axes are flattened into one feature axis of size ``I``.

    Args:
        x (Variable or array): a floating-point input of shape
            ``(s_1, ..., s_n, ...)`` whose non-batch axes hold ``I`` elements
            in all.
        W (Variable or array): the weight matrix of shape ``(O, I)``, of a
            floating-point dtype.
        b (Variable or array): an optional bias of shape ``(O,)`` and the
            dtype of ``x``.
        n_batch_axes (int): how many leading axes of ``x`` are batch axes
            (at least 1 and less than ``x.ndim``).

    Returns:
        Variable: shape ``(s_1, ..., s_n, O)`` and the dtype of ``x``.
    """
    if isinstance(n_batch_axes, bool) or not isinstance(n_batch_axes, (int, numpy.integer)):
        raise TypeError(f"linear: n_batch_axes must be an int, not {n_batch_axes!r}")
    if n_batch_axes <= 0:
        raise ValueError(f"linear: n_batch_axes must be at least 1, got {n_batch_axes}")
    x = chainer.as_variable(x)
    if n_batch_axes >= x.ndim:
        raise ValueError(
            f"linear: n_batch_axes ({n_batch_axes}) must be less than x.ndim "
            f"(x.shape == {x.shape}), so that x keeps a feature axis"
        )
    batch_shape = x.shape[:n_batch_axes]
    if x.ndim != 2:
        batch_size = int(numpy.prod(batch_shape, dtype=numpy.int64))
        features = int(numpy.prod(x.shape[n_batch_axes:], dtype=numpy.int64))
        x = chainer.functions.reshape(x, (batch_size, features))
    args = (x, W) if b is None else (x, W, b)
    (y,) = LinearFunction().apply(args)
    if n_batch_axes > 1:
        y = chainer.functions.reshape(y, batch_shape + (y.shape[1],))
    return y
