"""F.maxout: forward, backward and double backward over several axes and pool sizes; errors."""

import numpy
import pytest

import chainer
from chainer import testing
from chainer.functions.activation.maxout import maxout
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
            "case": [
                ((2, 6), 2, 1),
                ((2, 6), 3, -1),
                ((2, 4, 3), 2, 1),
                ((2, 4, 3), 3, 2),
                ((4, 3), 4, 0),
                ((6,), 3, 0),
            ],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestMaxout(testing.FunctionTestCase):
    def setUp(self):
        _options(self, self.dtype)
        self.shape, self.pool_size, self.axis = self.case

    def generate_inputs(self):
        # Distinct values 0.1 apart, so that no two entries tie within the step
        # of the numerical gradient.
        size = int(numpy.prod(self.shape))
        x = (numpy.random.permutation(size) - size / 2) * 0.1
        return (x.reshape(self.shape).astype(self.dtype),)

    def forward(self, inputs, device):
        return (maxout(inputs[0], self.pool_size, axis=self.axis),)

    def forward_expected(self, inputs):
        x = inputs[0]
        axis = self.axis % x.ndim
        p = self.pool_size
        grouped = x.shape[:axis] + (x.shape[axis] // p, p) + x.shape[axis + 1 :]
        return (x.reshape(grouped).max(axis=axis + 1),)


def test_maxout_groups_consecutive_channels():
    x = chainer.Variable(numpy.array([[1.0, 5.0, 3.0, 2.0]], numpy.float32))
    y = maxout(x, 2)
    numpy.testing.assert_array_equal(y.array, [[5.0, 3.0]])
    y.grad = numpy.array([[10.0, 20.0]], numpy.float32)
    y.backward()
    numpy.testing.assert_array_equal(x.grad, [[0.0, 10.0, 20.0, 0.0]])


def test_maxout_tie_sends_the_gradient_to_one_entry():
    x = chainer.Variable(numpy.array([[2.0, 2.0]], numpy.float32))
    y = maxout(x, 2)
    y.grad = numpy.ones((1, 1), numpy.float32)
    y.backward()
    assert x.grad.sum() == 1.0


def test_maxout_not_divisible():
    with pytest.raises(type_check.InvalidType) as info:
        maxout(numpy.ones((2, 5), numpy.float32), 2)
    message = str(info.value)
    assert "Maxout" in message
    assert "x.shape[axis] % pool_size == 0" in message
    assert "x.shape[1] == 5, pool_size == 2" in message


@pytest.mark.parametrize("pool_size", [0, -2])
def test_maxout_pool_size_must_be_positive(pool_size):
    with pytest.raises(ValueError, match="pool_size must be positive"):
        maxout(numpy.ones((2, 4), numpy.float32), pool_size)


@pytest.mark.parametrize("kwargs", [{"pool_size": 2.0}, {"pool_size": 2, "axis": 1.0}])
def test_maxout_arguments_must_be_ints(kwargs):
    with pytest.raises(TypeError, match="must be an int"):
        maxout(numpy.ones((2, 4), numpy.float32), **kwargs)


def test_maxout_axis_out_of_range():
    with pytest.raises(type_check.InvalidType, match="axis == 2"):
        maxout(numpy.ones((2, 4), numpy.float32), 2, axis=2)


def test_maxout_int_input_is_invalid():
    with pytest.raises(type_check.InvalidType, match="Maxout"):
        maxout(numpy.ones((2, 4), numpy.int32), 2)
