"""slstm: the S-LSTM unit (an LSTM over the two children of a binary tree node)."""

from __future__ import annotations

import chainer
from chainer.function_node import FunctionNode
from chainer.functions.rnn import _cell
from chainer.functions.rnn.lstm import _gate_shape, _gate_view, merge_gates, split_gates
from chainer.utils import type_check


def _activations(xp, x1, x2):
    """Activated gates ``[a1, a2], [i1, i2], o, [f1, f2]`` of the interleaved ``x1``, ``x2``."""
    r1 = _gate_view(x1)
    r2 = _gate_view(x2)
    acts = []
    for r in (r1, r2):
        act = xp.empty(r.shape, dtype=r.dtype)
        xp.tanh(r[:, :, 0], out=act[:, :, 0])
        _cell.sigmoid(xp, r[:, :, 1:3], out=act[:, :, 1:3])
        acts.append(act)
    o = _cell.sigmoid(xp, r1[:, :, 3] + r2[:, :, 3])
    return (
        [acts[0][:, :, 0], acts[1][:, :, 0]],
        [acts[0][:, :, 1], acts[1][:, :, 1]],
        o,
        [acts[0][:, :, 2], acts[1][:, :, 2]],
    )


class SLSTM(FunctionNode):
    """The S-LSTM unit: inputs ``(c_prev1, c_prev2, x1, x2)``, outputs ``(c, h)``."""

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("c_prev1", "c_prev2", "x1", "x2"))
        c1_type, c2_type, x1_type, x2_type = in_types
        type_check.expect(
            c1_type.dtype.kind == "f",
            c2_type.dtype == c1_type.dtype,
            x1_type.dtype == c1_type.dtype,
            x2_type.dtype == c1_type.dtype,
            c1_type.ndim >= 2,
            c2_type.ndim == c1_type.ndim,
            x1_type.ndim == c1_type.ndim,
            x2_type.ndim == c1_type.ndim,
            c2_type.shape[0] == c1_type.shape[0],
            x1_type.shape[0] == c1_type.shape[0],
            x2_type.shape[0] == c1_type.shape[0],
            c2_type.shape[1] == c1_type.shape[1],
            x1_type.shape[1] == 4 * c1_type.shape[1],
            x2_type.shape[1] == 4 * c1_type.shape[1],
        )
        for axis in range(2, type_check.eval(c1_type.ndim)):
            type_check.expect(
                c2_type.shape[axis] == c1_type.shape[axis],
                x1_type.shape[axis] == c1_type.shape[axis],
                x2_type.shape[axis] == c1_type.shape[axis],
            )

    def forward(self, inputs):
        self.retain_inputs((0, 1, 2, 3))
        c1, c2, x1, x2 = inputs
        xp = chainer.backend.get_array_module(x1)
        as_, is_, o, fs = _activations(xp, x1, x2)
        c = as_[0] * is_[0]
        c += as_[1] * is_[1]
        c += fs[0] * c1
        c += fs[1] * c2
        h = xp.tanh(c)
        h *= o
        self.retain_outputs((0,))
        return c, h

    def backward(self, indexes, grad_outputs):
        c1, c2, x1, x2 = self.get_retained_inputs()
        (c,) = self.get_retained_outputs()
        gc, gh = grad_outputs
        inputs = [c1, c2, x1, x2, c] + [g for g in (gc, gh) if g is not None]
        return SLSTMGrad(gc is not None, gh is not None).apply(inputs)


class SLSTMGrad(FunctionNode):
    """The gradient of :class:`SLSTM`: ``(c1, c2, x1, x2, c, [gc], [gh]) -> (gc1, gc2, gx1, gx2)``.

    Its own backward is built from differentiable functions.
    """

    def __init__(self, has_gc, has_gh):
        self.has_gc = has_gc
        self.has_gh = has_gh

    @property
    def label(self):
        return "SLSTMGrad"

    def _unpack(self, inputs):
        rest = list(inputs[5:])
        gc = rest.pop(0) if self.has_gc else None
        gh = rest.pop(0) if self.has_gh else None
        return (*inputs[:5], gc, gh)

    def forward(self, inputs):
        self.retain_inputs(tuple(range(len(inputs))))
        c1, c2, x1, x2, c, gc, gh = self._unpack(inputs)
        xp = chainer.backend.get_array_module(x1)
        as_, is_, o, fs = _activations(xp, x1, x2)
        gcs, gas, gis, go, gfs = _cell.cell_grad([c1, c2], as_, is_, o, fs, xp.tanh(c), gc, gh)
        gxs = []
        for ga, gi, gf in zip(gas, gis, gfs):
            gx = xp.empty(_gate_shape(x1.shape), dtype=x1.dtype)
            gx[:, :, 0] = ga
            gx[:, :, 1] = gi
            gx[:, :, 2] = gf
            gx[:, :, 3] = go
            gxs.append(gx.reshape(x1.shape))
        return gcs[0], gcs[1], gxs[0], gxs[1]

    def backward(self, indexes, grad_outputs):
        c1, c2, x1, x2, c, gc, gh = self._unpack(self.get_retained_inputs())
        ggc1, ggc2, ggx1, ggx2 = grad_outputs
        a1, i1, f1, o1 = split_gates(x1)
        a2, i2, f2, o2 = split_gates(x2)
        gg1 = split_gates(ggx1) if ggx1 is not None else (None,) * 4
        gg2 = split_gates(ggx2) if ggx2 is not None else (None,) * 4
        # The output gate is the sum of the two inputs' o: one gradient serves both.
        ggo = _cell._add(gg1[3], gg2[3])
        r = _cell.cell_grad_grad(
            [c1, c2],
            [a1, a2],
            [i1, i2],
            o1 + o2,
            [f1, f2],
            c,
            gc,
            gh,
            [ggc1, ggc2],
            [gg1[0], gg2[0]],
            [gg1[1], gg2[1]],
            ggo,
            [gg1[2], gg2[2]],
        )
        ret = [
            r.cs[0],
            r.cs[1],
            merge_gates(r.as_[0], r.is_[0], r.fs[0], r.o, x1),
            merge_gates(r.as_[1], r.is_[1], r.fs[1], r.o, x2),
            r.c,
        ]
        if self.has_gc:
            ret.append(r.gc)
        if self.has_gh:
            ret.append(r.gh)
        return tuple(ret)


def slstm(c_prev1, c_prev2, x1, x2):
    """S-LSTM unit: an LSTM over the two children of a binary tree node.

    ``x1`` and ``x2`` hold the gate pre-activations coming from the first and
    the second child, each interleaved like :func:`~chainer.functions.lstm`'s
    input: element ``4 * u + k`` belongs to unit ``u`` of gate ``k``, with
    ``k = 0, 1, 2, 3`` for ``a, i, f, o`` (so ``a_1 = x1[:, 0::4]`` and so on).
    Then::

        c = tanh(a_1) * sigmoid(i_1) + tanh(a_2) * sigmoid(i_2)
            + sigmoid(f_1) * c_prev1 + sigmoid(f_2) * c_prev2
        h = sigmoid(o_1 + o_2) * tanh(c)

    (This is what Chainer v7 computes; its docstring wrote the first term as
    ``tanh(a_1 + a_2) * sigmoid(i_1 + i_2)``, which its code never did.)

    (Zhu, Sobhani and Guo 2015, "Long Short-Term Memory Over Tree Structures",
    arXiv:1503.04881).

    Args:
        c_prev1 (Variable or array): the first child's cell state, shape
            ``(B, U, ...)``, floating point.
        c_prev2 (Variable or array): the second child's cell state, of
            ``c_prev1``'s shape and dtype.
        x1 (Variable or array): the gate pre-activations from the first child,
            shape ``(B, 4 * U, ...)``, of ``c_prev1``'s dtype.
        x2 (Variable or array): the same from the second child.

    Returns:
        tuple: ``(c, h)``: the new cell state and the output, both of
        ``c_prev1``'s shape and dtype.
    """
    return SLSTM().apply((c_prev1, c_prev2, x1, x2))
