"""F.convolution_2d (with the dilate and groups keyword options)."""

import numpy
import pytest

from chainer import testing
from chainer.functions.connection.convolution_2d import convolution_2d
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


def _pair(v):
    return v if isinstance(v, tuple) else (v, v)


def naive_convolution_2d(x, W, b, stride, pad, cover_all, dilate, groups):
    """Four loops (output row, column, filter row, column) over zero-padded images, in float64."""
    x, W = x.astype(numpy.float64), W.astype(numpy.float64)
    (sy, sx), (ph, pw), (dy, dx) = _pair(stride), _pair(pad), _pair(dilate)
    n, c, h, w = x.shape
    c_out, _, kh, kw = W.shape
    extra_y, extra_x = (sy - 1, sx - 1) if cover_all else (0, 0)
    out_h = (h + 2 * ph - (kh - 1) * dy - 1 + extra_y) // sy + 1
    out_w = (w + 2 * pw - (kw - 1) * dx - 1 + extra_x) // sx + 1
    img = numpy.zeros((n, c, h + 2 * ph + sy + kh * dy, w + 2 * pw + sx + kw * dx))
    img[:, :, ph : ph + h, pw : pw + w] = x
    cg, og = c // groups, c_out // groups
    y = numpy.zeros((n, c_out, out_h, out_w))
    for i in range(out_h):
        for j in range(out_w):
            for u in range(kh):
                for v in range(kw):
                    for g in range(groups):
                        patch = img[:, g * cg : (g + 1) * cg, i * sy + u * dy, j * sx + v * dx]
                        y[:, g * og : (g + 1) * og, i, j] += (
                            patch @ W[g * og : (g + 1) * og, :, u, v].T
                        )
    if b is not None:
        y += b.astype(numpy.float64)[None, :, None, None]
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
    {"x_shape": (2, 3, 5, 4), "w_shape": (2, 3, 3, 3), "stride": 1, "pad": 1,
     "cover_all": False, "kwargs": {}, "nobias": False},
    {"x_shape": (2, 4, 6, 5), "w_shape": (6, 2, 2, 3), "stride": (2, 3), "pad": (0, 1),
     "cover_all": True, "kwargs": {"groups": 2}, "nobias": True},
    {"x_shape": (1, 2, 6, 6), "w_shape": (3, 2, 2, 2), "stride": 1, "pad": (2, 1),
     "cover_all": False, "kwargs": {"dilate": (2, 3)}, "nobias": False},
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
class TestConvolution2D(testing.FunctionTestCase):
    def setUp(self):
        set_tolerances(self, self.dtype)

    def generate_inputs(self):
        x = numpy.random.uniform(-1, 1, self.x_shape).astype(self.dtype)
        W = numpy.random.uniform(-1, 1, self.w_shape).astype(self.dtype)
        if self.nobias:
            return x, W
        return x, W, numpy.random.uniform(-1, 1, self.w_shape[0]).astype(self.dtype)

    def forward(self, inputs, device):
        x, W = inputs[:2]
        b = inputs[2] if len(inputs) == 3 else None
        return (convolution_2d(x, W, b, self.stride, self.pad, self.cover_all, **self.kwargs),)

    def forward_expected(self, inputs):
        x, W = inputs[:2]
        b = inputs[2] if len(inputs) == 3 else None
        dilate = self.kwargs.get("dilate", 1)
        groups = self.kwargs.get("groups", 1)
        y = naive_convolution_2d(x, W, b, self.stride, self.pad, self.cover_all, dilate, groups)
        return (y.astype(self.dtype),)


def _x(*shape):
    return numpy.zeros(shape, numpy.float32)


def test_alexnet_first_layer_shape():
    y = convolution_2d(_x(1, 3, 224, 224), _x(64, 3, 11, 11), stride=4, pad=2)
    assert y.shape == (1, 64, 55, 55)


def test_x_must_be_4d():
    with pytest.raises(type_check.InvalidType) as info:
        convolution_2d(_x(1, 3, 5), _x(2, 3, 3, 3))
    assert "x.ndim == 4" in str(info.value)


def test_deterministic_argument_was_removed():
    with pytest.raises(ValueError) as info:
        convolution_2d(_x(1, 3, 5, 5), _x(2, 3, 3, 3), deterministic=True)
    message = str(info.value)
    assert "convolution_2d: the deterministic argument is not supported anymore" in message
    assert "cudnn_deterministic" in message


def test_unknown_keyword_is_rejected():
    with pytest.raises(TypeError) as info:
        convolution_2d(_x(1, 3, 5, 5), _x(2, 3, 3, 3), dilation=2)
    assert "unexpected keyword argument(s) dilation" in str(info.value)


def test_stride_must_be_a_pair():
    with pytest.raises(ValueError) as info:
        convolution_2d(_x(1, 3, 5, 5), _x(2, 3, 3, 3), stride=(1, 1, 1))
    assert "convolution_2d: stride must be an int or a sequence of 2 ints" in str(info.value)
