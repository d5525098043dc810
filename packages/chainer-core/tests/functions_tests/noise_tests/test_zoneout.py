"""F.zoneout: exact against reseeded draws, statistical keep rate, identity outside training."""

import numpy
import pytest

import chainer
from chainer import testing
from chainer.backends import cuda
from chainer.functions.noise.zoneout import zoneout
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]
_SEED = 11


@pytest.fixture(params=["numpy", pytest.param("cupy", marks=pytest.mark.gpu)])
def xp(request):
    if request.param == "numpy":
        return numpy
    if not cuda.available:
        pytest.skip("no GPU")
    return cuda.cupy


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "shape": [(3, 4), ()],
            "ratio": [0.3, 0.7],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestZoneout(testing.FunctionTestCase):
    def setUp(self):
        self.check_forward_options = {"atol": 0, "rtol": 0}
        tol = 5e-3 if self.dtype == numpy.float16 else 1e-5
        self.check_backward_options = {"atol": tol, "rtol": tol}
        self.check_double_backward_options = {"atol": tol, "rtol": tol}

    def generate_inputs(self):
        h = numpy.random.uniform(-1, 1, self.shape).astype(self.dtype)
        x = numpy.random.uniform(-1, 1, self.shape).astype(self.dtype)
        return h, x

    def forward(self, inputs, device):
        # The same draw on every call, so the numerical gradients see one function.
        device.xp.random.seed(_SEED)
        return (zoneout(inputs[0], inputs[1], self.ratio),)

    def forward_expected(self, inputs):
        h, x = inputs
        xp = self.backend_config.xp if self.backend_config is not None else numpy
        xp.random.seed(_SEED)
        take_x = cuda.to_cpu(xp.random.random_sample(self.shape)) >= self.ratio
        return (numpy.asarray(numpy.where(take_x, x, h)),)


def test_rate_of_keeping_the_previous_state(xp):
    xp.random.seed(0)
    ratio, n = 0.3, 20000
    h = xp.zeros((n,), numpy.float32)
    x = xp.ones((n,), numpy.float32)
    y = cuda.to_cpu(zoneout(h, x, ratio).array)
    assert set(numpy.unique(y)) <= {0.0, 1.0}  # no rescaling
    rate_h = (y == 0).mean()
    assert abs(rate_h - ratio) < 5 * (ratio * (1 - ratio) / n) ** 0.5


def test_gradients_follow_the_choice():
    h = chainer.Variable(numpy.zeros((50,)))
    x = chainer.Variable(numpy.ones((50,)))
    y = zoneout(h, x, 0.5)
    y.grad = numpy.full((50,), 2.0)
    y.backward()
    took_x = y.array == 1
    numpy.testing.assert_array_equal(x.grad, numpy.where(took_x, 2.0, 0.0))
    numpy.testing.assert_array_equal(h.grad, numpy.where(took_x, 0.0, 2.0))


def test_extreme_ratios():
    h = numpy.zeros((10,), numpy.float32)
    x = numpy.ones((10,), numpy.float32)
    numpy.testing.assert_array_equal(zoneout(h, x, 0.0).array, x)
    numpy.testing.assert_array_equal(zoneout(h, x, 1.0).array, h)


def test_returns_x_outside_training():
    h = numpy.zeros((4,), numpy.float32)
    x = chainer.Variable(numpy.ones((4,), numpy.float32))
    with chainer.using_config("train", False):
        assert zoneout(h, x, 0.9) is x


def test_train_argument_is_rejected():
    z = numpy.zeros((2,), numpy.float32)
    with pytest.raises(ValueError, match="using_config"):
        zoneout(z, z, train=False)


def test_ratio_out_of_range():
    z = numpy.zeros((2,), numpy.float32)
    with pytest.raises(ValueError, match=r"ratio must be in \[0, 1\]"):
        zoneout(z, z, 1.5)


def test_shape_mismatch_is_invalid():
    with pytest.raises(type_check.InvalidType) as info:
        zoneout(numpy.zeros((2, 3), numpy.float32), numpy.zeros((3, 2), numpy.float32))
    assert "x.shape == h.shape" in str(info.value)
