"""The :class:`Orthogonal` initializer."""

from __future__ import annotations

import math

import numpy

from chainer.initializer import Initializer
from chainer.initializers._random import _fill_from, _parse_rng

# mode -> (reject in_dim > out_dim, reject in_dim < out_dim)
_MODES = {
    "auto": (False, False),
    "projection": (False, True),
    "embedding": (True, False),
    "basis": (True, True),
}


class Orthogonal(Initializer):
    """Fills an array with a scaled (semi-)orthogonal matrix.

    The array is viewed as an ``(out_dim, in_dim)`` matrix with
    ``out_dim = shape[0]`` and ``in_dim = prod(shape[1:])``. Its rows (when
    ``out_dim <= in_dim``) or its columns are orthogonal with norm ``scale``,
    so ``W W^T = scale^2 I`` or ``W^T W = scale^2 I``. A 0-dim array gets
    ``+scale`` or ``-scale``.

    Args:
        scale (float): the norm of the rows (or columns).
        dtype: the dtype this initializer is meant for, or None.
        mode (str): ``'auto'`` (any shape), ``'projection'`` (requires
            ``in_dim >= out_dim``), ``'embedding'`` (requires
            ``in_dim <= out_dim``) or ``'basis'`` (requires a square matrix).
        rng (keyword only): an object with ``normal`` and ``randint``; None
            uses ``numpy.random``.
    """

    def __init__(self, scale=1.1, dtype=None, mode="auto", **kwargs):
        if mode not in _MODES:
            raise ValueError(f"invalid mode {mode!r}: choose from {', '.join(map(repr, _MODES))}")
        self.scale = scale
        self.mode = mode
        self.rng = _parse_rng(type(self).__name__, kwargs)
        super().__init__(dtype)

    def __call__(self, array):
        """Fills ``array`` in place.

        Raises:
            ValueError: for an empty array, or a shape the mode rejects.
        """
        self._check_dtype(array)
        rng = numpy.random if self.rng is None else self.rng
        if array.ndim == 0:
            sign = 2 * int(rng.randint(2)) - 1
            _fill_from(array, numpy.asarray(self.scale * sign))
            return
        if array.size == 0:
            raise ValueError(f"Orthogonal cannot fill an empty array (shape {array.shape})")
        out_dim = array.shape[0]
        in_dim = math.prod(array.shape[1:])
        no_wide, no_tall = _MODES[self.mode]
        if (in_dim > out_dim and no_wide) or (in_dim < out_dim and no_tall):
            raise ValueError(
                f"Orthogonal(mode={self.mode!r}) cannot fill shape {array.shape}: it is "
                f"read as {out_dim} vectors in a {in_dim}-dimensional space"
            )
        wide = in_dim > out_dim
        a = rng.normal(size=(out_dim, in_dim))
        if wide:
            a = a.T
        q, r = numpy.linalg.qr(a)  # q: (rows, min) with orthonormal columns
        q = q * numpy.copysign(self.scale, numpy.diag(r))
        if wide:
            q = q.T
        _fill_from(array, q.reshape(array.shape))
