"""L.Bilinear: forward against NumPy, gradients of W, V1, V2 and b, initializers."""

import warnings

import numpy
import pytest

import chainer
from chainer import initializers, testing
from chainer.links.connection.bilinear import Bilinear

_BACKENDS = [{}, {"use_cuda": True}]


def _tolerances(case):
    if case.dtype == numpy.float16:
        case.check_forward_options = {"atol": 1e-2, "rtol": 1e-2}
        case.check_backward_options = {"atol": 5e-2, "rtol": 5e-2}
    elif case.dtype == numpy.float32:
        case.check_forward_options = {"atol": 1e-5, "rtol": 1e-5}
        case.check_backward_options = {"atol": 1e-3, "rtol": 1e-3}
    else:
        case.check_forward_options = {"atol": 1e-12, "rtol": 1e-12}
        case.check_backward_options = {"atol": 1e-6, "rtol": 1e-5}


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "nobias": [False, True],
            "shapes": [((4, 3), (4, 2)), ((2, 3, 1), (2, 2, 2))],
        }
    )
)
@testing.fix_random()
class TestBilinear(testing.LinkTestCase):
    out_size = 3

    def setUp(self):
        _tolerances(self)
        self.e1_shape, self.e2_shape = self.shapes
        self.left = int(numpy.prod(self.e1_shape[1:]))
        self.right = int(numpy.prod(self.e2_shape[1:]))
        self.param_names = ("W",) if self.nobias else ("W", "V1", "V2", "b")

    def _uniform(self, *shape):
        return numpy.random.uniform(-1, 1, shape).astype(self.dtype)

    def generate_params(self):
        W = self._uniform(self.left, self.right, self.out_size)
        if self.nobias:
            return (W,)
        V1 = self._uniform(self.left, self.out_size)
        V2 = self._uniform(self.right, self.out_size)
        return W, V1, V2, self._uniform(self.out_size)

    def create_link(self, initializers):
        initial_bias = None if self.nobias else tuple(initializers[1:])
        with chainer.using_config("dtype", self.dtype):
            return Bilinear(
                self.left, self.right, self.out_size, self.nobias, initializers[0], initial_bias
            )

    def generate_inputs(self):
        return self._uniform(*self.e1_shape), self._uniform(*self.e2_shape)

    def forward_expected(self, link, inputs):
        e1, e2 = (x.astype(numpy.float64).reshape(len(x), -1) for x in inputs)
        y = numpy.einsum("nj,nk,jkl->nl", e1, e2, link.W.array.astype(numpy.float64))
        if not self.nobias:
            y += e1 @ link.V1.array + e2 @ link.V2.array + link.b.array
        return (y.astype(self.dtype),)


@testing.inject_backend_tests(None, _BACKENDS)
class TestBilinearInitializers(testing.LinkInitializersTestCase):
    param_names = ("W", "V1", "V2", "b")

    def generate_params(self):
        return tuple(initializers.Constant(v) for v in (0.5, 0.25, 0.125, 1.0))

    def get_initializers(self):
        return (
            [initializers.Constant(1.5), numpy.arange(24, dtype=numpy.float32).reshape(2, 3, 4)],
            [2, numpy.ones((2, 4), numpy.float32)],
            [initializers.One()],
            [3, numpy.arange(4, dtype=numpy.float32)],
        )

    def create_link(self, initializers):
        return Bilinear(2, 3, 4, initialW=initializers[0], initial_bias=tuple(initializers[1:]))

    def generate_inputs(self):
        e1 = numpy.random.uniform(-1, 1, (2, 2)).astype(numpy.float32)
        return e1, numpy.random.uniform(-1, 1, (2, 3)).astype(numpy.float32)


def test_defaults():
    numpy.random.seed(5)
    link = Bilinear(2, 3, 4)
    numpy.random.seed(5)
    expected = [numpy.empty(s, numpy.float32) for s in ((2, 3, 4), (2, 4), (3, 4))]
    for array in expected:
        initializers.LeCunNormal()(array)
    numpy.testing.assert_array_equal(link.W.array, expected[0])
    numpy.testing.assert_array_equal(link.V1.array, expected[1])
    numpy.testing.assert_array_equal(link.V2.array, expected[2])
    numpy.testing.assert_array_equal(link.b.array, numpy.zeros(4, numpy.float32))
    assert link.in_sizes == (2, 3) and not link.nobias


def test_nobias_has_only_W():
    link = Bilinear(2, 3, 4, nobias=True)
    assert [name for name, _ in link.namedparams()] == ["/W"]
    assert not hasattr(link, "V1")


def test_zero_grads_is_deprecated():
    link = Bilinear(2, 3, 4)
    with pytest.warns(DeprecationWarning, match="cleargrads"):
        link.zero_grads()
    assert not link.W.grad.any()


def test_cleargrads_without_warning():
    link = Bilinear(2, 3, 4)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        link.cleargrads()


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"initial_bias": 0}, ValueError, "initial_bias must be None or a tuple of three"),
        ({"initial_bias": (0, 0)}, ValueError, "a tuple of length 2"),
        ({"initial_bias": (numpy.zeros((3, 4)), 0, 0)}, ValueError, r"initial_bias\[0\] \(V1\)"),
        ({"initialW": numpy.zeros((3, 2, 4))}, ValueError, "initialW is an array of shape"),
        ({"nobias": None}, TypeError, "nobias must be a bool"),
    ],
)
def test_bad_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        Bilinear(2, 3, 4, **kwargs)


def test_bad_sizes():
    with pytest.raises(TypeError, match="left_size must be an int"):
        Bilinear(None, 3, 4)
