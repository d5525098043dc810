"""L.DeconvolutionND, L.Deconvolution1D and L.Deconvolution3D: forward against NumPy, gradients."""

import itertools

import numpy
import pytest

import chainer
from chainer import initializers, testing
from chainer.links.connection.deconvolution_nd import (
    Deconvolution1D,
    Deconvolution3D,
    DeconvolutionND,
)

_BACKENDS = [{}, {"use_cuda": True}]


def _tuple(value, ndim):
    return tuple(value) if isinstance(value, tuple) else (value,) * ndim


def deconv_reference(x, W, b, stride=1, pad=0, outsize=None, dilate=1, groups=1):
    """N-d transposed convolution in float64: every input element scatters a filter."""
    x, W = x.astype(numpy.float64), W.astype(numpy.float64)
    nd = x.ndim - 2
    stride, pad, dilate = (_tuple(v, nd) for v in (stride, pad, dilate))
    n, c = x.shape[:2]
    c_group = c // groups
    o_group = W.shape[1]
    ksize = W.shape[2:]
    default = [
        s * (d - 1) + (k - 1) * t + 1 - 2 * p
        for d, k, s, p, t in zip(x.shape[2:], ksize, stride, pad, dilate)
    ]
    outsize = tuple(default) if outsize is None else tuple(outsize)
    full = numpy.zeros(
        (n, o_group * groups)
        + tuple(max(o + 2 * p, f + 2 * p) for o, f, p in zip(outsize, default, pad))
    )
    for taps in itertools.product(*(range(k) for k in ksize)):
        window = tuple(
            slice(j * t, j * t + s * (d - 1) + 1, s)
            for j, t, s, d in zip(taps, dilate, stride, x.shape[2:])
        )
        for g in range(groups):
            w = W[(slice(g * c_group, (g + 1) * c_group), slice(None)) + taps]
            full[(slice(None), slice(g * o_group, (g + 1) * o_group)) + window] += numpy.einsum(
                "nc...,co->no...", x[:, g * c_group : (g + 1) * c_group], w
            )
    y = full[(slice(None), slice(None)) + tuple(slice(p, p + o) for p, o in zip(pad, outsize))]
    if b is not None:
        y = y + b.astype(numpy.float64).reshape((1, -1) + (1,) * nd)
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
    {"x_shape": (2, 3, 4), "out_channels": 2, "ksize": 3, "stride": 2, "pad": 1,
     "outsize": None, "dilate": 1, "groups": 1},
    {"x_shape": (1, 4, 2, 3, 2), "out_channels": 2, "ksize": (2, 1, 2), "stride": (1, 2, 1),
     "pad": (1, 0, 0), "outsize": (1, 6, 3), "dilate": 1, "groups": 2},
    {"x_shape": (1, 2, 3, 3), "out_channels": 3, "ksize": 2, "stride": 1, "pad": 0,
     "outsize": None, "dilate": (1, 2), "groups": 1},
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
class TestDeconvolutionND(testing.LinkTestCase):
    def setUp(self):
        _tolerances(self)
        self.ndim = len(self.x_shape) - 2
        self.in_channels = self.x_shape[1]
        self.param_names = ("W",) if self.nobias else ("W", "b")

    def generate_params(self):
        shape = (self.in_channels, self.out_channels // self.groups) + _tuple(self.ksize, self.ndim)
        W = numpy.random.uniform(-1, 1, shape).astype(self.dtype)
        if self.nobias:
            return (W,)
        return W, numpy.random.uniform(-1, 1, self.out_channels).astype(self.dtype)

    def create_link(self, initializers):
        initial_bias = None if self.nobias else initializers[1]
        with chainer.using_config("dtype", self.dtype):
            return DeconvolutionND(
                self.ndim,
                None if self.lazy else self.in_channels,
                self.out_channels,
                self.ksize,
                self.stride,
                self.pad,
                self.nobias,
                self.outsize,
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
        y = deconv_reference(
            inputs[0],
            link.W.array,
            b,
            self.stride,
            self.pad,
            self.outsize,
            self.dilate,
            self.groups,
        )
        return (y.astype(self.dtype),)


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    {"cls": Deconvolution1D, "x_shape": (2, 3, 4)},
    {"cls": Deconvolution3D, "x_shape": (1, 2, 2, 3, 2)},
)
@testing.fix_random()
class TestDeconvolution1D3D(testing.LinkTestCase):
    param_names = ("W", "b")
    dtype = numpy.float32

    def setUp(self):
        _tolerances(self)
        self.ndim = len(self.x_shape) - 2

    def generate_params(self):
        shape = (self.x_shape[1], 4) + (2,) * self.ndim
        W = numpy.random.uniform(-1, 1, shape).astype(numpy.float32)
        return W, numpy.random.uniform(-1, 1, 4).astype(numpy.float32)

    def create_link(self, initializers):
        initialW, initial_bias = initializers
        return self.cls(
            self.x_shape[1], 4, 2, stride=2, initialW=initialW, initial_bias=initial_bias
        )

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, self.x_shape).astype(numpy.float32),)

    def forward_expected(self, link, inputs):
        y = deconv_reference(inputs[0], link.W.array, link.b.array, stride=2)
        return (y.astype(numpy.float32),)


@testing.inject_backend_tests(None, _BACKENDS)
class TestDeconvolutionNDInitializers(testing.LinkInitializersTestCase):
    param_names = ("W", "b")

    def generate_params(self):
        return initializers.Constant(0.5), initializers.Constant(0.25)

    def get_initializers(self):
        W = numpy.random.uniform(-1, 1, (3, 4, 2)).astype(numpy.float32)
        return (
            [initializers.Constant(1.5), W],
            [testing.InitializerArgument(None, 0), numpy.arange(4, dtype=numpy.float32)],
        )

    def create_link(self, initializers):
        initialW, initial_bias = initializers
        return DeconvolutionND(1, None, 4, 2, initialW=initialW, initial_bias=initial_bias)

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, (2, 3, 4)).astype(numpy.float32),)


def test_ksize_left_out_means_out_channels_and_ksize():
    link = DeconvolutionND(2, 4, 3)
    assert (link.in_channels, link.out_channels, link.ksize) == (None, 4, (3, 3))
    assert link(numpy.ones((1, 5, 2, 2), numpy.float32)).shape == (1, 4, 4, 4)
    assert link.W.shape == (5, 4, 3, 3)


def test_subclasses_and_from_params():
    assert Deconvolution1D(2, 3, 2).ndim == 1 and Deconvolution3D(2, 3, 2).ndim == 3
    W = numpy.ones((2, 3, 2, 2, 2), numpy.float32)
    link = Deconvolution3D.from_params(W, numpy.zeros(3, numpy.float32), stride=2)
    assert isinstance(link, Deconvolution3D)
    assert (link.in_channels, link.out_channels, link.stride) == (2, 3, (2, 2, 2))
    assert DeconvolutionND.from_params(W[..., 0]).ndim == 2
    with pytest.raises(ValueError, match="W must have 3 axes"):
        Deconvolution1D.from_params(W)


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "match"),
    [
        ((2, 3, 4, 2), {"outsize": (5,)}, ValueError, "outsize must be an int or a sequence of 2"),
        ((1, 3, 4, 2), {"outsize": [0]}, ValueError, "outsize must be at least 1"),
        ((1, 3, 4, 2), {"dilate": (1, 1)}, ValueError, "dilate must be an int or a sequence"),
        ((1, 4, 6, 2), {"groups": 4}, ValueError, r"out_channels \(6\) must be divisible"),
    ],
)
def test_bad_arguments(args, kwargs, error, match):
    with pytest.raises(error, match=match):
        DeconvolutionND(*args, **kwargs)
