"""Sparse matrices in COO format for :func:`chainer.functions.sparse_matmul`.

A :class:`CooMatrix` holds the entries ``data`` (a Variable, so that a
gradient can flow to it) at ``(row, col)`` of a dense ``shape``, for one
matrix (1-D ``data``, ``row``, ``col``) or a batch of matrices (2-D, the
first axis is the batch). An entry whose ``row`` and ``col`` are both
negative (``-1``) is padding: it stands for nothing, so that every matrix of
a batch can hold the same number of entries. Repeated ``(row, col)`` pairs
add up.
"""

from __future__ import annotations

import numbers

import numpy

import chainer
from chainer import _array_types
from chainer.variable import Variable

_ORDERS = ("C", "F", "other")


def _check_array(value, what, name):
    if isinstance(value, Variable):
        raise TypeError(f"{name}: {what} must be an array, not a Variable")
    if not isinstance(value, _array_types.ARRAY_TYPES):
        raise TypeError(f"{name}: {what} must be a NumPy or CuPy array, not {type(value).__name__}")


def _check_indices(row, col, name):
    _check_array(row, "row", name)
    _check_array(col, "col", name)
    if row.shape != col.shape:
        raise ValueError(
            f"{name}: row and col must have one shape, got {row.shape} and {col.shape}"
        )
    if row.ndim not in (1, 2):
        raise ValueError(f"{name}: row and col must be 1-D or 2-D (batched), got {row.ndim}-D")
    for what, idx in (("row", row), ("col", col)):
        if idx.dtype.kind != "i":
            raise TypeError(f"{name}: {what} must hold signed integers, got {idx.dtype}")
    if bool(((row < 0) != (col < 0)).any()):
        raise ValueError(
            f"{name}: invalid index combination of row and col: an entry is padding "
            "only when both are negative"
        )


def _is_sorted_by(major, minor):
    """Whether the entries (padding left out) are sorted by ``major``, then ``minor``."""
    keep = major >= 0
    major = major[keep]
    minor = minor[keep]
    if major.shape[0] <= 1:
        return True
    d_major = major[1:] - major[:-1]
    d_minor = minor[1:] - minor[:-1]
    return bool(((d_major > 0) | ((d_major == 0) & (d_minor >= 0))).all())


def get_order(row, col):
    """Tells whether COO indices are sorted in C (row-major) or F (column-major) order.

    Padding entries (both indices negative) are left out. For batched
    (2-D) indices, every matrix of the batch must have the order.

    Args:
        row (array): the row indices, 1-D or 2-D (batched), signed integers.
        col (array): the column indices, the shape of ``row``.

    Returns:
        str: ``'C'`` when the entries are sorted by row and then by column,
        else ``'F'`` when sorted by column and then by row, else ``'other'``.

    Raises:
        ValueError: when the shapes differ, or an entry has exactly one
            negative index.
    """
    _check_indices(row, col, "get_order")
    rows = [row] if row.ndim == 1 else list(row)
    cols = [col] if col.ndim == 1 else list(col)
    if all(_is_sorted_by(r, c) for r, c in zip(rows, cols)):
        return "C"
    if all(_is_sorted_by(c, r) for r, c in zip(rows, cols)):
        return "F"
    return "other"


class CooMatrix:
    """A sparse matrix, or a batch of them, in COO (coordinate) format.

    Args:
        data (array): the entries, shape ``(nnz,)`` or ``(batch, nnz)``,
            floating-point dtype. Held as ``self.data``, a Variable.
        row (array): the row index of each entry, the shape of ``data``,
            signed integers (``-1`` with ``col == -1`` marks padding).
        col (array): the column index of each entry, like ``row``.
        shape (tuple of two ints): the dense shape ``(rows, cols)`` of one
            matrix (without the batch axis); both positive.
        order (str or None): ``'C'`` (sorted by row), ``'F'`` (sorted by
            column) or ``'other'``: a hint for
            :func:`~chainer.functions.sparse_matmul`. None (the default)
            finds it with :func:`get_order`.
        requires_grad (bool): whether ``self.data`` takes a gradient.

    Attributes:
        data (Variable): the entries.
        row (array): the row indices.
        col (array): the column indices.
        shape (tuple of ints): the dense shape of one matrix.
        order (str): ``'C'``, ``'F'`` or ``'other'``.
    """

    def __init__(self, data, row, col, shape, order=None, requires_grad=False):
        _check_array(data, "data", "CooMatrix")
        if not 1 <= data.ndim <= 2:
            raise ValueError(f"CooMatrix: data must be 1-D or 2-D (batched), got {data.ndim}-D")
        _check_indices(row, col, "CooMatrix")
        if data.shape != row.shape:
            raise ValueError(
                f"CooMatrix: data, row and col must have one shape, got {data.shape} for data "
                f"and {row.shape} for row and col"
            )
        if (
            not isinstance(shape, (tuple, list))
            or len(shape) != 2
            or not all(isinstance(s, numbers.Integral) and not isinstance(s, bool) for s in shape)
        ):
            raise ValueError(f"CooMatrix: shape must be a pair of ints, got {shape!r}")
        shape = (int(shape[0]), int(shape[1]))
        if shape[0] <= 0 or shape[1] <= 0:
            raise ValueError(f"CooMatrix: the numbers in shape must be positive, got {shape}")
        if order not in _ORDERS + (None,):
            raise ValueError(f"CooMatrix: order must be 'C', 'F', 'other' or None, got {order!r}")
        if row.size and (int(row.max()) >= shape[0] or int(col.max()) >= shape[1]):
            raise ValueError(
                f"CooMatrix: an index is out of range for shape {shape}: max(row) == "
                f"{int(row.max())}, max(col) == {int(col.max())}"
            )
        self.data = Variable(data, requires_grad=requires_grad)
        self.row = row
        self.col = col
        self.shape = shape
        self.order = get_order(row, col) if order is None else order

    def to_dense(self):
        """The dense array of the matrix (entries at one position add up).

        Returns:
            array: shape ``shape`` or ``(batch,) + shape``, the dtype of
            ``data``, on the device of ``data``.
        """
        data = self.data.array
        xp = chainer.backend.get_array_module(data)
        m, n = self.shape
        nb = 1 if data.ndim == 1 else data.shape[0]
        batch = xp.arange(nb).reshape((nb, 1)) if data.ndim == 2 else 0
        keep = (self.row >= 0).ravel()
        flat = ((batch * m + self.row.astype(numpy.int64)) * n + self.col).ravel()[keep]
        dense = xp.bincount(flat, weights=data.ravel()[keep], minlength=nb * m * n)
        shape = self.shape if data.ndim == 1 else (nb,) + self.shape
        return dense.astype(data.dtype).reshape(shape)


def to_coo(x, ldnz=None, requires_grad=False):
    """Converts a dense matrix, or a batch of them, to a :class:`CooMatrix`.

    The non-zero entries are taken in C order (by row, then by column).

    Args:
        x (array): a matrix of shape ``(m, n)`` or a batch ``(b, m, n)``.
        ldnz (int or None): the number of entries to hold per matrix: the
            arrays have ``max(ldnz, nnz)`` entries, where ``nnz`` is the
            largest number of non-zeros of a matrix; the rest is padding.
        requires_grad (bool): whether the ``data`` of the result takes a gradient.

    Returns:
        CooMatrix: ``data`` with the dtype of ``x``, ``row`` and ``col`` as
        int32, ``shape == x.shape[-2:]`` and order ``'C'``.
    """
    _check_array(x, "x", "to_coo")
    if x.ndim not in (2, 3):
        raise ValueError(f"to_coo: x must be 2-D or 3-D (batched), got {x.ndim}-D")
    if ldnz is not None and (
        isinstance(ldnz, bool) or not isinstance(ldnz, numbers.Integral) or ldnz < 0
    ):
        raise ValueError(f"to_coo: ldnz must be None or a non-negative int, got {ldnz!r}")
    xp = chainer.backend.get_array_module(x)
    batched = x.ndim == 3
    xb = x if batched else x[None]
    nb = xb.shape[0]
    b, r, c = xp.nonzero(xb)
    counts = xp.bincount(b, minlength=nb)
    nnz = int(counts.max()) if nb else 0
    width = max(nnz, 0 if ldnz is None else int(ldnz))
    starts = xp.cumsum(counts) - counts
    pos = xp.arange(b.shape[0]) - starts[b]
    data = xp.zeros((nb, width), dtype=x.dtype)
    row = xp.full((nb, width), -1, dtype=numpy.int32)
    col = xp.full((nb, width), -1, dtype=numpy.int32)
    data[b, pos] = xb[b, r, c]
    row[b, pos] = r
    col[b, pos] = c
    if not batched:
        data, row, col = data[0], row[0], col[0]
    return CooMatrix(data, row, col, x.shape[-2:], order="C", requires_grad=requires_grad)
