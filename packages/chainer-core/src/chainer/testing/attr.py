"""pytest marks for tests that need special hardware or time.

``gpu`` tests are also skipped where no GPU is present; set
``CHAINER_TEST_GPU_LIMIT`` to skip tests that need more GPUs than that.
"""

import functools
import importlib.util
import os

try:
    import pytest
except ImportError as e:  # pragma: no cover - pytest is a test dependency
    pytest = None
    _error = e
else:
    _error = None


def is_available():
    """Returns whether pytest (needed by the marks) is importable."""
    return _error is None


def check_available():
    """Raises ``RuntimeError`` when pytest is not importable."""
    if _error is not None:
        raise RuntimeError(
            f"chainer.testing.attr needs pytest.\n({type(_error).__name__}: {_error})"
        )


def get_error():
    """Returns the error raised when importing pytest, or ``None``."""
    return _error


def _gpu_limit():
    return int(os.environ.get("CHAINER_TEST_GPU_LIMIT", "-1"))


@functools.lru_cache(maxsize=1)
def _gpu_count():
    # Checked once, and only for tests that carry the gpu mark.
    if importlib.util.find_spec("cupy") is None:
        return 0
    try:
        import cupy

        return cupy.cuda.runtime.getDeviceCount()
    except Exception:
        return 0


def multi_gpu(gpu_num):
    """Returns a decorator for tests that need ``gpu_num`` GPUs (mark ``gpu``).

    Args:
        gpu_num (int): The number of GPUs needed.
    """
    check_available()
    limit = _gpu_limit()

    def decorator(f):
        too_few = _gpu_count() < gpu_num or 0 <= limit < gpu_num
        skip = pytest.mark.skipif(too_few, reason=f"{gpu_num} GPU(s) required")
        return pytest.mark.gpu(skip(f))

    return decorator


def gpu(f):
    """Marks a test that needs a GPU (mark ``gpu``)."""
    return multi_gpu(1)(f)


def cudnn(*args, **kwargs):
    """Marks a test that needs cuDNN (mark ``cudnn``)."""
    check_available()
    return pytest.mark.cudnn(*args, **kwargs)


def slow(*args, **kwargs):
    """Marks a long-running test (mark ``slow``)."""
    check_available()
    return pytest.mark.slow(*args, **kwargs)


def ideep(*args, **kwargs):
    """Marks a test that needs oneDNN through chainer-mkldnn (mark ``mkldnn``)."""
    check_available()
    return pytest.mark.mkldnn(*args, **kwargs)
