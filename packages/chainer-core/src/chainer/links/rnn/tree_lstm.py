"""Tree-LSTMs: ChildSumTreeLSTM and NaryTreeLSTM."""

from __future__ import annotations

from chainer import link
from chainer.functions.activation.sigmoid import sigmoid
from chainer.functions.activation.tanh import tanh
from chainer.functions.array.concat import concat
from chainer.functions.array.split_axis import split_axis
from chainer.functions.rnn.tree_lstm import tree_lstm
from chainer.links.connection.linear import Linear
from chainer.links.rnn import _state

__all__ = ["ChildSumTreeLSTM", "NaryTreeLSTM"]


def _first_given(link_name, cs, hs):
    for v in (*cs, *hs):
        if v is not None:
            return v
    raise ValueError(f"{link_name}: all inputs (cs, hs and x) are None")


def _zeros_for_none(link, vs, rows, dtype):
    if any(v is None for v in vs):
        zero = _state.zeros(link, rows, link.state_size, dtype)
        return tuple(zero if v is None else v for v in vs)
    return tuple(vs)


class ChildSumTreeLSTM(link.Chain):
    """Child-Sum Tree-LSTM: a node's state from its input and any number of children.

    With the children's outputs ``h_k`` and cell states ``c_k``::

        a, i, o = W_x(x)[:3U] + W_h_aio(sum_k h_k)       (three blocks)
        f_k = sigmoid(W_x(x)[3U:] + W_h_f(h_k))
        c = tanh(a) * sigmoid(i) + sum_k f_k * c_k
        h = sigmoid(o) * tanh(c)

    Args:
        in_size (int): the input size.
        out_size (int): the number of units ``U``.

    Attributes:
        W_x (~chainer.links.Linear): the input map ``(4U, in_size)``.
        W_h_aio (~chainer.links.Linear): the children's map to ``a, i, o`` (no bias).
        W_h_f (~chainer.links.Linear): the children's map to the forget gates (no bias).
        in_size (int): the input size.
        state_size (int): the number of units.

    See: Tai, Socher and Manning, Improved Semantic Representations From
    Tree-Structured Long Short-Term Memory Networks, 2015.
    """

    def __init__(self, in_size, out_size):
        super().__init__()
        with self.init_scope():
            self.W_x = Linear(in_size, 4 * out_size)
            self.W_h_aio = Linear(out_size, 3 * out_size, nobias=True)
            self.W_h_f = Linear(out_size, out_size, nobias=True)
        self.in_size = in_size
        self.state_size = out_size

    def forward(self, *cshsx):
        """forward(self, c_1, ..., c_n, h_1, ..., h_n, x)

        One node.

        Args:
            *cshsx: the children's cell states ``c_1 .. c_n``, then their
                outputs ``h_1 .. h_n`` (each ``(N, out_size)``, or None for a
                missing child, taken as zeros), then the input ``x``
                ``(N, in_size)`` (None for zeros). ``n`` may be 0 (a leaf).

        Returns:
            tuple: ``(c, h)``, each ``(N, out_size)``.

        Raises:
            ValueError: for an even number of arguments, or when every
                argument is None.
        """
        if len(cshsx) % 2 != 1:
            raise ValueError(
                "ChildSumTreeLSTM: expected the cell states, the outputs (as many) and x, "
                f"an odd number of arguments, got {len(cshsx)}"
            )
        n = len(cshsx) // 2
        cs, hs, x = cshsx[:n], cshsx[n:-1], cshsx[-1]
        if x is None:
            base = _first_given("ChildSumTreeLSTM", cs, hs)
            x = _state.zeros(self, base.shape[0], self.in_size, base.dtype)

        w_x = self.W_x(x)
        w_x_aio, w_x_f = split_axis(w_x, [3 * self.state_size], axis=1)
        if n == 0:
            a, i, o = split_axis(w_x_aio, 3, axis=1)
            c = sigmoid(i) * tanh(a)
            h = sigmoid(o) * tanh(c)
            return c, h

        hs = _zeros_for_none(self, hs, x.shape[0], x.dtype)
        cs = _zeros_for_none(self, cs, x.shape[0], x.dtype)
        aio_in = self.W_h_aio(sum(hs[1:], hs[0])) + w_x_aio
        w_h_f = split_axis(self.W_h_f(concat(hs, axis=0)), n, axis=0)
        f_in = concat(w_h_f, axis=1) + concat([w_x_f] * n, axis=1)
        return tree_lstm(*cs, concat([aio_in, f_in], axis=1))


class NaryTreeLSTM(link.Chain):
    """N-ary Tree-LSTM: a node's state from its input and exactly ``n_ary`` ordered children.

    Each child position ``k`` has its own recurrent map ``W_h{k}``, so the
    order of the children matters::

        z = W_x(x) + sum_k W_h{k}(h_k)    ((3 + n_ary) blocks: a, i, o, f_1 ..)
        c = tanh(a) * sigmoid(i) + sum_k sigmoid(f_k) * c_k
        h = sigmoid(o) * tanh(c)

    Args:
        in_size (int): the input size.
        out_size (int): the number of units ``U``.
        n_ary (int): the number of children (at least 1).

    Attributes:
        W_x (~chainer.links.Linear): the input map ``((3 + n_ary) U, in_size)``.
        W_h1 .. W_h{n_ary} (~chainer.links.Linear): the children's maps (no bias).
        in_size (int): the input size.
        state_size (int): the number of units.
        n_ary (int): the number of children.

    Raises:
        ValueError: when ``n_ary`` is less than 1.
    """

    def __init__(self, in_size, out_size, n_ary=2):
        if n_ary < 1:
            raise ValueError(f"NaryTreeLSTM: n_ary must be at least 1, not {n_ary}")
        super().__init__()
        with self.init_scope():
            self.W_x = Linear(in_size, (3 + n_ary) * out_size)
            for k in range(1, n_ary + 1):
                setattr(self, f"W_h{k}", Linear(out_size, (3 + n_ary) * out_size, nobias=True))
        self.in_size = in_size
        self.state_size = out_size
        self.n_ary = n_ary

    def forward(self, *cshsx):
        """forward(self, c_1, ..., c_n, h_1, ..., h_n, x)

        One node.

        Args:
            *cshsx: the ``n_ary`` children's cell states, then their outputs
                (each ``(N, out_size)``, or None for a missing child), then
                the input ``x`` ``(N, in_size)`` (None for zeros).

        Returns:
            tuple: ``(c, h)``, each ``(N, out_size)``.

        Raises:
            ValueError: for a number of arguments other than ``2 * n_ary + 1``,
                or when every argument is None.
        """
        if len(cshsx) != 2 * self.n_ary + 1:
            raise ValueError(
                f"NaryTreeLSTM: expected 2 * n_ary + 1 = {2 * self.n_ary + 1} arguments "
                f"(cell states, outputs, x), got {len(cshsx)}"
            )
        cs = cshsx[: self.n_ary]
        hs = cshsx[self.n_ary : -1]
        x = cshsx[-1]
        if x is None:
            base = _first_given("NaryTreeLSTM", cs, hs)
            x = _state.zeros(self, base.shape[0], self.in_size, base.dtype)

        z = self.W_x(x)
        for k, h in enumerate(hs, start=1):
            if h is not None:
                z += getattr(self, f"W_h{k}")(h)
        cs = _zeros_for_none(self, cs, x.shape[0], x.dtype)
        return tree_lstm(*cs, z)
