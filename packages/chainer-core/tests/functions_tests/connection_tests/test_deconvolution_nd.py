"""F.deconvolution_nd, deconvolution_1d and deconvolution_3d."""

import itertools

import numpy
import pytest

from chainer import testing
from chainer.functions.connection.deconvolution_nd import (
    deconvolution_1d,
    deconvolution_3d,
    deconvolution_nd,
)
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


def _tuple(value, ndim):
    return tuple(value) if isinstance(value, tuple) else (value,) * ndim


def naive_deconvolution(x, W, b, stride, pad, outsize, dilate, groups):
    """Scatters every input element through every filter tap, in float64."""
    x = x.astype(numpy.float64)
    W = W.astype(numpy.float64)
    ndim = x.ndim - 2
    s, p, d = _tuple(stride, ndim), _tuple(pad, ndim), _tuple(dilate, ndim)
    n, c_in = x.shape[:2]
    in_size, ksize = x.shape[2:], W.shape[2:]
    cig, cog = c_in // groups, W.shape[1]
    if outsize is None:
        outsize = tuple(
            s[a] * (in_size[a] - 1) + (ksize[a] - 1) * d[a] + 1 - 2 * p[a] for a in range(ndim)
        )
    y = numpy.zeros((n, cog * groups, *outsize))
    for pos in itertools.product(*(range(i) for i in in_size)):
        for j in itertools.product(*(range(k) for k in ksize)):
            dst = [pos[a] * s[a] - p[a] + j[a] * d[a] for a in range(ndim)]
            if not all(0 <= dst[a] < outsize[a] for a in range(ndim)):
                continue
            for g in range(groups):
                v = x[(slice(None), slice(g * cig, (g + 1) * cig), *pos)]  # (n, cig)
                w = W[(slice(g * cig, (g + 1) * cig), slice(None), *j)]  # (cig, cog)
                y[(slice(None), slice(g * cog, (g + 1) * cog), *dst)] += v @ w
    if b is not None:
        y += b.astype(numpy.float64).reshape((1, -1) + (1,) * ndim)
    return y


def set_tolerances(case, dtype):
    if dtype == numpy.float16:
        case.check_forward_options = {"atol": 1e-2, "rtol": 1e-2}
        case.check_backward_options = {"atol": 5e-2, "rtol": 5e-2}
        case.check_double_backward_options = {"atol": 5e-2, "rtol": 5e-2}
    elif dtype == numpy.float32:
        case.check_forward_options = {"atol": 1e-5, "rtol": 1e-5}
        case.check_backward_options = {"atol": 1e-3, "rtol": 1e-3}
        case.check_double_backward_options = {"atol": 1e-3, "rtol": 1e-3}
    else:
        case.check_forward_options = {"atol": 1e-12, "rtol": 1e-12}
        case.check_backward_options = {"atol": 1e-6, "rtol": 1e-5}
        case.check_double_backward_options = {"atol": 1e-6, "rtol": 1e-5}


# fmt: off
_CASES = [
    {"x_shape": (2, 4, 3), "w_shape": (4, 3, 3), "stride": 2, "pad": 1, "outsize": None,
     "dilate": 1, "groups": 1, "nobias": False},
    # outsize 8: the matching convolution needs cover_all; 11: a longer output without it.
    {"x_shape": (2, 2, 3), "w_shape": (2, 3, 3), "stride": 3, "pad": 0, "outsize": (8,),
     "dilate": 1, "groups": 1, "nobias": True},
    {"x_shape": (1, 4, 3), "w_shape": (4, 1, 2), "stride": 3, "pad": 0, "outsize": (11,),
     "dilate": 2, "groups": 2, "nobias": False},
    {"x_shape": (2, 4, 3, 2), "w_shape": (4, 3, 2, 3), "stride": (2, 1), "pad": (1, 0),
     "outsize": None, "dilate": (1, 2), "groups": 2, "nobias": False},
    {"x_shape": (2, 3, 3, 3), "w_shape": (3, 2, 3, 2), "stride": 2, "pad": 1,
     "outsize": (6, 5), "dilate": 1, "groups": 1, "nobias": True},
    {"x_shape": (1, 2, 2, 3, 2), "w_shape": (2, 2, 2, 1, 2), "stride": (2, 1, 2), "pad": 0,
     "outsize": (5, 3, 4), "dilate": 1, "groups": 1, "nobias": False},
]
# fmt: on


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product_dict(
        _CASES,
        testing.product(
            {"dtype": [numpy.float16, numpy.float32, numpy.float64], "contiguous": [None, "C"]}
        ),
    )
)
@testing.fix_random()
class TestDeconvolutionND(testing.FunctionTestCase):
    def setUp(self):
        set_tolerances(self, self.dtype)

    def generate_inputs(self):
        x = numpy.random.uniform(-1, 1, self.x_shape).astype(self.dtype)
        W = numpy.random.uniform(-1, 1, self.w_shape).astype(self.dtype)
        if self.nobias:
            return x, W
        c_out = self.w_shape[1] * self.groups
        return x, W, numpy.random.uniform(-1, 1, c_out).astype(self.dtype)

    def _call(self, func, inputs):
        x, W = inputs[:2]
        b = inputs[2] if len(inputs) == 3 else None
        return func(x, W, b, self.stride, self.pad, self.outsize, self.dilate, self.groups)

    def forward(self, inputs, device):
        ndim = len(self.x_shape) - 2
        func = {1: deconvolution_1d, 3: deconvolution_3d}.get(ndim, deconvolution_nd)
        return (self._call(func, inputs),)

    def forward_expected(self, inputs):
        return (self._call(naive_deconvolution, inputs).astype(self.dtype),)


def _x(*shape, dtype=numpy.float32):
    return numpy.zeros(shape, dtype)


def test_outsize_that_does_not_map_back_is_invalid():
    # A convolution of a length-12 input (k=3, s=3) gives 4 (or 4 with cover_all), not 3.
    with pytest.raises(type_check.InvalidType) as info:
        deconvolution_nd(_x(1, 2, 3), _x(2, 1, 3), stride=3, outsize=(12,))
    message = str(info.value)
    assert "Invalid operation is performed in: DeconvolutionND (Forward)" in message
    assert "outsize[0] == 12 maps it back to x.shape[2] (it maps it to 4)" in message
    assert "Actual: x.shape[2] == 3" in message


def test_channel_mismatch_is_invalid():
    with pytest.raises(type_check.InvalidType) as info:
        deconvolution_nd(_x(1, 3, 4, 4), _x(2, 1, 3, 3))
    assert "x.shape[1] == W.shape[0]" in str(info.value)


def test_bias_shape_is_output_channels():
    with pytest.raises(type_check.InvalidType) as info:
        deconvolution_nd(_x(1, 4, 4, 4), _x(4, 3, 3, 3), _x(3), groups=2)
    assert "b.shape[0] == W.shape[1] * 2" in str(info.value)


def test_empty_output_is_invalid():
    with pytest.raises(type_check.InvalidType) as info:
        deconvolution_nd(_x(1, 2, 1, 1), _x(2, 1, 1, 1), pad=1)
    assert "output size > 0" in str(info.value)


@pytest.mark.parametrize(
    "outsize, error, words",
    [
        ((4,), ValueError, "outsize must be an int or a sequence of 2 ints"),
        (4, TypeError, "outsize must be None or a tuple of 2 ints"),
        ((4, 0), ValueError, "outsize must be at least 1"),
    ],
)
def test_bad_outsize(outsize, error, words):
    with pytest.raises(error) as info:
        deconvolution_nd(_x(1, 2, 4, 4), _x(2, 1, 3, 3), outsize=outsize)
    assert "deconvolution_nd: " + words in str(info.value)


@pytest.mark.parametrize(
    "func, shape", [(deconvolution_1d, (1, 2, 4, 4)), (deconvolution_3d, (1, 2, 4))]
)
def test_wrong_number_of_spatial_axes(func, shape):
    with pytest.raises(ValueError) as info:
        func(_x(*shape), _x(2, 1, 2))
    assert f"{func.__name__}: x must have shape (n, c, d_1, ...)" in str(info.value)
