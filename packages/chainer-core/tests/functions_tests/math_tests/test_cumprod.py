"""F.cumprod along an axis or over the flattened input, including inputs with zeros."""

import numpy
import pytest

import chainer
from chainer import testing
from chainer.functions.math.cumprod import cumprod
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


def _inputs(shape, dtype, zeros):
    x = numpy.asarray(numpy.random.uniform(0.5, 1.5, shape) * numpy.random.choice([-1, 1], shape))
    if zeros and x.size:
        flat = x.reshape(-1)
        flat[numpy.random.choice(flat.size, zeros, replace=False)] = 0
    return x.astype(dtype)


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "shape": [(3, 4)],
            "axis": [None, 0, -1],
            "zeros": [0, 1, 3],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
    + testing.product(
        {
            "shape": [()],
            "axis": [None],
            "zeros": [0],
            "dtype": [numpy.float32],
            "contiguous": ["C"],
        }
    )
)
@testing.fix_random()
class TestCumprod(testing.FunctionTestCase):
    def setUp(self):
        if self.dtype == numpy.float16:
            self.check_forward_options = {"atol": 5e-3, "rtol": 5e-3}
            self.check_backward_options = {"atol": 5e-2, "rtol": 5e-2}
            self.check_double_backward_options = {"atol": 5e-2, "rtol": 5e-2}
        elif self.dtype == numpy.float32:
            self.check_forward_options = {"atol": 1e-6, "rtol": 1e-5}
            self.check_backward_options = {"atol": 1e-4, "rtol": 1e-3}
            self.check_double_backward_options = {"atol": 1e-4, "rtol": 1e-3}
        else:
            self.check_forward_options = {"atol": 1e-12, "rtol": 1e-12}
            self.check_backward_options = {"atol": 1e-7, "rtol": 1e-6}
            self.check_double_backward_options = {"atol": 1e-7, "rtol": 1e-6}

    def generate_inputs(self):
        return (_inputs(self.shape, self.dtype, self.zeros),)

    def forward(self, inputs, device):
        return (cumprod(inputs[0], axis=self.axis),)

    def forward_expected(self, inputs):
        y = numpy.cumprod(inputs[0].astype(numpy.float64), axis=self.axis)
        return (y.astype(self.dtype),)


def _cumprod_jacobian(x):
    # J[i, j] = d y_i / d x_j = prod(x[k] for k <= i if k != j) for j <= i.
    n = x.size
    jac = numpy.zeros((n, n))
    for i in range(n):
        for j in range(i + 1):
            jac[i, j] = numpy.prod(numpy.delete(x[: i + 1], j))
    return jac


@pytest.mark.parametrize(
    "values", [[2.0, 0.0, 3.0, 4.0], [0.0, 0.0, 3.0, 4.0], [2.0, 3.0, 4.0, 0.0], [1.5, -2.0, 3.0]]
)
def test_cumprod_gradient_with_zeros_is_exact(values):
    x = chainer.Variable(numpy.array(values, numpy.float64))
    gy = numpy.arange(1, x.size + 1, dtype=numpy.float64)
    (gx,) = chainer.grad([cumprod(x)], [x], grad_outputs=[gy])
    numpy.testing.assert_allclose(gx.array, gy @ _cumprod_jacobian(x.array), rtol=1e-14)


def test_cumprod_third_derivative_with_a_zero():
    # y = cumprod(x)[-1] = x0 * x1 * x2 * x3; d2y/dx0 dx1 = x2 * x3, whose gradient
    # is (0, 0, x3, x2).
    x = chainer.Variable(numpy.array([2.0, 0.0, 3.0, 5.0], numpy.float64))
    y = cumprod(x)[-1]
    (g,) = chainer.grad([y], [x], enable_double_backprop=True)
    (h,) = chainer.grad([g[0]], [x], enable_double_backprop=True)
    (t,) = chainer.grad([h[1]], [x])
    numpy.testing.assert_array_equal(t.array, [0.0, 0.0, 5.0, 3.0])


def test_cumprod_along_an_empty_axis():
    x = chainer.Variable(numpy.ones((0, 3), numpy.float32))
    y = cumprod(x, axis=0)
    assert y.shape == (0, 3)
    y.grad = numpy.ones((0, 3), numpy.float32)
    y.backward()
    assert x.grad.shape == (0, 3)


def test_cumprod_of_int_is_invalid():
    with pytest.raises(type_check.InvalidType) as info:
        cumprod(numpy.ones((2, 3), numpy.int32), axis=0)
    message = str(info.value)
    assert "Invalid operation is performed in: cumprod (Forward)" in message
    assert "x.dtype.kind == f" in message.replace("'", "")


@pytest.mark.parametrize("axis", [2, -3])
def test_cumprod_axis_out_of_range(axis):
    with pytest.raises(type_check.InvalidType) as info:
        cumprod(numpy.ones((2, 3), numpy.float32), axis=axis)
    assert f"axis == {axis}" in str(info.value)
    assert "x.ndim == 2" in str(info.value)


@pytest.mark.parametrize("axis", [(0,), 1.0, "0", False])
def test_cumprod_axis_must_be_an_int(axis):
    with pytest.raises(TypeError, match="cumprod: axis must be None or an int"):
        cumprod(numpy.ones((2, 3), numpy.float32), axis=axis)
