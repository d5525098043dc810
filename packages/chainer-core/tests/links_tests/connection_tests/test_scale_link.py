"""L.Scale: a learned or given scale broadcast along the input's axes, with an optional bias."""

import numpy
import pytest

import chainer
from chainer import gradient_check, testing
from chainer.links.connection.bias import Bias
from chainer.links.connection.scale import Scale

_BACKENDS = [{}, {"use_cuda": True}]


def _expand(w, x_ndim, axis):
    return w.reshape((1,) * axis + w.shape + (1,) * (x_ndim - axis - w.ndim))


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    {"x_shape": (2, 3, 4), "axis": 1, "W_shape": (3,), "dtype": numpy.float16},
    {"x_shape": (2, 3, 4), "axis": 1, "W_shape": (3, 4), "dtype": numpy.float32},
    {"x_shape": (2, 3, 4), "axis": 2, "W_shape": (4,), "dtype": numpy.float64},
)
@testing.fix_random()
class TestScaleLearned(testing.LinkTestCase):
    param_names = ("W",)

    def setUp(self):
        if self.dtype == numpy.float16:
            self.check_forward_options = {"atol": 1e-3, "rtol": 1e-3}
            self.check_backward_options = {"atol": 1e-2, "rtol": 1e-2}

    def generate_params(self):
        return ()

    def create_link(self, initializers):
        with chainer.using_config("dtype", self.dtype):
            link = Scale(self.axis, self.W_shape)
        link.W.array[...] = numpy.random.uniform(-1, 1, link.W.shape)
        return link

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, self.x_shape).astype(self.dtype),)

    def forward_expected(self, link, inputs):
        (x,) = inputs
        return ((x * _expand(link.W.array, x.ndim, self.axis)).astype(self.dtype),)


@testing.inject_backend_tests(None, _BACKENDS)
@testing.fix_random()
class TestScaleGiven(testing.LinkTestCase):
    def generate_params(self):
        return ()

    def create_link(self, initializers):
        return Scale(axis=1)

    def generate_inputs(self):
        x = numpy.random.uniform(-1, 1, (2, 3, 4)).astype(numpy.float32)
        return x, numpy.random.uniform(-1, 1, (3, 4)).astype(numpy.float32)

    def forward_expected(self, link, inputs):
        x, w = inputs
        return (x * w[None],)


def test_learned_scale_starts_at_one():
    link = Scale(W_shape=(3,))
    numpy.testing.assert_array_equal(link.W.array, numpy.ones(3, numpy.float32))
    assert not hasattr(link, "bias")


@pytest.mark.parametrize("learned", [True, False])
def test_bias_term(learned):
    numpy.random.seed(0)
    with chainer.using_config("dtype", numpy.float64):
        if learned:
            link = Scale(1, (3,), bias_term=True)
            link.W.array[...] = numpy.random.uniform(-1, 1, 3)
        else:
            link = Scale(1, bias_term=True, bias_shape=(3,))
    assert isinstance(link.bias, Bias) and link.bias.b.shape == (3,)
    link.bias.b.array[...] = numpy.random.uniform(-1, 1, 3)
    x = numpy.random.uniform(-1, 1, (2, 3, 2))
    w = link.W.array if learned else numpy.random.uniform(-1, 1, 3)
    inputs = (x,) if learned else (x, w)
    expected = x * w[None, :, None] + link.bias.b.array[None, :, None]
    numpy.testing.assert_allclose(link(*inputs).array, expected, rtol=1e-12)
    names = sorted(name for name, _ in link.namedparams())
    assert names == (["/W", "/bias/b"] if learned else ["/bias/b"])
    gy = numpy.random.uniform(-1, 1, x.shape)
    gradient_check.check_backward(link, inputs, gy, params=tuple(link.params()), atol=1e-6)


def test_bias_term_needs_a_shape():
    with pytest.raises(ValueError, match="bias_shape must be given when bias_term is True"):
        Scale(bias_term=True)


def test_wrong_number_of_inputs():
    x = numpy.zeros((2, 3), numpy.float32)
    with pytest.raises(TypeError, match="holds its scale W"):
        Scale(W_shape=(3,))(x, x[0])
    with pytest.raises(TypeError, match="takes two inputs"):
        Scale()(x)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"axis": None}, TypeError, "axis must be an int"),
        ({"W_shape": 2.5}, TypeError, "W_shape must be None, an int or a tuple"),
        ({"bias_term": 1, "W_shape": 3}, TypeError, "bias_term must be a bool"),
    ],
)
def test_bad_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        Scale(**kwargs)
