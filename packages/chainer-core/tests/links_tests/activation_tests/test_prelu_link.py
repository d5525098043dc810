"""L.PReLU: forward against NumPy, the slope's gradient, initializers."""

import numpy

import chainer
from chainer import initializers, testing
from chainer.links.activation.prelu import PReLU

_BACKENDS = [{}, {"use_cuda": True}]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {"dtype": [numpy.float16, numpy.float32, numpy.float64], "W_shape": [(), (3,), (3, 2)]}
    )
)
@testing.fix_random()
class TestPReLU(testing.LinkTestCase):
    param_names = ("W",)
    dodge_nondifferentiable = True

    def setUp(self):
        if self.dtype == numpy.float16:
            self.check_forward_options = {"atol": 1e-3, "rtol": 1e-3}
            self.check_backward_options = {"atol": 5e-2, "rtol": 5e-2}
        else:
            self.check_backward_options = {"atol": 1e-4, "rtol": 1e-3}

    def generate_params(self):
        return (numpy.random.uniform(-1, 1, self.W_shape).astype(self.dtype),)

    def create_link(self, initializers):
        (init,) = initializers
        with chainer.using_config("dtype", self.dtype):
            return PReLU(self.W_shape, init=init)

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, (4, 3, 2)).astype(self.dtype),)

    def forward_expected(self, link, inputs):
        (x,) = inputs
        W = link.W.array.reshape(link.W.shape + (1,) * (x.ndim - 1 - link.W.ndim))
        return (numpy.where(x >= 0, x, W * x).astype(self.dtype),)


@testing.inject_backend_tests(None, _BACKENDS)
class TestPReLUInitializers(testing.LinkInitializersTestCase):
    param_names = ("W",)

    def generate_params(self):
        return (testing.InitializerArgument(0.25, 0.25),)

    def get_initializers(self):
        return ([initializers.Constant(0.5), 0.1, numpy.array([0.1, 0.2, 0.3], numpy.float32)],)

    def create_link(self, initializers):
        return PReLU((3,), init=initializers[0])

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, (2, 3)).astype(numpy.float32),)


def test_default_slope():
    link = PReLU()
    assert link.W.shape == ()
    assert float(link.W.array) == 0.25
    y = link(numpy.array([[-2.0, 4.0]], numpy.float32))
    numpy.testing.assert_allclose(y.array, [[-0.5, 4.0]])
