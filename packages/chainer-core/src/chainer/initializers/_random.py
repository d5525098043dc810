"""Random initializers: normal and uniform draws, optionally scaled by the fans."""

from __future__ import annotations

import math

import numpy

import cupy_lite
from chainer.initializer import Initializer, get_fans


def _parse_rng(cls_name, kwargs):
    rng = kwargs.pop("rng", None)
    if kwargs:
        raise TypeError(f"{cls_name}() got unexpected keyword arguments {sorted(kwargs)}")
    return rng


def _fill_from(array, sample):
    """Writes ``sample`` (a NumPy or CuPy array) into ``array``, on ``array``'s device."""
    device = cupy_lite.get_device_from_array(array)
    sample = device.send(sample)
    device.xp.copyto(array, sample, casting="unsafe")


def _draw(array, rng, method, **params):
    """Fills ``array`` with ``rng.<method>(**params, size=array.shape)``.

    Without ``rng`` the array module's global generator draws (``numpy.random``
    or ``cupy.random``), so ``numpy.random.seed`` makes the draws reproducible.
    Half-precision arrays are drawn in a wider float type and then cast.
    """
    if rng is None:
        xp = cupy_lite.get_array_module(array)
        extra = {}
        if xp is not numpy and array.dtype in (numpy.float16, numpy.float32):
            extra["dtype"] = numpy.float32  # CuPy's generator draws float32 directly
        sample = getattr(xp.random, method)(size=array.shape, **params, **extra)
    else:
        sample = getattr(rng, method)(size=array.shape, **params)
    _fill_from(array, sample)


class Normal(Initializer):
    """Draws from a normal distribution of mean 0 and standard deviation ``scale``.

    Args:
        scale (float): the standard deviation.
        dtype: the dtype this initializer is meant for, or None.
        rng (keyword only): a ``numpy.random.RandomState``/``Generator``-like
            object with ``normal``; None uses the array module's global RNG.
    """

    def __init__(self, scale=0.05, dtype=None, **kwargs):
        self.scale = scale
        self.rng = _parse_rng(type(self).__name__, kwargs)
        super().__init__(dtype)

    def __call__(self, array):
        """Fills ``array`` (any float shape) in place."""
        self._check_dtype(array)
        _draw(array, self.rng, "normal", loc=0.0, scale=self.scale)


class Uniform(Initializer):
    """Draws from the uniform distribution on ``[-scale, scale)``.

    Args:
        scale (float): the half-width of the interval.
        dtype: the dtype this initializer is meant for, or None.
        rng (keyword only): an object with ``uniform``; None uses the array
            module's global RNG.
    """

    def __init__(self, scale=0.05, dtype=None, **kwargs):
        self.scale = scale
        self.rng = _parse_rng(type(self).__name__, kwargs)
        super().__init__(dtype)

    def __call__(self, array):
        """Fills ``array`` (any float shape) in place."""
        self._check_dtype(array)
        _draw(array, self.rng, "uniform", low=-self.scale, high=self.scale)


class _FanScaled(Initializer):
    """A normal or uniform draw whose width is computed from the array's fans."""

    _base = Normal

    def __init__(self, scale=1.0, dtype=None, **kwargs):
        self.scale = scale
        self.rng = _parse_rng(type(self).__name__, kwargs)
        super().__init__(dtype)

    def _width(self, fan_in, fan_out):
        raise NotImplementedError

    def __call__(self, array):
        """Fills ``array`` (at least 2-D: ``(out, in, ...)``) in place."""
        self._check_dtype(array)
        fan_in, fan_out = get_fans(array.shape)
        width = self.scale * self._width(fan_in, fan_out)
        self._base(width, rng=self.rng)(array)


class LeCunNormal(_FanScaled):
    """Normal draw with standard deviation ``scale * sqrt(1 / fan_in)``.

    Args:
        scale (float): a factor on the standard deviation.
        dtype: the dtype this initializer is meant for, or None.
        rng (keyword only): an RNG object; None uses the global RNG.
    """

    def _width(self, fan_in, fan_out):
        return math.sqrt(1.0 / fan_in)


class GlorotNormal(_FanScaled):
    """Normal draw with standard deviation ``scale * sqrt(2 / (fan_in + fan_out))``.

    Args:
        scale (float): a factor on the standard deviation.
        dtype: the dtype this initializer is meant for, or None.
        rng (keyword only): an RNG object; None uses the global RNG.
    """

    def _width(self, fan_in, fan_out):
        return math.sqrt(2.0 / (fan_in + fan_out))


class HeNormal(_FanScaled):
    """Normal draw with standard deviation ``scale * sqrt(2 / fan)``.

    Args:
        scale (float): a factor on the standard deviation.
        dtype: the dtype this initializer is meant for, or None.
        fan_option (str): ``'fan_in'`` or ``'fan_out'``: which fan is used.
        rng (keyword only): an RNG object; None uses the global RNG.
    """

    def __init__(self, scale=1.0, dtype=None, fan_option="fan_in", **kwargs):
        if fan_option not in ("fan_in", "fan_out"):
            raise ValueError(f"fan_option must be 'fan_in' or 'fan_out', not {fan_option!r}")
        self.fan_option = fan_option
        super().__init__(scale, dtype, **kwargs)

    def _width(self, fan_in, fan_out):
        fan = fan_in if self.fan_option == "fan_in" else fan_out
        return math.sqrt(2.0 / fan)


class LeCunUniform(_FanScaled):
    """Uniform draw on ``[-s, s)`` with ``s = scale * sqrt(3 / fan_in)``.

    Args:
        scale (float): a factor on the bound.
        dtype: the dtype this initializer is meant for, or None.
        rng (keyword only): an RNG object; None uses the global RNG.
    """

    _base = Uniform

    def _width(self, fan_in, fan_out):
        return math.sqrt(3.0 / fan_in)


class GlorotUniform(_FanScaled):
    """Uniform draw on ``[-s, s)`` with ``s = scale * sqrt(6 / (fan_in + fan_out))``.

    Args:
        scale (float): a factor on the bound.
        dtype: the dtype this initializer is meant for, or None.
        rng (keyword only): an RNG object; None uses the global RNG.
    """

    _base = Uniform

    def _width(self, fan_in, fan_out):
        return math.sqrt(6.0 / (fan_in + fan_out))


class HeUniform(_FanScaled):
    """Uniform draw on ``[-s, s)`` with ``s = scale * sqrt(6 / fan_in)``.

    Args:
        scale (float): a factor on the bound.
        dtype: the dtype this initializer is meant for, or None.
        rng (keyword only): an RNG object; None uses the global RNG.
    """

    _base = Uniform

    def _width(self, fan_in, fan_out):
        return math.sqrt(6.0 / fan_in)
