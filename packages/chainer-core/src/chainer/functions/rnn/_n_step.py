"""The engine shared by the stacked n-step RNNs (``n_step_lstm``, ``n_step_gru``, ``n_step_rnn``).

Inputs come time-major, as Chainer v7 takes them: ``xs[t]`` holds time step
``t`` of every sequence that is still running, ``B_t`` rows with
``B_0 >= B_1 >= ...`` (sequences sorted by decreasing length, then transposed,
e.g. with :func:`~chainer.functions.transpose_sequence`).

Per layer and direction:

1. The input projection of the whole layer is one matrix product: the time
   steps are concatenated into a ``(sum_t B_t, I)`` matrix ``X`` and
   ``P = X W_x^T + b`` (node :class:`Linear`).
2. The recurrence is a tight loop over time. Step ``t`` computes
   ``z_t = h_{t-1}[:B_t] W_h^T + K_t`` (node :class:`Recurrent`), where ``K_t``
   is the slice of ``P`` (LSTM, plain RNN) or the hidden bias (GRU) for step
   ``t``, then the cell (the :class:`~chainer.functions.rnn.lstm.LSTM` node, or
   differentiable elementwise functions). As sequences end, the batch shrinks.
3. The gradient of ``W_h`` is one matrix product too,
   ``g W_h = (g K)^T H_prev`` over all steps at once, instead of one small
   product per step plus a running sum (which dominate the backward time on a
   CPU). :class:`Tie` does this: ``W_h`` and ``K`` pass through it unchanged on
   the way in; the :class:`Recurrent` nodes report no gradient for ``W_h``;
   since ``g z_t = g K_t`` exactly, :class:`Tie`'s backward computes the full
   weight gradient from the gradient of ``K`` (which arrives there
   concatenated) and the hidden states ``H_prev`` the steps consumed. All of
   it is built from differentiable functions, so double backprop works.
"""

from __future__ import annotations

import numbers
import weakref

import numpy

import chainer
from chainer import _array_types
from chainer.function_node import FunctionNode
from chainer.functions.array.concat import concat
from chainer.functions.array.get_item import get_item
from chainer.functions.array.separate import separate
from chainer.functions.array.split_axis import split_axis
from chainer.functions.array.stack import stack
from chainer.functions.math.matmul import matmul
from chainer.functions.math.sum import sum as _sum
from chainer.functions.noise.dropout import check_ratio, dropout
from chainer.variable import Variable


class Linear(FunctionNode):
    """``y = x W^T + b``: the input projection of a whole layer (``b`` optional)."""

    @property
    def label(self):
        return "NStepInputLinear"

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        x, w = inputs[:2]
        xp = chainer.backend.get_array_module(x)
        y = xp.matmul(x, w.T)
        if len(inputs) == 3:
            y += inputs[2]
        return (y,)

    def backward(self, indexes, grad_outputs):
        x, w = self.get_retained_inputs()
        (gy,) = grad_outputs
        ret = []
        for index in indexes:
            if index == 0:
                ret.append(matmul(gy, w))
            elif index == 1:
                ret.append(matmul(gy, x, transa=True))
            else:
                ret.append(_sum(gy, axis=0))
        return tuple(ret)


class Recurrent(FunctionNode):
    """``z = h W^T + k``: one step of the recurrence (``k`` of ``z``'s shape).

    Its backward gives ``h`` and ``k`` their gradients and ``W`` none: the
    :class:`Tie` that made ``W`` computes the gradient of every step at once.
    It keeps ``h`` (for the tie) and ``W``.

    Args:
        w_t (array or None): ``W.T`` as a C-contiguous array, shared by the
            steps of a layer: with the few rows of ``h``, a product with a
            C-contiguous right-hand side is much faster on CPU BLAS than one
            with the transposed view ``W.T``.
    """

    def __init__(self, w_t=None):
        self.w_t = w_t

    @property
    def label(self):
        return "NStepRecurrent"

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        h, w, k = inputs
        xp = chainer.backend.get_array_module(h)
        w_t = self.w_t if self.w_t is not None else w.T
        self.w_t = None  # only the forward uses it; the graph need not keep it
        z = xp.matmul(h, w_t)
        z += k
        return (z,)

    def backward(self, indexes, grad_outputs):
        _, w = self.get_retained_inputs()
        (gz,) = grad_outputs
        ret = []
        for index in indexes:
            if index == 0:
                ret.append(matmul(gz, w))
            elif index == 1:
                ret.append(None)
            else:
                ret.append(gz)
        return tuple(ret)


class Tie(FunctionNode):
    """``(W, k) -> (W, K)``: passes the recurrent weight through and gathers its gradient.

    ``k`` is either the packed ``(sum_t B_t, G)`` array the steps add (then
    ``K`` is ``k`` itself) or a bias of shape ``(G,)`` (then ``K`` is the bias
    repeated for every row). The caller feeds ``K``'s rows for step ``t`` and
    the hidden state ``h_{t-1}[:B_t]`` to a :class:`Recurrent` node, and
    afterwards gives the tie those hidden states with :meth:`set_hidden`.
    Backward: ``gW = gW_out + gK^T H_prev`` with ``H_prev`` the hidden states
    stacked in time order; ``gk = gK`` (or its column sums for a bias).
    """

    def __init__(self, n_rows):
        self.n_rows = n_rows
        self._hidden = None

    @property
    def label(self):
        return "NStepTie"

    def set_hidden(self, hs):
        """Records the hidden states the steps consumed (in time order)."""
        if self.outputs is None:  # not in a graph: no backward will come
            return
        # Weak references: the Recurrent nodes keep these nodes and their data
        # alive as long as the graph is; a strong one would close a cycle.
        self._hidden = [weakref.ref(h.node) for h in hs]

    def forward(self, inputs):
        w, k = inputs
        self._k_is_bias = k.ndim == 1
        if self._k_is_bias:
            xp = chainer.backend.get_array_module(k)
            k = xp.broadcast_to(k, (self.n_rows, k.shape[0])).copy()
        return w, k

    def _hidden_states(self):
        hs = []
        for ref in self._hidden or ():
            node = ref()
            if node is None:
                raise RuntimeError(
                    "n-step RNN: the graph of the recurrence was released before its backward"
                )
            hs.append(node.get_variable())
        if len(hs) == 1:
            return hs[0]
        return concat(hs, axis=0)

    def backward(self, indexes, grad_outputs):
        gw_out, gk_full = grad_outputs
        ret = []
        for index in indexes:
            if index == 0:
                gw = gw_out
                if gk_full is not None:
                    gw_steps = matmul(gk_full, self._hidden_states(), transa=True)
                    gw = gw_steps if gw is None else gw + gw_steps
                ret.append(gw)
            else:
                if gk_full is None or not self._k_is_bias:
                    ret.append(gk_full)
                else:
                    ret.append(_sum(gk_full, axis=0))
        return tuple(ret)


# -- argument checks --------------------------------------------------------------


def _array_of(name, what, value):
    if isinstance(value, Variable):
        return value.array
    if isinstance(value, _array_types.ARRAY_TYPES):
        return value
    raise TypeError(f"{name}: {what} must be a Variable or an array, not {type(value).__name__}")


def check_kwargs(name, kwargs):
    """Rejects Chainer v7's removed ``train`` / ``use_cudnn`` arguments and unknown ones."""
    for key, config_name in (("train", "train"), ("use_cudnn", "use_cudnn")):
        if key in kwargs:
            raise ValueError(
                f"{name}: the {key} argument is not supported anymore; "
                f"use chainer.using_config({config_name!r}, ...) instead"
            )
    if kwargs:
        raise TypeError(f"{name}() got unexpected keyword argument(s) {', '.join(sorted(kwargs))}")


def check_inputs(name, n_layers, dropout_ratio, hx, cx, ws, bs, xs, n_weights, directions):
    """Checks the arguments of an n-step RNN; returns the batch sizes ``B_t``.

    Raises TypeError or ValueError naming the argument, what was expected and
    what came.
    """
    if isinstance(n_layers, bool) or not isinstance(n_layers, numbers.Integral):
        raise TypeError(f"{name}: n_layers must be an int, not {type(n_layers).__name__}")
    if n_layers < 1:
        raise ValueError(f"{name}: n_layers must be at least 1, not {n_layers}")
    check_ratio(name, dropout_ratio)

    if isinstance(xs, (Variable,) + _array_types.ARRAY_TYPES) or not isinstance(xs, (list, tuple)):
        raise TypeError(
            f"{name}: xs must be a list or tuple of Variables or arrays (one per time step), "
            f"not {type(xs).__name__}"
        )
    if not xs:
        raise ValueError(f"{name}: xs must hold at least one time step, got an empty list")
    x_arrays = [_array_of(name, f"xs[{t}]", x) for t, x in enumerate(xs)]
    dtype = x_arrays[0].dtype
    if dtype.kind != "f":
        raise TypeError(f"{name}: xs must be floating point, got xs[0].dtype={dtype}")
    in_size = x_arrays[0].shape[1] if x_arrays[0].ndim == 2 else None
    batches = []
    for t, x in enumerate(x_arrays):
        if x.ndim != 2 or x.shape[1] != in_size:
            raise ValueError(
                f"{name}: every xs[t] must have shape (B_t, {in_size}) (time step t of each "
                f"sequence still running), but xs[{t}].shape={x.shape}"
            )
        if x.dtype != dtype:
            raise TypeError(
                f"{name}: every input must have dtype {dtype} (that of xs[0]), "
                f"but xs[{t}].dtype={x.dtype}"
            )
        if x.shape[0] < 1:
            raise ValueError(f"{name}: xs[{t}] has no rows; every time step needs a batch")
        if batches and x.shape[0] > batches[-1]:
            raise ValueError(
                f"{name}: the batch sizes of xs must not increase over time (sort the "
                "sequences by decreasing length, then transpose them with "
                f"F.transpose_sequence), but xs[{t - 1}].shape[0]={batches[-1]} < "
                f"xs[{t}].shape[0]={x.shape[0]}"
            )
        batches.append(x.shape[0])

    n_states = n_layers * directions
    h = _array_of(name, "hx", hx)
    if h.ndim != 3 or h.shape[0] != n_states or h.shape[1] < batches[0]:
        raise ValueError(
            f"{name}: hx must have shape ({n_states}, B, N) with n_layers * directions = "
            f"{n_states} and B >= xs[0].shape[0] = {batches[0]}, but hx.shape={h.shape}"
        )
    units = h.shape[2]
    arrays = [("hx", h)]
    if cx is not None:
        c = _array_of(name, "cx", cx)
        if c.shape != h.shape:
            raise ValueError(f"{name}: cx must have hx's shape {h.shape}, but cx.shape={c.shape}")
        arrays.append(("cx", c))

    for what, params in (("ws", ws), ("bs", bs)):
        if not isinstance(params, (list, tuple)) or len(params) != n_states:
            got = len(params) if isinstance(params, (list, tuple)) else type(params).__name__
            raise ValueError(
                f"{name}: {what} must be a list of n_layers * directions = {n_states} lists "
                f"(one per layer and direction), got {got}"
            )
        for index, group in enumerate(params):
            if not isinstance(group, (list, tuple)) or len(group) != n_weights:
                got = len(group) if isinstance(group, (list, tuple)) else type(group).__name__
                raise ValueError(
                    f"{name}: {what}[{index}] must be a list of {n_weights} "
                    f"{'matrices' if what == 'ws' else 'vectors'}, got {got}"
                )
    for index in range(n_states):
        layer = index // directions
        layer_in = in_size if layer == 0 else units * directions
        for j in range(n_weights):
            w = _array_of(name, f"ws[{index}][{j}]", ws[index][j])
            expected = (units, layer_in if j < n_weights // 2 else units)
            if w.shape != expected:
                where = (
                    f"I = xs[0].shape[1] = {in_size} inputs"
                    if layer == 0 and j < n_weights // 2
                    else f"N = hx.shape[2] = {units} hidden units"
                )
                raise ValueError(
                    f"{name}: ws[{index}][{j}] must have shape {expected} ({where}), "
                    f"but its shape is {w.shape}"
                )
            b = _array_of(name, f"bs[{index}][{j}]", bs[index][j])
            if b.shape != (units,):
                raise ValueError(
                    f"{name}: bs[{index}][{j}] must have shape ({units},) "
                    f"(N = hx.shape[2]), but its shape is {b.shape}"
                )
            arrays += [(f"ws[{index}][{j}]", w), (f"bs[{index}][{j}]", b)]
    for what, array in arrays:
        if array.dtype != dtype:
            raise TypeError(
                f"{name}: every input must have dtype {dtype} (that of xs[0]), "
                f"but {what}.dtype={array.dtype}"
            )
    return batches


# -- the loops ------------------------------------------------------------------


class Cell:
    """What differs between LSTM, GRU and plain RNN layers.

    Attributes:
        n_weights (int): weight matrices (and bias vectors) per layer and direction.
        has_cell (bool): whether the unit carries a cell state (LSTM).
        bias_in_k (bool): whether ``K`` is the hidden bias (GRU) rather than the
            input projection itself.
    """

    n_weights = 0
    has_cell = False
    bias_in_k = False

    def input_weights(self, w, b):
        """``(W_x, b_x)`` of the input projection."""
        raise NotImplementedError

    def hidden_weights(self, w, b):
        """``(W_h, b_h)``; ``b_h`` is None unless :attr:`bias_in_k`."""
        raise NotImplementedError

    def step(self, z, h_prev, c_prev, p):
        """The new ``(h, c)`` from ``z = h_prev W_h^T + K_t`` (``p``: ``P_t`` for a GRU)."""
        raise NotImplementedError


def _split_rows(v, batches, offsets):
    if len(batches) == 1:
        return [v]
    return list(split_axis(v, offsets, axis=0))


def _direction(cell, x, h0, c0, w, b, batches, offsets, reverse):
    """Runs one layer in one direction over the packed input ``x``.

    Returns:
        tuple: ``(hs, h_last, c_last)``: the outputs per time step (``B_t``
        rows each), and the final hidden and cell states (``B`` rows).
    """
    n_rows = sum(batches)
    w_x, b_x = cell.input_weights(w, b)
    p = Linear().apply((x, w_x, b_x))[0]
    w_h, b_h = cell.hidden_weights(w, b)
    tie = Tie(n_rows)
    w_h, k = tie.apply((w_h, b_h if cell.bias_in_k else p))
    k_steps = _split_rows(k, batches, offsets)
    w_t = chainer.backend.get_array_module(w_h.array).ascontiguousarray(w_h.array.T)
    p_steps = _split_rows(p, batches, offsets) if cell.bias_in_k else None

    n_steps = len(batches)
    batch = h0.shape[0]
    hs = [None] * n_steps
    h_prevs = [None] * n_steps
    done = []  # forward: the final rows of the sequences that ended, in time order
    h = h0
    rows = batch
    c = c0
    for t in range(n_steps - 1, -1, -1) if reverse else range(n_steps):
        b_t = batches[t]
        if rows > b_t:
            h, rest = split_axis(h, [b_t], axis=0)
            if not reverse:
                done.append(rest)
        elif rows < b_t:
            h = concat([h, get_item(h0, slice(rows, b_t))], axis=0)
        h_prevs[t] = h
        z = Recurrent(w_t).apply((h, w_h, k_steps[t]))[0]
        h, c = cell.step(z, h, c, None if p_steps is None else p_steps[t])
        hs[t] = h
        rows = b_t
    tie.set_hidden(h_prevs)

    if reverse:
        if rows < batch:
            h = concat([h, get_item(h0, slice(rows, batch))], axis=0)
    elif done:
        h = concat([h, *reversed(done)], axis=0)
    return hs, h, c


def n_step(cell, name, n_layers, dropout_ratio, hx, cx, ws, bs, xs, directions):
    """The stacked n-step RNN; returns ``(hy, cy, ys)`` (``cy`` None without a cell)."""
    batches = check_inputs(
        name, n_layers, dropout_ratio, hx, cx, ws, bs, xs, cell.n_weights, directions
    )
    offsets = list(numpy.cumsum(batches[:-1]))
    hxs = separate(hx, axis=0)
    cxs = separate(cx, axis=0) if cx is not None else [None] * len(hxs)
    x = concat(xs, axis=0) if len(xs) > 1 else chainer.as_variable(xs[0])
    hy = []
    cy = []
    for layer in range(n_layers):
        outs = []
        for di in range(directions):
            index = directions * layer + di
            x_in = x
            if layer > 0 and dropout_ratio > 0:
                # Between layers only, as Chainer v7 (each direction draws its own mask).
                x_in = dropout(x, dropout_ratio)
            hs, h_last, c_last = _direction(
                cell,
                x_in,
                hxs[index],
                cxs[index],
                ws[index],
                bs[index],
                batches,
                offsets,
                reverse=di == 1,
            )
            outs.append(hs)
            hy.append(h_last)
            cy.append(c_last)
        if directions == 1:
            if layer == n_layers - 1:
                ys = tuple(outs[0])
            else:
                x = concat(outs[0], axis=0) if len(outs[0]) > 1 else outs[0][0]
        else:
            packed = [concat(o, axis=0) if len(o) > 1 else o[0] for o in outs]
            x = concat(packed, axis=1)
            if layer == n_layers - 1:
                ys = tuple(_split_rows(x, batches, offsets))
    hy = stack(hy, axis=0)
    cy = stack(cy, axis=0) if cell.has_cell else None
    return hy, cy, ys
