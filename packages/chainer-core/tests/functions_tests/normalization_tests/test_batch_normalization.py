"""F.batch_normalization and F.fixed_batch_normalization: values, gradients, statistics, errors."""

import warnings

import numpy
import pytest

import chainer
from chainer import _kernels, testing
from chainer.functions.normalization.batch_normalization import (
    BatchNormalization,
    BatchNormalizationGrad,
    batch_normalization,
    fixed_batch_normalization,
)
from chainer.utils import type_check

_BACKENDS = [{}, {"use_cuda": True}]


def _options(case, dtype):
    if dtype == numpy.float16:
        case.check_forward_options = {"atol": 1e-2, "rtol": 1e-2}
        case.check_backward_options = {"atol": 5e-2, "rtol": 5e-2}
        case.check_double_backward_options = {"atol": 5e-2, "rtol": 5e-2}
    elif dtype == numpy.float32:
        case.check_forward_options = {"atol": 1e-5, "rtol": 1e-4}
        case.check_backward_options = {"atol": 1e-3, "rtol": 1e-3}
        case.check_double_backward_options = {"atol": 1e-3, "rtol": 1e-3}
    else:
        case.check_forward_options = {"atol": 1e-12, "rtol": 1e-10}
        case.check_backward_options = {"atol": 1e-6, "rtol": 1e-5}
        case.check_double_backward_options = {"atol": 1e-6, "rtol": 1e-5}


def _key_axes(x_ndim, gamma_ndim, axis):
    if axis is None:
        reduced = (0, *range(gamma_ndim + 1, x_ndim))
    else:
        reduced = tuple(a % x_ndim for a in ((axis,) if isinstance(axis, int) else axis))
    return tuple(sorted(reduced)), tuple(i for i in range(x_ndim) if i not in reduced)


def _bn_reference(x, gamma, beta, mean, var, eps, axis):
    """The normalized output in float64, gamma and beta laid along the kept axes."""
    reduced, kept = _key_axes(x.ndim, gamma.ndim, axis)
    shape = tuple(s if i in kept else 1 for i, s in enumerate(x.shape))
    x = x.astype(numpy.float64)
    g, b, m, v = (a.astype(numpy.float64).reshape(shape) for a in (gamma, beta, mean, var))
    return g * (x - m) / numpy.sqrt(v + eps) + b


# (x shape, gamma shape, axis)
_CASES = [
    ((5, 3), (3,), None),
    ((3, 4, 2), (4,), None),
    ((3, 2, 3, 2), (2, 3), None),
    ((2, 3, 4), (2,), (2, 1)),
    ((2, 3, 4), (2, 4), -2),
    ((3, 4, 2), (4, 2), 0),
]


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "case": _CASES,
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestBatchNormalization(testing.FunctionTestCase):
    eps = 2e-5

    def setUp(self):
        _options(self, self.dtype)
        self.x_shape, self.gamma_shape, self.axis = self.case

    def generate_inputs(self):
        x = numpy.random.uniform(-1, 1, self.x_shape).astype(self.dtype)
        gamma = numpy.random.uniform(0.5, 1.5, self.gamma_shape).astype(self.dtype)
        beta = numpy.random.uniform(-1, 1, self.gamma_shape).astype(self.dtype)
        return x, gamma, beta

    def forward(self, inputs, device):
        x, gamma, beta = inputs
        return (batch_normalization(x, gamma, beta, eps=self.eps, axis=self.axis),)

    def forward_expected(self, inputs):
        x, gamma, beta = inputs
        reduced, _ = _key_axes(x.ndim, gamma.ndim, self.axis)
        x64 = x.astype(numpy.float64)
        mean = x64.mean(axis=reduced)
        var = x64.var(axis=reduced)
        y = _bn_reference(x, gamma, beta, mean, var, self.eps, self.axis)
        return (y.astype(self.dtype),)


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(*testing.product({"contiguous": [None, "C"]}))
@testing.fix_random()
class TestBatchNormalizationMixedDtype(testing.FunctionTestCase):
    """A float16 input with float32 parameters (Chainer's mixed16 mode)."""

    def setUp(self):
        self.check_forward_options = {"atol": 1e-2, "rtol": 1e-2}
        self.check_backward_options = {"atol": 5e-2, "rtol": 5e-2}
        self.check_double_backward_options = {"atol": 5e-2, "rtol": 5e-2}

    def generate_inputs(self):
        x = numpy.random.uniform(-1, 1, (4, 3, 2)).astype(numpy.float16)
        gamma = numpy.random.uniform(0.5, 1.5, (3,)).astype(numpy.float32)
        beta = numpy.random.uniform(-1, 1, (3,)).astype(numpy.float32)
        return x, gamma, beta

    def forward(self, inputs, device):
        return (batch_normalization(*inputs),)

    def forward_expected(self, inputs):
        x, gamma, beta = inputs
        x64 = x.astype(numpy.float64)
        y = _bn_reference(x, gamma, beta, x64.mean(axis=(0, 2)), x64.var(axis=(0, 2)), 2e-5, None)
        return (y.astype(numpy.float16),)


@testing.inject_backend_tests(None, _BACKENDS)
@testing.parameterize(
    *testing.product(
        {
            "case": _CASES[:2] + _CASES[3:5],
            "dtype": [numpy.float16, numpy.float32, numpy.float64],
            "contiguous": [None, "C"],
        }
    )
)
@testing.fix_random()
class TestFixedBatchNormalization(testing.FunctionTestCase):
    eps = 1e-3

    def setUp(self):
        _options(self, self.dtype)
        self.x_shape, self.gamma_shape, self.axis = self.case

    def generate_inputs(self):
        x = numpy.random.uniform(-1, 1, self.x_shape).astype(self.dtype)
        gamma, beta, mean = (
            numpy.random.uniform(-1, 1, self.gamma_shape).astype(self.dtype) for _ in range(3)
        )
        var = numpy.random.uniform(0.5, 1.5, self.gamma_shape).astype(self.dtype)
        return x, gamma, beta, mean, var

    def forward(self, inputs, device):
        return (fixed_batch_normalization(*inputs, eps=self.eps, axis=self.axis),)

    def forward_expected(self, inputs):
        y = _bn_reference(*inputs, self.eps, self.axis)
        return (y.astype(self.dtype),)


# -- running statistics -----------------------------------------------------------------


@pytest.mark.parametrize(
    "x_dtype, stat_dtype",
    [
        (numpy.float64, numpy.float64),
        (numpy.float32, numpy.float32),
        (numpy.float16, numpy.float16),
        (numpy.float16, numpy.float32),
    ],
)
def test_running_statistics_are_updated_in_place(x_dtype, stat_dtype):
    rng = numpy.random.default_rng(0)
    x = rng.uniform(-1, 3, (4, 3, 5)).astype(x_dtype)
    gamma = numpy.ones(3, stat_dtype)
    beta = numpy.zeros(3, stat_dtype)
    running_mean = rng.uniform(-1, 1, 3).astype(stat_dtype)
    running_var = rng.uniform(0.5, 1.5, 3).astype(stat_dtype)
    mean0, var0 = running_mean.copy(), running_var.copy()
    mean_ref, var_ref = running_mean, running_var

    batch_normalization(
        x, gamma, beta, running_mean=running_mean, running_var=running_var, decay=0.8
    )

    x64 = x.astype(numpy.float64)
    m = 4 * 5
    expected_mean = 0.8 * mean0 + 0.2 * x64.mean(axis=(0, 2))
    expected_var = 0.8 * var0 + 0.2 * x64.var(axis=(0, 2)) * m / (m - 1)
    assert running_mean is mean_ref and running_var is var_ref
    assert running_mean.dtype == stat_dtype and running_var.dtype == stat_dtype
    tol = 2e-3 if numpy.float16 in (x_dtype, stat_dtype) else 1e-6
    numpy.testing.assert_allclose(running_mean, expected_mean, rtol=tol, atol=tol)
    numpy.testing.assert_allclose(running_var, expected_var, rtol=tol, atol=tol)


def test_running_statistics_with_axis_tuple():
    rng = numpy.random.default_rng(1)
    x = rng.normal(size=(2, 3, 4))
    running_mean = numpy.zeros((2, 4))
    running_var = numpy.ones((2, 4))
    batch_normalization(
        x,
        numpy.ones((2, 4)),
        numpy.zeros((2, 4)),
        running_mean=running_mean,
        running_var=running_var,
        axis=1,
    )
    numpy.testing.assert_allclose(running_mean, 0.1 * x.mean(axis=1))
    numpy.testing.assert_allclose(running_var, 0.9 + 0.1 * x.var(axis=1, ddof=1))


def test_single_element_statistics_warn_and_keep_variance_adjustment_finite():
    x = numpy.ones((1, 3), numpy.float32)
    running_var = numpy.ones(3, numpy.float32)
    with pytest.warns(UserWarning, match="batch of one sample"):
        y = batch_normalization(
            x,
            numpy.ones(3, numpy.float32),
            numpy.full(3, 0.5, numpy.float32),
            running_mean=numpy.zeros(3, numpy.float32),
            running_var=running_var,
        )
    numpy.testing.assert_array_equal(y.array, numpy.full((1, 3), 0.5, numpy.float32))
    numpy.testing.assert_allclose(running_var, 0.9)


def test_no_statistics_no_warning_for_a_real_batch():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        batch_normalization(numpy.ones((2, 3)), numpy.ones(3), numpy.zeros(3))


# -- graph structure and kernels --------------------------------------------------------


def test_backward_goes_through_the_grad_node_which_a_kernel_can_replace():
    x = chainer.Variable(numpy.random.default_rng(2).normal(size=(4, 3)))
    gamma = chainer.Variable(numpy.ones(3))
    beta = chainer.Variable(numpy.zeros(3))
    y = batch_normalization(x, gamma, beta)
    assert isinstance(y.creator, BatchNormalization)

    calls = []

    def fake_grad(node, inputs):
        calls.append(node)
        xa, g, gy = inputs
        return numpy.full_like(xa, 7.0), numpy.ones_like(g), numpy.ones_like(g)

    kernel = _kernels.register_kernel(BatchNormalizationGrad, "cpu", fake_grad)
    try:
        y.grad = numpy.ones((4, 3))
        y.backward()
    finally:
        _kernels.unregister_kernel(kernel)
    assert len(calls) == 1 and isinstance(calls[0], BatchNormalizationGrad)
    numpy.testing.assert_array_equal(x.grad, numpy.full((4, 3), 7.0))
    numpy.testing.assert_array_equal(beta.grad, numpy.ones(3))


def test_third_derivative_matches_finite_differences():
    # x -> sum(w * d/dx sum(v * d/dx sum(u * bn(x)))) is a third derivative of bn.
    rng = numpy.random.default_rng(3)
    gamma = rng.uniform(0.5, 1.5, 2)
    beta = rng.normal(size=2)
    u, v, w = (rng.normal(size=(4, 2)) for _ in range(3))

    def second(x_array):
        x = chainer.Variable(x_array)
        y = batch_normalization(x, gamma, beta)
        (gx,) = chainer.grad([chainer.functions.sum(y * u)], [x], enable_double_backprop=True)
        (ggx,) = chainer.grad([chainer.functions.sum(gx * v)], [x], enable_double_backprop=True)
        return x, chainer.functions.sum(ggx * w)

    x0 = rng.normal(size=(4, 2))
    x, s = second(x0)
    (g3,) = chainer.grad([s], [x])
    direction = rng.normal(size=(4, 2))
    h = 1e-5
    numeric = (second(x0 + h * direction)[1].array - second(x0 - h * direction)[1].array) / (2 * h)
    numpy.testing.assert_allclose((g3.array * direction).sum(), numeric, rtol=1e-4, atol=1e-6)


# -- errors -----------------------------------------------------------------------------


def test_int_input_is_invalid_and_named():
    with pytest.raises(type_check.InvalidType) as info:
        batch_normalization(numpy.ones((2, 3), numpy.int32), numpy.ones(3), numpy.zeros(3))
    assert "x.dtype.kind == f" in str(info.value).replace("'", "")


def test_gamma_shape_mismatch_is_invalid():
    with pytest.raises(type_check.InvalidType) as info:
        batch_normalization(numpy.ones((2, 3)), numpy.ones(4), numpy.zeros(4))
    assert "gamma.shape[0]" in str(info.value)


def test_beta_must_match_gamma():
    with pytest.raises(type_check.InvalidType) as info:
        batch_normalization(numpy.ones((2, 3)), numpy.ones(3), numpy.zeros(3, numpy.float32))
    assert "beta.dtype == gamma.dtype" in str(info.value)


def test_axis_out_of_range_is_invalid():
    with pytest.raises(type_check.InvalidType) as info:
        batch_normalization(numpy.ones((2, 3)), numpy.ones(3), numpy.zeros(3), axis=2)
    assert "axis == 2" in str(info.value)


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"train": True}, ValueError, "using_config"),
        ({"gamma2": 1}, TypeError, "gamma2"),
        ({"axis": 1.5}, TypeError, "axis must be"),
        ({"axis": (0, 0)}, ValueError, "twice"),
        ({"running_mean": numpy.zeros(3)}, ValueError, "together"),
    ],
)
def test_bad_keyword_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        batch_normalization(numpy.ones((2, 3)), numpy.ones(3), numpy.zeros(3), **kwargs)


def test_running_statistics_must_be_arrays_of_gamma_shape():
    x, gamma, beta = numpy.ones((2, 3)), numpy.ones(3), numpy.zeros(3)
    with pytest.raises(ValueError, match=r"running_mean must have shape \(3,\)"):
        batch_normalization(x, gamma, beta, running_mean=numpy.zeros(4), running_var=numpy.zeros(3))
    with pytest.raises(TypeError, match="not a Variable"):
        batch_normalization(
            x,
            gamma,
            beta,
            running_mean=chainer.Variable(numpy.zeros(3)),
            running_var=numpy.zeros(3),
        )


def test_fixed_statistics_must_match_gamma():
    with pytest.raises(type_check.InvalidType) as info:
        fixed_batch_normalization(
            numpy.ones((2, 3)), numpy.ones(3), numpy.zeros(3), numpy.zeros(2), numpy.ones(3)
        )
    assert "mean.shape == gamma.shape" in str(info.value)
