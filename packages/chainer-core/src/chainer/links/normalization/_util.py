"""Helpers shared by the normalization links."""

from __future__ import annotations

import copy

import numpy

from chainer import initializer, initializers


class _Callable(initializer.Initializer):
    """An Initializer around a plain callable ``f(array)``, with a dtype."""

    def __init__(self, func, dtype):
        super().__init__(dtype)
        self.func = func

    def __call__(self, array):
        self.func(array)

    def __repr__(self):
        return f"_Callable({self.func!r}, dtype={self.dtype!r})"


def initializer_with_dtype(init, default, dtype):
    """The initializer for ``init`` (``default`` when None), made for ``dtype``.

    The caller's initializer object is not modified: an
    :class:`~chainer.Initializer` is copied before its dtype is set.
    """
    init = initializers._get_initializer(default if init is None else init)
    if isinstance(init, initializer.Initializer):
        init = copy.copy(init)
        init.dtype = numpy.dtype(dtype)
        return init
    return _Callable(init, numpy.dtype(dtype))


def parse_finetune(name, kwargs):
    """Reads the ``finetune`` keyword of a normalization link's forward.

    Raises:
        ValueError: for ``test=`` (removed in Chainer v2).
        TypeError: for any other keyword.
    """
    if "test" in kwargs:
        raise ValueError(
            f"{name}: the test argument is not supported anymore; "
            "use chainer.using_config('train', False) instead"
        )
    finetune = kwargs.pop("finetune", False)
    if kwargs:
        raise TypeError(
            f"{name}.forward() got unexpected keyword argument(s) {', '.join(sorted(kwargs))}"
        )
    return finetune
