"""Maxout: the maximum over groups of affine units."""

from __future__ import annotations

import numbers

import numpy

from chainer import _array_types, initializer, link
from chainer.functions.activation.maxout import maxout
from chainer.links.connection.linear import Linear

__all__ = ["Maxout"]


class _Regrouped(initializer.Initializer):
    """Runs an initializer on a view of the array with a grouped shape.

    Maxout's weight is stored as ``(out_size * pool_size, in_size)`` but its
    initializer sees it as ``(out_size, pool_size, in_size)``.
    """

    def __init__(self, base, shape):
        super().__init__(getattr(base, "dtype", None))
        self.base = base
        self.shape = tuple(shape)

    def __call__(self, array):
        self.base(array.reshape(self.shape + array.shape[1:]))

    def __repr__(self):
        return f"_Regrouped({self.base!r}, {self.shape})"


def _is_scalar(value):
    return isinstance(value, (numbers.Number, numpy.generic)) and not isinstance(value, bool)


class Maxout(link.Chain):
    """Fully-connected maxout layer.

    ``y[n, i] = max_j (W[i, j] . x[n] + b[i, j])`` for ``j < pool_size``: each
    output unit is the maximum of ``pool_size`` affine units.

    Args:
        in_size (int or None): the input size; None defers the weight's
            creation to the first forward.
        out_size (int): the output size.
        pool_size (int): the number of affine units per output unit.
        initialW: the weight's initializer. An array must have the shape
            ``(out_size, pool_size, in_size)``; an initializer is given views
            of that shape. None uses the default of
            :class:`~chainer.links.Linear`.
        initial_bias: the bias's initializer (0 by default). An array must
            have the shape ``(out_size, pool_size)``. None means no bias.

    Attributes:
        linear (~chainer.links.Linear): the affine units, ``W`` of shape
            ``(out_size * pool_size, in_size)`` (row ``i * pool_size + j`` is
            unit ``j`` of output ``i``).
        out_size (int): the output size.
        pool_size (int): the pool size.

    Raises:
        ValueError: for an array ``initialW`` that is not 3-dimensional or an
            array ``initial_bias`` that is not 2-dimensional.
        TypeError: for an ``initial_bias`` that is neither a scalar, an array,
            a callable nor None.

    .. seealso:: :func:`chainer.functions.maxout`
    """

    def __init__(self, in_size, out_size, pool_size, initialW=None, initial_bias=0):
        super().__init__()
        linear_out_size = out_size * pool_size
        if initialW is None or _is_scalar(initialW):
            pass
        elif isinstance(initialW, _array_types.ARRAY_TYPES):
            if initialW.ndim != 3:
                raise ValueError(
                    "Maxout: initialW must be a 3-dimensional array (out_size, pool_size, "
                    f"in_size) = ({out_size}, {pool_size}, {in_size}), got shape {initialW.shape}"
                )
            initialW = initialW.reshape(linear_out_size, -1)
        elif callable(initialW):
            initialW = _Regrouped(initialW, (out_size, pool_size))
        else:
            raise TypeError(
                "Maxout: initialW must be None, a scalar, an array or a callable, "
                f"not {type(initialW).__name__}"
            )

        if initial_bias is None or _is_scalar(initial_bias):
            pass
        elif isinstance(initial_bias, _array_types.ARRAY_TYPES):
            if initial_bias.ndim != 2:
                raise ValueError(
                    "Maxout: initial_bias must be a 2-dimensional array (out_size, pool_size) "
                    f"= ({out_size}, {pool_size}), got shape {initial_bias.shape}"
                )
            initial_bias = initial_bias.reshape(linear_out_size)
        elif callable(initial_bias):
            initial_bias = _Regrouped(initial_bias, (out_size, pool_size))
        else:
            raise TypeError(
                "Maxout: initial_bias must be None, a scalar, an array or a callable, "
                f"not {type(initial_bias).__name__}"
            )

        with self.init_scope():
            self.linear = Linear(
                in_size,
                linear_out_size,
                nobias=initial_bias is None,
                initialW=initialW,
                initial_bias=initial_bias,
            )
        self.out_size = out_size
        self.pool_size = pool_size

    def forward(self, x):
        """Applies the maxout layer.

        Args:
            x (~chainer.Variable or array): the input ``(N, ...)``; the axes
                after the first are flattened to ``in_size``.

        Returns:
            ~chainer.Variable: the output ``(N, out_size)``.
        """
        return maxout(self.linear(x), self.pool_size)
