"""Seedable random numbers, one generator per device.

Each device has its own legacy-style generator (``numpy.random.RandomState`` on the
CPU, ``cupy.random.RandomState`` on a GPU), created on first use. Functions draw from
the generator of the current device, or, when given arrays (``choice``,
``permutation``, ``shuffle``), of the arrays' device. NumPy's and CuPy's global
generators are neither used nor reseeded.

Example:
    >>> cupy_lite.random.seed(0)            # seeds the current device's generator
    >>> x = cupy_lite.random.rand(10)       # same numbers after every seed(0)
"""

from __future__ import annotations

import threading

from cupy_lite import _device
from cupy_lite._registry import find_device, get_device

__all__ = [
    "beta",
    "binomial",
    "choice",
    "default_rng",
    "exponential",
    "gamma",
    "get_random_state",
    "multivariate_normal",
    "normal",
    "permutation",
    "poisson",
    "rand",
    "randint",
    "randn",
    "random",
    "random_sample",
    "seed",
    "shuffle",
    "standard_normal",
    "uniform",
]

_state = _device._state
_generators: dict[str, object] = {}
_lock = threading.Lock()


def _new_state(device, seed_value=None):
    return device._run(device.xp.random.RandomState, (seed_value,), {})


def get_random_state(device=None):
    """Returns the generator of a device (default: the current one).

    Returns:
        numpy.random.RandomState or cupy.random.RandomState.
    """
    device = _state.current if device is None else get_device(device)
    generator = _generators.get(device.name)
    if generator is None:
        with _lock:
            generator = _generators.get(device.name)
            if generator is None:
                generator = _generators[device.name] = _new_state(device)
    return generator


def seed(seed=None, device=None) -> None:
    """Seeds the generator of a device (default: the current one).

    Args:
        seed (int or None): the seed; None seeds from the OS entropy source.
        device: the device (anything ``get_device`` accepts).
    """
    device = _state.current if device is None else get_device(device)
    with _lock:
        _generators[device.name] = _new_state(device, seed)


def default_rng(seed=None):
    """Returns a new ``Generator`` of the current device's array module.

    Args:
        seed: passed to ``numpy.random.default_rng`` / ``cupy.random.default_rng``.
    """
    device = _state.current
    return device._run(device.xp.random.default_rng, (seed,), {})


def _drawer(name: str):
    def draw(*args, **kwargs):
        device = find_device(args, kwargs) or _state.current
        generator = _generators.get(device.name) or get_random_state(device)
        return device._run(getattr(generator, name), args, kwargs)

    draw.__name__ = draw.__qualname__ = name
    draw.__doc__ = (
        f"``RandomState.{name}`` of the current device's generator (of the arrays' "
        "device when given arrays); arguments as in NumPy."
    )
    return draw


beta = _drawer("beta")
binomial = _drawer("binomial")
choice = _drawer("choice")
exponential = _drawer("exponential")
gamma = _drawer("gamma")
multivariate_normal = _drawer("multivariate_normal")
normal = _drawer("normal")
permutation = _drawer("permutation")
poisson = _drawer("poisson")
rand = _drawer("rand")
randint = _drawer("randint")
randn = _drawer("randn")
random = _drawer("random_sample")
random.__name__ = random.__qualname__ = "random"
random_sample = _drawer("random_sample")
shuffle = _drawer("shuffle")
standard_normal = _drawer("standard_normal")
uniform = _drawer("uniform")
