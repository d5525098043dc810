"""L.EmbedID: lookup against NumPy, the gradient of W, ignore_label, initializers."""

import numpy
import pytest

import chainer
from chainer import initializers, testing
from chainer.links.connection.embed_id import EmbedID

_BACKENDS = [{}, {"use_cuda": True}]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "x_shape": [(3,), (2, 3)],
            "ignore_label": [None, -1],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
        }
    )
)
@testing.fix_random()
class TestEmbedID(testing.LinkTestCase):
    param_names = ("W",)
    in_size = 5
    out_size = 4

    def setUp(self):
        if self.dtype == numpy.float16:
            self.check_backward_options = {"atol": 1e-2, "rtol": 1e-2}

    def generate_params(self):
        W = numpy.random.uniform(-1, 1, (self.in_size, self.out_size)).astype(self.dtype)
        return (W,)

    def create_link(self, initializers):
        with chainer.using_config("dtype", self.dtype):
            return EmbedID(
                self.in_size,
                self.out_size,
                initialW=initializers[0],
                ignore_label=self.ignore_label,
            )

    def generate_inputs(self):
        low = -1 if self.ignore_label is not None else 0
        return (numpy.random.randint(low, self.in_size, self.x_shape).astype(numpy.int32),)

    def forward_expected(self, link, inputs):
        (x,) = inputs
        W = link.W.array
        y = W[numpy.where(x == -1, 0, x)]
        if self.ignore_label is not None:
            y[x == self.ignore_label] = 0
        return (y.astype(self.dtype),)


class _Fixed:
    """An rng whose draws are always the same (the check calls the initializer twice)."""

    def uniform(self, low, high, size):
        return numpy.linspace(low, high, int(numpy.prod(size))).reshape(size)


@testing.inject_backend_tests(None, _BACKENDS)
class TestEmbedIDInitializers(testing.LinkInitializersTestCase):
    param_names = ("W",)

    def generate_params(self):
        return (initializers.Constant(0.5),)

    def get_initializers(self):
        W = numpy.random.uniform(-1, 1, (5, 3)).astype(numpy.float32)
        return ([initializers.Constant(1.5), 2, W, initializers.Uniform(1.0, rng=_Fixed())],)

    def create_link(self, initializers):
        return EmbedID(5, 3, initialW=initializers[0])

    def generate_inputs(self):
        return (numpy.array([0, 4, 2], numpy.int32),)


def test_default_weight_is_standard_normal():
    numpy.random.seed(4)
    link = EmbedID(6, 3)
    numpy.random.seed(4)
    expected = numpy.empty((6, 3), numpy.float32)
    initializers.Normal(1.0)(expected)
    numpy.testing.assert_array_equal(link.W.array, expected)


def test_ignored_ids_get_no_gradient():
    link = EmbedID(4, 2, ignore_label=-1)
    y = link(numpy.array([1, -1, 1, 3], numpy.int32))
    chainer.functions.sum(y).backward()
    numpy.testing.assert_array_equal(link.W.grad, [[0, 0], [2, 2], [0, 0], [1, 1]])


def test_str():
    assert str(EmbedID(4, 2)) == "EmbedID(in_size=4, out_size=2, ignore_label=None)"


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "match"),
    [
        ((None, 3), {}, TypeError, "in_size must be an int"),
        ((4, 0), {}, ValueError, "out_size must be at least 1"),
        ((4, 3), {"ignore_label": 1.5}, TypeError, "ignore_label must be None or an int"),
        ((4, 3), {"initialW": numpy.zeros((3, 4))}, ValueError, "initialW is an array"),
        ((4, 3), {"initialW": object()}, TypeError, "initialW must be None, a scalar"),
    ],
)
def test_bad_arguments(args, kwargs, error, match):
    with pytest.raises(error, match=match):
        EmbedID(*args, **kwargs)


def test_out_of_range_id():
    with pytest.raises(Exception, match="x"):
        EmbedID(3, 2)(numpy.array([3], numpy.int32))
