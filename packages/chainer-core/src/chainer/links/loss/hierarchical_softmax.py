"""BinaryHierarchicalSoftmax: the softmax over a vocabulary as a walk down a binary tree."""

from __future__ import annotations

import heapq
import numbers

import numpy

import chainer
from chainer import _array_types, initializers, link
from chainer.functions.activation.softplus import softplus
from chainer.functions.array.broadcast import broadcast_to
from chainer.functions.array.expand_dims import expand_dims
from chainer.functions.connection.embed_id import embed_id
from chainer.functions.math.sum import sum as _sum
from chainer.parameter import Parameter
from chainer.variable import Variable

__all__ = ["BinaryHierarchicalSoftmax"]


def _parse_tree(tree):
    """Walks a tree of nested pairs; returns ``({leaf: path}, {leaf: codes}, n_internal)``.

    Internal nodes are numbered in pre-order from 0. A leaf's path lists the
    internal nodes from the root; its codes are +1 where the walk goes to the
    first child of a pair and -1 where it goes to the second.
    """
    paths = {}
    codes = {}
    n_internal = 0
    # An explicit stack (a deep tree must not hit the recursion limit):
    # entries are (node, path to it, codes to it).
    stack = [(tree, (), ())]
    while stack:
        node, path, code = stack.pop()
        if isinstance(node, tuple):
            if len(node) != 2:
                raise ValueError(
                    "BinaryHierarchicalSoftmax: every internal node of the tree must be a pair "
                    f"(a tuple of two children), got a tuple of {len(node)}"
                )
            index = n_internal
            n_internal += 1
            left, right = node
            # Pushed right first so that the left subtree is numbered first.
            stack.append((right, path + (index,), code + (-1.0,)))
            stack.append((left, path + (index,), code + (1.0,)))
        else:
            if isinstance(node, bool) or not isinstance(node, numbers.Integral) or node < 0:
                raise ValueError(
                    "BinaryHierarchicalSoftmax: the leaves of the tree must be non-negative "
                    f"int word ids, got {node!r}"
                )
            if node in paths:
                raise ValueError(
                    f"BinaryHierarchicalSoftmax: word {node} appears twice in the tree"
                )
            paths[int(node)] = path
            codes[int(node)] = code
    return paths, codes, n_internal


def _path_tables(tree, dtype):
    """Padded path tables: ``(paths, codes, n_internal)``.

    ``paths[w, k]`` is the ``k``-th internal node on the way to word ``w``
    and ``codes[w, k]`` its direction (+1 or -1), 0 past the path's end (and
    for ids that are not in the tree).
    """
    paths, codes, n_internal = _parse_tree(tree)
    n_vocab = max(paths) + 1
    depth = max(len(p) for p in paths.values())
    path_table = numpy.zeros((n_vocab, depth), dtype=numpy.int32)
    code_table = numpy.zeros((n_vocab, depth), dtype=dtype)
    for word, path in paths.items():
        path_table[word, : len(path)] = path
        code_table[word, : len(path)] = codes[word]
    return path_table, code_table, n_internal


def _binary_hierarchical_softmax(x, t, W, path_table, code_table):
    """The summed negative log-likelihood of words ``t`` under a binary tree.

    ``sum_n sum_k softplus(-code[t_n, k] * W[path[t_n, k]] . x_n)`` over the
    steps ``k`` of each word's path, built from differentiable functions (so
    higher-order gradients work).
    """
    t = t.array if isinstance(t, Variable) else t
    xp = chainer.backend.get_array_module(path_table)
    paths = path_table[t]  # (N, L)
    w = embed_id(paths, W)  # (N, L, D)
    scores = _sum(w * broadcast_to(expand_dims(x, 1), w.shape), axis=2)  # (N, L)
    codes = code_table[t].astype(scores.dtype, copy=False)  # (N, L), 0 past a path's end
    steps = softplus(scores * -codes) * xp.abs(codes)
    return _sum(steps)


class BinaryHierarchicalSoftmax(link.Link):
    """Hierarchical softmax over a binary tree.

    Each word of the vocabulary is a leaf of a binary tree; the probability
    of a word is the product, over the internal nodes ``e_1 .. e_m`` on its
    path from the root, of ``sigmoid(b_i x . w_{e_i})``, with ``b_i = +1``
    where the path goes to the first child of a pair and ``-1`` to the
    second. A word costs ``O(depth)`` instead of ``O(vocabulary)``.

    Args:
        in_size (int): the size of the input vectors.
        tree: the tree, nested pairs whose leaves are the word ids (ints),
            e.g. ``((0, 1), (2, 3))`` or the result of
            :meth:`create_huffman_tree`.
        dtype: the dtype of ``W`` (the default dtype when None).

    Attributes:
        W (~chainer.Parameter): one row per internal node of the tree
            ``(n_internal, in_size)``, initialized uniformly in ``[-1, 1)``.

    Raises:
        ValueError: for an internal node that is not a pair or a leaf that is
            not a non-negative int.

    See: Morin and Bengio, Hierarchical Probabilistic Neural Network Language
    Model, AISTATS 2005.
    """

    def __init__(self, in_size, tree, dtype=None):
        super().__init__()
        dtype = chainer.get_dtype(dtype)
        self._paths, self._codes, n_internal = _path_tables(tree, dtype)
        with self.init_scope():
            self.W = Parameter(initializers.Uniform(1, dtype=dtype), (n_internal, in_size))

    def device_resident_accept(self, visitor):
        """Hands the parameters and the extra arrays (or state) to ``visitor``."""
        super().device_resident_accept(visitor)
        self._paths = visitor.visit_array(self._paths)
        self._codes = visitor.visit_array(self._codes)

    @staticmethod
    def create_huffman_tree(word_counts):
        """Builds a binary Huffman tree from word counts.

        The two least frequent subtrees are merged repeatedly (ties broken by
        the order of ``word_counts``), so frequent words get short paths. For
        example ``{0: 8, 1: 5, 2: 6, 3: 4}`` gives ``((3, 1), (2, 0))``.

        Args:
            word_counts (dict): word id -> count (int or float).

        Returns:
            The tree, nested pairs of word ids (a single word id for a
            vocabulary of one word).

        Raises:
            ValueError: for an empty vocabulary.
        """
        if len(word_counts) == 0:
            raise ValueError("create_huffman_tree: the vocabulary (word_counts) is empty")
        heap = [(count, uid, word) for uid, (word, count) in enumerate(word_counts.items())]
        heapq.heapify(heap)
        while len(heap) >= 2:
            count1, id1, tree1 = heapq.heappop(heap)
            count2, id2, tree2 = heapq.heappop(heap)
            heapq.heappush(heap, (count1 + count2, min(id1, id2), (tree1, tree2)))
        return heap[0][2]

    def forward(self, x, t):
        """The summed negative log-likelihood of the words ``t``.

        Args:
            x (~chainer.Variable or array): the inputs ``(N, in_size)``, of
                ``W``'s dtype.
            t (~chainer.Variable or array): the word ids ``(N,)``, signed
                integers (ids outside the tree contribute 0).

        Returns:
            ~chainer.Variable: the loss summed over the batch (0-dim).

        Raises:
            ValueError: for inputs of the wrong shape or ids out of range.
        """
        t_array = t.array if isinstance(t, Variable) else t
        if not isinstance(t_array, _array_types.ARRAY_TYPES) or t_array.dtype.kind != "i":
            raise TypeError("BinaryHierarchicalSoftmax: t must be a signed integer array")
        if x.ndim != 2 or t_array.shape != (x.shape[0],):
            raise ValueError(
                "BinaryHierarchicalSoftmax: x must have shape (N, in_size) and t shape (N,), "
                f"got x.shape={tuple(x.shape)} and t.shape={tuple(t_array.shape)}"
            )
        n_vocab = self._paths.shape[0]
        xp = chainer.backend.get_array_module(t_array)
        if t_array.size and bool(xp.any((t_array < 0) | (t_array >= n_vocab))):
            raise ValueError(
                f"BinaryHierarchicalSoftmax: every word id in t must be in [0, {n_vocab})"
            )
        return _binary_hierarchical_softmax(x, t_array, self.W, self._paths, self._codes)
