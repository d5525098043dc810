"""F.deconvolution_2d (with the dilate and groups keyword options)."""

import numpy
import pytest

from chainer import testing
from chainer.functions.connection.convolution_2d import convolution_2d
from chainer.functions.connection.deconvolution_2d import deconvolution_2d

_BACKENDS = [{}, {"use_cuda": True}]


def _pair(v):
    return v if isinstance(v, tuple) else (v, v)


def naive_deconvolution_2d(x, W, b, stride, pad, outsize, dilate, groups):
    """Scatters each pixel through each filter tap into a large canvas, then crops; float64."""
    x, W = x.astype(numpy.float64), W.astype(numpy.float64)
    (sy, sx), (ph, pw), (dy, dx) = _pair(stride), _pair(pad), _pair(dilate)
    n, c_in, h, w = x.shape
    _, cog, kh, kw = W.shape
    if outsize is None:
        outsize = (
            sy * (h - 1) + (kh - 1) * dy + 1 - 2 * ph,
            sx * (w - 1) + (kw - 1) * dx + 1 - 2 * pw,
        )
    canvas = numpy.zeros(
        (
            n,
            cog * groups,
            outsize[0] + 2 * ph + sy * h + kh * dy,
            outsize[1] + 2 * pw + sx * w + kw * dx,
        )
    )
    cig = c_in // groups
    for i in range(h):
        for j in range(w):
            for u in range(kh):
                for v in range(kw):
                    for g in range(groups):
                        pix = x[:, g * cig : (g + 1) * cig, i, j]
                        canvas[:, g * cog : (g + 1) * cog, i * sy + u * dy, j * sx + v * dx] += (
                            pix @ W[g * cig : (g + 1) * cig, :, u, v]
                        )
    y = canvas[:, :, ph : ph + outsize[0], pw : pw + outsize[1]]
    if b is not None:
        y = y + b.astype(numpy.float64)[None, :, None, None]
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
    {"x_shape": (2, 3, 3, 2), "w_shape": (3, 2, 3, 3), "stride": 2, "pad": 1, "outsize": None,
     "kwargs": {}, "nobias": False},
    {"x_shape": (2, 4, 2, 3), "w_shape": (4, 1, 2, 3), "stride": (2, 1), "pad": 0,
     "outsize": (5, 7), "kwargs": {"groups": 2, "dilate": (1, 2)}, "nobias": True},
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
class TestDeconvolution2D(testing.FunctionTestCase):
    def setUp(self):
        set_tolerances(self, self.dtype)

    def generate_inputs(self):
        x = numpy.random.uniform(-1, 1, self.x_shape).astype(self.dtype)
        W = numpy.random.uniform(-1, 1, self.w_shape).astype(self.dtype)
        if self.nobias:
            return x, W
        c_out = self.w_shape[1] * self.kwargs.get("groups", 1)
        return x, W, numpy.random.uniform(-1, 1, c_out).astype(self.dtype)

    def forward(self, inputs, device):
        x, W = inputs[:2]
        b = inputs[2] if len(inputs) == 3 else None
        return (deconvolution_2d(x, W, b, self.stride, self.pad, self.outsize, **self.kwargs),)

    def forward_expected(self, inputs):
        x, W = inputs[:2]
        b = inputs[2] if len(inputs) == 3 else None
        dilate = self.kwargs.get("dilate", 1)
        groups = self.kwargs.get("groups", 1)
        y = naive_deconvolution_2d(x, W, b, self.stride, self.pad, self.outsize, dilate, groups)
        return (y.astype(self.dtype),)


def test_inverts_the_shape_of_convolution_2d():
    x = numpy.zeros((1, 3, 13, 13), numpy.float32)
    W = numpy.zeros((5, 3, 3, 3), numpy.float32)
    y = convolution_2d(x, W, stride=2, pad=1)
    back = deconvolution_2d(y, W, stride=2, pad=1, outsize=x.shape[2:])
    assert back.shape == x.shape


def test_use_cudnn_argument_was_removed():
    with pytest.raises(ValueError) as info:
        deconvolution_2d(
            numpy.zeros((1, 2, 3, 3), "f"), numpy.zeros((2, 2, 2, 2), "f"), use_cudnn=False
        )
    assert "deconvolution_2d: the use_cudnn argument is not supported anymore" in str(info.value)
