"""Argument checks and shape helpers shared by the connection links.

Every check names the link and the argument, says what was expected and
shows what came, so that a mistyped constructor call fails where it is made.
"""

from __future__ import annotations

import numbers

import numpy

from chainer import _array_types, initializers


def is_int(value):
    """Whether ``value`` is an integer (a bool is not)."""
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def check_size(link, name, value, allow_none=False, minimum=1):
    """``value`` as an int of at least ``minimum`` (or None when ``allow_none``).

    Raises:
        TypeError: when ``value`` is not an int (nor an allowed None).
        ValueError: when it is below ``minimum``.
    """
    if value is None and allow_none:
        return None
    if not is_int(value):
        expected = "an int" + (" or None" if allow_none else "")
        raise TypeError(f"{link}: {name} must be {expected}, not {value!r}")
    if value < minimum:
        raise ValueError(f"{link}: {name} must be at least {minimum}, got {value}")
    return int(value)


def check_bool(link, name, value):
    """``value`` as a bool; anything but a bool (or a NumPy bool) is a TypeError."""
    if not isinstance(value, (bool, numpy.bool_)):
        raise TypeError(f"{link}: {name} must be a bool, not {value!r}")
    return bool(value)


def as_tuple(link, name, value, ndim, minimum):
    """``value`` (an int or a sequence of ``ndim`` ints) as a tuple of ``ndim`` ints.

    Raises:
        TypeError: when ``value`` is neither.
        ValueError: when the length is wrong or an entry is below ``minimum``.
    """
    if is_int(value):
        values = (int(value),) * ndim
    elif isinstance(value, (tuple, list)) and all(is_int(v) for v in value):
        if len(value) != ndim:
            raise ValueError(
                f"{link}: {name} must be an int or a sequence of {ndim} ints, "
                f"got {len(value)} values: {tuple(value)!r}"
            )
        values = tuple(int(v) for v in value)
    else:
        raise TypeError(
            f"{link}: {name} must be an int or a sequence of {ndim} ints, not {value!r}"
        )
    if any(v < minimum for v in values):
        raise ValueError(f"{link}: every entry of {name} must be at least {minimum}, got {value!r}")
    return values


def as_outsize(link, outsize, ndim):
    """``outsize`` (None or a sequence of ``ndim`` positive ints) as None or a tuple.

    Raises:
        TypeError: when ``outsize`` is neither None nor a tuple or list.
        ValueError: when the length is wrong or an entry is below 1.
    """
    if outsize is None:
        return None
    if not isinstance(outsize, (tuple, list)):
        raise TypeError(f"{link}: outsize must be None or a tuple of {ndim} ints, not {outsize!r}")
    return as_tuple(link, "outsize", tuple(outsize), ndim, 1)


def get_initializer(link, name, value, default=None):
    """The initializer that a link argument stands for.

    ``None`` gives ``default`` (when not None) or :class:`~chainer.initializers.LeCunNormal`;
    a scalar or an array gives a :class:`~chainer.initializers.Constant`; a
    callable is used as it is.

    Raises:
        TypeError: for anything else, naming the argument.
    """
    if value is None and default is not None:
        value = default
    try:
        return initializers._get_initializer(value)
    except (TypeError, ValueError):
        raise TypeError(
            f"{link}: {name} must be None, a scalar, an array or an initializer (a callable "
            f"that fills an array), not {type(value).__name__}"
        ) from None


def array_shape(value):
    """The shape of ``value`` when it is an array of one or more axes, else None.

    Links keep this (not the array) to check an array initializer against the
    parameter's shape once that shape is known.
    """
    if isinstance(value, _array_types.ARRAY_TYPES) and value.ndim > 0:
        return tuple(value.shape)
    return None


def initialize_param(link, name, param, given_shape, shape):
    """Initializes ``param`` with ``shape`` after checking the initializer's array shape.

    Args:
        link (str): The link's name, for the message.
        name (str): The initializer argument's name, for the message.
        param (~chainer.Parameter): The parameter to initialize.
        given_shape (tuple or None): :func:`array_shape` of the initializer argument.
        shape (tuple of ints): The parameter's shape.

    Raises:
        ValueError: when the initializer is an array of another shape.
    """
    shape = tuple(int(s) for s in shape)
    if given_shape is not None and given_shape != shape:
        raise ValueError(
            f"{link}: {name} is an array of shape {given_shape}, but the parameter "
            f"has shape {shape}"
        )
    param.initialize(shape)


def input_channels(link, x, ndim):
    """The channel count ``x.shape[1]`` of an input with ``ndim`` spatial axes.

    Raises:
        ValueError: when ``x`` does not have shape ``(n, c, d_1, ..., d_ndim)``.
    """
    shape = tuple(x.shape)
    if len(shape) != ndim + 2:
        axes = ", ".join(f"d_{i + 1}" for i in range(ndim))
        raise ValueError(
            f"{link}: the input must have shape (n, c, {axes}) ({ndim + 2} axes), got shape {shape}"
        )
    return shape[1]


def check_groups(link, in_channels, out_channels, groups):
    """Checks that ``groups`` divides both channel counts (``in_channels`` may be None)."""
    if out_channels % groups != 0:
        raise ValueError(
            f"{link}: out_channels ({out_channels}) must be divisible by groups ({groups})"
        )
    if in_channels is not None and in_channels % groups != 0:
        raise ValueError(
            f"{link}: in_channels ({in_channels}) must be divisible by groups ({groups})"
        )


REMOVED_KWARGS = {
    "deterministic": (
        "the deterministic argument is not supported anymore; use "
        "chainer.using_config('cudnn_deterministic', value) where value is True or False"
    ),
    "use_cudnn": (
        "the use_cudnn argument is not supported anymore; use "
        "chainer.using_config('use_cudnn', value) where value is 'always', 'never' or 'auto'"
    ),
    "wscale": (
        "the wscale argument is not supported anymore; pass an initializer (initialW, "
        "or conv_init for MLPConvolution2D) with the scale you want"
    ),
}


def parse_kwargs(link, kwargs, **defaults):
    """The values of the keyword options ``defaults`` names, from ``kwargs``.

    Raises:
        ValueError: for an option Chainer removed, saying what replaced it.
        TypeError: for any other unknown option.
    """
    for name, message in REMOVED_KWARGS.items():
        if name in kwargs and name not in defaults:
            raise ValueError(f"{link}: {message}")
    unknown = sorted(set(kwargs) - set(defaults))
    if unknown:
        accepted = ", ".join(defaults) or "none"
        raise TypeError(
            f"{link}() got unexpected keyword argument(s) {', '.join(unknown)}; "
            f"accepted keyword options: {accepted}"
        )
    return tuple(kwargs.get(name, default) for name, default in defaults.items())
