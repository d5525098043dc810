"""lstm: the long short-term memory unit as an activation function."""

from __future__ import annotations

import chainer
from chainer.function_node import FunctionNode
from chainer.functions.rnn import _cell
from chainer.utils import type_check


def _gate_shape(shape):
    """``(B, 4 * U, ...)`` as ``(B, U, 4, ...)``, where gate ``k`` is ``[:, :, k]``."""
    return (shape[0], shape[1] // 4, 4) + tuple(shape[2:])


def _gate_view(x):
    return x.reshape(_gate_shape(x.shape))


def activations(xp, x):
    """The activated gates ``tanh(a), sigmoid(i), sigmoid(f), sigmoid(o)`` of ``x``.

    The gates of ``x`` are interleaved along its second axis: element ``4 * u + k``
    belongs to unit ``u`` of gate ``k`` (``a, i, f, o`` for ``k = 0, 1, 2, 3``).
    The four results are views of one new array.
    """
    act = _activated(xp, x)
    return act[:, :, 0], act[:, :, 1], act[:, :, 2], act[:, :, 3]


def _activated(xp, x):
    """The activated gates as one new ``(B, U, 4, ...)`` array (see :func:`activations`).

    ``sigmoid(v) = tanh(v / 2) / 2 + 1 / 2``: one ``tanh`` over the whole
    contiguous array serves all four gates; only gate ``a`` (every fourth
    element) is handled apart, which is much faster than passes over the
    three-in-four-elements view of the sigmoid gates.
    """
    r = _gate_view(x)
    half = x.dtype.type(0.5)
    act = xp.multiply(r, half)
    act[:, :, 0] = r[:, :, 0]
    xp.tanh(act, out=act)
    tanh_a = act[:, :, 0].copy()
    act *= half
    act += half
    act[:, :, 0] = tanh_a
    return act


def split_gates(x):
    """The four gate pre-activations of the Variable ``x`` as Variables ``a, i, f, o``."""
    r = chainer.functions.reshape(x, _gate_shape(x.shape))
    return [chainer.functions.get_item(r, (slice(None), slice(None), k)) for k in range(4)]


def merge_gates(ga, gi, gf, go, like):
    """The inverse of :func:`split_gates` (None entries are zeros; all None gives None)."""
    gates = [ga, gi, gf, go]
    present = next((g for g in gates if g is not None), None)
    if present is None:
        return None
    gates = [_cell.or_zeros(g, present) for g in gates]
    return chainer.functions.reshape(chainer.functions.stack(gates, axis=2), like.shape)


class LSTM(FunctionNode):
    """The LSTM unit: inputs ``(c_prev, x)``, outputs ``(c, h)``.

    When ``x`` has fewer rows than ``c_prev``, only the first ``len(x)`` rows of
    the cell state are updated; the other rows of ``c`` are those of ``c_prev``.
    """

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("c_prev", "x"))
        c_type, x_type = in_types
        type_check.expect(
            c_type.dtype.kind == "f",
            x_type.dtype == c_type.dtype,
            c_type.ndim >= 2,
            x_type.ndim == c_type.ndim,
            x_type.shape[0] <= c_type.shape[0],
            x_type.shape[1] == 4 * c_type.shape[1],
        )
        for axis in range(2, type_check.eval(c_type.ndim)):
            type_check.expect(x_type.shape[axis] == c_type.shape[axis])

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        c_prev, x = inputs
        xp = chainer.backend.get_array_module(x)
        a, i, f, o = activations(xp, x)
        batch = x.shape[0]
        c_next = xp.empty(c_prev.shape, dtype=c_prev.dtype)
        c = c_next[:batch]
        xp.multiply(a, i, out=c)
        c += f * c_prev[:batch]
        h = xp.tanh(c)
        h *= o
        if batch < c_prev.shape[0]:
            c_next[batch:] = c_prev[batch:]
        self.retain_outputs((0,))
        return c_next, h

    def backward(self, indexes, grad_outputs):
        c_prev, x = self.get_retained_inputs()
        (c,) = self.get_retained_outputs()
        gc, gh = grad_outputs
        inputs = [c_prev, x, c] + [g for g in (gc, gh) if g is not None]
        return LSTMGrad(gc is not None, gh is not None).apply(inputs)


class LSTMGrad(FunctionNode):
    """The gradient of :class:`LSTM`: ``(c_prev, x, c, [gc], [gh]) -> (gc_prev, gx)``.

    ``gc`` and ``gh`` are inputs only where the LSTM output got a gradient
    (``has_gc`` / ``has_gh``). Its own backward is built from differentiable
    functions, so derivatives of any order work.
    """

    def __init__(self, has_gc, has_gh):
        self.has_gc = has_gc
        self.has_gh = has_gh

    @property
    def label(self):
        return "LSTMGrad"

    def _unpack(self, inputs):
        c_prev, x, c = inputs[:3]
        rest = list(inputs[3:])
        gc = rest.pop(0) if self.has_gc else None
        gh = rest.pop(0) if self.has_gh else None
        return c_prev, x, c, gc, gh

    def forward(self, inputs):
        self.retain_inputs(tuple(range(len(inputs))))
        c_prev, x, c, gc, gh = self._unpack(inputs)
        xp = chainer.backend.get_array_module(x)
        batch = x.shape[0]
        act = _activated(xp, x)
        a, i, f, o = act[:, :, 0], act[:, :, 1], act[:, :, 2], act[:, :, 3]
        co = xp.tanh(c[:batch])
        # gct: the gradient that reaches c, through h = o * tanh(c) and gc.
        if gh is not None:
            gct = co * co
            gct -= 1
            gct *= o
            gct *= -gh
            if gc is not None:
                gct += gc[:batch]
        else:
            gct = gc[:batch]
        # gx = m * d gate by gate, with d the derivative of each activation
        # (1 - tanh^2 for a, s * (1 - s) for the sigmoids) and m what multiplies
        # the activated gate in c or h, times the gradient there.
        d = 1 - act
        d *= act
        xp.multiply(a, a, out=d[:, :, 0])
        xp.subtract(1, d[:, :, 0], out=d[:, :, 0])
        gx = xp.empty(act.shape, dtype=x.dtype)
        xp.multiply(i, gct, out=gx[:, :, 0])
        xp.multiply(a, gct, out=gx[:, :, 1])
        xp.multiply(c_prev[:batch], gct, out=gx[:, :, 2])
        if gh is not None:
            xp.multiply(co, gh, out=gx[:, :, 3])
        else:
            gx[:, :, 3] = 0
        gx *= d
        gc_prev = xp.empty(c_prev.shape, dtype=c_prev.dtype)
        xp.multiply(gct, f, out=gc_prev[:batch])
        if batch < c_prev.shape[0]:
            gc_prev[batch:] = 0 if gc is None else gc[batch:]
        return gc_prev, gx.reshape(x.shape)

    def backward(self, indexes, grad_outputs):
        c_prev, x, c, gc, gh = self._unpack(self.get_retained_inputs())
        ggc_prev, ggx = grad_outputs
        batch = x.shape[0]
        rows = c_prev.shape[0]
        a, i, f, o = split_gates(x)
        gga, ggi, ggf, ggo = split_gates(ggx) if ggx is not None else (None,) * 4
        r = _cell.cell_grad_grad(
            [_cell.head_rows(c_prev, batch)],
            [a],
            [i],
            o,
            [f],
            _cell.head_rows(c, batch),
            _cell.head_rows(gc, batch),
            gh,
            [_cell.head_rows(ggc_prev, batch)],
            [gga],
            [ggi],
            ggo,
            [ggf],
        )
        ret = [
            _cell.pad_rows(r.cs[0], rows),
            merge_gates(r.as_[0], r.is_[0], r.fs[0], r.o, x),
            _cell.pad_rows(r.c, rows),
        ]
        if self.has_gc:
            g_gc = r.gc
            if batch < rows:
                g_gc = _cell.or_zeros(g_gc, _cell.head_rows(gc, batch))
                rest = _cell.tail_rows(ggc_prev, batch)
                if rest is None:
                    rest = _cell.zeros_var(gc, (rows - batch,) + gc.shape[1:])
                g_gc = chainer.functions.concat([g_gc, rest], axis=0)
            ret.append(g_gc)
        if self.has_gh:
            ret.append(r.gh)
        return tuple(ret)


def lstm(c_prev, x):
    """Long short-term memory unit with a forget gate, as an activation function.

    ``x`` holds the pre-activations of four gates, interleaved along its second
    axis: element ``4 * u + k`` of ``x[b]`` belongs to unit ``u`` of gate ``k``,
    with ``k = 0, 1, 2, 3`` for the cell input ``a``, the input gate ``i``, the
    forget gate ``f`` and the output gate ``o`` (``a = x[:, 0::4]``,
    ``i = x[:, 1::4]``, ``f = x[:, 2::4]``, ``o = x[:, 3::4]``). Then::

        c = tanh(a) * sigmoid(i) + sigmoid(f) * c_prev
        h = sigmoid(o) * tanh(c)

    Variable-length batches: ``x`` may have fewer rows than ``c_prev`` (sort the
    sequences by decreasing length). Only the first ``len(x)`` rows of the cell
    state are updated; ``c[len(x):]`` equals ``c_prev[len(x):]``, and ``h`` has
    ``len(x)`` rows.

    Args:
        c_prev (Variable or array): the previous cell state, shape
            ``(B, U, ...)``, floating point.
        x (Variable or array): the gate pre-activations, shape
            ``(B_x, 4 * U, ...)`` with ``B_x <= B``, of ``c_prev``'s dtype and
            trailing shape.

    Returns:
        tuple: ``(c, h)``: the new cell state, of ``c_prev``'s shape, and the
        output, of shape ``(B_x, U, ...)``; both of ``c_prev``'s dtype.
    """
    return LSTM().apply((c_prev, x))
