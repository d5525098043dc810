"""L.DeformableConvolution2D and its sampler link: forward against NumPy, gradients."""

import itertools

import numpy
import pytest

import chainer
from chainer import gradient_check, initializers, testing
from chainer.links.connection.convolution_2d import Convolution2D
from chainer.links.connection.deformable_convolution_2d import (
    DeformableConvolution2D,
    DeformableConvolution2DSampler,
)

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


def _sample(img, rows, cols):
    """Bilinear reads of ``img`` (n, c, H, W) at ``rows``/``cols`` (n, h, w); zero outside."""
    n, c, height, width = img.shape
    r0, c0 = numpy.floor(rows), numpy.floor(cols)
    out = numpy.zeros((n, c) + rows.shape[1:])
    batch = numpy.arange(n)[:, None, None]
    for rr, wr in ((r0, 1 - (rows - r0)), (r0 + 1, rows - r0)):
        for cc, wc in ((c0, 1 - (cols - c0)), (c0 + 1, cols - c0)):
            inside = (rr >= 0) & (rr < height) & (cc >= 0) & (cc < width)
            ri = numpy.clip(rr, 0, height - 1).astype(int)
            ci = numpy.clip(cc, 0, width - 1).astype(int)
            values = img[batch, :, ri, ci]  # (n, h, w, c)
            out += numpy.moveaxis(values * (wr * wc * inside)[..., None], -1, 1)
    return out


def deformable_reference(x, offset, W, b, stride, pad):
    """Tap ``(u, v)`` at output ``(i, j)`` reads the padded input at ``(i s_y + u + dy, j s_x + v + dx)``."""  # noqa: E501
    x, offset, W = (a.astype(numpy.float64) for a in (x, offset, W))
    (sy, sx), (ph, pw) = _tuple(stride, 2), _tuple(pad, 2)
    n, c, h, w = x.shape
    c_out, _, kh, kw = W.shape
    out_h, out_w = offset.shape[2:]
    padded = numpy.zeros((n, c, h + 2 * ph, w + 2 * pw))
    padded[:, :, ph : ph + h, pw : pw + w] = x
    base_r = (numpy.arange(out_h) * sy)[None, :, None]
    base_c = (numpy.arange(out_w) * sx)[None, None, :]
    y = numpy.zeros((n, c_out, out_h, out_w))
    for k, (u, v) in enumerate(itertools.product(range(kh), range(kw))):
        rows = base_r + u + offset[:, kh * kw + k]
        cols = base_c + v + offset[:, k]
        y += numpy.einsum("nchw,oc->nohw", _sample(padded, rows, cols), W[:, :, u, v])
    if b is not None:
        y += b.astype(numpy.float64)[None, :, None, None]
    return y


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product_dict(
        [
            {"x_shape": (2, 3, 4, 5), "ksize": 2, "stride": 1, "pad": 0},
            {"x_shape": (1, 2, 5, 4), "ksize": (3, 2), "stride": (2, 1), "pad": (1, 0)},
        ],
        [
            {"dtype": numpy.float32, "nobias": False, "lazy": False},
            {"dtype": numpy.float64, "nobias": True, "lazy": False},
            {"dtype": numpy.float32, "nobias": False, "lazy": True},
        ],
    )
)
@testing.fix_random()
class TestDeformableConvolution2DSampler(testing.LinkTestCase):
    out_channels = 2
    dodge_nondifferentiable = True

    def setUp(self):
        _tolerances(self)
        self.in_channels = self.x_shape[1]
        kh, kw = _tuple(self.ksize, 2)
        (sy, sx), (ph, pw) = _tuple(self.stride, 2), _tuple(self.pad, 2)
        self.out_size = (
            (self.x_shape[2] + 2 * ph - kh) // sy + 1,
            (self.x_shape[3] + 2 * pw - kw) // sx + 1,
        )
        self.offset_shape = (self.x_shape[0], 2 * kh * kw) + self.out_size
        self.param_names = ("W",) if self.nobias else ("W", "b")

    def generate_params(self):
        shape = (self.out_channels, self.in_channels) + _tuple(self.ksize, 2)
        W = numpy.random.uniform(-1, 1, shape).astype(self.dtype)
        if self.nobias:
            return (W,)
        return W, numpy.random.uniform(-1, 1, self.out_channels).astype(self.dtype)

    def create_link(self, initializers):
        initial_bias = None if self.nobias else initializers[1]
        with chainer.using_config("dtype", self.dtype):
            return DeformableConvolution2DSampler(
                None if self.lazy else self.in_channels,
                self.out_channels,
                self.ksize,
                self.stride,
                self.pad,
                self.nobias,
                initializers[0],
                initial_bias,
            )

    def generate_inputs(self):
        x = numpy.random.uniform(-1, 1, self.x_shape).astype(self.dtype)
        offset = numpy.random.uniform(-1.5, 1.5, self.offset_shape).astype(self.dtype)
        return x, offset

    def forward(self, link, inputs, device):
        with chainer.using_config("dtype", self.dtype):
            return (link(*inputs),)

    def forward_expected(self, link, inputs):
        b = None if self.nobias else link.b.array
        x, offset = inputs
        y = deformable_reference(x, offset, link.W.array, b, self.stride, self.pad)
        return (y.astype(self.dtype),)


@testing.inject_backend_tests(None, _BACKENDS)
class TestDeformableConvolution2DSamplerInitializers(testing.LinkInitializersTestCase):
    param_names = ("W", "b")

    def generate_params(self):
        return initializers.Constant(0.5), initializers.Constant(0.25)

    def get_initializers(self):
        W = numpy.random.uniform(-1, 1, (2, 3, 2, 2)).astype(numpy.float32)
        return (
            [testing.InitializerArgument(None, 0), W],
            [testing.InitializerArgument(None, 0), numpy.arange(2, dtype=numpy.float32)],
        )

    def create_link(self, initializers):
        initialW, initial_bias = initializers
        return DeformableConvolution2DSampler(
            None, 2, 2, initialW=initialW, initial_bias=initial_bias
        )

    def generate_inputs(self):
        x = numpy.random.uniform(-1, 1, (1, 3, 3, 3)).astype(numpy.float32)
        return x, numpy.zeros((1, 8, 2, 2), numpy.float32)


def _deformable_link(in_channels, dtype=numpy.float64):
    with chainer.using_config("dtype", dtype):
        return DeformableConvolution2D(
            in_channels,
            2,
            (2, 3),
            stride=(1, 2),
            pad=1,
            offset_initialW=initializers.Uniform(0.3),
            offset_initial_bias=initializers.Uniform(0.5),
            deform_initialW=initializers.Uniform(1.0),
            deform_initial_bias=initializers.Uniform(1.0),
        )


@pytest.mark.parametrize("lazy", [False, True])
def test_deformable_convolution_forward(lazy):
    numpy.random.seed(0)
    link = _deformable_link(None if lazy else 3)
    x = numpy.random.uniform(-1, 1, (2, 3, 4, 5))
    with chainer.using_config("dtype", numpy.float64):
        y = link(x)
    conv = link.offset_conv
    offset = conv_reference(x, conv.W.array, conv.b.array, (1, 2), 1)
    assert offset.shape[1] == 2 * 2 * 3
    expected = deformable_reference(
        x, offset, link.deform_conv.W.array, link.deform_conv.b.array, (1, 2), 1
    )
    testing.assert_allclose(y.array, expected, atol=1e-12, rtol=1e-12)


def test_deformable_convolution_backward():
    numpy.random.seed(1)
    link = _deformable_link(3)
    x = numpy.random.uniform(-1, 1, (1, 3, 4, 3))
    gy = numpy.random.uniform(-1, 1, link(x).shape)
    link.cleargrads()
    with chainer.using_config("dtype", numpy.float64):
        gradient_check.check_backward(
            link,
            x,
            gy,
            params=tuple(link.params()),
            atol=1e-5,
            rtol=1e-4,
            detect_nondifferentiable=False,
        )


def test_structure_and_defaults():
    numpy.random.seed(2)
    link = DeformableConvolution2D(3, 4, 3, pad=1)
    assert isinstance(link.offset_conv, Convolution2D)
    assert link.offset_conv.W.shape == (18, 3, 3, 3)
    assert link.deform_conv.W.shape == (4, 3, 3, 3)
    # Chainer v7's defaults: the deformable filters start at zero, the offset filters random.
    assert not link.deform_conv.W.array.any()
    assert link.offset_conv.W.array.any()
    assert sorted(name for name, _ in link.namedparams()) == [
        "/deform_conv/W",
        "/deform_conv/b",
        "/offset_conv/W",
        "/offset_conv/b",
    ]
    nobias = DeformableConvolution2D(3, 4, 3, offset_nobias=True, deform_nobias=True)
    assert nobias.offset_conv.b is None and nobias.deform_conv.b is None


def test_zero_offsets_give_a_plain_convolution():
    numpy.random.seed(3)
    link = DeformableConvolution2D(
        2, 3, 2, offset_initialW=0, deform_initialW=initializers.Uniform(1.0)
    )
    x = numpy.random.uniform(-1, 1, (1, 2, 4, 4)).astype(numpy.float32)
    expected = conv_reference(x, link.deform_conv.W.array, link.deform_conv.b.array)
    testing.assert_allclose(link(x).array, expected, atol=1e-5, rtol=1e-5)


def test_bad_arguments():
    with pytest.raises(ValueError, match="DeformableConvolution2D: every entry of ksize"):
        DeformableConvolution2D(3, 4, 0)
    with pytest.raises(TypeError, match="DeformableConvolution2DSampler: out_channels"):
        DeformableConvolution2DSampler(3, None, 2)
