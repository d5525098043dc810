"""upsampling_2d: each pixel placed where max pooling found its maximum (the inverse of pooling).

:class:`Upsampling2D` (forward) scatters; its gradient gathers at the same
positions (:class:`~chainer.functions.pooling.max_pooling_nd.MaxPoolingNDWithIndexes`),
whose gradient scatters again, so derivatives of any order work.
"""

from __future__ import annotations

from chainer import _array_types
from chainer.function_node import FunctionNode
from chainer.functions.pooling import _pooling
from chainer.functions.pooling.max_pooling_nd import MaxPoolingNDWithIndexes
from chainer.utils import type_check


class Upsampling2D(FunctionNode):
    """Places ``x[i, j, p, q]`` at offset ``indexes[i, j, p, q]`` of window ``(p, q)``.

    Args:
        indexes (array): integer window offsets ``a * kw + b``, the shape of
            the input.
        ksize, stride, pad, outsize, cover_all: see :func:`upsampling_2d`.
    """

    def __init__(self, indexes, ksize, stride=None, pad=0, outsize=None, cover_all=True):
        func = "upsampling_2d"
        if not isinstance(indexes, _array_types.ARRAY_TYPES) or indexes.dtype.kind not in "iu":
            raise TypeError(
                f"{func}: indexes must be an integer array (as returned by max_pooling_2d "
                f"with return_indices=True), not {type(indexes).__name__}"
                + (f" of dtype {indexes.dtype}" if hasattr(indexes, "dtype") else "")
            )
        self.params = _pooling.Params(func, 2, ksize, stride, pad, cover_all)
        self.indexes = indexes
        if outsize is not None:
            outsize = _pooling.as_tuple(outsize, 2, "outsize", 1, func)
        self.outsize = outsize

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ("x",))
        x_type = in_types[0]
        type_check.expect(x_type.dtype.kind == "f", x_type.ndim == 4)
        shape = tuple(type_check.eval(x_type.shape))
        if shape != tuple(self.indexes.shape):
            raise type_check.InvalidType(
                f"x.shape == indexes.shape == {tuple(self.indexes.shape)}", f"x.shape == {shape}"
            )
        p = self.params
        if self.outsize is not None and p.out_dims(self.outsize) != shape[2:]:
            raise type_check.InvalidType(
                f"outsize {self.outsize} pools back to the spatial size of x, "
                f"{p.out_dims(self.outsize)} (ksize {p.ksize}, stride {p.stride}, "
                f"pad {p.pad}, cover_all {p.cover_all})",
                f"x.shape[2:] == {shape[2:]}",
            )

    def forward(self, inputs):
        (x,) = inputs
        outsize = self.outsize or self.params.deconv_dims(x.shape[2:])
        self._out_shape = x.shape[:2] + tuple(outsize)
        return (_pooling.scatter(x, self.indexes, self.params, self._out_shape),)

    def backward(self, indexes, grad_outputs):
        node = MaxPoolingNDWithIndexes(self.params, self.indexes, self._out_shape)
        return node.apply(grad_outputs)


def upsampling_2d(x, indexes, ksize, stride=None, pad=0, outsize=None, cover_all=True):
    """Upsampling with the indices of a max pooling: puts each value back where its maximum was.

    The output starts as zeros; pixel ``x[i, j, p, q]`` is added at row
    ``p * sy - ph + a`` and column ``q * sx - pw + b`` of it, where
    ``a * kw + b = indexes[i, j, p, q]`` (positions outside the output are
    dropped).

    Args:
        x (Variable or array): a floating-point input of shape ``(n, c, h, w)``.
        indexes (array): integer window offsets of the shape of ``x``, as
            returned by :func:`max_pooling_2d` with ``return_indices=True``.
        ksize (int or pair of ints): the pooling window ``(kh, kw)``.
        stride (int, pair of ints or None): the pooling step ``(sy, sx)``;
            None means ``stride = ksize``.
        pad (int or pair of ints): the pooling padding ``(ph, pw)``.
        outsize (None, int or pair of ints): the output size ``(out_h,
            out_w)``; None means the size that pooling maps to ``(h, w)``
            (as :func:`unpooling_2d`). A given size must pool back to
            ``(h, w)``.
        cover_all (bool): whether the pooling used ``cover_all``.

    Returns:
        Variable: shape ``(n, c, out_h, out_w)``, the dtype of ``x``.
    """
    return Upsampling2D(indexes, ksize, stride, pad, outsize, cover_all).apply((x,))[0]
