"""L.Convolution2D: forward against NumPy, parameter gradients, initializers, lazy shapes."""

import itertools

import numpy
import pytest

import chainer
from chainer import initializers, testing
from chainer.links.connection.convolution_2d import Convolution2D

_BACKENDS = [{}, {"use_cuda": True}]


def _tuple(value, ndim):
    return tuple(value) if isinstance(value, tuple) else (value,) * ndim


def conv_reference(x, W, b, stride=1, pad=0, dilate=1, groups=1, cover_all=False):
    """N-d convolution in float64, one loop over the filter taps and the groups."""
    x, W = x.astype(numpy.float64), W.astype(numpy.float64)
    nd = x.ndim - 2
    stride, pad, dilate = (_tuple(v, nd) for v in (stride, pad, dilate))
    n, c = x.shape[:2]
    c_out, c_group = W.shape[:2]
    ksize = W.shape[2:]
    out = []
    for d, k, s, p, t in zip(x.shape[2:], ksize, stride, pad, dilate):
        extra = s - 1 if cover_all else 0
        out.append((d + 2 * p - (k - 1) * t - 1 + extra) // s + 1)
    padded = numpy.zeros((n, c) + tuple(d + 2 * p + s for d, p, s in zip(x.shape[2:], pad, stride)))
    padded[
        (slice(None), slice(None)) + tuple(slice(p, p + d) for p, d in zip(pad, x.shape[2:]))
    ] = x
    o_group = c_out // groups
    y = numpy.zeros((n, c_out) + tuple(out))
    for taps in itertools.product(*(range(k) for k in ksize)):
        window = tuple(
            slice(j * t, j * t + s * (m - 1) + 1, s)
            for j, t, s, m in zip(taps, dilate, stride, out)
        )
        patch = padded[(slice(None), slice(None)) + window]
        for g in range(groups):
            w = W[(slice(g * o_group, (g + 1) * o_group), slice(None)) + taps]
            y[:, g * o_group : (g + 1) * o_group] += numpy.einsum(
                "nc...,oc->no...", patch[:, g * c_group : (g + 1) * c_group], w
            )
    if b is not None:
        y += b.astype(numpy.float64).reshape((1, c_out) + (1,) * nd)
    return y


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


# fmt: off
_CASES = [
    {"x_shape": (2, 3, 5, 4), "out_channels": 2, "ksize": 3, "stride": 1, "pad": 1,
     "dilate": 1, "groups": 1},
    {"x_shape": (1, 4, 6, 5), "out_channels": 6, "ksize": (2, 3), "stride": (2, 1),
     "pad": (0, 1), "dilate": 1, "groups": 2},
    {"x_shape": (1, 2, 6, 6), "out_channels": 3, "ksize": 2, "stride": 1, "pad": (2, 1),
     "dilate": (2, 1), "groups": 1},
]
# fmt: on


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product_dict(
        _CASES,
        [
            {"dtype": numpy.float16, "nobias": False, "lazy": False},
            {"dtype": numpy.float32, "nobias": False, "lazy": False},
            {"dtype": numpy.float64, "nobias": False, "lazy": False},
            {"dtype": numpy.float32, "nobias": True, "lazy": False},
            {"dtype": numpy.float32, "nobias": False, "lazy": True},
        ],
    )
)
@testing.fix_random()
class TestConvolution2D(testing.LinkTestCase):
    def setUp(self):
        _tolerances(self)
        self.in_channels = self.x_shape[1]
        self.param_names = ("W",) if self.nobias else ("W", "b")

    def generate_params(self):
        kh, kw = _tuple(self.ksize, 2)
        shape = (self.out_channels, self.in_channels // self.groups, kh, kw)
        W = numpy.random.uniform(-1, 1, shape).astype(self.dtype)
        if self.nobias:
            return (W,)
        return W, numpy.random.uniform(-1, 1, self.out_channels).astype(self.dtype)

    def create_link(self, initializers):
        initial_bias = None if self.nobias else initializers[1]
        with chainer.using_config("dtype", self.dtype):
            return Convolution2D(
                None if self.lazy else self.in_channels,
                self.out_channels,
                self.ksize,
                self.stride,
                self.pad,
                self.nobias,
                initializers[0],
                initial_bias,
                dilate=self.dilate,
                groups=self.groups,
            )

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, self.x_shape).astype(self.dtype),)

    def forward(self, link, inputs, device):
        with chainer.using_config("dtype", self.dtype):
            return (link(inputs[0]),)

    def forward_expected(self, link, inputs):
        b = None if self.nobias else link.b.array
        y = conv_reference(
            inputs[0], link.W.array, b, self.stride, self.pad, self.dilate, self.groups
        )
        return (y.astype(self.dtype),)


def _fill_arange(array):
    array[...] = numpy.arange(array.size).reshape(array.shape) / array.size


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(*testing.product({"lazy": [False, True]}))
class TestConvolution2DInitializers(testing.LinkInitializersTestCase):
    param_names = ("W", "b")

    def generate_params(self):
        return initializers.Constant(0.5), initializers.Constant(0.25)

    def get_initializers(self):
        W = numpy.random.uniform(-1, 1, (4, 3, 2, 2)).astype(numpy.float32)
        return (
            [initializers.Constant(1.5), 2, W, _fill_arange],
            [testing.InitializerArgument(None, 0), 3, numpy.arange(4, dtype=numpy.float32)],
        )

    def create_link(self, initializers):
        initialW, initial_bias = initializers
        return Convolution2D(
            None if self.lazy else 3, 4, 2, initialW=initialW, initial_bias=initial_bias
        )

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, (2, 3, 4, 4)).astype(numpy.float32),)


def test_two_arguments_mean_out_channels_and_ksize():
    link = Convolution2D(7, 5)
    assert link.in_channels is None and link.out_channels == 7 and link.ksize == (5, 5)
    x = numpy.arange(300, dtype=numpy.float32).reshape(1, 3, 10, 10)
    assert link(x).shape == (1, 7, 6, 6)
    assert link.W.shape == (7, 3, 5, 5)
    assert link.in_channels == 3
    same = Convolution2D(None, 7, 5, stride=1, pad=0)
    assert same(x).shape == (1, 7, 6, 6)


def test_default_weight_is_lecun_normal():
    numpy.random.seed(1)
    link = Convolution2D(3, 4, 2)
    numpy.random.seed(1)
    expected = numpy.empty((4, 3, 2, 2), numpy.float32)
    initializers.LeCunNormal()(expected)
    numpy.testing.assert_array_equal(link.W.array, expected)
    numpy.testing.assert_array_equal(link.b.array, numpy.zeros(4, numpy.float32))


def test_groups_weight_shape():
    link = Convolution2D(6, 4, 3, groups=2)
    assert link.W.shape == (4, 3, 3, 3)


def test_from_params():
    W = numpy.random.uniform(-1, 1, (4, 3, 2, 3)).astype(numpy.float32)
    b = numpy.random.uniform(-1, 1, 4).astype(numpy.float32)
    link = Convolution2D.from_params(W, b, stride=2, pad=1)
    assert (link.in_channels, link.out_channels, link.ksize) == (3, 4, (2, 3))
    assert link.stride == (2, 2) and link.pad == (1, 1)
    numpy.testing.assert_array_equal(link.W.array, W)
    numpy.testing.assert_array_equal(link.b.array, b)
    grouped = Convolution2D.from_params(W, nobias=True, groups=2)
    assert grouped.in_channels == 6 and grouped.b is None
    with pytest.raises(ValueError, match="4-dimensional"):
        Convolution2D.from_params(W[0])


def test_str():
    text = str(Convolution2D(3, 4, 2, groups=1))
    assert text.startswith("Convolution2D(in_channels=3, out_channels=4, ksize=(2, 2)")


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "match"),
    [
        ((3, 4, 2), {"deterministic": True}, ValueError, "cudnn_deterministic"),
        ((3, 4, 2), {"use_cudnn": False}, ValueError, "use_cudnn"),
        ((3, 4, 2), {"foo": 1}, TypeError, "unexpected keyword argument.*foo"),
        ((3, 4, 0), {}, ValueError, "ksize must be at least 1"),
        ((3, 4, (2, 2, 2)), {}, ValueError, "ksize must be an int or a sequence of 2"),
        ((3, 4, 2), {"stride": 0}, ValueError, "stride must be at least 1"),
        ((3, 4, 2), {"pad": -1}, ValueError, "pad must be at least 0"),
        ((3, 4, 2), {"groups": 2}, ValueError, r"out_channels \(4\)|in_channels \(3\)"),
        ((4, 3, 2), {"groups": 2}, ValueError, r"out_channels \(3\) must be divisible"),
        ((3.0, 4, 2), {}, TypeError, "in_channels must be an int or None"),
        ((3, 4, 2), {"initialW": numpy.zeros((4, 3, 3, 3))}, ValueError, "initialW is an array"),
    ],
)
def test_bad_arguments(args, kwargs, error, match):
    with pytest.raises(error, match=match):
        Convolution2D(*args, **kwargs)


def test_lazy_groups_check_at_first_forward():
    link = Convolution2D(None, 4, 1, groups=2)
    with pytest.raises(ValueError, match=r"in_channels \(3\) must be divisible by groups \(2\)"):
        link(numpy.ones((1, 3, 2, 2), numpy.float32))
    assert link.W.array is None


def test_lazy_input_of_wrong_rank():
    link = Convolution2D(None, 4, 1)
    with pytest.raises(ValueError, match=r"input must have shape \(n, c, d_1, d_2\)"):
        link(numpy.ones((3, 2, 2), numpy.float32))
