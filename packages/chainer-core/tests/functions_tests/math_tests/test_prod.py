"""F.prod over axes, including inputs with one or more zeros (the gradient never divides)."""

import numpy
import pytest

import chainer
from chainer import testing
from chainer.functions.math.prod import prod
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


def _inputs(shape, dtype, zeros):
    # Magnitudes near 1 so that products stay moderate; random signs.
    x = numpy.asarray(numpy.random.uniform(0.5, 1.5, shape) * numpy.random.choice([-1, 1], shape))
    if zeros and x.size:
        flat = x.reshape(-1)
        flat[numpy.random.choice(flat.size, zeros, replace=False)] = 0
    return x.astype(dtype)


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "shape": [(3, 2, 2)],
            "axis_keepdims": [(None, False), (1, False), (-1, True), ((0, 2), False)],
            "zeros": [0, 1, 2],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
    + testing.product(
        {
            "shape": [()],
            "axis_keepdims": [(None, False)],
            "zeros": [0],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": ["C"],
        }
    )
)
@testing.fix_random()
class TestProd(testing.FunctionTestCase):
    def setUp(self):
        self.axis, self.keepdims = self.axis_keepdims
        if self.dtype == numpy.float16:
            self.check_forward_options = {"atol": 1e-3, "rtol": 1e-2}
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
        return (prod(inputs[0], axis=self.axis, keepdims=self.keepdims),)

    def forward_expected(self, inputs):
        x = inputs[0].astype(numpy.float64)
        y = numpy.prod(x, axis=self.axis, keepdims=self.keepdims)
        return (numpy.asarray(y).astype(self.dtype),)


def _products_of_the_others(x):
    return numpy.array([numpy.prod(numpy.delete(x, i)) for i in range(x.size)])


@pytest.mark.parametrize(
    "values",
    [[2.0, 3.0, 0.0, 5.0], [0.0, 3.0, 0.0, 5.0], [0.0, 0.0, 0.0, 0.0], [2.0, -3.0, 4.0, 5.0]],
)
def test_prod_gradient_with_zeros_is_exact(values):
    x = chainer.Variable(numpy.array(values, numpy.float64))
    (gx,) = chainer.grad([prod(x)], [x])
    numpy.testing.assert_array_equal(gx.array, _products_of_the_others(x.array))


def test_prod_second_derivative_with_a_zero():
    # d2/dxi dxj prod(x) = product of the elements other than i and j.
    x = chainer.Variable(numpy.array([2.0, 0.0, 5.0], numpy.float64))
    (gx,) = chainer.grad([prod(x)], [x], enable_double_backprop=True)
    (h0,) = chainer.grad([gx[0]], [x])
    numpy.testing.assert_array_equal(h0.array, [0.0, 5.0, 0.0])
    (h1,) = chainer.grad([gx[1]], [x])
    numpy.testing.assert_array_equal(h1.array, [5.0, 0.0, 2.0])


def test_prod_over_an_empty_axis():
    x = chainer.Variable(numpy.ones((2, 0), numpy.float32))
    y = prod(x, axis=1)
    numpy.testing.assert_array_equal(y.array, [1.0, 1.0])
    y.grad = numpy.ones(2, numpy.float32)
    y.backward()
    assert x.grad.shape == (2, 0)


def test_prod_of_int_is_invalid():
    with pytest.raises(type_check.InvalidType) as info:
        prod(numpy.ones((2, 3), numpy.int32))
    message = str(info.value)
    assert "Invalid operation is performed in: prod (Forward)" in message
    assert "x.dtype.kind == f" in message.replace("'", "")


@pytest.mark.parametrize("axis", [2, -3, (0, 2)])
def test_prod_axis_out_of_range(axis):
    with pytest.raises(type_check.InvalidType, match=r"x.ndim == 2"):
        prod(numpy.ones((2, 3), numpy.float32), axis=axis)


def test_prod_duplicate_axis():
    with pytest.raises(ValueError, match="prod: duplicate value in axis"):
        prod(numpy.ones((2, 3), numpy.float32), axis=(1, 1))
    with pytest.raises(ValueError, match="names the same dimension twice"):
        prod(numpy.ones((2, 3), numpy.float32), axis=(1, -1))


@pytest.mark.parametrize("axis", [1.5, [0], (0, None)])
def test_prod_bad_axis_type(axis):
    with pytest.raises(TypeError, match="prod: axis must be None, an int or a tuple of ints"):
        prod(numpy.ones((2, 3), numpy.float32), axis=axis)


def test_prod_axis_out_of_range_without_type_check():
    with chainer.using_config("type_check", False):
        with pytest.raises(
            ValueError, match=r"prod: axis 2 is out of range .* \(expected -2 <= axis < 2\)"
        ):
            prod(numpy.ones((2, 3), numpy.float32), axis=2)
