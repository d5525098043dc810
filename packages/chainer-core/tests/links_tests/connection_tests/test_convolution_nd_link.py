"""L.ConvolutionND, L.Convolution1D and L.Convolution3D: forward against NumPy, gradients."""

import itertools

import numpy
import pytest

import chainer
from chainer import initializers, testing
from chainer.links.connection.convolution_nd import Convolution1D, Convolution3D, ConvolutionND

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
    {"x_shape": (2, 3, 7), "out_channels": 2, "ksize": 3, "stride": 2, "pad": 1,
     "dilate": 1, "groups": 1, "cover_all": True},
    {"x_shape": (1, 4, 4, 3, 4), "out_channels": 2, "ksize": (2, 1, 2), "stride": (1, 2, 1),
     "pad": (1, 0, 0), "dilate": 1, "groups": 2, "cover_all": False},
    {"x_shape": (1, 2, 5, 4), "out_channels": 3, "ksize": 2, "stride": 1, "pad": 0,
     "dilate": (2, 1), "groups": 1, "cover_all": False},
]
# fmt: on


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product_dict(
        _CASES,
        [
            {"dtype": numpy.float16, "nobias": False, "lazy": False},
            {"dtype": numpy.float32, "nobias": False, "lazy": False},
            {"dtype": numpy.float64, "nobias": True, "lazy": False},
            {"dtype": numpy.float32, "nobias": False, "lazy": True},
        ],
    )
)
@testing.fix_random()
class TestConvolutionND(testing.LinkTestCase):
    def setUp(self):
        _tolerances(self)
        self.ndim = len(self.x_shape) - 2
        self.in_channels = self.x_shape[1]
        self.param_names = ("W",) if self.nobias else ("W", "b")

    def generate_params(self):
        shape = (self.out_channels, self.in_channels // self.groups) + _tuple(self.ksize, self.ndim)
        W = numpy.random.uniform(-1, 1, shape).astype(self.dtype)
        if self.nobias:
            return (W,)
        return W, numpy.random.uniform(-1, 1, self.out_channels).astype(self.dtype)

    def create_link(self, initializers):
        initial_bias = None if self.nobias else initializers[1]
        with chainer.using_config("dtype", self.dtype):
            return ConvolutionND(
                self.ndim,
                None if self.lazy else self.in_channels,
                self.out_channels,
                self.ksize,
                self.stride,
                self.pad,
                self.nobias,
                initializers[0],
                initial_bias,
                cover_all=self.cover_all,
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
            inputs[0],
            link.W.array,
            b,
            self.stride,
            self.pad,
            self.dilate,
            self.groups,
            self.cover_all,
        )
        return (y.astype(self.dtype),)


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    {"cls": Convolution1D, "x_shape": (2, 3, 6)},
    {"cls": Convolution3D, "x_shape": (1, 2, 3, 4, 3)},
)
@testing.fix_random()
class TestConvolution1D3D(testing.LinkTestCase):
    param_names = ("W", "b")
    dtype = numpy.float32

    def setUp(self):
        _tolerances(self)
        self.ndim = len(self.x_shape) - 2

    def generate_params(self):
        shape = (4, self.x_shape[1]) + (2,) * self.ndim
        W = numpy.random.uniform(-1, 1, shape).astype(numpy.float32)
        return W, numpy.random.uniform(-1, 1, 4).astype(numpy.float32)

    def create_link(self, initializers):
        initialW, initial_bias = initializers
        return self.cls(self.x_shape[1], 4, 2, pad=1, initialW=initialW, initial_bias=initial_bias)

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, self.x_shape).astype(numpy.float32),)

    def forward_expected(self, link, inputs):
        y = conv_reference(inputs[0], link.W.array, link.b.array, pad=1)
        return (y.astype(numpy.float32),)


@testing.inject_backend_tests(None, _BACKENDS)
class TestConvolutionNDInitializers(testing.LinkInitializersTestCase):
    param_names = ("W", "b")

    def generate_params(self):
        return initializers.Constant(0.5), initializers.Constant(0.25)

    def get_initializers(self):
        W = numpy.random.uniform(-1, 1, (4, 3, 2, 2, 2)).astype(numpy.float32)
        return (
            [initializers.Constant(1.5), W, testing.InitializerArgument(0.0, 0)],
            [testing.InitializerArgument(None, 0), 3, numpy.arange(4, dtype=numpy.float32)],
        )

    def create_link(self, initializers):
        initialW, initial_bias = initializers
        return ConvolutionND(3, 3, 4, 2, initialW=initialW, initial_bias=initial_bias)

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, (1, 3, 3, 3, 3)).astype(numpy.float32),)


def test_ksize_left_out_means_out_channels_and_ksize():
    link = ConvolutionND(3, 4, 2)
    assert (link.ndim, link.in_channels, link.out_channels, link.ksize) == (3, None, 4, (2, 2, 2))
    y = link(numpy.ones((1, 5, 3, 3, 3), numpy.float32))
    assert y.shape == (1, 4, 2, 2, 2)
    assert link.W.shape == (4, 5, 2, 2, 2)


def test_lazy_1d_and_3d():
    assert Convolution1D(None, 3, 2)(numpy.ones((1, 2, 5), numpy.float32)).shape == (1, 3, 4)
    link = Convolution3D(None, 3, (1, 2, 3))
    assert link(numpy.ones((1, 2, 3, 3, 3), numpy.float32)).shape == (1, 3, 3, 2, 1)
    assert link.W.shape == (3, 2, 1, 2, 3)


def test_subclasses():
    assert issubclass(Convolution1D, ConvolutionND)
    assert Convolution1D(2, 3, 2).ndim == 1
    assert Convolution3D(2, 3, 2).ndim == 3


def test_from_params():
    W = numpy.random.uniform(-1, 1, (4, 3, 2, 3)).astype(numpy.float32)
    link = ConvolutionND.from_params(W, numpy.zeros(4, numpy.float32), stride=2)
    assert (link.ndim, link.in_channels, link.out_channels, link.ksize) == (2, 3, 4, (2, 3))
    numpy.testing.assert_array_equal(link.W.array, W)
    W1 = numpy.ones((4, 3, 2), numpy.float32)
    link1 = Convolution1D.from_params(W1, groups=2)
    assert isinstance(link1, Convolution1D) and link1.in_channels == 6
    with pytest.raises(ValueError, match="W must have 3 axes"):
        Convolution1D.from_params(W)


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "match"),
    [
        ((0, 3, 4, 2), {}, ValueError, "ndim must be at least 1"),
        ((2, 3, 4, (2, 2, 2)), {}, ValueError, "ksize must be an int or a sequence of 2"),
        ((2, 3, 4, 2), {"cover_all": None}, TypeError, "cover_all must be a bool"),
        ((2, 3, 4, 2), {"groups": 0}, ValueError, "groups must be at least 1"),
        ((2, 4, 6, 2), {"groups": 4}, ValueError, r"out_channels \(6\) must be divisible"),
    ],
)
def test_bad_arguments(args, kwargs, error, match):
    with pytest.raises(error, match=match):
        ConvolutionND(*args, **kwargs)


def test_input_of_wrong_rank():
    link = Convolution3D(None, 2, 1)
    with pytest.raises(ValueError, match="Convolution3D: the input must have shape"):
        link(numpy.ones((1, 2, 3, 3), numpy.float32))
