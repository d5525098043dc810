"""Kernel helpers: cl.elementwise, cl.reduction and cl.fuse."""

from __future__ import annotations

import threading

import numpy
import pytest

import cupy_lite as cl

# Declared once, at module level, as the helpers are meant to be used.
squared_diff = cl.elementwise(
    "cl_test_squared_diff",
    "T x, T y",
    "T z",
    "z = (x - y) * (x - y)",
    lambda x, y: (x - y) ** 2,
)
sum_of_squares = cl.reduction(
    "cl_test_sum_of_squares",
    "T x",
    "T y",
    "x * x",
    "a + b",
    "y = a",
    "0",
    lambda x, axis=None, keepdims=False: numpy.sum(x * x, axis=axis, keepdims=keepdims),
)


@cl.fuse(kernel_name="cl_test_softplus")
def softplus(x):
    return cl.log1p(cl.exp(-cl.abs(x))) + cl.maximum(x, 0.0)


def test_ops_match_numpy_on_every_device(device):
    rng = numpy.random.RandomState(0)
    x_host, y_host = rng.standard_normal((3, 4)), rng.standard_normal((3, 4))
    x, y = device.send((x_host, y_host))
    got = squared_diff(x, y)
    assert device.is_array_supported(got)
    numpy.testing.assert_allclose(cl.to_numpy(got), (x_host - y_host) ** 2, rtol=1e-12)
    reduced = sum_of_squares(x, axis=1)
    numpy.testing.assert_allclose(cl.to_numpy(reduced), (x_host**2).sum(axis=1), rtol=1e-12)
    total = sum_of_squares(x)
    assert float(total) == pytest.approx(float((x_host**2).sum()), rel=1e-12)
    expected = numpy.log1p(numpy.exp(-numpy.abs(x_host))) + numpy.maximum(x_host, 0.0)
    numpy.testing.assert_allclose(cl.to_numpy(softplus(x)), expected, rtol=1e-12)


class _CountingFactory:
    def __init__(self):
        self.calls = []

    def __call__(self, **spec):
        self.calls.append(spec)

        def fake_kernel(*args, **kwargs):
            return ("gpu", spec["name"], args, kwargs)

        return fake_kernel


def test_numpy_arrays_never_build_the_cuda_kernel():
    factory = _CountingFactory()
    op = cl.elementwise("k", "T x", "T y", "y = x", lambda x: x + 1, kernel_factory=factory)
    for _ in range(3):
        numpy.testing.assert_array_equal(op(numpy.zeros(2)), [1.0, 1.0])
    assert factory.calls == [] and "not built" in repr(op)


def test_cuda_kernel_is_built_once_and_gets_the_declaration():
    factory = _CountingFactory()
    op = cl.reduction(
        "r", "T x", "T y", "x", "a + b", "y = a", "0", numpy.sum,
        reduce_type="double", kernel_factory=factory,
    )  # fmt: skip
    threads = [threading.Thread(target=op.kernel) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert op.kernel() is op.kernel()
    assert len(factory.calls) == 1
    spec = factory.calls[0]
    assert spec["name"] == "r" and spec["map_expr"] == "x" and spec["reduce_expr"] == "a + b"
    assert spec["identity"] == "0" and spec["reduce_type"] == "double"
    assert "built" in repr(op) and "not built" not in repr(op)


def test_gpu_arrays_run_the_cached_kernel_on_their_device(fake_cupy):
    cupy = fake_cupy(n_devices=2)
    factory = _CountingFactory()
    op = cl.elementwise("k2", "T x", "T y", "y = 2 * x", lambda x: 2 * x, kernel_factory=factory)
    a = cupy.ndarray(numpy.ones(2), device_id=1)
    for _ in range(3):
        result = op(a)
    assert result[:2] == ("gpu", "k2") and result[2][0] is a
    assert len(factory.calls) == 1
    assert factory.calls[0]["operation"] == "y = 2 * x"
    with pytest.raises(cl.DeviceMismatchError, match="'@numpy' and '@cupy:1'"):
        op(numpy.ones(2), a)


def test_default_factory_without_cupy_says_so(no_cupy):
    op = cl.elementwise("k3", "T x", "T y", "y = x", lambda x: x)
    with pytest.raises(cl.CudaUnavailableError, match=r"the CUDA kernel 'k3'.*cuda12"):
        op.kernel()


def test_fuse_calls_the_plain_function_on_numpy_arrays():
    calls = []

    @cl.fuse
    def double(x):
        calls.append(type(x))
        return x * 2

    numpy.testing.assert_array_equal(double(numpy.arange(3)), [0, 2, 4])
    assert calls == [numpy.ndarray] and double.__name__ == "double"


def test_fuse_builds_cupy_fuse_once_on_gpu_arrays(fake_cupy):
    cupy = fake_cupy(n_devices=1)
    built = []

    def fake_fuse(**kwargs):
        def decorate(func):
            built.append((func, kwargs))
            return lambda *args: ("fused", cl.get_current_device().name)

        return decorate

    cupy.fuse = fake_fuse

    @cl.fuse(kernel_name="twice")
    def twice(x):
        return x * 2

    a = cupy.ndarray(numpy.ones(2), device_id=0)
    assert twice(a) == ("fused", "@cupy:0")  # traced with the GPU current
    assert twice(a) == ("fused", "@cupy:0")
    assert len(built) == 1 and built[0][1] == {"kernel_name": "twice"}
    assert cl.get_current_device().name == "@numpy"
