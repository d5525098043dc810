"""L.SimplifiedDropconnect: forward against NumPy (given masks and inference), gradients."""

import numpy
import pytest

import chainer
from chainer import initializers, testing
from chainer.links.activation.simplified_dropconnect import SimplifiedDropconnect

_BACKENDS = [{}, {"use_cuda": True}]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "mode": ["mask", "batchwise_false", "inference"],
            "lazy": [False],
        }
    ),
    {"dtype": numpy.float32, "mode": "mask", "lazy": True},
)
@testing.fix_random()
class TestSimplifiedDropconnect(testing.LinkTestCase):
    param_names = ("W", "b")
    out_size = 3
    x_shape = (4, 2, 2)
    ratio = 0.4

    def setUp(self):
        self.in_size = 4
        if self.dtype == numpy.float16:
            self.check_forward_options = {"atol": 5e-3, "rtol": 5e-3}
            self.check_backward_options = {"atol": 5e-2, "rtol": 5e-2}
        else:
            self.check_backward_options = {"atol": 1e-4, "rtol": 1e-3}
        if self.mode == "mask":
            shape = (self.x_shape[0], self.out_size, self.in_size)
        else:
            shape = (self.out_size, self.in_size)
        self.mask = (numpy.random.uniform(0, 1, shape) > self.ratio).astype(self.dtype)

    def generate_params(self):
        W = numpy.random.uniform(-1, 1, (self.out_size, self.in_size)).astype(self.dtype)
        b = numpy.random.uniform(-1, 1, self.out_size).astype(self.dtype)
        return W, b

    def create_link(self, initializers):
        initialW, initial_bias = initializers
        with chainer.using_config("dtype", self.dtype):
            return SimplifiedDropconnect(
                None if self.lazy else self.in_size,
                self.out_size,
                self.ratio,
                initialW=initialW,
                initial_bias=initial_bias,
            )

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, self.x_shape).astype(self.dtype),)

    def forward(self, link, inputs, device):
        (x,) = inputs
        if self.mode == "inference":
            return (link(x, train=False),)
        mask = device.send(self.mask)
        return (link(x, train=True, mask=mask, use_batchwise_mask=self.mode == "mask"),)

    def forward_expected(self, link, inputs):
        (x,) = inputs
        x2 = x.reshape(len(x), -1).astype(numpy.float64)
        W = link.W.array.astype(numpy.float64)
        if self.mode == "inference":
            y = x2 @ W.T
        else:
            mask = self.mask if self.mask.ndim == 3 else self.mask[None]
            Wm = W[None] * mask / (1 - self.ratio)
            y = numpy.einsum("noi,ni->no", numpy.broadcast_to(Wm, (len(x),) + W.shape), x2)
        return ((y + link.b.array).astype(self.dtype),)


@testing.inject_backend_tests(None, _BACKENDS)
class TestSimplifiedDropconnectInitializers(testing.LinkInitializersTestCase):
    param_names = ("W", "b")

    def generate_params(self):
        return initializers.Constant(0.5), initializers.Constant(0.25)

    def get_initializers(self):
        return (
            [initializers.Constant(1.5), 2, numpy.ones((3, 2), numpy.float32)],
            [testing.InitializerArgument(None, 0), 3],
        )

    def create_link(self, initializers):
        initialW, initial_bias = initializers
        return SimplifiedDropconnect(2, 3, initialW=initialW, initial_bias=initial_bias)

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, (4, 2)).astype(numpy.float32),)

    def forward(self, link, inputs, device):
        return (link(inputs[0], train=False),)


def test_default_weight_is_scaled_he_normal():
    numpy.random.seed(0)
    link = SimplifiedDropconnect(5, 4)
    numpy.random.seed(0)
    expected = numpy.empty((4, 5), numpy.float32)
    initializers.HeNormal(1 / numpy.sqrt(2))(expected)
    numpy.testing.assert_array_equal(link.W.array, expected)
    numpy.testing.assert_array_equal(link.b.array, numpy.zeros(4, numpy.float32))


def test_nobias_and_attributes():
    link = SimplifiedDropconnect(2, 3, ratio=0.25, nobias=True)
    assert link.b is None
    assert (link.out_size, link.ratio) == (3, 0.25)


def test_training_drops_about_ratio():
    numpy.random.seed(1)
    link = SimplifiedDropconnect(200, 1, ratio=0.5, nobias=True, initialW=1.0)
    x = numpy.ones((50, 200), numpy.float32)
    y = link(x).array
    # Each output sums the kept weights, scaled by 2: about 200 on average.
    assert 180 < y.mean() < 220
    assert y.std() > 0


def test_bad_ratio():
    link = SimplifiedDropconnect(2, 3, ratio=1.5)
    with pytest.raises(ValueError, match="ratio"):
        link(numpy.ones((1, 2), numpy.float32))
