"""transpose_sequence: turns a batch of sequences into a sequence of batches."""

from __future__ import annotations

import numpy

import chainer
from chainer.function_node import FunctionNode
from chainer.utils import type_check


def _batch_sizes(lengths):
    """How many sequences (of non-increasing ``lengths``) reach each time step."""
    n_steps = lengths[0] if lengths else 0
    return [sum(1 for n in lengths if n > t) for t in range(n_steps)]


def _gather_order(lengths):
    """Row indexes into the concatenation of the inputs, in output order."""
    offsets = numpy.concatenate(([0], numpy.cumsum(lengths[:-1]))).astype(numpy.intp)
    order = []
    for t, size in enumerate(_batch_sizes(lengths)):
        order.append(offsets[:size] + t)
    if not order:
        return numpy.zeros((0,), dtype=numpy.intp)
    return numpy.concatenate(order)


class TransposeSequence(FunctionNode):
    """Transposes a list of sequences sorted by decreasing length.

    Output ``t`` stacks element ``t`` of every input long enough to have one.
    Transposing the outputs gives the inputs back, so the node is its own
    gradient.
    """

    @property
    def label(self):
        return "TransposeSequence"

    def check_type_forward(self, in_types):
        type_check._argname(in_types, tuple(f"xs[{i}]" for i in range(len(in_types))))
        for in_type in in_types:
            type_check.expect(in_type.ndim >= 1)
        for p, n in zip(in_types, in_types[1:]):
            type_check.expect(
                p.shape[0] >= n.shape[0], p.shape[1:] == n.shape[1:], p.dtype == n.dtype
            )

    def forward(self, inputs):
        xp = chainer.backend.get_array_module(*inputs)
        lengths = [len(x) for x in inputs]
        sizes = _batch_sizes(lengths)
        self._unit = inputs[0].shape[1:]
        self._dtype = inputs[0].dtype
        self._sizes = sizes
        self._n_inputs = len(inputs)
        # One gather over the concatenated rows, then one split per time step.
        rows = xp.concatenate(inputs, axis=0)
        order = _gather_order(lengths)
        ys = rows[xp.asarray(order)]
        return tuple(xp.split(ys, numpy.cumsum(sizes[:-1]).tolist(), axis=0))

    def backward(self, indexes, grad_outputs):
        xp = next(g.xp for g in grad_outputs if g is not None)
        gys = [
            xp.zeros((size,) + self._unit, dtype=self._dtype) if g is None else g
            for g, size in zip(grad_outputs, self._sizes)
        ]
        gxs = TransposeSequence().apply(tuple(gys))
        # Inputs of length zero get no rows back, and no gradient.
        return gxs + (None,) * (self._n_inputs - len(gxs))


def transpose_sequence(xs):
    """Transposes a list of variable-length sequences.

    ``xs[i]`` has shape ``(L_i, ...)`` with ``L_0 >= L_1 >= ...``. The result
    has ``L_0`` variables; the ``t``-th stacks ``xs[i][t]`` for every ``i``
    with ``L_i > t``, so its first axis has that many rows, in the order of
    ``xs``. Applying the function twice gives the input back.

    Args:
        xs (list of Variable or array): the sequences, sorted by
            non-increasing length, with equal trailing shapes and one dtype.

    Returns:
        tuple of Variable: the transposed sequences (empty when ``xs`` is
        empty or its first sequence is).
    """
    xs = tuple(xs)
    if not xs or (xs[0].ndim >= 1 and xs[0].shape[0] == 0):
        return ()
    return TransposeSequence().apply(xs)
