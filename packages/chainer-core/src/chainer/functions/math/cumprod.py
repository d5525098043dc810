"""cumprod: the cumulative product along an axis.

The gradient is computed without dividing by the input, so it is correct
where the input has zeros. It uses two private linear nodes, each of which
has the other (or itself) as its gradient, so derivatives of any order work:

* :class:`Shift` moves the elements by one position along an axis.
* :class:`LinearScan` evaluates the first-order linear recurrence
  ``z[i] = a[i] + m[i] * z[i - 1]`` (or its reverse-direction adjoint).
"""

from __future__ import annotations

import chainer
from chainer.function_node import FunctionNode
from chainer.functions.math import _axes
from chainer.utils import type_check


def _non_negative_axis(axis):
    if isinstance(axis, bool) or not isinstance(axis, int) or axis < 0:
        raise ValueError(f"axis must be a non-negative int, not {axis!r}")
    return axis


def _index(axis, index):
    return (slice(None),) * axis + (index,)


class Shift(FunctionNode):
    """Moves the elements by ``offset`` (+1 or -1) positions along ``axis``.

    With ``offset == 1``: ``y[0] = fill`` and ``y[i] = x[i - 1]``; with
    ``offset == -1``: ``y[i] = x[i + 1]`` and ``y[-1] = fill``. The gradient
    is the shift the other way, filled with zeros.
    """

    def __init__(self, axis, offset, fill=0):
        if offset not in (1, -1):
            raise ValueError(f"Shift: offset must be 1 or -1, not {offset!r}")
        self.axis = _non_negative_axis(axis)
        self.offset = offset
        self.fill = fill

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("x",))
        type_check.expect(in_types.size() == 1, in_types[0].dtype.kind == "f")
        _axes.check_axes_in_range(in_types, (self.axis,))

    def forward(self, inputs):
        (x,) = inputs
        xp = chainer.backend.get_array_module(x)
        y = xp.full(x.shape, self.fill, dtype=x.dtype)
        head = _index(self.axis, slice(None, -1))
        tail = _index(self.axis, slice(1, None))
        if self.offset == 1:
            y[tail] = x[head]
        else:
            y[head] = x[tail]
        return (y,)

    def backward(self, indexes, grad_outputs):
        return Shift(self.axis, -self.offset).apply(grad_outputs)


class LinearScan(FunctionNode):
    """The linear recurrence of ``a`` with multipliers ``m`` along ``axis``.

    Forward direction (``reverse=False``): ``z[0] = a[0]`` and
    ``z[i] = a[i] + m[i] * z[i - 1]``. Reverse direction (``reverse=True``):
    ``z[n - 1] = a[n - 1]`` and ``z[i] = a[i] + m[i + 1] * z[i + 1]``. The two
    are each other's transpose in ``a``, which gives the gradient of ``a``;
    the gradient of ``m`` is that times the neighbouring ``z``.
    """

    def __init__(self, axis, reverse):
        self.axis = _non_negative_axis(axis)
        self.reverse = reverse

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("m", "a"))
        m_type, a_type = in_types
        type_check.expect(
            m_type.dtype.kind == "f",
            m_type.dtype == a_type.dtype,
            m_type.shape == a_type.shape,
        )
        _axes.check_axes_in_range(in_types, (self.axis,))

    def forward(self, inputs):
        self.retain_inputs((0,))
        self.retain_outputs((0,))
        m, a = inputs
        xp = chainer.backend.get_array_module(a)
        z = xp.empty(a.shape, dtype=a.dtype)
        n = a.shape[self.axis]
        order = range(n - 1, -1, -1) if self.reverse else range(n)
        previous = None
        for i in order:
            here = _index(self.axis, i)
            if previous is None:
                z[here] = a[here]
            else:
                factor = m[_index(self.axis, previous if self.reverse else i)]
                z[here] = a[here] + factor * z[_index(self.axis, previous)]
            previous = i
        return (z,)

    def backward(self, indexes, grad_outputs):
        (m,) = self.get_retained_inputs()
        (z,) = self.get_retained_outputs()
        w = LinearScan(self.axis, not self.reverse).apply((m, grad_outputs[0]))[0]
        ret = []
        for i in indexes:
            if i == 1:
                ret.append(w)
            elif self.reverse:
                ret.append(Shift(self.axis, 1).apply((w,))[0] * z)
            else:
                ret.append(w * Shift(self.axis, 1).apply((z,))[0])
        return tuple(ret)


class Cumprod(FunctionNode):
    """Cumulative product along ``axis``: ``y[i] = x[0] * ... * x[i]``.

    The gradient is ``gx[j] = L[j] * R[j]`` with the exclusive prefix
    product ``L[j] = y[j - 1]`` (1 for ``j == 0``) and
    ``R[j] = gy[j] + x[j + 1] * R[j + 1]`` (a reverse :class:`LinearScan`).
    """

    def __init__(self, axis):
        self.axis = _axes.single_axis_arg("cumprod", axis)
        if self.axis is None:
            raise TypeError("cumprod: Cumprod needs an int axis (flatten the input for None)")

    @property
    def label(self):
        return "cumprod"

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("x",))
        type_check.expect(in_types.size() == 1, in_types[0].dtype.kind == "f")
        _axes.check_axes_in_range(in_types, (self.axis,))

    def forward(self, inputs):
        self.retain_inputs((0,))
        self.retain_outputs((0,))
        (x,) = inputs
        (self._axis,) = _axes.resolve_axes("cumprod", (self.axis,), x.ndim)
        xp = chainer.backend.get_array_module(x)
        return (xp.cumprod(x, axis=self._axis),)

    def backward(self, indexes, grad_outputs):
        (x,) = self.get_retained_inputs()
        (y,) = self.get_retained_outputs()
        (gy,) = grad_outputs
        if x.size == 0:
            return (gy,)
        prefix = Shift(self._axis, 1, fill=1).apply((y,))[0]
        suffix = LinearScan(self._axis, reverse=True).apply((x, gy))[0]
        return (prefix * suffix,)


def cumprod(x, axis=None):
    """Cumulative product of the elements along ``axis``.

    The gradient is exact also where ``x`` has zeros (it never divides by
    ``x``); computing it takes one pass per element along ``axis``.

    Args:
        x (Variable or array): a floating-point input.
        axis (None or int): the axis of the products; None flattens ``x``
            first.

    Returns:
        Variable: the running products, of ``x``'s shape (1-D of length
        ``x.size`` when ``axis`` is None) and dtype.

    Raises:
        TypeError: if ``axis`` is neither None nor an int.
    """
    axis = _axes.single_axis_arg("cumprod", axis)
    if axis is None:
        x = chainer.functions.reshape(x, (x.size,))
        axis = 0
    return Cumprod(axis).apply((x,))[0]
