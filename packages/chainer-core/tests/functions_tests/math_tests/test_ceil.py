"""F.ceil: forward only (no gradient, as in Chainer v7) and input checks."""

import numpy
import pytest

import chainer
from chainer import testing
from chainer.functions.math.ceil import ceil
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "shape": [(3, 2), (2, 3, 4), ()],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestCeil(testing.FunctionTestCase):
    # ceil has no gradient: its output is outside the graph.
    skip_backward_test = True
    skip_double_backward_test = True

    def setUp(self):
        self.check_forward_options = {"atol": 0, "rtol": 0}

    def generate_inputs(self):
        return (numpy.random.uniform(-5, 5, self.shape).astype(self.dtype),)

    def forward(self, inputs, device):
        return (ceil(inputs[0]),)

    def forward_expected(self, inputs):
        return (numpy.asarray(numpy.ceil(inputs[0]), dtype=self.dtype),)


def test_special_values():
    x = numpy.array([-1.5, -1.0, -0.0, 0.0, 0.5, 1.0, 2.7], numpy.float32)
    y = ceil(x)
    numpy.testing.assert_array_equal(
        y.array, numpy.array([-1.0, -1.0, -0.0, 0.0, 1.0, 1.0, 3.0], numpy.float32)
    )


def test_output_is_outside_the_graph():
    x = chainer.Variable(numpy.array([-1.5, 0.5, 2.5], numpy.float32))
    y = ceil(x)
    assert y.dtype == numpy.float32
    assert y.creator is None
    assert not y.requires_grad
    # Backprop through a sum that uses the result reaches x only by the other path.
    z = chainer.functions.sum(x * y + x)
    z.backward()
    numpy.testing.assert_array_equal(x.grad, y.array + 1)


def test_int_input_is_invalid():
    with pytest.raises(type_check.InvalidType) as info:
        ceil(numpy.ones((2,), numpy.int32))
    message = str(info.value)
    assert "Invalid operation is performed in: ceil (Forward)" in message
    assert "x.dtype.kind == f" in message.replace("'", "")


def test_non_array_input_is_a_type_error():
    with pytest.raises(TypeError, match="must be Variables or arrays"):
        ceil([1.0, 2.0])
