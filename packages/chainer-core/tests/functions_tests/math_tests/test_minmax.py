"""F.max, F.min, F.argmax and F.argmin."""

import numpy
import pytest

import chainer
from chainer import testing
from chainer.functions.math import minmax
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]
_DTYPES = [numpy.float16, numpy.float32, numpy.float64]


def _options(case, dtype):
    if dtype == numpy.float16:
        case.check_backward_options = {"atol": 5e-3, "rtol": 5e-3}
        case.check_double_backward_options = {"atol": 5e-3, "rtol": 5e-3}
    else:
        case.check_backward_options = {"atol": 1e-4, "rtol": 1e-4}
        case.check_double_backward_options = {"atol": 1e-4, "rtol": 1e-4}


def _distinct_inputs(shape, dtype):
    # A permutation of well-separated values: no ties, no kinks within the
    # numerical-gradient step.
    size = int(numpy.prod(shape))
    values = numpy.random.permutation(size).astype(numpy.float64) / max(size, 1) - 0.5
    values += numpy.random.uniform(-0.1, 0.1, size) / max(size, 1)
    return values.reshape(shape).astype(dtype)


_REDUCE_PARAMS = testing.product(
    {
        "shape": [(3, 4, 2)],
        "axis_keepdims": [(None, False), (-1, False), (1, True), ((0, 2), True)],
        "dtype": _DTYPES,
        "contiguous": [None, "C"],
        "name": ["max", "min"],
    }
) + testing.product(
    {
        "shape": [()],
        "axis_keepdims": [(None, False)],
        "dtype": _DTYPES,
        "contiguous": ["C"],
        "name": ["max", "min"],
    }
)


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(*_REDUCE_PARAMS)
@testing.fix_random()
class TestMinMax(testing.FunctionTestCase):
    dodge_nondifferentiable = True

    def setUp(self):
        _options(self, self.dtype)
        self.axis, self.keepdims = self.axis_keepdims

    def generate_inputs(self):
        return (_distinct_inputs(self.shape, self.dtype),)

    def forward(self, inputs, device):
        func = getattr(minmax, self.name)
        return (func(inputs[0], axis=self.axis, keepdims=self.keepdims),)

    def forward_expected(self, inputs):
        func = numpy.max if self.name == "max" else numpy.min
        y = func(inputs[0], axis=self.axis, keepdims=self.keepdims)
        return (numpy.asarray(y),)


_INDEX_PARAMS = testing.product(
    {
        "shape": [(3, 4, 2)],
        "axis": [None, 0, -1],
        "dtype": _DTYPES,
        "contiguous": [None, "C"],
        "name": ["argmax", "argmin"],
    }
) + testing.product(
    {
        "shape": [()],
        "axis": [None],
        "dtype": [numpy.float32],
        "contiguous": ["C"],
        "name": ["argmax", "argmin"],
    }
)


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(*_INDEX_PARAMS)
@testing.fix_random()
class TestArgMinMax(testing.FunctionTestCase):
    # An index is not differentiable.
    skip_backward_test = True
    skip_double_backward_test = True

    def generate_inputs(self):
        return (_distinct_inputs(self.shape, self.dtype),)

    def forward(self, inputs, device):
        func = getattr(minmax, self.name)
        return (func(inputs[0], axis=self.axis),)

    def forward_expected(self, inputs):
        func = numpy.argmax if self.name == "argmax" else numpy.argmin
        return (numpy.asarray(func(inputs[0], axis=self.axis)).astype(numpy.int32),)


def test_max_gradient_goes_to_the_maximum():
    x = chainer.Variable(numpy.array([[1.0, 5.0, 2.0], [7.0, 3.0, 0.0]], numpy.float32))
    y = minmax.max(x, axis=1)
    y.grad = numpy.array([10.0, 20.0], numpy.float32)
    y.backward()
    numpy.testing.assert_array_equal(x.grad, [[0, 10, 0], [20, 0, 0]])


def test_min_ties_each_get_the_gradient():
    x = chainer.Variable(numpy.array([2.0, 1.0, 1.0, 3.0], numpy.float64))
    y = minmax.min(x)
    y.grad = numpy.array(1.5)
    y.backward()
    numpy.testing.assert_array_equal(x.grad, [0, 1.5, 1.5, 0])


def test_argmax_output_is_int32_without_gradient():
    x = chainer.Variable(numpy.array([[1.0, 5.0], [7.0, 3.0]], numpy.float32))
    y = minmax.argmax(x, axis=0)
    assert y.dtype == numpy.int32
    numpy.testing.assert_array_equal(y.array, [1, 0])
    z = minmax.argmin(x)
    assert z.dtype == numpy.int32 and z.shape == ()
    assert int(z.array) == 0


@pytest.mark.parametrize("func", [minmax.max, minmax.min, minmax.argmax, minmax.argmin])
def test_int_input_is_invalid(func):
    with pytest.raises(type_check.InvalidType) as info:
        func(numpy.ones((2, 3), numpy.int32))
    message = str(info.value)
    assert f"Invalid operation is performed in: {func.__name__} (Forward)" in message
    assert "x.dtype.kind == f" in message.replace("'", "")


@pytest.mark.parametrize("func", [minmax.max, minmax.min, minmax.argmax, minmax.argmin])
@pytest.mark.parametrize("axis", [2, -3])
def test_axis_out_of_range(func, axis):
    with pytest.raises(type_check.InvalidType) as info:
        func(numpy.ones((2, 3), numpy.float32), axis=axis)
    message = str(info.value)
    assert f"axis == {axis}" in message
    assert "x.ndim == 2" in message


@pytest.mark.parametrize("func", [minmax.max, minmax.min])
def test_duplicate_axis(func):
    with pytest.raises(ValueError, match=r"duplicate value in axis \(0, 0\)"):
        func(numpy.ones((2, 3), numpy.float32), axis=(0, 0))
    with pytest.raises(ValueError, match="names the same dimension twice"):
        func(numpy.ones((2, 3, 4), numpy.float32), axis=(1, -2))


@pytest.mark.parametrize("func", [minmax.max, minmax.min])
@pytest.mark.parametrize("axis", [1.5, [0], (0, "a"), True])
def test_bad_axis_type(func, axis):
    with pytest.raises(TypeError, match=f"{func.__name__}: axis must be None, an int or a tuple"):
        func(numpy.ones((2, 3), numpy.float32), axis=axis)


@pytest.mark.parametrize("func", [minmax.argmax, minmax.argmin])
@pytest.mark.parametrize("axis", [(0,), 1.0, [1]])
def test_index_axis_must_be_an_int(func, axis):
    with pytest.raises(TypeError, match=f"{func.__name__}: axis must be None or an int"):
        func(numpy.ones((2, 3), numpy.float32), axis=axis)
