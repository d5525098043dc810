"""F.linear and its replaceable nodes (forward, data gradient, weight gradient)."""

import numpy
import pytest

import chainer
from chainer import _kernels, gradient_check, testing
from chainer.functions.connection.linear import (
    LinearFunction,
    LinearGradData,
    LinearGradWeight,
    linear,
)
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


def _options(case, dtype):
    if dtype == numpy.float16:
        case.check_forward_options = {"atol": 5e-3, "rtol": 5e-3}
        case.check_backward_options = {"atol": 5e-2, "rtol": 5e-2}
        case.check_double_backward_options = {"atol": 5e-2, "rtol": 5e-2}
    elif dtype == numpy.float32:
        case.check_forward_options = {"atol": 1e-6, "rtol": 1e-5}
        case.check_backward_options = {"atol": 1e-4, "rtol": 1e-3}
        case.check_double_backward_options = {"atol": 1e-4, "rtol": 1e-3}
    else:
        case.check_forward_options = {"atol": 1e-12, "rtol": 1e-12}
        case.check_backward_options = {"atol": 1e-6, "rtol": 1e-5}
        case.check_double_backward_options = {"atol": 1e-6, "rtol": 1e-5}


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "case": [((3, 4), 1), ((2, 3, 2), 1), ((2, 3, 2), 2)],
            "bias": [True, False],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestLinear(testing.FunctionTestCase):
    def setUp(self):
        _options(self, self.dtype)
        self.x_shape, self.n_batch_axes = self.case
        self.in_size = int(numpy.prod(self.x_shape[self.n_batch_axes :]))

    def generate_inputs(self):
        x = numpy.random.uniform(-1, 1, self.x_shape).astype(self.dtype)
        W = numpy.random.uniform(-1, 1, (3, self.in_size)).astype(self.dtype)
        if not self.bias:
            return x, W
        return x, W, numpy.random.uniform(-1, 1, 3).astype(self.dtype)

    def forward(self, inputs, device):
        return (linear(*inputs, n_batch_axes=self.n_batch_axes),)

    def forward_expected(self, inputs):
        x, W = (a.astype(numpy.float64) for a in inputs[:2])
        batch = self.x_shape[: self.n_batch_axes]
        y = x.reshape(-1, self.in_size) @ W.T
        if self.bias:
            y += inputs[2]
        return (y.reshape(batch + (3,)).astype(self.dtype),)


def test_mixed_dtypes_keep_each_dtype():
    x = chainer.Variable(numpy.random.uniform(-1, 1, (2, 3)).astype(numpy.float16))
    W = chainer.Variable(numpy.random.uniform(-1, 1, (4, 3)).astype(numpy.float32))
    y = linear(x, W)
    assert y.dtype == numpy.float16
    y.grad = numpy.ones_like(y.array)
    y.backward()
    assert x.grad.dtype == numpy.float16 and W.grad.dtype == numpy.float32
    expected = x.array.astype(numpy.float64) @ W.array.T.astype(numpy.float64)
    numpy.testing.assert_allclose(y.array, expected, atol=5e-3, rtol=5e-3)


def test_each_product_is_a_replaceable_node():
    x = chainer.Variable(numpy.random.uniform(-1, 1, (2, 3)).astype(numpy.float32))
    W = chainer.Variable(numpy.random.uniform(-1, 1, (4, 3)).astype(numpy.float32))
    y = linear(x, W)
    y.grad = numpy.ones_like(y.array)
    y.backward()
    gx, gW = x.grad.copy(), W.grad.copy()

    def doubled(node, inputs):
        return tuple(2 * a for a in node.forward(inputs))

    for cls, check in [
        (LinearFunction, lambda y2: numpy.allclose(y2.array, 2 * y.array)),
        (LinearGradData, lambda y2: numpy.allclose(x.grad, 2 * gx)),
        (LinearGradWeight, lambda y2: numpy.allclose(W.grad, 2 * gW)),
    ]:
        kernel = _kernels.register_kernel(cls, "cpu", doubled)
        try:
            x.cleargrad()
            W.cleargrad()
            y2 = linear(x, W)
            y2.grad = numpy.ones_like(y2.array)
            y2.backward()
            assert check(y2), cls
        finally:
            _kernels.unregister_kernel(kernel)


def test_feature_size_mismatch():
    with pytest.raises(type_check.InvalidType) as info:
        linear(numpy.zeros((2, 3), numpy.float32), numpy.zeros((4, 5), numpy.float32))
    message = str(info.value)
    assert "Invalid operation is performed in: LinearFunction (Forward)" in message
    assert "x.shape[1] == W.shape[1]" in message


def test_bad_bias():
    with pytest.raises(type_check.InvalidType, match=r"b.shape\[0\] == W.shape\[0\]"):
        linear(
            numpy.zeros((2, 3), numpy.float32),
            numpy.zeros((4, 3), numpy.float32),
            numpy.zeros(3, numpy.float32),
        )
    with pytest.raises(type_check.InvalidType, match="b.dtype == x.dtype"):
        linear(
            numpy.zeros((2, 3), numpy.float32),
            numpy.zeros((4, 3), numpy.float32),
            numpy.zeros(4, numpy.float64),
        )


def test_int_input():
    with pytest.raises(type_check.InvalidType, match="x.dtype.kind == f"):
        linear(numpy.zeros((2, 3), numpy.int32), numpy.zeros((4, 3), numpy.float32))


@pytest.mark.parametrize("n", [0, -1])
def test_n_batch_axes_not_positive(n):
    with pytest.raises(ValueError, match=f"n_batch_axes must be at least 1, got {n}"):
        linear(numpy.zeros((2, 3), numpy.float32), numpy.zeros((4, 3), numpy.float32), None, n)


def test_n_batch_axes_leaves_no_features():
    with pytest.raises(ValueError, match=r"n_batch_axes \(2\) must be less than x.ndim"):
        linear(numpy.zeros((2, 3), numpy.float32), numpy.zeros((4, 1), numpy.float32), None, 2)


def test_n_batch_axes_not_int():
    with pytest.raises(TypeError, match="n_batch_axes must be an int"):
        linear(numpy.zeros((2, 3), numpy.float32), numpy.zeros((4, 3), numpy.float32), None, 1.0)


@pytest.mark.parametrize("dtype", [numpy.float16, numpy.float32, numpy.float64])
def test_small_batch_product_orientation(dtype):
    # 8 * N < min(I, O) takes the (W @ x.T).T path; the result must not change.
    rng = numpy.random.default_rng(0)
    x = rng.uniform(-1, 1, (2, 24)).astype(dtype)
    W = rng.uniform(-1, 1, (40, 24)).astype(dtype)
    b = rng.uniform(-1, 1, 40).astype(dtype)
    y = linear(x, W, b)
    expected = x.astype(numpy.float64) @ W.astype(numpy.float64).T + b
    assert y.dtype == dtype and y.array.flags.c_contiguous
    tolerance = 5e-3 if dtype == numpy.float16 else 1e-5
    numpy.testing.assert_allclose(y.array, expected, rtol=tolerance, atol=tolerance)
    if dtype == numpy.float64:
        gradient_check.check_backward(linear, (x, W, b), rng.standard_normal((2, 40)))
