"""L.Linear: forward against NumPy, parameter gradients, initializers, lazy shapes, errors."""

import numpy
import pytest

import chainer
from chainer import initializers, testing
from chainer.links.connection.linear import Linear

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


# (x_shape, n_batch_axes): the features are the product of the non-batch axes.
_SHAPES = [((4, 3), 1), ((2, 3, 2), 1), ((2, 3, 4), 2)]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "shape": _SHAPES,
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "nobias": [False, True],
            "lazy": [False],
        }
    ),
    *testing.product(
        {"shape": _SHAPES, "dtype": [numpy.float32], "nobias": [False], "lazy": [True]}
    ),
)
@testing.fix_random()
class TestLinear(testing.LinkTestCase):
    out_size = 3

    def setUp(self):
        _tolerances(self)
        self.x_shape, self.n_batch_axes = self.shape
        self.in_size = int(numpy.prod(self.x_shape[self.n_batch_axes :]))
        self.param_names = ("W",) if self.nobias else ("W", "b")

    def generate_params(self):
        W = numpy.random.uniform(-1, 1, (self.out_size, self.in_size)).astype(self.dtype)
        if self.nobias:
            return (W,)
        return W, numpy.random.uniform(-1, 1, self.out_size).astype(self.dtype)

    def create_link(self, initializers):
        initialW = initializers[0]
        initial_bias = None if self.nobias else initializers[1]
        in_size = None if self.lazy else self.in_size
        with chainer.using_config("dtype", self.dtype):
            return Linear(
                in_size, self.out_size, self.nobias, initialW=initialW, initial_bias=initial_bias
            )

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, self.x_shape).astype(self.dtype),)

    def forward(self, link, inputs, device):
        (x,) = inputs
        with chainer.using_config("dtype", self.dtype):
            return (link(x, n_batch_axes=self.n_batch_axes),)

    def forward_expected(self, link, inputs):
        (x,) = inputs
        batch = x.shape[: self.n_batch_axes]
        x2 = x.astype(numpy.float64).reshape(int(numpy.prod(batch)), self.in_size)
        y = x2 @ link.W.array.astype(numpy.float64).T
        if not self.nobias:
            y = y + link.b.array
        return (y.reshape(batch + (self.out_size,)).astype(self.dtype),)


def _fill_arange(array):
    array[...] = numpy.arange(array.size).reshape(array.shape) / array.size


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(*testing.product({"lazy": [False, True]}))
class TestLinearInitializers(testing.LinkInitializersTestCase):
    param_names = ("W", "b")

    def generate_params(self):
        return initializers.Constant(0.5), initializers.Constant(0.25)

    def get_initializers(self):
        W = numpy.random.uniform(-1, 1, (3, 2)).astype(numpy.float32)
        return (
            [initializers.Constant(1.5), 2, W, _fill_arange],
            [
                testing.InitializerArgument(None, 0),
                initializers.Constant(2),
                3,
                numpy.array([1.0, 2.0, 3.0], numpy.float32),
            ],
        )

    def create_link(self, initializers):
        initialW, initial_bias = initializers
        return Linear(None if self.lazy else 2, 3, initialW=initialW, initial_bias=initial_bias)

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, (4, 2)).astype(numpy.float32),)


def test_default_weight_is_lecun_normal():
    numpy.random.seed(3)
    link = Linear(5, 4)
    numpy.random.seed(3)
    expected = numpy.empty((4, 5), numpy.float32)
    initializers.LeCunNormal()(expected)
    numpy.testing.assert_array_equal(link.W.array, expected)
    numpy.testing.assert_array_equal(link.b.array, numpy.zeros(4, numpy.float32))


def test_one_argument_means_out_size():
    link = Linear(4)
    assert link.in_size is None and link.out_size == 4
    assert link.W.array is None
    y = link(numpy.ones((2, 3, 2), numpy.float32))
    assert y.shape == (2, 4)
    assert link.W.shape == (4, 6)
    assert link.in_size == 6


def test_lazy_init_uses_batch_axes():
    link = Linear(None, 5)
    y = link(numpy.ones((2, 3, 4), numpy.float32), n_batch_axes=2)
    assert y.shape == (2, 3, 5)
    assert link.W.shape == (5, 4)


def test_lazy_init_uses_config_dtype_at_first_forward():
    link = Linear(None, 2)
    with chainer.using_config("dtype", numpy.float64):
        link(numpy.ones((1, 3), numpy.float32))
    assert link.W.dtype == numpy.float64
    assert link.b.dtype == numpy.float32  # allocated at construction


def test_nobias():
    link = Linear(3, 2, nobias=True)
    assert link.b is None
    assert [name for name, _ in link.namedparams()] == ["/W"]


def test_parameters_get_gradients():
    link = Linear(3, 2)
    x = numpy.random.uniform(-1, 1, (4, 3)).astype(numpy.float32)
    y = link(x)
    chainer.functions.sum(y).backward()
    numpy.testing.assert_allclose(link.W.grad, numpy.tile(x.sum(0), (2, 1)), rtol=1e-6)
    numpy.testing.assert_allclose(link.b.grad, [4, 4])


def test_from_params():
    W = numpy.random.uniform(-1, 1, (3, 2)).astype(numpy.float32)
    b = numpy.random.uniform(-1, 1, 3).astype(numpy.float32)
    link = Linear.from_params(W, b)
    assert (link.in_size, link.out_size) == (2, 3)
    numpy.testing.assert_array_equal(link.W.array, W)
    numpy.testing.assert_array_equal(link.b.array, b)
    assert link.W.array is not W
    assert Linear.from_params(chainer.Variable(W), nobias=True).b is None
    with pytest.raises(ValueError, match="b must have shape"):
        Linear.from_params(W, b[:2])
    with pytest.raises(ValueError, match="2-dimensional"):
        Linear.from_params(b)


def test_str():
    assert str(Linear(2, 3)) == "Linear(in_size=2, out_size=3, nobias=False)"
    assert str(Linear(3, nobias=True)) == "Linear(in_size=None, out_size=3, nobias=True)"


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "match"),
    [
        (("3", 2), {}, TypeError, "in_size must be an int or None"),
        ((3, 0), {}, ValueError, "out_size must be at least 1"),
        ((3, 2.0), {}, TypeError, "out_size must be an int"),
        ((3, 2), {"nobias": 1}, TypeError, "nobias must be a bool"),
        ((3, 2), {"initialW": "normal"}, TypeError, "initialW must be None, a scalar"),
        ((3, 2), {"initialW": numpy.zeros((3, 2))}, ValueError, r"initialW is an array of shape"),
        ((3, 2), {"initial_bias": numpy.zeros(3)}, ValueError, r"initial_bias is an array"),
    ],
)
def test_bad_arguments(args, kwargs, error, match):
    with pytest.raises(error, match=match):
        Linear(*args, **kwargs)


def test_lazy_array_initializer_of_wrong_shape():
    link = Linear(None, 2, initialW=numpy.zeros((2, 5), numpy.float32))
    with pytest.raises(ValueError, match=r"initialW is an array of shape \(2, 5\).*\(2, 3\)"):
        link(numpy.ones((1, 3), numpy.float32))


def test_bad_n_batch_axes_leaves_lazy_weight_uninitialized():
    link = Linear(None, 2)
    with pytest.raises(ValueError, match="n_batch_axes"):
        link(numpy.ones((2, 3), numpy.float32), n_batch_axes=2)
    assert link.W.array is None


def test_wrong_input_size():
    link = Linear(3, 2)
    with pytest.raises(Exception, match="3"):
        link(numpy.ones((2, 4), numpy.float32))
