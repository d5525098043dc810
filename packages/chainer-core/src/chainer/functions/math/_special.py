"""What the special-function ops share: the SciPy/CuPy lookup and a unary base node.

On the CPU the special functions come from ``scipy.special`` (the optional
``scipy`` extra of chainer-core, imported on first use); on the GPU from
``cupyx.scipy.special``. The results are cast back to the input's dtype (the
libraries compute float16 in a wider type).
"""

from __future__ import annotations

import numpy

import chainer
from chainer.function_node import FunctionNode
from chainer.utils import type_check

_INSTALL_HINT = 'pip install "chainer-core[scipy]"'


def special_module(xp, op_name):
    """The module of special functions for the array module ``xp``.

    Args:
        xp: ``numpy`` or ``cupy``.
        op_name (str): the public name of the op, for the error message.

    Returns:
        module: ``scipy.special`` for NumPy, ``cupyx.scipy.special`` for CuPy.

    Raises:
        ImportError: when SciPy is needed but not installed.
    """
    if xp is numpy:
        try:
            import scipy.special
        except ImportError as error:
            raise ImportError(
                f"F.{op_name} on the CPU needs SciPy, which is not installed; "
                f"install it with: {_INSTALL_HINT}"
            ) from error
        return scipy.special
    import cupyx.scipy.special

    return cupyx.scipy.special


def as_dtype(xp, y, dtype):
    """``y`` (an array or a NumPy scalar) as an array of ``dtype``."""
    return xp.asarray(y).astype(dtype, copy=False)


def check_float_x(in_types):
    """One floating-point input named ``x``."""
    type_check._argname(in_types, ("x",))
    type_check.expect(in_types.size() == 1, in_types[0].dtype.kind == "f")


class UnarySpecialFunction(FunctionNode):
    """An elementwise special function of one floating-point input.

    Subclasses set ``_name`` (the public op name, also the node's label) and
    ``_special_name`` (the function's name in ``scipy.special``), declare in
    ``_retain`` which of ``'x'`` and ``'y'`` their backward needs, and write
    ``backward`` with differentiable functions.
    """

    _name = ""
    _special_name = ""
    _retain = ()

    @property
    def label(self):
        return self._name

    def check_type_forward(self, in_types):
        check_float_x(in_types)

    def forward(self, inputs):
        (x,) = inputs
        if "x" in self._retain:
            self.retain_inputs((0,))
        if "y" in self._retain:
            self.retain_outputs((0,))
        xp = chainer.backend.get_array_module(x)
        func = getattr(special_module(xp, self._name), self._special_name)
        return (as_dtype(xp, func(x), x.dtype),)
