"""tree_lstm: the N-ary Tree-LSTM unit (one forget gate per child)."""

from __future__ import annotations

import chainer
from chainer.function_node import FunctionNode
from chainer.functions.rnn import _cell
from chainer.utils import type_check


def _block_shape(shape, n_children):
    """``(B, (3 + N) * U, ...)`` as ``(B, 3 + N, U, ...)``: gate ``k`` is ``[:, k]``."""
    n_gates = 3 + n_children
    return (shape[0], n_gates, shape[1] // n_gates) + tuple(shape[2:])


def _activations(xp, x, n_children):
    """Activated gates ``a, i, o, [f_1, ..., f_N]``, views of one new array."""
    r = x.reshape(_block_shape(x.shape, n_children))
    act = xp.empty(r.shape, dtype=x.dtype)
    xp.tanh(r[:, 0], out=act[:, 0])
    _cell.sigmoid(xp, r[:, 1:], out=act[:, 1:])
    return act[:, 0], act[:, 1], act[:, 2], [act[:, 3 + k] for k in range(n_children)]


class TreeLSTM(FunctionNode):
    """The Tree-LSTM unit: inputs ``(c_1, ..., c_N, x)``, outputs ``(c, h)``."""

    def check_type_forward(self, in_types):
        n_children = type_check.eval(in_types.size()) - 1
        names = tuple(f"c{k + 1}" for k in range(n_children)) + ("x",)
        type_check._argname(in_types, names)
        x_type = in_types[-1]
        type_check.expect(x_type.dtype.kind == "f", x_type.ndim >= 2)
        for c_type in in_types[:-1]:
            type_check.expect(
                c_type.dtype == x_type.dtype,
                c_type.ndim == x_type.ndim,
                c_type.shape[0] == x_type.shape[0],
                x_type.shape[1] == (3 + n_children) * c_type.shape[1],
            )
            for axis in range(2, type_check.eval(x_type.ndim)):
                type_check.expect(c_type.shape[axis] == x_type.shape[axis])

    def forward(self, inputs):
        self.retain_inputs(tuple(range(len(inputs))))
        cs, x = inputs[:-1], inputs[-1]
        xp = chainer.backend.get_array_module(x)
        a, i, o, fs = _activations(xp, x, len(cs))
        c = a * i
        for f, c_k in zip(fs, cs):
            c += f * c_k
        h = xp.tanh(c)
        h *= o
        self.retain_outputs((0,))
        return c, h

    def backward(self, indexes, grad_outputs):
        inputs = list(self.get_retained_inputs())
        (c,) = self.get_retained_outputs()
        gc, gh = grad_outputs
        n_children = len(inputs) - 1
        inputs += [c] + [g for g in (gc, gh) if g is not None]
        return TreeLSTMGrad(n_children, gc is not None, gh is not None).apply(inputs)


class TreeLSTMGrad(FunctionNode):
    """The gradient of :class:`TreeLSTM`: ``(c_1..c_N, x, c, [gc], [gh]) -> (gc_1..gc_N, gx)``.

    Its own backward is built from differentiable functions.
    """

    def __init__(self, n_children, has_gc, has_gh):
        self.n_children = n_children
        self.has_gc = has_gc
        self.has_gh = has_gh

    @property
    def label(self):
        return "TreeLSTMGrad"

    def _unpack(self, inputs):
        n = self.n_children
        cs, x, c = list(inputs[:n]), inputs[n], inputs[n + 1]
        rest = list(inputs[n + 2 :])
        gc = rest.pop(0) if self.has_gc else None
        gh = rest.pop(0) if self.has_gh else None
        return cs, x, c, gc, gh

    def forward(self, inputs):
        self.retain_inputs(tuple(range(len(inputs))))
        cs, x, c, gc, gh = self._unpack(inputs)
        xp = chainer.backend.get_array_module(x)
        a, i, o, fs = _activations(xp, x, len(cs))
        gcs, gas, gis, go, gfs = _cell.cell_grad(cs, [a], [i], o, fs, xp.tanh(c), gc, gh)
        gx = xp.empty(_block_shape(x.shape, len(cs)), dtype=x.dtype)
        for k, g in enumerate([gas[0], gis[0], go, *gfs]):
            gx[:, k] = g
        return (*gcs, gx.reshape(x.shape))

    def backward(self, indexes, grad_outputs):
        cs, x, c, gc, gh = self._unpack(self.get_retained_inputs())
        n = self.n_children
        ggcs, ggx = list(grad_outputs[:n]), grad_outputs[n]
        block = _block_shape(x.shape, n)

        def split(v):
            r = chainer.functions.reshape(v, block)
            return [chainer.functions.get_item(r, (slice(None), k)) for k in range(3 + n)]

        a, i, o, *fs = split(x)
        gga, ggi, ggo, *ggfs = split(ggx) if ggx is not None else [None] * (3 + n)
        r = _cell.cell_grad_grad(cs, [a], [i], o, fs, c, gc, gh, ggcs, [gga], [ggi], ggo, ggfs)
        gates = [r.as_[0], r.is_[0], r.o, *r.fs]
        present = next((g for g in gates if g is not None), None)
        g_x = None
        if present is not None:
            gates = [_cell.or_zeros(g, present) for g in gates]
            g_x = chainer.functions.reshape(chainer.functions.stack(gates, axis=1), x.shape)
        ret = [*r.cs, g_x, r.c]
        if self.has_gc:
            ret.append(r.gc)
        if self.has_gh:
            ret.append(r.gh)
        return tuple(ret)


def tree_lstm(*inputs):
    """N-ary Tree-LSTM unit, as an activation function.

    The inputs are the cell states ``c_1, ..., c_N`` of a node's ``N`` children
    and the gate pre-activations ``x``. ``x`` is cut along its second axis into
    ``3 + N`` consecutive blocks of ``U`` elements each: the cell input ``a``,
    the input gate ``i``, the output gate ``o``, then one forget gate ``f_k``
    per child (``a = x[:, :U]``, ``i = x[:, U:2U]``, ``o = x[:, 2U:3U]``,
    ``f_k = x[:, (2 + k)U:(3 + k)U]``). Then::

        c = tanh(a) * sigmoid(i) + sum_k sigmoid(f_k) * c_k
        h = sigmoid(o) * tanh(c)

    (the N-ary Tree-LSTM of Tai, Socher and Manning 2015, with one forget gate
    per child as in Bowman et al. 2016).

    Args:
        *inputs (Variable or array): ``c_1, ..., c_N, x``: ``N >= 1`` cell
            states of shape ``(B, U, ...)`` and ``x`` of shape
            ``(B, (3 + N) * U, ...)``, all of one floating-point dtype.

    Returns:
        tuple: ``(c, h)``: the new cell state and the output, both of shape
        ``(B, U, ...)`` and of the inputs' dtype.
    """
    if len(inputs) < 2:
        raise TypeError(
            "tree_lstm: expected at least two inputs (one or more cell states, then x), "
            f"got {len(inputs)}"
        )
    return TreeLSTM().apply(inputs)
