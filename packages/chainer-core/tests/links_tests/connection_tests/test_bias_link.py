"""L.Bias: a learned or given bias broadcast along the input's axes."""

import numpy
import pytest

import chainer
from chainer import testing
from chainer.links.connection.bias import Bias

_BACKENDS = [{}, {"use_cuda": True}]


def _expand(b, x_ndim, axis):
    return b.reshape((1,) * axis + b.shape + (1,) * (x_ndim - axis - b.ndim))


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    {"x_shape": (2, 3, 4), "axis": 1, "shape": (3,), "dtype": numpy.float16},
    {"x_shape": (2, 3, 4), "axis": 1, "shape": (3, 4), "dtype": numpy.float32},
    {"x_shape": (2, 3, 4), "axis": 0, "shape": (2,), "dtype": numpy.float64},
    {"x_shape": (2, 3), "axis": 1, "shape": 3, "dtype": numpy.float32},
)
@testing.fix_random()
class TestBiasLearned(testing.LinkTestCase):
    param_names = ("b",)

    def setUp(self):
        if self.dtype == numpy.float16:
            self.check_forward_options = {"atol": 1e-3, "rtol": 1e-3}
            self.check_backward_options = {"atol": 1e-2, "rtol": 1e-2}

    def generate_params(self):
        return ()

    def create_link(self, initializers):
        with chainer.using_config("dtype", self.dtype):
            link = Bias(self.axis, self.shape)
        link.b.array[...] = numpy.random.uniform(-1, 1, link.b.shape)
        return link

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, self.x_shape).astype(self.dtype),)

    def forward_expected(self, link, inputs):
        (x,) = inputs
        return ((x + _expand(link.b.array, x.ndim, self.axis)).astype(self.dtype),)


@testing.inject_backend_tests(None, _BACKENDS)
@testing.fix_random()
class TestBiasGiven(testing.LinkTestCase):
    def generate_params(self):
        return ()

    def create_link(self, initializers):
        return Bias(axis=1)

    def generate_inputs(self):
        x = numpy.random.uniform(-1, 1, (2, 3, 4)).astype(numpy.float32)
        return x, numpy.random.uniform(-1, 1, (3,)).astype(numpy.float32)

    def forward_expected(self, link, inputs):
        x, b = inputs
        return (x + b[None, :, None],)


def test_learned_bias_starts_at_zero():
    link = Bias(shape=(3, 2))
    numpy.testing.assert_array_equal(link.b.array, numpy.zeros((3, 2), numpy.float32))
    assert [name for name, _ in link.namedparams()] == ["/b"]


def test_no_parameter_without_shape():
    assert list(Bias().params()) == []


def test_wrong_number_of_inputs():
    x = numpy.zeros((2, 3), numpy.float32)
    with pytest.raises(TypeError, match="holds its bias b, so it takes one input, got 2"):
        Bias(shape=(3,))(x, x[0])
    with pytest.raises(TypeError, match="takes two inputs"):
        Bias()(x)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"axis": 1.0}, TypeError, "axis must be an int"),
        ({"shape": "3"}, TypeError, "shape must be None, an int or a tuple of ints"),
        ({"shape": (3, -1)}, ValueError, "shape must not have negative entries"),
    ],
)
def test_bad_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        Bias(**kwargs)


def test_shape_mismatch_is_reported():
    with pytest.raises(ValueError, match="y.shape must equal"):
        Bias(shape=(4,))(numpy.zeros((2, 3), numpy.float32))
