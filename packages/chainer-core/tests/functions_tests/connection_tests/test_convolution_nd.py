"""F.convolution_nd, convolution_1d and convolution_3d, and the ConvolutionND node family."""

import itertools

import numpy
import pytest

import chainer
from chainer import _kernels, testing
from chainer.functions.connection.convolution_nd import (
    ConvolutionND,
    ConvolutionNDGradW,
    convolution_1d,
    convolution_3d,
    convolution_nd,
)
from chainer.functions.connection.deconvolution_nd import DeconvolutionND
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


def _tuple(value, ndim):
    return tuple(value) if isinstance(value, tuple) else (value,) * ndim


def naive_convolution(x, W, b, stride, pad, cover_all, dilate, groups):
    """Direct loops over output positions and kernel offsets, in float64."""
    x = x.astype(numpy.float64)
    W = W.astype(numpy.float64)
    ndim = x.ndim - 2
    s, p, d = _tuple(stride, ndim), _tuple(pad, ndim), _tuple(dilate, ndim)
    n, c_in = x.shape[:2]
    c_out, ksize = W.shape[0], W.shape[2:]
    out = []
    for a in range(ndim):
        span = x.shape[2 + a] + 2 * p[a] - (ksize[a] - 1) * d[a] - 1
        if cover_all:
            span += s[a] - 1
        out.append(span // s[a] + 1)
    cg, og = c_in // groups, c_out // groups
    y = numpy.zeros((n, c_out, *out))
    for pos in itertools.product(*(range(o) for o in out)):
        for j in itertools.product(*(range(k) for k in ksize)):
            src = [pos[a] * s[a] - p[a] + j[a] * d[a] for a in range(ndim)]
            if not all(0 <= src[a] < x.shape[2 + a] for a in range(ndim)):
                continue
            for g in range(groups):
                patch = x[(slice(None), slice(g * cg, (g + 1) * cg), *src)]  # (n, cg)
                w = W[(slice(g * og, (g + 1) * og), slice(None), *j)]  # (og, cg)
                y[(slice(None), slice(g * og, (g + 1) * og), *pos)] += patch @ w.T
    if b is not None:
        y += b.astype(numpy.float64).reshape((1, c_out) + (1,) * ndim)
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
    {"x_shape": (2, 4, 7), "w_shape": (3, 4, 3), "stride": 1, "pad": 0, "cover_all": False,
     "dilate": 1, "groups": 1, "nobias": False},
    {"x_shape": (2, 4, 9), "w_shape": (6, 2, 2), "stride": 3, "pad": 1, "cover_all": True,
     "dilate": 2, "groups": 2, "nobias": True},
    {"x_shape": (2, 4, 5, 6), "w_shape": (4, 2, 3, 2), "stride": (2, 1), "pad": (1, 0),
     "cover_all": True, "dilate": 1, "groups": 2, "nobias": False},
    # A 1 x 1 filter at stride 1: the patches are x itself.
    {"x_shape": (2, 4, 3, 4), "w_shape": (3, 4, 1, 1), "stride": 1, "pad": 0, "cover_all": False,
     "dilate": 1, "groups": 1, "nobias": False},
    {"x_shape": (2, 3, 6, 5), "w_shape": (2, 3, 2, 3), "stride": 1, "pad": 2, "cover_all": False,
     "dilate": 2, "groups": 1, "nobias": True},
    {"x_shape": (1, 2, 4, 3, 5), "w_shape": (2, 2, 2, 2, 3), "stride": (1, 2, 1), "pad": 1,
     "cover_all": False, "dilate": (1, 1, 2), "groups": 1, "nobias": False},
    {"x_shape": (2, 4, 3, 4, 3), "w_shape": (2, 2, 2, 1, 2), "stride": 2, "pad": 0,
     "cover_all": True, "dilate": 1, "groups": 2, "nobias": True},
]
# fmt: on


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product_dict(
        _CASES,
        testing.product(
            {
                "dtype": [numpy.float16, numpy.float32, numpy.float64],
                "contiguous": [None, "C"],
            }
        ),
    )
)
@testing.fix_random()
class TestConvolutionND(testing.FunctionTestCase):
    def setUp(self):
        set_tolerances(self, self.dtype)

    def generate_inputs(self):
        x = numpy.random.uniform(-1, 1, self.x_shape).astype(self.dtype)
        W = numpy.random.uniform(-1, 1, self.w_shape).astype(self.dtype)
        if self.nobias:
            return x, W
        return x, W, numpy.random.uniform(-1, 1, self.w_shape[0]).astype(self.dtype)

    def _call(self, func, inputs):
        x, W = inputs[:2]
        b = inputs[2] if len(inputs) == 3 else None
        return func(x, W, b, self.stride, self.pad, self.cover_all, self.dilate, self.groups)

    def forward(self, inputs, device):
        ndim = len(self.x_shape) - 2
        func = {1: convolution_1d, 3: convolution_3d}.get(ndim, convolution_nd)
        return (self._call(func, inputs),)

    def forward_expected(self, inputs):
        return (self._call(naive_convolution, inputs).astype(self.dtype),)


@pytest.mark.parametrize("nobias", [False, True])
def test_mixed_dtypes(nobias):
    """W may have another float dtype than x: the output and gx follow x, gW follows W."""
    x = chainer.Variable(numpy.random.uniform(-1, 1, (2, 3, 5, 4)).astype(numpy.float32))
    W = chainer.Variable(numpy.random.uniform(-1, 1, (4, 3, 2, 2)))
    b = None if nobias else chainer.Variable(numpy.ones(4, numpy.float32))
    y = convolution_nd(x, W, b, pad=1)
    assert y.dtype == numpy.float32
    b_array = None if b is None else b.array
    expected = naive_convolution(x.array, W.array, b_array, 1, 1, False, 1, 1)
    testing.assert_allclose(y.array, expected, atol=1e-5, rtol=1e-5)
    chainer.functions.sum(y * y).backward()
    assert x.grad.dtype == numpy.float32
    assert W.grad.dtype == numpy.float64


def test_empty_batch():
    x = chainer.Variable(numpy.zeros((0, 3, 5, 5), numpy.float32))
    W = chainer.Variable(numpy.random.uniform(-1, 1, (4, 3, 3, 3)).astype(numpy.float32))
    y = convolution_nd(x, W, pad=1)
    assert y.shape == (0, 4, 5, 5)
    y.grad = numpy.zeros(y.shape, numpy.float32)
    y.backward()
    assert x.grad.shape == x.shape
    assert W.grad.shape == W.shape and not W.grad.any()


def test_no_grad_for_x_skips_data_gradient():
    calls = []

    def record(node, inputs):
        calls.append(type(node))
        return node.forward(inputs)

    kernels = [
        _kernels.register_kernel(cls, "cpu", record)
        for cls in (ConvolutionND, DeconvolutionND, ConvolutionNDGradW)
    ]
    try:
        x = numpy.random.uniform(-1, 1, (2, 3, 5, 5)).astype(numpy.float32)
        W = chainer.Variable(numpy.random.uniform(-1, 1, (4, 3, 3, 3)).astype(numpy.float32))
        y = convolution_nd(x, W)
        y.grad = numpy.ones_like(y.array)
        y.backward()
        assert calls == [ConvolutionND, ConvolutionNDGradW]
        assert W.grad.shape == W.shape
    finally:
        for kernel in kernels:
            _kernels.unregister_kernel(kernel)


def test_each_computation_is_a_replaceable_node():
    """Forward, data gradient and filter gradient are separate nodes a backend can replace."""
    x = chainer.Variable(numpy.random.uniform(-1, 1, (2, 3, 5, 5)).astype(numpy.float32))
    W = chainer.Variable(numpy.random.uniform(-1, 1, (4, 3, 3, 3)).astype(numpy.float32))
    y = convolution_nd(x, W, stride=2, pad=1)
    y.grad = numpy.ones_like(y.array)
    y.backward()
    gx, gW = x.grad.copy(), W.grad.copy()

    def replaced(node, inputs):
        # A stand-in backend: the generic result, times 2, so that its use shows.
        return tuple(2 * a for a in node.forward(inputs))

    for cls, check in [
        (ConvolutionND, lambda y2, gx2, gW2: numpy.allclose(y2, 2 * y.array)),
        (DeconvolutionND, lambda y2, gx2, gW2: numpy.allclose(gx2, 2 * gx)),
        (ConvolutionNDGradW, lambda y2, gx2, gW2: numpy.allclose(gW2, 2 * gW)),
    ]:
        kernel = _kernels.register_kernel(cls, "cpu", replaced)
        try:
            x.cleargrad()
            W.cleargrad()
            y2 = convolution_nd(x, W, stride=2, pad=1)
            y2.grad = numpy.ones_like(y2.array)
            y2.backward()
            assert check(y2.array, x.grad, W.grad), cls
        finally:
            _kernels.unregister_kernel(kernel)


def test_grad_w_node_matches_reference():
    x = numpy.random.uniform(-1, 1, (2, 4, 6, 5))
    gy = numpy.random.uniform(-1, 1, (2, 6, 4, 3))
    node = ConvolutionNDGradW(2, (3, 2), (2, 2), (1, 0), True, (1, 1), 2, numpy.float32)
    (gW,) = node.apply((x, gy))
    assert gW.dtype == numpy.float32 and gW.shape == (6, 2, 3, 2)
    # <conv(x, W), gy> is linear in W with gradient gW.
    expected = numpy.zeros((6, 2, 3, 2))
    for idx in numpy.ndindex(*expected.shape):
        e = numpy.zeros((6, 2, 3, 2))
        e[idx] = 1
        expected[idx] = (naive_convolution(x, e, None, 2, (1, 0), True, 1, 2) * gy).sum()
    testing.assert_allclose(gW.array, expected, atol=1e-5, rtol=1e-5)


# -- errors -----------------------------------------------------------------


def _x(*shape, dtype=numpy.float32):
    return numpy.zeros(shape, dtype)


def test_int_input_is_invalid():
    with pytest.raises(type_check.InvalidType) as info:
        convolution_nd(_x(1, 2, 4, 4, dtype=numpy.int32), _x(3, 2, 2, 2))
    message = str(info.value).replace("'", "")
    assert "Invalid operation is performed in: ConvolutionND (Forward)" in message
    assert "x.dtype.kind == f" in message


def test_channel_mismatch_is_invalid():
    with pytest.raises(type_check.InvalidType) as info:
        convolution_nd(_x(1, 2, 4, 4), _x(3, 4, 2, 2))
    assert "x.shape[1] == W.shape[1] * 1" in str(info.value)


def test_groups_must_divide_output_channels():
    with pytest.raises(type_check.InvalidType) as info:
        convolution_nd(_x(1, 4, 4, 4), _x(3, 2, 2, 2), groups=2)
    assert "W.shape[0] % 2 == 0" in str(info.value)


def test_filter_ndim_mismatch_is_invalid():
    with pytest.raises(type_check.InvalidType) as info:
        convolution_nd(_x(1, 2, 4, 4), _x(3, 2, 2))
    assert "W.ndim == 4" in str(info.value)


def test_bias_shape_mismatch_is_invalid():
    with pytest.raises(type_check.InvalidType) as info:
        convolution_nd(_x(1, 2, 4, 4), _x(3, 2, 2, 2), _x(4))
    assert "b.shape[0] == W.shape[0]" in str(info.value)


def test_bias_dtype_mismatch_is_invalid():
    with pytest.raises(type_check.InvalidType) as info:
        convolution_nd(_x(1, 2, 4, 4), _x(3, 2, 2, 2), _x(3, dtype=numpy.float64))
    assert "b.dtype == x.dtype" in str(info.value)


def test_kernel_larger_than_input_is_invalid():
    with pytest.raises(type_check.InvalidType) as info:
        convolution_nd(_x(1, 2, 4, 4), _x(3, 2, 3, 3), dilate=2)
    message = str(info.value)
    assert "output size > 0" in message and "(5, 5)" in message


@pytest.mark.parametrize(
    "kwargs, error, words",
    [
        ({"stride": 0}, ValueError, "stride must be at least 1"),
        ({"stride": (1, 2, 3)}, ValueError, "stride must be an int or a sequence of 2 ints"),
        ({"pad": -1}, ValueError, "pad must be at least 0"),
        ({"pad": 1.5}, TypeError, "pad must be an int or a sequence of 2 ints"),
        ({"dilate": 0}, ValueError, "dilate must be at least 1"),
        ({"groups": 0}, ValueError, "groups must be at least 1"),
        ({"groups": 1.0}, TypeError, "groups must be an int"),
    ],
)
def test_bad_arguments(kwargs, error, words):
    with pytest.raises(error) as info:
        convolution_nd(_x(1, 2, 4, 4), _x(3, 2, 2, 2), **kwargs)
    assert "convolution_nd: " + words in str(info.value)


@pytest.mark.parametrize(
    "func, shape",
    [(convolution_1d, (1, 2, 4, 4)), (convolution_3d, (1, 2, 4)), (convolution_nd, (2, 3))],
)
def test_wrong_number_of_spatial_axes(func, shape):
    with pytest.raises(ValueError) as info:
        func(_x(*shape), _x(3, 2, 2))
    assert f"{func.__name__}: x must have shape (n, c, d_1, ...)" in str(info.value)
