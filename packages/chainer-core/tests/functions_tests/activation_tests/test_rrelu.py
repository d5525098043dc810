"""F.rrelu: fixed slopes (training) and the mean slope (test mode); the random slopes."""

import numpy
import pytest

import chainer
from chainer import testing
from chainer.functions.activation.rrelu import rrelu
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


_PARAMS = testing.product(
    {
        "shape": [(3, 2), (2, 3, 4)],
        "train": [True, False],
        "dtype": [numpy.float16, numpy.float32, numpy.float64],
        "contiguous": [None, "C"],
    }
)


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(*_PARAMS)
@testing.fix_random()
class TestRReLU(testing.FunctionTestCase):
    """Training with a given r, and test mode (where r is ignored)."""

    dodge_nondifferentiable = True
    l = 0.125  # noqa: E741 - Chainer's parameter name
    u = 0.5

    def setUp(self):
        _options(self, self.dtype)
        self.r = numpy.random.uniform(self.l, self.u, self.shape).astype(self.dtype)

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, self.shape).astype(self.dtype),)

    def forward(self, inputs, device):
        (x,) = inputs
        # The numerical gradient runs in float64: r follows x's dtype (exactly).
        r = device.send(self.r).astype(x.dtype)
        with chainer.using_config("train", self.train):
            return (rrelu(x, self.l, self.u, r=r),)

    def forward_expected(self, inputs):
        x = inputs[0].astype(numpy.float64)
        r = self.r.astype(numpy.float64) if self.train else (self.l + self.u) / 2
        return (numpy.where(x >= 0, x, r * x).astype(self.dtype),)


@pytest.mark.parametrize("dtype", [numpy.float16, numpy.float32, numpy.float64])
def test_rrelu_random_slopes_in_training(dtype):
    numpy.random.seed(0)
    x = chainer.Variable(-numpy.ones((100, 100), dtype))
    y, r = rrelu(x, 0.1, 0.3, return_r=True)
    assert r.shape == x.shape and r.dtype == dtype
    assert r.min() >= dtype(0.1) and r.max() <= dtype(0.3)
    assert abs(float(r.astype(numpy.float64).mean()) - 0.2) < 3e-3
    assert abs(float(r.astype(numpy.float64).std()) - 0.2 / numpy.sqrt(12)) < 3e-3
    numpy.testing.assert_array_equal(y.array, r * x.array)
    y.grad = numpy.ones_like(y.array)
    y.backward()
    numpy.testing.assert_array_equal(x.grad, r)


def test_rrelu_draws_new_slopes_each_call():
    x = -numpy.ones((10,), numpy.float32)
    _, r1 = rrelu(x, return_r=True)
    _, r2 = rrelu(x, return_r=True)
    assert not numpy.array_equal(r1, r2)
    assert r1.min() >= 0.125 and r1.max() <= 1 / 3


def test_rrelu_positive_inputs_pass_through():
    x = numpy.array([0.0, 0.5, 2.0], numpy.float32)
    numpy.testing.assert_array_equal(rrelu(x).array, x)


def test_rrelu_test_mode_uses_the_mean_slope():
    x = numpy.array([-2.0, 1.0], numpy.float32)
    r_given = numpy.array([0.9, 0.9], numpy.float32)
    with chainer.using_config("train", False):
        y, r = rrelu(x, 0.2, 0.4, r=r_given, return_r=True)
    numpy.testing.assert_allclose(r, [0.3, 0.3])
    numpy.testing.assert_allclose(y.array, [-0.6, 1.0])


def test_rrelu_given_r_is_returned():
    x = numpy.array([-2.0, 1.0], numpy.float32)
    r = numpy.array([0.2, 0.3], numpy.float32)
    y, r_out = rrelu(x, r=r, return_r=True)
    assert r_out is r
    numpy.testing.assert_allclose(y.array, [-0.4, 1.0])


def test_rrelu_zero_lower_bound_gives_zero_gradient_for_zero_slope():
    x = chainer.Variable(numpy.array([-2.0, 1.0], numpy.float32))
    y = rrelu(x, 0.0, 0.5, r=numpy.zeros(2, numpy.float32))
    y.grad = numpy.ones(2, numpy.float32)
    y.backward()
    numpy.testing.assert_array_equal(x.grad, [0.0, 1.0])


@pytest.mark.parametrize(
    "l, u, match",
    [(-0.1, 0.3, "l must be in"), (0.1, 1.0, "u must be in"), (0.3, 0.3, "u must be larger")],
)
def test_rrelu_bounds(l, u, match):  # noqa: E741 - Chainer's parameter name
    with pytest.raises(ValueError, match=match):
        rrelu(numpy.ones((2,), numpy.float32), l, u)


def test_rrelu_bounds_must_be_numbers():
    with pytest.raises(TypeError, match="l must be a real number"):
        rrelu(numpy.ones((2,), numpy.float32), "0.1")


def test_rrelu_train_argument_was_removed():
    with pytest.raises(ValueError, match="using_config"):
        rrelu(numpy.ones((2,), numpy.float32), train=False)


def test_rrelu_unknown_keyword():
    with pytest.raises(TypeError, match="unexpected keyword argument"):
        rrelu(numpy.ones((2,), numpy.float32), slope=0.1)


def test_rrelu_r_shape_must_match():
    with pytest.raises(ValueError, match=r"r must have x's shape \(2,\), not \(1,\)"):
        rrelu(numpy.ones((2,), numpy.float32), r=numpy.ones((1,), numpy.float32))


def test_rrelu_r_dtype_must_match():
    with pytest.raises(TypeError, match="r must have x's dtype float32, not float64"):
        rrelu(numpy.ones((2,), numpy.float32), r=numpy.ones((2,), numpy.float64))


def test_rrelu_r_must_be_an_array():
    with pytest.raises(TypeError, match="r must be an array"):
        rrelu(numpy.ones((2,), numpy.float32), r=[0.2, 0.2])


def test_rrelu_int_input_is_invalid():
    with pytest.raises(type_check.InvalidType, match="RReLU"):
        rrelu(numpy.ones((2,), numpy.int32))
