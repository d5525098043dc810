"""Stacked RNNs over variable-length sequences (tanh or ReLU, uni- or bi-directional).

The links take a list of sequences in any order of lengths; they sort them
by decreasing length, transpose them to the time-major layout the
``n_step_*`` functions expect, and undo both on the outputs.
"""

from __future__ import annotations

import numpy

import chainer
from chainer import initializers, link
from chainer.functions.array.permutate import permutate
from chainer.functions.array.transpose_sequence import transpose_sequence
from chainer.functions.rnn.n_step_rnn import n_step_birnn, n_step_rnn
from chainer.parameter import Parameter
from chainer.variable import Variable

__all__ = [
    "NStepBiRNNReLU",
    "NStepBiRNNTanh",
    "NStepRNNBase",
    "NStepRNNReLU",
    "NStepRNNTanh",
    "argsort_list_descent",
    "permutate_list",
]


def argsort_list_descent(lst):
    """The indices that sort sequences by decreasing length (stable: ties keep their order).

    Args:
        lst (list): sequences (Variables or arrays), length = ``shape[0]``.

    Returns:
        numpy.ndarray: int32 indices.
    """
    return numpy.argsort([-len(x) for x in lst], kind="stable").astype(numpy.int32)


def permutate_list(lst, indices, inv):
    """Reorders a list: ``ret[i] = lst[indices[i]]``, or ``ret[indices[i]] = lst[i]`` if ``inv``.

    Args:
        lst (list): the items.
        indices (sequence of ints): a permutation of ``range(len(lst))``.
        inv (bool): apply the inverse permutation.

    Returns:
        list: the reordered items.
    """
    ret = [None] * len(lst)
    if inv:
        for i, index in enumerate(indices):
            ret[index] = lst[i]
    else:
        for i, index in enumerate(indices):
            ret[i] = lst[index]
    return ret


_REMOVED_INIT_KWARGS = {
    "use_cudnn": "use_cudnn argument is not supported anymore; "
    "use chainer.using_config('use_cudnn', ...)",
    "use_bi_direction": "use_bi_direction is not supported anymore; "
    "use the NStepBi* links for bi-directional RNNs",
    "activation": "activation is not supported anymore; "
    "use NStepRNNTanh or NStepRNNReLU (and the NStepBi* variants)",
}


def _check_no_kwargs(where, kwargs, removed):
    for key, message in removed.items():
        if key in kwargs:
            raise ValueError(f"{where}: {message}")
    if kwargs:
        raise TypeError(f"{where} got unexpected keyword argument(s) {', '.join(sorted(kwargs))}")


class NStepRNNBase(link.ChainList):
    """The parameters and the sorting of the stacked RNN links.

    The children are one :class:`~chainer.Link` per layer and direction (in
    the order layer 0 forward, layer 0 backward, layer 1 forward, ...), each
    holding ``n_weights`` matrices ``w0, w1, ...`` and biases ``b0, b1, ...``
    (the parameter names of Chainer v7, so its saved models load). The first
    half of the matrices take the layer's input (``in_size``, or
    ``out_size * direction`` above the first layer), the second half the
    hidden state.

    Args:
        n_layers (int): the number of layers.
        in_size (int): the input size.
        out_size (int): the number of hidden units.
        dropout (float): the dropout ratio applied between layers in training.
        initialW: the initializer of the matrices (LeCunNormal when None).
        initial_bias: the initializer of the biases (0 when None).

    Attributes:
        ws (list of lists of ~chainer.Parameter): ``ws[k][j]`` is ``w{j}`` of child ``k``.
        bs (list of lists of ~chainer.Parameter): ``bs[k][j]`` is ``b{j}`` of child ``k``.
        n_layers (int): the number of layers.
        dropout (float): the dropout ratio.
        out_size (int): the number of hidden units.
        direction (int): 1, or 2 for a bi-directional RNN.

    Subclasses set ``n_weights`` and ``use_bi_direction`` and implement
    :meth:`rnn` and :attr:`n_cells`.
    """

    n_weights = None
    use_bi_direction = False

    def __init__(
        self, n_layers, in_size, out_size, dropout, *, initialW=None, initial_bias=None, **kwargs
    ):
        _check_no_kwargs(type(self).__name__, kwargs, _REMOVED_INIT_KWARGS)
        direction = 2 if self.use_bi_direction else 1
        w_init = initializers._get_initializer(initialW)
        b_init = initializers._get_initializer(0 if initial_bias is None else initial_bias)
        half = self.n_weights // 2
        weights = []
        for layer in range(n_layers):
            for _ in range(direction):
                weight = link.Link()
                with weight.init_scope():
                    for j in range(self.n_weights):
                        if j >= half:
                            w_in = out_size
                        elif layer == 0:
                            w_in = in_size
                        else:
                            w_in = out_size * direction
                        setattr(weight, f"w{j}", Parameter(w_init, (out_size, w_in)))
                        setattr(weight, f"b{j}", Parameter(b_init, (out_size,)))
                weights.append(weight)
        super().__init__(*weights)
        self.n_layers = n_layers
        self.dropout = dropout
        self.out_size = out_size
        self.direction = direction

    @property
    def ws(self):
        """list of lists of ~chainer.Parameter: ``ws[k][j]`` is ``w{j}`` of child ``k``."""
        return [[getattr(layer, f"w{j}") for j in range(self.n_weights)] for layer in self]

    @property
    def bs(self):
        """list of lists of ~chainer.Parameter: ``bs[k][j]`` is ``b{j}`` of child ``k``."""
        return [[getattr(layer, f"b{j}") for j in range(self.n_weights)] for layer in self]

    def init_hx(self, xs):
        """Zero initial states ``(n_layers * direction, len(xs), out_size)`` of ``xs[0]``'s dtype.

        Args:
            xs (list): the input sequences.

        Returns:
            ~chainer.Variable: the zeros, on the link's device.
        """
        shape = (self.n_layers * self.direction, len(xs), self.out_size)
        with chainer.using_device(self.device):
            return Variable(self.xp.zeros(shape, dtype=xs[0].dtype))

    def rnn(self, *args):
        """Calls the n-step function of the subclass (implemented by subclasses)."""
        raise NotImplementedError(f"{type(self).__name__} does not implement rnn")

    @property
    def n_cells(self):
        """int: the number of state tensors (1, or 2 for an LSTM: ``h`` and ``c``)."""
        raise NotImplementedError(f"{type(self).__name__} does not implement n_cells")

    def forward(self, hx, xs, **kwargs):
        """Runs the RNN over a batch of sequences.

        Args:
            hx (~chainer.Variable or None): the initial hidden states
                ``(n_layers * direction, B, out_size)``, row ``b`` for
                sequence ``b`` of ``xs``; zeros when None.
            xs (list of ~chainer.Variable or arrays): ``B`` sequences, ``xs[b]``
                of shape ``(L_b, in_size)``, in any order of lengths.

        Returns:
            tuple: ``(hy, ys)``: the final hidden states (``hx``'s shape) and
            a list of ``B`` Variables, ``ys[b]`` of shape ``(L_b, out_size *
            direction)``, the last layer's outputs.

        Raises:
            ValueError: for ``train=`` (use ``chainer.using_config('train', ...)``).
        """
        (hy,), ys = self._call([hx], xs, **kwargs)
        return hy, ys

    def _call(self, hs, xs, **kwargs):
        _check_no_kwargs(
            f"{type(self).__name__}.forward",
            kwargs,
            {"train": "train argument is not supported anymore; use chainer.using_config"},
        )
        if not isinstance(xs, (list, tuple)):
            raise TypeError(
                f"{type(self).__name__}: xs must be a list of sequences (one (L_i, in_size) "
                f"Variable or array each), not {type(xs).__name__}"
            )
        if len(xs) == 0:
            raise ValueError(f"{type(self).__name__}: xs must hold at least one sequence")
        indices = argsort_list_descent(xs)
        device_indices = self.device.send(indices)
        xs = permutate_list(xs, indices, inv=False)
        hxs = [
            self.init_hx(xs) if h is None else permutate(h, device_indices, axis=1, inv=False)
            for h in hs
        ]
        result = self.rnn(
            self.n_layers, self.dropout, *hxs, self.ws, self.bs, transpose_sequence(xs)
        )
        hys = [permutate(h, device_indices, axis=1, inv=True) for h in result[:-1]]
        ys = permutate_list(list(transpose_sequence(result[-1])), indices, inv=True)
        return hys, ys


class NStepRNNTanh(NStepRNNBase):
    """Stacked uni-directional RNN with ``tanh``, over variable-length sequences.

    ``h_t = tanh(W_0 x_t + b_0 + W_1 h_{t-1} + b_1)`` per layer. The link
    sorts and transposes the sequences itself (see
    :func:`~chainer.functions.n_step_rnn` for the time-major function).

    Args:
        n_layers (int): the number of layers.
        in_size (int): the input size.
        out_size (int): the number of hidden units.
        dropout (float): the dropout ratio between layers.
        initialW: the initializer of the matrices (LeCunNormal when None).
        initial_bias: the initializer of the biases (0 when None).
    """

    n_weights = 2
    use_bi_direction = False

    def rnn(self, *args):
        """Calls the n-step function with ``(n_layers, dropout, *states, ws, bs, xs)``."""
        return n_step_rnn(*args, activation="tanh")

    @property
    def n_cells(self):
        """int: the number of state tensors."""
        return 1


class NStepRNNReLU(NStepRNNBase):
    """Stacked uni-directional RNN with ``relu``, over variable-length sequences.

    See :class:`NStepRNNTanh`; the activation is ``relu``.
    """

    n_weights = 2
    use_bi_direction = False

    def rnn(self, *args):
        """Calls the n-step function with ``(n_layers, dropout, *states, ws, bs, xs)``."""
        return n_step_rnn(*args, activation="relu")

    @property
    def n_cells(self):
        """int: the number of state tensors."""
        return 1


class NStepBiRNNTanh(NStepRNNBase):
    """Stacked bi-directional RNN with ``tanh``, over variable-length sequences.

    Each layer runs forward and backward in time and concatenates the two
    outputs (``2 * out_size``). See :class:`NStepRNNTanh` for the arguments.
    """

    n_weights = 2
    use_bi_direction = True

    def rnn(self, *args):
        """Calls the n-step function with ``(n_layers, dropout, *states, ws, bs, xs)``."""
        return n_step_birnn(*args, activation="tanh")

    @property
    def n_cells(self):
        """int: the number of state tensors."""
        return 1


class NStepBiRNNReLU(NStepRNNBase):
    """Stacked bi-directional RNN with ``relu``, over variable-length sequences.

    See :class:`NStepBiRNNTanh`; the activation is ``relu``.
    """

    n_weights = 2
    use_bi_direction = True

    def rnn(self, *args):
        """Calls the n-step function with ``(n_layers, dropout, *states, ws, bs, xs)``."""
        return n_step_birnn(*args, activation="relu")

    @property
    def n_cells(self):
        """int: the number of state tensors."""
        return 1
