"""Parameter: a Variable that an optimizer updates, with lazy initialization."""

from __future__ import annotations

import numbers

import numpy

import chainer
from chainer import _array_types
from chainer.variable import Variable


class Parameter(Variable):
    """A learnable Variable held by a :class:`~chainer.Link`.

    A parameter may be created before its shape is known: give an initializer
    and no shape, and it is filled by :meth:`initialize` once the link sees
    its first input (``L.Linear(None, 10)``).

    Args:
        initializer: an array (used as the data), a scalar (a constant
            initializer), a callable ``initializer(array)`` such as the
            classes of :mod:`chainer.initializers`, or None (NaN fill, so a
            forgotten initialization is obvious).
        shape (int or tuple of ints): the shape, to initialize now; None
            defers initialization.
        name (str): the parameter's name.
        layout: the memory layout; only None (the natural one) is supported.

    Attributes:
        initializer: what fills the data at initialization.
        update_rule: the :class:`~chainer.UpdateRule` an optimizer attached,
            or None.
    """

    def __init__(self, initializer=None, shape=None, name=None, *, layout=None):
        if layout is not None:
            raise ValueError(
                f"Parameter: memory layout {layout!r} is not supported; parameters keep "
                "their natural layout (layout=None)"
            )
        if isinstance(initializer, _array_types.ARRAY_TYPES):
            super().__init__(initializer, name=name)
            self.initializer = chainer.initializers.Constant(initializer)
            self._initial_device = chainer.backend.get_device_from_array(initializer)
        else:
            super().__init__(None, name=name)
            if initializer is None:
                initializer = chainer.initializers.NaN()
            elif isinstance(initializer, (numbers.Number, numpy.generic)):
                initializer = chainer.initializers.Constant(initializer)
            elif not callable(initializer):
                raise TypeError(
                    "Parameter's initializer must be an array, a scalar, a callable or "
                    f"None, not {type(initializer).__name__}"
                )
            self.initializer = initializer
            self._initial_device = chainer.backend.CpuDevice()
            if shape is not None:
                self.initialize(shape)
        self.update_rule = None

    def __reduce__(self):
        state = (
            self._data,
            self.name,
            self.grad,
            self.initializer,
            self.update_rule,
            self._requires_grad,
            self._initial_device,
        )
        return _recover_parameter, state

    @property
    def is_initialized(self):
        """Whether the data array exists."""
        return self._data is not None

    @property
    def dtype(self):
        if self._data is not None:
            return self._data.dtype
        return numpy.dtype(getattr(self.initializer, "dtype", None) or chainer.get_dtype())

    def initialize(self, shape):
        """Allocates the data with ``shape`` on the parameter's device and fills it.

        Args:
            shape (int or tuple of ints): the shape of the new array.
        """
        if isinstance(shape, int):
            shape = (shape,)
        dtype = self.dtype
        device = self._initial_device
        array = chainer.initializers.generate_array(
            self.initializer, tuple(shape), device.xp, dtype=dtype, device=device
        )
        self.array = array
        self.grad = None

    def zerograd(self):
        if self._data is None:
            return
        super().zerograd()

    def update(self):
        """Updates the data by its update rule (no-op without one)."""
        if self.update_rule is not None:
            self.update_rule.update(self)

    def to_device(self, device):
        device = chainer.get_device(device)
        self._initial_device = device
        return super().to_device(device)


def _recover_parameter(data, name, grad, initializer, update_rule, requires_grad, device):
    p = Parameter(initializer=initializer, name=name)
    if data is not None:
        p.array = data
    if grad is not None:
        p.grad = grad
    p.update_rule = update_rule
    p._requires_grad = requires_grad
    p._node.requires_grad = requires_grad
    p._initial_device = device
    return p
