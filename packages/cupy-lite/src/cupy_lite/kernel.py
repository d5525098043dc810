"""Kernels declared once: a CUDA snippet for CuPy arrays, a NumPy function for the CPU.

The CUDA kernel object (``cupy.ElementwiseKernel`` / ``cupy.ReductionKernel``) is
built the first time a GPU array reaches the op, once per process, and kept on the
op; CuPy then compiles it once per device and dtype signature and caches the binary.
Declare ops at module level, never inside a loop.

Example:
    >>> squared_diff = cupy_lite.elementwise(
    ...     "squared_diff", "T x, T y", "T z", "z = (x - y) * (x - y)",
    ...     lambda x, y: (x - y) ** 2)
    >>> squared_diff(numpy.arange(3.0), numpy.ones(3))
    array([1., 0., 1.])
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable

from cupy_lite import _cuda_support, _device
from cupy_lite._gpu import GpuDevice
from cupy_lite._registry import find_device

__all__ = ["ElementwiseOp", "FusedFunction", "ReductionOp", "elementwise", "fuse", "reduction"]

_state = _device._state


def _cupy_elementwise_kernel(**spec):
    cupy = _cuda_support.require_cupy(f"the CUDA kernel {spec['name']!r}")
    return cupy.ElementwiseKernel(**spec)


def _cupy_reduction_kernel(**spec):
    cupy = _cuda_support.require_cupy(f"the CUDA kernel {spec['name']!r}")
    return cupy.ReductionKernel(**spec)


class _KernelOp:
    """Shared part: device routing and the build-once kernel cache."""

    def __init__(self, name: str, numpy_impl: Callable, factory: Callable, spec: dict) -> None:
        self.name = name
        self.numpy_impl = numpy_impl
        self._factory = factory
        self._spec = spec
        self._kernel = None
        self._lock = threading.Lock()
        functools.update_wrapper(self, numpy_impl, assigned=("__doc__",), updated=())

    def kernel(self):
        """Returns the CuPy kernel object, building it on the first call only."""
        kernel = self._kernel
        if kernel is None:
            with self._lock:
                kernel = self._kernel
                if kernel is None:
                    kernel = self._kernel = self._factory(**self._spec)
        return kernel

    def __call__(self, *args, **kwargs):
        device = find_device(args, kwargs) or _state.current
        if isinstance(device, GpuDevice):
            return device._run(self.kernel(), args, kwargs)
        return self.numpy_impl(*args, **kwargs)

    def __repr__(self) -> str:
        built = "built" if self._kernel is not None else "not built"
        return f"<{type(self).__name__} {self.name!r} (CUDA kernel {built})>"


class ElementwiseOp(_KernelOp):
    """An elementwise op; see :func:`elementwise`."""


class ReductionOp(_KernelOp):
    """A reduction op; see :func:`reduction`. Call it as ``op(x, axis=None, keepdims=False)``."""


def elementwise(
    name: str,
    in_params: str,
    out_params: str,
    cuda_operation: str,
    numpy_impl: Callable,
    *,
    preamble: str = "",
    loop_prep: str = "",
    after_loop: str = "",
    reduce_dims: bool = True,
    options: tuple = (),
    kernel_factory: Callable | None = None,
) -> ElementwiseOp:
    """Declares an elementwise op once, for both devices.

    Args:
        name: kernel name (a C identifier).
        in_params: CuPy input parameters, e.g. ``'T x, T y'``.
        out_params: CuPy output parameters, e.g. ``'T z'``.
        cuda_operation: the C statement run per element, e.g. ``'z = x * y'``.
        numpy_impl: the same op on NumPy arrays, called with the same arguments.
        preamble, loop_prep, after_loop, reduce_dims, options: passed to
            ``cupy.ElementwiseKernel``.
        kernel_factory: builds the kernel from those keyword arguments (default
            ``cupy.ElementwiseKernel``); for tests and alternative backends.

    Returns:
        ElementwiseOp: callable; runs ``numpy_impl`` on NumPy arrays and the CUDA kernel
        on CuPy arrays (built once per process, on the first GPU call).
    """
    spec = dict(
        in_params=in_params,
        out_params=out_params,
        operation=cuda_operation,
        name=name,
        reduce_dims=reduce_dims,
        preamble=preamble,
        loop_prep=loop_prep,
        after_loop=after_loop,
        options=tuple(options),
    )
    return ElementwiseOp(name, numpy_impl, kernel_factory or _cupy_elementwise_kernel, spec)


def reduction(
    name: str,
    in_params: str,
    out_params: str,
    map_expr: str,
    reduce_expr: str,
    post_map_expr: str,
    identity: str,
    numpy_impl: Callable,
    *,
    reduce_type: str | None = None,
    preamble: str = "",
    reduce_dims: bool = True,
    options: tuple = (),
    kernel_factory: Callable | None = None,
) -> ReductionOp:
    """Declares a reduction op once, for both devices.

    Args:
        name: kernel name (a C identifier).
        in_params: CuPy input parameters, e.g. ``'T x'``.
        out_params: CuPy output parameters, e.g. ``'T y'``.
        map_expr: C expression mapping each input element, e.g. ``'x * x'``.
        reduce_expr: C expression combining two mapped values ``a`` and ``b``.
        post_map_expr: C statement writing the output from the reduced ``a``.
        identity: identity of the reduction as a C literal, e.g. ``'0'``.
        numpy_impl: ``numpy_impl(x, axis=None, keepdims=False)`` on NumPy arrays.
        reduce_type, preamble, reduce_dims, options: passed to
            ``cupy.ReductionKernel``.
        kernel_factory: builds the kernel (default ``cupy.ReductionKernel``).

    Returns:
        ReductionOp: callable as ``op(x, axis=None, keepdims=False)``.
    """
    spec = dict(
        in_params=in_params,
        out_params=out_params,
        map_expr=map_expr,
        reduce_expr=reduce_expr,
        post_map_expr=post_map_expr,
        identity=identity,
        name=name,
        reduce_type=reduce_type,
        reduce_dims=reduce_dims,
        preamble=preamble,
        options=tuple(options),
    )
    return ReductionOp(name, numpy_impl, kernel_factory or _cupy_reduction_kernel, spec)


class FusedFunction:
    """A user function fused into one kernel on GPU arrays; see :func:`fuse`."""

    def __init__(self, func: Callable, kernel_name: str | None = None) -> None:
        self._func = func
        self._kernel_name = kernel_name
        self._fused = None
        self._lock = threading.Lock()
        functools.update_wrapper(self, func)

    def fused(self):
        """Returns the ``cupy.fuse`` version of the function, built on the first call."""
        fused = self._fused
        if fused is None:
            with self._lock:
                if self._fused is None:
                    cupy = _cuda_support.require_cupy(f"cupy_lite.fuse({self._func.__name__})")
                    kwargs = {"kernel_name": self._kernel_name} if self._kernel_name else {}
                    self._fused = cupy.fuse(**kwargs)(self._func)
                fused = self._fused
        return fused

    def __call__(self, *args, **kwargs):
        device = find_device(args, kwargs) or _state.current
        if not isinstance(device, GpuDevice):
            return self._func(*args, **kwargs)
        fused = self.fused()
        # The GPU is made current so that cupy_lite calls inside the traced function
        # (which see CuPy's fusion proxies, not arrays) resolve to CuPy.
        with device:
            return fused(*args, **kwargs)


def fuse(func: Callable | None = None, *, kernel_name: str | None = None):
    """Decorator: ``cupy.fuse`` on GPU arrays, a plain call on NumPy arrays.

    Inside the function use operators and ``cupy_lite`` functions (``cupy_lite.exp``),
    which resolve to CuPy while the fused kernel is traced.

    Args:
        func: the function (when used as ``@fuse``).
        kernel_name: name of the fused CUDA kernel (``@fuse(kernel_name='f')``).
    """
    if func is None:
        return lambda f: FusedFunction(f, kernel_name)
    return FusedFunction(func, kernel_name)
