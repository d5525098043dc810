"""Guarded access to CuPy: the import, GPU availability and the "no GPU" error.

CuPy is imported lazily, on the first call that needs it, so that ``import cupy_lite``
stays fast and works on machines where ``import cupy`` fails.
"""

from __future__ import annotations

import sys
import threading

PIP_HINT = (
    'install the GPU extra that matches your NVIDIA driver: pip install "cupy-lite[cuda12]" '
    '(CUDA 12 driver) or pip install "cupy-lite[cuda13]" (CUDA 13 driver)'
)

_lock = threading.Lock()
_UNSET = object()
_cupy = _UNSET  # the cupy module, None when the import failed, _UNSET before the first try
_import_error: str | None = None
_available: bool | None = None
_unavailable_reason: str | None = None


class CudaUnavailableError(RuntimeError):
    """A GPU (CuPy on an NVIDIA device) was asked for where there is none.

    The message says what is missing (CuPy itself, or a usable GPU) and gives the pip
    line of the GPU extra.
    """


def get_cupy():
    """Returns the ``cupy`` module, or None when it cannot be imported.

    The import is tried once per process; any exception it raises (not only
    ImportError: a broken CUDA install can raise others) is remembered for the error
    message of :func:`require_cupy`.
    """
    global _cupy, _import_error
    cupy = _cupy
    if cupy is not _UNSET:
        return cupy
    with _lock:
        if _cupy is _UNSET:
            try:
                import cupy as module
            except Exception as error:  # noqa: BLE001 - any failure means "no CuPy"
                module = None
                _import_error = f"{type(error).__name__}: {error}"
            _cupy = module
    return _cupy


def imported_cupy():
    """Returns ``cupy`` if some code already imported it, else None, never importing it.

    No CuPy array can exist before ``cupy`` is imported, so the array-type checks of
    the hot path use this instead of :func:`get_cupy`.
    """
    cupy = _cupy
    if cupy is _UNSET:
        cupy = sys.modules.get("cupy")
        if cupy is not None and not hasattr(cupy, "ndarray"):  # partly initialised
            return None
    return cupy


def device_count() -> int:
    """Number of CUDA devices CuPy sees (0 without CuPy, a driver or a GPU)."""
    cupy = get_cupy()
    if cupy is None:
        return 0
    try:
        return int(cupy.cuda.runtime.getDeviceCount())
    except Exception:  # noqa: BLE001 - CUDARuntimeError without a driver
        return 0


def is_gpu_available() -> bool:
    """Whether CuPy imports and sees at least one usable GPU.

    Returns:
        bool: True when ``cupy.is_available()`` is true. The answer is cached.
    """
    global _available, _unavailable_reason
    if _available is not None:
        return _available
    cupy = get_cupy()
    if cupy is None:
        _available, _unavailable_reason = False, f"CuPy is not importable ({_import_error})"
        return False
    try:
        ok = bool(cupy.is_available())
    except Exception as error:  # noqa: BLE001
        ok = False
        _unavailable_reason = f"cupy.is_available() raised {type(error).__name__}: {error}"
    else:
        if not ok:
            _unavailable_reason = (
                f"CuPy {getattr(cupy, '__version__', '?')} is installed but found no usable "
                "GPU (cupy.is_available() is False: no NVIDIA GPU, or no matching driver)"
            )
    _available = ok
    return ok


def require_cupy(what: str):
    """Returns ``cupy`` for a GPU request, or raises :class:`CudaUnavailableError`.

    Args:
        what: the request, for the message (e.g. ``"'@cupy:0'"``).
    """
    if is_gpu_available():
        return _cupy
    raise CudaUnavailableError(
        f"{what} needs an NVIDIA GPU with CuPy, but {_unavailable_reason}; {PIP_HINT}."
    )


def _reset() -> None:
    """Forgets every cached answer (tests swap a fake ``cupy`` in and out)."""
    global _cupy, _import_error, _available, _unavailable_reason
    with _lock:
        _cupy, _import_error, _available, _unavailable_reason = _UNSET, None, None, None
