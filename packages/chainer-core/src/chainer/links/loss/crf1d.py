"""CRF1d: a linear-chain conditional random field with its transition scores."""

from __future__ import annotations

from chainer import initializers, link
from chainer.functions.array.permutate import permutate
from chainer.functions.array.transpose_sequence import transpose_sequence
from chainer.functions.loss.crf1d import argmax_crf1d, crf1d
from chainer.links.rnn.n_step_rnn import argsort_list_descent, permutate_list
from chainer.parameter import Parameter

__all__ = ["CRF1d"]


class CRF1d(link.Link):
    """Linear-chain conditional random field loss layer.

    Args:
        n_label (int): the number of labels ``K``.
        initial_cost: the initializer of the transition scores (zeros when None).

    Attributes:
        cost (~chainer.Parameter): the transition scores ``(K, K)``;
            ``cost[i, j]`` is the score of label ``j`` following label ``i``.

    .. seealso:: :func:`~chainer.functions.crf1d`,
       :func:`~chainer.functions.argmax_crf1d`
    """

    def __init__(self, n_label, initial_cost=None):
        super().__init__()
        if initial_cost is None:
            initial_cost = initializers.Zero()
        with self.init_scope():
            self.cost = Parameter(initial_cost, (n_label, n_label))

    def forward(self, xs, ys, reduce="mean", transpose=False):
        """The negative log-likelihood of the label sequences.

        Args:
            xs (list of ~chainer.Variable or arrays): the unary scores. With
                ``transpose=False``, time-major: ``xs[t]`` is ``(B_t, K)``
                with ``B_0 >= B_1 >= ...``. With ``transpose=True``, one
                ``(L_i, K)`` sequence per sample in any order of lengths.
            ys (list of arrays): the labels, laid out like ``xs`` (``(B_t,)``
                or ``(L_i,)`` integer arrays).
            reduce (str): ``'mean'`` (a 0-dim loss) or ``'no'`` (one loss per
                sequence: per time-major column, or, with ``transpose=True``,
                in the order of ``xs``).
            transpose (bool): whether ``xs`` and ``ys`` are given per sample
                (sorted and transposed here).

        Returns:
            ~chainer.Variable: the loss.
        """
        if not transpose:
            return crf1d(self.cost, xs, ys, reduce)
        indices = argsort_list_descent(xs)
        xs = transpose_sequence(permutate_list(xs, indices, inv=False))
        ys = transpose_sequence(permutate_list(ys, indices, inv=False))
        loss = crf1d(self.cost, xs, ys, reduce)
        if reduce == "no":
            loss = permutate(loss, self.device.send(indices), axis=0, inv=True)
        return loss

    def argmax(self, xs, transpose=False):
        """The best label path of each sequence (Viterbi decoding).

        Args:
            xs (list of ~chainer.Variable or arrays): the unary scores, laid
                out as in :meth:`forward`.
            transpose (bool): whether ``xs`` is given per sample.

        Returns:
            tuple: ``(score, path)``. ``score`` is a Variable ``(B,)``, the
            score of each best path; ``path`` is a list of int32 arrays, the
            best labels, time-major (``transpose=False``) or one ``(L_i,)``
            array per sample (``transpose=True``). With ``transpose=True``
            both follow the order of ``xs``.
        """
        if not transpose:
            return argmax_crf1d(self.cost, xs)
        indices = argsort_list_descent(xs)
        trans_x = transpose_sequence(permutate_list(xs, indices, inv=False))
        score, path = argmax_crf1d(self.cost, trans_x)
        path = [p.array for p in transpose_sequence(path)]
        path = permutate_list(path, indices, inv=True)
        score = permutate(score, self.device.send(indices), axis=0, inv=True)
        return score, path
