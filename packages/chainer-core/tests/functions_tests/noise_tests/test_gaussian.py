"""F.gaussian: exact with given noise, statistical with drawn noise, reparameterized gradients."""

import numpy
import pytest

import chainer
from chainer import testing
from chainer.backends import cuda
from chainer.functions.noise.gaussian import gaussian
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


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
            "shape": [(3, 2), ()],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestGaussianGivenEps(testing.FunctionTestCase):
    def setUp(self):
        self.eps = numpy.asarray(numpy.random.standard_normal(self.shape)).astype(self.dtype)
        if self.dtype == numpy.float16:
            self.check_forward_options = {"atol": 2e-3, "rtol": 2e-3}
            self.check_backward_options = {"atol": 5e-2, "rtol": 5e-2}
        elif self.dtype == numpy.float32:
            self.check_forward_options = {"atol": 1e-6, "rtol": 1e-6}
            self.check_backward_options = {"atol": 1e-4, "rtol": 1e-3}
        else:
            self.check_forward_options = {"atol": 1e-12, "rtol": 1e-12}
            self.check_backward_options = {"atol": 1e-6, "rtol": 1e-5}
        self.check_double_backward_options = dict(self.check_backward_options)

    def generate_inputs(self):
        mean = numpy.random.uniform(-1, 1, self.shape).astype(self.dtype)
        ln_var = numpy.random.uniform(-1, 1, self.shape).astype(self.dtype)
        return mean, ln_var

    def forward(self, inputs, device):
        mean, ln_var = inputs
        return (gaussian(mean, ln_var, eps=device.send(self.eps)),)

    def forward_expected(self, inputs):
        mean, ln_var = (x.astype(numpy.float64) for x in inputs)
        y = mean + numpy.exp(ln_var / 2) * self.eps.astype(numpy.float64)
        return (numpy.asarray(y).astype(self.dtype),)


def test_sample_moments(xp):
    xp.random.seed(0)
    n = 20000
    mean = xp.full((n,), 1.5, numpy.float32)
    ln_var = xp.full((n,), numpy.log(4.0), numpy.float32)
    y = cuda.to_cpu(gaussian(mean, ln_var).array).astype(numpy.float64)
    # Mean 1.5 and standard deviation 2: the sample mean is within 5 standard errors.
    assert abs(y.mean() - 1.5) < 5 * 2 / n**0.5
    # The sample variance of n normal draws has standard error ~ sigma^2 sqrt(2 / n).
    assert abs(y.var() - 4.0) < 5 * 4.0 * (2 / n) ** 0.5
    # A normal distribution has 68.3% of its mass within one standard deviation.
    within = (numpy.abs(y - 1.5) < 2).mean()
    assert abs(within - 0.6827) < 5 * (0.6827 * 0.3173 / n) ** 0.5


def test_return_eps_reproduces_the_sample():
    mean = numpy.random.uniform(-1, 1, (4, 3)).astype(numpy.float32)
    ln_var = numpy.random.uniform(-1, 1, (4, 3)).astype(numpy.float32)
    y, eps = gaussian(mean, ln_var, return_eps=True)
    assert eps.shape == (4, 3) and eps.dtype == numpy.float32
    numpy.testing.assert_array_equal(gaussian(mean, ln_var, eps=eps).array, y.array)
    numpy.testing.assert_allclose(y.array, mean + numpy.exp(ln_var / 2) * eps, rtol=1e-6)


def test_seed_reproduces_the_noise(xp):
    mean = xp.zeros((30,), numpy.float64)
    xp.random.seed(5)
    a = gaussian(mean, mean).array
    xp.random.seed(5)
    b = gaussian(mean, mean).array
    numpy.testing.assert_array_equal(cuda.to_cpu(a), cuda.to_cpu(b))


def test_sampling_also_in_test_mode():
    mean = numpy.zeros((100,), numpy.float32)
    with chainer.using_config("train", False):
        y = gaussian(mean, mean).array
    assert y.std() > 0.5


def test_gradients():
    mean = chainer.Variable(numpy.array([0.5, -1.0]))
    ln_var = chainer.Variable(numpy.array([0.2, 1.0]))
    eps = numpy.array([1.0, -2.0])
    y = gaussian(mean, ln_var, eps=eps)
    y.grad = numpy.ones(2)
    y.backward()
    numpy.testing.assert_array_equal(mean.grad, [1.0, 1.0])
    numpy.testing.assert_allclose(ln_var.grad, 0.5 * numpy.exp(ln_var.array / 2) * eps)


def test_shape_mismatch_is_invalid():
    with pytest.raises(type_check.InvalidType) as info:
        gaussian(numpy.zeros((2, 3), numpy.float32), numpy.zeros((3, 2), numpy.float32))
    assert "ln_var.shape == mean.shape" in str(info.value)


def test_dtype_mismatch_is_invalid():
    with pytest.raises(type_check.InvalidType):
        gaussian(numpy.zeros((2,), numpy.float32), numpy.zeros((2,), numpy.float64))


def test_eps_of_wrong_shape():
    z = numpy.zeros((2, 3), numpy.float32)
    with pytest.raises(ValueError, match="eps must have shape"):
        gaussian(z, z, eps=numpy.zeros((3,), numpy.float32))


def test_unknown_keyword():
    z = numpy.zeros((2,), numpy.float32)
    with pytest.raises(TypeError, match="unexpected keyword argument"):
        gaussian(z, z, noise=z)
