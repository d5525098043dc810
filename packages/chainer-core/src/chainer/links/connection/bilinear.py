"""Bilinear: a layer that combines two input vectors through a learned 3-d tensor."""

from __future__ import annotations

import warnings

from chainer import link
from chainer.functions.connection import bilinear as bilinear_function
from chainer.links.connection import _utils
from chainer.parameter import Parameter

_NAME = "Bilinear"


class Bilinear(link.Link):
    """Bilinear layer: ``y[n, l] = sum_jk e1[n, j] e2[n, k] W[j, k, l] + linear terms``.

    Applies :func:`chainer.functions.bilinear` with the parameters ``W``
    ``(left_size, right_size, out_size)`` and, unless ``nobias``, ``V1``
    ``(left_size, out_size)``, ``V2`` ``(right_size, out_size)`` and ``b``
    ``(out_size,)``, which add ``e1 V1 + e2 V2 + b``.

    Args:
        left_size (int): The length ``J`` of the left input vectors ``e1``.
        right_size (int): The length ``K`` of the right input vectors ``e2``.
        out_size (int): The length ``L`` of the output vectors.
        nobias (bool): If True, the link has no ``V1``, ``V2`` and ``b``.
        initialW: The initializer of ``W``: an initializer, a scalar, an
            array of ``W``'s shape, or None for
            :class:`~chainer.initializers.LeCunNormal`.
        initial_bias (tuple or None): A tuple of three initializers, for
            ``V1``, ``V2`` and ``b``; None for LeCunNormal, LeCunNormal and zeros.

    Attributes:
        W (~chainer.Parameter): The bilinear weight.
        V1 (~chainer.Parameter): The linear weight of ``e1`` (absent with ``nobias``).
        V2 (~chainer.Parameter): The linear weight of ``e2`` (absent with ``nobias``).
        b (~chainer.Parameter): The bias (absent with ``nobias``).
        in_sizes (tuple of two ints): ``(left_size, right_size)``.
        nobias (bool): Whether the link has no linear terms and bias.
    """

    def __init__(
        self, left_size, right_size, out_size, nobias=False, initialW=None, initial_bias=None
    ):
        super().__init__()
        left_size = _utils.check_size(_NAME, "left_size", left_size)
        right_size = _utils.check_size(_NAME, "right_size", right_size)
        out_size = _utils.check_size(_NAME, "out_size", out_size)
        self.in_sizes = (left_size, right_size)
        self.nobias = _utils.check_bool(_NAME, "nobias", nobias)
        with self.init_scope():
            self.W = Parameter(_utils.get_initializer(_NAME, "initialW", initialW))
            _utils.initialize_param(
                _NAME,
                "initialW",
                self.W,
                _utils.array_shape(initialW),
                (left_size, right_size, out_size),
            )
            if self.nobias:
                return
            if initial_bias is None:
                initial_bias = (None, None, 0)
            elif not isinstance(initial_bias, tuple) or len(initial_bias) != 3:
                what = (
                    f"a tuple of length {len(initial_bias)}"
                    if isinstance(initial_bias, tuple)
                    else type(initial_bias).__name__
                )
                raise ValueError(
                    f"{_NAME}: initial_bias must be None or a tuple of three initializers "
                    f"(for V1, V2 and b), got {what}"
                )
            shapes = ((left_size, out_size), (right_size, out_size), (out_size,))
            for name, value, shape in zip(("V1", "V2", "b"), initial_bias, shapes):
                what = f"initial_bias[{('V1', 'V2', 'b').index(name)}] ({name})"
                param = Parameter(_utils.get_initializer(_NAME, what, value))
                _utils.initialize_param(_NAME, what, param, _utils.array_shape(value), shape)
                setattr(self, name, param)

    def zero_grads(self):
        """Fills the gradients with zeros (deprecated: use :meth:`cleargrads`)."""
        warnings.warn(
            "Bilinear.zero_grads is deprecated; use cleargrads instead",
            DeprecationWarning,
            stacklevel=2,
        )
        for param in self.params():
            param.zerograd()

    def forward(self, e1, e2):
        """Applies the bilinear function.

        Args:
            e1 (Variable or array): The left inputs ``(N, left_size)`` (or
                ``(N, ...)`` with ``left_size`` elements per row), floating point.
            e2 (Variable or array): The right inputs ``(N, right_size)`` (or
                ``(N, ...)``), of ``e1``'s dtype.

        Returns:
            Variable: ``(N, out_size)``, the dtype of ``e1``.
        """
        if self.nobias:
            return bilinear_function.bilinear(e1, e2, self.W)
        return bilinear_function.bilinear(e1, e2, self.W, self.V1, self.V2, self.b)
