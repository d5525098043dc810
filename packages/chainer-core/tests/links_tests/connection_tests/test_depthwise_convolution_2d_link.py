"""L.DepthwiseConvolution2D: forward against NumPy, parameter gradients, initializers."""

import itertools

import numpy
import pytest

import chainer
from chainer import initializers, testing
from chainer.links.connection.depthwise_convolution_2d import DepthwiseConvolution2D

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


def depthwise_reference(x, W, b, stride, pad):
    """Output channel ``c * m_C + m`` is input channel ``c`` convolved with ``W[m, c]``."""
    multiplier, c = W.shape[:2]
    grouped = W.transpose(1, 0, 2, 3).reshape((c * multiplier, 1) + W.shape[2:])
    return conv_reference(x, grouped, b, stride, pad, groups=c)


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product_dict(
        [
            {"x_shape": (2, 3, 5, 4), "multiplier": 2, "ksize": 3, "stride": 1, "pad": 1},
            {
                "x_shape": (1, 2, 6, 5),
                "multiplier": 1,
                "ksize": (2, 3),
                "stride": (2, 1),
                "pad": (0, 1),
            },
        ],
        [
            {"dtype": numpy.float16, "nobias": False, "lazy": False},
            {"dtype": numpy.float32, "nobias": False, "lazy": False},
            {"dtype": numpy.float64, "nobias": True, "lazy": False},
            {"dtype": numpy.float32, "nobias": False, "lazy": True},
        ],
    )
)
@testing.fix_random()
class TestDepthwiseConvolution2D(testing.LinkTestCase):
    def setUp(self):
        _tolerances(self)
        self.in_channels = self.x_shape[1]
        self.param_names = ("W",) if self.nobias else ("W", "b")

    def generate_params(self):
        shape = (self.multiplier, self.in_channels) + _tuple(self.ksize, 2)
        W = numpy.random.uniform(-1, 1, shape).astype(self.dtype)
        if self.nobias:
            return (W,)
        size = self.in_channels * self.multiplier
        return W, numpy.random.uniform(-1, 1, size).astype(self.dtype)

    def create_link(self, initializers):
        initial_bias = None if self.nobias else initializers[1]
        with chainer.using_config("dtype", self.dtype):
            return DepthwiseConvolution2D(
                None if self.lazy else self.in_channels,
                self.multiplier,
                self.ksize,
                self.stride,
                self.pad,
                self.nobias,
                initializers[0],
                initial_bias,
            )

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, self.x_shape).astype(self.dtype),)

    def forward(self, link, inputs, device):
        with chainer.using_config("dtype", self.dtype):
            return (link(inputs[0]),)

    def forward_expected(self, link, inputs):
        b = None if self.nobias else link.b.array
        y = depthwise_reference(inputs[0], link.W.array, b, self.stride, self.pad)
        return (y.astype(self.dtype),)


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(*testing.product({"lazy": [False, True]}))
class TestDepthwiseConvolution2DInitializers(testing.LinkInitializersTestCase):
    param_names = ("W", "b")

    def generate_params(self):
        return initializers.Constant(0.5), initializers.Constant(0.25)

    def get_initializers(self):
        W = numpy.random.uniform(-1, 1, (2, 3, 2, 2)).astype(numpy.float32)
        return (
            [initializers.Constant(1.5), W],
            [testing.InitializerArgument(None, 0), numpy.arange(6, dtype=numpy.float32)],
        )

    def create_link(self, initializers):
        initialW, initial_bias = initializers
        return DepthwiseConvolution2D(
            None if self.lazy else 3, 2, 2, initialW=initialW, initial_bias=initial_bias
        )

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, (2, 3, 4, 4)).astype(numpy.float32),)


def test_default_weight_is_he_normal_over_sqrt2():
    numpy.random.seed(2)
    link = DepthwiseConvolution2D(3, 2, 2)
    numpy.random.seed(2)
    expected = numpy.empty((2, 3, 2, 2), numpy.float32)
    initializers.HeNormal(1.0 / numpy.sqrt(2))(expected)
    numpy.testing.assert_array_equal(link.W.array, expected)
    assert link.b.shape == (6,)


def test_lazy_shapes():
    link = DepthwiseConvolution2D(None, 3, 2)
    assert link.W.array is None and link.b.array is None
    assert link(numpy.ones((1, 2, 3, 3), numpy.float32)).shape == (1, 6, 2, 2)
    assert link.W.shape == (3, 2, 2, 2) and link.b.shape == (6,)


@pytest.mark.parametrize(
    ("args", "error", "match"),
    [
        ((3, 0, 2), ValueError, "channel_multiplier must be at least 1"),
        ((3, 2, None), TypeError, "ksize must be an int or a sequence"),
        ((3, 2, 2, 1, 0, False, None, numpy.zeros(5)), ValueError, "initial_bias is an array"),
    ],
)
def test_bad_arguments(args, error, match):
    with pytest.raises(error, match=match):
        DepthwiseConvolution2D(*args)
