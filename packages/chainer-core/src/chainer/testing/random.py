"""Fixed random seeds for tests: :func:`fix_random` and :func:`generate_seed`."""

import functools
import os
import random as _python_random
import sys
import threading

import numpy

_state = threading.local()


def _seed():
    return int(os.environ.get("CHAINER_TEST_RANDOM_SEED", "0"))


def _depth():
    return getattr(_state, "depth", 0)


def _setup():
    if _depth() == 0:
        _state.saved = (_python_random.getstate(), numpy.random.get_state())  # noqa: NPY002
        seed = _seed()
        _python_random.seed(seed)
        numpy.random.seed(seed)  # noqa: NPY002
        cupy = sys.modules.get("cupy")  # only when the test already uses CuPy
        if cupy is not None:
            try:
                cupy.random.seed(seed)
            except Exception:
                pass
    _state.depth = _depth() + 1


def _teardown():
    _state.depth = _depth() - 1
    if _state.depth == 0:
        python_state, numpy_state = _state.saved
        _python_random.setstate(python_state)
        numpy.random.set_state(numpy_state)  # noqa: NPY002
        _state.saved = None


def generate_seed():
    """Returns a random seed drawn from the fixed generator.

    Must be called inside a test decorated with :func:`fix_random`.

    Returns:
        int: A seed in ``[0, 2**32 - 1)``.
    """
    if _depth() == 0:
        raise RuntimeError("generate_seed() must be called in a test decorated with fix_random")
    return int(numpy.random.randint(0xFFFFFFFF, dtype=numpy.int64))  # noqa: NPY002


def _wrap_setup(original):
    def setup(self, *args, **kwargs):
        _setup()
        if original is None:
            return None
        try:
            return original(self, *args, **kwargs)
        except BaseException:
            _teardown()
            raise

    return setup


def _wrap_teardown(original):
    def teardown(self, *args, **kwargs):
        try:
            if original is not None:
                return original(self, *args, **kwargs)
            return None
        finally:
            _teardown()

    return teardown


def fix_random(*, setup_method="setUp", teardown_method="tearDown"):
    """Decorator that seeds NumPy's and Python's global generators for each test.

    The seed is ``CHAINER_TEST_RANDOM_SEED`` (0 by default); the previous
    generator states are restored afterwards. Decorating a class wraps its
    set-up and tear-down methods; decorating a function wraps the function.
    Do not apply it inside ``condition.retry`` or ``condition.repeat``.

    Args:
        setup_method (str): Name of the set-up method of a decorated class
            (``'setup_method'`` for plain pytest classes).
        teardown_method (str): Name of the tear-down method of a decorated class.
    """

    def decorator(target):
        if isinstance(target, type):
            setattr(target, setup_method, _wrap_setup(getattr(target, setup_method, None)))
            setattr(target, teardown_method, _wrap_teardown(getattr(target, teardown_method, None)))
            return target

        @functools.wraps(target)
        def wrapper(*args, **kwargs):
            _setup()
            try:
                return target(*args, **kwargs)
            finally:
                _teardown()

        return wrapper

    return decorator
