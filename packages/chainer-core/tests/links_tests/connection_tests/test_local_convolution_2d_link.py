"""L.LocalConvolution2D: forward against NumPy, parameter gradients, initializers, lazy shapes."""

import numpy
import pytest

import chainer
from chainer import initializers, testing
from chainer.links.connection.local_convolution_2d import LocalConvolution2D

_BACKENDS = [{}, {"use_cuda": True}]


def _pair(value):
    return tuple(value) if isinstance(value, tuple) else (value, value)


def local_reference(x, W, b, stride):
    """``y[n, o, i, j] = sum x[n, c, i s_y + u, j s_x + v] W[o, i, j, c, u, v] + b[o, i, j]``."""
    x, W = x.astype(numpy.float64), W.astype(numpy.float64)
    sy, sx = _pair(stride)
    c_out, out_h, out_w, _, kh, kw = W.shape
    y = numpy.zeros((x.shape[0], c_out, out_h, out_w))
    for i in range(out_h):
        for j in range(out_w):
            patch = x[:, :, i * sy : i * sy + kh, j * sx : j * sx + kw]
            y[:, :, i, j] = numpy.einsum("ncuv,ocuv->no", patch, W[:, i, j])
    if b is not None:
        y += b.astype(numpy.float64)[None]
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


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product_dict(
        [
            {"x_shape": (2, 3, 5, 4), "ksize": 3, "stride": 1},
            {"x_shape": (1, 2, 6, 5), "ksize": (2, 3), "stride": (2, 1)},
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
class TestLocalConvolution2D(testing.LinkTestCase):
    out_channels = 2

    def setUp(self):
        _tolerances(self)
        self.in_channels = self.x_shape[1]
        kh, kw = _pair(self.ksize)
        sy, sx = _pair(self.stride)
        self.out_size = ((self.x_shape[2] - kh) // sy + 1, (self.x_shape[3] - kw) // sx + 1)
        self.param_names = ("W",) if self.nobias else ("W", "b")

    def generate_params(self):
        shape = (self.out_channels,) + self.out_size + (self.in_channels,) + _pair(self.ksize)
        W = numpy.random.uniform(-1, 1, shape).astype(self.dtype)
        if self.nobias:
            return (W,)
        b_shape = (self.out_channels,) + self.out_size
        return W, numpy.random.uniform(-1, 1, b_shape).astype(self.dtype)

    def create_link(self, initializers):
        initial_bias = None if self.nobias else initializers[1]
        with chainer.using_config("dtype", self.dtype):
            return LocalConvolution2D(
                None if self.lazy else self.in_channels,
                self.out_channels,
                None if self.lazy else self.x_shape[2:],
                self.ksize,
                self.stride,
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
        return (local_reference(inputs[0], link.W.array, b, self.stride).astype(self.dtype),)


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(*testing.product({"lazy": [False, True]}))
class TestLocalConvolution2DInitializers(testing.LinkInitializersTestCase):
    param_names = ("W", "b")

    def generate_params(self):
        return initializers.Constant(0.5), initializers.Constant(0.25)

    def get_initializers(self):
        W = numpy.random.uniform(-1, 1, (2, 2, 3, 3, 2, 2)).astype(numpy.float32)
        b = numpy.arange(12, dtype=numpy.float32).reshape(2, 2, 3)
        return (
            [initializers.Constant(1.5), W, testing.InitializerArgument(2.0, 2.0)],
            [testing.InitializerArgument(None, 0), b],
        )

    def create_link(self, initializers):
        initialW, initial_bias = initializers
        if self.lazy:
            return LocalConvolution2D(
                None, 2, ksize=2, initialW=initialW, initial_bias=initial_bias
            )
        return LocalConvolution2D(3, 2, (3, 4), 2, initialW=initialW, initial_bias=initial_bias)

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, (2, 3, 3, 4)).astype(numpy.float32),)


def test_default_weight_is_lecun_normal_not_nan():
    numpy.random.seed(0)
    link = LocalConvolution2D(2, 3, 4, 3)
    numpy.random.seed(0)
    expected = numpy.empty((3, 2, 2, 2, 3, 3), numpy.float32)
    initializers.LeCunNormal()(expected)
    numpy.testing.assert_array_equal(link.W.array, expected)
    assert link.b.shape == (3, 2, 2)
    assert link.in_size == (4, 4)


def test_lazy_when_either_size_is_missing():
    link = LocalConvolution2D(2, 3, None, 2)
    assert link.W.array is None
    assert link(numpy.ones((1, 2, 4, 3), numpy.float32)).shape == (1, 3, 3, 2)
    assert link.W.shape == (3, 3, 2, 2, 2, 2) and link.in_size == (4, 3)


def test_lazy_input_must_match_in_size():
    link = LocalConvolution2D(None, 3, (4, 4), 2)
    with pytest.raises(ValueError, match=r"made for inputs of spatial size \(4, 4\)"):
        link(numpy.ones((1, 2, 5, 4), numpy.float32))


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "match"),
    [
        ((2, 3, 4), {}, TypeError, "ksize is required"),
        ((2, 3, 4, 5), {}, ValueError, r"filter \(5, 5\) does not fit"),
        ((2, 3, 4, 2), {"pad": 1}, TypeError, "unexpected keyword argument.*pad"),
        ((2, 3, (4, 4, 4), 2), {}, ValueError, "in_size must be an int or a sequence of 2"),
    ],
)
def test_bad_arguments(args, kwargs, error, match):
    with pytest.raises(error, match=match):
        LocalConvolution2D(*args, **kwargs)
