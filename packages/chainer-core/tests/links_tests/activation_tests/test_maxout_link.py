"""L.Maxout: forward against NumPy, parameter gradients, initializers, lazy shapes, errors."""

import numpy
import pytest

import chainer
from chainer import initializers, testing
from chainer.links.activation.maxout import Maxout

_BACKENDS = [{}, {"use_cuda": True}]


def _tolerances(case):
    if case.dtype == numpy.float16:
        case.check_forward_options = {"atol": 5e-3, "rtol": 5e-3}
        case.check_backward_options = {"atol": 5e-2, "rtol": 5e-2}
    elif case.dtype == numpy.float32:
        case.check_forward_options = {"atol": 1e-5, "rtol": 1e-5}
        case.check_backward_options = {"atol": 1e-4, "rtol": 1e-3}
    else:
        case.check_forward_options = {"atol": 1e-12, "rtol": 1e-12}
        case.check_backward_options = {"atol": 1e-6, "rtol": 1e-5}


class _Maxout(Maxout):
    """Maxout with its child's parameters exposed for LinkTestCase."""

    W = property(lambda self: self.linear.W)
    b = property(lambda self: self.linear.b)


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "x_shape": [(4, 3), (2, 3, 1)],
            "lazy": [False],
        }
    ),
    {"dtype": numpy.float32, "x_shape": (4, 3), "lazy": True},
)
@testing.fix_random()
class TestMaxout(testing.LinkTestCase):
    out_size = 2
    pool_size = 3
    param_names = ("W", "b")
    dodge_nondifferentiable = True

    def setUp(self):
        _tolerances(self)
        self.in_size = int(numpy.prod(self.x_shape[1:]))

    def generate_params(self):
        W = numpy.random.uniform(-1, 1, (self.out_size, self.pool_size, self.in_size))
        b = numpy.random.uniform(-1, 1, (self.out_size, self.pool_size))
        return W.astype(self.dtype), b.astype(self.dtype)

    def create_link(self, initializers):
        initialW, initial_bias = initializers
        with chainer.using_config("dtype", self.dtype):
            return _Maxout(
                None if self.lazy else self.in_size,
                self.out_size,
                self.pool_size,
                initialW=initialW,
                initial_bias=initial_bias,
            )

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, self.x_shape).astype(self.dtype),)

    def forward_expected(self, link, inputs):
        (x,) = inputs
        x2 = x.reshape(len(x), -1).astype(numpy.float64)
        W = link.W.array.astype(numpy.float64)
        y = x2 @ W.T + link.b.array
        y = y.reshape(len(x), self.out_size, self.pool_size).max(axis=2)
        return (y.astype(self.dtype),)


def _fill_arange(array):
    array[...] = numpy.arange(array.size).reshape(array.shape) / array.size


@testing.inject_backend_tests(None, _BACKENDS)
class TestMaxoutInitializers(testing.LinkInitializersTestCase):
    param_names = ("W", "b")

    def generate_params(self):
        return initializers.Constant(0.5), initializers.Constant(0.25)

    def get_initializers(self):
        return (
            [initializers.Constant(1.5), 2, _fill_arange],
            [initializers.Constant(2), 3, _fill_arange],
        )

    def create_link(self, initializers):
        initialW, initial_bias = initializers
        return _Maxout(3, 2, 2, initialW=initialW, initial_bias=initial_bias)

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, (4, 3)).astype(numpy.float32),)


def test_callable_initializer_sees_grouped_shape():
    shapes = []

    def record(array):
        shapes.append(array.shape)
        array[...] = numpy.arange(array.size).reshape(array.shape)

    link = Maxout(4, 2, 3, initialW=record, initial_bias=record)
    assert sorted(shapes) == [(2, 3), (2, 3, 4)]
    numpy.testing.assert_array_equal(link.linear.W.array.ravel(), numpy.arange(24))
    numpy.testing.assert_array_equal(link.linear.b.array, numpy.arange(6))


def test_array_initializers_are_regrouped():
    W = numpy.random.uniform(-1, 1, (2, 3, 4)).astype(numpy.float32)
    b = numpy.random.uniform(-1, 1, (2, 3)).astype(numpy.float32)
    link = Maxout(4, 2, 3, initialW=W, initial_bias=b)
    numpy.testing.assert_array_equal(link.linear.W.array, W.reshape(6, 4))
    numpy.testing.assert_array_equal(link.linear.b.array, b.reshape(6))
    assert (link.out_size, link.pool_size) == (2, 3)


def test_no_bias():
    link = Maxout(4, 2, 3, initial_bias=None)
    assert link.linear.b is None
    assert link(numpy.ones((1, 4), numpy.float32)).shape == (1, 2)


def test_lazy_input_size():
    link = Maxout(None, 2, 3)
    assert link.linear.W.array is None
    assert link(numpy.ones((5, 2, 3), numpy.float32)).shape == (5, 2)
    assert link.linear.W.shape == (6, 6)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"initialW": numpy.zeros((6, 4))}, ValueError, "3-dimensional"),
        ({"initial_bias": numpy.zeros(6)}, ValueError, "2-dimensional"),
        ({"initialW": "normal"}, TypeError, "initialW must be"),
        ({"initial_bias": "zero"}, TypeError, "initial_bias must be"),
    ],
)
def test_bad_initializers(kwargs, error, match):
    with pytest.raises(error, match=match):
        Maxout(4, 2, 3, **kwargs)
