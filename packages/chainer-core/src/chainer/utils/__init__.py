"""Standalone helpers of ``chainer.utils``.

Importing this package is cheap: it needs NumPy only. Helpers that need the
autograd engine (``sum_to``, ``CooMatrix``, ``WalkerAlias``...) live in their
own modules.
"""

from chainer.utils._array import force_array, force_type, size_of_shape
from chainer.utils._conv_outsize import get_conv_outsize, get_deconv_outsize
from chainer.utils._final import enable_final, final
from chainer.utils._sum_to import sum_to
from chainer.utils._tempdir import tempdir
from chainer.utils._warnings import experimental, nondeterministic


def __getattr__(name):
    # WalkerAlias and the sparse helpers need the engine; import them on first use so
    # that ``import chainer.utils`` stays NumPy-only.
    if name == "WalkerAlias":
        from chainer.utils.walker_alias import WalkerAlias

        return WalkerAlias
    if name in ("CooMatrix", "get_order", "to_coo"):
        from chainer.utils import sparse

        return getattr(sparse, name)
    raise AttributeError(f"module 'chainer.utils' has no attribute {name!r}")


__all__ = [  # noqa: F822 - some names are provided by __getattr__
    "CooMatrix",
    "WalkerAlias",
    "get_order",
    "to_coo",
    "enable_final",
    "experimental",
    "final",
    "force_array",
    "force_type",
    "get_conv_outsize",
    "get_deconv_outsize",
    "nondeterministic",
    "size_of_shape",
    "sum_to",
    "tempdir",
]
