"""The dispatched namespace: cl.<numpy name>, cl.linalg, cl.fft, cl.random.

Bodies taking ``device`` run on '@numpy' and, with a GPU, on '@cupy:0'; NumPy,
applied to the same data on the host, is the oracle.
"""

from __future__ import annotations

import numpy
import pytest

import cupy_lite as cl


def test_issue_snippet_runs_on_the_current_device(device):
    x = cl.random.rand(10)
    W = cl.random.rand(10, 5)
    y = cl.dot(x, W)
    assert device.is_array_supported(y) and y.shape == (5,)
    numpy.testing.assert_allclose(cl.to_numpy(y), cl.to_numpy(x) @ cl.to_numpy(W), rtol=1e-12)


def test_creation_functions_follow_the_current_device(device):
    for array in (cl.zeros((2, 3)), cl.arange(4), cl.eye(2), cl.full(3, 7.0), cl.linspace(0, 1, 5)):
        assert device.is_array_supported(array)
    numpy.testing.assert_array_equal(cl.to_numpy(cl.arange(4)), numpy.arange(4))


def test_functions_follow_their_arrays_not_the_current_device(fake_cupy):
    cupy = fake_cupy(n_devices=1)
    host = numpy.arange(6.0).reshape(2, 3)
    with cl.using_device("@cupy:0"):
        assert isinstance(cl.zeros(3), cupy.ndarray)  # no array: current device
        total = cl.sum(host, axis=0)  # a NumPy array: NumPy, wherever the current device
        assert type(total) is numpy.ndarray
        numpy.testing.assert_array_equal(total, [3.0, 5.0, 7.0])


def test_mixing_devices_in_one_call_raises(fake_cupy):
    cupy = fake_cupy(n_devices=2)
    on_gpu = cupy.ndarray(numpy.ones(3), device_id=0)
    with pytest.raises(cl.DeviceMismatchError, match=r"'@numpy' and '@cupy:0'"):
        cl.dot(numpy.ones(3), on_gpu)
    with pytest.raises(cl.DeviceMismatchError, match=r"'@numpy' and '@cupy:0'"):
        cl.concatenate([numpy.ones(3), on_gpu])
    with pytest.raises(cl.DeviceMismatchError, match=r"'@cupy:0' and '@cupy:1'"):
        cl.add(on_gpu, out=cupy.ndarray(numpy.ones(3), device_id=1))


def test_elementwise_and_reductions_match_numpy(device):
    host = numpy.random.RandomState(0).standard_normal((4, 5))
    x = device.send(host)
    cases = [
        (cl.exp(x), numpy.exp(host)),
        (cl.sum(x, axis=1), host.sum(axis=1)),
        (cl.maximum(x, 0.0), numpy.maximum(host, 0.0)),
        (cl.concatenate([x, x]), numpy.concatenate([host, host])),
        (cl.where(x > 0, x, -x), numpy.abs(host)),
        (cl.add.reduce(x, axis=0), numpy.add.reduce(host, axis=0)),
        (cl.matmul(x, x.T), host @ host.T),
    ]
    for got, expected in cases:
        assert device.is_array_supported(got)
        numpy.testing.assert_allclose(cl.to_numpy(got), expected, rtol=1e-12, atol=1e-12)


def test_static_attributes_are_numpy_s():
    assert cl.float32 is numpy.float32 and cl.pi == numpy.pi and cl.newaxis is None
    assert cl.dtype is numpy.dtype
    with pytest.raises(AttributeError, match="ambiguous across devices"):
        cl.ndarray  # noqa: B018
    with pytest.raises(AttributeError, match="no attribute 'not_a_numpy_function'"):
        cl.not_a_numpy_function  # noqa: B018
    with pytest.raises(AttributeError, match="no submodule 'polynomial'"):
        cl.polynomial  # noqa: B018


def test_dispatchers_are_built_once_and_cached():
    assert cl.dot is cl.dot and cl.linalg.norm is cl.linalg.norm
    assert cl.dot.__name__ == "dot" and "numpy.dot" in cl.dot.__doc__


def _spd(rng, n):
    a = rng.standard_normal((n, n))
    return a @ a.T + n * numpy.eye(n)


def test_linalg_matches_numpy(device):
    rng = numpy.random.RandomState(1)
    a_host, b_host = _spd(rng, 4), rng.standard_normal((4, 2))
    a, b = device.send((a_host, b_host))

    u, s, vt = cl.linalg.svd(a)
    numpy.testing.assert_allclose(cl.to_numpy((u * s) @ vt), a_host, atol=1e-10)
    numpy.testing.assert_allclose(cl.to_numpy(s), numpy.linalg.svd(a_host)[1], rtol=1e-10)
    q, r = cl.linalg.qr(a)
    numpy.testing.assert_allclose(cl.to_numpy(q @ r), a_host, atol=1e-10)
    chol = cl.linalg.cholesky(a)
    numpy.testing.assert_allclose(cl.to_numpy(chol), numpy.linalg.cholesky(a_host), atol=1e-10)
    w, _ = cl.linalg.eigh(a)
    numpy.testing.assert_allclose(cl.to_numpy(w), numpy.linalg.eigh(a_host)[0], rtol=1e-10)
    expected_solve = numpy.linalg.solve(a_host, b_host)
    numpy.testing.assert_allclose(cl.to_numpy(cl.linalg.solve(a, b)), expected_solve, rtol=1e-10)
    inv = numpy.linalg.inv(a_host)
    numpy.testing.assert_allclose(cl.to_numpy(cl.linalg.inv(a)), inv, rtol=1e-10)
    assert float(cl.linalg.det(a)) == pytest.approx(numpy.linalg.det(a_host), rel=1e-10)
    assert float(cl.linalg.norm(a)) == pytest.approx(numpy.linalg.norm(a_host), rel=1e-12)
    solution = cl.linalg.lstsq(a, b, rcond=None)[0]
    numpy.testing.assert_allclose(cl.to_numpy(solution), expected_solve, rtol=1e-8)
    assert device.is_array_supported(solution)


def test_fft_matches_numpy(device):
    host = numpy.random.RandomState(2).standard_normal(16)
    x = device.send(host)
    numpy.testing.assert_allclose(cl.to_numpy(cl.fft.fft(x)), numpy.fft.fft(host), atol=1e-10)
    numpy.testing.assert_allclose(cl.to_numpy(cl.fft.irfft(cl.fft.rfft(x))), host, atol=1e-12)
    freqs = cl.fft.fftfreq(8)
    assert device.is_array_supported(freqs)
    numpy.testing.assert_allclose(cl.to_numpy(freqs), numpy.fft.fftfreq(8))


def test_random_seed_reproduces_the_stream_of_the_current_device(device):
    cl.random.seed(123)
    first = cl.to_numpy(cl.random.rand(5))
    cl.random.seed(123)
    again = cl.to_numpy(cl.random.rand(5))
    numpy.testing.assert_array_equal(first, again)
    assert device.is_array_supported(cl.random.randn(2, 2))
    assert ((first >= 0) & (first < 1)).all()


def test_random_functions_draw_on_the_current_device(device):
    cl.random.seed(0)
    ints = cl.to_numpy(cl.random.randint(3, 7, size=200))
    assert ints.min() >= 3 and ints.max() < 7 and set(ints.tolist()) == {3, 4, 5, 6}
    normal = cl.to_numpy(cl.random.normal(2.0, 0.5, size=4000))
    assert abs(normal.mean() - 2.0) < 0.05 and abs(normal.std() - 0.5) < 0.05
    uniform = cl.to_numpy(cl.random.uniform(-1.0, 1.0, size=100))
    assert uniform.min() >= -1.0 and uniform.max() < 1.0
    permutation = cl.random.permutation(10)
    assert device.is_array_supported(permutation)
    assert sorted(cl.to_numpy(permutation).tolist()) == list(range(10))
    pool = device.send(numpy.arange(10.0, 20.0))
    picked = cl.to_numpy(cl.random.choice(pool, size=5, replace=False))
    assert len(set(picked.tolist())) == 5 and set(picked.tolist()) <= set(range(10, 20))
    cl.random.shuffle(pool)
    assert sorted(cl.to_numpy(pool).tolist()) == list(range(10, 20))
    generator = cl.random.default_rng(5)
    assert device.is_array_supported(generator.random(3))


def test_seed_is_per_device_and_leaves_numpy_global_state_alone(isolated_registry):
    cl.register_device_type("otherdev", lambda suffix: _OtherCpu())
    # The legacy global generator is what must stay untouched.
    numpy.random.seed(99)  # noqa: NPY002
    expected_global = numpy.random.rand(3)  # noqa: NPY002
    numpy.random.seed(99)  # noqa: NPY002
    cl.random.seed(1)
    cl.random.seed(1, device="@otherdev")
    ours = cl.random.rand(3)
    with cl.using_device("@otherdev"):
        cl.random.rand(50)  # advances only '@otherdev'
    cl.random.seed(1)
    numpy.testing.assert_array_equal(cl.random.rand(3), ours)
    numpy.testing.assert_array_equal(numpy.random.rand(3), expected_global)  # noqa: NPY002
    assert cl.random.get_random_state("@otherdev") is not cl.random.get_random_state("@numpy")


class _OtherCpu(cl.Device):
    def __init__(self):
        super().__init__("@otherdev", numpy)

    @property
    def supported_array_types(self):
        return (numpy.ndarray,)

    def send_array(self, arr):
        return cl.to_numpy(arr)
