"""Linear: the fully connected layer ``y = x W^T + b``."""

from __future__ import annotations

import numpy

import chainer
from chainer import link
from chainer.functions.connection import linear as linear_function
from chainer.links.connection import _utils
from chainer.parameter import Parameter

_NAME = "Linear"


class Linear(link.Link):
    """Linear layer (fully connected layer): ``y = x W^T + b``.

    Holds the weight matrix ``W`` of shape ``(out_size, in_size)`` and,
    unless ``nobias``, the bias ``b`` of shape ``(out_size,)``, and applies
    :func:`chainer.functions.linear`.

    Called with one size (``Linear(10)``), that size is ``out_size`` and the
    input size is taken from the first input; ``Linear(None, 10)`` is the
    same. The other arguments must then be given by keyword.

    Args:
        in_size (int or None): The number of input features; None defers
            the allocation of ``W`` to the first forward pass, which takes it
            from the input (the product of its non-batch axes).
        out_size (int): The number of output features.
        nobias (bool): If True, the link has no bias (``b`` is None).
        initialW: The initializer of ``W``: an initializer, a scalar, an
            array of shape ``(out_size, in_size)``, or None for
            :class:`~chainer.initializers.LeCunNormal`.
        initial_bias: The initializer of ``b``: an initializer, a scalar, an
            array of shape ``(out_size,)``, or None for zeros.

    Attributes:
        W (~chainer.Parameter): The weight, ``(out_size, in_size)``.
        b (~chainer.Parameter or None): The bias, ``(out_size,)``.
        in_size (int or None): The number of input features (None until
            known).
        out_size (int): The number of output features.

    Parameters take the dtype of their initializer, or ``chainer.config.dtype``
    (float32 by default) when it has none. The bias must have the dtype of the
    input (see :func:`chainer.functions.linear`).

    .. admonition:: Example

        >>> import numpy as np
        >>> import chainer.links as L
        >>> l = L.Linear(10)
        >>> l(np.zeros((2, 5), np.float32)).shape
        (2, 10)
        >>> l.W.shape
        (10, 5)
    """

    def __init__(self, in_size, out_size=None, nobias=False, initialW=None, initial_bias=None):
        super().__init__()
        if out_size is None:
            in_size, out_size = None, in_size
        self.in_size = _utils.check_size(_NAME, "in_size", in_size, allow_none=True)
        self.out_size = _utils.check_size(_NAME, "out_size", out_size)
        nobias = _utils.check_bool(_NAME, "nobias", nobias)
        self._initialW_shape = _utils.array_shape(initialW)
        with self.init_scope():
            self.W = Parameter(_utils.get_initializer(_NAME, "initialW", initialW))
            if nobias:
                self.b = None
            else:
                self.b = Parameter(_utils.get_initializer(_NAME, "initial_bias", initial_bias, 0))
                _utils.initialize_param(
                    _NAME,
                    "initial_bias",
                    self.b,
                    _utils.array_shape(initial_bias),
                    (self.out_size,),
                )
        if self.in_size is not None:
            self._initialize_params(self.in_size)

    def _initialize_params(self, in_size):
        _utils.initialize_param(
            _NAME, "initialW", self.W, self._initialW_shape, (self.out_size, in_size)
        )
        self.in_size = in_size

    @classmethod
    def from_params(cls, W, b=None, nobias=False):
        """Builds a Linear whose parameters are copies of the given arrays.

        Args:
            W (Variable or array): The weight, ``(out_size, in_size)``.
            b (Variable or array or None): The bias, ``(out_size,)``.
            nobias (bool): If True (and ``b`` is None), the link has no bias.

        Returns:
            Linear: The link (its parameters take ``chainer.config.dtype``).

        Raises:
            ValueError: When ``W`` is not 2-dimensional, or ``b`` does not
                have ``out_size`` elements, or ``b`` is given with ``nobias``.
        """
        W = chainer.as_array(W)
        if W.ndim != 2:
            raise ValueError(f"Linear.from_params: W must be 2-dimensional, got shape {W.shape}")
        out_size, in_size = W.shape
        if b is not None:
            if nobias:
                raise ValueError("Linear.from_params: b is given but nobias is True")
            b = chainer.as_array(b)
            if b.shape != (out_size,):
                raise ValueError(
                    f"Linear.from_params: b must have shape (out_size,) == ({out_size},), "
                    f"got {b.shape}"
                )
        return cls(in_size, out_size, nobias, initialW=W, initial_bias=b)

    @property
    def printable_specs(self):
        """Yields ``in_size``, ``out_size`` and ``nobias`` for ``str(link)``."""
        yield "in_size", self.in_size
        yield "out_size", self.out_size
        yield "nobias", self.b is None

    def forward(self, x, n_batch_axes=1):
        """Applies the layer.

        Args:
            x (Variable or array): The input ``(s_1, ..., s_n, ...)``,
                floating point; the axes after the first ``n_batch_axes``
                are flattened into ``in_size`` features.
            n_batch_axes (int): How many leading axes of ``x`` are batch axes.

        Returns:
            Variable: ``(s_1, ..., s_n, out_size)``, the dtype of ``x``.
        """
        if self.W.array is None:
            if not _utils.is_int(n_batch_axes) or not 1 <= n_batch_axes < len(x.shape):
                raise ValueError(
                    f"{_NAME}: n_batch_axes must be an int in [1, x.ndim) = "
                    f"[1, {len(x.shape)}) (x.shape == {tuple(x.shape)}), got {n_batch_axes!r}"
                )
            in_size = int(numpy.prod(x.shape[n_batch_axes:], dtype=numpy.int64))
            self._initialize_params(in_size)
        return linear_function.linear(x, self.W, self.b, n_batch_axes=n_batch_axes)
