"""F.gumbel_softmax: exact against reseeded Gumbel noise, and its sampling distribution."""

import numpy
import pytest

from chainer import testing
from chainer.backends import cuda
from chainer.functions.noise.gumbel_softmax import gumbel_softmax

_BACKENDS = [{}, {"use_cuda": True}]
_SEED = 7


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
            "shape_axis": [((3, 4), 1), ((2, 3, 2), 1), ((2, 3, 2), -1), ((4,), 0)],
            "tau": [1.0, 0.5],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestGumbelSoftmax(testing.FunctionTestCase):
    def setUp(self):
        self.shape, self.axis = self.shape_axis
        if self.dtype == numpy.float16:
            self.check_forward_options = {"atol": 2e-3, "rtol": 2e-3}
            self.check_backward_options = {"atol": 5e-2, "rtol": 5e-2}
        elif self.dtype == numpy.float32:
            self.check_forward_options = {"atol": 1e-6, "rtol": 1e-5}
            self.check_backward_options = {"atol": 1e-4, "rtol": 1e-3}
        else:
            self.check_forward_options = {"atol": 1e-12, "rtol": 1e-12}
            self.check_backward_options = {"atol": 1e-6, "rtol": 1e-5}
        self.check_double_backward_options = dict(self.check_backward_options)

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, self.shape).astype(self.dtype),)

    def _gumbel(self, xp):
        # The same draw on every call, so the numerical gradients see one function.
        xp.random.seed(_SEED)
        return xp.random.gumbel(size=self.shape)

    def forward(self, inputs, device):
        device.xp.random.seed(_SEED)  # the op draws what _gumbel draws
        return (gumbel_softmax(inputs[0], self.tau, self.axis),)

    def forward_expected(self, inputs):
        xp = self.backend_config.xp if self.backend_config is not None else numpy
        g = cuda.to_cpu(self._gumbel(xp)).astype(self.dtype).astype(numpy.float64)
        z = (inputs[0].astype(numpy.float64) + g) / self.tau
        e = numpy.exp(z - z.max(axis=self.axis, keepdims=True))
        return ((e / e.sum(axis=self.axis, keepdims=True)).astype(self.dtype),)


def test_argmax_follows_the_categorical_distribution(xp):
    xp.random.seed(0)
    probs = numpy.array([0.2, 0.5, 0.3])
    n = 20000
    log_pi = xp.asarray(numpy.tile(numpy.log(probs), (n, 1)).astype(numpy.float32))
    y = cuda.to_cpu(gumbel_softmax(log_pi, tau=0.1).array)
    freq = numpy.bincount(y.argmax(axis=1), minlength=3) / n
    sigma = (probs * (1 - probs) / n) ** 0.5
    assert (numpy.abs(freq - probs) < 5 * sigma).all(), freq


def test_low_temperature_is_nearly_one_hot():
    numpy.random.seed(0)
    y = gumbel_softmax(numpy.zeros((500, 4), numpy.float64), tau=0.01).array
    numpy.testing.assert_allclose(y.sum(axis=1), 1, rtol=1e-12)
    assert (y.max(axis=1) > 0.9).mean() > 0.95


def test_unnormalized_log_probabilities_give_the_same_distribution():
    # Adding a constant to log_pi does not change the sample.
    log_pi = numpy.log(numpy.array([[0.1, 0.6, 0.3]]))
    numpy.random.seed(2)
    a = gumbel_softmax(log_pi, tau=0.5).array
    numpy.random.seed(2)
    b = gumbel_softmax(log_pi + 3.0, tau=0.5).array
    numpy.testing.assert_allclose(a, b, rtol=1e-12)


def test_dtype_is_kept():
    y = gumbel_softmax(numpy.zeros((3, 4), numpy.float16))
    assert y.dtype == numpy.float16
    numpy.testing.assert_allclose(y.array.astype(numpy.float32).sum(axis=1), 1, rtol=1e-2)


def test_scalar_input_gives_one():
    y = gumbel_softmax(numpy.asarray(0.3, numpy.float32))
    assert y.shape == () and y.dtype == numpy.float32 and float(y.array) == 1.0


@pytest.mark.parametrize("tau", [0, -1.0])
def test_nonpositive_tau(tau):
    with pytest.raises(ValueError, match="tau must be a positive number"):
        gumbel_softmax(numpy.zeros((2, 3), numpy.float32), tau=tau)


def test_axis_out_of_range():
    with pytest.raises(ValueError, match="axis 2 is out of range for log_pi of 2 dimensions"):
        gumbel_softmax(numpy.zeros((2, 3), numpy.float32), axis=2)


def test_integer_input():
    with pytest.raises(TypeError, match="log_pi must be floating point"):
        gumbel_softmax(numpy.zeros((2, 3), numpy.int32))
