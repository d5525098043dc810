"""F.dilated_convolution_2d."""

import numpy

from chainer import testing
from chainer.functions.connection.dilated_convolution_2d import dilated_convolution_2d

_BACKENDS = [{}, {"use_cuda": True}]


def naive_dilated_convolution_2d(x, W, b, stride, pad, dilate, cover_all):
    """Loops over output pixels and filter taps ``dilate`` apart, in float64."""
    x, W = x.astype(numpy.float64), W.astype(numpy.float64)
    n, c, h, w = x.shape
    c_out, _, kh, kw = W.shape
    extra = stride - 1 if cover_all else 0
    out_h = (h + 2 * pad - (kh - 1) * dilate - 1 + extra) // stride + 1
    out_w = (w + 2 * pad - (kw - 1) * dilate - 1 + extra) // stride + 1
    img = numpy.zeros(
        (n, c, h + 2 * pad + stride + kh * dilate, w + 2 * pad + stride + kw * dilate)
    )
    img[:, :, pad : pad + h, pad : pad + w] = x
    y = numpy.zeros((n, c_out, out_h, out_w))
    for i in range(out_h):
        for j in range(out_w):
            for u in range(kh):
                for v in range(kw):
                    patch = img[:, :, i * stride + u * dilate, j * stride + v * dilate]
                    y[:, :, i, j] += patch @ W[:, :, u, v].T
    if b is not None:
        y += b.astype(numpy.float64)[None, :, None, None]
    return y


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product_dict(
        [
            {"stride": 1, "pad": 2, "dilate": 2, "cover_all": False, "nobias": False},
            {"stride": 2, "pad": 0, "dilate": 3, "cover_all": True, "nobias": True},
        ],
        testing.product(
            {"dtype": [numpy.float16, numpy.float32, numpy.float64], "contiguous": [None, "C"]}
        ),
    )
)
@testing.fix_random()
class TestDilatedConvolution2D(testing.FunctionTestCase):
    def setUp(self):
        if self.dtype == numpy.float16:
            self.check_forward_options = {"atol": 1e-2, "rtol": 1e-2}
            self.check_backward_options = {"atol": 5e-2, "rtol": 5e-2}
            self.check_double_backward_options = {"atol": 5e-2, "rtol": 5e-2}
        elif self.dtype == numpy.float32:
            self.check_forward_options = {"atol": 1e-5, "rtol": 1e-5}
            self.check_backward_options = {"atol": 1e-3, "rtol": 1e-3}
            self.check_double_backward_options = {"atol": 1e-3, "rtol": 1e-3}

    def generate_inputs(self):
        x = numpy.random.uniform(-1, 1, (2, 3, 7, 6)).astype(self.dtype)
        W = numpy.random.uniform(-1, 1, (2, 3, 2, 2)).astype(self.dtype)
        if self.nobias:
            return x, W
        return x, W, numpy.random.uniform(-1, 1, 2).astype(self.dtype)

    def forward(self, inputs, device):
        x, W = inputs[:2]
        b = inputs[2] if len(inputs) == 3 else None
        return (
            dilated_convolution_2d(x, W, b, self.stride, self.pad, self.dilate, self.cover_all),
        )

    def forward_expected(self, inputs):
        x, W = inputs[:2]
        b = inputs[2] if len(inputs) == 3 else None
        y = naive_dilated_convolution_2d(
            x, W, b, self.stride, self.pad, self.dilate, self.cover_all
        )
        return (y.astype(self.dtype),)
