"""F.sin, F.cos, F.tan, F.arcsin, F.arccos, F.arctan and F.arctan2."""

import unittest

import numpy
import pytest

import chainer
from chainer import testing
from chainer.functions.math.trigonometric import arccos, arcsin, arctan, arctan2, cos, sin, tan
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


def _options(case, dtype):
    if dtype == numpy.float16:
        case.check_forward_options = {"atol": 1e-3, "rtol": 1e-3}
        case.check_backward_options = {"atol": 5e-2, "rtol": 5e-2}
        case.check_double_backward_options = {"atol": 5e-2, "rtol": 5e-2}
    elif dtype == numpy.float32:
        case.check_forward_options = {"atol": 1e-6, "rtol": 1e-6}
        case.check_backward_options = {"atol": 1e-4, "rtol": 1e-3}
        case.check_double_backward_options = {"atol": 1e-4, "rtol": 1e-3}
    else:
        case.check_forward_options = {"atol": 1e-12, "rtol": 1e-12}
        case.check_backward_options = {"atol": 1e-6, "rtol": 1e-5}
        case.check_double_backward_options = {"atol": 1e-6, "rtol": 1e-5}


# name: (function, NumPy reference, range of the test inputs)
_UNARY = {
    "sin": (sin, numpy.sin, (-3.0, 3.0)),
    "cos": (cos, numpy.cos, (-3.0, 3.0)),
    "tan": (tan, numpy.tan, (-1.2, 1.2)),
    # Away from +-1, where the derivatives are infinite.
    "arcsin": (arcsin, numpy.arcsin, (-0.8, 0.8)),
    "arccos": (arccos, numpy.arccos, (-0.8, 0.8)),
    "arctan": (arctan, numpy.arctan, (-3.0, 3.0)),
}

_DTYPES = [numpy.float16, numpy.float32, numpy.float64]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {"name": list(_UNARY), "shape": [(3, 2)], "dtype": _DTYPES, "contiguous": [None, "C"]}
    )
    + testing.product({"name": list(_UNARY), "shape": [()], "dtype": _DTYPES, "contiguous": ["C"]})
)
@testing.fix_random()
class TestTrigonometric(testing.FunctionTestCase):
    def setUp(self):
        _options(self, self.dtype)
        self.func, self.reference, self.range = _UNARY[self.name]

    def generate_inputs(self):
        return (numpy.random.uniform(*self.range, self.shape).astype(self.dtype),)

    def forward(self, inputs, device):
        return (self.func(inputs[0]),)

    def forward_expected(self, inputs):
        x = inputs[0].astype(numpy.float64)
        return (numpy.asarray(self.reference(x)).astype(self.dtype),)


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "shapes": [((3, 2), (3, 2)), ((3, 1), (1, 4)), ((4,), (2, 4)), ((), ())],
            "dtype": _DTYPES,
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestArctan2(testing.FunctionTestCase):
    def setUp(self):
        _options(self, self.dtype)
        if self.dtype == numpy.float16:
            # Double backward divides by (x1^2 + x2^2)^2, evaluated in float16.
            self.check_double_backward_options = {"atol": 1e-1, "rtol": 1e-1}

    def generate_inputs(self):
        # Points away from the origin (where the gradient is singular) and
        # from the negative x2 axis (where arctan2 jumps from pi to -pi).
        shape1, shape2 = self.shapes
        x1 = numpy.random.uniform(-1.0, 1.0, shape1)
        x2 = numpy.random.uniform(0.5, 1.5, shape2)
        return x1.astype(self.dtype), x2.astype(self.dtype)

    def forward(self, inputs, device):
        return (arctan2(*inputs),)

    def forward_expected(self, inputs):
        x1, x2 = (x.astype(numpy.float64) for x in inputs)
        return (numpy.asarray(numpy.arctan2(x1, x2)).astype(self.dtype),)


# Chainer v7's decorator: label, forward against NumPy, backward and double backward.
def _data_in(low, high):
    def make_data(shape, dtype):
        x = numpy.random.uniform(low, high, shape).astype(dtype)
        gy = numpy.random.uniform(-1, 1, shape).astype(dtype)
        ggx = numpy.random.uniform(-1, 1, shape).astype(dtype)
        return x, gy, ggx

    return make_data


@testing.fix_random()
@testing.unary_math_function_unittest(sin)
class TestSinUnary(unittest.TestCase):
    pass


@testing.fix_random()
@testing.unary_math_function_unittest(cos)
class TestCosUnary(unittest.TestCase):
    pass


@testing.fix_random()
@testing.unary_math_function_unittest(tan)
class TestTanUnary(unittest.TestCase):
    pass


@testing.fix_random()
@testing.unary_math_function_unittest(arcsin, make_data=_data_in(-0.75, 0.75))
class TestArcsinUnary(unittest.TestCase):
    pass


@testing.fix_random()
@testing.unary_math_function_unittest(arccos, make_data=_data_in(-0.75, 0.75))
class TestArccosUnary(unittest.TestCase):
    pass


@testing.fix_random()
@testing.unary_math_function_unittest(arctan)
class TestArctanUnary(unittest.TestCase):
    pass


def test_arctan2_label():
    x1 = chainer.Variable(numpy.ones((2,), numpy.float32))
    y = arctan2(x1, numpy.ones((2,), numpy.float32))
    assert y.creator.label == "arctan2"


@pytest.mark.parametrize("func", [sin, cos, tan, arcsin, arccos, arctan])
def test_int_input_is_invalid(func):
    with pytest.raises(type_check.InvalidType) as info:
        func(numpy.ones((2,), numpy.int32))
    message = str(info.value)
    assert f"Invalid operation is performed in: {func.__name__} (Forward)" in message
    assert "x.dtype.kind == f" in message.replace("'", "")


def test_arctan2_dtype_mismatch_is_invalid():
    with pytest.raises(type_check.InvalidType) as info:
        arctan2(numpy.ones((2,), numpy.float32), numpy.ones((2,), numpy.float64))
    message = str(info.value)
    assert "Invalid operation is performed in: arctan2 (Forward)" in message
    assert "x1.dtype == x2.dtype" in message


def test_arctan2_shapes_must_broadcast():
    with pytest.raises(type_check.InvalidType) as info:
        arctan2(numpy.ones((2, 3), numpy.float32), numpy.ones((4,), numpy.float32))
    assert "Invalid operation is performed in: arctan2 (Forward)" in str(info.value)
