"""L.Parameter: a link that holds one array and returns it."""

import numpy
import pytest

import chainer
from chainer import testing
from chainer.links.connection.parameter import Parameter

_BACKENDS = [{}, {"use_cuda": True}]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(*testing.product({"dtype": [numpy.float16, numpy.float32, numpy.float64]}))
@testing.fix_random()
class TestParameter(testing.LinkTestCase):
    param_names = ("W",)

    def generate_params(self):
        return ()

    def create_link(self, initializers):
        return Parameter(numpy.random.uniform(-1, 1, (2, 3)).astype(self.dtype))

    def generate_inputs(self):
        return ()

    def forward_expected(self, link, inputs):
        return (link.W.array.copy(),)


def test_holds_the_given_array():
    array = numpy.arange(6, dtype=numpy.float32).reshape(2, 3)
    link = Parameter(array)
    assert link.W.array is array
    assert isinstance(link.W, chainer.Parameter)
    assert [name for name, _ in link.namedparams()] == ["/W"]


def test_gradient_reaches_W():
    link = Parameter(numpy.ones(3, numpy.float32))
    y = link()
    chainer.functions.sum(y * y).backward()
    numpy.testing.assert_array_equal(link.W.grad, [2, 2, 2])


def test_bad_arguments():
    with pytest.raises(TypeError, match="array must be a numpy.ndarray or a cupy.ndarray"):
        Parameter([1.0, 2.0])
    with pytest.raises(ValueError, match="volatile"):
        Parameter(numpy.ones(2, numpy.float32))(volatile="on")
