"""L.LayerNormalization: forward against NumPy, gradients, lazy size, initializers."""

import numpy

import chainer
from chainer import initializers, testing
from chainer.links.normalization.layer_normalization import LayerNormalization

_BACKENDS = [{}, {"use_cuda": True}]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {"dtype": [numpy.float16, numpy.float32, numpy.float64], "lazy": [False, True]}
    )
)
@testing.fix_random()
class TestLayerNormalization(testing.LinkTestCase):
    param_names = ("gamma", "beta")
    eps = 1e-6
    x_shape = (4, 5)

    def setUp(self):
        if self.dtype == numpy.float16:
            self.check_forward_options = {"atol": 1e-2, "rtol": 1e-2}
            self.check_backward_options = {"atol": 5e-2, "rtol": 5e-2}
        elif self.dtype == numpy.float32:
            self.check_forward_options = {"atol": 1e-5, "rtol": 1e-4}
            self.check_backward_options = {"atol": 1e-3, "rtol": 1e-3}
        else:
            self.check_backward_options = {"atol": 1e-6, "rtol": 1e-5}

    def generate_params(self):
        gamma = numpy.random.uniform(0.5, 1.5, self.x_shape[1]).astype(self.dtype)
        beta = numpy.random.uniform(-1, 1, self.x_shape[1]).astype(self.dtype)
        return gamma, beta

    def create_link(self, initializers):
        gamma, beta = initializers
        with chainer.using_config("dtype", self.dtype):
            return LayerNormalization(
                None if self.lazy else self.x_shape[1],
                eps=self.eps,
                initial_gamma=gamma,
                initial_beta=beta,
            )

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, self.x_shape).astype(self.dtype),)

    def forward(self, link, inputs, device):
        # A lazy link allocates its parameters with the dtype configured then.
        with chainer.using_config("dtype", self.dtype):
            return (link(*inputs),)

    def forward_expected(self, link, inputs):
        (x,) = inputs
        x = x.astype(numpy.float64)
        y = (x - x.mean(1, keepdims=True)) / numpy.sqrt(x.var(1, keepdims=True) + self.eps)
        return ((y * link.gamma.array + link.beta.array).astype(self.dtype),)


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize({"lazy": False}, {"lazy": True})
class TestLayerNormalizationInitializers(testing.LinkInitializersTestCase):
    param_names = ("gamma", "beta")

    def generate_params(self):
        return initializers.Constant(0.5), initializers.Constant(0.25)

    def get_initializers(self):
        return (
            [testing.InitializerArgument(None, 1), 2.0, numpy.arange(3, dtype=numpy.float32)],
            [testing.InitializerArgument(None, 0), initializers.Constant(3)],
        )

    def create_link(self, initializers):
        gamma, beta = initializers
        return LayerNormalization(None if self.lazy else 3, initial_gamma=gamma, initial_beta=beta)

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, (2, 3)).astype(numpy.float32),)


def test_defaults():
    link = LayerNormalization()
    assert link.eps == 1e-6 and link.gamma.array is None
    link(numpy.ones((2, 7), numpy.float32))
    numpy.testing.assert_array_equal(link.gamma.array, numpy.ones(7, numpy.float32))
    numpy.testing.assert_array_equal(link.beta.array, numpy.zeros(7, numpy.float32))
