"""L.Swish: forward against NumPy, beta's gradient, lazy shape, initializers."""

import numpy

import chainer
from chainer import initializers, testing
from chainer.links.activation.swish import Swish

_BACKENDS = [{}, {"use_cuda": True}]


def _sigmoid(x):
    return 1 / (1 + numpy.exp(-x))


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {"dtype": [numpy.float16, numpy.float32, numpy.float64], "beta_shape": [(3,), (3, 2)]}
    ),
    {"dtype": numpy.float32, "beta_shape": None},
)
@testing.fix_random()
class TestSwish(testing.LinkTestCase):
    param_names = ("beta",)
    x_shape = (4, 3, 2)

    def setUp(self):
        if self.dtype == numpy.float16:
            self.check_forward_options = {"atol": 1e-3, "rtol": 1e-3}
            self.check_backward_options = {"atol": 5e-2, "rtol": 5e-2}
        else:
            self.check_backward_options = {"atol": 1e-4, "rtol": 1e-3}

    def generate_params(self):
        shape = self.x_shape[1:] if self.beta_shape is None else self.beta_shape
        return (numpy.random.uniform(0.5, 1.5, shape).astype(self.dtype),)

    def create_link(self, initializers):
        with chainer.using_config("dtype", self.dtype):
            return Swish(self.beta_shape, beta_init=initializers[0])

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, self.x_shape).astype(self.dtype),)

    def forward_expected(self, link, inputs):
        (x,) = inputs
        beta = link.beta.array.astype(numpy.float64)
        beta = beta.reshape(beta.shape + (1,) * (x.ndim - 1 - beta.ndim))
        return ((x * _sigmoid(beta * x)).astype(self.dtype),)


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize({"lazy": False}, {"lazy": True})
class TestSwishInitializers(testing.LinkInitializersTestCase):
    param_names = ("beta",)

    def generate_params(self):
        return (testing.InitializerArgument(1.0, 1.0),)

    def get_initializers(self):
        return ([initializers.Constant(0.5), 2.0, initializers.One()],)

    def create_link(self, initializers):
        return Swish(None if self.lazy else (3,), beta_init=initializers[0])

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, (2, 3)).astype(numpy.float32),)


def test_lazy_shape_from_first_input():
    link = Swish(None)
    assert link.beta.array is None
    link(numpy.zeros((5, 3, 4), numpy.float32))
    assert link.beta.shape == (3, 4)
    numpy.testing.assert_array_equal(link.beta.array, numpy.ones((3, 4), numpy.float32))
