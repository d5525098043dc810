"""The keyword options of ``convolution_2d`` and ``deconvolution_2d`` (``dilate``, ``groups``)."""

from __future__ import annotations

_REMOVED = {
    "deterministic": (
        "the deterministic argument is not supported anymore; use "
        "chainer.using_config('cudnn_deterministic', value) where value is True or False"
    ),
    "use_cudnn": (
        "the use_cudnn argument is not supported anymore; use "
        "chainer.using_config('use_cudnn', value) where value is 'always', 'never' or 'auto'"
    ),
}


def dilate_and_groups(func, kwargs):
    """``(dilate, groups)`` from the keyword options of ``func``, 1 by default.

    Raises:
        ValueError: for an option Chainer removed (``deterministic``, ``use_cudnn``),
            saying what replaced it.
        TypeError: for any other unknown option.
    """
    for name, message in _REMOVED.items():
        if name in kwargs:
            raise ValueError(f"{func}: {message}")
    unknown = sorted(set(kwargs) - {"dilate", "groups"})
    if unknown:
        raise TypeError(
            f"{func}() got unexpected keyword argument(s) {', '.join(unknown)}; "
            "accepted keyword options: dilate, groups"
        )
    return kwargs.get("dilate", 1), kwargs.get("groups", 1)
